#!/usr/bin/env bash
# The ALM data plane over real processes: seven overlay runtimes in seven network namespaces (RELOAD over TLS, tree edges
# as AppAttach TLS links, source authentication on), depth two below the source, against a tree of plain Netty TLS relays
# of the same shape in the same run. Payloads 64 B, 1 KiB and 8 KiB unpaced; 1 KiB paced at 80 % of the slowest member's
# unpaced rate; 1,000 msg/s for latency per depth; one leaf throttled to a tenth (tc tbf). Writes benchmarks/ALM-DATA.md
# and its section of benchmarks/README.md; raw lines go to benchmarks/results/alm-data-*.txt. Needs root; about 12 minutes.
#   benchmarks/alm-data.sh [--quick]      --quick: a fifth of the messages (a smoke run of the harness)
#   benchmarks/alm-data.sh --report RAW   rewrites the report from a raw file
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --report ]; then
  raw="$2"
else
  [ "$(id -u)" = 0 ] || { echo "alm-data.sh: needs root for network namespaces" >&2; exit 2; }
  if [ ! -f benchmarks/target/classpath.txt ] || [ ! -f runtime/target/polycast-overlay.jar ] \
     || [ ! -f benchmarks/target/classes/org/polycast/benchmarks/TlsChainNode.class ]; then
    mvn -B -q -ntp install -DskipTests
  fi
  mkdir -p benchmarks/results
  raw="benchmarks/results/alm-data-$(date -u +%Y%m%dT%H%M%SZ).txt"
  python3 benchmarks/alm_data.py --raw "$raw" "$@"
fi
python3 benchmarks/alm_data_report.py "$raw"
