#!/usr/bin/env bash
# scripts/nightly.sh against the stand-ins started as separate processes
# (cmd/standins), standing in for the live sites: what `make nightly` does
# at night, runnable anywhere. Arguments go to cmd/standins (-latency 40ms).
#
#   scripts/nightly-standins.sh                       # JUnit etc. under artifacts/nightly-<time>
#   NIGHTLY_DIR=/tmp/n scripts/nightly-standins.sh -latency 40ms -jitter 80ms
#
# The stand-ins forget everything when they stop; a real account keeps it,
# which is what the janitor is for.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO=${GO:-go}

tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$GO" build -o "$tmp/standins" ./cmd/standins
"$tmp/standins" "$@" >"$tmp/env" &
pid=$!
for _ in $(seq 120); do
  grep -qx ready "$tmp/env" && break
  kill -0 "$pid" 2>/dev/null || { echo "nightly-standins: cmd/standins exited" >&2; exit 1; }
  sleep 0.5
done
grep -qx ready "$tmp/env" || { echo "nightly-standins: cmd/standins not ready after 60s" >&2; exit 1; }
set -a
# shellcheck disable=SC1090 # KEY=value lines written by cmd/standins
. <(grep = "$tmp/env")
set +a
# With the password (the stand-in has no reCAPTCHA): no E2E_SESSION_FILE.
./scripts/nightly.sh
