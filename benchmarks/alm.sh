#!/usr/bin/env bash
# ALM (RFC 7019, SCRIBE-SAM) at scale on the overlay simulation, in one JVM: tree shapes for groups of 10, 100 and
# 1,000 members among 1,000 / 4,096 / 10,000 peers (depth, forwarders, fan-out, latency per depth, delay penalty), and
# churn (1 % of the peers fail and are replaced every 5 s while five groups carry data). No network is touched: the
# simulation's links are in memory, so no namespace is needed. Writes benchmarks/ALM.md and its section of
# benchmarks/README.md; raw lines go to benchmarks/results/alm-*.txt. The simulation is deterministic (seeded): one run.
#   benchmarks/alm.sh [PEERS...]      default 1000 4096 10000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 4096 10000}")
if [ ! -f benchmarks/target/classpath.txt ] || ! grep -q polycast.alm benchmarks/target/classpath.txt; then
  mvn -B -q -ntp install -DskipTests -pl benchmarks -am
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/results
raw="benchmarks/results/alm-$(date -u +%Y%m%dT%H%M%SZ).txt"
args=()
for n in ${sizes[*]}; do args+=(shape "$n"); done
args+=(churn 1000 churn 4096)
echo "ALM simulation: ${args[*]} (a few minutes)" >&2
java -Xmx3g -cp "$cp" org.polycast.benchmarks.AlmTreeBench "${args[@]}" 2>/dev/null | grep '^alm-' | tee "$raw"
python3 benchmarks/alm_report.py "$raw"
