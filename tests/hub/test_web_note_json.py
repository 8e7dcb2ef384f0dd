"""The note as JSON for its owner (``/notes/{pk}/note.json``): what the page shows, audited."""

from __future__ import annotations

import json

from hub.store import audit
from hub.store.tables import StoredNote
from tests.hub.conftest import Web


def test_owner_reads_the_note_as_json(web: Web) -> None:
    """The owner gets the stored note's current text as wire.note JSON."""
    pk = web.deliver("n-1")
    reply = web.client("anna").get(f"/notes/{pk}/note.json")
    with web.ctx.sessions() as session:
        doc = web.ctx.store.load(session.get(StoredNote, pk))  # type: ignore[arg-type]
    assert reply.status_code == 200
    assert reply.json() == doc.current.to_dict()


def test_json_read_is_audited_as_a_view(web: Web) -> None:
    """Reading the JSON writes a view entry naming the reader and the format."""
    pk = web.deliver("n-1")
    web.client("anna").get(f"/notes/{pk}/note.json")
    with web.ctx.sessions() as session:
        entry = audit.for_target(session, f"note:{pk}")[-1]
    assert (entry.action, entry.actor) == ("view", "anna")
    assert json.loads(entry.detail) == {"format": "json"}


def test_another_caseworker_gets_no_json(web: Web) -> None:
    """Someone else's note is "not found" as JSON too."""
    pk = web.deliver("n-1")
    assert web.client("bertil").get(f"/notes/{pk}/note.json").status_code == 404
