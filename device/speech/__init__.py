"""On-device speech: silero VAD and Whisper through sherpa-onnx, speaker labels from direction.

Public entry points: :class:`SpeechWorker` (live, in its own process),
:func:`transcribe_recording` (a finished or recovered recording), :class:`SpeechSettings`.
"""

from device.speech.errors import (
    AudioFormatError,
    GeometryError,
    ModelLoadError,
    ModelMissingError,
    SpeechError,
    WorkerError,
)
from device.speech.settings import SpeechSettings
from device.speech.worker import SpeechWorker, WorkerResult, transcribe_recording

__all__ = [
    "AudioFormatError",
    "GeometryError",
    "ModelLoadError",
    "ModelMissingError",
    "SpeechError",
    "SpeechSettings",
    "SpeechWorker",
    "WorkerError",
    "WorkerResult",
    "transcribe_recording",
]
