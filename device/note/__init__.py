"""Journal-note drafting on the device.

An extractive layer (Swedish cue patterns) and an optional local language model draft the
note window by window; a deterministic verifier checks every statement against the segments
it cites; flags mark identity numbers, contact details, third parties and uncertain speech.

Public API::

    note = draft_note(transcript, NoteSettings(), participants, model=load_model(settings.llm))
    drafter = NoteDrafter(meta, participants, settings, model)
    drafter.add_window(segments)   # during the meeting, per finished window
    note = drafter.finish(tail)    # at stop
    flags = verify_note(note, transcript)
"""

from device.note.drafter import NoteDrafter, draft_note, windows
from device.note.errors import ModelOutputError, NoteError, NoteModelError, TranscriptInputError
from device.note.llm import LlmRequest, NoteModel
from device.note.model import load_model
from device.note.settings import LlmSettings, NoteSettings
from device.note.verify_note import verify_note
from grounding.verify import UNSUPPORTED_KINDS, VerifierSettings

__all__ = [
    "UNSUPPORTED_KINDS",
    "LlmRequest",
    "LlmSettings",
    "ModelOutputError",
    "NoteDrafter",
    "NoteError",
    "NoteModel",
    "NoteModelError",
    "NoteSettings",
    "TranscriptInputError",
    "VerifierSettings",
    "draft_note",
    "load_model",
    "verify_note",
    "windows",
]
