"""The benchmarks' shared row and report helper (tests/benchmarks/report.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.benchmarks.report import command, row, write_report
from tests.benchmarks.runner import areas

REPO = Path(__file__).resolve().parents[1]


def test_row_keeps_the_contract_order() -> None:
    """A row lists metric, value, unit, target, ok, baseline, ratio and command, in order."""
    got = row("m", 1.23456, "s", "<= 2", True, command="c", digits=3)
    assert list(got) == ["metric", "value", "unit", "target", "ok", "baseline", "ratio", "command"]
    assert got["value"] == 1.235


def test_command_runs_the_benchmark_module() -> None:
    """A row's command runs its benchmark module with ``python -m`` and its arguments."""
    assert command("bench_speech", "--full") == (
        ".venv/bin/python -m tests.benchmarks.bench_speech --full"
    )


def test_runner_finds_every_area() -> None:
    """The runner finds one area per bench_*.py module, the ones the results record."""
    recorded = json.loads((REPO / "docs/benchmarks.json").read_text())
    assert areas() == sorted(recorded)


def test_report_is_generated_from_the_recorded_results(tmp_path: Path) -> None:
    """docs/BENCHMARKS.md is exactly what the helper writes from docs/benchmarks.json."""
    recorded = json.loads((REPO / "docs/benchmarks.json").read_text())
    write_report(recorded, tmp_path / "BENCHMARKS.md")
    assert (tmp_path / "BENCHMARKS.md").read_text() == (REPO / "docs/BENCHMARKS.md").read_text()


def test_recorded_commands_run_benchmark_modules() -> None:
    """Every recorded command starts with the ``python -m tests.benchmarks.bench_*`` line."""
    recorded = json.loads((REPO / "docs/benchmarks.json").read_text())
    commands = {r["command"] for entry in recorded.values() for r in entry["results"]}
    assert all(c.startswith(command("bench_")) for c in commands)
