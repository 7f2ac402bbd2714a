# GXP Tray. The two commands a newcomer needs:
#   make demo   build and run the tray app against the built-in simulated phone
#   make test   install what is missing, then vet, check formatting and run every test
SHELL := /bin/bash
GO    ?= go
BIN   ?= gxptray
PKGS  := ./...
VERSION ?= $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)

.PHONY: all deps deps-demo deps-e2e deps-package deps-windows modules build test unit e2e vet lint fmt-check bench demo screenshots install uninstall package package-test windows wine-test vet-darwin clean

# What the program is built from: the binary is rebuilt only when one of
# these is newer (make demo twice in a row builds once).
GO_SOURCES := $(shell find . -path ./e2e-artifacts -prune -o -path ./dist -prune -o -path ./build -prune -o -type f \( \( -name '*.go' ! -name '*_test.go' \) -o -name go.mod -o -name go.sum -o -name FyneApp.toml -o -path './assets/*' \) -print)

all: build

deps:
	@bash scripts/deps.sh

deps-demo:
	@bash scripts/deps.sh --demo

deps-e2e:
	@bash scripts/deps.sh --e2e

deps-package:
	@bash scripts/deps.sh --package

deps-windows:
	@bash scripts/deps.sh --windows

modules:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: get Go 1.26 or newer from https://go.dev/dl/"; exit 1; }
	@$(GO) mod download

build: $(BIN)

# deps and modules are order-only: they install what is missing but do not
# make the binary out of date.
$(BIN): $(GO_SOURCES) | deps modules
	GO=$(GO) VERSION=$(VERSION) bash scripts/build.sh $(BIN)

vet: deps modules
	$(GO) vet $(PKGS)

# staticcheck, gocyclo -over 20, go vet for windows and darwin (pinned checkers in build/tools).
lint: deps modules
	bash scripts/lint.sh

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
package-test: deps-package build
	bash scripts/package-test.sh ./$(BIN)

# The Windows build under Wine 8 in a fresh prefix, against the simulated
# phone: command line, tray icon, Credential Manager, tel: links, Run key,
# installer (ui/winee2e).
wine-test: deps-windows modules
	bash scripts/wine-test.sh

test: deps-e2e deps-windows modules fmt-check vet lint unit e2e package-test wine-test

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

# Only what the demo needs: the build packages (and curl without a desktop).
demo: deps-demo $(BIN)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		./$(BIN) --demo; \
	else \
		bash scripts/demo-cli.sh ./$(BIN); \
	fi

# Per-user install: ~/.local/bin, icon, menu entry, tel:/callto: handler.
# INSTALL_FLAGS=--autostart starts it with the desktop; PREFIX=/usr/local for all users.
install: deps-package build
	bash scripts/install.sh $(INSTALL_FLAGS)

uninstall:
	bash scripts/uninstall.sh $(UNINSTALL_FLAGS)

# Linux release archive (fyne package, -trimpath, stripped) in dist/.
package: deps-package modules
	bash scripts/package.sh

# gxptray.exe, cross-compiled with mingw-w64, and its per-user installer
# gxptray-setup.exe (NSIS).
windows: deps-windows modules
	bash scripts/windows.sh

# What can be vetted for macOS from here (see README, Windows and macOS).
vet-darwin: modules
	bash scripts/vet-darwin.sh

clean:
	rm -rf $(BIN) $(BIN).exe $(BIN)-setup.exe dist build
	$(GO) clean -testcache
