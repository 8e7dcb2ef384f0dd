"""Hub ingest of several notes at once: one commit, refusals stay per note (no broker)."""

from __future__ import annotations

from sqlalchemy import text

from tests.delivery.test_ingest import Hub, _flip, _part_offset, _topic
from tests.hub.harness import hub_in
from wire import commands

pytest_plugins = ["tests.delivery.test_ingest"]


def test_batch_with_a_poisoned_note_stores_the_others(hub: Hub) -> None:
    """A flipped byte in one note of a batch refuses that note only; the rest are stored."""
    bad = hub.seal("n-2")
    batch = [
        (_topic("n-1"), hub.seal("n-1")),
        (_topic("n-2"), _flip(bad, _part_offset(bad, "ct"))),
        (_topic("n-3"), hub.seal("n-3")),
    ]
    results = [o.result for o in hub.ingest.handle_notes(batch)]
    assert (results, hub.stored()) == (["stored", "rejected", "stored"], ["n-1", "n-3"])
    assert hub.ingest.stats.dead_letters == {"bad-signature": 1}


def test_batch_acks_only_the_stored_notes(hub: Hub) -> None:
    """Acks go out for the stored notes of a batch, none for the refused garbage."""
    batch = [(_topic("n-1"), hub.seal("n-1")), (_topic("n-2"), b"garbage")]
    hub.ingest.handle_notes(batch)
    assert hub.acks.sent == [("rum-1", commands.Ack("n-1"))]


def test_duplicate_inside_one_batch_is_stored_once_and_acked_twice(hub: Hub) -> None:
    """The same note twice in one batch is stored once; both copies are acked."""
    blob = hub.seal("n-1")
    outcomes = hub.ingest.handle_notes([(_topic("n-1"), blob), (_topic("n-1"), blob)])
    assert [o.result for o in outcomes] == ["stored", "duplicate"]
    assert (hub.stored(), len(hub.acks.sent)) == (["n-1"], 2)


def test_database_refusing_one_note_does_not_fail_the_batch(hub: Hub) -> None:
    """When the database refuses one note, the others are stored and acked, that one is not."""
    with hub_in(hub.directory).engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse_bad BEFORE INSERT ON hub_notes "
                "WHEN NEW.meeting_id = 'n-bad' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    batch = [(_topic(n), hub.seal(n)) for n in ("n-1", "n-bad", "n-2")]
    results = [o.result for o in hub.ingest.handle_notes(batch)]
    assert (results, hub.stored()) == (["stored", "failed", "stored"], ["n-1", "n-2"])
    assert hub.acks.sent == [("rum-1", commands.Ack("n-1")), ("rum-1", commands.Ack("n-2"))]
    assert hub.ingest.stats.dead_letters == {"internal": 1}
