"""Journal voice: third person, people by name, no identifiers, answers with their question."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from device.note import draft_note
from grounding.speakers import Speakers, assign_speakers, definite
from grounding.verify import Evidence, statement_problems
from grounding.voice import Voice, first_or_second_person, redact, strip_openers
from tests.note.builders import MEETING_DATE, transcript
from wire.note import Note, Participant, Statement

CASEWORKER = Participant("Anna Berg", "socialsekreterare", "S1")
CLIENT = Participant("Linda Ek", "sökande", "S2")
PRESENT = (CASEWORKER, CLIENT)
TODAY = date.fromisoformat(MEETING_DATE)


def _voice(*people: Participant) -> Voice:
    return Voice(Speakers(people or PRESENT, {"S1", "S2", "S3"}))


def _note(*lines: str, present: tuple[Participant, ...] = PRESENT) -> Note:
    return draft_note(transcript(*lines), participants=present)


def test_agreement_says_who_agreed_and_who_does_what() -> None:
    """ "Vi kommer överens om att du …" names both parties and the one who acts."""
    text = _voice().statement(
        "overenskommelser",
        "Vi kommer överens om att du ringer arbetsförmedlingen varje vecka och berättar för "
        "mig vad de säger.",
        "S1",
    )
    assert text == (
        "Linda Ek och socialsekreteraren kommer överens om att Linda Ek ringer "
        "arbetsförmedlingen varje vecka och berättar för socialsekreteraren vad de säger."
    )


def test_second_person_possessive_becomes_the_persons_genitive() -> None:
    """The caseworker's "din mamma" is the client's mother, by name."""
    text = _voice().statement("nasta_steg", "Jag mejlar din mamma på fredag.", "S1")
    assert text == "Socialsekreteraren mejlar Linda Eks mamma på fredag."


def test_we_said_by_the_client_is_the_client_and_the_caseworker() -> None:
    """ "vi har pratat om det" after the client is named: "hen och socialsekreteraren"."""
    text = _voice().statement("framkom", "Linda Ek berättar att vi har pratat om det.", "S2")
    assert text == "Linda Ek berättar att hen och socialsekreteraren har pratat om det."


def test_reflexive_after_the_clauses_own_subject() -> None:
    """ "du ska ta med dig" keeps the reflexive: "Linda Ek ska ta med sig"."""
    text = _voice().statement("nasta_steg", "Du ska ta med dig lönebeskedet.", "S1")
    assert text == "Linda Ek ska ta med sig lönebeskedet."


def test_quotations_are_left_as_said() -> None:
    """Pronouns inside quotation marks are the speaker's own words and stay."""
    text = _voice().statement("framkom", "Linda Ek säger ”jag vill klara mig själv”.", "S2")
    assert "”jag vill klara mig själv”" in text


@pytest.mark.parametrize(
    ("said", "journal"),
    [
        ("Då gör vi så här: du ringer skolan.", "Du ringer skolan."),
        ("Okej, då ringer du mig i morgon.", "Du ringer mig i morgon."),
        ("Bra. Jag skickar brevet.", "Jag skickar brevet."),
    ],
)
def test_discourse_openers_are_dropped_and_word_order_kept(said: str, journal: str) -> None:
    """An opener goes; a verb left first by a fronted "då" moves after its subject."""
    assert strip_openers(said) == journal


def test_no_first_or_second_person_is_left_in_a_meeting() -> None:
    """Across facts, agreements and next steps, no jag/du/vi/min/din survives."""
    note = _note(
        "S1: Vi kommer överens om att du ringer mig på måndag.",
        "S2: Jag har skickat in min ansökan, men jag har inte fått svar från er.",
        "S1: Jag är orolig att du kan bli utan bostad.",
        "S1: Då gör vi så här: vi ses igen den 3 december och då tar du med dig hyresavtalet.",
    )
    assert note.statements()
    for statement in note.statements():
        assert first_or_second_person(statement.text) == [], statement.text


@pytest.mark.parametrize(
    ("role", "definite_form"),
    [
        ("familjehemsförälder", "familjehemsföräldern"),
        ("förälder", "föräldern"),
        ("tolk", "tolken"),
    ],
)
def test_role_nouns_take_their_definite_form(role: str, definite_form: str) -> None:
    """ "-förälder" becomes "-föräldern", never "-förälderen"."""
    assert definite(role) == definite_form


def test_short_answer_is_joined_with_its_question() -> None:
    """ "Ungefär tre månader." after "Hur länge har du bott där?" keeps the question."""
    note = _note("S1: Hur länge har du bott där?", "S2: Ungefär tre månader.")
    assert [(s.text, s.citations) for s in note.framkom] == [
        (
            "På frågan ”Hur länge har du bott där?” svarar Linda Ek: ungefär tre månader.",
            ("s0001", "s0002"),
        )
    ]


def test_bare_no_keeps_its_negation_with_the_question() -> None:
    """A plain "Nej." to a yes/no question is a negated fact, verified against both."""
    note = _note("S1: Har du kontakt med pappan?", "S2: Nej.")
    assert [s.text for s in note.framkom] == [
        "På frågan ”Har du kontakt med pappan?” svarar Linda Ek nej."
    ]
    assert not [f for f in note.flaggor if f.kind == "ej_verifierad"]


def test_identifiers_are_placeholders_in_statements_and_flagged_on_the_segment() -> None:
    """A personnummer and a phone number leave the text; the flags keep the segment."""
    note = _note("S2: Mitt personnummer är 850709-9805 och du når mig på 070-412 38 95.")
    text = " ".join(s.text for s in note.statements()) + note.klartext
    assert "850709" not in text
    assert "412 38 95" not in text
    assert "[personnummer]" in text
    assert "[telefonnummer]" in text
    kinds = {(f.kind, f.segment_id) for f in note.flaggor}
    assert {("personnummer", "s0001"), ("telefonnummer", "s0001")} <= kinds


def test_email_addresses_become_a_placeholder() -> None:
    """Written e-mail addresses are replaced too."""
    assert redact("Skicka till linda.ek@example.se i dag.") == "Skicka till [e-postadress] i dag."


def test_a_swedish_town_is_not_a_third_party() -> None:
    """Places from the place list (Växjö, Örebro) raise no third-party flag."""
    note = _note("S2: Jag flyttade från Växjö till Örebro i somras.")
    assert not [f for f in note.flaggor if f.kind == "tredje_part"]


def test_a_person_not_present_is_still_a_third_party() -> None:
    """A named person who is not present is flagged as before."""
    note = _note("S2: Jag bor hos Karin Holm sedan i somras.")
    assert [f.match for f in note.flaggor if f.kind == "tredje_part"] == ["Karin Holm"]


def test_caseworker_speaks_first_and_the_other_label_is_the_client() -> None:
    """With no labels from the hub, the first voice is the caseworker's, the other the client's."""
    people = (Participant("Anna Berg", "socialsekreterare"), Participant("Linda Ek", "sökande"))
    assigned = assign_speakers(people, ["S2", "S1", "S2"])
    assert [p.speaker for p in assigned] == ["S2", "S1"]


def test_interpreted_words_are_the_clients_through_the_interpreter() -> None:
    """ "Hon säger att hon inte har …" from the interpreter is the client's, via the tolk."""
    present = (CASEWORKER, CLIENT, Participant("Amal Nur", "tolk", "S3"))
    note = _note(
        "S3: Hon säger att hon inte har fått något brev från hyresvärden.", present=present
    )
    assert [s.text for s in note.framkom] == [
        "Linda Ek berättar genom tolken att hon inte har fått något brev från hyresvärden."
    ]


def _problems(text: str, source: str, present: frozenset[str] = frozenset()) -> list[str]:
    statement = Statement("st001", text, ("s0001",))
    evidence = Evidence(source, frozenset({"linda", "ek"}), present)
    return statement_problems(statement, evidence, TODAY)


def test_a_role_nobody_present_has_is_refused() -> None:
    """ "Mamman berättar att …" with no mother present and none in the source fails."""
    problems = _problems(
        "Mamman berättar att hon har ett nytt jobb.",
        "Jag har ett nytt jobb.",
        frozenset({"linda", "ek", "sökande", "den", "socialsekreteraren"}),
    )
    assert any("Mamman" in p for p in problems)


def test_a_statement_with_no_content_of_its_own_is_refused() -> None:
    """ "Mamman berättar att ..." says nothing the source could support."""
    problems = _problems("Linda Ek berättar att ...", "Jag har ett nytt jobb.")
    assert any("inget eget" in p for p in problems)


def test_a_short_statement_must_be_wholly_supported() -> None:
    """Below min_content_words, the one content word must be in the source."""
    assert _problems("Linda Ek berättar om skulder.", "Jag har ett nytt jobb.")
    assert not _problems("Linda Ek berättar om sitt jobb.", "Jag har ett nytt jobb.")


def test_the_verifier_accepts_present_peoples_names() -> None:
    """Naming the person spoken to (not the speaker) is not an unknown name."""
    statement = Statement("st001", "Socialsekreteraren ringer Linda Ek på måndag.", ("s0001",))
    evidence = Evidence("Jag ringer dig på måndag.", frozenset({"anna", "berg"}), frozenset())
    flagged = statement_problems(statement, evidence, TODAY)
    present = replace(evidence, present=frozenset({"linda", "ek"}))
    assert flagged
    assert not statement_problems(statement, present, TODAY)


def test_interpreter_voice_is_found_by_its_relaying() -> None:
    """With three people and no labels, the voice that says "Hon säger …" is the tolk's."""
    people = (
        Participant("Johan Ekberg", "socialsekreterare"),
        Participant("Amal Yousef", "sökande"),
        Participant("Nadia Haddad", "tolk"),
    )
    labels = ["S1", "S3", "S2", "S3", "S1", "S3"]
    texts = ["Välkommen.", "Hon säger tack.", "Tack.", "Hon berättar att de bor här.", "Bra.", "x"]
    assigned = assign_speakers(people, labels, texts)
    assert [p.speaker for p in assigned] == ["S1", "S2", "S3"]


def test_an_interpreted_question_stays_a_question() -> None:
    """ "Hon frågar var boendet ligger" becomes "<namn> frågar genom tolken var …"."""
    present = (CASEWORKER, CLIENT, Participant("Amal Nur", "tolk", "S3"))
    note = _note(
        "S3: Hon frågar var boendet ligger och om barnen kan gå kvar i skolan.", present=present
    )
    assert [s.text for s in note.framkom] == [
        "Linda Ek frågar genom tolken var boendet ligger och om barnen kan gå kvar i skolan."
    ]


def test_thanks_and_introductions_are_not_statements() -> None:
    """ "Jag heter …" and "Tack för att du kom" say nothing a journal keeps."""
    note = _note(
        "S1: Jag heter Anna Berg och jag är socialsekreterare här på kontoret.",
        "S2: Tack så mycket för att du tog dig tid i dag.",
    )
    assert note.statements() == ()


def test_plural_possessive_and_object_are_told_apart() -> None:
    """ "er ansökan" is "deras ansökan"; "till er" is "till dem"."""
    text = _voice().statement(
        "nasta_steg",
        "Jag har prövat er ansökan och skickar ett brev till er senast i morgon.",
        "S1",
    )
    assert text == (
        "Socialsekreteraren har prövat deras ansökan och skickar ett brev till dem senast i morgon."
    )


def test_caseworker_saying_who_does_what_is_kept_without_a_cue() -> None:
    """A caseworker's "du ringer mig på måndagar" is kept though no cue word is in it."""
    note = _note("S1: Okej, då ringer du mig på måndagar på förmiddagen.")
    assert [s.text for s in note.nasta_steg] == [
        "Linda Ek ringer socialsekreteraren på måndagar på förmiddagen."
    ]


def test_plural_you_is_reflexive_after_its_own_subject() -> None:
    """ "ni tar med er" is "de tar med sig", not "de tar med dem"."""
    text = _voice().statement("nasta_steg", "Ni tar med er hyresavtalet på måndag.", "S1")
    assert text == "De tar med sig hyresavtalet på måndag."
