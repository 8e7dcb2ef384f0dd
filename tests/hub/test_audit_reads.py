"""Every page that shows a note or a list of the caseworker's things writes an audit row."""

from __future__ import annotations

from fastapi.routing import iter_route_contexts

from hub.store import audit
from hub.web.app import create_app
from tests.hub.conftest import Web, post
from tests.hub.harness import settings_for
from tests.hub.reviewing import approve
from tests.hub.test_authorization import LIST, NOTE, ROLE, classify


def _count(web: Web) -> int:
    with web.ctx.sessions() as session:
        return audit.count(session)


def test_every_read_route_writes_an_audit_entry(web: Web) -> None:
    """Each GET route showing notes, lists or the log adds exactly one audit row."""
    pk = web.deliver("n-1")
    anna, dora, ivar = web.client("anna"), web.client("dora"), web.client("ivar")
    post(anna, "/claim/rum-1", {"minutes": "30", "informerad": "ja"})
    approved = web.deliver("n-2")
    approve(anna, approved)
    missing, checked = [], []
    for route in iter_route_contexts(web.app.routes):
        methods = getattr(route.original_route, "methods", None) or set()
        kind = classify("GET", route.path or "")
        if "GET" not in methods or kind not in (NOTE, LIST, ROLE) or route.path == "/admin/fleet":
            continue
        readers = {"/audit": dora, "/admin": ivar, "/uppfoljning": dora, "/uppfoljning.csv": dora}
        client = readers.get(route.path or "", anna)
        note = approved if "export" in (route.path or "") or "journal" in (route.path or "") else pk
        url = (route.path or "").replace("{note_pk}", str(note))
        checked.append(url)
        before = _count(web)
        assert client.get(url).status_code == 200, url
        if _count(web) != before + 1:
            missing.append(url)
    assert missing == []
    assert len(checked) >= 7, checked  # exports are POSTs now: audited in test_export_csrf


def test_hub_without_mqtt_refuses_claims(web: Web) -> None:
    """Without a claim sender the claim is refused with a Swedish message, nothing recorded."""
    web.app = create_app(settings_for(web.settings.master_key_file.parent))
    response = post(web.client("anna"), "/claim/rum-1", {"minutes": "30", "informerad": "ja"})
    assert response.status_code == 422
    assert "ingen förbindelse" in response.text


def test_secure_cookie_when_configured(web: Web) -> None:
    """With secure_cookies on, the session cookie carries the Secure flag."""
    app = create_app(settings_for(web.settings.master_key_file.parent, secure_cookies=True))
    web.app = app
    response = web.client().get("/login")
    assert "secure" in response.headers["set-cookie"].lower()
