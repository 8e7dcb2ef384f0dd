"""The corpus fixture for this directory (tests/conftest.py imports the same one)."""

from tests.corpus.fixtures import corpus

__all__ = ["corpus"]
