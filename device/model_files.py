"""The one presence check for model files, used by the daemon, speech, note and self-test.

A model file is present when it is a regular file. Each caller names what the file is and
which error to raise, so a missing file is reported in the words of the part that needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from device.errors import DeviceError
from models.errors import ArtifactMissingError

MissingError = Callable[[str, Path], Exception]
"""Builds the error for a missing file from what it is and its path."""


class ModelFileMissingError(DeviceError, ArtifactMissingError):
    """A configured model file is absent; the message names it and the command that fetches it."""

    def __init__(self, what: str, path: Path) -> None:
        ArtifactMissingError.__init__(self, path, what)


def present(path: Path) -> bool:
    """Whether the model file is there."""
    return path.is_file()


def require(path: Path, what: str, missing: MissingError = ModelFileMissingError) -> Path:
    """Return ``path`` when the model file is there, else raise ``missing(what, path)``."""
    if not present(path):
        raise missing(what, path)
    return path


def absent(paths: Iterable[Path]) -> list[Path]:
    """The paths that are neither a model file nor a model folder (``[models] paths``)."""
    return [path for path in paths if not (present(path) or path.is_dir())]
