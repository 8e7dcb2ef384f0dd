"""Every page's form fields have labels, and pages declare Swedish."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.hub.conftest import Web, post
from tests.hub.reviewing import approve


class Fields(HTMLParser):
    """Collects form fields, their labels and the page language from HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.unnamed = 0
        self.labels: set[str] = set()
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "html":
            self.lang = attr.get("lang")
        if tag == "label" and attr.get("for"):
            self.labels.add(str(attr["for"]))
        if tag in ("input", "textarea", "select") and attr.get("type") != "hidden":
            if attr.get("id"):
                self.ids.append(str(attr["id"]))
            else:
                self.unnamed += 1


def _check(html: str) -> list[str]:
    parser = Fields()
    parser.feed(html)
    problems = [f"field #{i} has no label" for i in parser.ids if i not in parser.labels]
    if parser.unnamed:
        problems.append(f"{parser.unnamed} fields without id")
    if parser.lang != "sv":
        problems.append(f"lang is {parser.lang!r}")
    return problems


def test_every_field_on_every_page_has_a_label(web: Web) -> None:
    """Login, claim, inbox, note, edit, journal and audit pages label all their fields."""
    pk = web.deliver("n-1")
    anna = web.client("anna")
    pages = {"/login": web.client().get("/login").text}
    for url in ("/claim/rum-1", "/notes", f"/notes/{pk}", f"/notes/{pk}/edit", "/claims"):
        pages[url] = anna.get(url).text
    approve(anna, pk)
    pages["journal"] = post(anna, f"/notes/{pk}/journal").text
    pages["approved"] = anna.get(f"/notes/{pk}").text
    pages["/audit"] = web.client("dora").get("/audit").text
    pages["/admin"] = web.client("ivar").get("/admin").text
    problems = {url: _check(html) for url, html in pages.items()}
    assert {url: p for url, p in problems.items() if p} == {}
