# bankctl's developer tasks. `make test` is what CI runs (with a real OS keyring when one can be
# started); see README.md.
GO ?= go

.PHONY: build test race vet fmt
build:
	$(GO) build -o bankctl .

test:
	scripts/with-keyring $(GO) test -count=1 ./...

race:
	scripts/with-keyring $(GO) test -race -count=1 ./...

vet:
	gofmt -l $$(git ls-files '*.go') | (! grep .)
	$(GO) vet ./...
