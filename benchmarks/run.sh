#!/usr/bin/env bash
# Runs the native-path benchmarks and rewrites benchmarks/README.md (tables, then ANALYSIS.md): Polycast API vs raw Netty, same process,
# on loopback (a namespace with only lo) and across two namespaces (veth). Needs root (network namespaces).
#   benchmarks/run.sh [ROUNDS]      default 3 rounds; configurations are interleaved within each round
#   benchmarks/run.sh --report RAW   rewrites the report from a raw results file (after editing the hand-written part)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --report ]; then
  raw="$2"
else
rounds="${1:-3}"
seconds=5
warmup=2
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root for network namespaces" >&2; exit 2; }
if [ ! -f benchmarks/target/classpath.txt ] || [ ! -d benchmarks/target/bundles ]; then
  mvn -B -q -ntp install -DskipTests -pl benchmarks -am
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
out="benchmarks/results"
mkdir -p "$out"
raw="$out/raw-$(date -u +%Y%m%dT%H%M%SZ).txt"

ns_lo=pcbench-lo; ns_a=pcbench-a; ns_b=pcbench-b
cleanup() { for n in $ns_lo $ns_a $ns_b; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
ip netns add $ns_lo; ip -n $ns_lo link set lo up
ip netns add $ns_a; ip netns add $ns_b
ip -n $ns_a link add veth-a type veth peer name veth-b netns $ns_b
for n in a b; do
  ns=pcbench-$n
  ip -n $ns link set lo up
  ip -n $ns addr add 198.18.20.$([ $n = a ] && echo 1 || echo 2)/24 dev veth-$n
  ip -n $ns link set veth-$n up
done

bench() { # namespace, args...
  local ns="$1"; shift
  timeout 180 ip netns exec "$ns" java -cp "$cp" org.polycast.benchmarks.Bench --bundles benchmarks/target/bundles "$@" 2>&1 | grep --line-buffered -E '^(RESULT|READY)' || true
}

pair() { # impl, mode, payload, receiver role, sender role
  local impl="$1" mode="$2" payload="$3" rrole="$4" srole="$5" fifo
  fifo="$(mktemp -u)"; mkfifo "$fifo"
  ( bench $ns_b --impl "$impl" --mode "$mode" --role "$rrole" --payload "$payload" --seconds $seconds --warmup $warmup --iface veth-b >"$fifo" ) &
  local rpid=$!
  exec 3<"$fifo"
  local line=""
  while read -r -t 60 line <&3; do [ "$line" = READY ] && break; done
  bench $ns_a --impl "$impl" --mode "$mode" --role "$srole" --payload "$payload" --seconds $seconds --warmup $warmup --iface veth-a >/dev/null
  while read -r -t 120 line <&3; do case "$line" in RESULT*) echo "$line where=2ns";; esac; done
  exec 3<&-
  wait $rpid || true
  rm -f "$fifo"
}

for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  for payload in 64 1024 8192; do
    impls="netty polycast polycast-direct"
    # Like for like with raw Netty where the MTU matters: the kernel fragments, not the core.
    [ "$payload" = 8192 ] && impls="$impls polycast-direct-ipfrag"
    for impl in $impls; do
      # A run that fails prints no RESULT line; the report then has fewer runs for that cell.
      { bench $ns_lo --impl $impl --mode throughput --payload $payload --seconds $seconds --warmup $warmup --iface lo | sed 's/$/ where=lo/' | grep RESULT || true; } | tee -a "$raw"
      pair $impl throughput $payload recv send | tee -a "$raw"
      { bench $ns_lo --impl $impl --mode latency --payload $payload --iface lo | sed 's/$/ where=lo/' | grep RESULT || true; } | tee -a "$raw"
      pair $impl latency $payload pong ping | tee -a "$raw"
    done
  done
done

fi # measuring

python3 - "$raw" <<'PY'
import re, statistics, sys, platform, subprocess, datetime
raw = sys.argv[1]
rows = [dict(kv.split('=', 1) for kv in l.split()[1:]) for l in open(raw) if l.startswith('RESULT')]
def cell(impl, mode, where, payload, key):
    v = [float(r[key]) for r in rows if r['impl'] == impl and r['mode'] == mode and r['where'] == where
         and r['payload'] == str(payload) and key in r and r[key] != 'NaN']
    return (statistics.median(v), min(v), max(v), len(v)) if v else None
def fmt(c, digits=0):
    if not c: return 'n/a'
    f = '{:,.%df}' % digits
    return (f + ' [' + f + '–' + f + ']').format(c[0], c[1], c[2])
cpu = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
lines = []
lines.append('# Benchmarks\n')
lines.append('Regenerate every section with `benchmarks/all.sh [ROUNDS]` (root; about an hour; each script creates and removes its own network namespaces), this one with `benchmarks/run.sh [ROUNDS]`. '
             'Every figure is the **median over rounds [min–max]**; configurations are interleaved within a round. '
             'The raw results are in `' + raw + '`.\n')
lines.append('Machine: %s, %d cores, %s, Java %s; %s UTC. Netty 4.1.137.Final, epoll transport, 2 event loops on both sides.\n'
             % (cpu, __import__('os').cpu_count(), platform.platform(), platform.python_version() and subprocess.run(['java','-version'],capture_output=True,text=True).stderr.split('"')[1],
                datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M')))
lines.append('## Native path: Polycast API vs raw Netty, same process\n')
lines.append('**Baseline**: raw Netty with the same transport Polycast uses (a sending channel with IP_MULTICAST_IF, a receiving channel '
             'bound to the group, handler on the event loop). **Polycast (listener)**: the same group through `MulticastSocket.send` and a '
             '`MessageListener` (the default: the socket queues messages for its delivery task (a thread per socket when these figures were taken)); **Polycast (direct '
             'listener)**: a `DirectMessageListener`, called on the I/O thread like the Netty handler. The core and the IPv4 '
             'technology run in Felix embedded in the same JVM. '
             'Throughput: one unthrottled sender, goodput counted at the receiver over %d s after %d s warm-up; loss from the '
             'sequence numbers. Latency: ping-pong over two groups; one-way = receive time minus the send timestamp '
             '(CLOCK_MONOTONIC, shared by processes on one host).\n' % (5, 2))
for where, title in (('lo', 'Loopback (one namespace with only `lo`, sender and receiver in one JVM)'),
                     ('2ns', 'Across two namespaces over a veth pair (sender JVM in one, receiver JVM in the other)')):
    lines.append('### ' + title + '\n')
    lines.append('| payload | raw Netty msg/s | Polycast (listener) msg/s | ratio | Polycast (direct listener) msg/s | ratio | loss % Netty / listener / direct |')
    lines.append('|---|---|---|---|---|---|---|')
    for p in (64, 1024, 8192):
        n = cell('netty', 'throughput', where, p, 'msgs_per_s'); c = cell('polycast', 'throughput', where, p, 'msgs_per_s')
        d = cell('polycast-direct', 'throughput', where, p, 'msgs_per_s')
        nl = cell('netty', 'throughput', where, p, 'loss_pct'); cl = cell('polycast', 'throughput', where, p, 'loss_pct')
        dl = cell('polycast-direct', 'throughput', where, p, 'loss_pct')
        ratio = lambda x: '%.0f %%' % (100 * x[0] / n[0]) if n and x else 'n/a'
        lines.append('| %d B | %s | %s | **%s** | %s | **%s** | %s / %s / %s |' % (p, fmt(n), fmt(c), ratio(c), fmt(d), ratio(d),
                     fmt(nl, 2) if nl else 'n/a', fmt(cl, 2) if cl else 'n/a', fmt(dl, 2) if dl else 'n/a'))
        f = cell('polycast-direct-ipfrag', 'throughput', where, p, 'msgs_per_s'); fl = cell('polycast-direct-ipfrag', 'throughput', where, p, 'loss_pct')
        if f:
            lines.append('| %d B, `ipFragmentation=true` | (as above) | | | %s | **%s** | – / – / %s |' % (p, fmt(f), ratio(f), fmt(fl, 2) if fl else 'n/a'))
    lines.append('')
    key = 'oneway'
    lines.append('| payload | raw Netty one-way p50 / p99 µs | Polycast (listener) p50 / p99 µs | added at p50 | Polycast (direct) p50 / p99 µs | added at p50 |')
    lines.append('|---|---|---|---|---|---|')
    for p in (64, 1024, 8192):
        n50 = cell('netty', 'latency', where, p, key + '_p50_us'); n99 = cell('netty', 'latency', where, p, key + '_p99_us')
        c50 = cell('polycast', 'latency', where, p, key + '_p50_us'); c99 = cell('polycast', 'latency', where, p, key + '_p99_us')
        d50 = cell('polycast-direct', 'latency', where, p, key + '_p50_us'); d99 = cell('polycast-direct', 'latency', where, p, key + '_p99_us')
        added = lambda x: '%.1f µs' % (x[0] - n50[0]) if n50 and x else 'n/a'
        lines.append('| %d B | %s / %s | %s / %s | **%s** | %s / %s | **%s** |' % (p, fmt(n50, 1), fmt(n99, 1), fmt(c50, 1), fmt(c99, 1), added(c50),
                     fmt(d50, 1), fmt(d99, 1), added(d50)))
        f50 = cell('polycast-direct-ipfrag', 'latency', where, p, key + '_p50_us'); f99 = cell('polycast-direct-ipfrag', 'latency', where, p, key + '_p99_us')
        if f50:
            lines.append('| %d B, `ipFragmentation=true` | (as above) | | | %s / %s | **%s** |' % (p, fmt(f50, 1), fmt(f99, 1), added(f50)))
    lines.append('')
analysis = open('benchmarks/ANALYSIS.md').read() if __import__('os').path.exists('benchmarks/ANALYSIS.md') else ''
import sys
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.write('\n'.join(lines) + '\n' + analysis)
print('\n'.join(lines))
PY
