#!/usr/bin/env bash
# End to end: the running bot against the by-hand floor, both delivering to the same fake Bot API
# (self-hosted, 127.0.0.1) from the same media server (python3 http.server, 127.0.0.1).
#   remux:     a ~100 MB H.264/AAC MP4  -> bot: /video URL;  by hand: yt-dlp + ffmpeg -c copy
#              -movflags +faststart + curl sendVideo
#   transcode: a 10 s VP9/Opus WebM     -> bot: /video URL;  by hand: yt-dlp + ffmpeg libx264
#              veryfast CRF 23 + AAC 128k (the bot's settings, PostProcessor) + curl sendVideo
# The bot is started once (its JVM start is not measured); its time runs from the fake queueing
# the user's message (the bot's held long poll gets it at once) to the fake answering sendVideo. Each bot run asks from a new chat for a
# new URL (?run=N), so that no run is answered from Telegram's copy of an earlier one. Runs are
# interleaved pair by pair: bot, by hand, bot, by hand, after one warm-up job of each input. The
# bot's time is then split with the job's events (job_events in its SQLite database).
# Usage: bench/end-to-end.sh [PAIRS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}
work=$(mktemp -d)
# shellcheck source=bench/bot-harness.sh
. bench/bot-harness.sh
trap 'harness_stop; rm -rf "$work"' EXIT
harness_build

mkdir -p "$work/media" "$work/hand"
# ~100 MB in about a second: 2 s of lossless noise (about 18 MB) repeated without re-encoding.
ffmpeg -v error -y -f lavfi -i "nullsrc=s=640x360:r=25,geq=random(1)*255:128:128" \
  -f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -shortest \
  -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -c:a aac "$work/seg.mp4"
ffmpeg -v error -y -stream_loop 5 -i "$work/seg.mp4" -c copy "$work/media/remux.mp4"
ffmpeg -v error -y -f lavfi -i testsrc=size=640x360:rate=25 -f lavfi -i sine=frequency=440 -t 10 \
  -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 1M -c:a libopus "$work/media/transcode.webm"

media_start "$work/media"
fake_start
bot_start "{ max_file_size_bytes: 314572800 }"
api="http://127.0.0.1:$fake_port/bot$BENCH_TOKEN"

# One job by the bot: prints "BOT_MS SENT_AT RECEIVED ANSWERED BYTES".
bot_run() { # CHAT URL
  fake send "$1" "/video $2"
  local sent_at=${reply##* }
  FAKE_WAIT=320 fake wait-video "$1" 300
  [[ $reply == video* ]] || die "the bot delivered nothing to chat $1: $reply"
  read -r _ _ _ received answered bytes <<<"$reply"
  echo "$((answered - sent_at)) $sent_at $received $answered $bytes"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The same by hand: prints "MS BYTES YTDLP_MS FFMPEG_MS CURL_MS".
hand_run() { # CHAT URL INPUT_EXT CASE
  rm -rf "$work/hand"/*
  local s d c e
  s=$(now_ms)
  yt-dlp --no-progress -q -o "$work/hand/in.$3" "$2"
  d=$(now_ms)
  if [ "$4" = remux ]; then
    ffmpeg -v error -y -i "$work/hand/in.$3" -c copy -movflags +faststart "$work/hand/out.mp4"
  else
    ffmpeg -v error -y -i "$work/hand/in.$3" -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p \
      -c:a aac -b:a 128k -movflags +faststart "$work/hand/out.mp4"
  fi
  c=$(now_ms)
  curl -sf -o /dev/null -F chat_id="$1" -F video=@"$work/hand/out.mp4" "$api/sendVideo"
  e=$(now_ms)
  fake wait-video "$1" 10
  [[ $reply == video* ]] || die "the by-hand upload to chat $1 was not taken: $reply"
  echo "$((e - s)) ${reply##* } $((d - s)) $((c - d)) $((e - c))"
}

# One job of each input first, not counted: the first job after start loads and compiles the code
# of the download, conversion and upload paths (JIT), which a bot that has run a while has done.
read -r warm_remux _ < <(bot_run 6001 "http://127.0.0.1:$media_port/remux.mp4?run=warm-up")
read -r warm_transcode _ < <(bot_run 6002 "http://127.0.0.1:$media_port/transcode.webm?run=warm-up")
sleep 1

echo "pairs: $pairs; remux input $(($(stat -c %s "$work/media/remux.mp4") / 1000000)) MB," \
  "transcode input $(($(stat -c %s "$work/media/transcode.webm") / 1000)) kB"
echo "warm-up jobs (not counted): remux $warm_remux ms, transcode $warm_transcode ms"
printf '%-9s %4s %9s %9s %6s\n' case pair bot_ms hand_ms ratio
: >"$work/runs.txt"
run=0
for ((pair = 1; pair <= pairs; pair++)); do
  for case in remux transcode; do
    ext=$([ "$case" = remux ] && echo mp4 || echo webm)
    run=$((run + 1))
    url="http://127.0.0.1:$media_port/$case.$ext?run=$run"
    read -r bot_ms sent_at received answered bot_bytes < <(bot_run $((7000 + run)) "$url")
    sleep 1   # the bot's after-send work (status message, JOB_COMPLETED) is not the floor's
    read -r hand_ms hand_bytes ytdlp_ms ffmpeg_ms curl_ms < <(hand_run $((8000 + run)) "$url" "$ext" "$case")
    ratio=$(awk -v b="$bot_ms" -v h="$hand_ms" 'BEGIN {printf "%.2f", b / h}')
    printf '%-9s %4d %9d %9d %6s\n' "$case" "$pair" "$bot_ms" "$hand_ms" "$ratio"
    echo "$case $((7000 + run)) $bot_ms $hand_ms $sent_at $received $answered $bot_bytes $hand_bytes $ytdlp_ms $ffmpeg_ms $curl_ms" >>"$work/runs.txt"
    sleep 1
  done
done

python3 - "$work/runs.txt" "$work/data/archiver.db" <<'EOF'
import sqlite3, statistics, sys

runs = [line.split() for line in open(sys.argv[1])]
db = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)
# The bot's time, stage by stage: (name, from, to); the ends are the fake's own times.
stages = [
    ("intake", "SENT", "JOB_CREATED"),
    ("queue", "JOB_CREATED", "WORKER_ASSIGNED"),
    ("metadata", "METADATA_FETCH_STARTED", "METADATA_FETCH_FINISHED"),
    ("download", "DOWNLOAD_STARTED", "DOWNLOAD_FINISHED"),
    ("convert", "POSTPROCESS_STARTED", "POSTPROCESS_FINISHED"),
    ("validate", "POSTPROCESS_FINISHED", "OUTPUT_VALIDATED"),
    ("to upload", "TELEGRAM_SEND_STARTED", "RECEIVED"),
    ("upload", "RECEIVED", "ANSWERED"),
]
def median(xs):
    return statistics.median(xs) if xs else float("nan")

print()
for case in ("remux", "transcode"):
    mine = [r for r in runs if r[0] == case]
    ratios = sorted(int(r[2]) / int(r[3]) for r in mine)
    print(f"{case}: bot/hand ratio min {ratios[0]:.2f}  median {median(ratios):.2f}  max {ratios[-1]:.2f}"
          f"  (bot median {median([int(r[2]) for r in mine]):.0f} ms, by hand {median([int(r[3]) for r in mine]):.0f} ms;"
          f" uploads {int(mine[0][7]) // 1000} kB by the bot, {int(mine[0][8]) // 1000} kB by hand)")
    split = {name: [] for name, _, _ in stages}
    split["between stages"] = []
    for r in mine:
        chat, total, sent, received, answered = int(r[1]), int(r[2]), int(r[4]), int(r[5]), int(r[6])
        (job,) = db.execute("SELECT id FROM jobs WHERE chat_id = ? ORDER BY id LIMIT 1", (chat,)).fetchone()
        at = {"SENT": sent, "RECEIVED": received, "ANSWERED": answered}
        for event, created in db.execute(
                "SELECT event_type, created_at FROM job_events WHERE job_id = ? ORDER BY id", (job,)):
            at.setdefault(event, created)   # the first of each kind
        accounted = 0
        for name, start, end in stages:
            split[name].append(at[end] - at[start])
            accounted += at[end] - at[start]
        split["between stages"].append(total - accounted)
    print("  bot's time split, medians in ms: " + ", ".join(f"{k} {median(v):.0f}" for k, v in split.items()))
    print("  by hand, medians in ms: " + ", ".join(
        f"{name} {median([int(r[i]) for r in mine]):.0f}" for name, i in (("yt-dlp", 9), ("ffmpeg", 10), ("curl", 11))))
EOF
