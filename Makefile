# GXP Tray. The two commands a newcomer needs:
#   make demo   build and run the tray app against the built-in simulated phone
#   make test   install what is missing, then vet, check formatting and run every test
SHELL := /bin/bash
GO    ?= go
BIN   ?= gxptray
PKGS  := ./...
VERSION ?= $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all deps deps-e2e modules build test unit e2e vet fmt-check bench demo screenshots install uninstall package package-test windows vet-darwin clean

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

# The release archive, unpacked and installed into a throw-away home: files,
# .desktop entries, tel:/callto: handler (xdg-mime), uninstall.
package-test: build
	bash scripts/package-test.sh ./$(BIN)

test: deps-e2e modules fmt-check vet unit e2e package-test

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

# Per-user install: ~/.local/bin, icon, menu entry, tel:/callto: handler.
# INSTALL_FLAGS=--autostart starts it with the desktop; PREFIX=/usr/local for all users.
install: build
	bash scripts/install.sh $(INSTALL_FLAGS)

uninstall:
	bash scripts/uninstall.sh $(UNINSTALL_FLAGS)

# Linux release archive (fyne package, -trimpath, stripped) in dist/.
package: deps modules
	bash scripts/package.sh

# gxptray.exe, cross-compiled with mingw-w64.
windows: deps modules
	bash scripts/windows.sh

# What can be vetted for macOS from here (see README, Windows and macOS).
vet-darwin: modules
	bash scripts/vet-darwin.sh

clean:
	rm -rf $(BIN) $(BIN).exe dist build
	$(GO) clean -testcache
