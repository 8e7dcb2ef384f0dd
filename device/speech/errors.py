"""Errors the speech subsystem raises, each with a message a person can act on."""

from __future__ import annotations

from device.errors import DeviceError


class SpeechError(DeviceError):
    """Base class for speech failures."""


class ModelMissingError(SpeechError):
    """A configured model file does not exist."""

    def __init__(self, what: str, path: object) -> None:
        super().__init__(
            f"{what} model file is missing: {path}. Fetch the models into the model store "
            "(`make setup`) or point the speech configuration at the right file."
        )


class ModelLoadError(SpeechError):
    """A model file exists but the runtime could not load it."""


class GeometryError(SpeechError):
    """A microphone geometry is unknown, malformed or does not fit the audio."""


class AudioFormatError(SpeechError):
    """Audio input has a sample rate, width or channel count speech cannot use."""


class WorkerError(SpeechError):
    """The speech worker process failed or did not answer in time."""
