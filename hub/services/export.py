"""Export of approved notes: PDF document, and push to a case-management system.

The webhook payload (version 1) is documented in docs/hub.md.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from typing import Any
from xml.sax.saxutils import escape

import httpx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from hub.errors import HubError
from hub.services.review import final_version, journal_text
from hub.settings import WebhookSettings
from hub.store.notes import NoteDocument

WEBHOOK_VERSION = 1


class ExportError(HubError):
    """An export could not be delivered; the message says where and why."""


def pdf_bytes(doc: NoteDocument, organisation: str) -> bytes:
    """The approved note as a one-column A4 PDF (text is escaped, never markup)."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    story: list[Any] = []
    for index, line in enumerate(journal_text(doc, organisation).splitlines()):
        if not line:
            story.append(Spacer(1, 6))
            continue
        style = styles["Title"] if index == 0 else styles["BodyText"]
        if line and not line.startswith(("- ", "Datum", "Närvarande")) and index > 0:
            style = styles["Heading3"] if len(line) < 40 else styles["BodyText"]
        story.append(Paragraph(escape(line), style))
    SimpleDocTemplate(buffer, pagesize=A4, title="Journalanteckning").build(story)
    return buffer.getvalue()


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
