#!/usr/bin/env bash
# Start-up and footprint of the packaged main job (BENCHMARKS.md section 4).
# Needs target/octane-routes.jar (mvn -B -DskipTests package). Prints, per variant and run,
# the time from `java -jar` to /observe/health/ready answering 200, and the resident memory
# (VmRSS) of the job's JVM then. Talks to 127.0.0.1 only.
#
# Variants (VARIANTS, space-separated, default all three, in this order):
#   embedded        embedded-broker+db+simulator        everything inside the job's JVM
#   external-octane embedded-broker+db,external-octane  the Octane simulator in its own JVM
#   external-all    external-broker+db+octane           the simulator in its own JVM, plus a
#                   throw-away PostgreSQL 15 cluster and a throw-away Apache Artemis broker
# The external pieces are started once, before the runs that need them (their own start-up
# is not part of the figures), and torn down when the script exits.
#
#   RUNS=5 bench/startup.sh                      # all variants, 5 runs each
#   RUNS=1 VARIANTS=external-all bench/startup.sh
#   CDS=1 RUNS=3 VARIANTS=embedded bench/startup.sh
#   JAR=/tmp/older.jar RUNS=3 VARIANTS=embedded bench/startup.sh   # another build, side by side
# CDS=1: class-data sharing (AppCDS) for the packaged jar. One training run (not measured)
# starts the job to ready and stops it with -XX:ArchiveClassesAtExit=target/octane-routes.jsa
# (the jar's name with .jsa), then the measured runs start with -XX:SharedArchiveFile=that. JAVA_OPTS
# adds JVM options to every run.
#
# external-all needs the PostgreSQL 15 server binaries (PGBIN, default
# /usr/lib/postgresql/15/bin; run as root, the cluster runs as the `postgres` OS user) and
# downloads the Artemis distribution once with Maven into target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/octane-routes.jar}
JSA=${JAR%.jar}.jsa
RUNS=${RUNS:-5}
VARIANTS=${VARIANTS:-embedded external-octane external-all}
PORT=18080
SIMPORT=18089
PG_PORT=${PG_PORT:-15432}
BROKER_PORT=${BROKER_PORT:-61626}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
# throw-away credentials of the throw-away database and broker
DB_USER=octane DB_PASSWORD=octane-bench
BROKER_USER=octane BROKER_PASSWORD=octane-bench

for v in $VARIANTS; do
  case $v in embedded|external-octane|external-all) ;;
    *) echo "unknown variant '$v' (embedded, external-octane, external-all)" >&2; exit 2 ;;
  esac
done
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -B -DskipTests package" >&2; exit 1; }

# --- clean-up: whatever was started is stopped when the script exits, however it exits
APP= APP_DIR= SIM= BROKER= BROKER_DIR= PG_DIR=
cleanup() {
  set +e
  [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null
  [ -n "$APP_DIR" ] && rm -rf "$APP_DIR"
  [ -n "$SIM" ] && kill "$SIM" 2>/dev/null
  if [ -n "$BROKER" ]; then
    kill "$BROKER" 2>/dev/null && wait "$BROKER" 2>/dev/null
  fi
  [ -n "$BROKER_DIR" ] && rm -rf "$BROKER_DIR"
  if [ -n "$PG_DIR" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# true when something already listens on 127.0.0.1:$1
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# a leftover job or simulator on these ports would answer in place of the one measured
for p in $PORT $SIMPORT; do
  port_busy $p && { echo "127.0.0.1:$p is in use: stop what listens there first" >&2; exit 1; }
done

measure() { # $1 label, rest: extra args
  local label=$1; shift
  local dir; dir=$(mktemp -d); APP_DIR=$dir
  local start; start=$(date +%s%N)
  java -Xmx512m ${JAVA_OPTS:-} ${RUN_OPTS:-} -jar "$JAR" --server.host=127.0.0.1 --server.port=$PORT --intake.http.api-key=bench \
    --intake.dir="$dir/inbox" --events.dir="$dir/outbox" --broker.data-dir="$dir/broker" --db.data-dir="$dir/db" "$@" \
    > "$dir/app.log" 2>&1 &
  APP=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/observe/health/ready"; do
    kill -0 $APP 2>/dev/null || { echo "$label: the application exited, see $dir/app.log"; APP= APP_DIR=; return 1; }
    sleep 0.05
  done
  local ready; ready=$(( ($(date +%s%N) - start) / 1000000 ))
  local rss; rss=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
  # CPU spent by the job's JVM (all its threads: the JIT's too) until ready, in ms
  local cpu; cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' /proc/$APP/stat)
  # the first request after ready: an eSIM activation over HTTP, from POST to its 202 (accepted:
  # validated, journaled, queued), then to its first Octane step done (the first step-done event)
  local t0; t0=$(date +%s%N)
  sed 's/"demo-esim-0003"/"startup-first"/' examples/esim-activation-new-customer.json \
    | curl -fs -o /dev/null -H 'Content-Type: application/json' -H 'X-API-Key: bench' --data-binary @- \
      "http://127.0.0.1:$PORT/api/requests" || { echo "$label: the first request was refused"; return 1; }
  local accepted; accepted=$(( ($(date +%s%N) - t0) / 1000000 ))
  until ls "$dir/outbox" 2>/dev/null | grep -q 'startup-first-step-done'; do
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 30 ] || { echo "$label: no step done within 30 s"; break; }
    sleep 0.01
  done
  local stepped; stepped=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "STARTUP $label ready_ms=$ready cpu_ms=$cpu rss_mb=$((rss / 1024)) first_request_202_ms=$accepted first_step_done_ms=$stepped"
  kill $APP; wait $APP 2>/dev/null || true
  APP=
  rm -rf "$dir"; APP_DIR=
}

# --- the Octane simulator in its own JVM, as a real Octane would be
start_simulator() {
  [ -n "$SIM" ] && return 0
  java -cp "$JAR" io.octaneroutes.sim.SimulatorMain --port=$SIMPORT > /dev/null 2>&1 &
  SIM=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$SIMPORT/tiab/UtbOrder?wsdl"; do
    kill -0 $SIM 2>/dev/null || { echo "the simulator exited" >&2; SIM=; return 1; }
    sleep 0.05
  done
}
OCTANE_ARGS=(--octane.simulator.enabled=false
  --octane.soap.url=http://127.0.0.1:$SIMPORT/tiab --octane.rest.url=http://127.0.0.1:$SIMPORT/tiab/api)

# --- a throw-away PostgreSQL 15 cluster on 127.0.0.1:$PG_PORT with database `octane`
# PostgreSQL refuses to run as root: as root, its commands run as the `postgres` OS user.
# (from /: the postgres user may not be allowed into the current directory; all paths are absolute)
as_postgres() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
psql_admin() { # $1 database, rest: psql arguments; as the superuser, over the cluster's unix socket
  local db=$1; shift
  as_postgres "$PGBIN/psql" -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d "$db" "$@"
}
start_postgres() {
  port_busy "$PG_PORT" && { echo "127.0.0.1:$PG_PORT is in use (set PG_PORT)" >&2; return 1; }
  PG_DIR=$(mktemp -d)
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  # superuser `postgres`: unix socket only (trust, socket in $PG_DIR); TCP needs a password
  as_postgres "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --auth-host=scram-sha-256 \
    -E UTF8 --no-sync > "$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  as_postgres "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start > /dev/null \
    || { cat "$PG_DIR/postgres.log" >&2; return 1; }
  psql_admin postgres -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
}
# an empty database `octane` for each run, as the embedded variants start on an empty H2 file;
# owned by its user (PostgreSQL 15 no longer lets every user create tables in `public`)
fresh_database() {
  psql_admin postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS octane WITH (FORCE)" -c "CREATE DATABASE octane OWNER $DB_USER"
}
DB_ARGS=(--db.url=jdbc:postgresql://127.0.0.1:$PG_PORT/octane --db.username=$DB_USER --db.password=$DB_PASSWORD)

# --- a throw-away Apache Artemis broker on 127.0.0.1:$BROKER_PORT (no web console, login required)
ARTEMIS_TGZ=target/bench/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz
ARTEMIS_HOME=$PWD/target/bench/apache-artemis-$ARTEMIS_VERSION
start_broker() {
  port_busy "$BROKER_PORT" && { echo "127.0.0.1:$BROKER_PORT is in use (set BROKER_PORT)" >&2; return 1; }
  # the binary distribution from Maven Central, downloaded once and kept in target/bench
  if [ ! -f "$ARTEMIS_TGZ" ]; then
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin -DoutputDirectory=target/bench
  fi
  [ -x "$ARTEMIS_HOME/bin/artemis" ] || tar xzf "$ARTEMIS_TGZ" -C target/bench
  BROKER_DIR=$(mktemp -d)
  # the `artemis` acceptor (all protocols, incl. CORE used by the job) on 127.0.0.1 only; the
  # protocol-specific acceptors and the web console (jolokia) are left out
  "$ARTEMIS_HOME/bin/artemis" create --silent --force --name bench --host 127.0.0.1 --default-port "$BROKER_PORT" \
    --user "$BROKER_USER" --password "$BROKER_PASSWORD" --require-login --no-web --no-autotune \
    --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
    --java-memory 512M "$BROKER_DIR/instance" > "$BROKER_DIR/create.log" 2>&1 \
    || { cat "$BROKER_DIR/create.log" >&2; return 1; }
  "$BROKER_DIR/instance/bin/artemis" run > "$BROKER_DIR/broker.log" 2>&1 &
  BROKER=$!
  # AMQ221007: Server is now live (the acceptors are open)
  until grep -q AMQ221007 "$BROKER_DIR/broker.log"; do
    kill -0 $BROKER 2>/dev/null || { cat "$BROKER_DIR/broker.log" >&2; BROKER=; return 1; }
    sleep 0.1
  done
}
BROKER_ARGS=(--broker.url=tcp://127.0.0.1:$BROKER_PORT --broker.username=$BROKER_USER --broker.password=$BROKER_PASSWORD)

if [ "${CDS:-0}" = 1 ]; then
  rm -f "$JSA"
  RUN_OPTS=-XX:ArchiveClassesAtExit=$JSA measure "training run for the class-data archive (not a figure)"
  # the archive is written when the JVM exits
  [ -f "$JSA" ] || { echo "no class-data archive was written" >&2; exit 1; }
  RUN_OPTS=-XX:SharedArchiveFile=$JSA
fi

for variant in $VARIANTS; do
  case $variant in
    embedded)
      for i in $(seq "$RUNS"); do
        measure "embedded-broker+db+simulator"
      done ;;
    external-octane)
      start_simulator
      for i in $(seq "$RUNS"); do
        measure "embedded-broker+db,external-octane" "${OCTANE_ARGS[@]}"
      done ;;
    external-all)
      start_simulator
      if [ -z "$PG_DIR" ]; then start_postgres; fi
      if [ -z "$BROKER" ]; then start_broker; fi
      # the broker is shared by the runs (it keeps the auto-created addresses, no messages)
      for i in $(seq "$RUNS"); do
        fresh_database
        measure "external-broker+db+octane" "${OCTANE_ARGS[@]}" "${DB_ARGS[@]}" "${BROKER_ARGS[@]}"
      done ;;
  esac
done
