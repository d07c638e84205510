#!/usr/bin/env bash
# Runs one benchmark of src/test/java/io/octaneroutes/bench (BENCHMARKS.md) on the test
# classpath, against a freshly packaged target/octane-routes.jar. Talks to 127.0.0.1 only.
#   bench/run.sh RateBudgetBench -Dn=500 -Dk=20
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/run.sh <BenchClass> [-Dkey=value ...]" >&2; exit 2; }
main=$1; shift
mvn -B -q -DskipTests package
# -DskipTests also skips the pom's unpack-artemis execution; the benchmarks that start a
# standalone broker (TestArtemis: ClusterRateBudgetBench) need target/artemis
[ -d target/artemis ] || mvn -B -q dependency:unpack@unpack-artemis
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
artemis_home=$( (ls -d target/artemis/apache-artemis-* 2>/dev/null || true) | head -1)
exec java -Xmx2g "$@" -Doctane.jar=target/octane-routes.jar -Doctane.artemis.home="$artemis_home" \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" "io.octaneroutes.bench.$main"
