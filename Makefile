# Stable entry points; see README.md.
PY := .venv/bin/python
ONCE ?=
FAST ?=

.PHONY: setup test demo bench lint image-smoke

setup:
	bash scripts/setup.sh

test:
	$(PY) -m pytest -q --junitxml=build/test-results/junit.xml

demo:
	$(PY) scripts/demo.py $(if $(ONCE),--once) $(if $(FAST),--speed $(FAST))

bench:
	$(PY) -m tests.benchmarks

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# Rootfs smoke build: mmdebstrap bookworm + install step + device self-test (~2 min, in CI).
image-smoke:
	bash image/smoke/build-rootfs.sh build/image-smoke
