#!/usr/bin/env bash
# Runtime figures: time from launch to all bundles active and a first command answered, idle memory (RSS) of each
# image, and the time a hot-deployed technology (the example UDP tunnel dropped into deploy/) takes to carry traffic.
# Every runtime runs in a namespace with only lo that this script creates and removes. Needs root.
# Writes benchmarks/STARTUP.md and its section of benchmarks/README.md; raw lines go to benchmarks/results/startup-*.txt.
#   benchmarks/startup.sh [ROUNDS]      default 5 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
[ "$(id -u)" = 0 ] || { echo "startup.sh: needs root for network namespaces" >&2; exit 2; }
tunnel=$(ls bundles/polycast.example.tunnel/target/polycast.example.tunnel-*.jar 2>/dev/null | head -1)
[ -f runtime/target/polycast-console.jar ] && [ -n "$tunnel" ] || mvn -B -q -ntp install -DskipTests
tunnel=$(ls bundles/polycast.example.tunnel/target/polycast.example.tunnel-*.jar | head -1)
mkdir -p benchmarks/results
raw="benchmarks/results/startup-$(date -u +%Y%m%dT%H%M%SZ).txt"
ns=pcbench-startup
work=$(mktemp -d)
cleanup() { pkill -f "polycast.home=$work" 2>/dev/null || true; ip netns del $ns 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
ip netns del $ns 2>/dev/null || true
ip netns add $ns; ip -n $ns link set lo up
ms() { date +%s%3N; }
for r in $(seq 1 "$rounds"); do
  for image in default native overlay console; do
    home="$work/$image-$r"; mkdir -p "$home"
    args=(); [ "$image" = default ] || args=(--image "$image")
    # Start-up: launch to the answer of a first command (all bundles at their start levels by then).
    t0=$(ms)
    ip netns exec $ns ./polycast "${args[@]}" --home "$home" -c 'echo polycast-started' > "$home/out" 2>&1
    t1=$(ms)
    grep -q polycast-started "$home/out" || { cat "$home/out" >&2; exit 1; }
    # Idle memory: RSS of the JVM 5 s after start, with nothing configured.
    ip netns exec $ns ./polycast "${args[@]}" --home "$home" -c 'ham:sleep 8000' > "$home/idle" 2>&1 &
    sleep 6
    pid=$(pgrep -f "polycast.home=$home" | head -1)
    rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
    wait || true
    echo "startup image=$image round=$r start_ms=$((t1 - t0)) idle_rss_kib=$rss" | tee -a "$raw"
  done
  # Hot deploy: two runtimes of the overlay image joined to a group; the tunnel jar is dropped into both deploy/
  # folders; the time until the first message sent every 50 ms arrives through it.
  a="$work/hot-a-$r"; b="$work/hot-b-$r"; mkdir -p "$a/conf" "$b/conf" "$a/deploy" "$b/deploy"
  echo -e "name=tun0\nport=17046\npeers=127.0.0.1:17047" > "$a/conf/org.polycast.example.tunnel-t.cfg"
  echo -e "name=tun0\nport=17047\npeers=127.0.0.1:17046" > "$b/conf/org.polycast.example.tunnel-t.cfg"
  ip netns exec $ns ./polycast --image overlay --home "$b" -c 'ham:join ham:opaque:hot; echo joined; ham:listen ham:opaque:hot 1 60000; echo heard' > "$b/out" 2>&1 &
  rx=$!
  ip netns exec $ns ./polycast --image overlay --home "$a" -c 'ham:sleep 3000; ham:send ham:opaque:hot tick --count 1200 --interval 50' > "$a/out" 2>&1 &
  tx=$!
  for _ in $(seq 1 200); do grep -q joined "$b/out" 2>/dev/null && break; sleep 0.1; done
  sleep 4
  t0=$(ms)
  cp "$tunnel" "$a/deploy/"; cp "$tunnel" "$b/deploy/"
  for _ in $(seq 1 600); do grep -q '^heard\|g! heard\|heard$' "$b/out" 2>/dev/null && break; sleep 0.05; done
  t1=$(ms)
  kill $tx 2>/dev/null || true; pkill -f "polycast.home=$a" 2>/dev/null || true
  wait $rx 2>/dev/null || true
  echo "hotdeploy round=$r carry_ms=$((t1 - t0))" | tee -a "$raw"
done
python3 - "$raw" <<'PY'
import re, statistics, sys, platform, datetime
raw = sys.argv[1]
start, rss, hot = {}, {}, []
for line in open(raw):
    f = dict(kv.split('=') for kv in line.split()[1:])
    if line.startswith('startup'):
        start.setdefault(f['image'], []).append(int(f['start_ms']))
        rss.setdefault(f['image'], []).append(int(f['idle_rss_kib']) / 1024)
    elif line.startswith('hotdeploy'):
        hot.append(int(f['carry_ms']))
def fmt(v, d=0):
    return f"{statistics.median(v):.{d}f} [{min(v):.{d}f}–{max(v):.{d}f}]"
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
out = ["## Runtime start-up, idle memory and hot deploy", "",
       f"Regenerate with `benchmarks/startup.sh [ROUNDS]` (root; namespaces with only lo). Median [min–max] of {len(hot)} rounds; raw: `{raw}`.",
       f"Machine: {cpu}, {len(open('/proc/cpuinfo').read().split('processor')) - 1} cores, Java 17; {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC.", "",
       "| image | launch to first command answered (ms) | idle RSS (MiB) |", "|---|---|---|"]
for image in ['default', 'native', 'overlay', 'console']:
    out.append(f"| {image} | {fmt(start[image])} | {fmt(rss[image])} |")
out += ["", f"Hot deploy: the example tunnel technology dropped into two running runtimes' `deploy/` carries the first message after "
        f"**{fmt(hot)} ms** (FileInstall polls every 500 ms; messages every 50 ms).",
        "", "Launch time includes the JVM, the bnd launcher unpacking the image's bundles, Felix reaching every start level and Gogo "
        "running the command; the images differ by the bundles they start (native: Netty and the interface scan; console: Jetty)."]
open('benchmarks/STARTUP.md', 'w').write('\n'.join(out) + '\n')
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.write()
print('\n'.join(out))
PY
