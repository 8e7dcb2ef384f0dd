"""The review view in Chromium: 390 px wide, citations, flag shortcuts, keyboard only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.hub.conftest import PASSWORD, Web
from tests.hub.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]

SUPPORTED = "Vi ses igen den 4 december klockan tio."


@pytest.fixture
def served(web: Web) -> Iterator[tuple[str, int]]:
    """The test hub served over HTTP with one note of Anna's: (base URL, note id)."""
    pk = web.deliver("n-1")
    server, thread, url = _serve(web.app)
    try:
        yield url, pk
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(served: tuple[str, int]) -> Iterator[Page]:
    """A logged-in Chromium page, 390 px wide (a phone)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{served[0]}/login")
        page.get_by_label("Användarnamn").fill("anna")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        yield page
        browser.close()


def _note(page: Page, served: tuple[str, int]) -> None:
    page.goto(f"{served[0]}/notes/{served[1]}")
    page.wait_for_load_state()


def _overflows(page: Page) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth"))


def _tab_to(page: Page, text: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text (or id) is ``text`` (keyboard only)."""
    focused = "[document.activeElement.textContent.trim(), document.activeElement.id]"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in page.evaluate(focused):
            return
    raise AssertionError(f"no focusable {text!r} within {limit} tabs")


def test_inbox_does_not_overflow_at_390_px(page: Page, served: tuple[str, int]) -> None:
    """At 390 px the inbox page has no horizontal scroll (the table scrolls in its box)."""
    page.goto(f"{served[0]}/notes")
    expect(page.get_by_role("link", name="Öppna anteckning")).to_be_visible()
    assert not _overflows(page)


def test_note_page_does_not_overflow_at_390_px(page: Page, served: tuple[str, int]) -> None:
    """At 390 px the review view stacks the note above the transcript, with no side scroll."""
    _note(page, served)
    note = page.locator(".anteckningskolumn").bounding_box()
    transcript = page.locator(".transkriptkolumn").bounding_box()
    assert note is not None
    assert transcript is not None
    assert transcript["y"] >= note["y"] + note["height"]
    assert not _overflows(page)


def test_wide_screen_shows_note_and_transcript_side_by_side(
    page: Page, served: tuple[str, int]
) -> None:
    """On a desktop the transcript stands to the right of the note."""
    page.set_viewport_size({"width": 1400, "height": 900})
    _note(page, served)
    note = page.locator(".anteckningskolumn").bounding_box()
    transcript = page.locator(".transkriptkolumn").bounding_box()
    assert note is not None
    assert transcript is not None
    assert transcript["x"] >= note["x"] + note["width"]


def test_enter_on_a_citation_focuses_and_highlights_the_segment(
    page: Page, served: tuple[str, int]
) -> None:
    """Enter on a citation moves the focus to its transcript segment, which is highlighted."""
    _note(page, served)
    page.locator("a.kalla", has_text="0:04").first.focus()
    page.keyboard.press("Enter")
    segment = page.locator("#seg-s0002")
    expect(segment).to_be_focused()
    colour = segment.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(217, 236, 255)"


def test_shortcuts_move_between_open_flags(page: Page, served: tuple[str, int]) -> None:
    """The j key moves to the next open flag, k back to the previous one."""
    _note(page, served)
    page.keyboard.press("j")
    expect(page.locator("#flagga-1")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator("#flagga-2")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator("#flagga-1")).to_be_focused()


def test_shortcuts_leave_typing_alone(page: Page, served: tuple[str, int]) -> None:
    """Typing j in a statement's text box types a j and keeps the focus there."""
    _note(page, served)
    page.get_by_text("Redigera påstående 1 i vad som framkom").click()
    box = page.get_by_label("Ny text för påstående 1 i vad som framkom")
    box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("j")
    expect(box).to_be_focused()
    assert box.input_value().endswith("j")


def test_decide_edit_and_approve_from_the_keyboard(page: Page, served: tuple[str, int]) -> None:
    """Shortcut to a flag, Behåll, Redigera with a new text, and approval, keyboard only."""
    _note(page, served)
    page.keyboard.press("j")
    _tab_to(page, "Behåll")
    page.keyboard.press("Enter")
    expect(page.locator("#flagga-1")).to_contain_text("Beslut: Behåll")
    page.wait_for_load_state()
    page.keyboard.press("j")
    expect(page.locator("#flagga-2")).to_be_focused()
    _tab_to(page, "Redigera")
    page.keyboard.press("Enter")
    box = page.get_by_label("Ny text för påstående 1 i nästa steg")
    expect(box).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(SUPPORTED)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#st-st3")).to_contain_text(SUPPORTED)
    expect(page.locator("#st-st3")).not_to_contain_text("Flaggad")
    _approve_from_the_keyboard(page)
    expect(page.get_by_text("AI-utkast (oförändrat)")).to_be_visible()


def _approve_from_the_keyboard(page: Page) -> None:
    _tab_to(page, "granskad")
    page.keyboard.press("Space")
    expect(page.get_by_label("Jag har granskat anteckningen")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_delete_does_not_look_like_approve(page: Page, served: tuple[str, int]) -> None:
    """Radera has another background colour than Godkänn och lås (danger styling)."""
    _note(page, served)
    colour = "e => getComputedStyle(e).backgroundColor"
    approve = page.get_by_role("button", name="Godkänn och lås").evaluate(colour)
    delete = page.get_by_role("button", name="Radera").evaluate(colour)
    assert approve != delete
    assert delete == "rgb(160, 16, 26)"


def test_approval_shows_the_count_of_handled_flags(page: Page, served: tuple[str, int]) -> None:
    """Next to the approval button the page says how many flags are handled."""
    _note(page, served)
    expect(page.locator("#godkannstatus")).to_contain_text("0 av 2 flaggor hanterade.")


def test_a_left_out_segment_is_marked_and_added_from_the_keyboard(
    page: Page, served: tuple[str, int]
) -> None:
    """The e key reaches the segment marked Ej med i anteckningen; its link and form add it."""
    _note(page, served)
    expect(page.locator("#ejmed")).to_contain_text(
        "1 avsnitt med innehåll i transkriptionen är inte med i anteckningen."
    )
    page.keyboard.press("e")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "left-out-390px.png"), full_page=True)
    segment = page.locator("#seg-s0003")
    expect(segment).to_be_focused()
    expect(segment).to_contain_text("Ej med i anteckningen")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="För in i anteckningen (avsnittet 0:10)")).to_be_focused()
    page.keyboard.press("Enter")
    chooser = page.get_by_label("Rubrik för avsnittet 0:10")
    expect(chooser).to_be_focused()
    chooser.select_option("framkom")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Avsnittet är infört i anteckningen")
    added = page.locator("#st-hst001")
    expect(added).to_contain_text("Mamman berättar att hens personnummer är")
    expect(added).to_contain_text("tillagd av handläggare")
    expect(page.locator("#ejmed")).to_contain_text("Alla avsnitt med innehåll")
    assert not _overflows(page)
