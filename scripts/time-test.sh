#!/usr/bin/env bash
# Wall time of one e2e test, as its "--- PASS" line reports it, over N runs:
# each run, then the median. A timing is a measurement, never a pass/fail test.
#   scripts/time-test.sh TestSetupOAuthApp 5
#   scripts/time-test.sh 'TestConsentRoundTrip/decline' 5
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name="${1:?usage: $0 TEST-NAME [RUNS]}"
runs="${2:-5}"
top="${name%%/*}"
pattern="^${top}\$"
[[ "$name" == */* ]] && pattern="^${top}\$/^${name#*/}\$"

echo "# $name, $runs runs, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(go version | cut -d' ' -f3)"
times=()
for i in $(seq 1 "$runs"); do
  out=$(go test ./e2e -run "$pattern" -count=1 -v 2>&1) || { echo "$out" | tail -30; echo "run $i failed" >&2; exit 1; }
  t=$(echo "$out" | grep -E -- "--- PASS: ${name} \(" | sed -E 's/.*\(([0-9.]+)s\).*/\1/' | head -1)
  [[ -n "$t" ]] || { echo "run $i: no PASS line for $name" >&2; exit 1; }
  echo "run $i: ${t}s"
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "median: %.2fs (min %.2fs, max %.2fs)\n", m, a[1], a[NR]}'
