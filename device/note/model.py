"""Chooses the drafting model from settings: the GGUF runs in a supervised child process."""

from __future__ import annotations

from device.note.model_process import ModelProcess
from device.note.settings import LlmSettings


def load_model(settings: LlmSettings) -> ModelProcess | None:
    """The configured GGUF model in its own process, or None for extractive-only drafting.

    The process starts with the first request; llama.cpp is never loaded into the caller.
    """
    if settings.model_path is None:
        return None
    return ModelProcess(settings)
