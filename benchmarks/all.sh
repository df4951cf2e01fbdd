#!/usr/bin/env bash
# Regenerates every section of benchmarks/README.md in one go: the native path against raw Netty and against JGroups,
# AMT, the RELOAD overlay, ALM, the gateway, runtime start-up, then the plots. Each script creates and removes its own
# network namespaces (needs root) and keeps its raw lines in benchmarks/results/. About an hour on 2 cores.
#   benchmarks/all.sh [ROUNDS]      default 3 (startup.sh takes 5; alm.sh runs once, the simulation is deterministic)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
[ "$(id -u)" = 0 ] || { echo "all.sh: needs root for network namespaces" >&2; exit 2; }
mvn -B -q -ntp install -DskipTests -pl benchmarks -am
for step in "run.sh $rounds" "jgroups.sh $rounds" "amt.sh $rounds" "overlay.sh $rounds" "alm.sh" "gateway.sh $rounds" "startup.sh"; do
  echo "== benchmarks/$step" >&2
  # shellcheck disable=SC2086
  bash benchmarks/$step
done
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  /usr/bin/python3 benchmarks/plots.py
else
  echo "all.sh: no matplotlib for /usr/bin/python3 (apt install python3-matplotlib): plots not redrawn" >&2
fi
