"""Read a Hugging Face transformers Whisper folder into an openai-whisper checkpoint."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import torch
from transformers import WhisperForConditionalGeneration

from models.convert.tokenizer import check_tokenizer
from models.errors import SourceError

# transformers name fragment -> openai-whisper name fragment, applied in order.
_RENAMES = (
    (r"^model\.", ""),
    (r"^proj_out\.weight$", ""),
    (r"\.layers\.", ".blocks."),
    (r"encoder\.embed_positions\.weight$", "encoder.positional_embedding"),
    (r"decoder\.embed_positions\.weight$", "decoder.positional_embedding"),
    (r"decoder\.embed_tokens\.", "decoder.token_embedding."),
    (r"encoder\.layer_norm\.", "encoder.ln_post."),
    (r"decoder\.layer_norm\.", "decoder.ln."),
    (r"\.self_attn_layer_norm\.", ".attn_ln."),
    (r"\.encoder_attn_layer_norm\.", ".cross_attn_ln."),
    (r"\.final_layer_norm\.", ".mlp_ln."),
    (r"\.self_attn\.", ".attn."),
    (r"\.encoder_attn\.", ".cross_attn."),
    (r"\.q_proj\.", ".query."),
    (r"\.k_proj\.", ".key."),
    (r"\.v_proj\.", ".value."),
    (r"\.out_proj\.", ".out."),
    (r"\.fc1\.", ".mlp.0."),
    (r"\.fc2\.", ".mlp.2."),
)


def to_openai(src: Path) -> tuple[dict[str, int], dict[str, Any]]:
    """Return openai-whisper ``dims`` and ``model_state_dict`` for a transformers folder."""
    if not (src / "config.json").is_file():
        raise SourceError(f"Hugging Face Whisper folder {src} lacks config.json")
    try:
        model = WhisperForConditionalGeneration.from_pretrained(str(src), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot load a Whisper model from {src}: {exc}") from exc
    dims = dims_of(model.config)
    if (src / "tokenizer.json").is_file():
        check_tokenizer(src / "tokenizer.json", dims["n_vocab"])
    return dims, state_dict_of(model)


def dims_of(config: Any) -> dict[str, int]:
    """openai-whisper ``ModelDimensions`` fields from a ``WhisperConfig``."""
    if config.activation_function != "gelu":
        raise SourceError(f"only GELU Whisper models convert, not {config.activation_function}")
    ffn = {config.encoder_ffn_dim, config.decoder_ffn_dim}
    if ffn != {4 * config.d_model}:
        raise SourceError(f"openai-whisper's layout needs ffn dims of 4 x d_model, not {ffn}")
    return {
        "n_mels": config.num_mel_bins,
        "n_audio_ctx": config.max_source_positions,
        "n_audio_state": config.d_model,
        "n_audio_head": config.encoder_attention_heads,
        "n_audio_layer": config.encoder_layers,
        "n_vocab": config.vocab_size,
        "n_text_ctx": config.max_target_positions,
        "n_text_state": config.d_model,
        "n_text_head": config.decoder_attention_heads,
        "n_text_layer": config.decoder_layers,
    }


def state_dict_of(model: WhisperForConditionalGeneration) -> dict[str, Any]:
    """Rename a transformers state dict to openai-whisper's names (the output head is tied)."""
    head, table = model.proj_out.weight, model.model.decoder.embed_tokens.weight
    if not torch.equal(head, table):
        raise SourceError(
            "the output projection is not tied to the token embedding; "
            "openai-whisper's layout (and sherpa's decoder) needs it tied"
        )
    out: dict[str, Any] = {}
    for name, tensor in model.state_dict().items():
        new = _rename(name)
        if new:
            out[new] = tensor.detach().float().numpy()
    return out


def _rename(name: str) -> str:
    for pattern, repl in _RENAMES:
        name = re.sub(pattern, repl, name)
    return name
