"""Benchmark: how good the journal note is, per drafting layer, on gold transcripts.

Each corpus meeting's reference utterances (``reference.to_transcript()``: speech as if
recognised perfectly) are drafted into a note; the note is scored against the meeting's
reference facts. Two sets are kept apart: the five meetings the cue lists were written
with ("tuned") and the three held-out meetings worded to avoid those cues ("held_out").
The people present come as the claim page gives them (names and roles, no speaker
labels), so the device's own label assignment is part of what is measured.

Per layer and set:

* recall of the reference's agreements, decisions, next steps, dates and negated facts:
  a fact counts when a statement citing its utterance holds its content words (dates: the
  expression resolved to the right day; negations: still negated);
* first- and second-person pronouns left in statements outside quotations;
* statements with a verifier flag (unsupported or uncited), which the caseworker must see;
* identifiers (personnummer, phone numbers) left in statement text or klartext;
* statements per minute of meeting.

    .venv/bin/python -m tests.benchmarks.bench_note_quality [--model PATH] [--threads N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from device.note import LlmSettings, NoteSettings, draft_note, load_model
from grounding.dates import resolved_dates
from grounding.identifiers import find_id_numbers, find_phone_numbers
from grounding.text import content_stems
from grounding.verify import NEGATIONS, UNSUPPORTED_KINDS
from grounding.voice import first_or_second_person
from tests.benchmarks.report import Row, command, emit, row
from wire.note import Note, Participant, Statement

COMMAND = command("bench_note_quality")
_row = partial(row, command=COMMAND, digits=3)
DEFAULT_MODEL = Path.home() / ".cache/samtal/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
KINDS = ("agreements", "decisions", "next_steps", "dates", "negations")
SUPPORT = 0.8
"""Share of a fact's content words a statement must hold to carry it."""


def _citing(note: Note, utterance_id: str) -> list[Statement]:
    return [s for s in note.statements() if utterance_id in s.citations]


def _holds(statement: Statement, text: str) -> bool:
    wanted = content_stems(text)
    return bool(wanted) and len(wanted & content_stems(statement.text)) >= SUPPORT * len(wanted)


def _found(note: Note, kind: str, fact: dict[str, Any], today: date) -> bool:
    cited = _citing(note, fact["utterance_id"])
    if kind == "dates":
        return any(
            fact["expression"].lower() in s.text.lower()
            and fact["iso_date"] in resolved_dates(s.text, today) | {s.datum}
            for s in cited
        )
    if kind == "negations":
        return any(
            _holds(s, fact["text"]) and NEGATIONS & set(s.text.lower().split()) for s in cited
        )
    return any(_holds(s, fact["text"]) for s in cited)


def score(notes: Iterable[tuple[Any, Note]]) -> dict[str, float]:
    """Totals over (meeting, note) pairs: facts found per kind, pronouns, flags, rate."""
    found = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    pronouns = flagged = identifiers = statements = 0
    minutes = 0.0
    missed: list[str] = []
    for meeting, note in notes:
        ref = meeting.reference
        today = date.fromisoformat(ref.meeting_date)
        for kind in KINDS:
            for fact in ref.facts[kind]:
                total[kind] += 1
                if _found(note, kind, fact, today):
                    found[kind] += 1
                else:
                    missed.append(f"{ref.meeting_id} {kind}: {fact.get('text', fact)}")
        for statement in note.statements():
            pronouns += len(first_or_second_person(statement.text))
        bad = {f.statement_id for f in note.flaggor if f.kind in UNSUPPORTED_KINDS}
        flagged += len(bad)
        text = " ".join(s.text for s in note.statements()) + " " + note.klartext
        identifiers += len(find_id_numbers(text)) + len(find_phone_numbers(text))
        statements += len(note.statements())
        minutes += ref.duration_s / 60
    out: dict[str, float] = {f"recall_{k}": found[k] / total[k] if total[k] else 1.0 for k in KINDS}
    out |= {
        "facts": float(sum(total.values())),
        "pronouns_left": float(pronouns),
        "flagged_unsupported": float(flagged),
        "identifiers_left": float(identifiers),
        "statements_per_min": statements / minutes if minutes else 0.0,
    }
    for line in missed:
        print(f"  missed: {line}", file=sys.stderr)
    return out


def claimed(meeting: Any) -> tuple[Participant, ...]:
    """Those present as the claim page sends them: name and role, no speaker label."""
    return tuple(Participant(p["namn"], p["roll"]) for p in meeting.reference.facts["present"])


def _rows(layer: str, part: str, got: dict[str, float]) -> list[Row]:
    rows = [
        _row(f"quality_{layer}_{part}_recall_{k}", got[f"recall_{k}"], "share", "1.0",
             got[f"recall_{k}"] >= 1.0)
        for k in KINDS
    ]  # fmt: skip
    rows.append(
        _row(f"quality_{layer}_{part}_pronouns_left", got["pronouns_left"], "count", "0",
             got["pronouns_left"] == 0)
    )  # fmt: skip
    rows.append(
        _row(f"quality_{layer}_{part}_flagged_unsupported", got["flagged_unsupported"],
             "count", None, None)
    )  # fmt: skip
    rows.append(
        _row(f"quality_{layer}_{part}_identifiers_left", got["identifiers_left"], "count", "0",
             got["identifiers_left"] == 0)
    )  # fmt: skip
    rows.append(
        _row(f"quality_{layer}_{part}_statements_per_min", got["statements_per_min"], "1/min",
             None, None)
    )  # fmt: skip
    return rows


def run(model_path: Path = DEFAULT_MODEL, threads: int = 2) -> list[Row]:
    """Score the extractive layer, then (if the GGUF is there) the layer with the model."""
    from models.corpus import ensure_corpus  # noqa: PLC0415 - the test corpus, benchmarks only

    corpus = ensure_corpus()
    sets = {"tuned": list(corpus), "held_out": list(corpus.held_out.values())}
    layers: dict[str, NoteSettings] = {"extractive": NoteSettings()}
    if model_path.is_file():
        llm = LlmSettings(model_path=model_path, n_threads=threads)
        layers[f"llm_{model_path.name.removesuffix('.gguf')}"] = NoteSettings(llm=llm)
    else:
        print(f"model {model_path} missing: only the extractive layer", file=sys.stderr)
    rows = []
    for layer, settings in layers.items():
        model = load_model(settings.llm)
        try:
            for part, meetings in sets.items():
                started = time.perf_counter()
                notes = [
                    (m, draft_note(m.reference.to_transcript(), settings, claimed(m), model))
                    for m in meetings
                ]
                print(f"{layer} {part}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
                rows += _rows(layer, part, score(notes))
        finally:
            if model is not None:
                model.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    emit(run(args.model, args.threads))


if __name__ == "__main__":
    main()
