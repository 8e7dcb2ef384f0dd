"""The effect page and its CSV: who sees which unit, small groups suppressed, nothing per client."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts

from hub.services.accounts import ALL_UNITS, NO_UNIT
from tests.hub.conftest import Web, post
from tests.hub.measuring import (
    OTHER_UNIT,
    UNIT,
    WEEK,
    csv_rows,
    manager,
    meeting,
    row_of,
    web_at,
)
from tests.hub.reviewing import approve

MEASURE_ROUTES = ("/uppfoljning", "/uppfoljning.csv")


@pytest.fixture
def web(tmp_path: Path, web_template: tuple[Path, dict[str, int]]) -> Web:
    return web_at(tmp_path, web_template)


def _cell(page: str, title: str = "Inspelade möten") -> str:
    """The cell of ``WEEK`` in the data table row of the measure ``title``."""
    weeks = re.findall(r'<th scope="col">(\d{4}-v\d{2})</th>', page)
    row = re.search(rf'<tr><th scope="row">{title}</th>(.*?)</tr>', page, re.DOTALL)
    assert row is not None, page
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    return str(cells[weeks.index(WEEK)])


def test_four_notes_are_suppressed_on_the_page_and_in_the_csv(web: Web) -> None:
    """A unit's week of 4 meetings shows "färre än 5", never the 4, in page and CSV."""
    for i in range(4):
        meeting(web, i)
    chef = manager(web, "chef", UNIT)
    page = chef.get("/uppfoljning").text
    assert _cell(page) == "färre än 5"
    assert _cell(page, "Andel godkända") == "färre än 5"
    cells = row_of(csv_rows(chef), UNIT)
    assert cells["inspelade_moten"] == "färre än 5"
    assert set(cells.values()) == {WEEK, UNIT, "färre än 5"}


def test_five_notes_are_shown_on_the_page_and_in_the_csv(web: Web) -> None:
    """A unit's week of 5 meetings shows the count 5 in page and CSV."""
    for i in range(5):
        meeting(web, i)
    chef = manager(web, "chef", UNIT)
    assert _cell(chef.get("/uppfoljning").text) == "5"
    cells = row_of(csv_rows(chef), UNIT)
    assert (cells["inspelade_moten"], cells["andel_godkanda"]) == ("5", "0")


def test_a_lowered_threshold_shows_one_meeting_with_a_notice(
    tmp_path: Path, web_template: tuple[Path, dict[str, int]]
) -> None:
    """With min_group 1 a single meeting is counted and the page says the limit is lowered."""
    from hub.settings import MeasureSettings  # noqa: PLC0415 - only this test overrides it

    web = web_at(tmp_path, web_template, measures=MeasureSettings(min_group=1))
    pk = meeting(web, 0, klientsvar="ja")
    approve(web.client("anna"), pk)
    page = manager(web, "chef", UNIT).get("/uppfoljning").text
    assert "gränsen för små grupper är sänkt till 1" in page
    assert (_cell(page), _cell(page, "Andel godkända")) == ("1", "100 %")
    cells = row_of(csv_rows(web.client("dora")), UNIT)
    assert (cells["inspelade_moten"], cells["andel_klientsvar_ja"]) == ("1", "100")


def test_a_unit_manager_sees_only_their_unit(web: Web) -> None:
    """The CSV of a unit manager has rows of their own unit only; asking for another is 403."""
    for i in range(5):
        meeting(web, i)
    for i in range(5, 10):
        meeting(web, i, owner="bertil")
    chef = manager(web, "chef", UNIT)
    assert {r["enhet"] for r in csv_rows(chef)} == {UNIT}
    assert chef.get("/uppfoljning", params={"enhet": OTHER_UNIT}).status_code == 403
    assert chef.get("/uppfoljning", params={"enhet": ALL_UNITS}).status_code == 403


def test_the_dpo_sees_every_unit_and_the_total(web: Web) -> None:
    """The DPO's CSV lists each unit, "Ingen enhet" and "Alla enheter"; the total adds up."""
    for i in range(5):
        meeting(web, i)
    for i in range(5, 10):
        meeting(web, i, owner="bertil")
    rows = csv_rows(web.client("dora"))
    assert {r["enhet"] for r in rows} == {UNIT, OTHER_UNIT, NO_UNIT, ALL_UNITS}
    assert row_of(rows, ALL_UNITS)["inspelade_moten"] == "10"
    page = web.client("dora").get("/uppfoljning", params={"enhet": OTHER_UNIT})
    assert page.status_code == 200
    assert _cell(page.text) == "5"


def test_a_total_is_suppressed_when_subtraction_would_reveal_a_small_unit(web: Web) -> None:
    """6 notes in one unit and 3 in another: the total of 9 would give away the 3, so it is
    suppressed too."""
    for i in range(6):
        meeting(web, i)
    for i in range(6, 9):
        meeting(web, i, owner="bertil")
    rows = csv_rows(web.client("dora"))
    assert row_of(rows, UNIT)["inspelade_moten"] == "6"
    assert row_of(rows, OTHER_UNIT)["inspelade_moten"] == "färre än 5"
    assert row_of(rows, ALL_UNITS)["inspelade_moten"] == "färre än 5"


def test_caseworkers_and_it_may_not_see_the_measures(web: Web) -> None:
    """A caseworker and an IT admin get 403 on the page and the CSV."""
    for username in ("anna", "ivar"):
        client = web.client(username)
        assert [client.get(path).status_code for path in MEASURE_ROUTES] == [403, 403]


def test_the_routes_take_no_parameter_but_the_unit(web: Web) -> None:
    """The page's only query parameter is the unit; the CSV takes none."""
    params = {}
    for route in iter_route_contexts(web.app.routes):
        if route.path in MEASURE_ROUTES:
            dependant = route.original_route.dependant  # type: ignore[attr-defined]
            params[route.path] = [p.name for p in dependant.query_params + dependant.path_params]
    assert params == {"/uppfoljning": ["enhet"], "/uppfoljning.csv": []}


def test_asking_for_a_client_case_meeting_or_person_changes_nothing(web: Web) -> None:
    """Query parameters naming a note, meeting, case, client or caseworker are ignored."""
    for i in range(5):
        meeting(web, i)
    dora = web.client("dora")
    plain = dora.get("/uppfoljning").text
    probe = {
        "anteckning": "1",
        "mote": "m-000",
        "arende": "SN 1",
        "klient": "x",
        "handlaggare": "anna",
    }
    assert dora.get("/uppfoljning", params=probe).text == plain
    assert dora.get("/uppfoljning.csv", params=probe).text == dora.get("/uppfoljning.csv").text


def test_no_csv_column_or_cell_identifies_a_client_case_meeting_or_person(web: Web) -> None:
    """The CSV has week, unit and measure columns, and every cell is a number or "färre än 5"."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    post(anna, f"/notes/{pks[0]}/case", {"arende": "IFO-2026-123"})
    for pk in pks:
        approve(anna, pk)
    reply = web.client("dora").get("/uppfoljning.csv")
    header = reply.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:2] == ["vecka", "enhet"]
    forbidden = {"id", "rum", "namn", "klient", "arende", "mote", "handlaggare", "anvandare"}
    assert [h for h in header[2:] if forbidden & set(h.split("_"))] == []
    rows = csv_rows(web.client("dora"))
    assert {r["enhet"] for r in rows} == {UNIT, OTHER_UNIT, NO_UNIT, ALL_UNITS}
    assert all(re.fullmatch(r"\d{4}-v\d{2}", r["vecka"]) for r in rows)
    cells = {cell for r in rows for key, cell in r.items() if key not in ("vecka", "enhet")}
    assert [c for c in cells if not re.fullmatch(r"(\d+(,\d+)?|färre än 5|)", c)] == []


def test_each_plot_is_an_image_with_title_description_and_a_data_table(web: Web) -> None:
    """Each SVG plot is role="img", named by its title and described by every week's value;
    the page has the same figures as captioned data tables."""
    for i in range(5):
        meeting(web, i)
    page = web.client("dora").get("/uppfoljning").text
    plots = re.findall(
        r'<svg role="img" aria-labelledby="([^"]+)" aria-describedby="([^"]+)"', page
    )
    assert len(plots) == 5
    for title_id, desc_id in plots:
        assert f'<title id="{title_id}">' in page
        desc = re.search(rf'<desc id="{desc_id}">([^<]*)</desc>', page)
        assert desc is not None
        assert f"{WEEK}: " in desc.group(1)
    assert len(re.findall(r"<caption id=\"tabell-", page)) == 4


def test_a_week_without_meetings_shows_zero(web: Web) -> None:
    """An empty week has no one to reveal: it shows 0 meetings and no shares."""
    meeting(web, 0)
    cells = row_of(csv_rows(web.client("dora")), UNIT, week="2026-v46")
    assert (cells["inspelade_moten"], cells["andel_godkanda"]) == ("0", "")
