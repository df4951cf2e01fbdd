#!/usr/bin/env bash
# The RELOAD overlay's figures: Store/Fetch through five TLS peers on one host (inside a namespace with only lo that this
# script creates and removes) against a raw Netty TLS echo in the same process, and the simulation at 100 to 10,000 peers
# (route length, heap per peer, recovery after 10% fail). Needs root. Writes benchmarks/OVERLAY.md and its section of
# benchmarks/README.md; raw lines go to benchmarks/results/overlay-*.txt.
#   benchmarks/overlay.sh [ROUNDS]      default 3 rounds of the TLS measurements; the simulation runs once (it is deterministic)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
[ "$(id -u)" = 0 ] || { echo "overlay.sh: needs root for network namespaces" >&2; exit 2; }
if [ ! -f benchmarks/target/classpath.txt ] || ! grep -q polycast.reload benchmarks/target/classpath.txt; then
  mvn -B -q -ntp install -DskipTests -pl benchmarks -am
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/results
raw="benchmarks/results/overlay-$(date -u +%Y%m%dT%H%M%SZ).txt"
ns=pcbench-overlay
. benchmarks/lib.sh
lo_only_namespace $ns
for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds: five TLS peers" >&2
  ip netns exec $ns java -Xmx1g -cp "$cp" org.polycast.benchmarks.OverlayTlsBench 5 2>/dev/null | grep '^overlay-tls' | sed "s/^/round=$r /" | tee -a "$raw"
done
echo "simulation: 100 to 10,000 peers (about two minutes)" >&2
java -Xmx2g -cp "$cp" org.polycast.benchmarks.OverlayScaleBench 100 300 1000 3000 10000 2>/dev/null | grep '^scale' | tee -a "$raw"
python3 benchmarks/overlay_report.py "$raw"
