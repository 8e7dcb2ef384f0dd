"""Self-test: configuration, model files, one real decode of each model (each in a child
process, so a crash is reported, not suffered), microphone and light, each reported
separately."""

from __future__ import annotations

import time
from collections.abc import Callable

from device.capture.keys import FileStorageKey
from device.hardware.indicator import Indicator, Pattern
from device.hardware.mic import PyAudioMic
from device.model_files import absent
from device.note.model_process import ModelProcess
from device.processes import ChildFailedError, run_isolated
from device.settings import DeviceSettings
from device.speech.probe import first_decode

SPEECH_DOC = "docs/device.md"

Result = tuple[str, bool, str]


def check_models(settings: DeviceSettings) -> Result:
    """Every configured model path exists."""
    missing = [str(p) for p in absent(settings.models.paths)]
    if missing:
        return "models", False, "missing: " + ", ".join(missing)
    if not settings.models.paths:
        return "models", True, "no extra files listed in [models]"
    return "models", True, f"{len(settings.models.paths)} present"


def check_note_model(settings: DeviceSettings) -> Result:
    """One llama.cpp token from the configured GGUF, decoded in the model's own process."""
    llm = settings.note.llm
    if llm.model_path is None:
        return "note model", True, "none configured: notes are drafted by the extractive layer"
    model = ModelProcess(llm)
    try:
        model.probe()
    finally:
        model.close()
    return "note model", True, f"{model.name}: one token decoded in its own process"


def check_speech_model(settings: DeviceSettings, timeout_s: float = 180.0) -> Result:
    """One short Whisper decode (sherpa-onnx) in a child process."""
    try:
        name = run_isolated(first_decode, settings.speech, timeout_s=timeout_s)
    except ChildFailedError as exc:
        if not exc.crashed:
            return "speech model", False, f"first decode failed: {exc}"
        detail = (
            f"model whisper crashed on its first decode ({exc}); the sherpa-onnx or "
            f"onnxruntime build may not suit this CPU: see {SPEECH_DOC}"
        )
        return "speech model", False, detail
    return "speech model", True, f"{name}: one second decoded in a child process"


def check_storage(settings: DeviceSettings) -> Result:
    """The storage key loads (or is created) with safe permissions."""
    FileStorageKey.load_or_create(settings.spool.storage_key_path)
    return "storage key", True, str(settings.spool.storage_key_path)


def check_mic(settings: DeviceSettings) -> Result:
    """The configured input device exists and opens with the configured channels."""
    mic = PyAudioMic(settings.mic)
    try:
        _, name = mic.find_device()
        stream = mic.open()
        block = stream.read()
        stream.close()
    finally:
        mic.close()
    return "microphone", True, f"{name}: read {block.shape[0]}×{block.shape[1]} samples"


def check_light(settings: DeviceSettings, pin_factory: object = None) -> Result:
    """The light turns on (pin reads back on) and off again."""
    light = Indicator(settings.indicator, pin_factory=pin_factory)
    try:
        light.light_for_recording()
        time.sleep(0.2)
        light.show(Pattern.OFF)
        if light.recording_lit():
            return "light", False, "pin still reads on after switching off"
    finally:
        light.close()
    return "light", True, f"{settings.indicator.kind} toggled"


def run_all(
    settings: DeviceSettings, pin_factory: object = None, *, models_only: bool = False
) -> list[Result]:
    """Run every check (``models_only``: config and models); an exception becomes a failed
    result with its message."""
    checks: list[tuple[str, Callable[[], Result]]] = [
        ("config", lambda: ("config", True, f"device {settings.device_id}")),
        ("models", lambda: check_models(settings)),
        ("speech model", lambda: check_speech_model(settings)),
        ("note model", lambda: check_note_model(settings)),
    ]
    if not models_only:
        checks += [
            ("storage key", lambda: check_storage(settings)),
            ("microphone", lambda: check_mic(settings)),
            ("light", lambda: check_light(settings, pin_factory)),
        ]
    results = []
    for name, check in checks:
        try:
            results.append(check())
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none aborts the rest
            results.append((name, False, str(exc)))
    return results
