"""The demo meeting: m02's lines in the surveyed voices, apart from the tuned corpus, while
m02 keeps the hard voices the tests were written on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from models.corpus import Corpus, generate_corpus
from models.corpus import corpus as corpus_module
from models.corpus.conditions import NO_ROOMS
from models.corpus.corpus import is_current
from models.corpus.meetings import m02_barn_skola
from models.corpus.scripts import DEMO, DEMO_WORDS_PER_MINUTE, HELD_OUT, MEETINGS
from models.corpus.synth import SynthSettings

(DEMO_SCRIPT,) = DEMO
M02 = m02_barn_skola.SCRIPT


def test_demo_meeting_has_m02s_lines_and_facts() -> None:
    """The demo says exactly m02's lines, with their facts, by the same people in the same seats."""
    assert DEMO_SCRIPT.lines == M02.lines
    assert (DEMO_SCRIPT.title, DEMO_SCRIPT.date, DEMO_SCRIPT.place) == (
        M02.title,
        M02.date,
        M02.place,
    )
    people = [(s.id, s.name, s.role, s.angle_deg) for s in DEMO_SCRIPT.speakers]
    assert people == [(s.id, s.name, s.role, s.angle_deg) for s in M02.speakers]


def test_demo_meeting_uses_the_surveyed_voices_and_rate() -> None:
    """The caseworker is read by sv+m3 and the parent by sv+f1, at 130 words per minute."""
    assert [s.voice for s in DEMO_SCRIPT.speakers] == ["sv+m3", "sv+f1"]
    assert DEMO_WORDS_PER_MINUTE == 130


def test_m02_keeps_its_hard_voices() -> None:
    """m02 is still read by sv+f4 and sv+f2 at the corpus rate of 165 words per minute."""
    assert [s.voice for s in M02.speakers] == ["sv+f4", "sv+f2"]
    assert SynthSettings().words_per_minute == 165


def test_demo_speakers_are_a_male_and_a_female_variant() -> None:
    """One male and one female espeak-ng variant, so the two speakers are easy to tell apart."""
    variants = sorted(s.voice.partition("+")[2][0] for s in DEMO_SCRIPT.speakers)
    assert variants == ["f", "m"]


def test_demo_is_no_tuned_or_held_out_meeting() -> None:
    """The demo's id is in neither script set, so no corpus loop or recall test sees it."""
    assert DEMO_SCRIPT.id not in {s.id for s in (*MEETINGS, *HELD_OUT)}


def test_corpus_reaches_the_demo_by_id_but_does_not_iterate_it(corpus: Corpus) -> None:
    """``corpus["demo_barn_skola"]`` works; iteration, held_out and all_meetings leave it out."""
    demo = corpus[DEMO_SCRIPT.id]
    assert demo.wav.is_file()
    assert list(corpus.demo) == [DEMO_SCRIPT.id] == corpus.manifest["demo"]
    everything = [m.id for m in (*corpus, *corpus.held_out.values(), *corpus.all_meetings())]
    assert DEMO_SCRIPT.id not in everything


def test_demo_is_spoken_at_its_own_slower_rate(corpus: Corpus) -> None:
    """The demo's speech lasts about 165/130 times m02's: the demo rate was applied."""

    def speech_s(meeting_id: str) -> float:
        return sum(u.end - u.start for u in corpus[meeting_id].reference.utterances)

    ratio = speech_s(DEMO_SCRIPT.id) / speech_s(M02.id)
    assert 1.1 < ratio < 1.45, ratio


def test_demo_rate_is_part_of_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache generated at another demo rate is not current."""
    short = dataclasses.replace(DEMO_SCRIPT, lines=DEMO_SCRIPT.lines[:2])
    out = tmp_path / "v1"
    generate_corpus(out, meetings=(), held_out=(), demo=[short], english=(), rooms=NO_ROOMS)
    assert is_current(out, meetings=(), held_out=(), demo=[short], english=(), rooms=NO_ROOMS)
    assert not is_current(out, meetings=(), held_out=(), demo=(), english=(), rooms=NO_ROOMS)
    monkeypatch.setattr(corpus_module, "DEMO_WORDS_PER_MINUTE", DEMO_WORDS_PER_MINUTE + 10)
    assert not is_current(out, meetings=(), held_out=(), demo=[short], english=(), rooms=NO_ROOMS)
