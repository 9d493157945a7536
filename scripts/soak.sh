#!/usr/bin/env bash
# Runs the e2e suite N times in a row, each run against in-process stand-ins
# that answer every request in 50-250 ms, while scripts/cpuload.sh keeps
# every core busy: a test that passes only on an idle machine with instant
# sites fails here. One line per run; the artifacts (test output, screenshots,
# DOM, console) of failed runs only are kept.
#   scripts/soak.sh [N]                       (make soak N=100; default 10)
# Environment:
#   SOAK_DIR      where the runs' artifacts go (default artifacts/soak-<UTC time>)
#   SOAK_RUN      a -test.run pattern (default: every test)
#   SOAK_TIMEOUT  one run's -test.timeout (default 10m)
#   SOAK_LATENCY, SOAK_JITTER  the stand-ins' delay: latency + 0..jitter
#                 (default 50ms and 200ms; E2E_SIM_LATENCY/E2E_SIM_JITTER)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

n="${1:-${N:-10}}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "soak: N must be a positive integer, not '$n'" >&2; exit 2; }
soak_dir="${SOAK_DIR:-$root/artifacts/soak-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$soak_dir"
soak_dir=$(cd "$soak_dir" && pwd) # absolute: the runs work in e2e/

# The stand-ins' delay is read by the harness from its configuration; the
# target is forced to sim, so that a .env pointing at a sandbox is not soaked.
export E2E_TARGET=sim
export E2E_SIM_LATENCY="${SOAK_LATENCY:-50ms}"
export E2E_SIM_JITTER="${SOAK_JITTER:-200ms}"
args=(-test.count=1 -test.v "-test.timeout=${SOAK_TIMEOUT:-10m}")
[[ -z "${SOAK_RUN:-}" ]] || args+=(-test.run "$SOAK_RUN")

work=$(mktemp -d)
load_pid="" test_pid=""
passed=0 failed=0 done_runs=0
t_start=$(date +%s.%N)

# seconds since $1, as 41.2s or 12m03.4s
since() {
  awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { s = b - a; if (s < 60) printf "%.1fs", s; else printf "%dm%04.1fs", s / 60, s % 60 }'
}
summary() {
  local how="$1"
  echo "soak: $how$done_runs runs, $passed passed, $failed failed, wall time $(since "$t_start")"
  if ((failed > 0)); then
    echo "soak: artifacts of the failed runs: $soak_dir"
  else
    rmdir "$soak_dir" 2>/dev/null || true # nothing kept: no empty directory either
  fi
}
cleanup() {
  # The run in progress first (its browser guard takes Chromium with it),
  # then the load; the compiled test binary last.
  [[ -z "$test_pid" ]] || { kill "$test_pid" 2>/dev/null || true; wait "$test_pid" 2>/dev/null || true; }
  [[ -z "$load_pid" ]] || { kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
interrupted() {
  trap - INT TERM
  echo
  # The run cut short is no pass: its artifacts so far are kept.
  [[ -z "$test_pid" ]] || echo "run $((done_runs + 1))/$n: interrupted; artifacts: $dir"
  summary "interrupted after "
  exit 130
}
trap cleanup EXIT
trap interrupted INT TERM

echo "soak: $n runs of ./e2e${SOAK_RUN:+ -run $SOAK_RUN}, stand-ins delayed $E2E_SIM_LATENCY + 0..$E2E_SIM_JITTER," \
  "$(nproc) busy loops; artifacts of failed runs in $soak_dir"
# Compiled once, before the load starts: every run is the same binary.
"${GO:-go}" test -c -o "$work/e2e.test" ./e2e

./scripts/cpuload.sh "$(nproc)" "$$" &
load_pid=$!

for ((i = 1; i <= n; i++)); do
  dir="$soak_dir/run-$i"
  mkdir -p "$dir"
  t0=$(date +%s.%N)
  # In e2e/, as `go test` runs it: the harness finds its testdata and the
  # module's .env from its working directory. In the background, so that a
  # signal to this script is handled at once rather than after the run.
  (cd "$root/e2e" && exec "$work/e2e.test" "${args[@]}" -test.artifacts -test.outputdir "$dir") >"$dir/output.txt" 2>&1 &
  test_pid=$!
  status=0
  wait "$test_pid" || status=$?
  test_pid=""
  took=$(since "$t0")
  done_runs=$i
  if ((status == 0)); then
    passed=$((passed + 1))
    rm -rf "$dir"
    echo "run $i/$n: PASS in $took"
  else
    failed=$((failed + 1))
    # The deepest failing tests, to tell runs apart without opening them.
    what=$(grep -E -- '^\s*--- FAIL: ' "$dir/output.txt" | sed -E 's/^\s*--- FAIL: ([^ ]+).*/\1/' |
      awk '{ n[NR] = $1 } END { for (i = 1; i <= NR; i++) { leaf = 1; for (j = 1; j <= NR; j++) if (index(n[j], n[i] "/") == 1) leaf = 0; if (leaf) printf "%s%s", (c++ ? ", " : ""), n[i] } }' || true)
    # A -test.timeout or a crash prints no FAIL line, but a panic.
    [[ -n "$what" ]] || what=$(grep -m1 -E '^panic: ' "$dir/output.txt" || true)
    echo "run $i/$n: FAIL in $took (status $status${what:+; $what}); artifacts: $dir"
  fi
done

summary ""
((failed == 0))
