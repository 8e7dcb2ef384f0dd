"""Approval asks for confirmation, shows the flag count, and makes versions with a reason."""

from __future__ import annotations

import json
from typing import Any

from hub.services.audit import ACTION_LABELS
from tests.hub.conftest import Web, post
from tests.hub.reviewing import approve, audit_entries, keep_all_flags, stored_doc

REASON = "Fel datum för nästa möte."


def _reopen(web: Web, pk: int, reason: str = REASON) -> Any:
    return post(web.client("anna"), f"/notes/{pk}/new-version", {"skal": reason})


def test_approval_without_the_confirmation_is_refused(web: Web) -> None:
    """Approving without ticking "Jag har granskat anteckningen" answers 422 and locks nothing."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    keep_all_flags(client, pk)
    response = post(client, f"/notes/{pk}/approve")
    assert response.status_code == 422
    assert "Bekräfta att du har granskat anteckningen." in response.text
    assert stored_doc(web, pk).approved == []


def test_approval_form_shows_the_confirmation_and_the_flag_count(web: Web) -> None:
    """The approval form has the review tick box and says how many flags are handled."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    keep_all_flags(client, pk)
    page = client.get(f"/notes/{pk}").text
    form = page.split('class="godkann"', 1)[1].split("</form>", 1)[0]
    assert "2 av 2 flaggor hanterade." in form
    assert '<label for="granskad">Jag har granskat anteckningen</label>' in form


def test_an_approved_note_gets_a_new_version_with_a_reason(web: Web) -> None:
    """Reopening, editing and approving again adds version 2 with the reason; v1 is kept."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    approve(client, pk)
    assert _reopen(web, pk).status_code == 303
    post(client, f"/notes/{pk}/edit", {"text-st1": "Uppföljning av skolsituationen i dag."})
    assert approve(client, pk).status_code == 303
    versions = stored_doc(web, pk).approved
    assert [(v.version, v.reason) for v in versions] == [(1, None), (2, REASON)]
    assert versions[0].note.syfte[0].text == "Uppföljning av skolsituationen."
    assert versions[1].note.syfte[0].text == "Uppföljning av skolsituationen i dag."


def test_a_new_version_is_audited_with_its_reason(web: Web) -> None:
    """Reopening writes a new_version entry with the coming version number and the reason."""
    pk = web.deliver("n-1")
    approve(web.client("anna"), pk)
    _reopen(web, pk)
    detail = json.loads(audit_entries(web, pk, "new_version")[-1].detail)
    assert detail == {"version": 2, "skal": REASON}
    assert ACTION_LABELS["new_version"] == "Öppnade ny version av godkänd anteckning"


def test_a_reopened_note_can_be_edited_and_still_exports_its_last_version(web: Web) -> None:
    """While version 2 is being written, edits are allowed and the export is version 1."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    approve(client, pk)
    _reopen(web, pk)
    response = post(client, f"/notes/{pk}/edit", {"text-st1": "Ny formulering."})
    assert response.status_code == 303
    journal = post(client, f"/notes/{pk}/journal").text
    assert "Version: 1" in journal
    assert "Ny formulering." not in journal


def test_a_new_version_needs_a_reason(web: Web) -> None:
    """Reopening without a reason is refused with 422."""
    pk = web.deliver("n-1")
    approve(web.client("anna"), pk)
    assert _reopen(web, pk, "  ").status_code == 422
    assert stored_doc(web, pk).reopened is None


def test_a_draft_cannot_get_a_new_version(web: Web) -> None:
    """Only an approved, locked note can be reopened (409 otherwise)."""
    pk = web.deliver("n-1")
    assert _reopen(web, pk).status_code == 409


def test_the_page_lists_every_approved_version(web: Web) -> None:
    """The note page lists version 1 and version 2 with its reason."""
    pk = web.deliver("n-1")
    client = web.client("anna")
    approve(client, pk)
    _reopen(web, pk)
    approve(client, pk)
    page = client.get(f"/notes/{pk}").text
    assert "Version 1, godkänd av anna" in page
    assert f"Skäl till ny version: {REASON}" in page


def test_delete_stands_in_its_own_section(web: Web) -> None:
    """Radera is in its own danger section, apart from the approval form."""
    pk = web.deliver("n-1")
    page = web.client("anna").get(f"/notes/{pk}").text
    danger = page.split('class="farozon"', 1)[1].split("</section>", 1)[0]
    assert "Radera</button>" in danger
    assert "Godkänn och lås" not in danger
