#!/usr/bin/env bash
# make nightly: the e2e suite against the configured sites (a real Zoom
# account: E2E_TARGET=sandbox and its variables, from the environment or
# .env; see README, "Nightly against a real Zoom account"), through gotestsum,
# into one dated directory:
#
#   <dir>/junit.xml     JUnit: one test case per guide step ("…/step_13.2_Recording_scopes")
#   <dir>/events.json   go test's JSON event stream
#   <dir>/artifacts/    screenshots, HTML and console of failed steps (secrets masked)
#
# then the janitor (apps of killed runs, older than OLDER_THAN, 24h by
# default), then the history of nights (NIGHTLY_HISTORY, artifacts/history
# by default; cmd/history): its verdict is the last line. The exit status is
# the tests': the janitor's and the history's failures are reported, not
# counted. NIGHTLY_ALERT_AFTER=N: the verdict's alert (alert=true in
# $GITHUB_OUTPUT) only from the N-th failed night in a row.
#
#   scripts/nightly.sh                      # what `make nightly` runs
#   NIGHTLY_DIR=/tmp/n scripts/nightly.sh   # another directory
#   NIGHTLY_RUN='^TestSetupOAuthApp$' scripts/nightly.sh
#
# Without a real LearningSpace, LEARNINGSPACE_STANDIN=1 starts the
# LearningSpace stand-in (cmd/learningspace) on LEARNINGSPACE_STANDIN_ADDR
# (127.0.0.1:8086) against the
# configured Zoom (ZOOM_WEB_URL, and ZOOM_API_BASE, https://api.zoom.us by
# default) and points the run at it: the round trip then proves, with a real
# OAuth client, that the app the harness set up works on that Zoom.
set -euo pipefail

# Pinned: the JUnit file's shape is what CI reads.
GOTESTSUM_VERSION=v1.13.0

cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO=${GO:-go}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DIR=${NIGHTLY_DIR:-$PWD/artifacts/nightly-$STAMP}
RUN=${NIGHTLY_RUN:-'^TestSetupOAuthApp$'}
OLDER_THAN=${OLDER_THAN:-24h}
mkdir -p "$DIR/artifacts"

if [[ ${LEARNINGSPACE_STANDIN:-0} == 1 ]]; then
  : "${ZOOM_WEB_URL:?LEARNINGSPACE_STANDIN=1 needs ZOOM_WEB_URL in the environment}"
  "$GO" build -o "$DIR/learningspace" ./cmd/learningspace
  ls_addr=${LEARNINGSPACE_STANDIN_ADDR:-127.0.0.1:8086}
  "$DIR/learningspace" -addr "$ls_addr" -zoom "$ZOOM_WEB_URL" -zoom-api "${ZOOM_API_BASE:-https://api.zoom.us}" \
    >"$DIR/learningspace.url" 2>"$DIR/learningspace.log" &
  ls_pid=$!
  trap 'kill "$ls_pid" 2>/dev/null || true; rm -f "$DIR/learningspace"' EXIT
  # Its first line on stdout is its URL, once it listens.
  for _ in $(seq 60); do
    [[ -s "$DIR/learningspace.url" ]] && break
    kill -0 "$ls_pid" 2>/dev/null || { cat "$DIR/learningspace.log" >&2; echo "nightly: the LearningSpace stand-in exited" >&2; exit 1; }
    sleep 0.5
  done
  LEARNINGSPACE_URL=$(head -n1 "$DIR/learningspace.url")
  [[ -n $LEARNINGSPACE_URL ]] || { echo "nightly: the LearningSpace stand-in did not start within 30s" >&2; exit 1; }
  export LEARNINGSPACE_URL
  echo "nightly: LearningSpace stand-in at $LEARNINGSPACE_URL against $ZOOM_WEB_URL"
  unset LS_ADMIN_USER LS_ADMIN_PASSWORD # the stand-in's own
fi

# The cron monitor (NIGHTLY_CHECKIN_URL: Sentry Crons or healthchecks.io):
# "started" now, "ok" or "error" at the end, each bounded by a short
# timeout, so that a night that never ran, or ran past its time, alerts on
# the monitor's side. Unset: nothing is sent. Its failures never count.
"$GO" build -o "$DIR/checkin" ./cmd/checkin
"$DIR/checkin" -state "$DIR/checkin-state.json" start || true

status=0
"$GO" run "gotest.tools/gotestsum@${GOTESTSUM_VERSION}" \
  --format testname \
  --junitfile "$DIR/junit.xml" --junitfile-testsuite-name relative --junitfile-testcase-classname relative \
  --junitfile-hide-skipped-tests --junitfile-project-name lszoom-nightly \
  --jsonfile "$DIR/events.json" \
  -- ./e2e -run "$RUN" -count=1 -timeout 20m -artifacts -outputdir "$DIR/artifacts" || status=$?

jstatus=0
"$GO" run ./cmd/janitor -older-than "$OLDER_THAN" || jstatus=$?
if [[ $jstatus -ne 0 ]]; then
  echo "nightly: the janitor failed (status $jstatus); the apps it left are listed above" >&2
fi

echo "nightly: $DIR (junit.xml, events.json, artifacts/); tests exit status $status"
"$DIR/checkin" -state "$DIR/checkin-state.json" "$([[ $status == 0 ]] && echo ok || echo error)" || true
rm -f "$DIR/checkin"

# The history of nights (NIGHTLY_HISTORY, kept by CI between nights: see
# .github/workflows/nightly.yml): this night appended, the history's page
# beside the report, the verdict in junit.xml's properties and printed
# last. Its failure is said, not counted: the status is the tests'.
HISTORY=${NIGHTLY_HISTORY:-$PWD/artifacts/history}
if [[ -f "$DIR/artifacts/report/summary.json" ]]; then
  "$GO" run ./cmd/history -dir "$HISTORY" -report "$DIR/artifacts/report" -junit "$DIR/junit.xml" -target "${E2E_TARGET:-}" ||
    echo "nightly: the history could not be kept (see above)" >&2
else
  echo "nightly: no report was written ($DIR/artifacts/report/summary.json): the night is not in the history" >&2
fi
exit "$status"
