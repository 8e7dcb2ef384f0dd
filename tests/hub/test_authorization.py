"""Caseworker B can reach none of caseworker A's notes, claims or exports, on any route.

The test enumerates the app's routes: a route missing from the authorization table
(``hub.services.access.ROUTES``) fails the test, so a new route cannot escape the check.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts

from hub.services.access import DEVICE_API_PREFIXES, ROUTES, Access, rule_for
from hub.store.tables import Claim, StoredNote
from tests.hub.conftest import Web, post
from tests.hub.reviewing import approve

NOTE, CLAIM, DEVICE, LIST, ROLE, PUBLIC, EXPORT_LINK = (
    Access.NOTE,
    Access.CLAIM,
    Access.DEVICE,
    Access.LIST,
    Access.ROLE,
    Access.PUBLIC,
    Access.EXPORT_LINK,
)
DEVICE_API = "device_api"
FORM = {
    "text-st2": "B skriver här.",
    "speaker-S1": "B",
    "bekrafta": "ja",
    "minutes": "30",
    "informerad": "ja",
    "klartext": "B",
    "arende": "B-1",
    "handlaggare": "2",
    "avsnitt": "s0003",
    "rubrik": "framkom",
}


def app_routes(web: Web) -> list[tuple[str, str]]:
    found = []
    for route in iter_route_contexts(web.app.routes):
        methods = getattr(route.original_route, "methods", None) or set()
        found += [(m, route.path or "") for m in methods if m != "HEAD"]
    return sorted(found)


def classify(method: str, path: str) -> str | None:
    if path.startswith(DEVICE_API_PREFIXES):
        return DEVICE_API
    rule = rule_for(method, path)
    return None if rule is None else rule.access


def test_every_route_is_classified(web: Web) -> None:
    """No route exists that this authorization test does not check."""
    unknown = [r for r in app_routes(web) if classify(*r) is None]
    assert unknown == [], f"classify these routes in hub/services/access.py: {unknown}"


def test_every_rule_names_a_route_of_the_app(web: Web) -> None:
    """The table holds no rule for a route the app no longer has."""
    present = set(app_routes(web))
    assert [(r.method, r.path) for r in ROUTES if (r.method, r.path) not in present] == []


@pytest.fixture
def a_world(web: Web) -> dict[str, int]:
    """A's draft note, A's approved note and A's running claim on rum-1."""
    draft = web.deliver("n-a1")
    approved = web.deliver("n-a2")
    anna = web.client("anna")
    approve(anna, approved)
    post(anna, "/claim/rum-1", {"minutes": "60", "informerad": "ja"})
    with web.ctx.sessions() as session:
        claim = (
            session.query(Claim)
            .filter_by(user_id=web.users["anna"])
            .order_by(Claim.id.desc())
            .first()
        )
        assert claim is not None
    return {"draft": draft, "approved": approved, "claim": claim.id}


def _call(client: object, method: str, url: str) -> int:
    if method == "GET":
        return client.get(url).status_code  # type: ignore[attr-defined,no-any-return]
    return post(client, url, FORM).status_code  # type: ignore[arg-type,no-any-return]


def test_b_is_refused_on_every_route_for_a(web: Web, a_world: dict[str, int]) -> None:
    """On every route B gets 403/404 (409 for a room A holds) and A's data is untouched."""
    bertil = web.client("bertil")
    sent_before = len(web.sender.sent)
    failures = []
    for method, path in app_routes(web):
        kind = classify(method, path)
        for url in _urls(kind, path, a_world):
            status = _call(bertil, method, url)
            if status not in _allowed(kind):
                failures.append(f"{method} {url}: {status}")
    assert failures == []
    assert len(web.sender.sent) == sent_before
    _assert_a_untouched(web, a_world)


def _urls(kind: str | None, path: str, a_world: dict[str, int]) -> list[str]:
    if kind in (NOTE, EXPORT_LINK):
        return [path.replace("{note_pk}", str(a_world[k])) for k in ("draft", "approved")]
    if kind == CLAIM:
        return [path.replace("{claim_id}", str(a_world["claim"]))]
    if kind == DEVICE:
        return [path.replace("{device_id}", "rum-1")]
    if kind in (ROLE, DEVICE_API):
        path = path.replace("{note_pk}", str(a_world["draft"]))
        return [re.sub(r"\{[^}]+\}", "rum-1", path)]
    return []  # LIST and PUBLIC are checked by the tests below


def _allowed(kind: str | None) -> set[int]:
    if kind == DEVICE:
        return {200, 403, 404, 409}  # GET shows "upptaget"; POST is a conflict
    if kind == DEVICE_API:
        return {400, 401, 403, 404, 405, 415, 422}
    if kind == EXPORT_LINK:
        return {405}  # a link never exports, and says so without looking the note up
    return {403, 404}


def _assert_a_untouched(web: Web, a_world: dict[str, int]) -> None:
    with web.ctx.sessions() as session:
        draft = session.get(StoredNote, a_world["draft"])
        approved = session.get(StoredNote, a_world["approved"])
        claim = session.get(Claim, a_world["claim"])
        assert draft is not None
        assert draft.status == "utkast"
        assert approved is not None
        assert approved.status == "godkand"
        assert claim is not None
        assert claim.released_at is None
        doc = web.ctx.store.load(draft)
    assert doc.speakers == {}
    assert doc.case_ref is None
    assert doc.current.framkom[0].text.startswith("Mamman berättar att Elsa")
    assert doc.current.statements() == doc.draft.statements()


def test_b_inbox_does_not_list_a_notes(web: Web, a_world: dict[str, int]) -> None:
    """B's inbox contains none of A's notes."""
    page = web.client("bertil").get("/notes").text
    assert f"/notes/{a_world['draft']}" not in page
    assert "0 anteckningar" in page


def test_b_claims_page_does_not_list_a_claims(web: Web, a_world: dict[str, int]) -> None:
    """B's claim list does not show A's claim."""
    page = web.client("bertil").get("/claims").text
    assert f"/claims/{a_world['claim']}/release" not in page


@pytest.mark.usefixtures("a_world")
def test_busy_room_page_does_not_name_a(web: Web) -> None:
    """The claim page of A's room tells B it is busy without saying who holds it."""
    page = web.client("bertil").get("/claim/rum-1").text
    assert "används just nu" in page
    assert "anna" not in page.lower().replace("annan", "")
