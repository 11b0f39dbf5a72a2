# Two commands on a fresh machine:
#   make run   set everything up and serve the portal on http://127.0.0.1:8000/ (SQLite), with
#              the notification worker printing e-mails to this terminal
#   make test  run the whole test suite (PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test setup install translations demo lint typecheck format clean benchmark

# The notification worker runs beside the server (e-mails appear in this terminal within
# seconds) and is stopped when the server stops.
run: setup demo
	$(MANAGE) deliver_notifications --loop --interval 10 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST)

# The tests run in parallel on every core (pytest-xdist); PYTEST_ARGS="-n 0" runs them in one
# process, e.g. to step through one test in a debugger.
PYTEST_XDIST ?= -n auto
test: install translations
	$(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

setup: install translations
	$(MANAGE) migrate --no-input
	$(MANAGE) load_wilayah

demo:
	$(MANAGE) seed_demo

# National-scale benchmark (several minutes; drops and rebuilds its own PostgreSQL database
# binaan_bench, needs Redis and Debian's wrk): writes docs/benchmarks.md. Quicker trial:
#   make benchmark BENCHMARK_ARGS="--sessions 5000 --reports 10000 --seconds 3"
benchmark: install translations
	$(MANAGE) benchmark $(BENCHMARK_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

translations: install
	$(MANAGE) compile_translations

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# mypy with django-stubs over kelurahan/ and binaan/ (settings in pyproject.toml).
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
