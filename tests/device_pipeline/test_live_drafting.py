"""Live path: blocks feed the speech worker while recording; the language model drafts alongside."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from device.events import AudioBlock
from device.note import LlmSettings, NoteSettings, load_model
from device.settings import MeetingSettings
from device.speech import SpeechSettings
from models.corpus import ensure_corpus
from tests.conftest import require_model
from tests.device_pipeline.conftest import Bench

BLOCK = 1600
SECONDS = 20


@pytest.mark.slow
@pytest.mark.models
def test_live_recording_is_transcribed_and_drafted_with_the_model(
    bench: Bench, model_store: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Blocks handed over during capture give the final transcript and an LLM-drafted note
    at stop, without reading the recording back from the spool."""
    gguf = require_model(model_store, "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    require_model(model_store, "silero_vad.onnx", "whisper-base-sherpa/encoder.int8.onnx")
    llm = LlmSettings(model_path=gguf, max_tokens=48, tail_max_tokens=48)
    note_settings = NoteSettings(llm=llm)
    pipeline = bench.pipeline(
        SpeechSettings(models_dir=model_store),
        load_model(note_settings.llm),
        note=note_settings,
        meeting=MeetingSettings(transcript_dir=bench.transcripts.root, poll_s=0.5),
    )
    audio = np.fromfile(ensure_corpus()["m01_bistand_kort"].raw, dtype="<i2")[: 16000 * SECONDS]
    writer = bench.spool.create(
        channels=1, rate=16000, caseworker_id="hl01", started_at=datetime.now(UTC)
    )
    for index, offset in enumerate(range(0, len(audio), BLOCK)):
        frames = audio[offset : offset + BLOCK].reshape(-1, 1)
        writer.append(frames)
        block = AudioBlock(writer.meeting_id, index, offset, frames, frames[:, 0], 16000)
        pipeline.on_block(block)
    found = writer.close()
    with caplog.at_level(logging.INFO, logger="device.meeting"):
        assert pipeline.process(found)
    [(note, transcript)] = bench.delivered.notes
    assert transcript.segments
    assert note.meta.modell.startswith("extraktiv+llm:")
    assert "from the spool" not in caplog.text
