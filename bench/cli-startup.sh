#!/usr/bin/env bash
# Start-up of short CLI commands against the by-hand floor, pair by pair (farm-bench --vs):
#   archiver inspect URL           vs  yt-dlp --version
#   archiver fetch URL (10 s clip) vs  yt-dlp URL (download only)
#   archiver inspect, no CDS archive vs with it (what the archive buys)
# The clip is served from 127.0.0.1. Usage: bench/cli-startup.sh [RUNS]   (default 9)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
here=$(pwd)
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
ffmpeg -v error -y -f lavfi -i testsrc=size=640x360:rate=25 -f lavfi -i sine=frequency=440 \
  -t 10 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$work/clip.mp4"
port=$((20000 + RANDOM % 20000))
(cd "$work" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/clip.mp4" -o /dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/clip.mp4"
printf 'security: { allow_private_addresses: true, allow_http: true }\npaths: { database: %s/db/a.db, tmp_root: %s/tmp, archive_root: %s/archive }\n' \
  "$work" "$work" "$work" > "$work/config.yaml"
./archiver --config "$work/config.yaml" jobs >/dev/null   # builds the jar, the archive and the database
JAVA_HOME="$(scripts/find-jdk)"

cat > "$work/inspect.sh" <<S
#!/bin/sh
exec "$here/archiver" --config "$work/config.yaml" inspect https://youtu.be/dQw4w9WgXcQ
S
cat > "$work/inspect-no-cds.sh" <<S
#!/bin/sh
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xms16m -Xmx256m -XX:TieredStopAtLevel=1 \
  -jar "$here/target/archiver.jar" --config "$work/config.yaml" inspect https://youtu.be/dQw4w9WgXcQ
S
cat > "$work/fetch.sh" <<S
#!/bin/sh
rm -rf "$work/out"; mkdir -p "$work/out"
exec "$here/archiver" --config "$work/config.yaml" fetch "$url" --out "$work/out"
S
cat > "$work/ytdlp.sh" <<S
#!/bin/sh
rm -rf "$work/by-hand"; mkdir -p "$work/by-hand"
exec yt-dlp --no-progress -q -o "$work/by-hand/clip.%(ext)s" "$url"
S
chmod +x "$work"/*.sh

pair() { # $1 title, $2 A, $3 B
  echo "== $1"
  farm-bench -n "$runs" --warmup 2 --timeout 600 --vs "$3" -- "$2" | grep -E '^(A|B|A/B) wall|^#|cores'
}
pair "inspect vs yt-dlp --version" "$work/inspect.sh" "yt-dlp --version"
pair "fetch vs yt-dlp download" "$work/fetch.sh" "$work/ytdlp.sh"
pair "inspect with the CDS archive vs without" "$work/inspect.sh" "$work/inspect-no-cds.sh"
