"""The note model in its own supervised process, so a native crash cannot stop a recording.

llama.cpp is native code: a bad build for the CPU, a corrupt GGUF or a bug can end its
process with a signal instead of an exception. :class:`ModelProcess` keeps it in a child
process (``spawn``: nothing of the daemon is shared with it) and answers the daemon through
the :class:`~device.note.llm.NoteModel` protocol:

* a crash (any signal or exit) during a request, or a request that runs past
  ``LlmSettings.window_timeout_s``, becomes a :class:`NoteModelError`; the drafter then
  builds that window from the extractive layer with a ``modellfel`` flag;
* the next request starts a fresh process, so one bad window costs one window.

The parent never imports ``llama_cpp``; only the child does, through
:mod:`device.note.llama_adapter`.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import signal
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from device.model_files import require
from device.note.errors import NoteModelError, NoteModelMissingError
from device.note.llm import LlmRequest
from device.note.settings import LlmSettings
from device.processes import describe_exit

log = logging.getLogger(__name__)

BUILD_DOC = "docs/llama-build.md"
"""Where a crash on the first decode points the reader."""


@dataclass(frozen=True)
class _Generate:
    request: LlmRequest
    max_tokens: int | None
    after_stop: bool = False


@dataclass(frozen=True)
class _Prefill:
    request: LlmRequest


@dataclass(frozen=True)
class _Probe:
    """Decode one token of a fixed prompt: proves the build runs on this CPU."""


@dataclass(frozen=True)
class _Ready:
    pid: int


@dataclass(frozen=True)
class _Answer:
    text: str


@dataclass(frozen=True)
class _Failed:
    message: str


def _serve(settings: LlmSettings, conn: Any) -> None:
    """Child process: load the GGUF, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the daemon decides when this process ends
    try:
        from device.note.llama_adapter import LlamaNoteModel  # noqa: PLC0415 - child only
    except ImportError as exc:
        msg = f"llama-cpp-python is not installed ({exc}): install the device extra"
        conn.send(_Failed(msg))
        return
    try:
        model = LlamaNoteModel(settings)
    except NoteModelError as exc:
        conn.send(_Failed(str(exc)))
        return
    conn.send(_Ready(os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        try:
            if isinstance(msg, _Generate):
                text = model.generate(msg.request, msg.max_tokens, after_stop=msg.after_stop)
                conn.send(_Answer(text))
            elif isinstance(msg, _Prefill):
                model.prefill(msg.request)
                conn.send(_Answer(""))
            elif isinstance(msg, _Probe):
                conn.send(_Answer(model.probe()))
            else:
                conn.send(_Failed(f"unknown request {type(msg).__name__}"))
        except NoteModelError as exc:
            conn.send(_Failed(str(exc)))


def require_gguf(settings: LlmSettings) -> Path:
    """The configured GGUF's path; NoteModelError naming it when unset or absent."""
    if settings.model_path is None:
        raise NoteModelError("no model configured: set LlmSettings.model_path to a GGUF file")
    return require(settings.model_path, "note language model", NoteModelMissingError)


def _reap(process: Any, conn: Any) -> None:
    conn.close()
    if process.is_alive():
        process.kill()
        process.join(timeout=5)


class ModelProcess:
    """Parent-side handle of the note model's process; a :class:`NoteModel`."""

    def __init__(self, settings: LlmSettings) -> None:
        self._settings = settings
        self._name = require_gguf(settings).name.removesuffix(".gguf")
        self._ctx = mp.get_context("spawn")
        self._process: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()
        self.starts = 0
        """How many model processes this handle has started (restarts included)."""

    @property
    def name(self) -> str:
        """The GGUF file name without its suffix."""
        return self._name

    @property
    def pid(self) -> int | None:
        """The running model process's pid, or None between processes."""
        if self._process is None or not self._process.is_alive():
            return None
        pid: int = self._process.pid
        return pid

    def start(self) -> None:
        """Start the model process now (otherwise the first request does)."""
        with self._lock:
            self._ensure()

    def generate(
        self, request: LlmRequest, max_tokens: int | None = None, *, after_stop: bool = False
    ) -> str:
        """Raw JSON text for ``request``; a crash or time-out becomes NoteModelError."""
        return self._call(_Generate(request, max_tokens, after_stop), "while drafting")

    def prefill(self, request: LlmRequest) -> None:
        """Evaluate the prompt ahead in the model process."""
        self._call(_Prefill(request), "while reading the prompt")

    def probe(self) -> str:
        """One real decode; a crash names the build as the likely cause."""
        try:
            return self._call(_Probe(), "on its first decode")
        except NoteModelError as exc:
            if "crashed" not in str(exc):
                raise
            raise NoteModelError(
                f"{exc}; the llama.cpp build may not suit this CPU: see {BUILD_DOC}"
            ) from exc

    def close(self) -> None:
        """Stop the model process; a later request starts a new one."""
        with self._lock:
            self._stop(kill=False)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- supervision -------------------------------------------------------------------

    def _call(self, msg: object, doing: str) -> str:
        with self._lock:
            self._ensure()
            with contextlib.suppress(OSError):  # a broken pipe: _wait says how it died
                self._conn.send(msg)
            answer = self._wait(self._settings.window_timeout_s, doing)
            if isinstance(answer, _Failed):
                raise NoteModelError(answer.message)
            if not isinstance(answer, _Answer):
                self._stop(kill=True)
                raise NoteModelError(f"model {self._name} answered {type(answer).__name__}")
            return answer.text

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._stop(kill=True)
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_serve, args=(self._settings, child), name="note-model", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        weakref.finalize(self, _reap, process, parent)  # a dropped handle ends its process
        self.starts += 1
        ready = self._wait(self._settings.load_timeout_s, "while loading")
        if isinstance(ready, _Failed):
            self._stop(kill=True)
            raise NoteModelError(ready.message)
        if not isinstance(ready, _Ready):
            self._stop(kill=True)
            raise NoteModelError(f"model {self._name} did not start: {ready!r}")
        log.info("note model %s loaded in process %d", self._name, ready.pid)

    def _wait(self, timeout_s: float, doing: str) -> object:
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            try:
                if self._conn.poll(max(0.0, min(0.2, left))):
                    message: object = self._conn.recv()
                    return message
            except (EOFError, OSError):
                pass  # the process is gone: reported below with its exit status
            if not self._process.is_alive():
                self._process.join(timeout=1)
                status = describe_exit(self._process.exitcode)
                self._stop(kill=True)
                msg = f"model {self._name} crashed {doing} ({status})"
                log.error("%s; a new model process starts for the next request", msg)
                raise NoteModelError(msg)
            if left <= 0:
                self._stop(kill=True)
                msg = f"model {self._name} exceeded its {timeout_s:.0f} s limit {doing}; stopped"
                log.error("%s; a new model process starts for the next request", msg)
                raise NoteModelError(msg)

    def _stop(self, *, kill: bool) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()  # the child sees EOF and returns
        if process is None:
            return
        if not kill:
            process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
