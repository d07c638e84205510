#!/usr/bin/env bash
# Runs one benchmark of src/test/java/io/octaneroutes/bench (BENCHMARKS.md) on the test
# classpath, against a freshly packaged target/octane-routes.jar. Talks to 127.0.0.1 only.
#   bench/run.sh RateBudgetBench -Dn=500 -Dk=20
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/run.sh <BenchClass> [-Dkey=value ...]" >&2; exit 2; }
main=$1; shift
mvn -B -q -DskipTests package
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java -Xmx2g "$@" -Doctane.jar=target/octane-routes.jar \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" "io.octaneroutes.bench.$main"
