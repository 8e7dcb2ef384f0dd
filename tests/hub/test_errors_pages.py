"""Errors are Swedish pages with the security headers; bodies and ids stay within bounds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from hub.services.review import MAX_TEXT_LENGTH
from hub.store import audit
from hub.web.security import SECURITY_HEADERS
from tests.hub.conftest import PASSWORD, Web, csrf_of, make_web, post
from wire import enrolment as msg

HUGE_ID = "99999999999999999999"


def assert_swedish_page(response: Response, status: int) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="sv"' in response.text
    assert "Det gick inte" in response.text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def login_rows(web: Web) -> list[str]:
    with web.ctx.sessions() as session:
        return [entry.action for entry in audit.for_target(session, "session")]


def test_huge_note_id_is_a_swedish_404(web: Web) -> None:
    """A note id past the database's integer range is a 404 page, not a 500."""
    assert_swedish_page(web.client("anna").get(f"/notes/{HUGE_ID}"), 404)


def test_huge_page_number_is_a_swedish_400(web: Web) -> None:
    """An inbox page number past the integer range is a 400 page."""
    assert_swedish_page(web.client("anna").get(f"/notes?sida={HUGE_ID}"), 400)


def test_non_numeric_note_id_is_a_swedish_404(web: Web) -> None:
    """A note id that is not a number names no page: 404."""
    assert_swedish_page(web.client("anna").get("/notes/abc"), 404)


def test_unexpected_error_is_a_swedish_500(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure nobody foresaw shows the Swedish error page with the security headers."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database gone")

    client = TestClient(web.app, follow_redirects=False, raise_server_exceptions=False)
    csrf = csrf_of(client)
    client.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf})
    monkeypatch.setattr(web.ctx.notes, "inbox", broken)
    response = client.get("/notes")
    assert_swedish_page(response, 500)
    assert "database gone" not in response.text


def test_oversize_body_is_refused_before_it_is_read(web: Web) -> None:
    """A body whose Content-Length passes the limit gets 413 and no login attempt."""
    client = web.client()
    body = b"x" * (web.settings.max_body_bytes + 1)
    headers = {"content-type": "multipart/form-data; boundary=b"}
    assert_swedish_page(client.post("/login", content=body, headers=headers), 413)
    assert login_rows(web) == []


def test_chunked_oversize_body_stops_at_the_limit(
    tmp_path: Path, web_template: tuple[Path, dict[str, int]]
) -> None:
    """A body streamed without Content-Length is cut off with 413 once it passes the limit."""
    web = make_web(tmp_path, web_template, max_body_bytes=64 * 1024)
    client = web.client()
    csrf = csrf_of(client)

    def chunks() -> Iterator[bytes]:
        yield f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'.encode()
        yield b'--b\r\nContent-Disposition: form-data; name="username"\r\n\r\n'
        for _ in range(64):
            yield b"a" * 4096

    headers = {"content-type": "multipart/form-data; boundary=b"}
    assert_swedish_page(client.post("/login", content=chunks(), headers=headers), 413)
    assert login_rows(web) == []


def test_large_note_edit_fits_the_default_limit(web: Web) -> None:
    """A statement and klartext at their longest, all in å (6 bytes form-encoded), fit."""
    pk = web.deliver("n-1")
    longest = "å" * MAX_TEXT_LENGTH
    fields = {"text-st2": longest, "klartext": longest}
    assert post(web.client("anna"), f"/notes/{pk}/edit", fields).status_code == 303


def test_enrolment_is_not_served_by_the_caseworker_app(web: Web) -> None:
    """Devices enrol on their own app and port; the caseworker app does not know the path."""
    response = web.client().post(msg.ENROL_PATH, json={})
    assert response.status_code == 404
