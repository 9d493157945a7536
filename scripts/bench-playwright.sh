#!/usr/bin/env bash
# bench-playwright.sh: how the harness's walk of guide steps 1–18 (the
# classic build flow) compares in wall time with an independent Playwright
# walk of the same steps (scripts/playwright/walk.mjs), both against ONE
# Zoom stand-in process, interleaved round by round.
#
#   bash scripts/bench-playwright.sh               # 3 rounds
#   BENCH_ROUNDS=5 bash scripts/bench-playwright.sh
#
# The harness's figure is the wall time from step 1's start to step 18's
# end, as go test reports them (its -run leaves the round trip out),
# including what the harness does between its actions (each step's
# accessibility snapshot); the sum of its run report's step durations (the
# actions alone) is shown beside it. Playwright's is the same span, as
# walk.mjs times it. Neither counts its browser's start, nor its clean-up
# (each deletes the app it made, so every walk meets the same site).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${BENCH_ROUNDS:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_ROUNDS=$rounds: a positive whole number" >&2; exit 2; }
email=owner@example.test password=Sim-Owner-Pass-1 account=1234567890 # zoomsim's defaults
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-playwright.XXXXXX")
pids=()
stop() { # the stand-ins this script started, by their ids
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$work/zoomsim" "$work/learningspace" "$work/e2e.test"
  echo "logs: $work"
}
trap stop EXIT

# The harness reads its settings from the environment (internal/config):
# none of the caller's may leak into this run; it is given its own below.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(E2E_|ZOOM_|LEARNINGSPACE_|LS_)' || true)

if [[ ! -d scripts/playwright/node_modules/playwright-core ]]; then
  echo "scripts/playwright/node_modules is missing: npm ci (playwright-core, pinned; no browser download)"
  (cd scripts/playwright && npm ci --no-audit --no-fund)
fi

# Built once: no compile is timed. The e2e test binary is the harness.
echo "building cmd/zoomsim, cmd/learningspace and the e2e test binary"
go build -o "$work/zoomsim" ./cmd/zoomsim
go build -o "$work/learningspace" ./cmd/learningspace
go test -c -o "$work/e2e.test" ./e2e

# first_line FILE PATTERN: the first capture of PATTERN (sed) in FILE, once
# the process writing it has printed it (30 s at most).
first_line() {
  local got
  for _ in $(seq 300); do
    got=$(sed -n "$2" "$1" | head -1)
    [[ -n $got ]] && { echo "$got"; return; }
    sleep 0.1
  done
  echo "no line like $2 in $1:" >&2; cat "$1" >&2; return 1
}

# One Zoom stand-in for both walks: the guide's classic flow, no added
# latency or jitter, on a free port.
"$work/zoomsim" -addr 127.0.0.1:0 -flow classic -latency 0 -jitter 0 >"$work/zoomsim.log" 2>&1 &
pids+=($!)
zoom=$(first_line "$work/zoomsim.log" 's/^zoomsim: serving the Zoom stand-in on \(http[^ ]*\)$/\1/p')
# LearningSpace is no part of steps 1–18 (its URL is only typed, as the
# Redirect URL and on the allow list, by both walks). It is here for the
# harness's clean-up after them, which removes the run's room there.
"$work/learningspace" -addr 127.0.0.1:0 -zoom "$zoom" >"$work/learningspace.log" 2>"$work/learningspace.err" &
pids+=($!)
ls_url=$(first_line "$work/learningspace.log" 's/^\(http[^ ]*\)$/\1/p')
echo "Zoom stand-in $zoom (classic flow), LearningSpace stand-in $ls_url"

# harness_walk NAME: the harness against the stand-in process, as the
# nightly meets a site (E2E_TARGET=sandbox), in Debian's Chromium like the
# Playwright walk. Prints "WALL ACTIONS" (seconds). Run from $work, outside
# the module, so that no .env of the checkout is read; its temporary files
# (run reports, browser profile) go there too.
harness_walk() {
  local out=$work/harness-$1
  if ! (cd "$work" && env TMPDIR="$work" E2E_TARGET=sandbox ZOOM_WEB_URL="$zoom" ZOOM_MARKETPLACE_URL="$zoom/marketplace" \
    LEARNINGSPACE_URL="$ls_url" ZOOM_EMAIL=$email ZOOM_PASSWORD=$password ZOOM_ACCOUNT_NUMBER=$account \
    E2E_BROWSER_BIN=/usr/bin/chromium ./e2e.test -test.count=1 -test.v=test2json \
    -test.run '^TestSetupOAuthApp$/^offered$/^(step_[0-9].*|classic)$/^step_[0-9]' 2>&1 |
    go tool test2json -t >"$out.json"); then # -t: each event stamped as it comes
    echo "harness walk $1 failed (its events: $out.json):" >&2
    node -e 'require("fs").readFileSync(process.argv[1],"utf8").split("\n").filter(Boolean)
      .map(JSON.parse).forEach(e => e.Output && process.stderr.write(e.Output))' "$out.json" | tail -30 >&2
    return 1
  fi
  # Wall: step 1's RUN to step 18's PASS. Actions: the report's step 1–18 durations.
  node -e '
    const fs = require("fs");
    const ev = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
    const at = (action, re) => ev.find((e) => e.Action === action && re.test(e.Test || ""));
    const a = at("run", /\/step_1_/), b = at("pass", /\/step_18_/);
    if (!a || !b) throw new Error("no step 1 RUN or step 18 PASS in " + process.argv[1]);
    const report = ev.map((e) => /^run report: (.*)\/index\.html$/.exec((e.Output || "").trim())).find(Boolean);
    let actions = NaN;
    if (report) {
      const sum = JSON.parse(fs.readFileSync(report[1] + "/summary.json", "utf8"));
      actions = sum.flows.flatMap((f) => f.steps).filter((s) => /^[0-9]/.test(s.number))
        .reduce((t, s) => t + s.duration_ns / 1e9, 0);
    }
    console.log(((new Date(b.Time) - new Date(a.Time)) / 1000).toFixed(3), actions.toFixed(3));
  ' "$out.json"
}

# playwright_walk NAME: walk.mjs against the same process; prints its seconds.
playwright_walk() {
  local out=$work/playwright-$1
  if ! node scripts/playwright/walk.mjs "$zoom" "$zoom/marketplace" $email $password "$ls_url" >"$out.txt" 2>"$out.err"; then
    echo "playwright walk $1 failed:" >&2; cat "$out.txt" "$out.err" >&2; return 1
  fi
  sed -n 's/^steps 1-18: \([0-9.]*\) s .*/\1/p' "$out.txt"
}

# A warm-up of each, not counted: the account's first build meets the API
# License dialog (once per account), and the first runs fill the caches.
echo "warm-up (not counted): one walk of each"
harness_walk warmup >/dev/null
playwright_walk warmup >/dev/null

h=() p=() a=()
printf '\n%-6s %-11s %10s %10s %13s\n' round first harness_s actions_s playwright_s
for ((r = 1; r <= rounds; r++)); do
  # Odd rounds the harness goes first, even rounds Playwright.
  if ((r % 2)); then order="harness playwright"; else order="playwright harness"; fi
  for who in $order; do
    if [[ $who == harness ]]; then read -r hw ha < <(harness_walk "$r"); else pw=$(playwright_walk "$r"); fi
  done
  [[ -n ${hw:-} && -n ${pw:-} ]] || { echo "round $r: a walk gave no time" >&2; exit 1; }
  h+=("$hw") a+=("$ha") p+=("$pw")
  printf '%-6s %-11s %10s %10s %13s\n' "$r" "${order%% *}" "$hw" "$ha" "$pw"
  hw="" pw=""
done

# Both walks delete what they made: the stand-in holds no app now.
left=$(curl -fsS "$zoom/_sim/state" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d))
  .on("end", () => console.log(JSON.parse(s).apps.map((a) => a.name).join(", ")))')
[[ -z $left ]] || echo "warning: apps left on the stand-in: $left" >&2

# median VALUES…: the middle value, or the mean of the middle two.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
hm=$(median "${h[@]}") am=$(median "${a[@]}") pm=$(median "${p[@]}")
echo
awk -v h="$hm" -v p="$pm" -v n="$rounds" 'BEGIN {printf "ratio harness/playwright: %.2f (harness median %.3f s, playwright median %.3f s, %d rounds, interleaved)\n", h / p, h, p, n}'
awk -v a="$am" -v p="$pm" 'BEGIN {printf "  the harness'"'"'s actions alone (its report'"'"'s step durations, no snapshots): median %.3f s, %.2f x playwright\n", a, a / p}'
