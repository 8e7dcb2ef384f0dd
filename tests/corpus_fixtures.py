"""pytest fixture for the generated corpus (models.corpus); tests/conftest.py imports it."""

from __future__ import annotations

import pytest

from models.corpus.corpus import Corpus, ensure_corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The generated corpus, built into ``$SAMTAL_CACHE/corpus/v1`` on first use."""
    return ensure_corpus()
