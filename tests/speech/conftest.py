"""Fixtures for speech tests: the model store, settings, and generated speech."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from device.speech.settings import AsrSettings, SpeechSettings
from tests.conftest import require_model

NEEDED = (
    "silero_vad.onnx",
    "whisper-base-sherpa/encoder.int8.onnx",
    "whisper-base-sherpa/decoder.int8.onnx",
    "whisper-base-sherpa/encoder.onnx",
    "whisper-base-sherpa/decoder.onnx",
    "whisper-base-sherpa/tokens.txt",
)


@pytest.fixture(scope="session")
def models_dir(model_store: Path) -> Path:
    """The shared model store with the speech models in it, or a skip naming the missing file."""
    require_model(model_store, *NEEDED)
    return model_store


@pytest.fixture(scope="session")
def english_settings(models_dir: Path) -> SpeechSettings:
    """Settings for English audio, everything else default."""
    return SpeechSettings(models_dir=models_dir, asr=AsrSettings(language="en"))


@pytest.fixture(scope="session")
def long_speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """About 33 s of English read without a single pause, and its text."""
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        pytest.skip("espeak-ng and sox are needed to synthesise speech")
    text = (
        "the committee met on a cold morning in the town hall and talked about the new "
        "library the roads the school and the water supply for more than an hour while the "
        "chairman listened and wrote everything down in a small green notebook that he "
        "always carried with him because he did not trust computers and he said that paper "
        "never forgets anything that people tell it and then the treasurer stood up and read "
        "the numbers for the year which were better than expected so everybody was happy and "
        "the meeting ended with coffee and cake in the garden behind the old church"
    )
    folder = tmp_path_factory.mktemp("long")
    raw, wav = folder / "raw.wav", folder / "long.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True)
    return wav, text
