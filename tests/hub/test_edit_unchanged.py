"""Saving the edit form with the text as it was is not an edit (browsers send CRLF)."""

from __future__ import annotations

from hub.store import audit
from tests.hub.conftest import Web, post

TWO_LINES = "Mamman berättar om skolan.\nHon har träffat rektorn."


def _edits(web: Web, pk: int) -> list[str]:
    with web.ctx.sessions() as session:
        return [e.action for e in audit.for_target(session, f"note:{pk}") if e.action == "edit"]


def test_unchanged_statement_sent_with_crlf_is_not_marked_changed(web: Web) -> None:
    """A two-line statement sent back with CRLF line ends keeps its draft marking."""
    pk = web.deliver("n-1", framkom_text=TWO_LINES)
    client = web.client("anna")
    post(client, f"/notes/{pk}/edit", {"text-st2": TWO_LINES.replace("\n", "\r\n") + "\r\n"})
    assert "ändrad av handläggare" not in client.get(f"/notes/{pk}").text


def test_unchanged_save_writes_no_edit_to_the_audit_log(web: Web) -> None:
    """Saving the form unchanged (CRLF statement and klartext) audits no edit."""
    pk = web.deliver("n-1", framkom_text=TWO_LINES)
    klartext = "Vi pratade om skolan. Vi ses igen den 4 december."
    form = {"text-st2": TWO_LINES.replace("\n", "\r\n"), "klartext": klartext + "\r\n"}
    post(web.client("anna"), f"/notes/{pk}/edit", form)
    assert _edits(web, pk) == []


def test_a_real_change_after_crlf_normalising_is_still_an_edit(web: Web) -> None:
    """A changed word in a CRLF-sent statement is saved and audited once."""
    pk = web.deliver("n-1", framkom_text=TWO_LINES)
    changed = TWO_LINES.replace("rektorn", "mentorn").replace("\n", "\r\n")
    client = web.client("anna")
    post(client, f"/notes/{pk}/edit", {"text-st2": changed})
    assert "mentorn" in client.get(f"/notes/{pk}").text
    assert _edits(web, pk) == ["edit"]


def test_an_unchanged_save_says_nothing_changed(web: Web) -> None:
    """After saving the same text the page says nothing changed, not that it was saved."""
    pk = web.deliver("n-1", framkom_text=TWO_LINES)
    client = web.client("anna")
    reply = post(client, f"/notes/{pk}/edit", {"text-st2": TWO_LINES})
    page = client.get(reply.headers["location"]).text
    assert "Inget ändrades" in page
    assert "Ändringarna är sparade" not in page
