"""Child processes that hold native model runtimes: how their end is described, and one
short supervised call (the self-test's real decode) that a crash cannot escape."""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from device.errors import DeviceError


def describe_exit(exitcode: int | None) -> str:
    """'signal 11 (SIGSEGV)' or 'exit status 1' for a child's exit code."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
        return f"signal {-exitcode} ({name})"
    return f"exit status {exitcode}"


class ChildFailedError(DeviceError):
    """The child crashed, timed out or raised; the message says which."""

    def __init__(self, message: str, *, crashed: bool) -> None:
        super().__init__(message)
        self.crashed = crashed
        """True when the process itself died (a signal or an exit), not an exception."""


@dataclass(frozen=True)
class _Outcome:
    value: Any = None
    error: str | None = None


def _child(target: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send(_Outcome(value=target(*args)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a message
        conn.send(_Outcome(error=f"{type(exc).__name__}: {exc}"))


def run_isolated(target: Callable[..., Any], *args: Any, timeout_s: float = 120.0) -> Any:
    """``target(*args)`` in a fresh (spawned) process; its return value must pickle.

    Raises ChildFailedError when it raises, dies (``crashed=True``) or exceeds ``timeout_s``.
    """
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(target, args, child), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(timeout_s):
            try:
                outcome: _Outcome = parent.recv()
            except EOFError:
                process.join(timeout=5)
                raise ChildFailedError(describe_exit(process.exitcode), crashed=True) from None
            if outcome.error is not None:
                raise ChildFailedError(outcome.error, crashed=False)
            return outcome.value
        if not process.is_alive():
            raise ChildFailedError(describe_exit(process.exitcode), crashed=True)
        raise ChildFailedError(f"no answer within {timeout_s:.0f} s", crashed=False)
    finally:
        parent.close()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
