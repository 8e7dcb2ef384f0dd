"""A scripted caseworker reviews a 60-minute meeting's note in Chromium (issue #16 point 5).

The note is generated: 720 five-second segments (one hour) of Swedish speech text, 40
extractive statements citing them, and 12 flags (personnummer, third party, low-confidence
speech, unverified). The caseworker opens it from the inbox, keeps every flag but one,
chooses *Redigera* on a statement with a wrong number and types the right text, ticks
*Jag har granskat anteckningen* and approves. Every click and keystroke is counted.

Run: ``.venv/bin/python -m tests.benchmarks.bench_review`` (prints JSON). Needs Debian
chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from playwright.sync_api import Locator, Page, expect, sync_playwright

from hub.bootstrap import init
from hub.fake_commands import FakeClaimSender
from hub.services.accounts import create_user
from hub.web.app import create_app
from tests.benchmarks.report import Row, command, emit, row
from tests.hub.harness import add_claim, sample_payload, settings_for
from tests.hub.test_browser import CHROMIUM, CHROMIUM_ARGS, _serve

COMMAND = command("bench_review")
_row = partial(row, command=COMMAND)
PASSWORD = "bench-losenord-123"
SEGMENTS = 720
SECONDS = 5.0
SENTENCES = (
    "Elsa har börjat i ny skola och trivs bra med sina klasskamrater.",
    "Vi har pratat med läraren om läxorna och hur de fungerar hemma.",
    "Hon går till fritids på eftermiddagarna och tycker om att rita.",
    "Mamman berättar att morgnarna har blivit lugnare den senaste tiden.",
    "Pappan hämtar på fredagarna och det har fungerat hela hösten.",
    "Skolsköterskan har erbjudit ett samtal om sömnen efter jul.",
)
WRONG, RIGHT = "Vi ses om fyra veckor igen.", "Vi ses om tre veckor igen."


@dataclass
class Counter:
    """The caseworker's actions: every click and every key pressed."""

    page: Page
    clicks: int = 0
    keys: int = 0

    def click(self, target: Locator) -> None:
        self.clicks += 1
        target.click()

    def press(self, key: str) -> None:
        self.keys += 1
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.page.keyboard.type(text)


def _segment(i: int) -> dict[str, Any]:
    text = RIGHT if i == SEGMENTS - 1 else SENTENCES[i % len(SENTENCES)]
    return {
        "id": f"s{i + 1:04d}",
        "start": i * SECONDS,
        "end": (i + 1) * SECONDS - 0.2,
        "speaker": ("S1", "S2", "S3")[i % 3],
        "text": text,
        "language": "sv",
        "flags": [],
    }


def _statement(n: int, segment: int) -> dict[str, Any]:
    seg = _segment(segment)
    return {"id": f"st{n}", "text": seg["text"], "citations": [seg["id"]], "bbic": []}


def _flag(kind: str, detail: str, statement: str | None, segment: int) -> dict[str, Any]:
    return {
        "kind": kind,
        "detail": detail,
        "statement_id": statement,
        "segment_id": f"s{segment + 1:04d}",
        "match": None,
    }


def long_payload() -> dict[str, Any]:
    """A one-hour meeting: transcript, 40 statements and 12 flags (one wrong number)."""
    payload = sample_payload("lang-1")
    template = payload["transcript"]["segments"][0]
    segments = [{**template, **_segment(i)} for i in range(SEGMENTS)]
    payload["transcript"]["segments"] = segments
    payload["transcript"]["meta"]["duration_s"] = SEGMENTS * SECONDS
    note = payload["note"]
    note["meta"]["langd_min"] = 60.0
    note["syfte"] = [_statement(1, 0)]
    note["framkom"] = [_statement(n, n * 17) for n in range(2, 32)]
    note["bedomning"] = [_statement(n, n * 19) for n in range(32, 36)]
    note["overenskommelser"] = [_statement(n, n * 13) for n in range(36, 40)]
    note["nasta_steg"] = [{**_statement(40, SEGMENTS - 1), "text": WRONG}]
    flags = [_flag("personnummer", "Personnummer i samtalet.", None, i * 90) for i in range(4)]
    third = "Namn på en person som inte är med."
    flags += [_flag("tredje_part", third, None, 200 + i) for i in range(3)]
    unsure = "Osäker taligenkänning."
    flags += [_flag("osaker_taligenkanning", unsure, f"st{n}", n * 17) for n in (3, 5)]
    check = "Kontrollera mot källan."
    flags += [_flag("ej_verifierad", check, f"st{n}", n * 17) for n in (7, 9)]
    flags.append(_flag("ej_verifierad", "Talet 4 sägs inte i källan.", "st40", SEGMENTS - 1))
    note["flaggor"] = flags
    return payload


def _hub(directory: Path) -> Any:
    settings = settings_for(directory)
    init(settings)
    app = create_app(settings, claim_sender=FakeClaimSender())
    ctx = app.state.hub
    owner = create_user(
        ctx.sessions,
        username="anna",
        role="handlaggare",
        password=PASSWORD,
        hasher=PasswordHasher(time_cost=1, memory_cost=1024),
    ).id
    start = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    add_claim(ctx.sessions, owner, "rum-1", start, minutes=180)
    ctx.store.accept_note(
        device_id="rum-1",
        meeting_id="lang-1",
        payload=long_payload(),
        received_at=start + timedelta(hours=2),
    )
    return app


def _login(page: Page, url: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{url}/notes")


def review(page: Page) -> Counter:
    """Open the note, resolve its flags, fix one statement and approve; count the actions."""
    act = Counter(page)
    act.click(page.get_by_role("link", name="Öppna anteckning").first)
    wrong = page.locator('.flagga:has-text("Talet 4")').get_by_role("button", name="Redigera")
    act.click(wrong)
    expect(page.get_by_label("Ny text för påstående 1 i nästa steg")).to_be_focused()
    act.press("Control+A")
    act.type(RIGHT)
    act.click(page.locator("#st-st40").get_by_role("button", name="Spara"))
    expect(page.locator("#st-st40")).not_to_contain_text("Flaggad")
    while page.locator('[data-beslut="oppen"]').count():
        keep = page.locator('[data-beslut="oppen"]').first.get_by_role("button", name="Behåll")
        act.click(keep)
        page.wait_for_load_state()
    act.click(page.get_by_label("Jag har granskat anteckningen"))
    act.click(page.get_by_role("button", name="Godkänn och lås"))
    expect(page.get_by_text("Anteckningen är godkänd och låst.")).to_be_visible()
    return act


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        server, thread, url = _serve(_hub(Path(tmp)))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page()
                _login(page, url)
                began = time.perf_counter()
                act = review(page)
                wall = time.perf_counter() - began
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    actions = act.clicks + act.keys
    return [
        _row("scripted review of a 60-minute note, wall time", wall, "s", "< 120 s", wall < 120),
        _row("scripted review, actions (clicks + keystrokes)", actions, "", "< 60", actions < 60),
        _row("scripted review, clicks", act.clicks, "", None, None),
        _row("scripted review, keystrokes", act.keys, "", None, None),
    ]


if __name__ == "__main__":
    emit(run())
