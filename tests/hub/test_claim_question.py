"""The claim page tells the caseworker and the client about the question on the button."""

from __future__ import annotations

from tests.hub.conftest import Web


def test_claim_page_shows_the_client_question_and_its_gestures(web: Web) -> None:
    """The question, in Swedish, with short press = ja and long press = nej, is on the page."""
    page = web.client("anna").get("/claim/rum-1").text
    assert "”Var det okej att samtalet spelades in?”" in page
    assert "kort tryck = ja, långt tryck = nej" in page
