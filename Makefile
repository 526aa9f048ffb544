# bankctl's developer tasks; see README.md.
GO ?= go

.PHONY: build test race vet docs check-docs release-check snapshot bench fuzz
build:
	$(GO) build -o bankctl .

# The README's test command, with a real OS keyring when one can be started.
test:
	scripts/with-keyring $(GO) test -count=1 ./...

race:
	scripts/with-keyring $(GO) test -race -count=1 ./...

vet:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	$(GO) vet ./...

# Regenerate completions/ and docs/ (man pages, Markdown reference) from the command tree.
docs:
	$(GO) run ./tools/gendocs

# Fail when the committed completions/ or docs/ differ from what the code generates.
check-docs: docs
	@git diff --exit-code --stat -- completions docs && test -z "$$(git status --porcelain -- completions docs)" \
	  || (echo "completions/ or docs/ are stale: run 'make docs' and commit" >&2; exit 1)

release-check:
	goreleaser check

snapshot:
	goreleaser release --snapshot --clean

# Speed against the baselines (hyperfine, curl, gh from Debian); see docs/performance.md.
bench:
	scripts/with-keyring scripts/bench

# Every fuzz target for FUZZTIME (default 10s) each; failures land in testdata/fuzz.
fuzz:
	scripts/fuzz
