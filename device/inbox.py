"""The App's input queue, made first so that every producer is handed it at construction.

The button, the control socket, hub claims, the capture thread, the finishers and the
hub's acks post typed events (:data:`device.events.Input`) here; the App takes them one at
a time on its own thread, so the state, the recorder and the light change in order.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Protocol

from device.events import Input

log = logging.getLogger(__name__)


class Poster(Protocol):
    """Where a producer posts its events (an :class:`Inbox`, or the App that reads one)."""

    def post(self, event: Input, *, wait: bool = False, timeout: float = 10.0) -> None:
        """Queue ``event``; with ``wait``, return once it was handled."""


class Inbox:
    """A thread-safe queue of inputs, each with an optional "handled" signal for the poster."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Input, threading.Event | None]] = queue.Queue()

    def post(self, event: Input, *, wait: bool = False, timeout: float = 10.0) -> None:
        """Queue an input from any thread; with ``wait``, return once it was handled."""
        done = threading.Event() if wait else None
        self._queue.put((event, done))
        if done is not None and not done.wait(timeout):
            log.warning("input %s not handled within %.0f s", type(event).__name__, timeout)

    def take(self, timeout: float = 0.0) -> tuple[Input, threading.Event | None] | None:
        """The next input and its signal, waiting up to ``timeout``; None when none came."""
        try:
            return self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
        except queue.Empty:
            return None
