# Stable entry points; see README.md.
PY := .venv/bin/python
ONCE ?=
FAST ?=

.PHONY: setup test demo bench lint

setup:
	bash scripts/setup.sh

test:
	$(PY) -m pytest -q

demo:
	$(PY) -m demo $(if $(ONCE),--once) $(if $(FAST),--speed $(FAST))

bench:
	$(PY) -m bench

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
