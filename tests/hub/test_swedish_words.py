"""Swedish number words on the pages: singular for one, the decimal comma."""

from __future__ import annotations

import datetime as dt

from hub.web.swedish import antal, decimal, line_breaks, swedish_time
from tests.hub.conftest import Web, csrf_of


def test_one_note_is_counted_in_the_singular(web: Web) -> None:
    """An inbox with one note says "1 anteckning."."""
    web.deliver("n-1")
    page = web.client("anna").get("/notes").text
    assert "1 anteckning." in page


def test_several_notes_are_counted_in_the_plural(web: Web) -> None:
    """An inbox with two notes says "2 anteckningar."."""
    web.deliver("n-1")
    web.deliver("n-2")
    assert "2 anteckningar." in web.client("anna").get("/notes").text


def test_count_words_take_their_form_from_the_count() -> None:
    """0 and 2 take the plural, 1 the singular."""
    assert [antal(n, "enhet", "enheter") for n in (0, 1, 2)] == [
        "0 enheter",
        "1 enhet",
        "2 enheter",
    ]


def test_decimals_are_written_with_a_comma() -> None:
    """0.34 reads "0,3" with one decimal, and a negative number gets a minus sign."""
    assert (decimal(0.34), decimal(1.0), decimal(-0.5)) == ("0,3", "1,0", "\u22120,5")


def test_line_breaks_in_a_statement_are_kept_on_the_page(web: Web) -> None:
    """A two-line statement is shown on two lines (a ``<br>``), not run together."""
    pk = web.deliver("n-1", framkom_text="Rad ett.\nRad två.")
    assert "Rad ett.<br>\nRad två." in web.client("anna").get(f"/notes/{pk}").text


def test_kept_line_breaks_still_escape_markup() -> None:
    """Markup in a line stays text when the line breaks are kept."""
    assert str(line_breaks("<b>a</b>\nb")) == "&lt;b&gt;a&lt;/b&gt;<br>\nb"


def test_stored_utc_times_are_shown_in_swedish_time() -> None:
    """A naive UTC time from the database is shown in Europe/Stockholm (winter: UTC+1)."""
    naive = dt.datetime(2026, 12, 2, 8, 0)  # noqa: DTZ001 - SQLite gives naive UTC times back
    assert swedish_time(naive) == "2026-12-02 09:00"


def test_summer_times_take_daylight_saving() -> None:
    """An ISO time in July is shown at UTC+2."""
    assert swedish_time("2026-07-01T08:00:00+00:00", "%H:%M") == "10:00"


def test_the_claims_page_labels_its_times_as_swedish_time(web: Web) -> None:
    """The claims list says its times are Swedish time and shows no UTC."""
    client = web.client("anna")
    data = {
        "minutes": "60",
        "informerad": "ja",
        "namn": ["Anna Berg"],
        "roll": ["socialsekreterare"],
    }
    client.post("/claim/rum-1", data={**data, "csrf_token": csrf_of(client)})
    page = client.get("/claims").text
    assert "svensk tid" in page
    assert "UTC" not in page


def test_a_busy_room_names_its_end_in_swedish_time(web: Web) -> None:
    """The refusal for a room in use says until when in Swedish time, not UTC."""
    present = {"namn": ["Anna Berg"], "roll": ["socialsekreterare"]}
    data = {"minutes": "60", "informerad": "ja", **present}
    anna, bertil = web.client("anna"), web.client("bertil")
    anna.post("/claim/rum-1", data={**data, "csrf_token": csrf_of(anna)})
    refused = bertil.post("/claim/rum-1", data={**data, "csrf_token": csrf_of(bertil)}).text
    assert "(svensk tid)" in refused
    assert "UTC" not in refused
