# Latticework: `make serve` to preview the site, `make test` to check everything.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: build serve test test-go test-wasm lint bench clean

## build: build the site into public/
build:
	$(GO) run ./cmd/build

## serve: build the site and serve it on http://127.0.0.1:1313/
serve:
	$(GO) run ./cmd/serve

## test: formatting, vet, staticcheck, unit and browser tests, wasm tests
test: lint test-go

test-go:
	$(GO) test ./...

lint: $(STATICCHECK)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## bench: Go benchmarks of the build's hot paths
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf public .cache
