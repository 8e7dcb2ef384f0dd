"""What the note left out: segments with content no statement cites are marked, counted, and
one action turns one into a statement in journal voice, verified like an edit."""

from __future__ import annotations

import json
import re

import pytest

from hub.services.left_out import has_content
from tests.hub.conftest import Web, post
from tests.hub.reviewing import audit_entries, stored_doc
from wire.transcript import Segment

#: Said after the sample note's four segments (s0005 … s0010), cited by no statement.
EXTRA = (
    ("S2", "Ja."),
    ("S1", "Mm."),
    ("S2", "Jag ska ringa skolan på fredag."),
    ("S1", "Hej."),
    ("S2", "Okej, då ses vi."),
    ("S2", "Mamman och pappan."),
)
#: The sample's s0003 (a personnummer) and the two extra segments with content.
LEFT_OUT = ["s0003", "s0007", "s0010"]
FILLERS = ["s0005", "s0006", "s0008", "s0009"]
#: The sample note's own flags, both open on a fresh note.
SAMPLE_FLAGS = 2


def _deliver(web: Web, meeting_id: str = "n-1", owner: str = "anna") -> int:
    return web.deliver(meeting_id, owner, extra_segments=EXTRA)


def _add(web: Web, pk: int, segment: str, section: str, user: str = "anna") -> object:
    return post(web.client(user), f"/notes/{pk}/segment", {"avsnitt": segment, "rubrik": section})


def _segment_html(page: str, segment_id: str) -> str:
    return page.split(f'id="seg-{segment_id}"', 1)[1].split("</li>", 1)[0]


def _segment(text: str, language: str = "sv", flags: tuple[str, ...] = ()) -> Segment:
    return Segment("s1", 0.0, 1.0, "S1", text, language, flags)


@pytest.mark.parametrize(
    "text", ["Ja.", "Hej.", "Mm", "Tack så mycket.", "Okej, då ses vi.", "Jag förstår.", "Nej."]
)
def test_fillers_and_greetings_have_no_content(text: str) -> None:
    """Back-channel words, greetings and short replies are not counted as left out."""
    assert not has_content(_segment(text))


@pytest.mark.parametrize(
    "text",
    [
        "Jag ska ringa skolan på fredag.",
        "Mitt personnummer är 19850101-1234.",
        "Elsa trivs.",
        "Hyran är 7 400 kronor.",
    ],
)
def test_speech_with_substance_has_content(text: str) -> None:
    """Two content words, or a word and a number, make a segment the note should account for."""
    assert has_content(_segment(text))


def test_other_languages_and_silence_text_do_not_count() -> None:
    """An untranslated segment and text heard in silence are not counted."""
    assert not has_content(_segment("Ana sa'atasil bil madrasa yawm al-jum'a.", language="ar"))
    assert not has_content(_segment("Tack för att ni tittade på videon.", flags=("silence_text",)))


def test_review_view_counts_the_left_out_segments(web: Web) -> None:
    """The top of the review view says how many segments with content the note leaves out."""
    pk = _deliver(web)
    page = web.client("anna").get(f"/notes/{pk}").text
    expected = "3 avsnitt med innehåll i transkriptionen är inte med i anteckningen."
    assert expected in page.split('id="ejmed"', 1)[1].split("</p>", 1)[0]


def test_only_uncited_segments_with_content_are_marked(web: Web) -> None:
    """Ej med i anteckningen marks s0003, s0007, s0010; cited segments and fillers are not."""
    pk = _deliver(web)
    page = web.client("anna").get(f"/notes/{pk}").text
    marked = [s for s in re.findall(r'id="seg-(s\d+)"', page) if "ej-med" in _segment_html(page, s)]
    assert marked == LEFT_OUT
    assert not set(FILLERS) & set(marked)


def test_each_marked_segment_links_to_its_own_form(web: Web) -> None:
    """The view links each marked segment to its form; no section chooser is open."""
    pk = _deliver(web)
    page = web.client("anna").get(f"/notes/{pk}").text
    links = re.findall(rf'href="/notes/{pk}\?infor=(s\d+)"', page)
    assert links == LEFT_OUT
    assert "<select" not in page


def test_the_chooser_defaults_to_the_suggested_section(web: Web) -> None:
    """A future action is offered as Nästa steg, a plain answer as Vad som framkom."""
    pk = _deliver(web)
    client = web.client("anna")
    selected = r'<option value="(\w+)" selected>'
    for segment, section in (("s0007", "nasta_steg"), ("s0010", "framkom")):
        page = client.get(f"/notes/{pk}?infor={segment}").text
        assert re.findall(selected, _segment_html(page, segment)) == [section]


def test_no_chooser_opens_for_a_cited_segment(web: Web) -> None:
    """Asking for the form of a segment the note cites opens none."""
    pk = _deliver(web)
    assert "<select" not in web.client("anna").get(f"/notes/{pk}?infor=s0002").text


def test_adding_makes_a_statement_in_journal_voice_citing_the_segment(web: Web) -> None:
    """The mother's "Jag ska ringa skolan på fredag." becomes a third-person next step."""
    pk = _deliver(web)
    response = _add(web, pk, "s0007", "nasta_steg")
    assert response.status_code == 303  # type: ignore[attr-defined]
    added = stored_doc(web, pk).current.nasta_steg[-1]
    assert added.text == "Mamman ska ringa skolan på fredag."
    assert (added.citations, added.source, added.datum) == (("s0007",), "caseworker", "2026-11-27")


def test_the_statement_goes_to_the_section_the_caseworker_chose(web: Web) -> None:
    """Chosen as an agreement, the segment lands under Överenskommelser, not Nästa steg."""
    pk = _deliver(web)
    _add(web, pk, "s0007", "overenskommelser")
    doc = stored_doc(web, pk)
    assert [s.citations for s in doc.current.overenskommelser] == [("s0007",)]
    assert [s.citations for s in doc.current.nasta_steg] == [("s0004",)]


def test_the_statement_is_placed_in_the_order_it_was_said(web: Web) -> None:
    """s0003 (0:10) goes before the next step citing s0004 (0:15), not after it."""
    pk = _deliver(web)
    _add(web, pk, "s0003", "nasta_steg")
    assert [s.id for s in stored_doc(web, pk).current.nasta_steg] == ["hst001", "st3"]


def test_a_fact_is_attributed_to_its_speaker(web: Web) -> None:
    """Under Vad som framkom the statement says who told it, as the device writes facts."""
    pk = _deliver(web)
    _add(web, pk, "s0007", "framkom")
    added = stored_doc(web, pk).current.framkom[-1]
    assert added.text == "Mamman berättar att hen ska ringa skolan på fredag."


def test_the_added_segment_is_no_longer_left_out(web: Web) -> None:
    """After adding s0007 the count drops to 2 and the statement is shown as added."""
    pk = _deliver(web)
    _add(web, pk, "s0007", "nasta_steg")
    page = web.client("anna").get(f"/notes/{pk}").text
    assert "2 avsnitt med innehåll i transkriptionen är inte med i anteckningen." in page
    assert "ej-med" not in _segment_html(page, "s0007")
    assert "tillagd av handläggare" in page.split('id="st-hst001"', 1)[1].split("</li>", 1)[0]


def test_adding_is_audited(web: Web) -> None:
    """The addition is one audit entry naming the statement, the segment and the section."""
    pk = _deliver(web)
    _add(web, pk, "s0007", "nasta_steg")
    entries = audit_entries(web, pk, "add_statement")
    assert [json.loads(e.detail) for e in entries] == [
        {"pastaende": "hst001", "avsnitt": "s0007", "rubrik": "nasta_steg"}
    ]


def test_verifier_flags_on_the_new_statement_block_approval(web: Web) -> None:
    """A statement with nothing of its own gets an open ej_verifierad flag; approval waits."""
    pk = _deliver(web)
    client = web.client("anna")
    for number in range(1, SAMPLE_FLAGS + 1):
        post(client, f"/notes/{pk}/flag", {"flagga": str(number), "beslut": "behall"})
    _add(web, pk, "s0010", "framkom")
    flags = stored_doc(web, pk).current.flaggor
    assert [(f.kind, f.statement_id) for f in flags[SAMPLE_FLAGS:]] == [("ej_verifierad", "hst001")]
    refused = post(client, f"/notes/{pk}/approve", {"granskad": "ja"})
    assert refused.status_code == 409
    assert "1 flagga är inte hanterad" in refused.text
    decided = {"flagga": str(SAMPLE_FLAGS + 1), "beslut": "behall"}
    post(client, f"/notes/{pk}/flag", decided)
    assert post(client, f"/notes/{pk}/approve", {"granskad": "ja"}).status_code == 303


@pytest.mark.parametrize(
    ("segment", "section", "message"),
    [
        ("s9999", "framkom", "Avsnittet finns inte i transkriptionen."),
        ("s0002", "framkom", "Avsnittet är redan med i anteckningen."),
        ("s0005", "framkom", "Avsnittet har inget innehåll att föra in i anteckningen."),
        ("s0007", "slutsats", "Välj en av rubrikerna i anteckningen: Syfte med mötet,"),
        ("", "", "Välj en av rubrikerna i anteckningen"),
    ],
)
def test_a_bad_request_is_refused_and_changes_nothing(
    web: Web, segment: str, section: str, message: str
) -> None:
    """Unknown, cited or empty segments and unknown sections get 409 with a Swedish reason."""
    pk = _deliver(web)
    response = _add(web, pk, segment, section)
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert message in response.text  # type: ignore[attr-defined]
    doc = stored_doc(web, pk)
    assert doc.current == doc.draft
    assert audit_entries(web, pk, "add_statement") == []


def test_a_request_without_csrf_token_is_refused(web: Web) -> None:
    """Without the session's CSRF token the addition is refused and nothing changes."""
    pk = _deliver(web)
    form = {"avsnitt": "s0007", "rubrik": "nasta_steg"}
    response = web.client("anna").post(f"/notes/{pk}/segment", data=form)
    assert response.status_code == 403
    assert "Ogiltig eller saknad säkerhetstoken." in response.text
    doc = stored_doc(web, pk)
    assert doc.current == doc.draft


def test_another_caseworkers_note_is_not_found(web: Web) -> None:
    """Bertil cannot add to Anna's note: 404, the note unchanged, the refusal audited."""
    pk = _deliver(web)
    response = _add(web, pk, "s0007", "nasta_steg", user="bertil")
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert "Anteckningen finns inte." in response.text  # type: ignore[attr-defined]
    doc = stored_doc(web, pk)
    assert doc.current == doc.draft
    assert [json.loads(e.detail)["status"] for e in audit_entries(web, pk, "refused")] == [404]


def test_a_locked_note_takes_no_addition(web: Web) -> None:
    """Once approved, the note refuses an addition until a new version is opened."""
    pk = _deliver(web)
    client = web.client("anna")
    for number in range(1, SAMPLE_FLAGS + 1):
        post(client, f"/notes/{pk}/flag", {"flagga": str(number), "beslut": "behall"})
    post(client, f"/notes/{pk}/approve", {"granskad": "ja"})
    response = _add(web, pk, "s0007", "nasta_steg")
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "godkänd och låst" in response.text  # type: ignore[attr-defined]
    assert "För in i anteckningen" not in client.get(f"/notes/{pk}").text


def test_a_role_in_its_definite_form_is_verified_as_present(web: Web) -> None:
    """After S2 is named "pappa", an edit saying "Pappan berättar …" is not flagged."""
    pk = _deliver(web)
    client = web.client("anna")
    post(client, f"/notes/{pk}/speakers", {"speaker-S2": "pappa"})
    text = "Pappan berättar att Elsa har börjat i ny skola och trivs bra."
    post(client, f"/notes/{pk}/edit", {"text-st2": text})
    flags = stored_doc(web, pk).current.flaggor
    assert [f.detail for f in flags if f.statement_id == "st2"] == []
