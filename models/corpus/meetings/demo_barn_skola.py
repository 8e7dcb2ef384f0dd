"""The demo meeting: m02's lines and facts, read by the voices whisper-base recognises best.

Chosen by the voice survey (``python -m tests.benchmarks --only voices``, docs/corpus.md):
at each rate the best male and the best female variant on held-out sentences, so the two
speakers stay easy to tell apart, and the rate where that pair scores best. m02 itself keeps
its hard voices for the tests.
"""

from dataclasses import replace

from models.corpus.meetings import m02_barn_skola
from models.corpus.spec import MeetingScript

WORDS_PER_MINUTE = 130
"""espeak-ng rate of the demo meeting (m02 and the rest of the corpus: 165)."""

_caseworker, _parent = m02_barn_skola.SCRIPT.speakers

SCRIPT: MeetingScript = replace(
    m02_barn_skola.SCRIPT,
    id="demo_barn_skola",
    speakers=(
        # The better of the two reads the caseworker, who states the agreements and dates.
        replace(_caseworker, voice="sv+m3"),
        replace(_parent, voice="sv+f1"),
    ),
)
