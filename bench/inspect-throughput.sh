#!/usr/bin/env bash
# Throughput of `archiver inspect -` over N mixed links (default 10,000): wall time, links/s, max RSS.
# Usage: bench/inspect-throughput.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shapes=(
  "https://www.youtube.com/watch?v=%s&t=%ds"
  "https://youtu.be/%s?si=abc%d"
  "https://m.youtube.com/shorts/%s?feature=share&x=%d"
  "https://www.facebook.com/watch/?v=10%09d"
  "https://archive.org/details/lecture_%d"
  "https://media.example.org/audio/file%d.mp3"
  "http://127.0.0.1:%d/x.mp4"
  "ftp://example.org/%d"
  "https://evil.example/page%d"
)
ids=(dQw4w9WgXcQ 9bZkp7q5f_w kJQP7kiw5Fk JGwWNGJdvx8 OPf0YbXqDm0)
for ((i = 0; i < n; i++)); do
  shape=${shapes[$((i % ${#shapes[@]}))]}
  id=${ids[$((i % ${#ids[@]}))]}
  case "$shape" in
    *%s*) printf "$shape\n" "$id" "$i" ;;
    *) printf "$shape\n" "$i" ;;
  esac
done > "$work/links.txt"

./archiver doctor --quick > /dev/null 2>&1 || true   # builds the jar if needed
JAVA_HOME="$(scripts/find-jdk)"
for ((r = 1; r <= runs; r++)); do
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss" \
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 \
    --enable-native-access=ALL-UNNAMED -jar target/archiver.jar inspect - \
    < "$work/links.txt" > "$work/out.jsonl" 2>/dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  lines=$(wc -l < "$work/out.jsonl")
  accepted=$(grep -c '"accepted":true' "$work/out.jsonl" || true)
  echo "run $r: $lines links in ${ms} ms = $(( lines * 1000 / (ms > 0 ? ms : 1) )) links/s (accepted $accepted), max RSS $(( $(cat "$work/rss") / 1024 )) MB"
done
