# Sourced by the bench scripts that run the real bot (`./archiver run`) against the fake Bot API
# of the tests (archiver.testing.FakeBotApiServer: a self-hosted Bot API on 127.0.0.1 driven by one
# command a line) and fetch media from a python3 http.server on 127.0.0.1.
# The sourcing script sets `work` (a temp folder it deletes) and calls harness_stop from its trap.
# Commands: media_start DIR; fake_start; fake COMMAND... (answer in $reply); bot_start LIMITS_YAML.

BENCH_TOKEN=123456:AAH-bench-token
fake_pid=
bot_pid=
media_pid=
reply=

harness_stop() {
  local pid
  for pid in "$bot_pid" "$fake_pid" "$media_pid"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "$bot_pid" "$fake_pid" "$media_pid"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Builds the jar (the launcher does when it is stale) and the test classes (the fake lives there).
harness_build() {
  JAVA_HOME="$(scripts/find-jdk)"; export JAVA_HOME
  ./archiver --version >/dev/null
  ./mvnw -q -B test-compile >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "test-compile failed"; }
}

# Serves DIR on 127.0.0.1; sets media_port.
media_start() {
  media_port=$((20000 + RANDOM % 20000))
  (cd "$1" && exec python3 -m http.server "$media_port" --bind 127.0.0.1 >/dev/null 2>&1) &
  media_pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$media_port/" -o /dev/null && return; sleep 0.1; done
  die "the media server did not start"
}

# Starts the fake Bot API with its command pipe on fd 7 and its answers on fd 8; sets fake_port.
fake_start() {
  mkfifo "$work/fake.in" "$work/fake.out"
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m -XX:TieredStopAtLevel=1 \
    -cp target/test-classes:target/archiver.jar archiver.testing.FakeBotApiServer "$BENCH_TOKEN" \
    <"$work/fake.in" >"$work/fake.out" 2>"$work/fake.err" &
  fake_pid=$!
  exec 7<>"$work/fake.in" 8<>"$work/fake.out"
  fake_read 30
  [[ $reply == ready* ]] || die "the fake Bot API did not start: $reply $(cat "$work/fake.err")"
  fake_port=${reply#ready }
}

fake_read() {
  reply=
  read -r -t "$1" reply <&8 || die "no answer from the fake Bot API within $1 s"
}

# Sends one command to the fake and reads its answer into $reply; waits up to FAKE_WAIT seconds.
fake() {
  echo "$*" >&7
  fake_read "${FAKE_WAIT:-30}"
}

# Writes $work/config.yaml (LIMITS_YAML is the `limits:` mapping) and starts the bot on it; returns
# when the bot holds its first long poll. Its JSON log goes to $work/bot.log.
bot_start() {
  mkdir -p "$work/data"
  cat >"$work/config.yaml" <<EOF
telegram: { api_base_url: "http://127.0.0.1:$fake_port" }
security: { allow_private_addresses: true, allow_http: true }
paths: { database: $work/data/archiver.db, tmp_root: $work/data/tmp, archive_root: $work/data/archive }
limits: $1
EOF
  TELEGRAM_BOT_TOKEN=$BENCH_TOKEN ./archiver --config "$work/config.yaml" run >"$work/bot.log" 2>&1 &
  bot_pid=$!   # the launcher execs java: this is the JVM
  FAKE_WAIT=70 fake wait-poll 60
  [ "$reply" = polling ] || die "the bot did not poll within 60 s: $(tail -5 "$work/bot.log")"
}
