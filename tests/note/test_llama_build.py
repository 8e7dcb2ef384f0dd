"""The installed llama.cpp build holds to its explicit CPU baseline (docs/llama-build.md)."""

from __future__ import annotations

import importlib.util
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    platform.machine() != "x86_64", reason="the x86-64 baseline; aarch64 has its own flags"
)

FORBIDDEN = re.compile(r"%zmm\d+|\b(?:tdpb\w+|ldtilecfg|tileloadd|tilestored)\b")
"""AVX-512 registers and AMX instructions: neither may appear in a baseline build."""


def _libraries() -> list[Path]:
    spec = importlib.util.find_spec("llama_cpp")  # locates the package without loading it
    if spec is None or spec.origin is None:
        pytest.skip("llama-cpp-python is not installed")
    libs = sorted(Path(spec.origin).parent.glob("lib/libggml-cpu*.so*"))
    if not libs:
        pytest.skip("no libggml-cpu in the installed llama_cpp package")
    return libs


def test_cpu_backend_has_no_avx512_or_amx_instructions() -> None:
    """The disassembly of libggml-cpu uses no zmm register and no AMX tile instruction."""
    objdump = shutil.which("objdump")
    if objdump is None:
        pytest.skip("objdump (binutils) is absent")
    for lib in _libraries():
        text = subprocess.run(
            [objdump, "-d", "--no-show-raw-insn", str(lib)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout
        assert "vfmadd" in text, f"{lib.name}: no FMA instruction, is this the AVX2 baseline?"
        hits = sorted(set(FORBIDDEN.findall(text)))
        assert not hits, f"{lib.name} uses {hits[:10]}: built beyond the baseline"


def test_system_info_reports_the_baseline_features() -> None:
    """llama.cpp's own feature report (read in a child process): AVX2 on, AVX-512/AMX off."""
    _libraries()
    script = "import llama_cpp; print(llama_cpp.llama_print_system_info().decode())"
    info = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    assert "AVX2 = 1" in info, info
    for feature in ("AVX512 = 1", "AMX_INT8 = 1", "AVX512_VNNI = 1", "AVX512_BF16 = 1"):
        assert feature not in info, info
