"""Push of an approved note to a case-management system over the generic webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from hub.fake_commands import FakeClaimSender
from hub.settings import WebhookSettings
from hub.store.tables import StoredNote
from hub.web.app import create_app
from tests.hub.conftest import Web, post
from tests.hub.harness import settings_for
from tests.hub.reviewing import approve

SECRET = "delad-hemlighet"


class Receiver(ThreadingHTTPServer):
    """A case-management webhook that records what it receives."""

    status = 201
    received: list[tuple[dict[str, str], bytes]]


class Handler(BaseHTTPRequestHandler):
    """Answers each POST with the receiver's status and records it."""

    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        return


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(("127.0.0.1", 0), Handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture
def pushing(web: Web, tmp_path: Path, receiver: Receiver) -> Web:
    """The same hub with a webhook pointing at the receiver."""
    url = f"http://127.0.0.1:{receiver.server_address[1]}/journal"
    settings = settings_for(
        tmp_path, webhook=WebhookSettings(url=url, hmac_secret=SECRET, bearer_token="tkn")
    )
    web.app = create_app(settings, claim_sender=FakeClaimSender())
    web.settings = settings
    return web


def _approved(web: Web) -> int:
    pk = web.deliver("n-1")
    approve(web.client("anna"), pk)
    return pk


def test_push_posts_the_documented_payload(pushing: Web, receiver: Receiver) -> None:
    """The receiver gets version 1 with the approved note, journal text and AI draft."""
    pk = _approved(pushing)
    assert post(pushing.client("anna"), f"/notes/{pk}/push").status_code == 303
    headers, body = receiver.received[-1]
    payload = json.loads(body)
    assert payload["samtal_webhook_version"] == 1
    assert payload["approved_version"] == 1
    assert payload["device_id"] == "rum-1"
    assert payload["note"]["meeting_id"] == "n-1"
    assert "Nästa steg" in payload["journal_text"]
    assert payload["ai_draft"]["meeting_id"] == "n-1"
    assert headers["Authorization"] == "Bearer tkn"


def test_push_is_signed_with_hmac(pushing: Web, receiver: Receiver) -> None:
    """X-Samtal-Signature is the HMAC-SHA256 of the exact body."""
    pk = _approved(pushing)
    post(pushing.client("anna"), f"/notes/{pk}/push")
    headers, body = receiver.received[-1]
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Samtal-Signature"] == f"sha256={expected}"


def test_refused_push_leaves_the_note_unexported(pushing: Web, receiver: Receiver) -> None:
    """A 500 from the case system gives 502 and the note is not marked exported."""
    receiver.status = 500
    pk = _approved(pushing)
    assert post(pushing.client("anna"), f"/notes/{pk}/push").status_code == 502
    with pushing.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        assert row.status == "godkand"


def test_push_without_webhook_configured_is_not_found(web: Web) -> None:
    """With no case-system adapter configured the push route answers 404."""
    pk = _approved(web)
    assert post(web.client("anna"), f"/notes/{pk}/push").status_code == 404
