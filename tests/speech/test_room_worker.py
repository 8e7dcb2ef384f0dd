"""The real speech worker on the corpus's reverberant rooms, with the enhanced front end."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from device.speech.settings import AsrSettings, DoaSettings, SpeechSettings
from device.speech.sources import WavSource
from device.speech.worker import WorkerResult, transcribe_recording
from models.corpus import ensure_corpus
from models.corpus.corpus import RoomVariant
from tests.speech.scoring import speaker_accuracy, wer
from wire.transcript import MeetingMeta

pytestmark = [pytest.mark.models, pytest.mark.slow]

ARRAYS = {4: "respeaker-4mic", 6: "respeaker-6mic"}


def through_worker(
    models_dir: Path,
    variant: RoomVariant,
    channels: int,
    language: str,
    front_end: str = "enhanced",
) -> WorkerResult:
    settings = SpeechSettings(
        models_dir=models_dir,
        front_end=front_end,
        asr=AsrSettings(language=language),
        doa=DoaSettings(geometry=ARRAYS[channels]),
    )
    wav = variant.mic4_wav if channels == 4 else variant.mic6_wav
    meta = MeetingMeta(meeting_id=variant.condition, started_at="2026-12-02T10:00:00+01:00")
    return transcribe_recording(settings, partial(WavSource, wav), meta, channels=channels)


@pytest.mark.parametrize("channels", [4, 6])
def test_english_meeting_in_a_reverberant_noisy_room_is_recognised(
    models_dir: Path, channels: int
) -> None:
    """At RT60 0.5 s and SNR 10 dB the enhanced worker keeps WER ≤ 0.5 (mic 0 alone: 0.6-0.8)
    and labels ≥ 90% of segments with their speaker."""
    variant = ensure_corpus().english_meeting("e01_benefit_followup").room("rt05_snr10")
    result = through_worker(models_dir, variant, channels, "en")
    utterances = variant.reference.utterances
    segments = result.transcript.segments
    hypothesis = " ".join(s.text for s in segments)
    assert wer(" ".join(u.text for u in utterances), hypothesis, "en") <= 0.5
    turns = [(u.start, u.end, u.speaker) for u in utterances]
    assert speaker_accuracy(segments, turns) >= 0.90


def transcript_wer(result: WorkerResult, variant: RoomVariant) -> float:
    reference = " ".join(u.text for u in variant.reference.utterances)
    return wer(reference, " ".join(s.text for s in result.transcript.segments), "en")


def test_enhanced_front_end_cuts_mic_zeros_errors_by_30_percent(models_dir: Path) -> None:
    """Through the worker on the 4-mic array, enhanced has at most 0.7 × mic 0's WER (the
    issue's ratio; measured 0.47, docs/speech.md)."""
    variant = ensure_corpus().english_meeting("e01_benefit_followup").room("rt05_snr10")
    enhanced = transcript_wer(through_worker(models_dir, variant, 4, "en"), variant)
    mic0 = transcript_wer(through_worker(models_dir, variant, 4, "en", "channel0"), variant)
    assert enhanced <= 0.7 * mic0, (enhanced, mic0)


def test_two_speakers_45_degrees_apart_keep_their_own_labels(models_dir: Path) -> None:
    """In the 0.5 s room at SNR 10 dB, two people 45° apart on the 4-mic array get two labels
    and ≥ 90% of segments carry the right one."""
    variant = ensure_corpus()["m01_bistand_kort"].room("rt05_snr10_pair45")
    result = through_worker(models_dir, variant, 4, "sv")
    segments = result.transcript.segments
    turns = [(u.start, u.end, u.speaker) for u in variant.reference.utterances]
    assert len({s.speaker for s in segments}) == len(variant.reference.speaker_angles_deg)
    assert speaker_accuracy(segments, turns) >= 0.90
