#!/usr/bin/env bash
# Start-up and footprint of the packaged main job (BENCHMARKS.md section 4).
# Needs target/octane-routes.jar (mvn -B -DskipTests package). Prints, per variant and run,
# the time from `java -jar` to /observe/health/ready answering 200, and the resident memory
# (VmRSS) then. Talks to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/octane-routes.jar
RUNS=${RUNS:-5}
PORT=18080
SIMPORT=18089

measure() { # $1 label, rest: extra args
  local label=$1; shift
  local dir; dir=$(mktemp -d)
  local start; start=$(date +%s%N)
  java -Xmx512m -jar "$JAR" --server.host=127.0.0.1 --server.port=$PORT --intake.http.api-key=bench \
    --intake.dir="$dir/inbox" --events.dir="$dir/outbox" --broker.data-dir="$dir/broker" --db.data-dir="$dir/db" "$@" \
    > "$dir/app.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/observe/health/ready"; do
    kill -0 $pid 2>/dev/null || { echo "$label: the application exited, see $dir/app.log"; return 1; }
    sleep 0.05
  done
  local ready; ready=$(( ($(date +%s%N) - start) / 1000000 ))
  local rss; rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "STARTUP $label ready_ms=$ready rss_mb=$((rss / 1024))"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
}

for i in $(seq "$RUNS"); do
  measure "embedded-broker+db+simulator"
done
# the simulator in its own JVM, as a real Octane would be: the job without it
java -cp "$JAR" io.octaneroutes.sim.SimulatorMain --port=$SIMPORT > /dev/null 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$SIMPORT/tiab/UtbOrder?wsdl"; do sleep 0.05; done
for i in $(seq "$RUNS"); do
  measure "embedded-broker+db,external-octane" --octane.simulator.enabled=false \
    --octane.soap.url=http://127.0.0.1:$SIMPORT/tiab --octane.rest.url=http://127.0.0.1:$SIMPORT/tiab/api
done
