"""Speech synthesis with espeak-ng, resampled by sox to 16 kHz mono float samples.

espeak-ng writes 22.05 kHz WAV; sox resamples it and hands back 32-bit float so that we
quantise once, ourselves, without sox's (random) dither. Leading and trailing silence is
trimmed and inner pauses are shortened, so an utterance is one stretch of speech with no
pause a VAD would split on, and its reference start/end are where the speech really is.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from models.corpus.errors import CorpusError

SAMPLE_RATE = 16_000

Audio = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SynthSettings:
    """How utterances are synthesised and shaped."""

    words_per_minute: int = 165
    """espeak-ng speaking rate (-s)."""
    silence_threshold: float = 0.002
    """Absolute amplitude below which a sample counts as silent."""
    max_inner_pause_s: float = 0.2
    """Inner pauses (between sentences) are shortened to this, so the line stays one utterance."""
    amplitude: int = 75
    """espeak-ng amplitude (-a, default 100); at 100 a few peaks reach full scale and clip."""
    gain: float = 1.0
    """Scale applied to the resampled output."""
    timeout_s: float = 60.0
    """Limit for one espeak-ng or sox call."""


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CorpusError(f"{name} not found on PATH; install it (`make setup` installs it)")
    return path


@functools.cache
def _espeak_listing(selector: str) -> str:
    out = subprocess.run(
        [_require_tool("espeak-ng"), f"--voices={selector}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def check_voice(voice: str) -> None:
    """Raise CorpusError unless ``voice`` is an installed ``language+variant`` espeak-ng voice."""
    language, _, variant = voice.partition("+")
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)?", language):
        raise CorpusError(f"voice {voice!r}: expected 'language+variant', e.g. 'sv+m1'")
    languages = {line.split()[1] for line in _espeak_listing(language).splitlines()[1:]}
    if language not in languages:
        raise CorpusError(f"voice {voice!r}: espeak-ng has no language {language!r}")
    variants = {
        line.split()[-1].removeprefix("!v/") for line in _espeak_listing("variant").splitlines()[1:]
    }
    if variant and variant not in variants:
        raise CorpusError(
            f"voice {voice!r}: espeak-ng has no variant {variant!r} "
            "(see `espeak-ng --voices=variant`, e.g. m1..m7, f1..f5)"
        )


def espeak_version() -> str:
    """espeak-ng's version line; recorded in the manifest because output depends on it."""
    out = subprocess.run(
        [_require_tool("espeak-ng"), "--version"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("Data at")[0].strip()


def _run(cmd: list[str], data: bytes | None, settings: SynthSettings) -> bytes:
    try:
        done = subprocess.run(
            cmd, check=False, input=data, capture_output=True, timeout=settings.timeout_s
        )
    except subprocess.TimeoutExpired as exc:
        raise CorpusError(f"{cmd[0]} took longer than {settings.timeout_s} s") from exc
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip()
        raise CorpusError(f"{cmd[0]} failed ({done.returncode}): {err}")
    return done.stdout


def synthesize_raw(text: str, voice: str, settings: SynthSettings) -> Audio:
    """espeak-ng → sox → 16 kHz mono float64 samples in [-1, 1], untrimmed."""
    check_voice(voice)
    espeak = [_require_tool("espeak-ng"), "-v", voice, "-s", str(settings.words_per_minute)]
    espeak += ["-a", str(settings.amplitude)]
    wav = _run([*espeak, "--stdout", text], None, settings)
    sox = [_require_tool("sox"), "-R", "-t", "wav", "-", "-t", "raw", "-e", "floating-point"]
    sox += ["-b", "32", "-c", "1", "-r", str(SAMPLE_RATE), "-"]
    raw = _run(sox, wav, settings)
    samples = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    if samples.size == 0 or not np.any(np.abs(samples) >= settings.silence_threshold):
        raise CorpusError(f"voice {voice!r} produced no audible speech for {text[:40]!r}")
    return samples * settings.gain


def silent_runs(samples: Audio, threshold: float, min_len: int) -> list[tuple[int, int]]:
    """[start, end) sample ranges of at least ``min_len`` samples below ``threshold``."""
    loud = np.abs(samples) >= threshold
    edges = np.flatnonzero(np.diff(np.concatenate(([1], loud.view(np.int8), [1]))))
    starts, ends = edges[0::2], edges[1::2]
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True) if e - s >= min_len]


def shape_utterance(samples: Audio, settings: SynthSettings) -> Audio:
    """Trim outer silence and shorten inner pauses to ``max_inner_pause_s``."""
    loud = np.flatnonzero(np.abs(samples) >= settings.silence_threshold)
    trimmed = samples[loud[0] : loud[-1] + 1]
    keep = int(settings.max_inner_pause_s * SAMPLE_RATE)
    pieces: list[Audio] = []
    cursor = 0
    for start, end in silent_runs(trimmed, settings.silence_threshold, keep + 1):
        pieces.append(trimmed[cursor : start + keep])
        cursor = end
    pieces.append(trimmed[cursor:])
    return np.concatenate(pieces)


def synthesize(text: str, voice: str, settings: SynthSettings) -> Audio:
    """One utterance as 16 kHz float samples: speech from first to last audible sample."""
    return shape_utterance(synthesize_raw(text, voice, settings), settings)
