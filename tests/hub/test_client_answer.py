"""The client's yes/no answer: stored through the real ingest, counted only in aggregate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hub.ingest.handler import Ingest
from hub.settings import MeasureSettings
from hub.store.tables import StoredNote
from provisioning.registry import NewDevice, Registry
from tests.delivery.samples import hub_key
from tests.hub.conftest import Web, post
from tests.hub.harness import add_claim
from tests.hub.measuring import MONDAY, UNIT, csv_rows, meeting, row_of, web_at
from tests.hub.reviewing import approve, stored_doc
from tests.hub.stack import sealed_note
from tests.provisioning.harness import make_test_fleet
from wire import commands


@dataclass
class Acks:
    """Collects the acks ingest sends (the broker path is covered by the MQTT tests)."""

    sent: list[tuple[str, commands.Command]] = field(default_factory=list)

    def send(self, device_id: str, command: commands.Command) -> None:
        self.sent.append((device_id, command))


@pytest.fixture
def web(tmp_path: Path, web_template: tuple[Path, dict[str, int]]) -> Web:
    return web_at(tmp_path, web_template, measures=MeasureSettings(min_group=1))


def _ingest_answer(web: Web, directory: Path, answer: str) -> StoredNote:
    """A note with the client's ``answer`` sealed by a fleet device and taken in by ingest."""
    fleet = make_test_fleet(directory / "fleet", devices=("rum-2",))
    device = fleet.devices["rum-2"]
    registry = Registry(web.ctx.sessions)
    expires = datetime.now(UTC) + timedelta(days=1)
    registry.add(NewDevice("rum-2", "Rum 2", "Rum 2", "t-rum-2", expires))
    registry.activate("rum-2", device.signing_public_key, device.tls.serial, expires)
    now = datetime.now(UTC)
    add_claim(web.ctx.sessions, web.users["anna"], "rum-2", now - timedelta(minutes=5))
    recipient = hub_key("hub-test")
    ingest = Ingest(registry, web.ctx.store, recipient, Acks())
    blob = sealed_note(
        fleet, recipient, "m-svar", "rum-2", klientsvar=answer, datum=MONDAY.date().isoformat()
    )
    assert ingest.handle_note("fleet/rum-2/notes/m-svar", blob).result == "stored"
    with web.ctx.sessions() as session:
        row = session.query(StoredNote).filter_by(meeting_id="m-svar").one()
        session.expunge(row)
        return row


def test_an_answer_through_the_ingest_is_stored_in_its_column(web: Web, tmp_path: Path) -> None:
    """A sealed note saying "nej" arrives through ingest: the column holds "nej"."""
    assert _ingest_answer(web, tmp_path, "nej").client_answer == "nej"


def test_an_answer_through_the_ingest_is_counted(web: Web, tmp_path: Path) -> None:
    """The answer that came through ingest is the unit's week's share of "nej" in the CSV."""
    _ingest_answer(web, tmp_path, "nej")
    cells = row_of(csv_rows(web.client("dora")), UNIT)
    assert (cells["andel_klientsvar_nej"], cells["andel_klientsvar_ja"]) == ("100", "0")


def test_the_note_document_never_holds_the_answer(web: Web, tmp_path: Path) -> None:
    """The stored (encrypted) document has no klientsvar, so no page or export built on it can
    show it."""
    row = _ingest_answer(web, tmp_path, "ja")
    doc = stored_doc(web, row.id)
    assert (doc.draft.meta.klientsvar, doc.current.meta.klientsvar) == (None, None)
    assert b"klientsvar" not in doc.to_json()


def test_review_page_json_and_journal_do_not_show_the_answer(web: Web) -> None:
    """The review view, the note JSON and the journal text of an answered note never name it."""
    pk = meeting(web, 0, klientsvar="nej")
    anna = web.client("anna")
    assert "klientsvar" not in anna.get(f"/notes/{pk}/note.json").json()["meta"]
    approve(anna, pk)
    for text in (anna.get(f"/notes/{pk}").text, post(anna, f"/notes/{pk}/journal").text):
        assert "klientsvar" not in text.lower()
        assert "spelades in" not in text
    assert b"klientsvar" not in stored_doc(web, pk).to_json()


def test_an_unanswered_note_counts_as_unanswered(web: Web) -> None:
    """A note without an answer leaves the column empty and counts in the unanswered share."""
    pk = meeting(web, 0)
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        assert row is not None
        assert row.client_answer is None
    assert row_of(csv_rows(web.client("dora")), UNIT)["andel_klientsvar_obesvarade"] == "100"
