"""Convert a Whisper model (CTranslate2, openai-whisper or Hugging Face) to sherpa-onnx's layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import SourceError
from models.store import staging_dir

if TYPE_CHECKING:
    from whisper.model import Whisper

FORMATS = ("ct2", "openai", "hf")


@dataclass(frozen=True)
class WhisperConversion:
    """One conversion job."""

    source_format: str
    """``ct2`` (CTranslate2 folder), ``openai`` (``.pt`` file) or ``hf`` (transformers folder)."""
    source: Path
    """The model to convert."""
    int8: bool = False
    """Also write ``encoder.int8.onnx`` and ``decoder.int8.onnx``."""
    model_type: str = "whisper"
    """Value of the ``model_type`` metadata key."""


def convert(conversion: WhisperConversion, out: Path) -> list[Path]:
    """Convert into ``out``, replacing it atomically; nothing is left behind on failure."""
    with staging_dir(out) as tmp:
        names = [p.name for p in convert_into(conversion, tmp)]
    return [out / name for name in names]


def convert_into(conversion: WhisperConversion, out: Path) -> list[Path]:
    """Convert into the existing, empty folder ``out`` and return the files written."""
    if conversion.source_format not in FORMATS:
        raise SourceError(
            f"unknown source format {conversion.source_format!r}; use one of {FORMATS}"
        )
    if not conversion.source.exists():
        raise SourceError(f"source model {conversion.source} does not exist")
    model = _load(conversion)
    from models.convert import openai_export  # noqa: PLC0415 - torch loads only when converting
    from models.quantize import quantize_int8  # noqa: PLC0415 - onnxruntime loads only when converting

    files = list(openai_export.export(model, out, model_type=conversion.model_type))
    if conversion.int8:
        files += [quantize_int8(files[0]), quantize_int8(files[1])]
    return files


def _load(conversion: WhisperConversion) -> Whisper:
    from models.convert import openai_export  # noqa: PLC0415 - torch loads only when converting

    if conversion.source_format == "ct2":
        from models.convert import ct2  # noqa: PLC0415 - ctranslate2 only for that source format

        return openai_export.build_model(*ct2.to_openai(conversion.source))
    if conversion.source_format == "hf":
        from models.convert import hf  # noqa: PLC0415 - transformers only for that source format

        return openai_export.build_model(*hf.to_openai(conversion.source))
    if not conversion.source.is_file():
        raise SourceError(f"openai-whisper checkpoint {conversion.source} is not a file")
    return openai_export.load_checkpoint(conversion.source)
