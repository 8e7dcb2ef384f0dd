"""Shared fixtures: the model store (``model_store``) and the generated corpus (``corpus``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.store import default_store
from tests.corpus_fixtures import corpus

__all__ = ["corpus", "model_store", "require_model"]


@pytest.fixture(scope="session")
def model_store() -> Path:
    """The model store: ``$SAMTAL_MODELS`` or ``~/.cache/samtal/models`` (it may be empty)."""
    return default_store()


def require_model(store: Path, *relative: str) -> Path:
    """Return ``store/relative[0]``; skip the test, naming the file, if any given file is absent.

    Usage: ``enc = require_model(model_store, "whisper-base-sherpa/encoder.int8.onnx")``.
    """
    if not relative:
        raise ValueError("name at least one model file")
    for name in relative:
        if not (store / name).exists():
            pytest.skip(f"model file {store / name} is absent; run `make setup` (models fetch)")
    return store / relative[0]


NATIVE_MODEL_RUNTIMES = ("llama_cpp", "sherpa_onnx")
"""Imported only in child processes (model process, speech worker, run_isolated), so a
crash in native model code never takes the test run down with it."""


@pytest.fixture(scope="session", autouse=True)
def _native_runtimes_stay_in_children() -> Iterator[None]:
    yield
    import sys  # noqa: PLC0415 - read at the end of the session

    loaded = [name for name in NATIVE_MODEL_RUNTIMES if name in sys.modules]
    assert not loaded, f"{loaded} imported into the test process; run it in a child process"
