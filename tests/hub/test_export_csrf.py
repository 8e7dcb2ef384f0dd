"""Exporting changes a note (status, retention clock, audit), so only a POST with CSRF does it."""

from __future__ import annotations

import pytest

from tests.hub.conftest import Web, post
from tests.hub.reviewing import approve, export_state

EXPORTS = ("export.pdf", "export.docx", "journal")


@pytest.fixture
def approved(web: Web) -> int:
    """Anna's approved, never exported note."""
    pk = web.deliver("n-1")
    approve(web.client("anna"), pk)
    return pk


@pytest.mark.parametrize("kind", EXPORTS)
def test_get_on_an_export_url_changes_nothing(web: Web, approved: int, kind: str) -> None:
    """A GET (a link from any site) answers 405 in Swedish and neither exports nor audits."""
    before = export_state(web, approved)
    response = web.client("anna").get(f"/notes/{approved}/{kind}")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "Export görs med knapparna" in response.text
    assert not response.content.startswith(b"%PDF")
    assert export_state(web, approved) == before


@pytest.mark.parametrize("kind", EXPORTS)
@pytest.mark.parametrize("token", [None, "fel-token"])
def test_post_without_the_csrf_token_is_refused(
    web: Web, approved: int, kind: str, token: str | None
) -> None:
    """A POST with a missing or wrong CSRF token is refused and changes nothing."""
    before = export_state(web, approved)
    data = {} if token is None else {"csrf_token": token}
    response = web.client("anna").post(f"/notes/{approved}/{kind}", data=data)
    assert response.status_code == 403
    assert export_state(web, approved) == before


@pytest.mark.parametrize("kind", EXPORTS)
def test_post_with_the_token_exports_and_audits_once(web: Web, approved: int, kind: str) -> None:
    """A POST with the session's token exports, marks the note exported and audits once."""
    _, _, actions_before = export_state(web, approved)
    response = post(web.client("anna"), f"/notes/{approved}/{kind}")
    assert response.status_code == 200
    status, exported_at, actions = export_state(web, approved)
    assert status == "exporterad"
    assert exported_at is not None
    assert actions == [*actions_before, "export"]


def test_note_page_exports_through_forms_with_the_token(web: Web, approved: int) -> None:
    """The approved note's page offers both exports as POST forms carrying the CSRF token."""
    page = web.client("anna").get(f"/notes/{approved}").text
    for kind in EXPORTS:
        form = page.split(f'action="/notes/{approved}/{kind}"', 1)[1].split("</form>", 1)[0]
        assert 'name="csrf_token"' in form
        assert f'<form method="post" action="/notes/{approved}/{kind}"' in page
    assert f'href="/notes/{approved}/export.pdf"' not in page
    assert f'href="/notes/{approved}/journal"' not in page
