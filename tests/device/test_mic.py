"""The PyAudio microphone adapter on the ALSA file-backed PCM."""

from __future__ import annotations

import logging

import numpy as np
import pyaudio
import pytest

from device.hardware.mic import MicError, MicStream, PyAudioMic
from device.settings import MicSettings
from tests.device.conftest import CHANNELS, RATE


def test_reads_the_file_samples_per_channel(alsa_mic: str, test_audio: np.ndarray) -> None:
    """Blocks come back as (frames, channels) int16 equal to the PCM's samples."""
    mic = PyAudioMic(MicSettings(device_name=alsa_mic, channels=CHANNELS, rate=RATE))
    stream = mic.open()
    blocks = [stream.read() for _ in range(5)]
    stream.close()
    mic.close()
    assert blocks[0].shape == (1600, CHANNELS)
    np.testing.assert_array_equal(np.concatenate(blocks), test_audio[: 5 * 1600])


def test_unknown_device_name_lists_what_exists(alsa_mic: str) -> None:
    """Asking for a device that is not there names the ones that are."""
    mic = PyAudioMic(MicSettings(device_name="respeaker", channels=CHANNELS))
    with pytest.raises(
        MicError, match=f"no input device named like 'respeaker'; found: .*{alsa_mic}"
    ):
        mic.find_device()
    mic.close()


class OverrunningStream:
    """Stands in for a sound card that overruns once; a file-backed PCM never overruns."""

    def __init__(self) -> None:
        self.calls = 0

    def read(self, frames: int, exception_on_overflow: bool) -> bytes:  # noqa: ARG002 - PyAudio's signature
        self.calls += 1
        if self.calls == 1:
            raise OSError(pyaudio.paInputOverflowed, "Input overflowed")
        return b"\x01\x00" * frames * CHANNELS


def test_overflow_becomes_silence_of_the_same_length(caplog: pytest.LogCaptureFixture) -> None:
    """An input overflow is logged and replaced by a silent block, so time stays aligned."""
    stream = MicStream(OverrunningStream(), MicSettings(channels=CHANNELS))
    with caplog.at_level(logging.WARNING):
        first, second = stream.read(), stream.read()
    assert first.shape == second.shape == (1600, CHANNELS)
    assert not first.any()
    assert (second == 1).all()
    assert stream.overflows == 1
    assert "input overflow: 1600 frames replaced by silence" in caplog.text
