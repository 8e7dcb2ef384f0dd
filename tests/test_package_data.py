"""What the installed packages ship: product files only, no test data."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRODUCT = ("common", "wire", "device", "hub", "provisioning", "models")


def test_envelope_vectors_live_under_tests() -> None:
    """The committed envelope test vectors are test data, outside every product package."""
    shipped = [p for name in PRODUCT for p in (REPO / name).rglob("*.cbor")]
    assert shipped == []
    assert (REPO / "tests/delivery/envelope_vectors/vectors.json").is_file()


def test_package_data_lists_no_test_vector_files() -> None:
    """Package data does not match the vectors' CBOR blobs, so none can ship by accident."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    assert "*.cbor" not in patterns
