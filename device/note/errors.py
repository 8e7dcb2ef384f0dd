"""Errors of the note subsystem, each with a message a person can act on."""

from __future__ import annotations

from pathlib import Path

from device.errors import DeviceError


class NoteError(DeviceError):
    """Base class for note drafting errors."""


class NoteModelError(NoteError):
    """The language model could not be loaded or failed while drafting."""


class NoteModelMissingError(NoteModelError):
    """The configured GGUF file is absent."""

    def __init__(self, _what: str, path: Path) -> None:
        super().__init__(f"model file {path} not found: fetch the models or fix the path")


class ModelOutputError(NoteError):
    """The language model's output did not parse or did not match the requested schema."""


class TranscriptInputError(NoteError):
    """A transcript file could not be read as transcript JSON or ``SPEAKER: text`` lines."""
