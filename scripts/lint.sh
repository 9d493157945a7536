#!/usr/bin/env bash
# actionlint over the GitHub workflows (.github/workflows), then golangci-lint
# v2 with its default linters (errcheck, govet, ineffassign, staticcheck,
# unused) over the whole module; .golangci.yml holds the settings.
# Exits non-zero on any finding.
#
#   scripts/lint.sh                # what `make lint` runs
#   scripts/lint.sh ./fixtures/... # other arguments replace ./... (and skip actionlint)
#
# `go run pkg@version` builds the linter in the Go build cache without
# touching go.mod/go.sum: the first run builds it (several minutes on 2 cores),
# later runs start in a few seconds.
set -euo pipefail

# Pinned, not @latest: a new release adds or changes checks, and the same tree
# must give the same findings on every machine and in CI. Update on purpose,
# and fix what the new version finds in the same change.
GOLANGCI_LINT_VERSION=v2.15.0
# actionlint checks the GitHub workflows (.github/workflows: the nightly);
# pinned for the same reason.
ACTIONLINT_VERSION=v1.7.12

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ $# -eq 0 ]]; then
  set -- ./...
  go run "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}" -no-color
fi
exec go run "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${GOLANGCI_LINT_VERSION}" run "$@"
