"""About 1 minute, in English: m01 (a short follow-up on a benefit application), translated.

For measuring the speech front end under reverberation: whisper-base's English WER on clean
espeak-ng speech is low (≈ 0.02–0.04), so what a room and a front end do to it shows.
The voices and the rate are the best male and female pair of the English voice survey
(``python -m tests.benchmarks --only voices``, held-out sentences; docs/corpus.md).
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

WORDS_PER_MINUTE = 150
"""espeak-ng rate of the English meetings: the survey's best (165, the corpus's, is worse)."""

SCRIPT = MeetingScript(
    id="e01_benefit_followup",
    title="Follow-up of an application for financial assistance",
    area="financial assistance",
    date="2026-11-12",
    language="en",
    words_per_minute=WORDS_PER_MINUTE,
    speakers=(
        Speaker("S1", "Erik Holm", "social worker", "en+m5", 0.0),
        Speaker("S2", "Linda Ek", "applicant", "en+f2", 120.0),
    ),
    lines=(
        Line(
            "S1",
            "Hello and welcome. My name is Erik Holm and I am a social worker "
            "in financial assistance.",
        ),
        Line("S2", "Hello. My name is Linda Ek."),
        Line(
            "S1",
            "We are meeting today to go through your application for financial assistance "
            "for December.",
            purpose=True,
        ),
        Line(
            "S2",
            "I have sent in the tenancy agreement, but I have not received the pay slip from "
            "my previous employer yet.",
            negations=("I have not received the pay slip",),
        ),
        Line(
            "S1",
            "That is fine. We agree that you hand in the pay slip by Thursday at the latest.",
            agreements=("you hand in the pay slip by Thursday at the latest",),
            dates=(D("by Thursday", "2026-11-19"),),
            next_steps=(D("you hand in the pay slip by Thursday at the latest", "2026-11-19"),),
        ),
        Line(
            "S2",
            "I will do that. If anything happens, you can call me on 070 412 3895.",
            phone_numbers=("070 412 3895",),
        ),
        Line(
            "S1",
            "Good. I will decide on your application within two weeks, and you will get the "
            "decision by post.",
            dates=(D("within two weeks", "2026-11-26"),),
            next_steps=(D("I will decide on your application within two weeks", "2026-11-26"),),
        ),
        Line("S2", "Thank you, now I know what happens. Goodbye."),
        Line("S1", "Goodbye, Linda. Take care."),
    ),
)
