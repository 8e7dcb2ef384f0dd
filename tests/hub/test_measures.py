"""The effect measures computed right on a real SQLite store: shares, median, kept words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from hub.services import figures
from hub.services.accounts import Account
from hub.services.aggregate import Mark
from hub.settings import MeasureSettings
from hub.store.tables import NoteFigures, SectionFigures, StoredNote
from tests.hub.conftest import Web, post
from tests.hub.measuring import TODAY, UNIT, WEEK, meeting, web_at
from tests.hub.reviewing import approve


@pytest.fixture
def web(tmp_path: Path, web_template: tuple[Path, dict[str, int]]) -> Web:
    return web_at(tmp_path, web_template)


def _unit_week(web: Web, min_group: int = 5) -> dict[str, object]:
    """The values of ``UNIT``'s row for ``WEEK``, as the DPO's report has them."""
    dora = web.ctx.accounts.get(web.users["dora"])
    assert isinstance(dora, Account)
    service = type(web.ctx.measures)(web.ctx.sessions, MeasureSettings(min_group=min_group))
    report = service.report(dora, TODAY.date(), fmt="test")
    (row,) = [r for r in report.rows[UNIT] if r.week == WEEK]
    return dict(row.values)


def _set_delays(web: Web, hours: dict[int, float]) -> None:
    with web.ctx.sessions.begin() as session:
        for pk, value in hours.items():
            session.execute(
                update(NoteFigures)
                .where(NoteFigures.note_id == pk)
                .values(approval_delay_s=value * 3600)
            )


def test_shares_of_approved_exported_and_answers(web: Web) -> None:
    """Of 5 meetings, 2 approved (1 exported), answers ja, ja, nej and two unanswered."""
    answers = ["ja", "ja", "nej", None, None]
    pks = [meeting(web, i, klientsvar=a) for i, a in enumerate(answers)]
    anna = web.client("anna")
    approve(anna, pks[0])
    approve(anna, pks[1])
    post(anna, f"/notes/{pks[1]}/journal")
    values = _unit_week(web)
    assert values["inspelade_moten"] == 5
    assert values["andel_godkanda"] == pytest.approx(0.4)
    assert values["andel_exporterade"] == pytest.approx(0.2)
    assert values["andel_klientsvar_ja"] == pytest.approx(0.4)
    assert values["andel_klientsvar_nej"] == pytest.approx(0.2)
    assert values["andel_klientsvar_obesvarade"] == pytest.approx(0.4)


def test_median_time_to_approval_over_the_approved_notes(web: Web) -> None:
    """The median of five notes' delays 1, 2, 3, 10 and 20 hours is 3 hours."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    for pk in pks:
        approve(anna, pk)
    _set_delays(web, dict(zip(pks, [20.0, 1.0, 10.0, 3.0, 2.0], strict=True)))
    assert _unit_week(web)["median_timmar_till_godkannande"] == pytest.approx(3.0)


def test_delay_runs_from_the_meeting_end_to_the_first_approval(web: Web) -> None:
    """The stored delay is approval time minus (start + length) of the meeting."""
    pk = meeting(web, 0)
    approve(web.client("anna"), pk)
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pk)
        stored = session.get(NoteFigures, pk)
        assert row is not None
        assert row.approved_at is not None
        assert stored is not None
    ended = datetime(2026, 11, 16, 7, 5, tzinfo=UTC)  # started 07:00 UTC, 300 s long
    expected = (row.approved_at.replace(tzinfo=UTC) - ended).total_seconds()
    assert stored.approval_delay_s == pytest.approx(expected)


def test_kept_share_counts_the_ai_words_left_unchanged(web: Web) -> None:
    """Editing "ny skola." into "inte ... skolan." keeps 7 of the 9 AI words of framkom."""
    pk = meeting(web, 0)
    anna = web.client("anna")
    new = "Mamman berättar att Elsa inte har börjat i skolan."
    post(anna, f"/notes/{pk}/edit", {"text-st2": new})
    approve(anna, pk)
    with web.ctx.sessions() as session:
        rows = session.scalars(select(SectionFigures).where(SectionFigures.note_id == pk)).all()
    counts = {r.section: (r.draft_words, r.kept_words) for r in rows}
    assert counts == {
        "syfte": (3, 3),
        "framkom": (9, 7),
        "nasta_steg": (6, 6),
        "klartext": (10, 10),
    }


def test_kept_share_of_a_section_pools_its_words_over_the_notes(web: Web) -> None:
    """Five notes, one with framkom rewritten entirely: framkom keeps 36 of 45 words."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    post(
        anna, f"/notes/{pks[0]}/edit", {"text-st2": "Helt annan text som handläggaren skrev själv."}
    )
    for pk in pks:
        approve(anna, pk)
    values = _unit_week(web)
    assert values["andel_ai_text_kvar_framkom"] == pytest.approx(36 / 45)
    assert values["andel_ai_text_kvar_syfte"] == pytest.approx(1.0)
    assert values["andel_ai_text_kvar"] == pytest.approx((28 * 5 - 9) / (28 * 5))


def test_flags_per_note_and_how_they_were_resolved(web: Web) -> None:
    """Five notes with two flags each, all kept: 2 flags a note, 1 of each kind, 100 % Behåll."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    for pk in pks:
        approve(anna, pk)
    values = _unit_week(web)
    assert values["flaggor_per_anteckning"] == pytest.approx(2.0)
    assert values["flaggor_per_anteckning_personnummer"] == pytest.approx(1.0)
    assert values["flaggor_per_anteckning_ej_verifierad"] == pytest.approx(1.0)
    assert values["flaggor_per_anteckning_tredje_part"] == pytest.approx(0.0)
    assert values["andel_flaggor_behall"] == pytest.approx(1.0)
    assert values["andel_flaggor_ta_bort"] == pytest.approx(0.0)


def test_minutes_saved_is_the_manual_minutes_less_the_review_time(web: Web) -> None:
    """With 25 manual minutes, five notes reviewed for 5 minutes each save 100 minutes."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    for pk in pks:
        approve(anna, pk)
    with web.ctx.sessions.begin() as session:
        session.execute(update(NoteFigures).values(review_s=300.0))
    values = _unit_week(web)
    assert values["uppskattad_sparad_tid_minuter"] == pytest.approx(100.0)
    assert values["median_granskningstid_minuter"] == pytest.approx(5.0)


def test_review_time_caps_each_pause() -> None:
    """Actions at 0 s, 60 s, 2 h and 2 h 30 s give 60 + 600 + 30 seconds of review."""
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    moments = [start + timedelta(seconds=s) for s in (7200, 0, 60, 7230)]
    assert figures.review_seconds(moments) == pytest.approx(690.0)


def test_figures_of_approved_notes_below_the_threshold_are_suppressed(web: Web) -> None:
    """Five meetings with four approved: counts and shares show, figures say fewer than 5."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    for pk in pks[:4]:
        approve(anna, pk)
    values = _unit_week(web)
    assert values["andel_godkanda"] == pytest.approx(0.8)
    assert values["median_timmar_till_godkannande"] is Mark.FEW
    assert values["andel_ai_text_kvar"] is Mark.FEW


def test_shredded_notes_still_count_as_numbers(web: Web) -> None:
    """A note approved and then deleted (key shredded) still counts in its week."""
    pks = [meeting(web, i) for i in range(5)]
    anna = web.client("anna")
    for pk in pks:
        approve(anna, pk)
    post(anna, f"/notes/{pks[0]}/delete", {"bekrafta": "ja"})
    with web.ctx.sessions() as session:
        row = session.get(StoredNote, pks[0])
        assert row is not None
        assert row.ciphertext is None
    values = _unit_week(web)
    assert values["inspelade_moten"] == 5
    assert values["andel_godkanda"] == pytest.approx(1.0)
    assert values["flaggor_per_anteckning"] == pytest.approx(2.0)
