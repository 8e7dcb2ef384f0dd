"""Real spool, transcript store and outbox in a temp dir for pipeline tests."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from device.capture.keys import FileStorageKey
from device.capture.spool import Spool
from device.delivery.outbox import Outbox
from device.events import FinishedRecording
from device.meeting import MeetingPipeline
from device.note import NoteModel
from device.settings import DeviceSettings, MeetingSettings, SpoolSettings
from device.speech import SpeechSettings
from device.transcripts import TranscriptStore
from tests.conftest import require_model
from wire.note import Note
from wire.transcript import Transcript


@dataclass
class Delivered:
    """Stands in for the sealer + outbox: records what would be sealed."""

    notes: list[tuple[Note, Transcript]] = field(default_factory=list)

    def __call__(self, note: Note, transcript: Transcript) -> None:
        self.notes.append((note, transcript))


@dataclass
class Bench:
    """A device data directory with the real spool, transcript store and outbox."""

    root: Path
    settings: DeviceSettings
    spool: Spool
    transcripts: TranscriptStore
    outbox: Outbox
    delivered: Delivered = field(default_factory=Delivered)

    def pipeline(
        self,
        speech: SpeechSettings | None = None,
        model: NoteModel | None = None,
        **changes: Any,
    ) -> MeetingPipeline:
        settings = self.settings if speech is None else replace(self.settings, speech=speech)
        return MeetingPipeline(
            replace(settings, **changes),
            self.spool,
            self.transcripts,
            self.delivered,
            queued=self.outbox.contains,
            model=model,
        )

    def record(
        self, pcm: np.ndarray, started_at: datetime | None = None, rate: int = 16000
    ) -> FinishedRecording:
        """A closed recording on the spool holding ``pcm`` (mono int16)."""
        writer = self.spool.create(
            channels=1,
            rate=rate,
            caseworker_id="hl01",
            started_at=started_at or datetime.now(UTC),
        )
        writer.append(pcm.reshape(-1, 1).astype(np.int16))
        return writer.close()


@pytest.fixture
def bench(tmp_path: Path) -> Bench:
    spool_settings = SpoolSettings(
        root=tmp_path / "spool", storage_key_path=tmp_path / "storage.key", min_free_minutes=0.1
    )
    settings = DeviceSettings(
        spool=spool_settings,
        meeting=MeetingSettings(transcript_dir=tmp_path / "transcripts", live_speech=False),
        speech=SpeechSettings(models_dir=tmp_path / "no-models"),
    )
    keys = FileStorageKey.load_or_create(spool_settings.storage_key_path)
    return Bench(
        tmp_path,
        settings,
        Spool(spool_settings, keys),
        TranscriptStore(settings.meeting.transcript_dir, keys),
        Outbox(tmp_path / "outbox.db"),
    )


@pytest.fixture
def models(model_store: Path) -> Path:
    """The model store, with the speech models a daemon needs (skips when absent)."""
    require_model(
        model_store,
        "silero_vad.onnx",
        "whisper-base-sherpa/encoder.int8.onnx",
        "whisper-base-sherpa/decoder.int8.onnx",
        "whisper-base-sherpa/decoder.onnx",
        "whisper-base-sherpa/tokens.txt",
    )
    return model_store
