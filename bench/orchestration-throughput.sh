#!/usr/bin/env bash
# Jobs per second through submit -> COMPLETED with an instant processor (real SQLite, real
# scheduler and workers), and the scheduler's pick latency. Usage: bench/orchestration-throughput.sh [JOBS [WARMUP_JOBS]]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/find-jdk)"; export JAVA_HOME
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m \
  -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  archiver.core.OrchestrationBenchmark "${1:-4000}" "${2:-4000}"
