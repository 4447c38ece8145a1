#!/usr/bin/env bash
# How soon an edge shows its origin's frames again after the origin was away (issue 15): one nats-server,
# an origin and an edge on 127.0.0.1; the origin is stopped for OUTAGE seconds and started again.
# Prints when the origin's first frame was on NATS (read by examples/python/nats_frames.py) and when the
# edge's camera was live again (its /state), both counted from the origin's restart.
#
# Usage (from anywhere): deploy/sim/resume.sh [OUTAGE_SECONDS]   (default 60; needs nats-server, curl,
# jq, bc, and /usr/bin/python3 with python3-protobuf and python3-grpc-tools). Ports 4299, 50161, 50162, 8199.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
outage=${1:-60}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; echo "logs: $work"' EXIT

"$root/camstream" --version >/dev/null # builds first when the sources changed
/usr/bin/python3 -m grpc_tools.protoc -I "$root/proto" --python_out="$work" camstream/v1/camstream.proto
nats-server -a 127.0.0.1 -p 4299 >"$work/nats.log" 2>&1 &
sleep 0.5
start_origin() {
    "$root/camstream" server --source front=pattern --nats nats://127.0.0.1:4299 --port 50161 --no-http \
        >>"$work/origin.log" 2>&1 &
    origin=$!
}
live() { curl -s 127.0.0.1:8199/state | jq -r '.cameras[0].live' 2>/dev/null || echo unknown; }
start_origin
"$root/camstream" server --source front=nats://127.0.0.1:4299/front --port 50162 --http-port 8199 \
    >"$work/edge.log" 2>&1 &
for _ in $(seq 150); do [ "$(live)" = true ] && break; sleep 0.2; done
[ "$(live)" = true ] || { echo "the edge never showed the origin's frames" >&2; exit 1; }
kill "$origin"; wait "$origin" 2>/dev/null || true
for _ in $(seq 100); do [ "$(live)" = false ] && break; sleep 0.1; done
echo "origin stopped; edge live: $(live); waiting ${outage} s"
sleep "$outage"
( PYTHONPATH=$work /usr/bin/python3 "$root/examples/python/nats_frames.py" --count 1 nats://127.0.0.1:4299 front \
    >/dev/null && date +%s.%N >"$work/first-on-nats" ) &
sleep 0.5
restarted=$(date +%s.%N)
start_origin
for _ in $(seq 1200); do [ "$(live)" = true ] && break; sleep 0.05; done
back=$(date +%s.%N)
[ "$(live)" = true ] || { echo "the edge was not live a minute after the origin's restart" >&2; exit 1; }
for _ in $(seq 200); do [ -s "$work/first-on-nats" ] && break; sleep 0.05; done
[ -s "$work/first-on-nats" ] || { echo "no frame on NATS from the restarted origin" >&2; exit 1; }
printf 'outage %s s: origin'\''s first frame on NATS %.2f s after its restart, edge live again %.2f s after\n' \
    "$outage" "$(echo "$(cat "$work/first-on-nats") - $restarted" | bc)" "$(echo "$back - $restarted" | bc)"
