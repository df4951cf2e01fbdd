#!/usr/bin/env bash
# AMT relay->gateway goodput and loss at 1200-byte datagrams, and relay fan-out (1, 10, 100 gateways), across three network
# namespaces (source, relay, gateways) that it creates and removes. Needs root. Writes benchmarks/AMT.md and its section of
# benchmarks/README.md; raw lines go to benchmarks/results/amt-*.txt.
#   benchmarks/amt.sh [ROUNDS]      default 3
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
seconds=5
warmup=2
[ "$(id -u)" = 0 ] || { echo "amt.sh: needs root for network namespaces" >&2; exit 2; }
if [ ! -f benchmarks/target/classpath.txt ] || [ ! -f benchmarks/target/bundles/polycast.amt-0.1.0-SNAPSHOT.jar ]; then
  mvn -B -q -ntp install -DskipTests -pl benchmarks -am
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/results
raw="benchmarks/results/amt-$(date -u +%Y%m%dT%H%M%SZ).txt"

src=pcamt-src; relay=pcamt-relay; gw=pcamt-gw
cleanup() { pkill -f 'org.polycast.benchmarks.AmtBench' 2>/dev/null || true; for n in $src $relay $gw; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
cleanup
for n in $src $relay $gw; do ip netns add $n; ip -n $n link set lo up; done
ip -n $src link add l1 type veth peer name l1 netns $relay 2>/dev/null || { ip -n $src link add l1 type veth peer name l1r netns $relay; ip -n $relay link set l1r name l1; }
ip -n $relay link add l2 type veth peer name l2g netns $gw; ip -n $gw link set l2g name l2
ip -n $src addr add 198.18.1.1/24 dev l1; ip -n $relay addr add 198.18.1.2/24 dev l1
ip -n $relay addr add 198.18.2.2/24 dev l2; ip -n $gw addr add 198.18.2.3/24 dev l2
for pair in "$src l1" "$relay l1" "$relay l2" "$gw l2"; do set -- $pair; ip -n $1 link set $2 up; done
sleep 2 # carrier

run() { # namespace, args...
  local ns="$1"; shift
  ip netns exec "$ns" java -Xmx1g -cp "$cp" org.polycast.benchmarks.AmtBench --bundles benchmarks/target/bundles "$@" 2>&1
}

run $relay --role relay --seconds 100000 >/dev/null &
sleep 4

measure() { # gateways, rate (datagrams/s per gateway, offered by the source)
  local count="$1" rate="$2" fifo line sent=""
  fifo="$(mktemp -u)"; mkfifo "$fifo"
  ( run $gw --role gateways --count "$count" --relay 198.18.2.2 --seconds $((seconds + warmup + 3)) >"$fifo" ) &
  local gpid=$!
  exec 3<"$fifo"
  while read -r -t 90 line <&3; do case "$line" in READY) break;; FAILED*) echo "$line" >&2;; esac; done
  sent="$(run $src --role source --rate "$rate" --seconds $seconds --warmup $warmup | grep '^RESULT' || true)"
  while read -r -t 60 line <&3; do case "$line" in RESULT*) echo "$line rate=$rate ${sent#RESULT }";; FAILED*) echo "$line" >&2;; esac; done
  exec 3<&-
  wait $gpid || true
  rm -f "$fifo"
}

for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  for cfg in "1 10000" "1 25000" "1 40000" "1 60000" "10 2500" "10 5000" "100 250" "100 500"; do
    set -- $cfg
    measure "$1" "$2" | tee -a "$raw"
  done
done

python3 benchmarks/amt_report.py "$raw"
