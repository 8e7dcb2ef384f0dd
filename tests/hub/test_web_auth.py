"""Login, logout, sessions, CSRF and security headers of the web app."""

from __future__ import annotations

from hub.settings import HubSettings
from hub.store import audit
from hub.web.security import SECURITY_HEADERS
from tests.hub.conftest import PASSWORD, Web, csrf_of, login, post


def test_login_with_the_right_password_opens_the_inbox(web: Web) -> None:
    """A caseworker with the right password lands on the inbox."""
    client = web.client()
    response = client.post(
        "/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(client)}
    )
    assert response.headers["location"] == "/notes"


def test_wrong_password_is_refused(web: Web) -> None:
    """A wrong password gets 401 and a Swedish error, and no session."""
    client = web.client()
    response = client.post(
        "/login",
        data={"username": "anna", "password": "fel-losenord-1", "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 401
    assert "Fel användarnamn eller lösenord" in response.text
    assert client.get("/notes").status_code == 303


def test_repeated_failures_are_rate_limited(web: Web) -> None:
    """After the allowed number of failures even the right password is refused for a while."""
    client = web.client()
    for _ in range(web.settings.login_max_failures):
        client.post(
            "/login",
            data={"username": "anna", "password": "fel-losenord-1", "csrf_token": csrf_of(client)},
        )
    response = client.post(
        "/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 429


def test_pages_need_a_login(web: Web) -> None:
    """Without a session the inbox redirects to the login page, remembering where to return."""
    response = web.client().get("/notes")
    assert response.headers["location"] == "/login?next=%2Fnotes"


def test_login_does_not_redirect_off_site(web: Web) -> None:
    """A crafted next=//evil.example is replaced by the start page."""
    client = web.client()
    response = client.post(
        "/login",
        data={
            "username": "anna",
            "password": PASSWORD,
            "next": "//evil.example/x",
            "csrf_token": csrf_of(client),
        },
    )
    assert response.headers["location"] == "/notes"


def test_logout_ends_the_session(web: Web) -> None:
    """After logging out the inbox asks for a login again."""
    client = web.client("anna")
    assert post(client, "/logout").status_code == 303
    assert client.get("/notes").status_code == 303


def test_forged_csrf_token_is_refused(web: Web) -> None:
    """A state-changing request with a wrong CSRF token is refused with 403."""
    client = web.client("anna")
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert client.get("/notes").status_code == 200


def test_missing_csrf_token_is_refused(web: Web) -> None:
    """A cross-site form post without any token is refused with 403."""
    client = web.client("anna")
    assert (
        client.post("/claim/rum-1", data={"minutes": "30", "informerad": "ja"}).status_code == 403
    )
    assert web.sender.sent == []


def test_login_form_itself_needs_the_csrf_token(web: Web) -> None:
    """Login CSRF (logging a victim into an attacker's account) is refused."""
    response = web.client().post("/login", data={"username": "anna", "password": PASSWORD})
    assert response.status_code == 403


def test_every_page_sends_security_headers(web: Web) -> None:
    """Pages carry CSP, frame, sniffing and cache headers."""
    response = web.client().get("/login")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_session_cookie_is_httponly_and_samesite(web: Web) -> None:
    """The session cookie is not readable by scripts and not sent on cross-site posts."""
    response = web.client().get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_secure_cookie_flag_is_on_by_default() -> None:
    """Production settings mark the session cookie Secure (HTTPS only)."""
    assert HubSettings.__dataclass_fields__["secure_cookies"].default is True


def test_dpo_cannot_open_the_inbox(web: Web) -> None:
    """A data-protection officer reads the audit log, not notes."""
    client = web.client("dora")
    assert client.get("/notes").status_code == 403


def test_caseworker_cannot_read_the_audit_log(web: Web) -> None:
    """Only the data-protection officer role opens the audit log."""
    assert web.client("anna").get("/audit").status_code == 403


def test_login_is_audited(web: Web) -> None:
    """Logins, successful or not, are audit entries."""
    client = web.client()
    client.post(
        "/login",
        data={"username": "anna", "password": "fel-losenord-1", "csrf_token": csrf_of(client)},
    )
    login(client, "anna")
    with web.ctx.sessions() as session:
        actions = [e.action for e in audit.for_target(session, "session")]
    assert actions == ["login_failed", "login"]


def test_logout_invalidates_copies_of_the_session_cookie(web: Web) -> None:
    """A session cookie copied before logout no longer opens the inbox afterwards."""
    client = web.client("anna")
    stolen = web.client()
    stolen.cookies.set("samtal_session", client.cookies["samtal_session"])
    assert stolen.get("/notes").status_code == 200
    post(client, "/logout")
    assert stolen.get("/notes").status_code == 303
