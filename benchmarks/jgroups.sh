#!/usr/bin/env bash
# The native path against JGroups: the same benchmark (Bench) with raw Netty, the Polycast API (MessageListener) and
# JGroups' default UDP stack (udp.xml), sender JVM and receiver JVM in two namespaces over a veth pair that this script
# creates and removes. Needs root. Writes benchmarks/JGROUPS.md and its section of benchmarks/README.md; raw lines go
# to benchmarks/results/jgroups-*.txt.
#   benchmarks/jgroups.sh [ROUNDS]      default 3
#   benchmarks/jgroups.sh --report RAW   rewrites the report from a raw results file (after editing the hand-written part)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --report ]; then
  raw="$2"
else
rounds="${1:-3}"
seconds=5
warmup=2
[ "$(id -u)" = 0 ] || { echo "jgroups.sh: needs root for network namespaces" >&2; exit 2; }
if [ ! -f benchmarks/target/classpath.txt ] || ! grep -q jgroups benchmarks/target/classpath.txt; then
  mvn -B -q -ntp install -DskipTests -pl benchmarks -am
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/results
raw="benchmarks/results/jgroups-$(date -u +%Y%m%dT%H%M%SZ).txt"
ns_a=pcbench-jg-a; ns_b=pcbench-jg-b
cleanup() { for n in $ns_a $ns_b; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
cleanup
ip netns add $ns_a; ip netns add $ns_b
ip -n $ns_a link add veth-a type veth peer name veth-b netns $ns_b
for n in a b; do
  ns=pcbench-jg-$n
  ip -n $ns link set lo up
  ip -n $ns addr add 198.18.22.$([ $n = a ] && echo 1 || echo 2)/24 dev veth-$n
  ip -n $ns link set veth-$n up
done
for n in a b; do # JGroups checks that its bind address is on an interface that is up
  for _ in $(seq 1 50); do ip -n pcbench-jg-$n link show veth-$n | grep -q 'state UP' && break; sleep 0.1; done
done

run() { # namespace, args...
  local ns="$1"; shift
  timeout 180 ip netns exec "$ns" java -cp "$cp" org.polycast.benchmarks.Bench --bundles benchmarks/target/bundles "$@" 2>&1 | grep --line-buffered -E '^(RESULT|READY)' || true
}

measure() { # impl, mode, payload, receiver role, sender role
  local impl="$1" mode="$2" payload="$3" fifo line=""
  fifo="$(mktemp -u)"; mkfifo "$fifo"
  ( run $ns_b --impl "$impl" --mode "$mode" --role "$4" --payload "$payload" --seconds $seconds --warmup $warmup --iface veth-b >"$fifo" ) &
  local rpid=$!
  exec 3<"$fifo"
  while read -r -t 60 line <&3; do [ "$line" = READY ] && break; done
  run $ns_a --impl "$impl" --mode "$mode" --role "$5" --payload "$payload" --seconds $seconds --warmup $warmup --iface veth-a >/dev/null
  while read -r -t 120 line <&3; do case "$line" in RESULT*) echo "$line round=$r";; esac; done
  exec 3<&-
  wait $rpid || true
  rm -f "$fifo"
}

for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  for payload in 64 1024 8192; do
    for impl in netty polycast jgroups; do
      measure $impl throughput $payload recv send | tee -a "$raw"
      [ $payload = 8192 ] || measure $impl latency $payload pong ping | tee -a "$raw"
    done
  done
done

fi # measuring

python3 - "$raw" <<'PY'
import statistics, sys, datetime, subprocess
raw = sys.argv[1]
rows = [dict(kv.split('=', 1) for kv in l.split()[1:]) for l in open(raw) if l.startswith('RESULT')]
def cell(impl, mode, payload, key):
    v = [float(r[key]) for r in rows if r['impl'] == impl and r['mode'] == mode and r['payload'] == str(payload) and key in r and r[key] != 'NaN']
    return (statistics.median(v), min(v), max(v)) if v else None
def fmt(c, d=0):
    return 'n/a' if not c else ('{:,.%df} [{:,.%df}–{:,.%df}]' % (d, d, d)).format(*c)
def ratio(a, b):
    return 'n/a' if not a or not b else '**%.0f %%**' % (100 * a[0] / b[0])
cpu = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
rounds = len({r.get('round') for r in rows})
out = ['## Native path against JGroups', '',
       f'Regenerate with `benchmarks/jgroups.sh [ROUNDS]` (root). Median [min–max] of {rounds} round(s); raw: `{raw}`. '
       f'{cpu}, 2 cores, Java 17, JGroups 5.5.7.Final with its default `udp.xml`; {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC. '
       'Sender JVM and receiver JVM in two namespaces over a veth pair; one unthrottled sender, goodput at the receiver over 5 s after 2 s.', '',
       '| payload | raw Netty msg/s | Polycast msg/s | JGroups msg/s | Polycast / JGroups | loss % Netty / Polycast / JGroups |', '|---|---|---|---|---|---|']
for p in (64, 1024, 8192):
    n, c, j = (cell(i, 'throughput', p, 'msgs_per_s') for i in ('netty', 'polycast', 'jgroups'))
    loss = ' / '.join(fmt(cell(i, 'throughput', p, 'loss_pct'), 2) for i in ('netty', 'polycast', 'jgroups'))
    out.append(f'| {p} B | {fmt(n)} | {fmt(c)} | {fmt(j)} | {ratio(c, j)} | {loss} |')
out += ['', '| payload | raw Netty one-way p50 / p99 µs | Polycast p50 / p99 µs | JGroups p50 / p99 µs |', '|---|---|---|---|']
for p in (64, 1024):
    cells = []
    for i in ('netty', 'polycast', 'jgroups'):
        cells.append(fmt(cell(i, 'latency', p, 'oneway_p50_us'), 1) + ' / ' + fmt(cell(i, 'latency', p, 'oneway_p99_us'), 1))
    out.append(f'| {p} B | ' + ' | '.join(cells) + ' |')
out += ['', 'JGroups bundles small messages into large datagrams (its transport queues messages and sends up to 64 KB at once) '
        'and adds reliable, ordered delivery (retransmission, flow control); Polycast and raw Netty send one datagram per message '
        'with no retransmission (UDP semantics, as RFC 7046 asks); Polycast hands bursts to the kernel with sendmmsg and UDP GSO and '
        'reads them with UDP GRO, so each message is still its own datagram on the wire. Raw Netty here is the plain one-datagram-per-call '
        'application.']
import os
analysis = open('benchmarks/JGROUPS-ANALYSIS.md').read() if os.path.exists('benchmarks/JGROUPS-ANALYSIS.md') else ''
open('benchmarks/JGROUPS.md', 'w').write('\n'.join(out) + '\n' + analysis)
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.write()
print('\n'.join(out))
PY
