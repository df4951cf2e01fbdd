# Shared by the benchmark scripts (sourced, not run).

# lo_only_namespace NAME: a network namespace with only lo up, for runs that start the native, AMT or overlay
# technologies; removed again when the script exits (also on Ctrl-C).
lo_only_namespace() {
  bench_ns="$1"
  ip netns del "$bench_ns" 2>/dev/null || true
  trap 'ip netns del "$bench_ns" 2>/dev/null || true' EXIT INT TERM
  ip netns add "$bench_ns"
  ip -n "$bench_ns" link set lo up
}
