#!/usr/bin/env bash
# Measures the Zoom stand-in's request latency under 50 concurrent clients:
# runs BenchmarkConcurrentClients (fixtures/zoomsim/load_test.go) COUNT times
# with a fixed number of requests, prints each run's metrics and the median of
# each metric across the runs.
#
#   scripts/bench-zoomsim.sh                 # BENCHTIME=100000x COUNT=5
#   BENCHTIME=20000x COUNT=3 scripts/bench-zoomsim.sh
#
# A run is: the stand-in on 127.0.0.1 (Start("")), 50 clients each signed in as
# its own user with its own cookie jar and keep-alive connections, BENCHTIME
# requests spread over them (Marketplace UI API, SPA shell, OAuth round trip).
# The number of requests is fixed ("Nx"), not a duration, so that every run
# does the same work: the stand-in keeps used OAuth codes for an hour and
# scans them on each authorize and token call, so latency grows with the run
# length and runs of different lengths do not compare.
# Clients and server share the machine's CPUs; latency is the clients' view
# (request sent to answer read), including their own scheduling.
set -euo pipefail

cd "$(dirname "$0")/.."

benchtime="${BENCHTIME:-100000x}"
count="${COUNT:-5}"
cpu="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"

echo "# zoomsim load benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "# machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr)"
echo "# go: $(go version), GOMAXPROCS=${GOMAXPROCS:-default ($(nproc))}"
cmd=(go test ./fixtures/zoomsim -run '^$' -bench '^BenchmarkConcurrentClients$' -benchtime="$benchtime" -count="$count")
echo "# command: ${cmd[*]}"
echo

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
start=$(date +%s)
"${cmd[@]}" | tee "$out"
end=$(date +%s)

echo
echo "# ${count} runs of -benchtime=${benchtime} (requests), 50 clients, $((end - start)) s in all (with the build)"
awk '
/^BenchmarkConcurrentClients/ {
	runs++
	for (i = 3; i < NF; i += 2) {
		u = $(i + 1)
		if (!(u in seen)) { seen[u] = 1; units[++nu] = u }
		v[u, runs] = $i
	}
}
# insertion sort of a[1..n]
function isort(a, n,    i, j, x) {
	for (i = 2; i <= n; i++) {
		x = a[i]
		for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]
		a[j + 1] = x
	}
}
END {
	if (runs == 0) { print "no benchmark results" > "/dev/stderr"; exit 1 }
	order = "p50-ms p90-ms p99-ms max-ms req/s ns/op"
	no = split(order, want, " ")
	printf "%-8s", "run"
	for (k = 1; k <= no; k++) if (want[k] in seen) printf " %10s", want[k]
	printf "\n"
	for (r = 1; r <= runs; r++) {
		printf "%-8s", r
		for (k = 1; k <= no; k++) if (want[k] in seen) printf " %10s", v[want[k], r]
		printf "\n"
	}
	printf "%-8s", "median"
	for (k = 1; k <= no; k++) {
		u = want[k]
		if (!(u in seen)) continue
		n = 0
		for (r = 1; r <= runs; r++) if ((u, r) in v) a[++n] = v[u, r] + 0
		isort(a, n)
		m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		printf " %10.6g", m
	}
	printf "\n"
}' "$out"
