"""Command line: ``python -m models fetch|verify|convert``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from models import manifest as manifest_mod
from models import verify as verify_mod
from models.errors import ModelError
from models.fetch import FetchSettings, fetch_profile
from models.store import default_store

app = typer.Typer(help="Model pipeline: fetch, verify and convert the appliance's models.")
convert_app = typer.Typer(help="Convert models to the layouts the appliance runs.")
app.add_typer(convert_app, name="convert")
# Logs and CI are not terminals; a fixed width keeps the verify table readable there.
console = Console(width=None if sys.stdout.isatty() else 140)
T = TypeVar("T")

StoreOpt = Annotated[Path | None, typer.Option(help="Model store (default $SAMTAL_MODELS).")]
ProfileOpt = Annotated[str, typer.Option(help="Manifest profile: test or production.")]
ManifestOpt = Annotated[Path, typer.Option(help="Manifest TOML.")]


@app.command()
def fetch(
    profile: ProfileOpt = "test",
    store: StoreOpt = None,
    manifest: ManifestOpt = manifest_mod.DEFAULT_MANIFEST,
) -> None:
    """Fetch (and convert) every artifact of a profile that is not already present."""
    settings = FetchSettings(store=store or default_store())
    _guard(lambda: fetch_profile(manifest_mod.load(manifest), profile, settings, console.print))


@app.command()
def verify(
    profile: ProfileOpt = "test",
    store: StoreOpt = None,
    manifest: ManifestOpt = manifest_mod.DEFAULT_MANIFEST,
) -> None:
    """Check every artifact of a profile against its pinned sha256; exit 1 on any problem."""
    root = store or default_store()
    artifacts = _guard(lambda: manifest_mod.load(manifest).profile(profile))
    results = verify_mod.check(artifacts, root)
    console.print(verify_mod.table(results, root))
    bad = [r for r in results if not r.ok]
    for r in bad:
        console.print(
            f"[red]{r.path}: {r.status} (expected {r.expected or '-'}, got {r.actual or '-'})"
        )
    raise typer.Exit(1 if bad else 0)


@convert_app.command("whisper")
def convert_whisper(
    src: Annotated[Path, typer.Argument(help="Model to convert.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (replaced atomically).")],
    source_format: Annotated[str, typer.Option("--from", help="ct2, openai or hf.")],
    *,
    int8: Annotated[bool, typer.Option("--int8", help="Also write int8 variants.")] = False,
) -> None:
    """Convert a Whisper model to sherpa-onnx's layout: encoder, decoder, tokens."""
    from models.convert.whisper import WhisperConversion, convert  # noqa: PLC0415 - loads torch

    job = WhisperConversion(source_format=source_format, source=src, int8=int8)
    for path in _guard(lambda: convert(job, out)):
        console.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except ModelError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


if __name__ == "__main__":
    app()
