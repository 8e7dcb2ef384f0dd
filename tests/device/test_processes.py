"""run_isolated: a child that crashes, raises or hangs is reported, never suffered."""

from __future__ import annotations

import os
import signal
import time

import pytest

from device.processes import ChildFailedError, describe_exit, run_isolated


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _raise() -> None:
    raise ValueError("bad model file")


def _hang() -> None:
    time.sleep(60)


def _double(value: int) -> int:
    return value * 2


def test_value_comes_back_from_the_child() -> None:
    """The child's return value reaches the caller."""
    assert run_isolated(_double, 21) == 42


def test_a_crash_is_reported_with_its_signal() -> None:
    """SIGSEGV in the child: ChildFailedError with crashed=True and the signal's name."""
    with pytest.raises(ChildFailedError, match=r"signal 11 \(SIGSEGV\)") as caught:
        run_isolated(_segfault)
    assert caught.value.crashed


def test_an_exception_is_reported_with_its_message() -> None:
    """An exception in the child: its type and message, crashed=False."""
    with pytest.raises(ChildFailedError, match="ValueError: bad model file") as caught:
        run_isolated(_raise)
    assert not caught.value.crashed


def test_a_hang_is_cut_off() -> None:
    """No answer within the limit: reported, and the child is ended."""
    started = time.monotonic()
    with pytest.raises(ChildFailedError, match="no answer within 2 s"):
        run_isolated(_hang, timeout_s=2)
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(
    ("code", "text"),
    [(-11, "signal 11 (SIGSEGV)"), (-9, "signal 9 (SIGKILL)"), (1, "exit status 1")],
)
def test_exit_codes_are_described(code: int, text: str) -> None:
    """Negative codes are signals by name; others are exit statuses."""
    assert describe_exit(code) == text
