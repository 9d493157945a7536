#!/usr/bin/env bash
# Keeps the CPU busy: one busy loop per core, at normal priority (not niced:
# the point is to make the harness, Chromium and the stand-ins contend for
# the CPU, as on a loaded CI runner). Runs until stopped (INT, TERM) or until
# the process it watches is gone, so that no loop outlives a killed caller.
#   scripts/cpuload.sh [LOOPS [WATCH-PID]]    defaults: $(nproc), the caller
set -euo pipefail

loops="${1:-$(nproc)}"
watch="${2:-$PPID}"
[[ "$loops" =~ ^[1-9][0-9]*$ ]] || { echo "cpuload: LOOPS must be a positive integer, not '$loops'" >&2; exit 2; }

pids=()
stop() { ((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true; }
trap stop EXIT
trap 'exit 0' INT TERM

for ((i = 0; i < loops; i++)); do
  # The check between bursts (a fraction of a second each) ends the loop
  # when the watched process has died without stopping us (SIGKILL).
  (while kill -0 "$watch" 2>/dev/null; do for ((j = 0; j < 100000; j++)); do :; done; done) &
  pids+=("$!")
done
wait
