"""Benchmarks: one ``bench_<area>`` module per area, run together by ``python -m tests.benchmarks``.

They live under tests/ because they stand on the test harnesses (the Mosquitto test fleet,
sample payloads, transcript scoring). pytest does not collect them: no file is ``test_*``.
Each module exposes ``run() -> list[Row]`` (see :mod:`tests.benchmarks.report`) and prints
its rows as JSON when run alone, e.g. ``python -m tests.benchmarks.bench_note_quality``.
"""
