"""Room claim through the QR-sticker URL: consent tick, command to the device, early release."""

from __future__ import annotations

import json
from typing import Any

from hub.store import audit
from hub.store.tables import Claim
from provisioning.registry import Registry
from tests.hub.conftest import Web, add_device, csrf_of, post
from wire import commands
from wire.note import Participant
from wire.seats import Seat


def _claim(web: Web, user: str = "anna", **form: str) -> int:
    data = {"minutes": "60", "informerad": "ja", **form}
    return post(web.client(user), "/claim/rum-1", data).status_code  # type: ignore[no-any-return]


def test_claim_url_asks_unknown_users_to_log_in(web: Web) -> None:
    """Opening the sticker URL without a session leads to login and back."""
    response = web.client().get("/claim/rum-1")
    assert response.headers["location"] == "/login?next=%2Fclaim%2Frum-1"


def test_claim_sends_the_claim_command_to_the_device(web: Web) -> None:
    """A claim publishes a Claim naming the caseworker to that device."""
    assert _claim(web) == 303
    device_id, command = web.sender.sent[-1]
    assert device_id == "rum-1"
    assert isinstance(command, commands.Claim)
    assert command.caseworker_id == "anna"


def test_claim_audit_records_that_the_client_was_informed(web: Web) -> None:
    """The claim's audit row records the consent tick and the duration."""
    _claim(web)
    with web.ctx.sessions() as session:
        entry = audit.for_target(session, "device:rum-1")[-1]
    assert entry.action == "claim"
    assert json.loads(entry.detail)["klienten_informerad"] is True
    assert json.loads(entry.detail)["minutes"] == 60


def test_claim_without_the_consent_tick_is_refused(web: Web) -> None:
    """Without "klienten är informerad" nothing is claimed or sent."""
    client = web.client("anna")
    response = post(client, "/claim/rum-1", {"minutes": "60"})
    assert response.status_code == 422
    assert "informerad" in response.text
    assert web.sender.sent == []


def test_claim_duration_must_be_one_offered(web: Web) -> None:
    """A made-up duration is refused."""
    assert _claim(web, minutes="100000") == 422


def test_unknown_device_is_not_found(web: Web) -> None:
    """A device id not in the registry gives 404."""
    assert web.client("anna").get("/claim/rum-9").status_code == 404


def test_revoked_device_cannot_be_claimed(web: Web) -> None:
    """A revoked device gives 404 and no command."""
    add_device(web.ctx.sessions, "rum-2")
    Registry(web.ctx.sessions).revoke("rum-2")
    client = web.client("anna")
    assert post(client, "/claim/rum-2", {"minutes": "60", "informerad": "ja"}).status_code == 404
    assert web.sender.sent == []


def test_room_held_by_another_caseworker_is_refused(web: Web) -> None:
    """B cannot take over a room A holds."""
    _claim(web, "anna")
    assert _claim(web, "bertil") == 409
    assert len(web.sender.sent) == 1


def test_release_sends_release_and_ends_the_claim(web: Web) -> None:
    """Releasing early tells the device and ends the hub's claim."""
    _claim(web)
    with web.ctx.sessions() as session:
        claim_id = session.query(Claim.id).scalar()
    client = web.client("anna")
    assert post(client, f"/claims/{claim_id}/release").status_code == 303
    assert isinstance(web.sender.sent[-1][1], commands.Release)
    with web.ctx.sessions() as session:
        assert session.get(Claim, claim_id).released_at is not None  # type: ignore[union-attr]


def test_released_room_can_be_claimed_by_another(web: Web) -> None:
    """After A releases, B can claim the room."""
    _claim(web)
    with web.ctx.sessions() as session:
        claim_id = session.query(Claim.id).scalar()
    post(web.client("anna"), f"/claims/{claim_id}/release")
    assert _claim(web, "bertil") == 303


def test_claims_page_lists_running_claims(web: Web) -> None:
    """The caseworker's own running claim is listed with a release button."""
    _claim(web)
    assert "Släpp rummet nu" in web.client("anna").get("/claims").text


def _claim_with(web: Web, names: list[str], roles: list[str]) -> Any:
    client = web.client("anna")
    data = {"minutes": "60", "informerad": "ja", "namn": names, "roll": roles}
    return client.post("/claim/rum-1", data={**data, "csrf_token": csrf_of(client)})


def test_claim_page_prefills_the_caseworker_as_present(web: Web) -> None:
    """The first participant row holds the logged-in caseworker as socialsekreterare."""
    page = web.client("anna").get("/claim/rum-1").text
    assert 'name="namn" value="anna"' in page  # the account's display name
    assert 'name="roll" value="socialsekreterare"' in page


def test_claim_carries_who_is_present_to_the_device(web: Web) -> None:
    """Filled-in rows travel in the claim command; empty rows are left out."""
    response = _claim_with(web, ["Anna Berg", "Linda Ek", ""], ["socialsekreterare", "sökande", ""])
    assert response.status_code == 303
    _, command = web.sender.sent[-1]
    assert isinstance(command, commands.Claim)
    assert command.participants == (
        Participant("Anna Berg", "socialsekreterare"),
        Participant("Linda Ek", "sökande"),
    )


def test_a_name_without_a_role_is_refused_and_nothing_is_sent(web: Web) -> None:
    """A participant row with a name but no role gives a Swedish error; no claim is sent."""
    response = _claim_with(web, ["Anna Berg", "Linda Ek"], ["socialsekreterare", ""])
    assert response.status_code == 422
    assert "Ange både namn och roll för Linda Ek" in response.text
    assert web.sender.sent == []


def test_claim_audit_counts_participants_without_naming_them(web: Web) -> None:
    """The audit row says how many were present, never who."""
    _claim_with(web, ["Anna Berg", "Linda Ek"], ["socialsekreterare", "sökande"])
    with web.ctx.sessions() as session:
        entry = audit.for_target(session, "device:rum-1")[-1]
    assert json.loads(entry.detail)["narvarande"] == 2
    assert "Linda" not in entry.detail


def _claim_seated(web: Web, seats: list[str]) -> Any:
    client = web.client("anna")
    data = {
        "minutes": "60",
        "informerad": "ja",
        "namn": ["Anna Berg", "Linda Ek", ""],
        "roll": ["socialsekreterare", "sökande", ""],
        "plats": seats,
    }
    return client.post("/claim/rum-1", data={**data, "csrf_token": csrf_of(client)})


def test_claim_page_offers_the_eight_seats_on_every_row(web: Web) -> None:
    """Each participant row has a seat list: no seat first, then the eight seats in Swedish."""
    page = web.client("anna").get("/claim/rum-1").text
    assert page.count('name="plats"') == 5
    assert page.count('<option value="mittemot">Mittemot knappen</option>') == 5
    assert page.count('<option value="" selected>Ingen uppgift</option>') == 5


def test_claim_carries_the_seats_given_to_the_device(web: Web) -> None:
    """Seats chosen on the page travel in the claim; a row left at "Ingen uppgift" has none."""
    assert _claim_seated(web, ["knappen", "", ""]).status_code == 303
    _, command = web.sender.sent[-1]
    assert isinstance(command, commands.Claim)
    assert command.participants == (
        Participant("Anna Berg", "socialsekreterare", plats=Seat.KNAPPEN),
        Participant("Linda Ek", "sökande"),
    )
    decoded = commands.decode(commands.encode(command))
    assert isinstance(decoded, commands.Claim)
    assert decoded.participants == command.participants


def test_an_unknown_seat_is_refused_and_the_rows_are_kept(web: Web) -> None:
    """A seat value not in the list gives a Swedish error, sends nothing and keeps the form."""
    response = _claim_seated(web, ["knappen", "under bordet", ""])
    assert response.status_code == 422
    assert "Välj en av platserna i listan för Linda Ek" in response.text
    assert '<option value="knappen" selected>Vid knappen</option>' in response.text
    assert web.sender.sent == []
