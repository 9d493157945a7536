#!/usr/bin/env bash
# scripts/nightly.sh against the stand-ins started as separate processes
# (cmd/standins), standing in for the live sites: what `make nightly` does
# at night, runnable anywhere. Arguments go to cmd/standins; its Zoom offers
# the General App flow only, as the live Marketplace does (-flow classic for
# the guide's flow).
#
#   scripts/nightly-standins.sh                       # JUnit etc. under artifacts/nightly-<time>
#   NIGHTLY_DIR=/tmp/n scripts/nightly-standins.sh -latency 20ms -jitter 60ms
#   NIGHTLY_RUNS=2 scripts/nightly-standins.sh -latency 20ms -jitter 60ms -flow classic
#
# NIGHTLY_RUNS (default 1) nights in a row against the same stand-ins, each
# into $NIGHTLY_DIR/run-N, as a real account keeps what a night left for the
# next. Afterwards no app of any run may be left: the Zoom stand-in's state
# must list none with the harness's prefix, and Created Apps none either (the
# janitor, signed in as a run is, with -older-than 0s, must find nothing to
# delete). The runs sign in with the password (the stand-in has no
# reCAPTCHA) and have no maintenance token: they take the pages' route
# (TestNightlyPlayThrough plays the token's).
#
# The stand-ins forget everything when they stop; a real account keeps it,
# which is what the janitor is for.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO=${GO:-go}
RUNS=${NIGHTLY_RUNS:-1}
DIR=${NIGHTLY_DIR:-$PWD/artifacts/nightly-$(date -u +%Y%m%dT%H%M%SZ)}
PREFIX="CAE LearningSpace e2e"

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
# With the password: no E2E_SESSION_FILE, and so no maintenance token.
unset ZOOM_API_CLIENT_ID ZOOM_API_CLIENT_SECRET ZOOM_API_REDIRECT_URL

status=0
for run in $(seq "$RUNS"); do
  echo "nightly-standins: night $run of $RUNS"
  NIGHTLY_DIR="$DIR/run-$run" ./scripts/nightly.sh || status=$?
done

# Leftovers: the stand-in's own state, then Created Apps as a person sees it.
left=$("$GO" run ./scripts/leftapps.go "$ZOOM_WEB_URL" "$PREFIX") || {
  echo "nightly-standins: cannot read the Zoom stand-in's state" >&2
  exit 1
}
if [[ -n $left ]]; then
  echo "nightly-standins: apps left in the Zoom stand-in: $left" >&2
  status=1
fi
janitor=$("$GO" run ./cmd/janitor -older-than 0s 2>&1) || { echo "$janitor" >&2; status=1; }
if ! grep -qx "janitor: 0 app(s) deleted" <<<"$janitor"; then
  echo "$janitor" >&2
  echo "nightly-standins: Created Apps still listed apps of the runs" >&2
  status=1
fi
echo "nightly-standins: $RUNS night(s) in $DIR; no app left: $([[ $status == 0 ]] && echo yes || echo NO); exit status $status"
exit "$status"
