"""The Word export: a POST with CSRF, built like the PDF from the approved note's sections."""

from __future__ import annotations

import io
import json

import docx
import pytest

from hub.services import review
from hub.store import audit
from hub.store.tables import StoredNote
from tests.hub.conftest import Web, post
from tests.hub.reviewing import (
    SHORT_LINE,
    UNICODE_NAMES,
    approved_unicode_note,
    export_state,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraphs(web: Web, pk: int) -> list[tuple[str, str]]:
    """(style name, text) of each paragraph of the Word document the hub serves."""
    response = post(web.client("anna"), f"/notes/{pk}/export.docx")
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX_TYPE
    assert f'filename="journalanteckning-{pk}.docx"' in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def test_headings_are_the_section_titles(web: Web) -> None:
    """The document's headings are exactly the note's non-empty section titles, in order."""
    pk = approved_unicode_note(web)
    paragraphs = _paragraphs(web, pk)
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        note = web.ctx.store.load(row).approved[-1].note
    expected = [title for name, title in review.SECTION_TITLES.items() if getattr(note, name)]
    expected += [review.KLARTEXT_TITLE] if note.klartext else []
    assert [text for style, text in paragraphs if style == "Heading 1"] == expected


def test_unicode_names_survive(web: Web) -> None:
    """Polish, Serbian, Turkish, Vietnamese and Arabic names reach the document unchanged."""
    assert any(UNICODE_NAMES in text for _, text in _paragraphs(web, approved_unicode_note(web)))


def test_statement_line_breaks_stay_in_one_paragraph(web: Web) -> None:
    """A two-line statement is one list paragraph with a line break, not two paragraphs."""
    paragraphs = _paragraphs(web, approved_unicode_note(web))
    assert ("List Bullet", f"{SHORT_LINE}\nAndra raden.") in paragraphs
    assert not any(text.strip() == "Andra raden." for _, text in paragraphs)


@pytest.mark.parametrize(
    "expected",
    ["Godkänd av: anna", "(svensk tid)", "Version: 1", "Ärendenummer: IFO-2026-123"],
)
def test_document_states_the_approval(web: Web, expected: str) -> None:
    """Approver, approval time in Swedish time, version and case number are in the document."""
    assert any(expected in text for _, text in _paragraphs(web, approved_unicode_note(web)))


def test_export_marks_the_note_exported_and_audits_the_format(web: Web) -> None:
    """The Word export sets the status exporterad and writes one audit row with format docx."""
    pk = approved_unicode_note(web)
    _, _, before = export_state(web, pk)
    _paragraphs(web, pk)
    status, exported_at, actions = export_state(web, pk)
    assert (status, exported_at is not None, actions) == ("exporterad", True, [*before, "export"])
    with web.ctx.sessions() as session:
        last = audit.for_target(session, f"note:{pk}")[-1]
        assert json.loads(last.detail)["format"] == "docx"


def test_note_page_offers_the_word_export_as_a_form(web: Web) -> None:
    """The approved note's page has a POST form with the token for the Word export."""
    pk = approved_unicode_note(web)
    page = web.client("anna").get(f"/notes/{pk}").text
    form = page.split(f'<form method="post" action="/notes/{pk}/export.docx">', 1)[1]
    form = form.split("</form>", 1)[0]
    assert 'name="csrf_token"' in form
    assert "Ladda ner som Word-dokument" in form
