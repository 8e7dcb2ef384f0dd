"""The note model's own process, with the real GGUF: crashes and hangs stay in there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from device.note import LlmSettings, NoteModelError
from device.note.llm import LlmRequest
from device.note.model_process import ModelProcess
from tests.conftest import require_model

pytestmark = [pytest.mark.models, pytest.mark.slow]

GGUF = "gemma3-270m-q4_k_m.gguf"
REPO = Path(__file__).resolve().parents[2]
LONG = LlmRequest(
    system="Skriv en lång berättelse på svenska.",
    user="Berätta om en resa genom hela Sverige, stad för stad.",
    schema={"type": "object"},
    segment_ids=(),
)
"""A request that keeps the model busy for many tokens."""


@pytest.fixture
def llm(model_store: Path) -> LlmSettings:
    return LlmSettings(model_path=require_model(model_store, GGUF), max_tokens=400)


def _busy(model: ModelProcess) -> tuple[threading.Thread, list[BaseException]]:
    """Start a long request in a thread; return once the model process is decoding it."""
    errors: list[BaseException] = []

    def call() -> None:
        try:
            model.generate(LONG, 400)
        except NoteModelError as exc:
            errors.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    time.sleep(1.0)
    return thread, errors


def test_parent_process_never_loads_llama_cpp(llm: LlmSettings) -> None:
    """A real decode through ModelProcess leaves llama_cpp out of the caller's modules."""
    script = (
        "import sys; from pathlib import Path\n"
        "from device.note import LlmSettings; from device.note.model import load_model\n"
        f"model = load_model(LlmSettings(model_path=Path({str(llm.model_path)!r})))\n"
        "print(repr(model.probe()))\n"
        "model.close()\n"
        "assert 'llama_cpp' not in sys.modules, 'llama_cpp imported in the parent'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _segfault_mid_request(model: ModelProcess) -> tuple[int, list[BaseException]]:
    """SIGSEGV to the model process while it decodes a long request; its pid and errors."""
    pid = model.pid
    assert pid is not None
    thread, errors = _busy(model)
    os.kill(pid, signal.SIGSEGV)
    thread.join(60)
    return pid, errors


def test_segfault_during_a_request_becomes_a_model_error(llm: LlmSettings) -> None:
    """SIGSEGV while drafting: the caller gets NoteModelError naming the signal."""
    with ModelProcess(llm) as model:
        _, errors = _segfault_mid_request(model)
    assert len(errors) == 1
    assert "crashed while drafting (signal 11 (SIGSEGV))" in str(errors[0])


def test_next_request_after_a_crash_starts_a_new_process(llm: LlmSettings) -> None:
    """The window after a crash is drafted by a fresh model process."""
    with ModelProcess(llm) as model:
        first, _ = _segfault_mid_request(model)
        assert model.probe() is not None
        assert model.starts == 2
        assert model.pid not in (None, first)


def test_request_past_its_time_limit_is_stopped(llm: LlmSettings) -> None:
    """A request longer than window_timeout_s is cut off and its process ended."""
    with ModelProcess(replace(llm, window_timeout_s=1.5)) as model:
        pid = model.pid
        started = time.monotonic()
        with pytest.raises(NoteModelError, match="exceeded its 2 s limit while drafting"):
            model.generate(LONG, 400)
        assert time.monotonic() - started < 10
        assert pid is not None
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def test_crash_on_the_first_decode_names_the_build(llm: LlmSettings) -> None:
    """A crash in the probe (the self-test's one token) points at the llama.cpp build."""
    with ModelProcess(llm) as model:
        pid = model.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)  # the signal below lands while the probe is pending
        errors: list[BaseException] = []

        def probe() -> None:
            try:
                model.probe()
            except NoteModelError as exc:
                errors.append(exc)

        thread = threading.Thread(target=probe)
        thread.start()
        time.sleep(0.5)
        os.kill(pid, signal.SIGSEGV)
        os.kill(pid, signal.SIGCONT)
        thread.join(60)
    assert len(errors) == 1
    message = str(errors[0])
    assert "crashed on its first decode (signal 11 (SIGSEGV))" in message
    assert "the llama.cpp build may not suit this CPU: see docs/llama-build.md" in message


def test_a_file_that_is_not_a_gguf_is_refused_clearly(tmp_path: Path) -> None:
    """Garbage where the GGUF should be: a load error, not a crash of the caller."""
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a gguf" * 1000)
    model = ModelProcess(LlmSettings(model_path=bad))
    with pytest.raises(NoteModelError, match="broken"):
        model.start()
    model.close()


def test_a_missing_model_file_is_refused_before_any_process_starts(tmp_path: Path) -> None:
    """A wrong path names the file at once."""
    with pytest.raises(NoteModelError, match=r"absent\.gguf not found"):
        ModelProcess(LlmSettings(model_path=tmp_path / "absent.gguf"))
