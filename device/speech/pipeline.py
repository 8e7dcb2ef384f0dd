"""The speech pipeline of one recording: VAD windows → segments → text, direction, speaker.

It is fed blocks in order and decodes each segment as soon as the VAD closes it, so only
the last utterance is left to decode when the recording stops.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from device.speech.asr import Recognizer
from device.speech.buffer import AudioWindow
from device.speech.doa import DoaEstimator
from device.speech.errors import AudioFormatError
from device.speech.frontend import FrontEnd
from device.speech.segmenter import Segmenter, Span
from device.speech.settings import SAMPLE_RATE, SpeechSettings
from device.speech.speakers import cluster_directions
from wire.transcript import MeetingMeta, Segment, Transcript


class Vad(Protocol):
    """Per-window speech decision (the real one is sherpa_vad.SileroVad)."""

    window: int
    """Samples the windows advance by."""
    width: int
    """Samples each decision looks at (at least ``window``)."""

    def is_speech(self, window: npt.NDArray[np.float32]) -> bool: ...


class Labeller(Protocol):
    """Assigns speaker labels to finished segments by some other means (diarization)."""

    def observe(self, mono: npt.NDArray[np.float32]) -> None:
        """See the recording's mono audio, block by block, in order."""

    def labels(self, segments: list[Segment]) -> list[str]: ...


@dataclass(frozen=True)
class PipelineParts:
    """The components one pipeline runs."""

    vad: Vad
    recognizer: Recognizer
    front_end: FrontEnd
    doa: DoaEstimator | None = None
    labeller: Labeller | None = None


class SpeechPipeline:
    """Consumes one recording's audio in order and produces its transcript."""

    def __init__(self, settings: SpeechSettings, parts: PipelineParts, channels: int) -> None:
        if parts.front_end.channels != channels:
            raise AudioFormatError(
                f"front end built for {parts.front_end.channels} channels, audio has {channels}"
            )
        self.settings = settings
        self.parts = parts
        self.channels = channels
        self._audio = AudioWindow(channels)
        self._segmenter = Segmenter(settings.vad)
        self._vad_pos = 0
        self._segments: list[Segment] = []
        self._lookback = round((settings.vad.min_speech_s + settings.vad.pad_s + 1) * SAMPLE_RATE)

    @property
    def position(self) -> int:
        """Samples consumed so far; the next block must start here."""
        return self._audio.end

    def accept(self, offset: int, frames: npt.NDArray[np.generic]) -> list[Segment]:
        """Add a block starting at sample ``offset``; returns segments finished by it.

        Their speaker labels are provisional: the final clustering may renumber them.
        """
        if offset > self.position:
            raise AudioFormatError(f"audio gap: expected sample {self.position}, got {offset}")
        skip = self.position - offset
        if skip >= frames.shape[0]:
            return []
        self._audio.append(frames[skip:])
        if self.parts.labeller is not None:
            self.parts.labeller.observe(self._mono(self._audio.get(offset + skip, self.position)))
        done = self._run_vad()
        self._release()
        return done

    def finish(self, meta: MeetingMeta, *, recovered: bool = False) -> Transcript:
        """Close the last segment and label speakers over the whole recording."""
        for span in self._segmenter.flush(self.position):
            self._segments.append(self._decode(span))
        segments = self._label(self._segments)
        if recovered:
            segments = [replace(s, flags=(*s.flags, "recovered")) for s in segments]
        meta = replace(
            meta, duration_s=self.position / SAMPLE_RATE, recovered=recovered or meta.recovered
        )
        return Transcript(meta=meta, segments=tuple(segments))

    def _mono(self, frames: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        return self.parts.front_end.monitor(frames)

    def _run_vad(self) -> list[Segment]:
        step, width = self.parts.vad.window, self.parts.vad.width
        done: list[Segment] = []
        while self._vad_pos + width <= self.position:
            start, end = self._vad_pos, self._vad_pos + step
            speech = self.parts.vad.is_speech(self._mono(self._audio.get(start, start + width)))
            window = self._mono(self._audio.get(start, end))
            rms = float(np.sqrt(np.mean(np.square(window))))
            for span in self._segmenter.push(start, end, speech=speech, rms=rms):
                segment = self._decode(span)
                self._segments.append(segment)
                done.append(self._provisional(segment))
            self._vad_pos = end
        return done

    def _release(self) -> None:
        open_start = self._segmenter.open_start
        keep = self._vad_pos - self._lookback if open_start is None else open_start
        self._audio.drop_before(min(keep, self._vad_pos - self._lookback))

    def _decode(self, span: Span) -> Segment:
        frames = self._audio.get(span.start, span.end)
        direction = self.parts.doa.estimate(frames) if self.parts.doa else None
        result = self.parts.recognizer.recognize(self.parts.front_end.listen(frames, direction))
        return Segment(
            id=f"s{len(self._segments) + 1:04d}",
            start=span.start / SAMPLE_RATE,
            end=span.end / SAMPLE_RATE,
            speaker="S1",
            text=result.text,
            language=result.language,
            flags=result.flags,
            direction_deg=direction,
        )

    def _provisional(self, segment: Segment) -> Segment:
        """Label by clustering the directions so far (diarization only runs at the end)."""
        if self.parts.doa is None or self.parts.labeller is not None:
            return segment
        return replace(segment, speaker=self._cluster(self._segments)[-1])

    def _cluster(self, segments: list[Segment]) -> list[str]:
        assert self.parts.doa is not None  # noqa: S101 - narrows the type: callers checked doa
        return cluster_directions(
            [s.direction_deg for s in segments],
            [s.end - s.start for s in segments],
            self.settings.doa.cluster_deg,
            wraps=self.parts.doa.wraps,
        )

    def _label(self, segments: list[Segment]) -> list[Segment]:
        if self.parts.labeller is not None:
            labels = self.parts.labeller.labels(segments)
        elif self.parts.doa is not None:
            labels = self._cluster(segments)
        else:
            labels = ["S1"] * len(segments)
        return [replace(s, speaker=label) for s, label in zip(segments, labels, strict=True)]
