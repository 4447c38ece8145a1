#!/usr/bin/env bash
# The native ceiling: libjpeg-turbo's own tjbench, one thread, compressing the same BGR test frames
# the JMH suite encodes, to gray and 4:2:0 JPEG at qualities 80 and 95.
#
# Usage: benchmarks/tjbench.sh [--benchtime SECONDS] [--repeat N] OUTPUT_FILE FRAME.ppm...
# Each setting runs N times (default 3) so that a reader (the report takes the fastest) can see
# past other load on a shared machine.
# Installs Debian's libjpeg-turbo-progs when tjbench is missing (needs root or sudo). Writes
# tjbench's tabular (-quiet) output to OUTPUT_FILE; exits non-zero when tjbench cannot be had.
set -euo pipefail

benchtime=1
repeat=3
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --benchtime) benchtime="$2" ;;
    --repeat) repeat="$2" ;;
    *) echo "tjbench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
if [[ $# -lt 2 ]]; then
  echo "usage: $0 [--benchtime SECONDS] [--repeat N] OUTPUT_FILE FRAME.ppm..." >&2
  exit 2
fi
output="$1"
shift

if ! command -v tjbench >/dev/null; then
  echo "tjbench: installing Debian's libjpeg-turbo-progs..." >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "tjbench: not installed, and installing it needs root or password-less sudo" >&2
      exit 1
    fi
  fi
  if ! { $sudo apt-get install -y -q libjpeg-turbo-progs >/dev/null 2>&1 \
         || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q libjpeg-turbo-progs >/dev/null; }; }; then
    echo "tjbench: could not install libjpeg-turbo-progs with apt-get" >&2
    exit 1
  fi
fi

# Warm-up of half the bench time primes caches and clocks; -componly skips decompression,
# -nowrite keeps file writes out of the timing. tjbench's default pixel format is BGR, the camera's.
: > "$output"
warmup="$(awk "BEGIN { print $benchtime / 2 }")"
for _ in $(seq "$repeat"); do
  for frame in "$@"; do
    for subsamp in gray 420; do
      for quality in 80 95; do
        tjbench "$frame" "$quality" -subsamp "$subsamp" -quiet -componly -nowrite \
          -benchtime "$benchtime" -warmup "$warmup" | tee -a "$output" | grep -E '^(BGR|RGB)' >&2
      done
    done
  done
done
echo "tjbench: $(dpkg-query -W -f='${Package} ${Version}' libjpeg-turbo-progs 2>/dev/null || tjbench 2>&1 | head -1)" >> "$output"
