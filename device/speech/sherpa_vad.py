"""Adapter: silero VAD through sherpa-onnx, one 32 ms window at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import sherpa_onnx

from device.model_files import require
from device.speech.errors import ModelLoadError, ModelMissingError
from device.speech.settings import SAMPLE_RATE, VadSettings

WINDOW = 512
"""Samples per silero window at 16 kHz."""


class SileroVad:
    """Debounced speech/non-speech decision per window (min speech and silence applied).

    Windows advance by ``window`` samples but each call sees ``width`` samples: silero v5
    takes 64 samples of look-ahead context beyond the 512 it judges.
    """

    window = WINDOW

    def __init__(self, model: Path, settings: VadSettings) -> None:
        require(model, "silero VAD", ModelMissingError)
        config = sherpa_onnx.VadModelConfig()
        config.silero_vad.model = str(model)
        config.silero_vad.threshold = settings.threshold
        config.silero_vad.min_silence_duration = settings.min_silence_s
        config.silero_vad.min_speech_duration = settings.min_speech_s
        config.silero_vad.window_size = WINDOW
        config.sample_rate = SAMPLE_RATE
        config.num_threads = 1
        try:
            self._model = sherpa_onnx.VadModel.create(config)
        except Exception as exc:  # sherpa raises bare RuntimeError on bad files
            raise ModelLoadError(f"cannot load silero VAD from {model}: {exc}") from exc
        self.width = int(self._model.window_size())

    def is_speech(self, window: npt.NDArray[np.float32]) -> bool:
        """Whether speech is going on in these ``width`` samples (advance by ``window``)."""
        return bool(self._model.is_speech(window))

    def reset(self) -> None:
        self._model.reset()
