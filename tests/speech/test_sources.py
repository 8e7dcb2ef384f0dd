"""Reading recordings back from WAV files and the audio window."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from device.speech.buffer import AudioWindow
from device.speech.errors import AudioFormatError
from device.speech.sources import WavSource


def write_wav(path: Path, frames: np.ndarray, rate: int = 16000) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(frames.shape[1])
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames.astype("<i2").tobytes())


def test_wav_source_reads_frames_at_an_offset(tmp_path: Path) -> None:
    """Frames read from an offset are exactly those written there, all channels."""
    frames = np.arange(4000 * 4, dtype=np.int16).reshape(4000, 4)
    write_wav(tmp_path / "a.wav", frames)
    source = WavSource(tmp_path / "a.wav")
    assert (source.channels, source.frames) == (4, 4000)
    np.testing.assert_array_equal(source.read(1000, 500), frames[1000:1500])


def test_wav_at_the_wrong_rate_is_refused_with_a_fix(tmp_path: Path) -> None:
    """A 44.1 kHz file fails with the sox command that converts it."""
    write_wav(tmp_path / "b.wav", np.zeros((100, 1), np.int16), rate=44100)
    with pytest.raises(AudioFormatError, match="sox"):
        WavSource(tmp_path / "b.wav")


def test_non_wav_file_is_refused(tmp_path: Path) -> None:
    """A file that is not a WAV fails clearly."""
    (tmp_path / "c.wav").write_bytes(b"not a wav at all")
    with pytest.raises(AudioFormatError, match="not a PCM WAV"):
        WavSource(tmp_path / "c.wav")


def test_audio_window_keeps_absolute_positions_after_dropping() -> None:
    """After old audio is dropped, samples are still addressed by recording position."""
    window = AudioWindow(2)
    data = np.arange(200_000, dtype=np.int16).reshape(100_000, 2) % 1000
    window.append(data[:60_000])
    window.drop_before(50_000)
    window.append(data[60_000:])
    got = window.get(70_000, 70_010)
    np.testing.assert_allclose(got * 32768.0, data[70_000:70_010])
