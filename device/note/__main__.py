"""Command line: ``python -m device.note draft|verify``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from device.note import (
    UNSUPPORTED_KINDS,
    LlmSettings,
    NoteError,
    NoteSettings,
    draft_note,
    load_model,
    verify_note,
)
from device.note.transcript_io import load_transcript
from wire.note import Note, Participant
from wire.schemas import SchemaError

app = typer.Typer(add_completion=False, help="Draft and verify Swedish journal notes.")


def _participant(spec: str) -> Participant:
    parts = [p.strip() for p in spec.split(":")]
    if len(parts) not in (2, 3) or not all(parts):
        msg = f"--present {spec!r}: expected 'Namn:roll' or 'Namn:roll:SPEAKER'"
        raise typer.BadParameter(msg)
    return Participant(parts[0], parts[1], parts[2] if len(parts) == 3 else None)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def draft(
    transcript: Annotated[Path, typer.Argument(help="Transcript JSON or 'SPEAKER: text' lines.")],
    *,
    date_: Annotated[str, typer.Option("--date", help="Meeting date YYYY-MM-DD.")] = "",
    time: Annotated[str, typer.Option(help="Meeting start HH:MM (plain-text input).")] = "00:00",
    present: Annotated[
        list[str] | None, typer.Option(help="'Namn:roll[:SPEAKER]', repeatable.")
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="GGUF model; extractive only if absent.")
    ] = None,
    threads: Annotated[int, typer.Option(help="CPU threads for the model.")] = 1,
    mode: Annotated[str, typer.Option(help="Model use: 'draft' or 'classify'.")] = "draft",
) -> None:
    """Print the note JSON drafted from TRANSCRIPT."""
    if mode not in ("draft", "classify"):
        _fail(f"--mode {mode!r}: use 'draft' or 'classify'")
    llm = LlmSettings(model_path=model, n_threads=threads, mode=mode)
    settings = NoteSettings(llm=llm)
    try:
        day = date.fromisoformat(date_) if date_ else None
        loaded = load_transcript(transcript, day, time)
        participants = [_participant(p) for p in present or ()]
        note = draft_note(loaded, settings, participants, load_model(settings.llm))
    except (NoteError, ValueError) as exc:
        _fail(str(exc))
    json.dump(note.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@app.command()
def verify(
    note_path: Annotated[Path, typer.Argument(metavar="NOTE", help="Note JSON.")],
    transcript: Annotated[Path, typer.Argument(help="Transcript JSON or 'SPEAKER: text' lines.")],
) -> None:
    """Print the verifier's flags one per line; exit 1 if any statement is unsupported."""
    try:
        note = Note.from_dict(json.loads(note_path.read_text(encoding="utf-8")))
        loaded = load_transcript(transcript, date.fromisoformat(note.meta.datum))
    except (OSError, json.JSONDecodeError, SchemaError, NoteError) as exc:
        _fail(str(exc))
    flags = verify_note(note, loaded)
    for flag in flags:
        typer.echo(f"{flag.kind}\t{flag.statement_id}\t{flag.segment_id}\t{flag.detail}")
    if any(f.kind in UNSUPPORTED_KINDS for f in flags):
        raise typer.Exit(1)


def main() -> None:
    """Entry point."""
    app()


if __name__ == "__main__":
    main()
