"""Refused requests are audited, and the audit page shows Swedish labels and filters."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import select

from hub.services.audit import ACTION_LABELS
from hub.store import audit
from hub.store.tables import AuditEntry
from tests.hub.conftest import PASSWORD, Web, csrf_of, post

HUB = Path(__file__).resolve().parents[2] / "hub"


def _refusals(web: Web, actor: str) -> list[AuditEntry]:
    with web.ctx.sessions() as session:
        stmt = select(AuditEntry).where(
            AuditEntry.actor == actor, AuditEntry.action.in_(("refused", "login_limited"))
        )
        return list(session.scalars(stmt))


def _rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td>(.*?)</td>", row, re.DOTALL) for row in body.split("<tr>")[1:]]


def test_opening_another_caseworkers_note_is_refused_and_audited(web: Web) -> None:
    """Bertil opening Anna's note gets the 404 page and an audit entry naming him and it."""
    pk = web.deliver("n-1", owner="anna")
    response = web.client("bertil").get(f"/notes/{pk}")
    assert response.status_code == 404
    assert "Anteckningen finns inte." in response.text
    [entry] = _refusals(web, "bertil")
    assert entry.target == f"note:{pk}"
    assert json.loads(entry.detail) == {
        "utfall": "nekad",
        "status": 404,
        "skal": "Anteckningen finns inte.",
    }


def test_changing_another_caseworkers_note_is_audited(web: Web) -> None:
    """A refused approval of someone else's note is audited like a refused read."""
    pk = web.deliver("n-1", owner="anna")
    assert post(web.client("bertil"), f"/notes/{pk}/approve").status_code == 404
    assert [e.target for e in _refusals(web, "bertil")] == [f"note:{pk}"]


def test_probing_a_device_id_is_audited(web: Web) -> None:
    """A claim page for an unknown device is a 404 and an audited refusal."""
    assert web.client("bertil").get("/claim/rum-9").status_code == 404
    assert [e.target for e in _refusals(web, "bertil")] == ["device:rum-9"]


def test_claiming_a_busy_room_is_audited(web: Web) -> None:
    """Bertil trying to claim the room Anna holds gets 409 and an audited refusal."""
    post(web.client("anna"), "/claim/rum-1", {"minutes": "30", "informerad": "ja"})
    bertil = web.client("bertil")
    assert post(bertil, "/claim/rum-1", {"minutes": "30", "informerad": "ja"}).status_code == 409
    [entry] = _refusals(web, "bertil")
    assert (entry.target, json.loads(entry.detail)["status"]) == ("device:rum-1", 409)


def test_releasing_another_caseworkers_claim_is_audited(web: Web) -> None:
    """Releasing someone else's claim is a 404 and an audited refusal naming the claim."""
    post(web.client("anna"), "/claim/rum-1", {"minutes": "30", "informerad": "ja"})
    with web.ctx.sessions() as session:
        claim_id = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "claim"))
    number = json.loads(claim_id or "{}")["claim"]
    assert post(web.client("bertil"), f"/claims/{number}/release").status_code == 404
    assert [e.target for e in _refusals(web, "bertil")] == [f"claim:{number}"]


def test_a_page_the_role_may_not_see_is_audited(web: Web) -> None:
    """A caseworker opening the audit log gets 403 and an audited refusal."""
    assert web.client("anna").get("/audit").status_code == 403
    [entry] = _refusals(web, "anna")
    assert (entry.target, json.loads(entry.detail)["status"]) == ("/audit", 403)


def test_a_login_refused_by_the_limit_is_audited_apart(web: Web) -> None:
    """Once the limit is reached, further attempts are audited as ``login_limited``."""
    client = web.client()
    for _ in range(web.settings.login_max_failures + 1):
        data = {"username": "anna", "password": "fel", "csrf_token": csrf_of(client)}
        client.post("/login", data=data)
    data = {"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(client)}
    assert client.post("/login", data=data).status_code == 429
    assert {e.action for e in _refusals(web, "anna")} == {"login_limited"}


def test_audit_page_filters_by_user(web: Web) -> None:
    """``?anvandare=`` shows only that user's entries."""
    pk = web.deliver("n-1", owner="anna")
    web.client("anna").get(f"/notes/{pk}")
    web.client("bertil").get(f"/notes/{pk}")
    rows = _rows(web.client("dora").get("/audit?anvandare=bertil").text)
    assert rows
    assert {r[2] for r in rows} == {"bertil"}


def test_audit_page_filters_by_note(web: Web) -> None:
    """``?anteckning=<nr>`` shows only entries about that note."""
    first, second = web.deliver("n-1"), web.deliver("n-2")
    anna = web.client("anna")
    anna.get(f"/notes/{first}")
    anna.get(f"/notes/{second}")
    rows = _rows(web.client("dora").get(f"/audit?anteckning={second}").text)
    assert rows
    assert {r[4] for r in rows} == {f"note:{second}"}


def test_audit_page_filters_by_action(web: Web) -> None:
    """``?handelse=refused`` shows only refusals, labelled in Swedish, and counts them."""
    pk = web.deliver("n-1", owner="anna")
    bertil = web.client("bertil")
    bertil.get(f"/notes/{pk}")
    bertil.get(f"/notes/{pk + 1}")
    page = web.client("dora").get("/audit?handelse=refused").text
    assert {r[3] for r in _rows(page)} == {"Nekad åtkomst"}
    assert len(_rows(page)) == 2
    assert "2 poster" in page


def test_audit_page_shows_swedish_labels_and_readable_details(web: Web) -> None:
    """No raw action code or JSON reaches the page; details read as Swedish key: value."""
    pk = web.deliver("n-1", owner="anna")
    web.client("anna").get(f"/notes/{pk}")
    web.client("anna").get("/notes")
    web.client("bertil").get(f"/notes/{pk}")
    page = web.client("dora").get("/audit").text
    rows = _rows(page)
    shown = {r[3] for r in rows}
    assert {"Läste anteckning", "Listade inkorgen", "Nekad åtkomst"} <= shown
    assert not shown & set(audit.ACTIONS)
    assert not any("{" in r[5] or '"' in r[5] for r in rows)
    assert "skäl: Anteckningen finns inte.; status: 404; utfall: nekad" in page


def test_every_written_action_has_a_swedish_label() -> None:
    """Every action the code writes (``action="..."`` and ``ACTIONS``) has a label."""
    written = set(audit.ACTIONS)
    for path in HUB.rglob("*.py"):
        written |= set(re.findall(r'action="(\w+)"', path.read_text("utf-8")))
        written |= set(re.findall(r'notes\.change\(\s*\w+,\s*\w+,\s*"(\w+)"', path.read_text()))
    assert written - set(ACTION_LABELS) == set()
    assert all(label and label not in written for label in ACTION_LABELS.values())
