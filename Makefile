# pegxl — two commands for a newcomer: `make demo` and `make test`. Each bootstraps .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= demo-out

.PHONY: all demo test test-fast lint typecheck unit clients-deps bench bench-quick docs readme wheel clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pegxl demo $(DEMO)
	@echo
	@echo "The pegxl command is in $(BIN)/: run '. $(BIN)/activate' to put it on your PATH,"
	@echo "or type $(BIN)/pegxl. Every command of README.md runs from here as written."

# the wheel an office PC installs without make (pip install / pipx install dist/pegxl-*.whl)
wheel: $(STAMP)
	$(BIN)/python -m pip wheel --no-deps --quiet -w dist .
	@ls dist/pegxl-*.whl

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy pegxl

# The real-client tests need LibreOffice Calc (with its Python UNO bridge), Gnumeric, poppler
# (PDF pages to PNG) and Chromium (the HTML report). As root (CI, a fresh machine) they are
# installed here; otherwise those tests skip with the reason. Not libreoffice-calc-nogui: it ships
# an empty scalc/ui folder, and soffice aborts a moment after the first typed cell when Calc's
# input line cannot load posbox.ui (the UNO tests then fail by chance on a loaded machine).
CALC_UI := /usr/lib/libreoffice/share/config/soffice.cfg/modules/scalc/ui/posbox.ui
clients-deps:
	@if command -v soffice >/dev/null 2>&1 && [ -f $(CALC_UI) ] && command -v ssconvert >/dev/null 2>&1 \
	    && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
	    && command -v chromium >/dev/null 2>&1; then \
	  echo "spreadsheet clients: present"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing LibreOffice Calc, python3-uno, Gnumeric, poppler-utils, Chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-calc python3-uno gnumeric poppler-utils chromium >/dev/null; \
	else \
	  echo "spreadsheet clients missing and not root: real-client tests will be skipped"; \
	fi

# on every core (pytest-xdist); a file's tests stay on one worker, so its fixtures are made once.
# PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto
unit: $(STAMP)
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile

test: $(STAMP) clients-deps lint typecheck unit

# the fast suite while working: no real clients, no slow tests (make test runs everything)
test-fast: $(STAMP)
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile -m "not slow and not client"

# the whole cycle measured as a user runs it, beside its baselines (benchmarks/README.md): under
# 15 minutes on two cores; bench-quick under 2. They add the baselines' readers (.[bench]).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	cd benchmarks && ../$(BIN)/python bench.py

bench-quick: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	cd benchmarks && ../$(BIN)/python bench.py --quick

clean:
	rm -rf $(VENV) $(DEMO) dist build .pytest_cache .mypy_cache .ruff_cache

docs: $(STAMP)
	$(BIN)/python docs/make_images.py
	$(BIN)/python docs/desk_images.py
