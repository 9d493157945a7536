#!/usr/bin/env bash
# Wall time of `make test`'s go test in two trees, interleaved (A B A B …), so
# that both meet the same machine: for "no slower than before" claims.
#   git worktree add /tmp/before <commit>
#   scripts/compare-test.sh /tmp/before . 3
# A timing is a measurement, never a pass/fail test.
set -euo pipefail
a="${1:?usage: $0 TREE-A TREE-B [ROUNDS]}"
b="${2:?usage: $0 TREE-A TREE-B [ROUNDS]}"
rounds="${3:-3}"

echo "# A=$a ($(git -C "$a" rev-parse --short HEAD)) B=$b ($(git -C "$b" rev-parse --short HEAD)), $rounds rounds, $(nproc) cores"
for tree in "$a" "$b"; do (cd "$tree" && go vet ./... && go test -count=1 -run '^$' ./... >/dev/null); done
declare -A all=([A]="" [B]="")
for i in $(seq 1 "$rounds"); do
  for side in A B; do
    tree=$a; [[ $side == B ]] && tree=$b
    start=$(date +%s.%N)
    (cd "$tree" && go test ./... -count=1 -race=false -parallel 4 -timeout 8m >/tmp/compare-test-$side.log 2>&1) \
      || { tail -30 /tmp/compare-test-$side.log; echo "$side round $i failed" >&2; exit 1; }
    t=$(echo "$(date +%s.%N) - $start" | bc)
    printf 'round %d %s: %.1fs\n' "$i" "$side" "$t"
    all[$side]+="$t "
  done
done
for side in A B; do
  printf '%s\n' ${all[$side]} | sort -n | awk -v s="$side" '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s median %.1fs (min %.1fs, max %.1fs)\n", s, m, a[1], a[NR]}'
done
