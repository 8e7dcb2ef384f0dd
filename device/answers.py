"""The client's answer on its way from the button (App thread) to the sealed note (meetings).

The App opens a meeting's question at the stop, before the recording is handed on, so the
meetings thread always finds it; it answers or closes it when the window ends. The meetings
thread drafts the note meanwhile and waits only before sealing. Answers live in memory only:
after a restart nothing is open, so a recovered or caught-up meeting is sealed unanswered at
once; a crash during the window loses at most the answer, never the note.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from wire.note import ClientAnswer


@dataclass
class _Open:
    deadline: float
    closed: threading.Event = field(default_factory=threading.Event)
    answer: ClientAnswer | None = None


class ClientAnswers:
    """Open questions by meeting id; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._open: dict[str, _Open] = {}
        self._lock = threading.Lock()

    def ask(self, meeting_id: str, longest_s: float) -> None:
        """The question for ``meeting_id`` is open; ``wait`` gives up after ``longest_s``
        even if it is never closed (the App stalled)."""
        with self._lock:
            self._open[meeting_id] = _Open(self._clock() + longest_s)

    def answer(self, meeting_id: str, answer: ClientAnswer | None) -> None:
        """The window for ``meeting_id`` closed with ``answer`` (None: unanswered)."""
        with self._lock:
            found = self._open.get(meeting_id)
        if found is not None:
            found.answer = answer
            found.closed.set()

    def wait(self, meeting_id: str) -> ClientAnswer | None:
        """Block until the question for ``meeting_id`` closes; its answer, or None when it
        was not asked (recovered, restarted, question off) or not answered."""
        with self._lock:
            found = self._open.get(meeting_id)
        if found is None:
            return None
        found.closed.wait(max(0.0, found.deadline - self._clock()))
        self.forget(meeting_id)
        return found.answer

    def forget(self, meeting_id: str) -> None:
        """Drop the question for ``meeting_id`` (its note will not be sealed in this run)."""
        with self._lock:
            self._open.pop(meeting_id, None)

    def waiting(self) -> list[str]:
        """Meeting ids whose question is open."""
        with self._lock:
            return sorted(self._open)
