#!/usr/bin/env bash
# Jobs per second through submit -> COMPLETED with an instant processor (real SQLite, real
# scheduler and workers), and the scheduler's pick latency.
# Usage: bench/orchestration-throughput.sh [JOBS [WARMUP_JOBS]]
# BENCH_JAVA_OPTS may set -Dbench.parallel=N (max_parallel_jobs) and -Dbench.queue=N
# (max_queue_length); e.g. the older cold method: BENCH_JAVA_OPTS=-Dbench.queue=1000000 ... 2000 0
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/find-jdk)"; export JAVA_HOME
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m ${BENCH_JAVA_OPTS:-} \
  -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  archiver.core.OrchestrationBenchmark "${1:-4000}" "${2:-4000}"
