"""llama.cpp adapter: loads a GGUF and drafts windows under a JSON-schema constraint.

Instruct models with a chat template in their GGUF metadata get a chat completion with
``response_format`` (the schema becomes a grammar inside llama.cpp); base models without a
template get a plain completion prompt constrained by a GBNF grammar built from the schema.
This is the only module that imports ``llama_cpp``, and only the model process
(:mod:`device.note.model_process`) imports it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from llama_cpp import Llama
from llama_cpp.llama_grammar import LlamaGrammar

from device.note.errors import NoteModelError
from device.note.llm import LlmRequest
from device.note.model_process import require_gguf
from device.note.settings import LlmSettings

log = logging.getLogger(__name__)

CHAT_TEMPLATE_KEY = "tokenizer.chat_template"


class LlamaNoteModel:
    """A GGUF model run by llama-cpp-python, deterministic (greedy, fixed seed)."""

    def __init__(self, settings: LlmSettings) -> None:
        path = require_gguf(settings)
        self._settings = settings
        self._llm = _load(settings)
        metadata: dict[str, str] = dict(getattr(self._llm, "metadata", {}) or {})
        self.has_chat_template = bool(metadata.get(CHAT_TEMPLATE_KEY))
        self._batch_threads = int(self._llm.n_threads_batch)
        self._name = path.name.removesuffix(".gguf")

    @property
    def name(self) -> str:
        """The GGUF file name without its suffix."""
        return self._name

    def generate(
        self, request: LlmRequest, max_tokens: int | None = None, *, after_stop: bool = False
    ) -> str:
        """Raw JSON text for ``request``; llama.cpp failures become NoteModelError.
        After stop the generation uses ``tail_threads`` (speech no longer needs a core)."""
        limit = max_tokens or self._settings.max_tokens
        threads = self._settings.tail_threads if after_stop else self._settings.n_threads
        try:
            self._llm._ctx.set_n_threads(threads, max(threads, self._batch_threads))  # noqa: SLF001 - llama-cpp-python has no public setter
            try:
                if self.has_chat_template:
                    return self._chat(request, limit, constrained=True)
                return self._complete(request, limit, constrained=True)
            finally:
                n = self._settings.n_threads
                self._llm._ctx.set_n_threads(n, self._batch_threads)  # noqa: SLF001 - as above
        except Exception as exc:  # the adapter edge: any llama.cpp failure is a model error
            raise NoteModelError(f"{self._name} failed while drafting: {exc}") from exc

    def prefill(self, request: LlmRequest) -> None:
        """Evaluate the prompt (one token generated); llama.cpp keeps it as a cached prefix."""
        try:
            if self.has_chat_template:
                self._chat(request, 1, constrained=False)
            else:
                self._complete(request, 1, constrained=False)
        except Exception as exc:  # the adapter edge: any llama.cpp failure is a model error
            raise NoteModelError(f"{self._name} failed while reading the prompt: {exc}") from exc

    def probe(self) -> str:
        """Decode one token of a fixed prompt (the self-test's check of the build)."""
        try:
            response: Any = self._llm.create_completion(
                "Hej", max_tokens=1, temperature=0.0, seed=self._settings.seed
            )
        except Exception as exc:  # the adapter edge: any llama.cpp failure is a model error
            raise NoteModelError(f"{self._name} failed on its first decode: {exc}") from exc
        return str(response["choices"][0]["text"] or "")

    def _chat(self, request: LlmRequest, max_tokens: int, *, constrained: bool) -> str:
        fmt = {"type": "json_object", "schema": request.schema} if constrained else None
        response: Any = self._llm.create_chat_completion(
            messages=[
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
            response_format=fmt,
            temperature=self._settings.temperature,
            max_tokens=max_tokens,
            seed=self._settings.seed,
        )
        return str(response["choices"][0]["message"]["content"] or "")

    def _complete(self, request: LlmRequest, max_tokens: int, *, constrained: bool) -> str:
        grammar = (
            LlamaGrammar.from_json_schema(json.dumps(request.schema), verbose=False)
            if constrained
            else None
        )
        response: Any = self._llm.create_completion(
            f"{request.system}\n\n{request.user}\n\nJSON:\n",
            grammar=grammar,
            temperature=self._settings.temperature,
            max_tokens=max_tokens,
            seed=self._settings.seed,
        )
        return str(response["choices"][0]["text"] or "")


def _load(settings: LlmSettings) -> Any:
    try:
        return Llama(
            model_path=str(settings.model_path),
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            n_batch=settings.n_batch,
            seed=settings.seed,
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as exc:
        msg = f"could not load GGUF {settings.model_path}: {exc}; is it a complete GGUF file?"
        raise NoteModelError(msg) from exc
