# news-search tasks. `make serve` and `make test` are the README's two commands.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ARGS ?=

.PHONY: default install chromium axe serve index test lint fmt typecheck bench bench-quick clean
default: test lint

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench,dev,cluster]'
	touch $@

# Browser tests drive Debian's chromium through Playwright (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# axe-core for the accessibility tests, from npm at the version tests/package-lock.json
# pins (injected into pages by Playwright; never a CDN).
AXE := tests/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
	cd tests && npm ci --no-audit --no-fund --silent
	touch $@

index: install
	@[ -f index/CURRENT ] || [ -f index/meta.json ] || $(BIN)/news-search index seeds/

serve: index
	$(BIN)/news-search serve

test: install chromium axe
	$(BIN)/pytest $(ARGS)

lint: install
	$(BIN)/ruff check search web tests bench
	$(BIN)/ruff format --check search web tests bench

fmt: install
	$(BIN)/ruff format search web tests bench
	$(BIN)/ruff check --fix search web tests bench

typecheck: install
	$(BIN)/mypy

bench: install
	$(PY) bench/run.py

bench-quick: install
	$(PY) bench/run.py --quick

clean:
	rm -rf $(VENV) index/whoosh index/gen-* index/CURRENT index/WRITELOCK index/*.sqlite3 index/meta.json
