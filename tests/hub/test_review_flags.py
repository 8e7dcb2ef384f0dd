"""Flags are decisions: each needs Behåll, Ta bort påståendet or Redigera before approval."""

from __future__ import annotations

import json
from typing import Any

from hub.services.audit import ACTION_LABELS
from hub.store.notes import NoteDocument
from tests.hub.conftest import Web, post
from tests.hub.reviewing import audit_entries, keep_all_flags, stored_doc

#: The sample note's flags, in order: a personnummer (no statement), st3 unverified.
PERSONNUMMER, UNVERIFIED = 1, 2


def _decide(web: Web, pk: int, number: int, choice: str, **extra: str) -> Any:
    data = {"flagga": str(number), "beslut": choice, **extra}
    return post(web.client("anna"), f"/notes/{pk}/flag", data)


def _kinds(web: Web, pk: int, statement_id: str) -> list[str]:
    return [f.kind for f in stored_doc(web, pk).current.flaggor if f.statement_id == statement_id]


def test_approval_is_refused_while_flags_are_open(web: Web) -> None:
    """Approving with undecided flags answers 409 naming how many are open."""
    pk = web.deliver("n-1")
    response = post(web.client("anna"), f"/notes/{pk}/approve", {"granskad": "ja"})
    assert response.status_code == 409
    assert "2 flaggor är inte hanterade" in response.text
    assert stored_doc(web, pk).approved == []


def test_one_open_flag_is_named_in_the_singular(web: Web) -> None:
    """With one flag left the refusal says "1 flagga"."""
    pk = web.deliver("n-1")
    _decide(web, pk, PERSONNUMMER, "behall")
    response = post(web.client("anna"), f"/notes/{pk}/approve", {"granskad": "ja"})
    assert "1 flagga är inte hanterad" in response.text


def test_approval_succeeds_once_every_flag_is_decided(web: Web) -> None:
    """After a choice for every flag the note can be approved."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    keep_all_flags(client, pk)
    assert post(client, f"/notes/{pk}/approve", {"granskad": "ja"}).status_code == 303
    assert len(stored_doc(web, pk).approved) == 1


def test_keep_is_recorded_and_audited(web: Web) -> None:
    """Behåll is stored in the document and audited with the flag's number and kind."""
    pk = web.deliver("n-1")
    assert _decide(web, pk, PERSONNUMMER, "behall").status_code == 303
    assert list(stored_doc(web, pk).decisions.values()) == ["behall"]
    detail = json.loads(audit_entries(web, pk, "flag_decision")[-1].detail)
    assert detail == {"flagga": 1, "typ": "personnummer", "val": "behall"}
    assert "Beslut: Behåll" in web.client("anna").get(f"/notes/{pk}").text
    assert "1 av 2 flaggor hanterade." in web.client("anna").get(f"/notes/{pk}").text


def test_redigera_leads_to_the_statement_text(web: Web) -> None:
    """Redigera on a statement's flag opens that statement's text box in the review view."""
    pk = web.deliver("n-1")
    response = _decide(web, pk, UNVERIFIED, "redigera")
    location = response.headers["location"]
    assert location == f"/notes/{pk}?redigera=st3"
    page = web.client("anna").get(location).text
    assert '<textarea id="text-st3" name="text-st3" rows="3" autofocus>' in page


def test_every_choice_is_audited(web: Web) -> None:
    """Redigera and Ta bort påståendet are each one audit entry with their choice."""
    pk = web.deliver("n-1")
    _decide(web, pk, PERSONNUMMER, "redigera")
    _decide(web, pk, UNVERIFIED, "ta_bort")
    choices = [json.loads(e.detail)["val"] for e in audit_entries(web, pk, "flag_decision")]
    assert choices == ["redigera", "ta_bort"]


def test_flag_decision_has_a_swedish_audit_label() -> None:
    """The audit page names the flag decision in Swedish."""
    assert ACTION_LABELS["flag_decision"] == "Beslutade om flagga"


def test_remove_takes_the_statement_out_of_the_current_note(web: Web) -> None:
    """Ta bort påståendet removes the flagged statement; the AI draft keeps it."""
    pk = web.deliver("n-1")
    _decide(web, pk, UNVERIFIED, "ta_bort")
    doc = stored_doc(web, pk)
    assert "st3" not in [s.id for s in doc.current.statements()]
    assert "st3" in [s.id for s in doc.draft.statements()]
    assert _kinds(web, pk, "st3") == []


def test_remove_is_not_offered_for_a_flag_without_a_statement(web: Web) -> None:
    """A personnummer flag on a segment only cannot remove a statement (409)."""
    pk = web.deliver("n-1")
    assert _decide(web, pk, PERSONNUMMER, "ta_bort").status_code == 409
    assert stored_doc(web, pk).decisions == {}


def test_unknown_flag_or_choice_is_refused(web: Web) -> None:
    """A flag number that does not exist, or an unknown choice, is refused with 409."""
    pk = web.deliver("n-1")
    assert _decide(web, pk, 9, "behall").status_code == 409
    assert _decide(web, pk, PERSONNUMMER, "kanske").status_code == 409


def test_a_stale_page_cannot_decide_another_flag(web: Web) -> None:
    """A decision naming a flag key that is no longer at that number is refused."""
    pk = web.deliver("n-1")
    assert _decide(web, pk, PERSONNUMMER, "behall", nyckel="annan").status_code == 409


def test_edit_to_supported_text_clears_the_verification_flag(web: Web) -> None:
    """Editing st3 to what its segment says removes its ej_verifierad flag."""
    pk = web.deliver("n-1")
    text = "Vi ses igen den 4 december klockan tio."
    post(web.client("anna"), f"/notes/{pk}/edit", {"text-st3": text})
    assert _kinds(web, pk, "st3") == []


def test_edit_to_unsupported_text_adds_a_verification_flag(web: Web) -> None:
    """Editing st2 to text its segment does not say gives it an open ej_verifierad flag."""
    pk = web.deliver("n-1")
    post(web.client("anna"), f"/notes/{pk}/edit", {"text-st2": "Pappan har flyttat till Malmö."})
    assert "ej_verifierad" in _kinds(web, pk, "st2")
    page = web.client("anna").get(f"/notes/{pk}").text
    assert "Flaggad" in page.split('id="st-st2"', 1)[1].split("</li>", 1)[0]


def test_redigera_with_text_edits_and_verifies_in_one_step(web: Web) -> None:
    """Redigera with a new text replaces the statement and verifies it again."""
    pk = web.deliver("n-1")
    text = "Vi ses igen den 4 december klockan tio."
    assert _decide(web, pk, UNVERIFIED, "redigera", text=text).status_code == 303
    doc = stored_doc(web, pk)
    assert doc.current.nasta_steg[0].text == text
    assert _kinds(web, pk, "st3") == []


def test_old_documents_load_without_decisions(web: Web) -> None:
    """A stored document from before decisions existed reads with none."""
    pk = web.deliver("n-1")
    raw = stored_doc(web, pk).to_json()
    assert b"decisions" not in raw
    assert NoteDocument.from_json(raw).decisions == {}
