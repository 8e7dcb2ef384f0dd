"""Adapter: sherpa-onnx speaker diarization (pyannote segmentation + speaker embeddings).

An alternative to direction clustering for rooms without a mic array. It keeps the
recording's mono audio as int16 (about 115 MB per hour) and diarizes it once at the end;
each transcript segment takes the diarized speaker it overlaps most.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import sherpa_onnx

from device.speech.build import diarization_models
from device.speech.errors import ModelLoadError
from device.speech.settings import SpeechSettings
from wire.transcript import Segment


class Diarizer:
    """Labels segments S1..Sn by voice."""

    def __init__(self, settings: SpeechSettings) -> None:
        cfg = settings.diarization
        segmentation, embedding = diarization_models(settings)
        config = sherpa_onnx.OfflineSpeakerDiarizationConfig(
            segmentation=sherpa_onnx.OfflineSpeakerSegmentationModelConfig(
                pyannote=sherpa_onnx.OfflineSpeakerSegmentationPyannoteModelConfig(
                    model=str(segmentation)
                ),
                num_threads=settings.asr.num_threads,
            ),
            embedding=sherpa_onnx.SpeakerEmbeddingExtractorConfig(
                model=str(embedding), num_threads=settings.asr.num_threads
            ),
            clustering=sherpa_onnx.FastClusteringConfig(
                num_clusters=cfg.num_speakers, threshold=cfg.threshold
            ),
        )
        try:
            self._sd = sherpa_onnx.OfflineSpeakerDiarization(config)
        except Exception as exc:  # sherpa raises bare RuntimeError on bad files
            raise ModelLoadError(f"cannot load diarization models: {exc}") from exc
        self._chunks: list[npt.NDArray[np.int16]] = []

    def observe(self, mono: npt.NDArray[np.float32]) -> None:
        """Keep the recording's mono audio for the final pass."""
        self._chunks.append(np.clip(mono * 32768.0, -32768, 32767).astype(np.int16))

    def labels(self, segments: list[Segment]) -> list[str]:
        audio = np.concatenate(self._chunks).astype(np.float32) / 32768.0 if self._chunks else None
        if audio is None or not segments:
            return ["S1"] * len(segments)
        turns = self._sd.process(audio).sort_by_start_time()
        spans = [(t.start, t.end, t.speaker) for t in turns]
        return [_best(s, spans) for s in segments]


def _best(segment: Segment, spans: list[tuple[float, float, int]]) -> str:
    overlap: dict[int, float] = {}
    for start, end, speaker in spans:
        shared = min(end, segment.end) - max(start, segment.start)
        if shared > 0:
            overlap[speaker] = overlap.get(speaker, 0.0) + shared
    return f"S{max(overlap, key=overlap.__getitem__) + 1}" if overlap else "S1"
