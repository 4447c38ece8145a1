#!/usr/bin/env bash
# Scale-out simulation (issue 15): an origin, a 3-node NATS cluster, two edges and their viewers, each
# a separate host in its own network namespace, on this one machine; prints what every viewer got and
# what every NATS node carried.
#
# Usage (as root, from anywhere): deploy/sim/run.sh [--size WxH] [--seconds N] [--viewers N]
#          [--no-netem] [--delay MS] [--loss PCT] [--no-decode] [--keep]
#   --size WxH    the origin camera's size (test pattern, 30 fps, default quality). Default 640x480.
#   --seconds N   how long each viewer watches. Default 30.
#   --viewers N   viewers per edge, each its own `camstream view` process. Default 2.
#   --no-netem    no delay or loss between the sites.
#   --delay MS, --loss PCT   the netem between the sites, each way. Default 20 ms and 1 %.
#   --no-decode   viewers check JPEG headers only (less CPU on a small machine).
#   --keep        after the table, leave everything running until Ctrl-C (then clean up as always).
#
# Hosts (one subnet, 10.77.0.0/24, nothing added to the root namespace but the namespaces):
#   site A  cs-origin  10.77.0.1   origin `camstream server --nats ...` + nats node 1
#   site B  cs-nats2   10.77.0.2   nats node 2
#           cs-nats3   10.77.0.3   nats node 3
#           cs-edge1   10.77.0.11  edge `camstream server --source cam=nats://...` (gRPC 50051, HTTP 8080)
#           cs-edge2   10.77.0.12  edge
#           cs-viewers 10.77.0.21  the viewers (half watch edge1, half edge2) and the script's monitoring
# Every host has one veth (eth0) into the namespace cs-core, which holds a bridge per site (br-a, br-b)
# and the one link between the sites, the veth pair wan-a (on br-a) and wan-b (on br-b). netem (delay
# and loss) sits on the egress of wan-a (site A to B) and of wan-b (B to A): every packet between the
# sites gets it once, each way (a round trip across costs 2 x delay); nothing inside a site does. So
# the origin's frames cross it exactly once, on a NATS route (node 1 to 2 or 3) or on an edge's own
# connection to node 1; the edges' NATS client picks a node of its list at random (see the table).
#
# Logs of every process, the viewers' JSON and the table go to a temporary directory, printed at the
# end and kept. Cleanup (processes, namespaces, bridges) runs on any exit: success, failure, Ctrl-C.
set -euo pipefail

size=640x480
seconds=30
viewers=2
netem=1
delay=20
loss=1
decode=1
keep=0

usage() { sed -n '6,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case "$1" in
    --size) size="${2:?--size needs WxH}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs N}"; shift 2 ;;
    --viewers) viewers="${2:?--viewers needs N}"; shift 2 ;;
    --no-netem) netem=0; shift ;;
    --delay) delay="${2:?--delay needs MS}"; shift 2 ;;
    --loss) loss="${2:?--loss needs PCT}"; shift 2 ;;
    --no-decode) decode=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || { echo "run.sh: --size must be WxH, got $size" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 5 ]] || { echo "run.sh: --seconds must be at least 5" >&2; exit 2; }
[[ "$viewers" =~ ^[0-9]+$ && "$viewers" -ge 1 ]] || { echo "run.sh: --viewers must be at least 1" >&2; exit 2; }
[[ "$delay" =~ ^[0-9]+([.][0-9]+)?$ && "$loss" =~ ^[0-9]+([.][0-9]+)?$ ]] \
  || { echo "run.sh: --delay and --loss take numbers" >&2; exit 2; }

if ((EUID != 0)); then
  echo "run.sh: needs root (network namespaces, veth, bridges, tc); try: sudo $0 $*" >&2
  exit 1
fi
for tool in nats-server ip tc curl jq java; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found; install it first" >&2; exit 1; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
logs="$(mktemp -d /tmp/camstream-sim.XXXXXX)"
camera=cam
subnet=10.77.0
declare -A addr=([cs-origin]=1 [cs-nats2]=2 [cs-nats3]=3 [cs-edge1]=11 [cs-edge2]=12 [cs-viewers]=21)
declare -A site=([cs-origin]=a [cs-nats2]=b [cs-nats3]=b [cs-edge1]=b [cs-edge2]=b [cs-viewers]=b)
hosts=(cs-origin cs-nats2 cs-nats3 cs-edge1 cs-edge2 cs-viewers)
namespaces=(cs-core "${hosts[@]}")
nats_ns=(cs-origin cs-nats2 cs-nats3)
edges=(cs-edge1 cs-edge2)
declare -A pid=()
wan=none
created=()

log() { printf '%s run.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  local name p
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null; done
  for _ in {1..50}; do
    local alive=0
    for p in "${pid[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for p in "${pid[@]}"; do kill -KILL "$p" 2>/dev/null; done
  for name in "${created[@]}"; do
    # Anything still running in a namespace this script made was started by it.
    for p in $(ip netns pids "$name" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    ip netns del "$name" 2>/dev/null
  done
  if ((status != 0)); then
    log "failed (status $status); logs kept in $logs"
  else
    log "logs in $logs"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for name in "${namespaces[@]}"; do
  if ip netns list | grep -qw "^$name"; then
    echo "run.sh: network namespace $name exists (another run, or a crashed one: ip netns del $name)" >&2
    exit 1
  fi
done

# Build the launcher's jars once, up front, outside the namespaces, when the launcher would (the same
# test as ./camstream's), serialized with other builds on this machine by the lock they share.
built=modules/cli/target/app/.built
if [[ ! -f "$built" || -n "$(find pom.xml proto modules -newer "$built" -type f \
      \( -path '*/src/main/*' -o -name pom.xml -o -name '*.proto' \) -not -path '*/target/*' -print -quit)" ]]; then
  log "building camstream (waits for other builds holding /tmp/camstream-build.lock)"
  flock /tmp/camstream-build.lock ./camstream --version >"$logs/build.log" 2>&1 \
    || { cat "$logs/build.log" >&2; exit 1; }
fi

# --- the network -----------------------------------------------------------------------------------
log "network: ${#hosts[@]} hosts on $subnet.0/24, sites A and B joined by wan-a/wan-b"
ip netns add cs-core; created+=(cs-core)
core() { ip -n cs-core "$@"; }
core link set lo up
for s in a b; do
  core link add "br-$s" type bridge
  core link set "br-$s" up
done
# The link between the sites: a veth pair with netem on both ends, or, where the kernel has no netem
# (CONFIG_NET_SCH_NETEM unset), two TAP devices joined by deploy/sim/wan.py, which delays and drops
# the same way in user space; plain veth with --no-netem.
wan=veth
if ((netem)); then
  ip -n cs-core link add wan-a type veth peer name wan-b
  if ip netns exec cs-core tc qdisc add dev wan-a root netem delay "${delay}ms" loss "${loss}%" 2>/dev/null; then
    ip netns exec cs-core tc qdisc add dev wan-b root netem delay "${delay}ms" loss "${loss}%"
    wan=netem
  else
    ip -n cs-core link del wan-a
    for link in wan-a wan-b; do ip -n cs-core tuntap add dev "$link" mode tap; done
    wan=relay
  fi
else
  core link add wan-a type veth peer name wan-b
fi
core link set wan-a master br-a up
core link set wan-b master br-b up
for host in "${hosts[@]}"; do
  ip netns add "$host"; created+=("$host")
  peer="v-${host#cs-}"
  core link add "$peer" type veth peer name eth0 netns "$host"
  core link set "$peer" master "br-${site[$host]}" up
  ip -n "$host" link set lo up
  ip -n "$host" addr add "$subnet.${addr[$host]}/24" dev eth0
  ip -n "$host" link set eth0 up
done

ip_of() { echo "$subnet.${addr[$1]}"; }
# The script's own probes run from the viewers' host.
probe() { ip netns exec cs-viewers curl -sf --max-time 2 "$@"; }

# start NAME NS CMD...: runs CMD in NS in the background, output to $logs/NAME.log.
start() {
  local name="$1" ns="$2"; shift 2
  ip netns exec "$ns" "$@" >"$logs/$name.log" 2>&1 &
  pid[$name]=$!
}

# wait_for WHAT SECONDS CMD...: polls CMD until it succeeds; fails if a started process died.
wait_for() {
  local what="$1" limit="$2"; shift 2
  local deadline=$((SECONDS + limit)) name
  until "$@"; do
    for name in "${!pid[@]}"; do
      if ! kill -0 "${pid[$name]}" 2>/dev/null && [[ "$name" != viewer* ]]; then
        log "$name exited while waiting for $what; its log:"
        tail -n 20 "$logs/$name.log" >&2
        exit 1
      fi
    done
    if ((SECONDS >= deadline)); then
      log "timed out after ${limit} s waiting for $what"
      exit 1
    fi
    sleep 0.2
  done
}

case "$wan" in
  netem) log "between the sites: netem delay ${delay} ms loss ${loss} % on wan-a and wan-b egress (each way)" ;;
  relay)
    log "between the sites: no netem in this kernel; wan.py delays ${delay} ms and drops ${loss} % each way"
    start wan cs-core python3 "$root/deploy/sim/wan.py" wan-a wan-b "$delay" "$loss"
    wait_for "wan.py" 10 grep -q '^wan:' "$logs/wan.log"
    ;;
  *) log "between the sites: plain veth, no delay or loss" ;;
esac

# --- NATS cluster ----------------------------------------------------------------------------------
routes=""
nats_urls=""
for ns in "${nats_ns[@]}"; do
  routes+="${routes:+,}nats://$(ip_of "$ns"):6222"
  nats_urls+="${nats_urls:+,}nats://$(ip_of "$ns"):4222"
done
for i in "${!nats_ns[@]}"; do
  ns="${nats_ns[$i]}"
  a="$(ip_of "$ns")"
  start "nats$((i + 1))" "$ns" nats-server -n "nats$((i + 1))" -a "$a" -p 4222 -m 8222 \
    --cluster "nats://$a:6222" --cluster_name camstream --routes "$routes"
done
routes_up() {
  local ns n
  for ns in "${nats_ns[@]}"; do
    n="$(probe "http://$(ip_of "$ns"):8222/routez" | jq -r '.num_routes')" || return 1
    ((n >= ${#nats_ns[@]} - 1)) || return 1
  done
}
wait_for "the NATS cluster's routes" 30 routes_up
log "NATS cluster up: $nats_urls"
# A TCP handshake takes one round trip: from the viewers' host to site A's node and to site B's.
rtt_ms() { probe -o /dev/null -w '%{time_connect}' "http://$1:8222/healthz" | awk '{printf "%.1f", $1 * 1000}'; }
log "round trip from site B: to site A $(rtt_ms "$(ip_of cs-origin)") ms, inside site B $(rtt_ms "$(ip_of cs-nats2)") ms"

# --- origin and edges ------------------------------------------------------------------------------
ready() { probe -o /dev/null "http://$1:8080/readyz"; }
origin_ip="$(ip_of cs-origin)"
start origin cs-origin ./camstream server --source "$camera=pattern" --size "$size" \
  --bind "$origin_ip" --port 50051 --http-port 8080 --nats "nats://$origin_ip:4222"
# The origin publishes to its own site's node. The edges get all three nodes, the edge site's first;
# their NATS client picks one at random (the table shows which), so a frame crosses between the sites
# once either way: on the route from node 1 or on the edge's own connection to node 1.
edge_source="nats://$(ip_of cs-nats2):4222,$(ip_of cs-nats3):4222,$origin_ip:4222/$camera"
for ns in "${edges[@]}"; do
  start "${ns#cs-}" "$ns" ./camstream server --source "$camera=$edge_source" \
    --bind "$(ip_of "$ns")" --port 50051 --http-port 8080
done
wait_for "the origin's camera" 90 ready "$origin_ip"
for ns in "${edges[@]}"; do
  wait_for "${ns#cs-} to get frames" 90 ready "$(ip_of "$ns")"
done
log "origin and edges live: $(probe "http://$(ip_of cs-edge1):8080/state" | jq -c '[.cameras[0].width, .cameras[0].height]' 2>/dev/null || true)"

# --- the window ------------------------------------------------------------------------------------
clk="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
snapshot() { # snapshot TAG: every node's /varz and every server process' CPU ticks
  local tag="$1" ns name
  date +%s.%N >"$logs/t.$tag"
  head -n 1 /proc/stat >"$logs/stat.$tag"
  for ns in "${nats_ns[@]}"; do
    probe "http://$(ip_of "$ns"):8222/varz" >"$logs/varz.$ns.$tag"
  done
  for name in "${!pid[@]}"; do
    [[ "$name" == ages ]] || cpu_ticks "${pid[$name]}" >"$logs/cpu.$name.$tag"
  done
  for ns in cs-origin "${edges[@]}"; do
    probe "http://$(ip_of "$ns"):8080/state" >"$logs/state.${ns#cs-}.$tag"
  done
}
# The age of each edge's newest frame (capture time to now), twice a second: what NATS and the link
# between the sites add, before the edge's own viewers (on average half a frame interval more).
sample_ages() {
  local ns
  while sleep 0.5; do
    for ns in "${edges[@]}"; do
      probe "http://$(ip_of "$ns"):8080/state" | jq -r '.cameras[0].latency_ms // empty' >>"$logs/age.${ns#cs-}" || true
    done
  done
}

flags=(--headless --json --seconds "$seconds")
((decode)) || flags+=(--no-decode)
viewer_names=()
for ns in "${edges[@]}"; do
  for ((v = 1; v <= viewers; v++)); do
    name="viewer-${ns#cs-}-$v"
    viewer_names+=("$name")
    start "$name" cs-viewers ./camstream view "${flags[@]}" --target "$(ip_of "$ns"):50051"
  done
done
log "${#viewer_names[@]} viewers watching for $seconds s each"
# The servers' and NATS' window: from when every viewer has frames to when the first one stops.
all_watching() {
  local name
  for name in "${viewer_names[@]}"; do grep -Eq '^[1-9][0-9]*x[0-9]+ ' "$logs/$name.log" || return 1; done
}
wait_for "every viewer's first frames" 60 all_watching
snapshot start
sample_ages &
pid[ages]=$!
# The first viewer to finish prints its summary and exits: end the window at the summary, while the
# others (started within the same second) still run.
one_done() {
  local name
  for name in "${viewer_names[@]}"; do
    grep -q '^{' "$logs/$name.log" && return 0
    kill -0 "${pid[$name]}" 2>/dev/null || return 0
  done
  return 1
}
until one_done; do sleep 0.1; done
kill "${pid[ages]}" 2>/dev/null; wait "${pid[ages]}" 2>/dev/null || true; unset "pid[ages]"
snapshot end
failed=0
for name in "${viewer_names[@]}"; do
  wait "${pid[$name]}" || { log "$name failed; its log: $logs/$name.log"; failed=1; }
  unset "pid[$name]"
done

# --- the table -------------------------------------------------------------------------------------
report="$logs/report.txt"
{
  echo "camstream NATS scale-out simulation: $size, $seconds s, ${#edges[@]} edges x $viewers viewers," \
    "between sites: $wan$( [[ $wan != veth ]] && echo " ${delay} ms / ${loss} % each way")," \
    "viewers $( ((decode)) && echo decode || echo "--no-decode"); $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-20s %-6s %7s %6s %8s %8s %8s %9s %9s\n' viewer edge frames fps p50_ms p99_ms skipped no_signal KiB/frame
  for name in "${viewer_names[@]}"; do
    edge="${name#viewer-}"; edge="${edge%-*}"
    json="$(tail -n 1 "$logs/$name.log")"
    if jq -e . >/dev/null 2>&1 <<<"$json"; then
      jq -r --arg n "$name" --arg e "$edge" \
        '[$n, $e, .frames, (.fps*10|round/10), (.latency_ms.p50*10|round/10), (.latency_ms.p99*10|round/10),
          .skipped, .no_signal, (if .frames > 0 then (.bytes/.frames/1024*10|round/10) else 0 end)]
         | @tsv' <<<"$json" | awk -F'\t' '{printf "%-20s %-6s %7s %6s %8s %8s %8s %9s %9s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9}'
    else
      printf '%-20s %-6s %s\n' "$name" "$edge" "no summary (see $logs/$name.log)"
    fi
  done
  echo
  t0="$(cat "$logs/t.start")"; t1="$(cat "$logs/t.end")"
  dt="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  printf 'NATS over %.1f s (from /varz deltas; CPU of the nats-server process, %% of one core)\n' "$dt"
  printf '%-6s %-11s %9s %9s %8s %8s %6s %8s  %s\n' node address in_msg/s out_msg/s in_MB/s out_MB/s cpu% clients connections
  for i in "${!nats_ns[@]}"; do
    ns="${nats_ns[$i]}"
    a="$(ip_of "$ns")"
    # Its clients, by the pid in their connection name ("camstream edge on HOST (pid N)"), as this script named them.
    conns=""
    for p in $(probe "http://$a:8222/connz" | jq -r '.connections[]?.name // "" | capture("pid (?<p>[0-9]+)").p' 2>/dev/null); do
      who="pid$p"
      for name in "${!pid[@]}"; do [[ "${pid[$name]}" == "$p" ]] && who="$name"; done
      conns+="${conns:+,}$who"
    done
    jq -n -r --slurpfile s "$logs/varz.$ns.start" --slurpfile e "$logs/varz.$ns.end" \
      --arg dt "$dt" --arg node "nats$((i + 1))" --arg a "$a" \
      --arg c0 "$(cat "$logs/cpu.nats$((i + 1)).start")" --arg c1 "$(cat "$logs/cpu.nats$((i + 1)).end")" \
      --arg clk "$clk" --arg conns "$conns" '
      ($dt|tonumber) as $dt | $s[0] as $s | $e[0] as $e |
      def r(k): ($e[k] - $s[k]) / $dt;
      [$node, $a, (r("in_msgs")|round), (r("out_msgs")|round),
       (r("in_bytes")/1e6*100|round/100), (r("out_bytes")/1e6*100|round/100),
       ((($c1|tonumber) - ($c0|tonumber)) / ($clk|tonumber) / $dt * 100 | round), $e.connections, $conns] | @tsv' \
      | awk -F'\t' '{printf "%-6s %-11s %9s %9s %8s %8s %6s %8s  %s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9}'
  done
  echo
  echo "servers over the window (frames/s from /state deltas; age: the edge's newest frame, median of samples)"
  printf '%-7s %10s %9s %9s %9s %10s %11s %6s\n' server captured/s no_signal sent/s skipped/s reconnects age_p50_ms cpu%
  for name in origin edge1 edge2; do
    c0="$(cat "$logs/cpu.$name.start")"; c1="$(cat "$logs/cpu.$name.end")"
    cpu="$(awk -v a="$c0" -v b="$c1" -v k="$clk" -v t="$dt" 'BEGIN {if (b < a) printf "?"; else printf "%.0f", (b - a) / k / t * 100}')"
    age="-"
    [[ -s "$logs/age.$name" ]] && age="$(sort -n "$logs/age.$name" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
    jq -n -r --slurpfile s "$logs/state.$name.start" --slurpfile e "$logs/state.$name.end" --arg dt "$dt" \
      --arg name "$name" --arg age "$age" --arg cpu "$cpu" '
      ($dt|tonumber) as $dt | $s[0].cameras[0] as $s | $e[0].cameras[0] as $e |
      def r(k): (($e.frames[k] - $s.frames[k]) / $dt * 10 | round / 10);
      [$name, r("captured"), ($e.frames.no_signal - $s.frames.no_signal), r("sent"), r("skipped"),
       ($e.reconnects - $s.reconnects), $age, $cpu] | @tsv' \
      | awk -F'\t' '{printf "%-7s %10s %9s %9s %9s %10s %11s %6s\n", $1,$2,$3,$4,$5,$6,$7,$8}'
  done
  printf 'CPU over the window, %% of one core:'
  for f in "$logs"/cpu.*.end; do
    name="${f#"$logs/cpu."}"; name="${name%.end}"
    [[ -f "$logs/cpu.$name.start" ]] || continue
    printf ' %s %s' "$name" "$(awk -v a="$(cat "$logs/cpu.$name.start")" -v b="$(cat "$f")" -v k="$clk" -v t="$dt" \
      'BEGIN {if (b < a) printf "?"; else printf "%.0f", (b - a) / k / t * 100}')"
  done
  echo
  busy="$(cat "$logs/stat.start" "$logs/stat.end" | awk '{t = 0; for (i = 2; i <= 9; i++) t += $i; idle[NR] = $5 + $6; total[NR] = t}
    END {printf "%.0f", 100 * (1 - (idle[2] - idle[1]) / (total[2] - total[1]))}')"
  echo "(cpu: % of one core; the whole machine ($(nproc) cores) was ${busy} % busy over the window, this run included)"
} | tee "$report"
echo "report: $report" >&2

if ((keep)); then
  log "--keep: everything stays up (e.g. ip netns exec cs-viewers ./camstream view --headless --target $(ip_of cs-edge1):50051); Ctrl-C to clean up"
  while true; do sleep 3600; done
fi
((failed == 0))
