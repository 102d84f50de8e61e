# Two commands: `make demo` serves the example organization; `make test` runs every check.
# Both create .venv from scratch on a fresh machine with Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The PostgreSQL the suite runs on a second time when it is reachable.
PG_URL ?= postgres://postgres@127.0.0.1:5432/collegium

.PHONY: demo test lint typecheck pytest pytest-pg browser-deps messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The installed environment is stamped so that `make` reinstalls when the pins change.
$(VENV)/.installed: $(BIN)/activate pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/collegium demo --port $(PORT)

# Debian's Chromium drives the browser tests; `playwright install` cannot download here.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "warning: /usr/bin/chromium is missing and cannot be installed (not root); browser tests will fail"; fi; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	# Views, API and web modules never write models (imports cannot show it; an AST check).
	$(BIN)/pytest -q tests/test_layering.py

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src tests bench

pytest: $(VENV)/.installed-test browser-deps
	COLLEGIUM_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 --dist loadgroup

# Runs the suite again on PostgreSQL when a server answers (DATABASE_URL, or PG_URL).
pytest-pg: $(VENV)/.installed-test browser-deps
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python -c "import sys, psycopg; psycopg.connect(sys.argv[1].rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== suite on PostgreSQL ($$url)"; \
	  COLLEGIUM_DATA_DIR=$(CURDIR)/var/test-pg DATABASE_URL="$$url" $(BIN)/pytest -n 2 --dist loadgroup -m "not slow"; \
	else echo "== PostgreSQL not reachable at $$url: suite ran on SQLite only"; fi

test: lint typecheck pytest pytest-pg

messages: $(VENV)/.installed
	cd src/collegium && ../../$(BIN)/django-admin compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
