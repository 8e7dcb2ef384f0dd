#!/usr/bin/env bash
# Build (once) and print the path of a llama-cpp-python wheel for an explicit CPU baseline.
#
#   scripts/llama-wheel.sh [cpu|cuda]     -> prints the cached wheel's path on stdout
#
# Never -march=native: a wheel built on one CPU must run on every machine of its
# architecture (see docs/llama-build.md for why each flag is what it is). The wheel is
# cached under $SAMTAL_CACHE/wheels/llama-<key>/, where the key hashes everything the
# build depends on: the locked sdist's sha256, the CMake flags, the architecture, the
# compiler and the Python ABI. A different CPU of the same architecture reuses the wheel;
# a different flag set, compiler or sdist builds a new one.
set -euo pipefail
cd "$(dirname "$0")/.."

VARIANT="${1:-cpu}"
CACHE_DIR="${SAMTAL_CACHE:-$HOME/.cache/samtal}"
LOCK="requirements/lock.txt"
PY="${PYTHON:-.venv/bin/python}"

# The sdist is pinned, with its hash, in the lock file like every other dependency.
version="$(sed -n 's/^llama-cpp-python==\([^ ]*\).*/\1/p' "$LOCK")"
sdist_sha="$(awk '/^llama-cpp-python==/{f=1} f&&/--hash=sha256:/{sub(/.*--hash=sha256:/,""); sub(/[ \\].*/,""); print; exit}' "$LOCK")"
[ -n "$version" ] && [ -n "$sdist_sha" ] || { echo "llama-cpp-python is not pinned with a hash in $LOCK" >&2; exit 2; }

arch="$(uname -m)"
case "$VARIANT/$arch" in
  cpu/x86_64)
    # Baseline: x86-64-v3 (Haswell / Zen 1 and newer). AVX-512, AVX-VNNI and AMX off:
    # the AMX matmul path crashes on the first decode on some (virtualized) Xeons.
    FLAGS="-DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF
      -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
      -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF
      -DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
    ;;
  cpu/aarch64)
    # Raspberry Pi 5 (Cortex-A76): Armv8.2-A with dot product and half-precision arithmetic.
    FLAGS="-DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF
      -DGGML_CPU_ARM_ARCH=armv8.2-a+dotprod+fp16 -DGGML_CPU_KLEIDIAI=OFF"
    ;;
  cuda/aarch64)
    # Jetson Orin (compute capability 8.7) with the CPU part at the Cortex-A78AE baseline.
    FLAGS="-DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF
      -DGGML_CPU_ARM_ARCH=armv8.2-a+dotprod+fp16 -DGGML_CPU_KLEIDIAI=OFF
      -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=87"
    ;;
  *)
    echo "no llama.cpp baseline defined for variant '$VARIANT' on '$arch' (see docs/llama-build.md)" >&2
    exit 2
    ;;
esac
FLAGS="$(echo $FLAGS)"  # one line, single spaces: part of the cache key

compiler="$(${CC:-cc} --version | head -n1)"
abi="$("$PY" -c 'import sys, sysconfig; print(sys.implementation.cache_tag, sysconfig.get_platform())')"
key="$(printf '%s\n' "$version" "$sdist_sha" "$VARIANT" "$arch" "$FLAGS" "$compiler" "$abi" \
  | sha256sum | cut -c1-16)"
dest="$CACHE_DIR/wheels/llama-$key"

if ! ls "$dest"/llama_cpp_python-"$version"-*.whl >/dev/null 2>&1; then
  echo "==> building llama-cpp-python $version ($VARIANT, $arch) into $dest (~6 min)" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  printf 'llama-cpp-python==%s --hash=sha256:%s\n' "$version" "$sdist_sha" >"$work/req.txt"
  "$PY" -m pip --disable-pip-version-check -q download --no-deps --no-binary :all: \
    --require-hashes -r "$work/req.txt" -d "$work/src" >&2
  # Build dependencies (scikit-build-core, cmake) come from the lock, hence no isolation.
  CMAKE_ARGS="$FLAGS" FORCE_CMAKE=1 "$PY" -m pip --disable-pip-version-check -q wheel \
    --no-deps --no-cache-dir --no-build-isolation -w "$work/out" "$work"/src/llama_cpp_python-"$version".tar.gz >&2
  printf 'version=%s\nsdist_sha256=%s\nvariant=%s\narch=%s\ncmake_args=%s\ncompiler=%s\nabi=%s\n' \
    "$version" "$sdist_sha" "$VARIANT" "$arch" "$FLAGS" "$compiler" "$abi" >"$work/out/BUILD-INFO"
  mkdir -p "$(dirname "$dest")"
  mv "$work/out" "$dest"  # one rename: a half-built wheel never sits in the cache
fi
ls "$dest"/llama_cpp_python-"$version"-*.whl
