"""Run every benchmark module (tests/benchmarks/bench_*.py) and write docs/BENCHMARKS.md.

Each module exposes ``run() -> list[Row]`` (:mod:`tests.benchmarks.report`). Each area
runs in its own process, so memory figures are its own. Results are kept in
docs/benchmarks.json; the report is generated from it, never written by hand. ``--only``
re-runs some areas and keeps the others' latest results.

    python -m tests.benchmarks [--only AREA ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.report import write_report

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RESULTS = REPO / "docs/benchmarks.json"
REPORT = REPO / "docs/BENCHMARKS.md"
_CHILD = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
with open(sys.argv[2], "w") as out:
    json.dump(list(module.run()), out, default=str)
"""


def _machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = os.cpu_count()
    return f"{platform.machine()}, {cores} cores, {cpu}, Python {platform.python_version()}"


def _run_area(module: str) -> dict[str, Any]:
    """Run one benchmark module in its own process; its output streams through."""
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, module, out.name],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=False,
        )
        text = Path(out.name).read_text()
    error = None if proc.returncode == 0 else f"exited with {proc.returncode}; see its output"
    return {
        "results": json.loads(text) if text else [],
        "error": error,
        "seconds": round(time.perf_counter() - started, 1),
        "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
    }


def areas() -> list[str]:
    """Every benchmark area, by module name (``bench_<area>``)."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--only", nargs="*", default=None, help="areas, e.g. speech note")
    args = parser.parse_args()
    chosen = [a for a in areas() if not args.only or a in args.only]
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() and args.only else {}
    failed = []
    for area in chosen:
        print(f"==> {area}", flush=True)
        results[area] = _run_area(f"tests.benchmarks.bench_{area}")
        RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        if results[area]["error"]:
            failed.append(area)
    write_report(results, REPORT)
    print(f"wrote {REPORT}")
    return 1 if failed else 0
