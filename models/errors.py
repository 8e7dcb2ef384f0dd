"""Errors raised by the model pipeline, each with a message a person can act on."""

from __future__ import annotations

from pathlib import Path


class ModelError(Exception):
    """Base class for every model-pipeline failure."""


class ManifestError(ModelError):
    """The manifest is malformed or names an unknown artifact."""


class SourceError(ModelError):
    """An input (a wheel, a model folder, a part) is missing or unusable."""


class ArtifactMissingError(ModelError):
    """A model file that configuration points at does not exist."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            f"{what} not found at {path}. Run `python -m models fetch --profile test` "
            "(or the image build for production) or point the configuration at the right file."
        )
        self.path = path


class ChecksumMismatchError(ModelError):
    """A file's sha256 differs from the pinned one; the file is refused."""

    def __init__(self, name: str, expected: str, actual: str) -> None:
        super().__init__(
            f"sha256 mismatch for {name}: expected {expected}, got {actual}. "
            "The file was refused and nothing was written to the model store."
        )
        self.name = name
        self.expected = expected
        self.actual = actual


class TruncatedPartError(SourceError):
    """A model part is shorter than the manifest says."""

    def __init__(self, name: str, expected: int, actual: int) -> None:
        super().__init__(
            f"model part {name} is truncated: {actual} bytes, expected {expected}. "
            "Re-download the package; nothing was written to the model store."
        )
        self.name = name
