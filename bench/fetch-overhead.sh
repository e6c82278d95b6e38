#!/usr/bin/env bash
# The wrapper's overhead: `archiver fetch` of a direct H.264/AAC MP4 (download, remux to a
# faststart MP4, thumbnail, validation) against yt-dlp downloading the same file by hand, and
# against yt-dlp + the same ffmpeg remux by hand. Served from 127.0.0.1. Usage: bench/fetch-overhead.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
ffmpeg -v error -y -f lavfi -i testsrc=size=640x360:rate=25 -f lavfi -i sine=frequency=440 \
  -t 10 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$work/clip.mp4"
port=$((20000 + RANDOM % 20000))
(cd "$work" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/clip.mp4" -o /dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/clip.mp4"
mkdir -p "$work/run"
printf 'security: { allow_private_addresses: true, allow_http: true }\npaths: { database: %s/db/a.db, tmp_root: %s/tmp, archive_root: %s/archive }\n' \
  "$work" "$work" "$work" > "$work/config.yaml"
./archiver --config "$work/config.yaml" doctor --quick >/dev/null 2>&1 || true   # builds the jar

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

for ((i = 0; i < runs; i++)); do
  rm -rf "$work/run"/*
  ms ./archiver --config "$work/config.yaml" fetch "$url" --out "$work/run" >> "$work/fetch.txt"
  rm -rf "$work/run"/*
  ms yt-dlp --no-progress -q -o "$work/run/by-hand.%(ext)s" "$url" >> "$work/ytdlp.txt"
  ms ffmpeg -v error -y -i "$work/run/by-hand.mp4" -c copy -movflags +faststart "$work/run/remuxed.mp4" >> "$work/remux.txt"
done
f=$(median < "$work/fetch.txt"); y=$(median < "$work/ytdlp.txt"); r=$(median < "$work/remux.txt")
echo "runs: $runs (medians)"
echo "yt-dlp by hand:                   ${y} ms"
echo "yt-dlp + ffmpeg remux by hand:    $((y + r)) ms"
echo "archiver fetch (whole pipeline):  ${f} ms (JVM start included)"
