"""The self-test's real Whisper decode, meant to run in a child process (run_isolated)."""

from __future__ import annotations

import numpy as np

from device.speech.build import build_decoders
from device.speech.settings import SAMPLE_RATE, SpeechSettings


def first_decode(settings: SpeechSettings) -> str:
    """Load the default decoder and decode one second of faint noise; returns its name."""
    primary, _ = build_decoders(settings)
    samples = (np.random.default_rng(0).standard_normal(SAMPLE_RATE) * 0.01).astype(np.float32)
    primary.decode(samples)
    return primary.name
