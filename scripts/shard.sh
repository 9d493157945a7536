#!/usr/bin/env bash
# Runs one shard of the e2e suite, for CI machines that split it:
#
#   E2E_SHARD=2/4 scripts/shard.sh [go test flags...]
#
# Top-level tests are listed with `go test -list`, and shard i of n gets
# those whose name hashes (FNV-1a) to i-1 modulo n (cmd/shard): a test's
# shard depends on its name alone, so it stays put as tests are added, and
# the n shards together run each test exactly once. Shards are only roughly
# even. Extra arguments go to `go test` (e.g. -count=1 -parallel 4 -v, or
# -json for gotestsum); merge the shards' JUnit files with
# `go run ./cmd/junitmerge -o all.xml shard-*.xml`.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

if [[ -z ${E2E_SHARD:-} ]]; then
	echo "shard.sh: set E2E_SHARD=i/n (1 <= i <= n), e.g. E2E_SHARD=2/4" >&2
	exit 2
fi
names=$("$GO" test -list . ./e2e | grep -E '^(Test|Example|Fuzz)' || true)
if [[ -z $names ]]; then
	echo "shard.sh: go test -list found no tests in ./e2e" >&2
	exit 2
fi
run=$(printf '%s\n' "$names" | E2E_SHARD="$E2E_SHARD" "$GO" run ./cmd/shard)
if [[ -z $run ]]; then
	echo "shard.sh: shard $E2E_SHARD holds no test; nothing to run" >&2
	exit 0
fi
echo "shard.sh: shard $E2E_SHARD runs $run" >&2
exec "$GO" test ./e2e -run "$run" "$@"
