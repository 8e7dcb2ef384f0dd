"""Chooses the drafting model from settings; llama.cpp is imported only when one is set."""

from __future__ import annotations

from device.note.errors import NoteModelError
from device.note.llm import NoteModel
from device.note.settings import LlmSettings


def load_model(settings: LlmSettings) -> NoteModel | None:
    """The configured GGUF model, or None for extractive-only drafting."""
    if settings.model_path is None:
        return None
    try:
        from device.note.llama_adapter import LlamaNoteModel  # noqa: PLC0415 - optional extra
    except ImportError as exc:
        msg = "llama-cpp-python is not installed: install the device extra (pip install .[device])"
        raise NoteModelError(msg) from exc
    return LlamaNoteModel(settings)
