"""The PDF and journal text: DejaVu embedded, headings from the note's sections, approval facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hub.services import export, review
from hub.store.notes import NoteDocument
from tests.hub.conftest import Web
from tests.hub.reviewing import SHORT_LINE, UNICODE_NAMES, approved_unicode_note, stored_doc

ORG = "Socialtjänsten"


def _approved_doc(web: Web) -> NoteDocument:
    """Anna's note with Unicode names, a short two-line statement, a case number, approved."""
    return stored_doc(web, approved_unicode_note(web))


def _paragraphs(doc: NoteDocument) -> list[tuple[str, str]]:
    """(style name, plain text) of each paragraph of the PDF story."""
    return [(p.style.name, p.getPlainText()) for p in export.pdf_story(doc, ORG)]


def test_pdf_embeds_dejavu_and_no_helvetica(web: Web) -> None:
    """The PDF embeds the DejaVu font (with a ToUnicode map) and references no Helvetica."""
    body = export.pdf_bytes(_approved_doc(web), ORG, web.ctx.settings.pdf_font_dir)
    assert body.startswith(b"%PDF")
    assert b"DejaVuSans" in body
    assert b"/ToUnicode" in body
    assert b"Helvetica" not in body


def test_pdf_story_keeps_the_unicode_names(web: Web) -> None:
    """Polish, Serbian, Turkish, Vietnamese and Arabic names reach the PDF's text unchanged."""
    texts = [text for _, text in _paragraphs(_approved_doc(web))]
    assert any(UNICODE_NAMES in text for text in texts)


def test_headings_are_the_section_titles_only(web: Web) -> None:
    """Headings are the note's section titles; a short statement stays body text."""
    doc = _approved_doc(web)
    note = doc.approved[-1].note
    paragraphs = _paragraphs(doc)
    headings = [text for style, text in paragraphs if style == "heading"]
    expected = [title for name, title in review.SECTION_TITLES.items() if getattr(note, name)]
    assert headings == expected + ([review.KLARTEXT_TITLE] if note.klartext else [])
    short = [style for style, text in paragraphs if text.startswith(SHORT_LINE)]
    assert short == ["item"]


def test_statement_line_breaks_stay_in_one_paragraph(web: Web) -> None:
    """The second line of a statement is part of its paragraph, not a heading of its own."""
    paragraphs = _paragraphs(_approved_doc(web))
    assert not any(text.strip() == "Andra raden." for _, text in paragraphs)
    source = [p for p in export.pdf_story(_approved_doc(web), ORG) if SHORT_LINE in p.text]
    assert "<br/>Andra raden." in source[0].text


@pytest.mark.parametrize(
    "expected",
    ["Godkänd av: anna", "(svensk tid)", "Version: 1", "Ärendenummer: IFO-2026-123"],
)
def test_journal_text_and_pdf_state_the_approval(web: Web, expected: str) -> None:
    """Approver, approval time in Swedish time, version and case number are in both."""
    doc = _approved_doc(web)
    assert expected in review.journal_text(doc, ORG)
    assert any(expected in text for _, text in _paragraphs(doc))


def test_approval_time_is_shown_in_stockholm_time(web: Web) -> None:
    """A UTC approval time is printed as Swedish local time with its label."""
    doc = _approved_doc(web)
    doc.approved[-1] = replace(doc.approved[-1], at="2026-12-01T13:05:00+00:00")
    assert "Godkänd: 2026-12-01 kl. 14:05 (svensk tid)" in review.journal_text(doc, ORG)


def test_missing_font_names_the_file_and_the_debian_package(web: Web, tmp_path: Path) -> None:
    """Without the font file the export fails loudly, naming the file and fonts-dejavu-core."""
    with pytest.raises(export.PdfFontMissingError) as failure:
        export.pdf_bytes(_approved_doc(web), ORG, tmp_path)
    assert str(tmp_path / "DejaVuSans.ttf") in str(failure.value)
    assert "fonts-dejavu-core" in str(failure.value)


def test_case_number_is_left_out_when_not_linked(web: Web) -> None:
    """A note without a linked case has no case-number line."""
    doc = _approved_doc(web)
    doc.case_ref = None
    assert "Ärendenummer" not in review.journal_text(doc, ORG)
