"""The speech worker: a separate process that transcribes a recording while it is captured.

Capture hands each block to :meth:`SpeechWorker.feed`, which never blocks: when the worker
has fallen behind and its queue is full, the block is left out and the worker later reads
the missing frames back from the spool (an :class:`~device.speech.sources.AudioSource`).
So audio is never dropped, and a recovered recording is transcribed by the same loop with
no live blocks at all.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Self

import numpy as np
import numpy.typing as npt

from device.speech.build import build_pipeline
from device.speech.errors import WorkerError
from device.speech.pipeline import SpeechPipeline
from device.speech.settings import SAMPLE_RATE, SpeechSettings
from device.speech.sources import AudioSource
from wire.transcript import MeetingMeta, Segment, Transcript

SourceFactory = Callable[[], AudioSource]
PipelineFactory = Callable[[SpeechSettings, int], SpeechPipeline]
CATCH_UP_FRAMES = SAMPLE_RATE
"""Frames read from the source per step while catching up."""


class BlockLike(Protocol):
    """What capture emits (device.events.AudioBlock fits)."""

    @property
    def frame_offset(self) -> int: ...

    @property
    def frames(self) -> npt.NDArray[np.int16]: ...


@dataclass(frozen=True)
class _Block:
    offset: int
    frames: npt.NDArray[np.int16]


@dataclass(frozen=True)
class _Finish:
    meta: MeetingMeta
    total_frames: int | None
    recovered: bool


@dataclass(frozen=True)
class _Ready:
    pass


@dataclass(frozen=True)
class _Part:
    segment: Segment


@dataclass(frozen=True)
class _Failed:
    message: str


@dataclass(frozen=True)
class WorkerResult:
    """The final transcript plus what the worker measured about itself."""

    transcript: Transcript
    peak_rss_mb: float
    """Peak resident memory of the worker process."""
    caught_up_frames: int
    """Frames the worker read back from the source instead of receiving them live."""
    finish_s: float
    """Seconds the worker spent between the end-of-recording message and its answer."""
    cpu_s: float
    """CPU seconds the worker process used, all its threads and model loading included."""
    busy_s: float
    """Wall seconds the worker spent on audio (VAD, front end, decoding, model swaps), not
    waiting for blocks; over the audio's duration it is the worker's real-time factor."""


@dataclass(frozen=True)
class _Done:
    result: WorkerResult


def peak_rss_mb() -> float:
    """The peak resident memory of this process itself.

    VmHWM belongs to the process's own address space; ru_maxrss would also count the
    parent's memory at the moment the worker was forked, before exec (a Linux quirk).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Start the worker with numpy's OpenBLAS on one thread (unless set otherwise).

    WPE makes thousands of small matrix products; with a BLAS thread per core spinning
    against Whisper's own threads they took 25 times the CPU time of one thread (measured
    on the shared 2-core host). The variable is read when the child loads numpy, so it
    is set around ``start`` only and the parent's own environment is restored.
    """
    saved = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = saved or "1"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)


class _Loop:
    """Child-process side: feeds the pipeline and fills gaps from the source."""

    def __init__(self, pipeline: SpeechPipeline, source: AudioSource | None, outbox: Any) -> None:
        self.pipeline = pipeline
        self.source = source
        self.outbox = outbox
        self.caught_up = 0
        self.busy_s = 0.0

    def block(self, msg: _Block) -> None:
        self.catch_up(msg.offset)
        self._accept(msg.offset, msg.frames)

    def catch_up(self, until: int) -> None:
        while self.pipeline.position < until:
            if self.source is None:
                raise WorkerError(
                    f"audio missing from {self.pipeline.position} and no spool to read"
                )
            want = min(CATCH_UP_FRAMES, until - self.pipeline.position)
            frames = self.source.read(self.pipeline.position, want)
            if frames.shape[0] == 0:
                raise WorkerError(f"spool ends at frame {self.pipeline.position}, expected {until}")
            self.caught_up += frames.shape[0]
            self._accept(self.pipeline.position, frames)

    def finish(self, msg: _Finish) -> _Done:
        started = time.perf_counter()
        total = msg.total_frames
        if total is None:
            total = self.source.frames if self.source is not None else self.pipeline.position
        self.catch_up(total)
        last = time.perf_counter()
        transcript = self.pipeline.finish(msg.meta, recovered=msg.recovered)
        done = time.perf_counter()
        result = WorkerResult(
            transcript,
            peak_rss_mb(),
            self.caught_up,
            done - started,
            time.process_time(),
            self.busy_s + done - last,
        )
        return _Done(result)

    def _accept(self, offset: int, frames: npt.NDArray[np.int16]) -> None:
        started = time.perf_counter()
        segments = self.pipeline.accept(offset, frames)
        self.busy_s += time.perf_counter() - started
        for segment in segments:
            self.outbox.put(_Part(segment))


def _serve(  # noqa: PLR0917 - multiprocessing passes the target its arguments by position
    settings: SpeechSettings,
    channels: int,
    source_factory: SourceFactory | None,
    pipeline_factory: PipelineFactory,
    inbox: Any,
    outbox: Any,
) -> None:
    try:
        loop = _Loop(
            pipeline_factory(settings, channels),
            source_factory() if source_factory else None,
            outbox,
        )
        outbox.put(_Ready())
        while True:
            msg = inbox.get()
            if isinstance(msg, _Finish):
                outbox.put(loop.finish(msg))
                return
            loop.block(msg)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the parent, not hang it
        outbox.put(_Failed(f"{type(exc).__name__}: {exc}"))


class SpeechWorker:
    """Parent-process handle of one recording's speech worker."""

    def __init__(
        self,
        settings: SpeechSettings,
        channels: int,
        *,
        source_factory: SourceFactory | None = None,
        pipeline_factory: PipelineFactory = build_pipeline,
        max_queued_blocks: int = 100,
    ) -> None:
        ctx = mp.get_context("spawn")
        # Without a spool to catch up from, blocks must never be left out: queue without bound.
        self._inbox: Any = ctx.Queue(max_queued_blocks if source_factory else 0)
        self._outbox: Any = ctx.Queue()
        self._process = ctx.Process(
            target=_serve,
            args=(settings, channels, source_factory, pipeline_factory, self._inbox, self._outbox),
            name="speech-worker",
            daemon=True,
        )
        self._parts: list[Segment] = []
        self.deferred_blocks = 0
        """Blocks left for the worker to read back from the spool."""

    def start(self, timeout_s: float = 120.0) -> None:
        """Start the process and wait until its models are loaded."""
        with _one_blas_thread():
            self._process.start()
        msg = self._next(timeout_s)
        if not isinstance(msg, _Ready):
            raise WorkerError(f"speech worker did not start: {msg}")

    def feed(self, block: BlockLike) -> None:
        """Hand over a block without blocking; a full queue leaves it for spool catch-up."""
        try:
            self._inbox.put_nowait(_Block(block.frame_offset, block.frames))
        except queue.Full:
            self.deferred_blocks += 1

    def parts(self) -> list[Segment]:
        """Segments finished so far (provisional speaker labels), without waiting."""
        while True:
            try:
                msg = self._outbox.get_nowait()
            except queue.Empty:
                return list(self._parts)
            self._take(msg)

    def finish(
        self,
        meta: MeetingMeta,
        *,
        total_frames: int | None = None,
        recovered: bool = False,
        timeout_s: float = 600.0,
    ) -> WorkerResult:
        """Signal the end of the recording and wait for the final transcript."""
        self._inbox.put(_Finish(meta, total_frames, recovered))
        while True:
            msg = self._next(timeout_s)
            if isinstance(msg, _Done):
                # The process exits on its own; joining it is left to close() so the
                # transcript is not held back by interpreter shutdown.
                return msg.result
            self._take(msg)

    def close(self) -> None:
        """Stop the process (if still running) and release its queues."""
        if self._process.pid is None:
            return
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
        self._inbox.cancel_join_thread()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _take(self, msg: object) -> None:
        if isinstance(msg, _Part):
            self._parts.append(msg.segment)
        elif isinstance(msg, _Failed):
            self.close()
            raise WorkerError(f"speech worker failed: {msg.message}")

    def _next(self, timeout_s: float) -> object:
        waited = 0.0
        while waited < timeout_s:
            try:
                msg: object = self._outbox.get(timeout=0.5)
            except queue.Empty:
                waited += 0.5
                if not self._process.is_alive():
                    raise WorkerError("speech worker exited without an answer") from None
                continue
            if isinstance(msg, _Failed):
                self._take(msg)
            return msg
        raise WorkerError(f"speech worker gave no answer within {timeout_s:.0f} s")


def transcribe_recording(
    settings: SpeechSettings,
    source_factory: SourceFactory,
    meta: MeetingMeta,
    *,
    channels: int,
    recovered: bool = False,
    pipeline_factory: PipelineFactory = build_pipeline,
) -> WorkerResult:
    """Transcribe a finished or recovered recording by the same loop, all read from the spool."""
    worker = SpeechWorker(
        settings, channels, source_factory=source_factory, pipeline_factory=pipeline_factory
    )
    try:
        worker.start()
        return worker.finish(meta, recovered=recovered)
    finally:
        worker.close()
