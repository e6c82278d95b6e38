#!/usr/bin/env bash
# The best this machine's SQLite can do for the writes of a job (five write transactions, plain
# JDBC, one thread, no reads), with synchronous=NORMAL (what the bot uses) and OFF (for scale).
# The orchestration benchmark cannot beat this. Usage: bench/sqlite-write-floor.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/find-jdk)"; export JAVA_HOME
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m \
  -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  archiver.storage.SqliteWriteFloor "${1:-4000}"
