"""Generated audio agrees with its reference: durations, utterance timing, file formats."""

from __future__ import annotations

import numpy as np
import pytest

from models.corpus import Corpus
from models.corpus.generate import LayoutSettings
from models.corpus.wavio import read_wav
from tests.corpus.audio_checks import speech_regions

TOLERANCE_S = 0.02


def test_wav_duration_is_last_end_plus_tail(corpus: Corpus) -> None:
    """Each mono WAV lasts exactly until the last utterance's end plus the tail silence."""
    for meeting in corpus.all_meetings():
        pcm, rate = read_wav(meeting.wav)
        expected = meeting.reference.utterances[-1].end + LayoutSettings().tail_s
        assert len(pcm) / rate == pytest.approx(expected, abs=0.001), meeting.id


def test_utterance_times_match_speech_in_audio(corpus: Corpus) -> None:
    """The non-silent regions measured in each mono WAV are the reference utterances."""
    for meeting in corpus.all_meetings():
        pcm, _ = read_wav(meeting.wav)
        measured = speech_regions(pcm)
        expected = [(u.start, u.end) for u in meeting.reference.utterances]
        assert len(measured) == len(expected), meeting.id
        diffs = np.abs(np.array(measured) - np.array(expected))
        assert diffs.max() < TOLERANCE_S, meeting.id


def test_mono_is_16k_single_channel(corpus: Corpus) -> None:
    """Mono WAVs are 16 kHz with one channel."""
    for meeting in corpus.all_meetings():
        pcm, rate = read_wav(meeting.wav)
        assert (rate, pcm.ndim) == (16000, 1)


@pytest.mark.parametrize(("name", "channels"), [("mic4", 4), ("mic6", 6)])
def test_array_wavs_have_one_channel_per_mic(corpus: Corpus, name: str, channels: int) -> None:
    """mic4/mic6 WAVs have 4/6 channels and as many frames as the mono WAV."""
    for meeting in corpus.all_meetings():
        mono, _ = read_wav(meeting.wav)
        pcm, rate = read_wav(meeting.folder / f"{name}.wav")
        assert (rate, pcm.shape) == (16000, (len(mono), channels))


@pytest.mark.parametrize("stem", ["mono", "mic4", "mic6"])
def test_raw_file_holds_the_wav_samples(corpus: Corpus, stem: str) -> None:
    """Each .raw file is byte for byte the interleaved S16_LE data of its WAV."""
    meeting = corpus.by_duration()[0]
    pcm, _ = read_wav(meeting.folder / f"{stem}.wav")
    assert (meeting.folder / f"{stem}.raw").read_bytes() == pcm.tobytes()


def test_some_utterance_runs_longer_than_30_seconds(corpus: Corpus) -> None:
    """At least one utterance exceeds 30 s, to exercise splitting before Whisper."""
    longest = max(u.end - u.start for m in corpus for u in m.reference.utterances)
    assert longest > 30.0


def test_meetings_span_one_to_ten_minutes(corpus: Corpus) -> None:
    """The shortest meeting is about a minute and the longest about ten."""
    durations = [m.duration_s for m in corpus.by_duration()]
    assert 45 <= durations[0] <= 90
    assert 540 <= durations[-1] <= 660


def test_english_clip_reference_matches_its_audio(corpus: Corpus) -> None:
    """The English clip's speech region is where its reference says."""
    pcm, _ = read_wav(corpus.english.wav)
    regions = speech_regions(pcm)
    ref = corpus.english.reference
    assert len(regions) == 1
    assert regions[0] == pytest.approx((ref["start"], ref["end"]), abs=TOLERANCE_S)
