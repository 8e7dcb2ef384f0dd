"""All scripted meetings, shortest first, the held-out meetings, and the English sanity clip.

Numbers are written in digits where espeak-ng reads them the way a Swede says them and
the way an ASR transcript writes them: dates ("den 3 december"), times ("klockan 10"),
amounts ("6 200 kronor"), phone numbers in groups ("070-412 38 95") and personnummer
in spoken digit pairs ("12 04 15-23 81"). Relative days ("på torsdag", "inom två
veckor") stay words; the reference resolves them against the meeting date.

``MEETINGS`` is the tuned corpus: the note layer's cue lists were written against it, and
the tests that loop over the corpus (``for meeting in corpus``) assert full recall on it.
``HELD_OUT`` are meetings written in other words, on purpose avoiding those cue phrases, to
measure note quality on data the rules were not tuned to. They are generated into the same
cache and reachable by id (``corpus["m07_tolk_bostad"]``, ``corpus.held_out``), but they are
not part of ``MEETINGS``, ``iter(corpus)`` or ``corpus.by_duration()``.

``DEMO`` is the meeting ``make demo`` plays: m02's lines in the voices whisper-base
recognises best, at their own rate (``DEMO_WORDS_PER_MINUTE``). Reachable by id
(``corpus["demo_barn_skola"]``, ``corpus.demo``), never iterated with the tuned meetings.
"""

from models.corpus.meetings import (
    demo_barn_skola,
    e01_benefit_followup,
    e03_benefit_first_visit,
    m01_bistand_kort,
    m02_barn_skola,
    m03_bistand_nybesok,
    m04_ungdom_kontaktperson,
    m05_familj_utredning,
    m06_aldre_hemtjanst,
    m07_tolk_bostad,
    m08_vald_nara_relation,
    m09_lss_daglig_verksamhet,
    m10_missbruk_oppenvard,
)
from models.corpus.spec import EnglishScript, MeetingScript

MEETINGS: tuple[MeetingScript, ...] = (
    m01_bistand_kort.SCRIPT,
    m02_barn_skola.SCRIPT,
    m03_bistand_nybesok.SCRIPT,
    m04_ungdom_kontaktperson.SCRIPT,
    m05_familj_utredning.SCRIPT,
)

HELD_OUT: tuple[MeetingScript, ...] = (
    m06_aldre_hemtjanst.SCRIPT,
    m07_tolk_bostad.SCRIPT,
    m08_vald_nara_relation.SCRIPT,
    m09_lss_daglig_verksamhet.SCRIPT,
    m10_missbruk_oppenvard.SCRIPT,
)
"""Held-out meetings: measured, not tuned to; never part of ``MEETINGS``."""

DEMO: tuple[MeetingScript, ...] = (demo_barn_skola.SCRIPT,)
"""The demo meeting(s); never part of ``MEETINGS`` or ``HELD_OUT``."""
DEMO_WORDS_PER_MINUTE = demo_barn_skola.WORDS_PER_MINUTE
"""espeak-ng rate the demo meetings are read at (the voice survey's best for their voices)."""

ENGLISH = EnglishScript(
    id="english",
    voice="en",
    sentences=(
        "The meeting room is on the second floor, next to the library.",
        "Please close the door when you leave, and turn off the lights.",
        "We will meet again next Tuesday at ten in the morning.",
        "The weather was cold and windy for most of the week.",
        "Thank you for coming today, and have a good evening.",
    ),
)

ENGLISH_MEETINGS: tuple[MeetingScript, ...] = (
    e01_benefit_followup.SCRIPT,
    e03_benefit_first_visit.SCRIPT,
)
"""English translations of m01 and m03 (espeak-ng English voices), for measuring the speech
front end's WER under reverberation; never part of ``MEETINGS`` or ``HELD_OUT``."""
