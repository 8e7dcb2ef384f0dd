"""Dynamic int8 quantisation of exported ONNX models (weights of MatMul nodes)."""

from __future__ import annotations

from pathlib import Path

from onnxruntime.quantization import QuantType, quantize_dynamic


def int8_path(path: Path) -> Path:
    """``encoder.onnx`` -> ``encoder.int8.onnx``."""
    return path.with_name(f"{path.stem}.int8{path.suffix}")


def quantize_int8(path: Path) -> Path:
    """Write the int8 variant of ``path`` beside it and return its path."""
    target = int8_path(path)
    quantize_dynamic(
        model_input=str(path),
        model_output=str(target),
        op_types_to_quantize=["MatMul"],
        weight_type=QuantType.QInt8,
    )
    return target
