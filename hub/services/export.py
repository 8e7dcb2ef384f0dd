"""Export of approved notes: PDF (DejaVu embedded) and Word documents, push to a case system.

The webhook payload (version 1) is documented in docs/hub.md.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import docx
import httpx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from hub.errors import HubError
from hub.services.review import (
    KLARTEXT_TITLE,
    SECTION_TITLES,
    date_suffix,
    final_version,
    journal_text,
    journal_title,
    record_lines,
)
from hub.settings import WebhookSettings
from hub.store.notes import NoteDocument
from wire.note import STATEMENT_FIELDS, Statement

WEBHOOK_VERSION = 1


class ExportError(HubError):
    """An export could not be delivered; the message says where and why."""


class PdfFontMissingError(HubError, RuntimeError):
    """The Unicode font embedded in PDFs is not installed; the message names file and package."""


FONT_PACKAGE = "fonts-dejavu-core"
FONT_FILES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
"""reportlab font name → file in :attr:`hub.settings.HubSettings.pdf_font_dir`."""
BODY_FONT, BOLD_FONT = FONT_FILES


def register_pdf_fonts(font_dir: Path) -> None:
    """Register the DejaVu fonts with reportlab, or raise naming the missing file."""
    for name, filename in FONT_FILES.items():
        path = font_dir / filename
        if not path.is_file():
            msg = (
                f"PDF font {path} is missing: install the Debian package {FONT_PACKAGE} "
                "or set pdf_font_dir in hub.toml"
            )
            raise PdfFontMissingError(msg)
        if _registered.get(name) != path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _registered[name] = path


_registered: dict[str, Path] = {}


def pdf_bytes(doc: NoteDocument, organisation: str, font_dir: Path) -> bytes:
    """The approved note as a one-column A4 PDF in an embedded Unicode font."""
    register_pdf_fonts(font_dir)
    buffer = io.BytesIO()
    # The canvas starts in DejaVu too, so the PDF references no Helvetica at all.
    template = SimpleDocTemplate(
        buffer, pagesize=A4, title="Journalanteckning", initialFontName=BODY_FONT
    )
    template.build(pdf_story(doc, organisation))
    return buffer.getvalue()


Block = tuple[Literal["title", "body", "heading", "item"], str]
"""One paragraph of an exported document: its kind and its plain text (line breaks kept)."""


def document_blocks(doc: NoteDocument, organisation: str) -> list[Block]:
    """The approved note as the PDF and the Word document print it, paragraph by paragraph.

    A title, the record lines shared with the journal text, then each non-empty section:
    its title as a heading and one item per statement; the plain-language summary last.
    """
    final = final_version(doc)
    blocks: list[Block] = [("title", journal_title(organisation))]
    blocks += [("body", line) for line in record_lines(doc)]
    for name in STATEMENT_FIELDS:
        statements: tuple[Statement, ...] = getattr(final.note, name)
        if statements:
            blocks.append(("heading", SECTION_TITLES[name]))
            blocks += [("item", s.text + date_suffix(s)) for s in statements]
    if final.note.klartext:
        blocks += [("heading", KLARTEXT_TITLE), ("body", final.note.klartext)]
    return blocks


def pdf_story(doc: NoteDocument, organisation: str) -> list[Flowable]:
    """The PDF's paragraphs, built from the typed note: headings are its section titles.

    Text is escaped (never markup); line breaks inside a statement are kept.
    """
    styles = _styles()
    return [
        Paragraph(_text(text), styles[kind], bulletText="–" if kind == "item" else None)
        for kind, text in document_blocks(doc, organisation)
    ]


DOCX_STYLES = {"title": "Title", "body": None, "heading": "Heading 1", "item": "List Bullet"}
"""Block kind → paragraph style of python-docx's default template (None: Normal)."""


def docx_bytes(doc: NoteDocument, organisation: str) -> bytes:
    """The approved note as a Word document (.docx): section titles are Heading 1.

    Text is set as runs (never markup); a line break inside a statement becomes a break
    within its paragraph.
    """
    document = docx.Document()
    document.core_properties.title = "Journalanteckning"
    document.core_properties.language = "sv-SE"
    for kind, text in document_blocks(doc, organisation):
        document.add_paragraph(text, style=DOCX_STYLES[kind])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=BODY_FONT, bulletFontName=BODY_FONT, fontSize=10, leading=14, spaceAfter=2
    )
    return {
        "title": ParagraphStyle(
            "title", fontName=BOLD_FONT, fontSize=16, leading=20, spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD_FONT, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4
        ),
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=12, bulletIndent=0),
    }


def webhook_payload(
    doc: NoteDocument, *, note_ref: str, device_id: str, approved_by: str, organisation: str
) -> dict[str, Any]:
    """The documented push body: approved note, journal text, AI draft for traceability."""
    final = final_version(doc)
    return {
        "samtal_webhook_version": WEBHOOK_VERSION,
        "note_ref": note_ref,
        "device_id": device_id,
        "approved_version": final.version,
        "approved_by": approved_by,
        "approved_at": final.at,
        "speakers": dict(doc.speakers),
        "note": final.note.to_dict(),
        "journal_text": journal_text(doc, organisation),
        "ai_draft": doc.draft.to_dict(),
    }


def push(settings: WebhookSettings, payload: dict[str, Any]) -> int:
    """POST ``payload``; return the HTTP status, raise :class:`ExportError` unless 2xx."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if settings.bearer_token:
        headers["Authorization"] = f"Bearer {settings.bearer_token}"
    if settings.hmac_secret:
        mac = hmac.new(settings.hmac_secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Samtal-Signature"] = f"sha256={mac}"
    try:
        response = httpx.post(
            settings.url, content=body, headers=headers, timeout=settings.timeout_s
        )
    except httpx.HTTPError as exc:
        msg = f"case-management push to {settings.url} failed: {exc}"
        raise ExportError(msg) from exc
    if not response.is_success:
        msg = f"case-management system at {settings.url} answered {response.status_code}"
        raise ExportError(msg)
    return response.status_code
