"""Segmentation of per-window VAD decisions into padded, length-limited spans."""

from __future__ import annotations

from device.speech.segmenter import Segmenter, Span
from device.speech.settings import VadSettings

W = 512
SETTINGS = VadSettings(min_silence_s=0.5, min_speech_s=0.25, pad_s=0.2, max_segment_s=25.0)


def feed(seg: Segmenter, pattern: list[tuple[bool, float]], start: int = 0) -> list[Span]:
    spans: list[Span] = []
    for i, (speech, rms) in enumerate(pattern):
        a = start + i * W
        spans += seg.push(a, a + W, speech=speech, rms=rms)
    return spans


def test_speech_between_pauses_becomes_one_padded_span() -> None:
    """Speech windows framed by silence give one span reaching back by min speech plus padding."""
    seg = Segmenter(SETTINGS)
    hang = round(0.5 * 16000 / W) + 1
    pattern = [(False, 0.0)] * 50 + [(True, 0.1)] * 60 + [(True, 0.0)] * hang + [(False, 0.0)] * 5
    spans = feed(seg, pattern)
    assert len(spans) == 1
    assert spans[0].start == 50 * W - round(0.45 * 16000)
    speech_end = (110 + hang) * W - 8000
    assert spans[0].end == speech_end + round(0.2 * 16000)


def test_long_speech_is_split_at_its_quietest_window() -> None:
    """Speech longer than the maximum is cut at the quietest window, not at the limit."""
    seg = Segmenter(SETTINGS)
    quiet_at = 500  # window index ~16 s in
    pattern = [(True, 0.0 if i == quiet_at else 0.1) for i in range(800)]
    spans = feed(seg, pattern)
    assert len(spans) == 1
    assert spans[0].end == quiet_at * W + W // 2
    assert spans[0].duration_s <= 25.0


def test_split_never_leaves_a_piece_shorter_than_the_minimum() -> None:
    """A quiet window before the minimum split length is not chosen as the cut."""
    seg = Segmenter(SETTINGS)
    pattern = [(True, 0.0 if i == 50 else 0.1) for i in range(800)]
    spans = feed(seg, pattern)
    assert spans[0].duration_s >= 10.0


def test_flush_closes_speech_still_open_at_stop() -> None:
    """Speech going on when recording stops is closed at the last sample."""
    seg = Segmenter(SETTINGS)
    feed(seg, [(False, 0.0)] * 10 + [(True, 0.1)] * 40)
    spans = seg.flush(50 * W)
    assert len(spans) == 1
    assert spans[0].end == 50 * W


def test_no_speech_gives_no_spans() -> None:
    """Silence alone produces nothing, even at flush."""
    seg = Segmenter(SETTINGS)
    assert feed(seg, [(False, 0.0)] * 100) == []
    assert seg.flush(100 * W) == []


def test_next_span_never_reaches_back_into_the_previous_one() -> None:
    """Look-back padding stops at the end of the previous span."""
    seg = Segmenter(SETTINGS)
    hang = 17
    first = [(True, 0.1)] * 30 + [(True, 0.0)] * hang + [(False, 0.0)]
    spans = feed(seg, first + [(True, 0.1)] * 20 + [(False, 0.0)])
    assert len(spans) == 2
    assert spans[1].start >= spans[0].end
