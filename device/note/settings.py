"""Settings of the note subsystem; only the command line builds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grounding.verify import VerifierSettings


@dataclass(frozen=True)
class LlmSettings:
    """The local language model that drafts each window (llama.cpp, GGUF)."""

    model_path: Path | None = None
    """GGUF file; None drafts with the extractive layer only."""
    n_ctx: int = 4096
    """Context length in tokens; a window's prompt is cut to fit."""
    n_threads: int = 1
    """CPU threads for llama.cpp. One thread: speech runs beside it during the meeting, and on
    a busy 2-core CPU two llama.cpp threads spin-wait on each other (measured 15x slower)."""
    n_batch: int = 512
    """Prompt tokens evaluated per batch."""
    seed: int = 42
    """Sampling seed; with temperature 0 the output is deterministic."""
    temperature: float = 0.0
    """0 means greedy decoding."""
    max_tokens: int = 200
    """Upper bound on generated tokens per window drafted during the meeting."""
    tail_max_tokens: int = 96
    """Upper bound for the last window, drafted after stop while the caseworker waits."""
    tail_threads: int = 2
    """CPU threads for the last window, drafted after stop: speech has finished by then, so
    the model may use both cores while the caseworker waits."""
    prefill_every_s: float = 20.0
    """Evaluate the growing window's prompt after this much new speech, so that little is
    left to evaluate when the window closes or the meeting stops."""
    mode: str = "draft"
    """``draft``: the model writes each statement. ``classify``: it only picks the segments
    that matter and their section; the text is the segment itself, attributed (suits the
    small test models, which copy or garble when they write)."""
    max_points: int = 5
    """Most statements the model may write per window."""
    max_text_chars: int = 140
    """Longest statement the model may write."""
    max_prompt_chars: int = 6000
    """Transcript characters per window prompt; longer windows keep their last part."""
    window_timeout_s: float = 180.0
    """Longest one request (a window's draft or a prefill) may take in the model process;
    past it the process is stopped and the window falls back to the extractive layer."""
    load_timeout_s: float = 120.0
    """Longest the model process may take to load the GGUF."""


@dataclass(frozen=True)
class SeatSettings:
    """How the seats the caseworker gave on the claim page become speaker labels."""

    button_azimuth_deg: float = 0.0
    """Azimuth of the device's button in the mic array's frame (degrees counter-clockwise
    from mic 0 seen from above, as ``direction_deg``). Measure once per enclosure: speak
    from the button side and read the segment's ``direction_deg``."""
    tolerance_deg: float = 30.0
    """A speaker's direction matches a claimed seat at most this far away."""
    margin_deg: float = 10.0
    """The nearest claimed seat must be this much nearer than the next one within the
    tolerance, or the speaker is left unmatched."""
    enabled: bool = True
    """Match seats at all. Turn off for a linear array: it cannot tell a seat from its
    mirror image across the array's line."""


@dataclass(frozen=True)
class NoteSettings:
    """How the journal-note draft is made."""

    llm: LlmSettings = field(default_factory=LlmSettings)
    """Language-model layer; extractive-only when ``llm.model_path`` is None."""
    verifier: VerifierSettings = field(default_factory=VerifierSettings)
    """How strict the grounding verifier is."""
    window_s: float = 300.0
    """Length of a drafting window; each finished window is drafted during the meeting."""
    max_per_section: int = 30
    """Most statements kept in one section (agreements and next steps are never cut)."""
    seats: SeatSettings = field(default_factory=SeatSettings)
    """Where participants sit, as the claim gave it, mapped to speaker labels."""
    drop_unverified_llm: bool = True
    """Drop model statements that fail the verifier (the model's text is never shown
    unverified); False keeps them with their ej_verifierad flags, for inspecting a model."""
