"""Command line for IT and tests: transcribe a WAV file and print the transcript JSON."""

from __future__ import annotations

import json
import os
import tomllib
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from device.speech.errors import AudioFormatError, SpeechError
from device.speech.settings import SpeechSettings, settings_from_mapping
from device.speech.sources import WavSource
from device.speech.worker import transcribe_recording
from wire.transcript import MeetingMeta

app = typer.Typer(add_completion=False, help="On-device speech: VAD, Whisper, speaker directions.")


@app.callback()
def _main() -> None:
    """On-device speech recognition."""


def load_settings(config: Path | None, **overrides: Any) -> SpeechSettings:
    """Settings from the model store, an optional TOML file ([speech] table) and flags."""
    base = SpeechSettings(
        models_dir=Path(os.environ.get("SAMTAL_MODELS", "~/.cache/samtal/models"))
    )
    if config is not None:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
        base = settings_from_mapping(data.get("speech", data), base)
    patch: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    return settings_from_mapping(patch, base) if patch else base


@app.command()
def transcribe(  # noqa: PLR0917 - typer maps each parameter to a flag
    wav: Annotated[Path, typer.Argument(help="16 kHz 16-bit PCM WAV, mono or multichannel.")],
    channels: Annotated[int | None, typer.Option(help="Mic channels the WAV must have.")] = None,
    geometry: Annotated[
        str | None, typer.Option(help="Mic geometry: preset name or JSON/TOML file (metres).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="TOML file with a [speech] table.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code, or 'auto'.")] = None,
    front_end: Annotated[
        str | None, typer.Option(help="What Whisper hears: channel0, mean or enhanced.")
    ] = None,
    threads: Annotated[int | None, typer.Option(help="Threads for Whisper.")] = None,
    meeting_id: Annotated[str, typer.Option(help="Meeting id written into the transcript.")] = "",
) -> None:
    """Transcribe WAV through the speech worker and print the transcript JSON."""
    asr = {k: v for k, v in {"language": language, "num_threads": threads}.items() if v is not None}
    try:
        settings = load_settings(
            config,
            doa={"geometry": geometry} if geometry else None,
            asr=asr or None,
            front_end=front_end,
        )
        source = WavSource(wav)
        if channels is not None and channels != source.channels:
            raise AudioFormatError(f"{wav} has {source.channels} channels, not {channels}")
        meta = MeetingMeta(meeting_id=meeting_id or wav.stem, started_at=_now())
        result = transcribe_recording(
            settings, partial(WavSource, wav), meta, channels=source.channels
        )
    except (SpeechError, OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(result.transcript.to_dict(), ensure_ascii=False, indent=2))


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")
