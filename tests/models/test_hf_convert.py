"""The hf path: a tiny randomly initialised transformers Whisper converts to matching ONNX."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch
from transformers import WhisperConfig, WhisperForConditionalGeneration

from models.convert.whisper import WhisperConversion, convert
from models.errors import SourceError

pytestmark = pytest.mark.slow

SOT_SEQUENCE = [50258, 50259, 50359]  # <|startoftranscript|><|en|><|transcribe|>
TOLERANCE = 1e-3


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[WhisperForConditionalGeneration, Path]:
    """A random Whisper with tiny dims and the multilingual vocabulary, saved to disk."""
    torch.manual_seed(0)
    config = WhisperConfig(
        vocab_size=51865,
        num_mel_bins=80,
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=256,
        decoder_ffn_dim=256,
        max_source_positions=50,
        max_target_positions=32,
        activation_function="gelu",
    )
    model = WhisperForConditionalGeneration(config)
    model.eval()  # type: ignore[no-untyped-call]
    folder = tmp_path_factory.mktemp("tiny-hf")
    model.save_pretrained(folder)
    return model, folder


@pytest.fixture(scope="module")
def converted(
    tiny: tuple[WhisperForConditionalGeneration, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The tiny model converted with ``--from hf --int8``."""
    out = tmp_path_factory.mktemp("tiny-sherpa") / "sherpa"
    convert(WhisperConversion(source_format="hf", source=tiny[1], int8=True), out)
    return out


def _mel(model: WhisperForConditionalGeneration) -> np.ndarray:
    rng = np.random.default_rng(1)
    frames = 2 * model.config.max_source_positions
    return rng.standard_normal((1, model.config.num_mel_bins, frames)).astype(np.float32)


def _run_encoder(folder: Path, mel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    session = ort.InferenceSession(str(folder / "encoder.onnx"), providers=["CPUExecutionProvider"])
    cross_k, cross_v = session.run(None, {"mel": mel})
    return cross_k, cross_v


def test_hf_conversion_writes_sherpa_layout(converted: Path) -> None:
    """Conversion writes encoder, decoder, their int8 variants and tokens."""
    names = {p.name for p in converted.iterdir()}
    assert names == {
        "encoder.onnx",
        "decoder.onnx",
        "encoder.int8.onnx",
        "decoder.int8.onnx",
        "tokens.txt",
    }


def test_encoder_matches_pytorch(
    tiny: tuple[WhisperForConditionalGeneration, Path], converted: Path
) -> None:
    """The ONNX encoder's cross-attention keys and values match the transformers model."""
    model = tiny[0]
    mel = _mel(model)
    cross_k, cross_v = _run_encoder(converted, mel)
    with torch.no_grad():
        states = model.model.encoder(torch.from_numpy(mel)).last_hidden_state
        layers = model.model.decoder.layers
        want_k = torch.stack([layer.encoder_attn.k_proj(states) for layer in layers]).numpy()
        want_v = torch.stack([layer.encoder_attn.v_proj(states) for layer in layers]).numpy()
    np.testing.assert_allclose(cross_k, want_k, atol=TOLERANCE, rtol=TOLERANCE)
    np.testing.assert_allclose(cross_v, want_v, atol=TOLERANCE, rtol=TOLERANCE)


def test_decoder_matches_pytorch(
    tiny: tuple[WhisperForConditionalGeneration, Path], converted: Path
) -> None:
    """Two cached ONNX decoder steps give the transformers model's logits for the same tokens."""
    model = tiny[0]
    mel = _mel(model)
    cross_k, cross_v = _run_encoder(converted, mel)
    session = ort.InferenceSession(
        str(converted / "decoder.onnx"), providers=["CPUExecutionProvider"]
    )
    cache = np.zeros((2, 1, model.config.max_target_positions, model.config.d_model), np.float32)
    first, k, v = session.run(None, _feed(SOT_SEQUENCE, (cache, cache, cross_k, cross_v), 0))
    second, _, _ = session.run(None, _feed([440], (k, v, cross_k, cross_v), len(SOT_SEQUENCE)))
    with torch.no_grad():
        tokens = torch.tensor([[*SOT_SEQUENCE, 440]])
        want = model(input_features=torch.from_numpy(mel), decoder_input_ids=tokens).logits.numpy()
    np.testing.assert_allclose(first[0], want[0, :3], atol=TOLERANCE, rtol=TOLERANCE)
    np.testing.assert_allclose(second[0, 0], want[0, 3], atol=TOLERANCE, rtol=TOLERANCE)


def _feed(tokens: list[int], cache: tuple[np.ndarray, ...], offset: int) -> dict[str, np.ndarray]:
    """Decoder inputs; ``cache`` is (self K, self V, cross K, cross V)."""
    names = (
        "in_n_layer_self_k_cache",
        "in_n_layer_self_v_cache",
        "n_layer_cross_k",
        "n_layer_cross_v",
    )
    return {
        "tokens": np.array([tokens], dtype=np.int64),
        **dict(zip(names, cache, strict=True)),
        "offset": np.array([offset], dtype=np.int64),
    }


def test_encoder_accepts_shorter_audio(converted: Path) -> None:
    """The encoder's time axis is dynamic: half the frames give half the positions."""
    mel = np.zeros((1, 80, 50), np.float32)
    cross_k, _ = _run_encoder(converted, mel)
    assert cross_k.shape == (2, 1, 25, 64)


def test_hf_folder_without_config_is_refused(tmp_path: Path) -> None:
    """A folder without config.json gets an error naming it, and no output folder appears."""
    src = tmp_path / "empty-hf"
    src.mkdir()
    out = tmp_path / "out"
    with pytest.raises(SourceError, match=r"lacks config\.json"):
        convert(WhisperConversion(source_format="hf", source=src), out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def _save_tokenizer(folder: Path, vocab: dict[str, int]) -> None:
    """A byte-level BPE tokenizer.json with ``vocab`` and Whisper's first special tokens."""
    from tokenizers import Tokenizer, models  # noqa: PLC0415 - only this helper needs it

    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tokenizer.add_special_tokens(["<|endoftext|>", "<|startoftranscript|>"])
    tokenizer.save(str(folder / "tokenizer.json"))


def test_foreign_tokenizer_is_refused(
    tiny: tuple[WhisperForConditionalGeneration, Path], tmp_path: Path
) -> None:
    """A tokenizer.json that is not Whisper's makes the conversion fail and write nothing."""
    src = tmp_path / "hf"
    tiny[0].save_pretrained(src)
    _save_tokenizer(src, {"a": 0, "b": 1})
    out = tmp_path / "out"
    with pytest.raises(SourceError, match=r"does not belong to this Whisper model"):
        convert(WhisperConversion(source_format="hf", source=src), out)
    assert not out.exists()
