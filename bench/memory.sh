#!/usr/bin/env bash
# The bot's memory as the default launcher runs it (`./archiver run`, its JVM flags): resident set
# size (RSS) of the JVM after 30 s idle, then while 3 jobs of ~200 MB H.264/AAC MP4s (downloaded
# from 127.0.0.1, remuxed, uploaded to the fake Bot API on 127.0.0.1) run at once from 3 chats,
# sampled every 0.5 s until all 3 were delivered. ffmpeg and ffprobe are other processes and not
# counted. Targets: idle <= 120 MB, peak <= 220 MB.
# Usage: bench/memory.sh [IDLE_SECONDS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
idle_seconds=${1:-30}
work=$(mktemp -d)
sampler=
# shellcheck source=bench/bot-harness.sh
. bench/bot-harness.sh
trap '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null; harness_stop; rm -rf "$work"' EXIT
harness_build

mkdir -p "$work/media"
# ~200 MB in about a second: 2 s of lossless noise (about 18 MB) repeated without re-encoding.
ffmpeg -v error -y -f lavfi -i "nullsrc=s=640x360:r=25,geq=random(1)*255:128:128" \
  -f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -shortest \
  -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -c:a aac "$work/seg.mp4"
ffmpeg -v error -y -stream_loop 10 -i "$work/seg.mp4" -c copy "$work/media/big.mp4"

media_start "$work/media"
fake_start
bot_start "{ max_parallel_jobs: 3, max_parallel_jobs_per_source: { GENERIC: 3 }, max_file_size_bytes: 314572800 }"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$bot_pid/status"; }
mb() { echo $(($1 / 1024)); }

sleep "$idle_seconds"
idle=$(rss_kb)

# Every 0.5 s for at most 10 minutes, until killed.
(for _ in $(seq 1200); do rss_kb >>"$work/rss.txt" || exit 0; sleep 0.5; done) &
sampler=$!
for chat in 9001 9002 9003; do
  fake send "$chat" "/video http://127.0.0.1:$media_port/big.mp4?chat=$chat"
done
for chat in 9001 9002 9003; do
  FAKE_WAIT=320 fake wait-video "$chat" 300
  [[ $reply == video* ]] || die "nothing delivered to chat $chat: $reply"
done
kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=
peak=$(sort -n "$work/rss.txt" | tail -1)
hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$bot_pid/status")

echo "jobs: 3 x $(($(stat -c %s "$work/media/big.mp4") / 1000000)) MB at once; $(wc -l <"$work/rss.txt") samples"
echo "idle RSS after ${idle_seconds} s:     $(mb "$idle") MiB  (target <= 120)"
echo "peak RSS during the jobs: $(mb "$peak") MiB  (target <= 220)"
echo "RSS after the jobs:       $(mb "$(rss_kb)") MiB   (high-water mark since start: $(mb "$hwm") MiB)"
