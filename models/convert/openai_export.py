"""Export an openai-whisper model to sherpa-onnx's Whisper layout.

The encoder takes ``mel`` (batch, n_mels, T) with a dynamic T and returns the cross-attention
keys and values of every decoder layer; the decoder runs one step with an explicit self-attention
cache. Input/output names and the metadata keys are the ones sherpa-onnx's OfflineRecognizer
reads (see sherpa-onnx's scripts/whisper/export-onnx.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
import torch.nn.functional as F  # noqa: N812 - the conventional torch alias
import whisper
from torch import Tensor, nn
from whisper.model import ModelDimensions, ResidualAttentionBlock, Whisper, disable_sdpa
from whisper.tokenizer import get_tokenizer

from models.errors import SourceError

OPSET = 17


class _Encoder(nn.Module):
    """Audio encoder plus each decoder layer's cross-attention K/V projection."""

    def __init__(self, model: Whisper) -> None:
        super().__init__()
        self.encoder = model.encoder
        self.decoder = model.decoder

    def forward(self, mel: Tensor) -> tuple[Tensor, Tensor]:
        enc = self.encoder
        x = F.gelu(enc.conv1(mel))
        x = F.gelu(enc.conv2(x)).permute(0, 2, 1)
        # Slicing the positional table lets T be shorter than 30 s.
        x = x + enc.positional_embedding[: x.shape[1]]
        for block in enc.blocks:
            x = block(x)
        x = enc.ln_post(x)
        keys = [b.cross_attn.key(x) for b in self.decoder.blocks]
        values = [b.cross_attn.value(x) for b in self.decoder.blocks]
        return torch.stack(keys), torch.stack(values)


class _Decoder(nn.Module):
    """One decoder step over ``tokens`` at position ``offset`` with explicit K/V caches."""

    def __init__(self, model: Whisper) -> None:
        super().__init__()
        self.decoder = model.decoder

    def forward(  # noqa: PLR0917 - the positional order is the ONNX input order
        self,
        tokens: Tensor,
        self_k: Tensor,
        self_v: Tensor,
        cross_k: Tensor,
        cross_v: Tensor,
        offset: Tensor,
    ) -> tuple[Tensor, Tensor, Tensor]:
        dec = self.decoder
        end = offset[0] + tokens.shape[-1]
        x = dec.token_embedding(tokens) + dec.positional_embedding[offset[0] : end]
        for i, block in enumerate(dec.blocks):
            cache = (self_k[i, :, :end, :], self_v[i, :, :end, :])
            x, k_cache, v_cache = _step(block, x, cache, (cross_k[i], cross_v[i]), dec.mask)
            self_k[i, :, :end, :] = k_cache
            self_v[i, :, :end, :] = v_cache
        x = dec.ln(x)
        # weight @ x^T keeps one copy of the embedding table in the graph (x @ weight^T
        # would constant-fold a transposed 100 MB duplicate).
        weight = dec.token_embedding.weight
        logits = torch.matmul(weight, x.permute(0, 2, 1)).permute(0, 2, 1).float()
        return logits, self_k, self_v


def _step(
    block: ResidualAttentionBlock,
    x: Tensor,
    cache: tuple[Tensor, Tensor],
    cross: tuple[Tensor, Tensor],
    mask: Tensor,
) -> tuple[Tensor, Tensor, Tensor]:
    """One residual block with the self-attention cache written in place, as sherpa expects."""
    k_cache, v_cache = cache
    attn, cross_attn = block.attn, block.cross_attn
    if cross_attn is None or block.cross_attn_ln is None:
        raise SourceError("a decoder block without cross-attention: not a Whisper decoder")
    h = block.attn_ln(x)
    n = x.shape[1]
    k_cache[:, -n:, :] = attn.key(h)
    v_cache[:, -n:, :] = attn.value(h)
    wv, _ = attn.qkv_attention(attn.query(h), k_cache, v_cache, mask)
    x = x + attn.out(wv)
    h = block.cross_attn_ln(x)
    wv, _ = cross_attn.qkv_attention(cross_attn.query(h), cross[0], cross[1], None)
    x = x + cross_attn.out(wv)
    x = x + block.mlp(block.mlp_ln(x))
    return x, k_cache, v_cache


def build_model(dims: Mapping[str, int], state: Mapping[str, Any]) -> Whisper:
    """Build an eval-mode float32 openai-whisper model from dims and a state dict."""
    model = Whisper(ModelDimensions(**dims))
    tensors = {k: torch.as_tensor(np.asarray(v)) for k, v in state.items()}
    try:
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as exc:
        raise SourceError(f"the weights do not fit a Whisper of dims {dict(dims)}: {exc}") from exc
    return model.float().eval()


def load_checkpoint(path: Path) -> Whisper:
    """Load an openai-whisper ``.pt`` checkpoint on CPU."""
    return whisper.load_model(str(path), device="cpu").float().eval()


@torch.no_grad()
def export(model: Whisper, out: Path, *, model_type: str) -> tuple[Path, Path, Path]:
    """Write ``encoder.onnx``, ``decoder.onnx`` and ``tokens.txt`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    encoder_path, decoder_path = out / "encoder.onnx", out / "decoder.onnx"
    with disable_sdpa(), warnings.catch_warnings():
        # The TorchScript exporter is deprecated but is the one whose graphs sherpa-onnx runs.
        warnings.simplefilter("ignore", DeprecationWarning)
        cross_k, cross_v = _export_encoder(model, encoder_path)
        _export_decoder(model, decoder_path, cross_k, cross_v)
    _add_metadata(encoder_path, encoder_metadata(model, model_type))
    tokens_path = write_tokens(model, out / "tokens.txt")
    return encoder_path, decoder_path, tokens_path


def _export_encoder(model: Whisper, path: Path) -> tuple[Tensor, Tensor]:
    mel = torch.randn(1, model.dims.n_mels, 2 * model.dims.n_audio_ctx)
    encoder = _Encoder(model)
    cross_k, cross_v = encoder(mel)
    torch.onnx.export(
        encoder,
        (mel,),
        str(path),
        dynamo=False,
        opset_version=OPSET,
        input_names=["mel"],
        output_names=["n_layer_cross_k", "n_layer_cross_v"],
        dynamic_axes={
            "mel": {0: "n_audio", 2: "T"},
            "n_layer_cross_k": {1: "n_audio", 2: "T"},
            "n_layer_cross_v": {1: "n_audio", 2: "T"},
        },
    )
    return cross_k, cross_v


def _export_decoder(model: Whisper, path: Path, cross_k: Tensor, cross_v: Tensor) -> None:
    dims = model.dims
    cache_shape = (dims.n_text_layer, 1, dims.n_text_ctx, dims.n_text_state)
    self_k, self_v = torch.zeros(cache_shape), torch.zeros(cache_shape)
    decoder = _Decoder(model)
    sot = get_tokenizer(model.is_multilingual, num_languages=model.num_languages).sot
    _, self_k, self_v = decoder(
        torch.tensor([[sot] * 3]),
        self_k,
        self_v,
        cross_k,
        cross_v,
        torch.zeros(1, dtype=torch.int64),
    )
    args = (torch.tensor([[sot]]), self_k, self_v, cross_k, cross_v, torch.tensor([3]))
    torch.onnx.export(
        decoder,
        args,
        str(path),
        dynamo=False,
        opset_version=OPSET,
        input_names=[
            "tokens",
            "in_n_layer_self_k_cache",
            "in_n_layer_self_v_cache",
            "n_layer_cross_k",
            "n_layer_cross_v",
            "offset",
        ],
        output_names=["logits", "out_n_layer_self_k_cache", "out_n_layer_self_v_cache"],
        dynamic_axes={
            "tokens": {0: "n_audio", 1: "n_tokens"},
            "in_n_layer_self_k_cache": {1: "n_audio"},
            "in_n_layer_self_v_cache": {1: "n_audio"},
            "n_layer_cross_k": {1: "n_audio", 2: "T"},
            "n_layer_cross_v": {1: "n_audio", 2: "T"},
        },
    )


def encoder_metadata(model: Whisper, model_type: str) -> dict[str, str]:
    """The key/value pairs sherpa-onnx reads from the encoder to drive decoding."""
    dims = model.dims
    tok = get_tokenizer(model.is_multilingual, num_languages=model.num_languages)
    languages = sorted(tok.all_language_tokens)
    meta: dict[str, object] = {
        "model_type": model_type,
        "version": "1",
        "maintainer": "samtal",
        **{name: getattr(dims, name) for name in dims.__dataclass_fields__},
        "sot_sequence": _ids(tok.sot_sequence),
        # The tokenizer collects these from a set; sorting by id keeps the export reproducible.
        "all_language_tokens": _ids(languages),
        "all_language_codes": ",".join(tok.decode([t]).strip("<|>") for t in languages),
        "sot": tok.sot,
        "sot_index": tok.sot_sequence.index(tok.sot),
        "eot": tok.eot,
        "blank_id": tok.encode(" ")[0],
        "is_multilingual": int(model.is_multilingual),
        "no_speech": tok.no_speech,
        "non_speech_tokens": _ids(tok.non_speech_tokens),
        "transcribe": tok.transcribe,
        "translate": tok.translate,
        "sot_prev": tok.sot_prev,
        "sot_lm": tok.sot_lm,
        "no_timestamps": tok.no_timestamps,
    }
    return {key: str(value) for key, value in meta.items()}


def _ids(values: Any) -> str:
    return ",".join(str(int(v)) for v in values)


def _add_metadata(path: Path, meta: Mapping[str, str]) -> None:
    model = onnx.load(str(path))
    del model.metadata_props[:]
    for key, value in meta.items():
        prop = model.metadata_props.add()
        prop.key, prop.value = key, value
    onnx.save(model, str(path))


def write_tokens(model: Whisper, path: Path) -> Path:
    """Write sherpa's tokens.txt: each BPE token's base64 and its id, as in whisper's asset.

    The asset is copied line by line (not re-encoded) so that the empty token keeps its
    ``=`` spelling; a blank symbol would break the two-column format sherpa parses.
    """
    name = "multilingual" if model.is_multilingual else "gpt2"
    asset = Path(whisper.__file__).parent / "assets" / f"{name}.tiktoken"
    rows = (line.split() for line in asset.read_text(encoding="utf-8").splitlines() if line)
    path.write_text("".join(f"{token} {rank}\n" for token, rank in rows), encoding="utf-8")
    return path
