"""Seats from the claim, through the spool and the real speech worker, name the right voices."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from device.note.seats import angle_between
from device.note.settings import SeatSettings
from device.speech.settings import DoaSettings, SpeechSettings
from models.corpus import ensure_corpus
from tests.conftest import require_model
from tests.device_pipeline.conftest import Bench
from tests.speech.scoring import true_speaker
from wire.note import Participant
from wire.seats import Seat

MEETING = "m08_vald_nara_relation"
"""Held out; three people at 0°, 90° and 210°, all heard in the first minute."""
SECONDS = 62
BUTTON_DEG = 30.0
"""The button sits 30° from mic 0, so every seat is turned from the array's own axes."""


def _seat_at(angle_deg: float) -> Seat:
    """The seat a caseworker would pick for someone at ``angle_deg`` in the array's frame."""
    return min(Seat, key=lambda seat: angle_between(angle_deg, BUTTON_DEG + seat.offset_deg))


@pytest.mark.slow
@pytest.mark.models
def test_claimed_seats_give_each_person_their_own_voice(bench: Bench, model_store: Path) -> None:
    """With seats from the claim, all three present carry the label of their own speech, where
    the first-voice rule alone leaves the two clients open."""
    require_model(model_store, "silero_vad.onnx", "whisper-base-sherpa/encoder.int8.onnx")
    meeting = ensure_corpus()[MEETING]
    truth = {u.speaker: (u.name, u.role) for u in meeting.reference.utterances}
    angles = meeting.reference.speaker_angles_deg
    present = tuple(
        Participant(name, role, plats=_seat_at(angles[sid]))
        for sid, (name, role) in reversed(truth.items())  # order must not matter
    )
    audio = np.fromfile(meeting.mic4_raw, dtype="<i2").reshape(-1, 4)[: 16000 * SECONDS]
    writer = bench.spool.create(
        channels=4,
        rate=16000,
        caseworker_id="hl01",
        started_at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
        participants=present,
    )
    writer.append(audio)
    speech = SpeechSettings(models_dir=model_store, doa=DoaSettings(geometry="respeaker-4mic"))
    note_settings = replace(bench.settings.note, seats=SeatSettings(button_azimuth_deg=BUTTON_DEG))
    assert bench.pipeline(speech, note=note_settings).process(writer.close())
    [(note, transcript)] = bench.delivered.notes
    turns = [(u.start, u.end, u.name) for u in meeting.reference.utterances]
    heard = {
        label: Counter(true_speaker(s, turns) for s in transcript.segments if s.speaker == label)
        for label in {s.speaker for s in transcript.segments}
    }
    named = {p.namn: heard[p.speaker].most_common(1)[0][0] for p in note.narvarande if p.speaker}
    assert named == {name: name for name, _ in truth.values()}
