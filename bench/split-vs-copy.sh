#!/usr/bin/env bash
# Splitting a video over the 50 MiB upload limit into parts (Splitter: packet list, one cut
# with the segment muxer, a probe and a thumbnail per part) against the floor, a plain
# `ffmpeg -i in -c copy out.mp4` of the same file. Interleaved runs, medians printed.
# The default input is a ~72 MB H.264/AAC faststart MP4 (the test media's lossless noise: a
# keyframe every 2 s); INPUT may name another H.264 MP4.
# Usage: bench/split-vs-copy.sh [RUNS [INPUT]]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
JAVA_HOME="$(scripts/find-jdk)"; export JAVA_HOME
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./mvnw -q -B -DskipTests package >/dev/null   # target/archiver.jar and target/test-classes

if [ -n "${2:-}" ]; then
  in=$2
else
  ffmpeg -nostdin -v error -y -f lavfi -i "nullsrc=s=640x360:r=25,geq=random(1)*255:128:128" \
    -f lavfi -i sine=frequency=440:sample_rate=44100 -t 2 -c:v libx264 -preset ultrafast -qp 0 \
    -pix_fmt yuv420p -c:a aac -b:a 128k -shortest -f mp4 "$work/seed.mp4"
  ffmpeg -nostdin -v error -y -stream_loop 3 -i "$work/seed.mp4" -c copy -f mp4 "$work/looped.mp4"
  # What PostProcessor hands on: the same streams, index first.
  ffmpeg -nostdin -v error -y -i "$work/looped.mp4" -c copy -movflags +faststart "$work/in.mp4"
  rm "$work/seed.mp4" "$work/looped.mp4"
  in="$work/in.mp4"
fi
echo "input: $in, $(stat -c %s "$in") bytes"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" | head -1; }

for ((i = 0; i < runs; i++)); do
  rm -rf "$work/parts" "$work/copy.mp4"
  ms ffmpeg -nostdin -v error -y -i "$in" -c copy "$work/copy.mp4" >> "$work/copy.txt"
  rm -f "$work/copy.mp4"
  s=$(date +%s%N)
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Dlogback.configurationFile=bench/logback-quiet.xml \
    -cp target/test-classes:target/archiver.jar archiver.download.media.SplitTiming \
    "$in" "$work/parts" > "$work/run.txt"
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 )) >> "$work/process.txt"
  head -1 "$work/run.txt"
  for f in split cut ffprobe thumbnail; do field "${f}_ms" < "$work/run.txt" >> "$work/$f.txt"; done
done
tail -n +2 "$work/run.txt"
c=$(median < "$work/copy.txt"); sp=$(median < "$work/split.txt"); cut=$(median < "$work/cut.txt")
echo "runs: $runs (medians)"
echo "ffmpeg -c copy (the floor):        ${c} ms"
echo "Splitter.split (in the JVM):       ${sp} ms  ($(awk "BEGIN {printf \"%.1f\", $sp / $c}")x the copy)"
echo "  of which the cutting ffmpeg run: ${cut} ms  ($(awk "BEGIN {printf \"%.1f\", $cut / $c}")x the copy)"
echo "  ffprobe runs:                    $(median < "$work/ffprobe.txt") ms"
echo "  thumbnails:                      $(median < "$work/thumbnail.txt") ms"
echo "java process (JVM start included): $(median < "$work/process.txt") ms"
