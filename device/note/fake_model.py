"""A stand-in language model that replays given outputs, for tests of what the drafter does
with output a real constrained model cannot be made to produce (malformed JSON, failures)."""

from __future__ import annotations

from collections.abc import Sequence

from device.note.errors import NoteModelError
from device.note.llm import LlmRequest


class FakeNoteModel:
    """Answers each request with the next scripted output; an Exception entry is raised."""

    def __init__(self, outputs: Sequence[str | Exception], name: str = "fake") -> None:
        self._outputs = list(outputs)
        self._name = name
        self.requests: list[LlmRequest] = []
        self.prefilled: list[LlmRequest] = []

    @property
    def name(self) -> str:
        """The name given at construction."""
        return self._name

    def prefill(self, request: LlmRequest) -> None:
        """Record the request."""
        self.prefilled.append(request)

    def generate(
        self,
        request: LlmRequest,
        max_tokens: int | None = None,  # noqa: ARG002 - the NoteModel signature; the script decides
        *,
        after_stop: bool = False,  # noqa: ARG002 - same
    ) -> str:
        """The next scripted output (the last one repeats)."""
        self.requests.append(request)
        if not self._outputs:
            raise NoteModelError("fake model has no scripted output")
        output = self._outputs.pop(0) if len(self._outputs) > 1 else self._outputs[0]
        if isinstance(output, Exception):
            raise output
        return output
