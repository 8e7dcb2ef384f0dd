"""Frozen settings for the speech subsystem; only the command line builds them from TOML/flags."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

SAMPLE_RATE = 16000
"""Everything in speech runs at 16 kHz, the rate Whisper and silero expect."""

FRONT_ENDS = ("channel0", "mean", "enhanced")
"""What Whisper hears: mic 0, the plain mean of all mics, or dereverberated and beamformed."""
BEAMFORMERS = ("superdirective", "delay-and-sum")
"""The ``enhanced`` front end's beam: MVDR against diffuse noise, or delay-and-sum."""


@dataclass(frozen=True)
class VadSettings:
    """Voice activity detection and segmentation."""

    model: Path = Path("silero_vad.onnx")
    """Silero VAD ONNX file."""
    threshold: float = 0.5
    """Speech probability above which a window counts as speech."""
    min_silence_s: float = 0.5
    """A pause at least this long ends a segment."""
    min_speech_s: float = 0.25
    """Speech shorter than this is ignored (clicks, coughs)."""
    pad_s: float = 0.2
    """Audio kept before and after each segment so word edges are not clipped."""
    max_segment_s: float = 15.0
    """Longer speech is split at its quietest point (Whisper refuses more than 30 s). Whisper's
    memory grows with the segment: at 25 s the worker peaked over its 600 MB budget on the
    10-minute meeting, at 15 s under it, with the same WER (docs/speech.md)."""
    min_split_s: float = 10.0
    """A forced split never leaves a piece shorter than this."""


@dataclass(frozen=True)
class AsrSettings:
    """Whisper through sherpa-onnx."""

    encoder: Path = Path("whisper-base-sherpa/encoder.int8.onnx")
    """Encoder of the default (int8) model."""
    decoder: Path = Path("whisper-base-sherpa/decoder.int8.onnx")
    """Decoder of the default (int8) model."""
    fallback_encoder: Path | None = Path("whisper-base-sherpa/encoder.onnx")
    """Encoder for re-decoding a flagged segment (fp32); None disables re-decoding."""
    fallback_decoder: Path | None = Path("whisper-base-sherpa/decoder.int8.onnx")
    """Decoder for re-decoding a flagged segment. The int8 loops we measured came from the
    int8 encoder; the fp32 decoder as well would take the worker to ~700 MB at 25 s
    segments instead of ~600 (see docs/speech.md). Set ``decoder.onnx`` for the full fp32."""
    tokens: Path = Path("whisper-base-sherpa/tokens.txt")
    """Token table shared by both models."""
    language: str = "sv"
    """ISO 639-1 code of the meeting language, or "auto" to detect it per segment."""
    num_threads: int = 2
    """Threads for the neural network."""


@dataclass(frozen=True)
class GuardSettings:
    """Repetition and hallucination checks on each decoded segment."""

    max_ngram: int = 6
    """Longest word n-gram checked for back-to-back repetition."""
    max_word_repeats: int = 4
    """A single word repeated back to back this many times is a loop."""
    max_ngram_repeats: int = 3
    """A multi-word n-gram repeated back to back this many times is a loop."""
    max_compression_ratio: float = 2.4
    """Text that zlib compresses better than this is too repetitive to be speech."""
    silence_dbfs: float = -50.0
    """Text decoded from audio quieter than this (RMS, dBFS) is taken as hallucinated."""
    min_words_per_s: float = 0.5
    """Fewer words than this per second of an audible segment means speech was dropped.
    Sound decodes of the corpus's meetings have 1.4–4 words/s; a dropped one had 0.04."""
    sparse_min_s: float = 5.0
    """Segments shorter than this are never judged sparse ("Ja." may fill two seconds)."""


@dataclass(frozen=True)
class DoaSettings:
    """Direction of arrival and speaker clustering."""

    geometry: str | None = None
    """Preset name or path of a JSON/TOML file of mic coordinates (m); None: no array."""
    frame: int = 1024
    """Samples per analysis frame for GCC-PHAT."""
    min_hz: float = 300.0
    """Lowest frequency used for direction finding."""
    max_hz: float = 4000.0
    """Highest frequency used for direction finding."""
    interp: int = 8
    """Upsampling of the cross-correlation for sub-sample delays."""
    onset_share: float = 0.3
    """Share of the louder frames used: those whose energy rises most (onsets). All loud
    frames gave directions up to 21° off in the corpus's reverberant rooms, onsets ≤ 11°."""
    cluster_deg: float = 25.0
    """Directions closer than this (cluster mean to mean) belong to one speaker."""
    speed_of_sound: float = 343.0
    """Metres per second."""


@dataclass(frozen=True)
class EnhancedSettings:
    """The ``enhanced`` front end: WPE dereverberation, then a beam toward the speaker."""

    stft_size: int = 512
    """Samples per STFT frame (32 ms)."""
    stft_hop: int = 256
    """Samples the STFT advances by (16 ms; 8 ms costs 2-3× the CPU for no better WER)."""
    wpe_taps: int = 5
    """Past frames per bin from which WPE predicts the late reverberation (80 ms); 0: no WPE."""
    wpe_delay: int = 2
    """Frames skipped before the taps (32 ms), so the direct sound and early echoes stay."""
    wpe_iterations: int = 3
    """Re-estimates of the speech power WPE weights its prediction by."""
    beamformer: str = "superdirective"
    """``superdirective`` (MVDR against diffuse noise) or ``delay-and-sum``."""
    diagonal_loading: float = 1e-2
    """Uncorrelated noise assumed at each mic, relative to the diffuse field, for the
    superdirective beam: lower gives more gain on a perfect array and more amplified
    mismatch on a real one (docs/speech.md)."""

    def __post_init__(self) -> None:
        if self.beamformer not in BEAMFORMERS:
            raise ValueError(
                f"unknown speech.enhanced beamformer {self.beamformer!r}; "
                f"choose one of {', '.join(BEAMFORMERS)}"
            )
        if self.diagonal_loading <= 0:
            raise ValueError(
                f"speech.enhanced diagonal_loading must be positive, got {self.diagonal_loading}"
            )
        if self.wpe_taps < 0:
            raise ValueError(f"speech.enhanced wpe_taps must be 0 or more, got {self.wpe_taps}")


@dataclass(frozen=True)
class DiarizationSettings:
    """Optional sherpa-onnx diarization instead of direction clustering."""

    segmentation: Path | None = None
    """Pyannote segmentation ONNX file; None disables diarization."""
    embedding: Path | None = None
    """Speaker embedding ONNX file."""
    threshold: float = 0.5
    """Clustering threshold of the embedding clusterer."""
    num_speakers: int = -1
    """Known number of speakers, or -1 to let the clusterer decide."""


@dataclass(frozen=True)
class SpeechSettings:
    """Everything the speech worker needs."""

    models_dir: Path = Path("~/.cache/samtal/models")
    """Model store; relative model paths resolve against it."""
    front_end: str = "enhanced"
    """What Whisper hears, one of FRONT_ENDS; one-channel audio is always used as it is."""
    vad: VadSettings = field(default_factory=VadSettings)
    """Voice activity detection."""
    asr: AsrSettings = field(default_factory=AsrSettings)
    """Speech recognition."""
    guard: GuardSettings = field(default_factory=GuardSettings)
    """Repetition and hallucination guard."""
    doa: DoaSettings = field(default_factory=DoaSettings)
    """Direction of arrival."""
    diarization: DiarizationSettings = field(default_factory=DiarizationSettings)
    """Optional diarization models."""
    enhanced: EnhancedSettings = field(default_factory=EnhancedSettings)
    """Parameters of the ``enhanced`` front end."""

    def __post_init__(self) -> None:
        if self.front_end not in FRONT_ENDS:
            raise ValueError(
                f"unknown speech front_end {self.front_end!r}; "
                f"choose one of {', '.join(FRONT_ENDS)}"
            )

    def model_path(self, path: Path) -> Path:
        """Resolve a model path against the model store."""
        return path if path.is_absolute() else self.models_dir.expanduser() / path


def settings_from_mapping(
    data: dict[str, Any], base: SpeechSettings | None = None
) -> SpeechSettings:
    """Build settings from a parsed TOML/JSON mapping (the ``[speech]`` table)."""
    settings: SpeechSettings = _apply(base or SpeechSettings(), _legacy(data))
    return settings


def _legacy(data: dict[str, Any]) -> dict[str, Any]:
    """``asr_channel = 0`` (before front_end existed) still means mic 0; others are refused."""
    if "asr_channel" not in data:
        return data
    rest = {k: v for k, v in data.items() if k != "asr_channel"}
    if data["asr_channel"] != 0 or "front_end" in rest:
        raise ValueError(
            "speech setting asr_channel is replaced by front_end = "
            f"{' | '.join(repr(f) for f in FRONT_ENDS)}; asr_channel = 0 alone means 'channel0'"
        )
    return {**rest, "front_end": "channel0"}


def _apply(obj: Any, data: dict[str, Any]) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ValueError(f"unknown speech setting {key!r}; known: {sorted(known)}")
        current = getattr(obj, key)
        if is_dataclass(current) and isinstance(value, dict):
            changes[key] = _apply(current, value)
        else:
            changes[key] = _coerce(current, known[key].type, value)
    return replace(obj, **changes)


def _coerce(current: Any, annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(current, Path) or "Path" in str(annotation):
        return Path(str(value))
    return value
