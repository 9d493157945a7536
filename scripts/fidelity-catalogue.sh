#!/usr/bin/env bash
# The stand-in's catalogue of named regressions, and three wording changes,
# each walked once with cmd/walk and held by cmd/fidelity to a clean walk of
# the same build flow: what each changes on the screens, at which guide
# step, of which kind, and how the walk failed (site moved or set-up broken).
#
#   scripts/fidelity-catalogue.sh [out-dir]
#
# Against the in-process stand-in (sim mode), each step's deadline
# shortened (E2E_STEP_TIMEOUT, default 8s here) so that a wait that never
# ends ends soon. It prints, per case, the walk's failure line and
# cmd/fidelity's text; it asserts nothing (the tests do: TestSiteMoved,
# TestRegressionCatalogue): it is the evidence a person reads.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/fidelity-catalogue-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
export E2E_TARGET=sim E2E_STEP_TIMEOUT=${E2E_STEP_TIMEOUT:-8s}
go build -o "$out/walk" ./cmd/walk
go build -o "$out/fidelity" ./cmd/fidelity

walk() { # name flow args...
	local name=$1 flow=$2
	shift 2
	"$out/walk" -shots=false -flow "$flow" -report "$out/$name/report" "$@" >"$out/$name.txt" 2>&1 || true
}

for flow in classic general; do
	walk "clean-$flow" "$flow"
done

cases=(
	"classic publish-switch-sticks"
	"classic allow-list-old-name"
	"classic company-name-not-saved"
	"classic developer-email-not-saved"
	"classic scope-box-missing=recording:write"
	"classic scope-count-off-by-one"
	"classic add-stuck-disabled"
	"classic app-not-listed"
	"general general-save-keeps-nothing"
	"general scope-box-missing=cloud_recording:delete:recording_file"
	"general add-stuck-disabled"
	"general app-not-listed"
	"general consent-fewer-scopes"
	"general redirect-url-refused"
	"general token-endpoint-500"
	"general scope-not-kept"
)
relabels=(
	"general Advanced=Advanced Settings"
	"general Develop=Developer"
	"general OAuth Redirect URL=Redirect URL for OAuth"
)
run_case() { # flow name args...
	local flow=$1 name=$2
	shift 2
	walk "$name" "$flow" "$@"
	echo "== $name ($flow)"
	grep -m1 -E '^step .*: (site moved|set-up broken)' "$out/$name.txt" | cut -c1-400 || echo "   walk: $(grep -m1 -E 'walk:|passed in' "$out/$name.txt" | tail -1)"
	"$out/fidelity" "$out/clean-$flow/report" "$out/$name/report" | sed 's/^/   /' || true
}
for c in "${cases[@]}"; do
	read -r flow reg <<<"$c"
	run_case "$flow" "${reg//[=:]/_}" -regress "$reg"
done
for c in "${relabels[@]}"; do
	flow=${c%% *}
	rl=${c#* }
	n=${rl%%=*}
	run_case "$flow" "relabel-${n// /-}" -relabel "$rl"
done
echo "walks and reports in $out"
