# Latticework: `make serve` to preview the site, `make test` to check everything.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck
# GoReleaser, which makes releases (.goreleaser.yaml), installed here on
# demand rather than as a tool in go.mod: that would add 320 modules (about
# 320 MB) to every go mod download of the repository.
GORELEASER_VERSION := v2.17.0
GORELEASER := .cache/tools/goreleaser-$(GORELEASER_VERSION)/goreleaser

.PHONY: build check serve test test-go test-wasm scorer-wasm lint fuzz bench bench-compare bench-search compare-docusaurus audit clean goreleaser release-snapshot

## build: build the site into public/
build:
	$(GO) run ./cmd/build

## check: check every page, link and exercise without writing anything
## (CHECK_FLAGS=-ci adds GitHub annotations; they are on by default in GitHub Actions)
check:
	$(GO) run ./cmd/build -check $(CHECK_FLAGS)

## serve: build the site and serve it on http://127.0.0.1:1313/ (SERVE_FLAGS=-port 8080 …)
# Built, then exec'd rather than `go run`: the server is then make's own
# child, so stopping make (Ctrl-C, or SIGTERM, which make passes on to its
# children) stops the server too instead of leaving it on the port.
serve:
	@mkdir -p .cache/bin
	$(GO) build -o .cache/bin/serve ./cmd/serve
	exec .cache/bin/serve $(SERVE_FLAGS)

## test: formatting, vet, staticcheck, wasm tests, unit and browser tests;
## ends with a summary counting passed, failed and skipped tests, naming
## each skipped test with its reason (PKGS=./internal/render/ for fewer)
test: lint test-wasm test-go

# gotestsum (a tool dependency in go.mod, so nothing to install) prints a
# line per package, then every failure and every skip with its message, and
# last "DONE n tests, m skipped, k failures": keep test-go the last step so
# that summary ends the output. The release snapshot test runs once
# `make goreleaser` has installed GoReleaser, and skips saying so before.
PKGS ?= ./...
test-go: node_modules/.package-lock.json
	GORELEASER=$(if $(wildcard $(GORELEASER)),$(abspath $(GORELEASER))) \
	  $(GO) tool gotestsum --format pkgname --format-icons text --format-hide-empty-pkg -- -timeout 30m $(PKGS)

# axe-core (accessibility tests) and Lighthouse (make audit), pinned in
# package-lock.json. Without npm the tests that need them skip and say so.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; else echo "npm not found: accessibility tests will skip"; fi

# The scorer's packages again, compiled to WebAssembly and run under Node,
# with the toolchain's own wasm_exec.js.
test-wasm:
	PATH="$(WASM_EXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./cmd/scorer/ ./internal/exercise/...

## scorer-wasm: recompile the worksheet scoring module that latticework embeds
## (internal/scorerwasm), after changing cmd/scorer, internal/exercise or go.mod's go line
scorer-wasm:
	$(GO) generate ./internal/scorerwasm

lint: $(STATICCHECK)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## fuzz: run every fuzz target for FUZZTIME each (not part of make test);
## FUZZ=FuzzSite runs one. New inputs are minimised for FUZZMINIMIZETIME at
## most: Go's default of 60 s would leave a short run no time to fuzz.
FUZZTIME ?= 20s
FUZZMINIMIZETIME ?= 1s
FUZZ ?= Fuzz
fuzz:
	@grep -rE --include='*_test.go' -o '^func $(FUZZ)[A-Za-z0-9_]*' internal cmd | sed 's/:func / /' | \
	while read -r file target; do \
	  echo "== $$target ./$$(dirname $$file)"; \
	  $(GO) test "./$$(dirname $$file)" -run '^$$' -fuzz "^$$target$$" \
	    -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) || exit 1; \
	done

## bench: Go benchmarks of the build's hot paths, then Latticework against Hugo,
## then Latticework's search against Pagefind's
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(MAKE) bench-compare
	$(MAKE) bench-search

## bench-compare: time Latticework and Hugo (if installed) on generated corpora;
## BENCH_SIZES=1,100,1000,10000 adds the large one (minutes, about 10 GB of disk),
## BENCH_SIZES=…,10000,100000 the 100,000-page build (about an hour, 10 GB more; no Hugo)
BENCH_SIZES ?= 1,100,1000
bench-compare:
	$(GO) run ./bench/compare -sizes $(BENCH_SIZES)

## bench-search: Latticework's search against Pagefind (npm pagefind, installed by
## npm ci into .cache/search/) on the generated corpus and this site, in Chromium;
## BENCH_SEARCH_FLAGS=-pages 100 for a quicker run
bench-search:
	$(GO) run ./bench/search $(BENCH_SEARCH_FLAGS)

## compare-docusaurus: build the Docusaurus fixture (internal/docusaurus) with
## Docusaurus 3.10.2, installed by npm ci into .cache/docusaurus/, and with
## Latticework, and print every difference (minutes; COMPARE_FLAGS=-recorded
## compares with the recorded Docusaurus build instead, in seconds)
compare-docusaurus:
	$(GO) run ./bench/docusaurus $(COMPARE_FLAGS)

## audit: Lighthouse on the built article, served as a static host would, desktop and mobile
audit: node_modules/.package-lock.json
	$(GO) run ./bench/audit

## release-snapshot: build every release archive as a pushed tag would, with
## GoReleaser, into a temporary folder, and test them (minutes; publishes nothing)
release-snapshot: $(GORELEASER)
	GORELEASER=$(abspath $(GORELEASER)) $(GO) test -count=1 -timeout 30m -run '^TestReleaseSnapshot$$' -v ./internal/cli/initcmd/

## goreleaser: install GoReleaser into .cache/tools (make test then runs the release test)
goreleaser: $(GORELEASER)

$(GORELEASER):
	GOBIN=$(abspath $(dir $(GORELEASER))) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

clean:
	rm -rf public .cache

## new: start an article and its worksheet: make new TITLE="Second-Order Thinking" [CATEGORY=docs/...] [SLUG=...]
.PHONY: new
new:
	$(GO) run ./cmd/new -title "$(TITLE)" $(if $(CATEGORY),-category "$(CATEGORY)") $(if $(SLUG),-slug "$(SLUG)")
