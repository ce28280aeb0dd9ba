# Two commands do all the set-up on a fresh Debian machine: `make demo` and `make test` (see README).
SHELL := /bin/bash
PY := .venv/bin/python
MANAGE := LANDREG_DEMO=1 $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo serve test lint bench messages clean-demo

setup:
	@./scripts/bootstrap.sh

# The demo runs with DEBUG off (its visitors see the registry's own error pages): runserver --insecure serves
# the static files all the same.
demo: setup
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --quiet
	$(MANAGE) load_adjudication_demo
	$(MANAGE) load_disputes_demo
	$(MANAGE) issue_certificate --approved-claims --signer maire --public-url http://$(HOST):$(PORT)
	$(MANAGE) audit_checkpoint --export var/audit-checkpoints.json --jwks var/audit-checkpoint-jwks.json
	$(MANAGE) verify_audit --checkpoints var/audit-checkpoints.json --jwks var/audit-checkpoint-jwks.json
	@$(MANAGE) load_demo 2>/dev/null  # already loaded: prints the demo logins just before serving
	@echo "==> Serving the registry on http://$(HOST):$(PORT)/ (admin: /admin/, API docs: /api/docs/)"
	@echo "==> Background jobs (imports, batch printing): worker log in var/worker.log"
	@$(MANAGE) run_huey --workers 1 > var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver --insecure $(HOST):$(PORT)

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	LANDREG_DEMO=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: setup
	$(MANAGE) makemessages -l fr --no-location --ignore=.venv --ignore=var --ignore=bench

# The benchmarks' own tools (locust, pygeoapi: the extra "bench" of pyproject.toml) are installed here only,
# never by setup: the registry and its tests do not need them.
bench: setup
	@$(PY) -c "import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in ('locust', 'pygeoapi')))" \
	  || $(PY) -m pip install -q -e ".[bench]"
	LANDREG_DEMO=1 $(PY) bench/run.py $(BENCH)

clean-demo:
	rm -f var/landreg.sqlite3
