"""Builds a speech pipeline from settings: loads models and checks geometry up front."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from device.model_files import require
from device.speech.asr import Decoder, LazyDecoder, Recognizer
from device.speech.doa import DoaEstimator
from device.speech.errors import GeometryError, ModelMissingError, SpeechError
from device.speech.frontend import FrontEnd
from device.speech.geometry import load_geometry
from device.speech.guard import Guard
from device.speech.pipeline import Labeller, PipelineParts, SpeechPipeline
from device.speech.settings import SpeechSettings


def build_decoders(settings: SpeechSettings) -> tuple[Decoder, Decoder | None]:
    """The default (int8) decoder and the fp32 fallback (loaded on first use), if configured."""
    # Adapters load lazily so the capture process that imports the worker stays light.
    from device.speech.sherpa_asr import WhisperDecoder  # noqa: PLC0415 - see the comment above

    asr, path = settings.asr, settings.model_path
    tokens = path(asr.tokens)
    primary = LazyDecoder(
        f"{path(asr.encoder).name}+{path(asr.decoder).name}",
        partial(
            WhisperDecoder,
            path(asr.encoder),
            path(asr.decoder),
            tokens,
            language=asr.language,
            num_threads=asr.num_threads,
        ),
    )
    primary.load()
    if asr.fallback_encoder is None or asr.fallback_decoder is None:
        return primary, None
    encoder, decoder = path(asr.fallback_encoder), path(asr.fallback_decoder)
    for what, file in (
        ("fallback Whisper encoder", encoder),
        ("fallback Whisper decoder", decoder),
    ):
        require(file, what, ModelMissingError)
    fallback = LazyDecoder(
        f"{encoder.name}+{decoder.name}",
        partial(
            WhisperDecoder,
            encoder,
            decoder,
            tokens,
            language=asr.language,
            num_threads=asr.num_threads,
        ),
    )
    return primary, fallback


def build_doa(settings: SpeechSettings, channels: int) -> DoaEstimator | None:
    """A direction estimator when audio has several channels and a geometry is configured."""
    spec = settings.doa.geometry
    if spec is None:
        if channels > 1:
            raise GeometryError(
                f"audio has {channels} channels but no mic geometry is configured; "
                "name a preset or a geometry file"
            )
        return None
    geometry = load_geometry(spec)
    if geometry.channels != channels:
        raise GeometryError(
            f"geometry {geometry.name!r} has {geometry.channels} mics but the audio has "
            f"{channels} channels"
        )
    return DoaEstimator(geometry, settings.doa)


def build_front_end(settings: SpeechSettings, doa: DoaEstimator | None, channels: int) -> FrontEnd:
    """The configured front end; WPE (nara-wpe) is loaded only for ``enhanced``."""
    if settings.front_end != "enhanced" or doa is None:
        return FrontEnd(settings.front_end, channels)
    from device.speech.wpe import dereverberate  # noqa: PLC0415 - nara-wpe loads only when used

    return FrontEnd(
        "enhanced",
        channels,
        geometry=doa.geometry,
        settings=settings.enhanced,
        dereverberate=dereverberate,
        speed_of_sound=settings.doa.speed_of_sound,
    )


def diarization_models(settings: SpeechSettings) -> tuple[Path, Path]:
    """The segmentation and embedding model files; a clear error when one is unset or absent
    (checked before sherpa-onnx is loaded)."""
    found = []
    for what, path in (
        ("segmentation", settings.diarization.segmentation),
        ("embedding", settings.diarization.embedding),
    ):
        if path is None:
            msg = f"diarization needs both models; the {what} model is not configured"
            raise SpeechError(msg)
        found.append(require(settings.model_path(path), f"diarization {what}", ModelMissingError))
    return found[0], found[1]


def build_labeller(settings: SpeechSettings) -> Labeller | None:
    """sherpa-onnx diarization when its models are configured."""
    if settings.diarization.segmentation is None and settings.diarization.embedding is None:
        return None
    diarization_models(settings)  # fail on a missing file before loading the runtime
    from device.speech.sherpa_diarization import Diarizer  # noqa: PLC0415 - sherpa_onnx loads only when diarizing

    return Diarizer(settings)


def build_pipeline(
    settings: SpeechSettings, channels: int, decoders: tuple[Decoder, Decoder | None] | None = None
) -> SpeechPipeline:
    """A ready pipeline; ``decoders`` lets a caller supply its own (e.g. a wrapped one)."""
    from device.speech.sherpa_vad import SileroVad  # noqa: PLC0415 - sherpa_onnx loads lazily, as above

    doa = build_doa(settings, channels)
    labeller = build_labeller(settings)
    vad = SileroVad(settings.model_path(settings.vad.model), settings.vad)
    primary, fallback = decoders or build_decoders(settings)
    recognizer = Recognizer(primary, Guard(settings.guard), fallback)
    parts = PipelineParts(vad, recognizer, build_front_end(settings, doa, channels), doa, labeller)
    return SpeechPipeline(settings, parts, channels)
