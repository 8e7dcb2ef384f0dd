"""A fake decoder, beside the real one: it loops like the int8 model once did.

A looping int8 decode cannot be produced on demand, so :class:`FakeLoopingDecoder` wraps a
real decoder and turns its output into a loop; everything after it (guard, fp32 re-decode,
worker) runs for real.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from device.speech.asr import Decoded, Decoder
from device.speech.build import build_decoders, build_pipeline
from device.speech.pipeline import SpeechPipeline
from device.speech.settings import SpeechSettings


class FakeLoopingDecoder:
    """Decodes with ``inner`` and then repeats the last words, like a stuck decoder."""

    def __init__(self, inner: Decoder, repeats: int = 6, words: int = 3) -> None:
        self.inner = inner
        self.name = f"looping({inner.name})"
        self.repeats = repeats
        self.words = words
        self.calls = 0

    def decode(self, samples: npt.NDArray[np.float32]) -> Decoded:
        self.calls += 1
        real = self.inner.decode(samples)
        tail = " ".join(real.text.split()[-self.words :]) or "eller en råd"
        return Decoded(" ".join([real.text, *[tail] * self.repeats]), real.language)

    def release(self) -> None:
        """Pass a release on to the wrapped decoder, like the real one would take it."""
        release = getattr(self.inner, "release", None)
        if callable(release):
            release()


def looping_pipeline(settings: SpeechSettings, channels: int) -> SpeechPipeline:
    """A real pipeline whose default decoder loops; picklable for the worker process."""
    primary, fallback = build_decoders(settings)
    return build_pipeline(settings, channels, (FakeLoopingDecoder(primary), fallback))
