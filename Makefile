# Browser end-to-end test harness. `make` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO ?= go
STAMP := $(shell date -u +%Y%m%dT%H%M%SZ)
# Where `make e2e` and `make test` keep screenshots, DOM and console of failed tests.
ARTIFACTS ?= $(CURDIR)/artifacts/e2e-$(STAMP)
TEST_ARTIFACTS ?= $(CURDIR)/artifacts/test-$(STAMP)

.PHONY: help deps e2e walk guide-shots test lint bench bench-playwright fmt vet clean

help: ## list the targets
	@echo "usage: make <target>"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## install Chromium with apt if missing, download Go modules
	./scripts/install-chromium.sh
	$(GO) mod download

# The status of `go test` is kept; "artifacts: <dir>" is printed in any case.
# REGRESS=name[,name] starts the stand-ins broken in those named ways
# (go run ./cmd/zoomsim -list-regressions): a run that fails as it would on
# a site broken that way, and its report.
e2e: deps ## run the OAuth setup and consent scenarios (stand-ins), keep artifacts
	@mkdir -p "$(ARTIFACTS)"
	@status=0; \
	$(GO) test ./e2e -run 'TestSetupOAuthApp|TestConsentRoundTrip' -count=1 -v \
		-artifacts -outputdir "$(ARTIFACTS)" -args -shots -regress "$(REGRESS)" || status=$$?; \
	echo "artifacts: $(ARTIFACTS)"; \
	echo "report: $(ARTIFACTS)/report/index.html"; \
	exit $$status

# The whole procedure outside go test (cmd/walk), against the configured
# target (E2E_TARGET, .env); FLOW=classic picks the in-process stand-in's
# flow in sim mode (against real sites the site decides).
FLOW ?= general
WALK_REPORT ?= $(CURDIR)/artifacts/walk-$(STAMP)/report
walk: deps ## the whole procedure once, outside go test (cmd/walk), its report printed at the end
	$(GO) run ./cmd/walk -report "$(WALK_REPORT)" $(if $(filter-out general,$(FLOW)),-flow $(FLOW))

# A green run of each flow, its step screenshots in one folder, named by
# flow and guide step (classic-step-10.2.jpg): for the guide's writers.
GUIDE_SHOTS ?= $(CURDIR)/artifacts/guide-shots-$(STAMP)
guide-shots: deps ## screenshots of a green run of each flow, named by step, in one folder
	@mkdir -p "$(GUIDE_SHOTS)/run"
	$(GO) test ./e2e -run '^TestSetupOAuthApp$$' -count=1 \
		-artifacts -outputdir "$(GUIDE_SHOTS)/run" -args -shots -guide-shots "$(GUIDE_SHOTS)"
	@echo "guide screenshots: $(GUIDE_SHOTS)"

# -parallel 4: the e2e tests spend their time waiting on pages, not on the CPU.
# The stand-ins are driven in Chromium's headless shell (TEST_BROWSER): the
# suite is bound by Chromium's CPU, and the shell spends about 40 % less.
# The nightly's /usr/bin/chromium still walks the guide once in it
# (TestNightlyPlayThrough's first run).
TEST_BROWSER ?= /usr/bin/chromium-headless-shell
test: deps vet ## vet, then every test of the module (no -race), keep artifacts
	@mkdir -p "$(TEST_ARTIFACTS)"
	@status=0; \
	E2E_BROWSER_BIN="$${E2E_BROWSER_BIN:-$(TEST_BROWSER)}" $(GO) test ./... -count=1 -race=false -parallel 4 -timeout 8m \
		-artifacts -outputdir "$(TEST_ARTIFACTS)" || status=$$?; \
	echo "artifacts: $(TEST_ARTIFACTS)"; \
	echo "report: $(TEST_ARTIFACTS)/report/index.html"; \
	exit $$status

lint: ## golangci-lint v2 (pinned, run with go run), its default linters
	./scripts/lint.sh

# Benchmarks only (-run '^$$': no test runs), BENCH_COUNT times each, kept
# in artifacts/bench-<time>.txt and summed up by benchstat (pinned).
BENCH_COUNT ?= 3
BENCH_OUT ?= $(CURDIR)/artifacts/bench-$(STAMP).txt
BENCHSTAT := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench: deps ## run the benchmarks only (e2e walks, round trip, N parallel walks), then benchstat
	@mkdir -p "$(dir $(BENCH_OUT))"
	$(GO) test -run '^$$' -bench . -count $(BENCH_COUNT) -timeout 30m ./... | tee "$(BENCH_OUT)"
	$(GO) run $(BENCHSTAT) "$(BENCH_OUT)"
	@echo "benchmarks: $(BENCH_OUT)"
	./scripts/bench-playwright.sh | tee -a "$(BENCH_OUT)"

# The harness's walk of steps 1–18 and an independent Playwright walk of
# them (playwright-core from the npm registry, pinned, driving
# /usr/bin/chromium), against one stand-in process, interleaved: the ratio.
bench-playwright: deps ## the guide walk (steps 1–18) beside Playwright's, interleaved, and the ratio
	./scripts/bench-playwright.sh

fmt: ## gofmt the module
	$(GO) fmt ./...

vet: ## go vet the module
	$(GO) vet ./...

clean: ## remove artifacts and cached test results
	rm -rf "$(CURDIR)/artifacts"
	$(GO) clean -testcache

.PHONY: soak
# N runs in a row under CPU load and slow stand-ins (scripts/soak.sh says how);
# SOAK_DIR, SOAK_RUN and the other SOAK_* variables are read by the script.
soak: deps ## run the e2e suite N times (N=10) under CPU load, keep failed runs
	GO="$(GO)" ./scripts/soak.sh "$(or $(N),10)"

.PHONY: login janitor nightly
# Against a real Zoom account: README, "Nightly against a real Zoom account".
login: ## save a Zoom sign-in made by a person to E2E_SESSION_FILE (needs a display)
	$(GO) run ./cmd/zoomlogin

janitor: ## delete the harness's apps older than OLDER_THAN (24h) from the sandbox account
	$(GO) run ./cmd/janitor -older-than "$(or $(OLDER_THAN),24h)"

nightly: deps ## the e2e suite against the sandbox sites via gotestsum: JUnit, JSON, artifacts, then the janitor
	GO="$(GO)" OLDER_THAN="$(or $(OLDER_THAN),24h)" ./scripts/nightly.sh
