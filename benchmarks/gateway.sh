#!/usr/bin/env bash
# The gateway's forwarding rate (GatewayBench): loopback technology -> polycast.gateway -> IPv4 on lo, against the same
# sender sending to the IPv4 group directly, in one JVM inside a namespace with only lo that this script creates and
# removes. Needs root. Writes benchmarks/GATEWAY.md and its section of benchmarks/README.md; raw lines go to
# benchmarks/results/gateway-*.txt.
#   benchmarks/gateway.sh [ROUNDS]      default 3
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
[ "$(id -u)" = 0 ] || { echo "gateway.sh: needs root for a network namespace" >&2; exit 2; }
if [ ! -d benchmarks/target/bundles ] || ! ls benchmarks/target/bundles | grep -q polycast.gateway; then
  mvn -B -q -ntp install -DskipTests -pl benchmarks -am
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/results
raw="benchmarks/results/gateway-$(date -u +%Y%m%dT%H%M%SZ).txt"
ns=pcbench-gateway
. benchmarks/lib.sh
lo_only_namespace $ns
for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  timeout 180 ip netns exec $ns java -cp "$cp" org.polycast.benchmarks.GatewayBench --payloads 64,1024,8192 --seconds 5 2>/dev/null \
    | grep '^RESULT' | sed "s/\$/ round=$r/" | tee -a "$raw" || true # a failed round prints fewer lines; the report shows the count
done
python3 benchmarks/gateway_report.py "$raw"
