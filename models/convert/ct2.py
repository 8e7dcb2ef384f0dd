"""Read a CTranslate2 Whisper folder into an openai-whisper checkpoint (dims + state dict)."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from models.convert.tokenizer import check_tokenizer
from models.errors import SourceError

REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
_DTYPES: dict[int, type[np.generic]] = {
    0: np.float32,
    1: np.int8,
    2: np.int16,
    3: np.int32,
    4: np.float16,
}
Array = npt.NDArray[np.generic]


def check_folder(src: Path) -> None:
    """Raise ``SourceError`` naming every file a CT2 Whisper folder lacks."""
    if not src.is_dir():
        raise SourceError(f"CTranslate2 Whisper folder {src} does not exist or is not a folder")
    missing = [name for name in REQUIRED_FILES if not (src / name).is_file()]
    if missing:
        raise SourceError(
            f"CTranslate2 Whisper folder {src} lacks {', '.join(missing)}; "
            f"it needs {', '.join(REQUIRED_FILES)} (as shipped by the converter)"
        )


def read_variables(path: Path) -> dict[str, Array]:
    """Parse a CTranslate2 ``model.bin`` (binary version 6) into named arrays."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        try:
            return _read_body(handle)
        except (struct.error, ValueError, UnicodeDecodeError) as exc:
            raise SourceError(
                f"{path} ({size} bytes) is not a complete CTranslate2 model: {exc}. "
                "It may be truncated; fetch it again."
            ) from exc


def _read_body(handle: BinaryIO) -> dict[str, Array]:
    (version,) = _unpack(handle, "<I")
    if version != 6:
        raise ValueError(f"unsupported CTranslate2 binary version {version}")
    _read_string(handle)
    _unpack(handle, "<I")
    (count,) = _unpack(handle, "<I")
    variables: dict[str, Array] = {}
    for _ in range(count):
        name, value = _read_variable(handle)
        variables[name] = value
    (aliases,) = _unpack(handle, "<I")
    for _ in range(aliases):
        alias, target = _read_string(handle), _read_string(handle)
        variables[alias] = variables[target]
    return variables


def _read_variable(handle: BinaryIO) -> tuple[str, Array]:
    name = _read_string(handle)
    (ndim,) = _unpack(handle, "<B")
    shape = _unpack(handle, f"<{ndim}I") if ndim else ()
    (dtype_id,) = _unpack(handle, "<B")
    (nbytes,) = _unpack(handle, "<I")
    raw = handle.read(nbytes)
    if len(raw) != nbytes:
        raise ValueError(f"variable {name} ends early ({len(raw)} of {nbytes} bytes)")
    dtype = _DTYPES.get(dtype_id)
    if dtype is None:
        raise ValueError(f"variable {name} has unknown dtype id {dtype_id}")
    return name, np.frombuffer(raw, dtype=dtype).reshape(shape)


def _unpack(handle: BinaryIO, fmt: str) -> tuple[int, ...]:
    return struct.unpack(fmt, handle.read(struct.calcsize(fmt)))


def _read_string(handle: BinaryIO) -> str:
    (length,) = _unpack(handle, "<H")
    return handle.read(length)[:-1].decode("utf-8")


def to_openai(src: Path) -> tuple[dict[str, int], dict[str, Array]]:
    """Return openai-whisper ``dims`` and float32 ``model_state_dict`` for a CT2 folder."""
    check_folder(src)
    variables = read_variables(src / "model.bin")
    try:
        dims = _dims(variables)
        state = _state_dict(variables, dims)
    except KeyError as exc:
        raise SourceError(f"{src / 'model.bin'} is not a Whisper model: lacks {exc}") from exc
    check_tokenizer(src / "tokenizer.json", dims["n_vocab"])
    return dims, state


def _dims(v: dict[str, Array]) -> dict[str, int]:
    enc_pos, dec_pos = (
        v["encoder/position_encodings/encodings"],
        v["decoder/position_encodings/encodings"],
    )
    return {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(enc_pos.shape[0]),
        "n_audio_state": int(enc_pos.shape[1]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": _count_layers(v, "encoder"),
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(dec_pos.shape[0]),
        "n_text_state": int(dec_pos.shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": _count_layers(v, "decoder"),
    }


def _count_layers(v: dict[str, Array], side: str) -> int:
    return sum(
        1
        for name in v
        if name.startswith(f"{side}/layer_") and name.endswith("ffn/linear_0/weight")
    )


def _state_dict(v: dict[str, Array], dims: dict[str, int]) -> dict[str, Array]:
    out: dict[str, Array] = {}
    put = _putter(v, out)
    for conv in ("conv1", "conv2"):
        put(f"encoder/{conv}", f"encoder.{conv}")
    out["encoder.positional_embedding"] = _f32(v["encoder/position_encodings/encodings"])
    out["decoder.positional_embedding"] = _f32(v["decoder/position_encodings/encodings"])
    out["decoder.token_embedding.weight"] = _f32(v["decoder/embeddings/weight"])
    put("encoder/layer_norm", "encoder.ln_post", norm=True)
    put("decoder/layer_norm", "decoder.ln", norm=True)
    for i in range(dims["n_audio_layer"]):
        _block(v, out, f"encoder/layer_{i}", f"encoder.blocks.{i}", cross=False)
    for i in range(dims["n_text_layer"]):
        _block(v, out, f"decoder/layer_{i}", f"decoder.blocks.{i}", cross=True)
    return out


def _block(v: dict[str, Array], out: dict[str, Array], src: str, dst: str, *, cross: bool) -> None:
    put = _putter(v, out)
    put(f"{src}/self_attention/layer_norm", f"{dst}.attn_ln", norm=True)
    _split(
        v,
        out,
        f"{src}/self_attention/linear_0",
        [f"{dst}.attn.{n}" for n in ("query", "key", "value")],
    )
    put(f"{src}/self_attention/linear_1", f"{dst}.attn.out")
    if cross:
        put(f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln", norm=True)
        put(f"{src}/attention/linear_0", f"{dst}.cross_attn.query")
        _split(
            v, out, f"{src}/attention/linear_1", [f"{dst}.cross_attn.{n}" for n in ("key", "value")]
        )
        put(f"{src}/attention/linear_2", f"{dst}.cross_attn.out")
    put(f"{src}/ffn/layer_norm", f"{dst}.mlp_ln", norm=True)
    put(f"{src}/ffn/linear_0", f"{dst}.mlp.0")
    put(f"{src}/ffn/linear_1", f"{dst}.mlp.2")


def _putter(v: dict[str, Array], out: dict[str, Array]) -> Callable[..., None]:
    def put(src: str, dst: str, *, norm: bool = False) -> None:
        weight, bias = ("gamma", "beta") if norm else ("weight", "bias")
        out[f"{dst}.weight"] = _f32(v[f"{src}/{weight}"])
        out[f"{dst}.bias"] = _f32(v[f"{src}/{bias}"])

    return put


def _split(v: dict[str, Array], out: dict[str, Array], src: str, dsts: list[str]) -> None:
    """Split a fused projection; Whisper's key projections carry no bias."""
    weights = np.split(_f32(v[f"{src}/weight"]), len(dsts), axis=0)
    biases = np.split(_f32(v[f"{src}/bias"]), len(dsts), axis=0)
    for dst, weight, bias in zip(dsts, weights, biases, strict=True):
        out[f"{dst}.weight"] = weight
        if not dst.endswith(".key"):
            out[f"{dst}.bias"] = bias


def _f32(value: Array) -> Array:
    return np.ascontiguousarray(value, dtype=np.float32)
