"""Cross-check a Hugging Face ``tokenizer.json`` against a Whisper model's vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

from models.errors import SourceError

# openai-whisper's own rule for telling multilingual models from English-only ones.
MULTILINGUAL_VOCAB = 51865


def check_tokenizer(path: Path, n_vocab: int) -> None:
    """The tokenizer must be Whisper's: its special tokens sit right after the BPE vocabulary."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        specials = {tok["content"]: tok["id"] for tok in data["added_tokens"]}
        regular = len(data["model"]["vocab"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise SourceError(f"{path} is not a tokenizers JSON file: {exc}") from exc
    sot = specials.get("<|startoftranscript|>")
    if sot != expected_sot(n_vocab) or sot != regular or regular + len(specials) - 1 > n_vocab:
        raise SourceError(
            f"{path} does not belong to this Whisper model "
            f"(vocabulary {n_vocab}, tokenizer {regular} + {len(specials)} special tokens)"
        )


def expected_sot(n_vocab: int) -> int:
    """Id of ``<|startoftranscript|>``: multilingual Whisper (>= 51865 ids) has one more token."""
    return 50258 if n_vocab >= MULTILINGUAL_VOCAB else 50257
