# GXP Tray. The two commands a newcomer needs:
#   make demo   build and run the tray app against the built-in simulated phone
#   make test   install what is missing, then vet, check formatting and run every test
SHELL := /bin/bash
GO    ?= go
BIN   ?= gxptray
PKGS  := ./...
VERSION ?= $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all deps deps-e2e modules build test unit e2e vet fmt-check bench demo screenshots clean

all: build

deps:
	@bash scripts/deps.sh

deps-e2e:
	@bash scripts/deps.sh --e2e

modules:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: get Go 1.26 or newer from https://go.dev/dl/"; exit 1; }
	@$(GO) mod download

build: deps modules
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) .

vet: deps modules
	$(GO) vet $(PKGS)

fmt-check:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$bad" ]; then echo "gofmt would change:"; echo "$$bad"; exit 1; fi

unit: deps modules
	$(GO) test -race -count=1 $(PKGS)

# End-to-end: the real binary on a private headless desktop (Xvfb, session
# bus, keyring, tray watcher, notification server); screenshots in e2e-artifacts/.
e2e: deps-e2e build
	GXPTRAY_BIN=$(CURDIR)/$(BIN) bash scripts/e2e.sh

test: deps-e2e modules fmt-check vet unit e2e

# Figures, not assertions: the client's cost per poll, ring -> event delay,
# then the whole app on a headless desktop (ring -> notification, hotkey ->
# phone, idle CPU/wake-ups/memory against two baselines, start-up, popup).
bench: deps-e2e modules
	$(GO) test -run '^$$' -bench . -benchtime 10x -benchmem ./cti/...
	bash scripts/bench.sh

# README pictures, taken from the real app on a headless desktop.
screenshots: build
	@bash scripts/deps.sh --screenshots
	GXPTRAY_BIN=$(CURDIR)/$(BIN) bash scripts/screenshots.sh

demo: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		./$(BIN) --demo; \
	else \
		bash scripts/demo-cli.sh ./$(BIN); \
	fi

clean:
	rm -f $(BIN) $(BIN).exe
	$(GO) clean -testcache
