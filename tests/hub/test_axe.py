"""axe-core in Chromium finds no accessibility violations on any page a user reaches.

The hub app is served by uvicorn on a SQLite hub; every page is opened in Debian chromium
the way a caseworker, the data protection officer or IT reaches it, and axe-core (bundled
by axe-playwright-python) runs on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from hub.settings import MeasureSettings
from tests.hub.conftest import PASSWORD, Web
from tests.hub.measuring import meeting, web_at
from tests.hub.reviewing import approve
from tests.hub.test_browser import CHROMIUM, CHROMIUM_ARGS, _serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


#: Each page axe checks and the title it must have (so a failed login cannot pass unseen).
EXPECTED_TITLES = {
    "login": "Logga in",
    "inbox": "Inkorg",
    "note (draft)": "Anteckning 1",
    "note (adding a left-out segment)": "Anteckning 1",
    "edit": "Redigera anteckning 1",
    "claim page": "Boka rum",
    "claims": "Mina rum",
    "note (approved)": "Anteckning 1",
    "journal": "Kopiera till journalen",
    "error page": "Fel",
    "audit": "Loggbok",
    "measures": "Uppföljning",
    "admin": "Administration",
    "fleet": "Enheter",
}


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_label("Lösenord").press("Enter")
    page.wait_for_load_state()


def _violations(axe: Axe, page: Page) -> str:
    """The page's title, then axe-core's violations on it as readable lines, if any."""
    results = axe.run(page)
    report = results.generate_report() if results.violations_count else ""
    return f"{page.title()}\n{report}".strip()


def _keep_every_flag(page: Page) -> None:
    """Choose Behåll on each open flag (each choice reloads the page), then tick the review
    confirmation if the page asks for one, so that approval is allowed."""
    while (open_flag := page.locator('li[data-beslut="oppen"]')).count():
        open_flag.first.get_by_role("button", name="Behåll").click()
        page.wait_for_load_state()
    confirm = page.get_by_label("Jag har granskat", exact=False)
    if confirm.count():
        confirm.check()


def _visit_all(browser: Browser, url: str, pk: int) -> dict[str, str]:
    """Open each page as its user would and return axe's report per page."""
    axe = Axe()
    found: dict[str, str] = {}
    anna = browser.new_page()
    anna.goto(f"{url}/login")
    found["login"] = _violations(axe, anna)
    _login(anna, url, "anna")
    for name, path in (
        ("inbox", "/notes"),
        ("note (draft)", f"/notes/{pk}"),
        ("note (adding a left-out segment)", f"/notes/{pk}?infor=s0003"),
        ("edit", f"/notes/{pk}/edit"),
        ("claim page", "/claim/rum-1"),
        ("claims", "/claims"),
    ):
        anna.goto(url + path)
        found[name] = _violations(axe, anna)
    anna.goto(f"{url}/notes/{pk}")
    _keep_every_flag(anna)
    anna.get_by_role("button", name="Godkänn och lås").click()
    anna.wait_for_load_state()
    found["note (approved)"] = _violations(axe, anna)
    anna.get_by_role("button", name="Kopiera till journalen").click()
    anna.wait_for_load_state()
    found["journal"] = _violations(axe, anna)
    anna.goto(f"{url}/notes/999999")
    found["error page"] = _violations(axe, anna)
    dora = browser.new_page()
    _login(dora, url, "dora")
    dora.goto(f"{url}/audit")
    found["audit"] = _violations(axe, dora)
    dora.goto(f"{url}/uppfoljning")
    found["measures"] = _violations(axe, dora)
    ivar = browser.new_page()
    _login(ivar, url, "ivar")
    for name, path in (("admin", "/admin"), ("fleet", "/admin/fleet")):
        ivar.goto(url + path)
        found[name] = _violations(axe, ivar)
    return found


def test_axe_finds_no_violations_on_any_page(web: Web, browser: Browser) -> None:
    """Login, inbox, note, edit, journal, claims, audit, measures, admin, fleet and an error
    page pass axe."""
    pk = web.deliver("n-1")
    server, thread, url = _serve(web.app)
    try:
        found = _visit_all(browser, url, pk)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    titles = {name: report.split("\n", 1)[0].split(" – ")[0] for name, report in found.items()}
    assert titles == EXPECTED_TITLES
    failing = {name: report for name, report in found.items() if "\n" in report}
    assert failing == {}, "\n\n".join(f"== {n} ==\n{r}" for n, r in failing.items())


def test_axe_reports_a_violation_it_is_shown(web: Web, browser: Browser) -> None:
    """The check is not vacuous: an image without alt text added to a page is reported."""
    server, thread, url = _serve(web.app)
    try:
        page = browser.new_page()
        page.goto(f"{url}/login")
        page.evaluate("document.querySelector('main').append(document.createElement('img'))")
        results = Axe().run(page)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert "image-alt" in [v["id"] for v in results.response["violations"]]


def test_axe_finds_no_violations_on_the_measures_page_with_figures(
    tmp_path: Path, web_template: tuple[Path, dict[str, int]], browser: Browser
) -> None:
    """The effect page with figures shown (threshold lowered to 1, with its notice) passes axe."""
    web = web_at(tmp_path, web_template, measures=MeasureSettings(min_group=1))
    approve(web.client("anna"), meeting(web, 0, klientsvar="ja"))
    server, thread, url = _serve(web.app)
    try:
        page = browser.new_page()
        _login(page, url, "dora")
        page.goto(f"{url}/uppfoljning")
        report = _violations(Axe(), page)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert report.startswith("Uppföljning")
    assert "\n" not in report, report
