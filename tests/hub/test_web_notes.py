"""Inbox and note pages: reading, editing, approving, exporting, deleting; all audited."""

from __future__ import annotations

import re

from hub.store import audit
from hub.store.notes import NoteUnavailableError
from hub.store.tables import StoredNote
from tests.hub.conftest import Web, post
from tests.hub.reviewing import approve


def _actions(web: Web, pk: int) -> list[str]:
    with web.ctx.sessions() as session:
        return [e.action for e in audit.for_target(session, f"note:{pk}")]


def test_inbox_lists_the_owners_note(web: Web) -> None:
    """A delivered note appears in its owner's inbox."""
    pk = web.deliver("n-1")
    assert f"/notes/{pk}" in web.client("anna").get("/notes").text


def test_inbox_read_is_audited(web: Web) -> None:
    """Listing the inbox writes an audit entry."""
    web.client("anna").get("/notes")
    with web.ctx.sessions() as session:
        assert [e.action for e in audit.for_target(session, "inbox")] == ["list"]


def test_viewing_a_note_is_audited(web: Web) -> None:
    """Opening a note writes a view entry naming the reader."""
    pk = web.deliver("n-1")
    web.client("anna").get(f"/notes/{pk}")
    with web.ctx.sessions() as session:
        entry = audit.for_target(session, f"note:{pk}")[-1]
    assert (entry.action, entry.actor) == ("view", "anna")


def test_note_page_links_citations_to_transcript_segments(web: Web) -> None:
    """Each statement's citation links to its segment, which shows time, speaker and text."""
    pk = web.deliver("n-1")
    page = web.client("anna").get(f"/notes/{pk}").text
    assert 'href="#seg-s0002"' in page
    segment = re.search(r'<li id="seg-s0002".*?</li>', page, re.DOTALL)
    assert segment is not None
    assert "0:04" in segment.group(0)
    assert "S2" in segment.group(0)
    assert "Elsa har börjat i ny skola" in segment.group(0)


def test_personnummer_flag_stands_out(web: Web) -> None:
    """The personnummer flag is shown in the flag box with the number highlighted."""
    pk = web.deliver("n-1")
    page = web.client("anna").get(f"/notes/{pk}").text
    assert 'class="flagga flagga-personnummer"' in page
    assert "<mark>19850101-1234</mark>" in page


def test_html_in_note_text_is_shown_inert(web: Web) -> None:
    """Script in a statement is escaped, never executed markup."""
    pk = web.deliver("n-1", framkom_text='<script>alert("x")</script><b>fet</b>')
    page = web.client("anna").get(f"/notes/{pk}").text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_edit_changes_the_statement_and_keeps_the_draft(web: Web) -> None:
    """An edited statement is shown, marked as the caseworker's, and the draft stays intact."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    assert (
        post(client, f"/notes/{pk}/edit", {"text-st2": "Mamman berättar om skolan."}).status_code
        == 303
    )
    page = client.get(f"/notes/{pk}").text
    assert "Mamman berättar om skolan." in page
    assert "ändrad av handläggare" in page
    with web.ctx.sessions() as session:
        doc = web.ctx.store.load(session.get(StoredNote, pk))  # type: ignore[arg-type]
    assert doc.draft.framkom[0].text.startswith("Mamman berättar att Elsa")


def test_empty_statement_is_refused(web: Web) -> None:
    """Blanking a statement is refused with a Swedish message and changes nothing."""
    pk = web.deliver("n-1")
    response = post(web.client("anna"), f"/notes/{pk}/edit", {"text-st2": "   "})
    assert response.status_code == 409
    assert "får inte vara tom" in response.text


def test_speakers_can_be_renamed_to_roles(web: Web) -> None:
    """A speaker label renamed to a role shows the role in the transcript."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    post(client, f"/notes/{pk}/speakers", {"speaker-S2": "Mamman"})
    segment = re.search(r'<li id="seg-s0002".*?</li>', client.get(f"/notes/{pk}").text, re.DOTALL)
    assert segment is not None
    assert "Mamman" in segment.group(0)


def test_approve_locks_the_note(web: Web) -> None:
    """After approval an edit is refused."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    approve(client, pk)
    response = post(client, f"/notes/{pk}/edit", {"text-st2": "Ny text här."})
    assert response.status_code == 409


def test_approved_page_shows_the_ai_draft_beside_the_approved_text(web: Web) -> None:
    """The approved note's page keeps the unchanged AI draft next to the approved text."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    post(client, f"/notes/{pk}/edit", {"text-st2": "Godkänd formulering."})
    approve(client, pk)
    page = client.get(f"/notes/{pk}").text
    assert "Godkänd formulering." in page
    assert "AI-utkast (oförändrat)" in page
    assert "Mamman berättar att Elsa har börjat i ny skola." in page


def test_export_before_approval_is_refused(web: Web) -> None:
    """A draft cannot be exported."""
    pk = web.deliver("n-1")
    assert post(web.client("anna"), f"/notes/{pk}/export.pdf").status_code == 409


def test_pdf_export_of_an_approved_note(web: Web) -> None:
    """An approved note downloads as a PDF and the export is audited."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    approve(client, pk)
    response = post(client, f"/notes/{pk}/export.pdf")
    assert response.content.startswith(b"%PDF")
    assert _actions(web, pk)[-1] == "export"


def test_journal_text_contains_sections_in_swedish(web: Web) -> None:
    """The copy-for-the-journal text has the Swedish section headings and the next step."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    approve(client, pk)
    page = post(client, f"/notes/{pk}/journal").text
    assert "Nästa steg" in page
    assert "Nytt möte 4 december kl. 10. (datum: 2026-12-04)" in page


def test_delete_makes_the_note_unreadable_but_keeps_its_audit(web: Web) -> None:
    """A deleted note is gone (410), its key shredded, its audit rows kept."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    client.get(f"/notes/{pk}")
    assert post(client, f"/notes/{pk}/delete", {"bekrafta": "ja"}).status_code == 303
    assert client.get(f"/notes/{pk}").status_code == 410
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        try:
            web.ctx.store.load(row)
        except NoteUnavailableError:
            pass
        else:
            raise AssertionError("deleted note still decrypts")
    assert _actions(web, pk) == ["ingest", "view", "delete"]


def test_delete_needs_confirmation(web: Web) -> None:
    """Without the confirmation box the note is not deleted."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    assert post(client, f"/notes/{pk}/delete").status_code == 422
    assert client.get(f"/notes/{pk}").status_code == 200


def test_note_can_be_linked_to_a_case(web: Web) -> None:
    """The case number is shown on the note and stored only as a keyed hash in clear."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    assert post(client, f"/notes/{pk}/case", {"arende": "SN 2026/123"}).status_code == 303
    assert "SN 2026/123" in client.get(f"/notes/{pk}").text
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        assert row.case_tag == web.ctx.keyring.case_tag("sn  2026/123")


def test_invalid_case_number_is_refused(web: Web) -> None:
    """Markup or overlong text as a case number is refused."""
    pk = web.deliver("n-1")
    response = post(web.client("anna"), f"/notes/{pk}/case", {"arende": "<b>x</b>"})
    assert response.status_code == 422


def test_saving_speaker_roles_is_confirmed(web: Web) -> None:
    """After naming a speaker's role the page confirms the roles were saved."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    reply = post(client, f"/notes/{pk}/speakers", {"speaker-S2": "Mamman"})
    assert "Talarnas roller är sparade." in client.get(reply.headers["location"]).text
