"""Adapter: Whisper through sherpa-onnx's offline recognizer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import sherpa_onnx

from device.model_files import require
from device.speech.asr import Decoded
from device.speech.errors import ModelLoadError, ModelMissingError
from device.speech.settings import SAMPLE_RATE

AUTO = "auto"
"""Language setting that asks Whisper to detect the language per segment."""


class WhisperDecoder:
    """Decodes one segment (≤ 30 s) with one Whisper model."""

    def __init__(
        self, encoder: Path, decoder: Path, tokens: Path, *, language: str, num_threads: int
    ) -> None:
        for what, path in (
            ("Whisper encoder", encoder),
            ("Whisper decoder", decoder),
            ("Whisper tokens", tokens),
        ):
            require(path, what, ModelMissingError)
        self.name = encoder.name
        self._language = language
        try:
            self._recognizer = sherpa_onnx.OfflineRecognizer.from_whisper(
                encoder=str(encoder),
                decoder=str(decoder),
                tokens=str(tokens),
                language="" if language == AUTO else language,
                task="transcribe",
                num_threads=num_threads,
            )
        except Exception as exc:  # sherpa raises bare RuntimeError on bad files
            raise ModelLoadError(f"cannot load Whisper from {encoder}: {exc}") from exc

    def decode(self, samples: npt.NDArray[np.float32]) -> Decoded:
        """Text and language of one segment of float samples at 16 kHz."""
        stream = self._recognizer.create_stream()
        stream.accept_waveform(SAMPLE_RATE, np.ascontiguousarray(samples, dtype=np.float32))
        self._recognizer.decode_stream(stream)
        result = stream.result
        return Decoded(text=result.text.strip(), language=self._detected(result.lang))

    def _detected(self, lang: str) -> str:
        code = lang.strip("<|>").strip().lower()
        if self._language != AUTO or not code:
            return self._language if self._language != AUTO else "und"
        return code
