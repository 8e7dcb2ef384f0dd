"""End to end in Chromium: log in, claim a room, a note arrives over real MQTT, review it.

Real parts: Debian chromium via playwright, Mosquitto with mutual TLS and the fleet ACL,
the delivery task's ingest worker (HPKE open, Ed25519 check, registry), the hub's note
store, the web app served by uvicorn, and the claim command published with the hub's
CommandPublisher to the device's command topic.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from hub.bootstrap import init
from hub.commands import CommandPublisher
from hub.fake_commands import FakeClaimSender
from hub.services.accounts import create_user
from hub.settings import HubSettings
from hub.store.db import make_engine, session_factory
from hub.web.app import create_app
from tests.delivery.support import RawClient, raw_client, wait_for
from tests.hub.conftest import FAST_HASHER, PASSWORD
from tests.hub.harness import settings_for
from tests.hub.stack import hub_mqtt, ingest_worker, register_devices, sealed_note
from tests.provisioning.harness import RunningBroker, TestFleet, make_test_fleet, running_mosquitto
from wire import topics
from wire.recipient import RecipientPrivateKey

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "hub"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


@dataclass
class Stack:
    """The hub, the broker and a raw device client, for a browser test."""

    base_url: str
    fleet: TestFleet
    broker: RunningBroker
    recipient: RecipientPrivateKey
    device: RawClient


def _prepare_hub(directory: Path, fleet: TestFleet) -> HubSettings:
    settings = settings_for(directory)
    init(settings)
    sessions = session_factory(make_engine(settings.database_url))
    create_user(
        sessions,
        username="anna",
        display_name="Anna Andersson",
        role="handlaggare",
        password=PASSWORD,
        hasher=FAST_HASHER,
    )
    register_devices(settings, fleet)
    return settings


def _serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 15, "the hub web app to start")
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    fleet = make_test_fleet(tmp_path / "fleet", devices=("rum-1",), hubs=("hub-1", "hub-2"))
    settings = _prepare_hub(tmp_path / "hub", fleet)
    recipient = RecipientPrivateKey.derive(b"\x05" * 32)
    with running_mosquitto(fleet) as broker:
        worker = ingest_worker(settings, hub_mqtt(fleet, broker, "hub-1"), recipient)
        publisher = CommandPublisher.open(hub_mqtt(fleet, broker, "hub-2"))
        server, thread, url = _serve(create_app(settings, claim_sender=publisher))
        device = fleet.devices["rum-1"]
        room = raw_client(fleet, broker, device.cert, device.key, "rum-1")
        room.client.subscribe(f"{topics.FLEET}/rum-1/cmd/#", qos=1)
        try:
            yield Stack(url, fleet, broker, recipient, room)
        finally:
            room.close()
            server.should_exit = True
            thread.join(timeout=10)
            publisher.close()
            worker.stop()


def _commands(stack: Stack, kind: str) -> list[dict[str, Any]]:
    found = [json.loads(p) for t, p in stack.device.received if t.endswith("/cmd/" + kind)]
    return [c for c in found if c.get("kind") in (kind, "release")]


def _publish_note(stack: Stack, meeting_id: str) -> None:
    """The room device seals a note (meeting started now) and publishes it, QoS 1."""
    text = "Mamman berättar att Elsa har börjat i ny skola. <script>alert(1)</script>"
    blob = sealed_note(stack.fleet, stack.recipient, meeting_id, framkom_text=text)
    stack.device.publish(topics.note("rum-1", meeting_id), blob)


def _login_and_claim(page: Page, stack: Stack) -> None:
    """The QR sticker URL asks for a login, then the claim form; the device gets the claim."""
    page.goto(f"{stack.base_url}/claim/rum-1")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Boka Rum 1")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "claim.png"), full_page=True)
    page.get_by_label("30 minuter").check()
    page.get_by_label("Klienten är informerad om inspelningen").check()
    page.get_by_role("button", name="Boka rummet").click()
    expect(page.get_by_role("button", name="Släpp rummet nu")).to_be_visible()
    wait_for(lambda: bool(_commands(stack, "claim")), 15, "the claim to reach rum-1")
    assert _commands(stack, "claim")[0]["caseworker_id"] == "anna"


def _open_citation(page: Page) -> None:
    """Flags stand out; a citation jumps to its transcript segment; script shows as text."""
    expect(page.locator(".flagga-personnummer")).to_contain_text("19850101-1234")
    page.locator("a.kalla", has_text="0:04").first.click()
    assert page.url.endswith("#seg-s0002")
    segment = page.locator("#seg-s0002")
    expect(segment).to_be_visible()
    expect(segment).to_contain_text("Elsa har börjat i ny skola")
    expect(page.locator("#st-st2")).to_contain_text("<script>alert(1)</script>")


def _edit_and_approve(page: Page) -> None:
    page.get_by_label("Roll för S2").fill("Mamman")
    page.get_by_role("button", name="Spara roller").click()
    page.get_by_text("Redigera påstående 1 i vad som framkom").click()
    page.get_by_label("Ny text för påstående 1 i vad som framkom").fill(
        "Mamman berättar om skolbytet."
    )
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_role("status")).to_contain_text("Ändringarna är sparade")
    for group in page.get_by_role("group", name="Beslut för flagga").all():
        group.get_by_role("button", name="Behåll").click()
    expect(page.locator("#flaggstatus")).to_contain_text("flaggor hanterade")
    page.get_by_label("Jag har granskat anteckningen").check()
    page.get_by_role("button", name="Godkänn och lås").click()
    expect(page.get_by_text("AI-utkast (oförändrat)")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "note-approved.png"), full_page=True)


def _export(page: Page) -> None:
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner som PDF").click()
    pdf = ARTIFACTS / "journalanteckning.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.get_by_role("button", name="Kopiera till journalen").click()
    expect(page.get_by_label("Text att klistra in i journalen")).to_contain_text(
        "Mamman berättar om skolbytet."
    )
    page.screenshot(path=str(ARTIFACTS / "journal-text.png"), full_page=True)


def test_caseworker_reviews_a_note_end_to_end(stack: Stack) -> None:
    """Log in, claim, receive over MQTT, open a citation, edit, approve, export, log out."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(accept_downloads=True)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        _login_and_claim(page, stack)
        _publish_note(stack, "e2e-1")
        wait_for(lambda: bool(_commands(stack, "ack")), 30, "the hub's ack of the note")
        page.goto(f"{stack.base_url}/notes")
        page.get_by_role("link", name="Öppna anteckning").first.click()
        _open_citation(page)
        _edit_and_approve(page)
        _export(page)
        page.get_by_role("button", name="Logga ut").click()
        expect(page.get_by_text("Du är utloggad.")).to_be_visible()
        browser.close()
    assert errors == []


def test_login_and_claim_work_from_the_keyboard_alone(tmp_path: Path) -> None:
    """Tab, typing, Space and Enter are enough to log in and claim a room."""
    fleet = make_test_fleet(tmp_path / "fleet", devices=("rum-1",), hubs=("hub-1",))
    settings = _prepare_hub(tmp_path / "hub", fleet)
    sender = FakeClaimSender()
    server, thread, url = _serve(create_app(settings, claim_sender=sender))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{url}/claim/rum-1")
            page.get_by_label("Användarnamn").focus()
            page.keyboard.type("anna")
            page.keyboard.press("Tab")
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", name="Boka Rum 1")).to_be_visible()
            page.get_by_label("30 minuter").focus()
            page.keyboard.press("Tab")
            page.keyboard.press("Space")
            expect(page.get_by_label("Klienten är informerad om inspelningen")).to_be_checked()
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            expect(page.get_by_role("button", name="Släpp rummet nu")).to_be_visible()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert [d for d, _ in sender.sent] == ["rum-1"]
