"""Rendering scripts to audio and writing one meeting's files."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from models.corpus.array import ARRAYS, Placement, render_array
from models.corpus.conditions import RoomCondition
from models.corpus.reference import build_reference
from models.corpus.spec import EnglishScript, MeetingScript
from models.corpus.synth import SAMPLE_RATE, Audio, SynthSettings, synthesize
from models.corpus.variants import MeetingAudio, RoomWriter
from models.corpus.wavio import to_s16, write_raw, write_wav


@dataclass(frozen=True)
class LayoutSettings:
    """How utterances are laid out in time and how the array copies are made."""

    seed: int = 20261112
    """Seeds the gaps and the microphone noise; same seed, same bytes."""
    lead_s: float = 0.5
    """Silence before the first utterance."""
    gap_s: tuple[float, float] = (0.7, 1.3)
    """Range of the silence between utterances (10 ms steps)."""
    tail_s: float = 1.0
    """Silence after the last utterance."""
    noise_rms: float = 0.002
    """Per-microphone white noise, linear RMS (≈ -54 dBFS) in the array files."""
    synth: SynthSettings = field(default_factory=SynthSettings)
    workers: int = 2
    """espeak-ng/sox processes run in parallel."""


@dataclass(frozen=True)
class RenderedMeeting:
    """A meeting's audio: the mono mix, one track per speaker, and each utterance's timing."""

    mono: Audio
    placements: list[Placement]
    timings: list[tuple[float, float]]


def _rng(settings: LayoutSettings, meeting_id: str) -> np.random.Generator:
    return np.random.default_rng([settings.seed, zlib.crc32(meeting_id.encode())])


def _gaps(count: int, rng: np.random.Generator, settings: LayoutSettings) -> list[int]:
    low, high = (round(x * 100) for x in settings.gap_s)
    return [int(g) * SAMPLE_RATE // 100 for g in rng.integers(low, high + 1, size=count)]


def render_meeting(
    script: MeetingScript, settings: LayoutSettings, pool: ThreadPoolExecutor
) -> RenderedMeeting:
    """Synthesise every line and place them one after another with seeded gaps."""
    voices = [script.speaker(line.speaker).voice for line in script.lines]
    synth = settings.synth
    if script.words_per_minute is not None:
        synth = replace(synth, words_per_minute=script.words_per_minute)
    clips = list(
        pool.map(
            lambda lv: synthesize(lv[0].text, lv[1], synth),
            zip(script.lines, voices, strict=True),
        )
    )
    gaps = _gaps(len(clips), _rng(settings, script.id), settings)
    cursor = int(settings.lead_s * SAMPLE_RATE)
    spans: list[tuple[int, int]] = []
    for clip, gap in zip(clips, gaps, strict=True):
        spans.append((cursor, cursor + len(clip)))
        cursor += len(clip) + gap
    mono = np.zeros(spans[-1][1] + int(settings.tail_s * SAMPLE_RATE))
    placements = []
    for line, clip, (start, end) in zip(script.lines, clips, spans, strict=True):
        mono[start:end] = clip
        placements.append(Placement(start, clip, script.speaker(line.speaker).angle_deg))
    timings = [(s / SAMPLE_RATE, e / SAMPLE_RATE) for s, e in spans]
    return RenderedMeeting(mono=mono, placements=placements, timings=timings)


def _write_pcm(
    folder: Path, stem: str, audio: npt.NDArray[np.float64] | npt.NDArray[np.float32]
) -> list[str]:
    pcm = to_s16(audio)
    write_wav(folder / f"{stem}.wav", pcm)
    write_raw(folder / f"{stem}.raw", pcm)
    return [f"{stem}.wav", f"{stem}.raw"]


def write_meeting(
    script: MeetingScript,
    folder: Path,
    settings: LayoutSettings,
    pool: ThreadPoolExecutor,
    *,
    multichannel: bool = True,
    rooms: tuple[RoomWriter, Sequence[RoomCondition]] | None = None,
) -> list[str]:
    """Render ``script`` into ``folder``; returns the file names written. With ``rooms``
    (a writer and its conditions) the room variants go under ``folder/rooms``."""
    rendered = render_meeting(script, settings, pool)
    folder.mkdir(parents=True, exist_ok=True)
    written = _write_pcm(folder, "mono", rendered.mono)
    if multichannel:
        rng = _rng(settings, script.id + "/array")
        for geometry in ARRAYS:
            audio = render_array(
                rendered.placements, len(rendered.mono), geometry, settings.noise_rms, rng
            )
            written += _write_pcm(folder, geometry.name, audio)
    duration = len(rendered.mono) / SAMPLE_RATE
    reference = build_reference(script, rendered.timings, duration)
    _write_json(folder / "reference.json", reference)
    written.append("reference.json")
    if rooms is not None and rooms[1]:
        meeting_audio = MeetingAudio(
            meeting_id=script.id,
            speakers=tuple(s.id for s in script.speakers),
            placements=tuple(rendered.placements),
            placement_speakers=tuple(line.speaker for line in script.lines),
            length=len(rendered.mono),
            reference=reference,
        )
        names = rooms[0].write(meeting_audio, rooms[1], folder / "rooms")
        written += [f"rooms/{n}" for n in names]
    return written


def write_english(script: EnglishScript, folder: Path, settings: LayoutSettings) -> list[str]:
    """The English sanity clip: one voice, sentences separated by short silences."""
    text = " ".join(script.sentences)
    clip = synthesize(text, script.voice, settings.synth)
    lead = np.zeros(int(settings.lead_s * SAMPLE_RATE))
    tail = np.zeros(int(settings.tail_s * SAMPLE_RATE))
    folder.mkdir(parents=True, exist_ok=True)
    written = _write_pcm(folder, "english", np.concatenate([lead, clip, tail]))
    reference = {
        "id": script.id,
        "language": "en",
        "voice": script.voice,
        "text": text,
        "start": round(settings.lead_s, 3),
        "end": round(settings.lead_s + len(clip) / SAMPLE_RATE, 3),
        "duration_s": round((len(lead) + len(clip) + len(tail)) / SAMPLE_RATE, 3),
    }
    _write_json(folder / "english.json", reference)
    return [*written, "english.json"]


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
