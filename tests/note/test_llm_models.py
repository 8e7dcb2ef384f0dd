"""The LLM layer with the real test GGUFs: constrained output always gives a valid note."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.note import LlmSettings, NoteSettings, draft_note, load_model
from models.corpus import Corpus
from tests.conftest import require_model
from tests.note.conftest import reference_present, reference_transcript
from wire.note import Note
from wire.schemas import validate

pytestmark = [pytest.mark.models, pytest.mark.slow]

SHORT = LlmSettings(max_tokens=120, tail_max_tokens=120, max_points=2, max_text_chars=80)
"""Few, short points: the test checks the machinery, not the (weak) test models' prose."""


def _draft(path: Path, corpus: Corpus) -> Note:
    settings = NoteSettings(llm=LlmSettings(**{**SHORT.__dict__, "model_path": path}))
    meeting = corpus["m01_bistand_kort"]
    model = load_model(settings.llm)
    note = draft_note(reference_transcript(meeting), settings, reference_present(meeting), model)
    validate("note", note.to_dict())
    return note


def test_instruct_model_with_chat_template_drafts_valid_note(
    model_store: Path, corpus: Corpus
) -> None:
    """Qwen (chat template in its GGUF) drafts under a JSON schema; the note is valid and cited."""
    path = require_model(model_store, "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    note = _draft(path, corpus)
    assert note.meta.modell == "extraktiv+llm:qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert not [f for f in note.flaggor if f.kind == "modellfel"]
    ids = {u.id for u in corpus["m01_bistand_kort"].reference.utterances}
    assert all(set(s.citations) <= ids for s in note.statements())
    assert note.overenskommelser


def test_base_model_without_chat_template_drafts_valid_note(
    model_store: Path, corpus: Corpus
) -> None:
    """Gemma (base model, no template) drafts through a completion prompt and a grammar."""
    path = require_model(model_store, "gemma3-270m-q4_k_m.gguf")
    note = _draft(path, corpus)
    assert note.meta.modell == "extraktiv+llm:gemma3-270m-q4_k_m"
    assert not [f for f in note.flaggor if f.kind == "modellfel"]
    assert note.overenskommelser
