"""The openai path: a tiny random openai-whisper checkpoint converts to ONNX that matches it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch
from whisper.model import ModelDimensions, Whisper

from models.convert.whisper import WhisperConversion, convert

pytestmark = pytest.mark.slow

DIMS = ModelDimensions(
    n_mels=80,
    n_audio_ctx=40,
    n_audio_state=32,
    n_audio_head=2,
    n_audio_layer=1,
    n_vocab=51865,
    n_text_ctx=16,
    n_text_state=32,
    n_text_head=2,
    n_text_layer=2,
)
TOKENS = [50258, 50259, 50359, 1000]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Whisper, Path]:
    """A random tiny openai-whisper model and the sherpa folder converted from its checkpoint."""
    torch.manual_seed(0)
    model = Whisper(DIMS)
    # openai-whisper leaves the decoder's positional table uninitialised (torch.empty).
    torch.nn.init.normal_(model.decoder.positional_embedding, std=0.02)
    model.eval()  # type: ignore[no-untyped-call]
    folder = tmp_path_factory.mktemp("tiny-openai")
    checkpoint = folder / "tiny.pt"
    torch.save({"dims": asdict(DIMS), "model_state_dict": model.state_dict()}, checkpoint)
    out = folder / "sherpa"
    convert(WhisperConversion(source_format="openai", source=checkpoint), out)
    return model, out


def test_full_sequence_logits_match_openai_model(tiny: tuple[Whisper, Path]) -> None:
    """Encoder plus one ONNX decoder call over four tokens reproduce openai-whisper's logits."""
    model, out = tiny
    mel = np.random.default_rng(2).standard_normal((1, 80, 80)).astype(np.float32)
    encoder = ort.InferenceSession(str(out / "encoder.onnx"), providers=["CPUExecutionProvider"])
    decoder = ort.InferenceSession(str(out / "decoder.onnx"), providers=["CPUExecutionProvider"])
    cross_k, cross_v = encoder.run(None, {"mel": mel})
    cache = np.zeros((2, 1, DIMS.n_text_ctx, DIMS.n_text_state), np.float32)
    feed = {
        "tokens": np.array([TOKENS], dtype=np.int64),
        "in_n_layer_self_k_cache": cache,
        "in_n_layer_self_v_cache": cache,
        "n_layer_cross_k": cross_k,
        "n_layer_cross_v": cross_v,
        "offset": np.array([0], dtype=np.int64),
    }
    logits = decoder.run(None, feed)[0]
    with torch.no_grad():
        want = model(torch.from_numpy(mel), torch.tensor([TOKENS])).numpy()
    np.testing.assert_allclose(logits, want, atol=1e-3, rtol=1e-3)


def test_tokens_file_lists_the_bpe_vocabulary(tiny: tuple[Whisper, Path]) -> None:
    """tokens.txt holds one base64 token and its id per line, ids 0..50256 in order."""
    lines = (tiny[1] / "tokens.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50257
    assert [int(line.split()[1]) for line in lines] == list(range(50257))
