"""The extractive layer finds agreements, decisions, next steps and facts without a model."""

from __future__ import annotations

from device.note import draft_note
from tests.note.builders import PRESENT, transcript
from wire.note import Note


def _note(*lines: str) -> Note:
    return draft_note(transcript(*lines), participants=PRESENT)


def test_fact_is_attributed_to_the_speaker_by_name() -> None:
    """A parent's sentence becomes "<namn> berättar att hon …" in third person."""
    note = _note("S2: Jag har fått ett nytt jobb på lagret.")
    assert [s.text for s in note.framkom] == [
        "Maria Johansson berättar att hon har fått ett nytt jobb på lagret."
    ]


def test_reflexive_pronoun_after_speakers_own_jag() -> None:
    """ "min" after the speaker's own "jag" becomes "sin"; without it, "hennes"."""
    note = _note("S2: Jag har lånat pengar av min bror.", "S2: Min son bor hos mig varannan vecka.")
    assert [s.text for s in note.framkom] == [
        "Maria Johansson berättar att hon har lånat pengar av sin bror.",
        "Maria Johansson berättar att hennes son bor hos henne varannan vecka.",
    ]


def test_agreement_cue_with_date_gets_datum() -> None:
    """ "Vi är överens om …" with a weekday is an agreement with its resolved date."""
    note = _note("S1: Då är vi överens om att du kommer hit på tisdag.")
    assert [(s.text, s.datum) for s in note.overenskommelser] == [
        (
            (
                "Maria Johansson och socialsekreteraren kommer överens om att Maria Johansson "
                "kommer hit på tisdag."
            ),
            "2026-11-17",
        )
    ]


def test_decision_without_date_is_in_agreements() -> None:
    """A decision ("beviljas") is kept with the agreements."""
    note = _note("S1: Du beviljas ekonomiskt bistånd för december.")
    assert len(note.overenskommelser) == 1


def test_dated_decision_to_come_is_a_next_step() -> None:
    """ "Jag fattar beslut inom två veckor" is a next step dated two weeks on."""
    note = _note("S1: Jag fattar beslut om din ansökan inom två veckor.")
    assert [s.datum for s in note.nasta_steg] == ["2026-11-26"]
    assert note.nasta_steg[0].text == (
        "Socialsekreteraren fattar beslut om Maria Johanssons ansökan inom två veckor."
    )


def test_dated_question_still_reaches_the_note() -> None:
    """A date said in a question is not lost."""
    note = _note("S1: Kan vi ses den 3 december?")
    assert [s.datum for s in note.nasta_steg] == ["2026-12-03"]


def test_caseworker_assessment_is_kept_apart() -> None:
    """The caseworker's own assessment goes to bedomning, not to the facts."""
    note = _note("S1: Min bedömning är att Leo har ett bra stöd hemma.")
    assert [s.text for s in note.bedomning] == [
        "Socialsekreteraren bedömer att Leo har ett bra stöd hemma."
    ]
    assert note.framkom == ()


def test_caseworker_small_talk_is_not_a_fact() -> None:
    """Greetings and questions from the caseworker stay out of the note."""
    assert _note("S1: Hej och välkommen hit till oss i dag.", "S1: Hur mår du?").statements() == ()


def test_purpose_sentence_is_syfte() -> None:
    """ "Syftet med mötet är …" is the note's purpose."""
    note = _note("S1: Syftet med mötet är att följa upp skolsituationen.")
    assert len(note.syfte) == 1


def test_statements_are_bbic_tagged() -> None:
    """A statement about school is tagged with the child's development."""
    note = _note("S2: Han går inte till skolan på måndagar.")
    assert note.framkom[0].bbic == ("barnets_utveckling",)
