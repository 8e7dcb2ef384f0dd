#!/usr/bin/env bash
# Idempotent setup: Debian packages, .venv, cached llama-cpp-python wheel, test models, corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR="${SAMTAL_CACHE:-$HOME/.cache/samtal}"
WHEEL_DIR="$CACHE_DIR/wheels"
LLAMA_VERSION="0.3.36"
APT_PACKAGES=(
  mosquitto mosquitto-clients            # broker for delivery tests and the demo
  portaudio19-dev libasound2-dev alsa-utils libasound2-plugins  # PyAudio over ALSA
  libsystemd-dev pkg-config systemd      # systemd-python, systemd-analyze
  espeak-ng sox libsox-fmt-all           # Swedish test corpus
  chromium                               # web UI tests (Playwright drives Debian's build)
  postgresql                             # hub scale path
  cmake build-essential                  # llama-cpp-python wheel build
  cryptsetup-bin                         # LUKS data-partition test
  rauc squashfs-tools                    # signed A/B update bundles
  mmdebstrap                             # rootfs smoke build (make image-smoke)
)

step() { printf '\n==> %s\n' "$*"; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  step "apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  step "venv: creating .venv"
  python3 -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)

# torch is only needed to convert models; 2.13.0 CPU lies on this machine's disk, any
# other version downloads gigabytes, so it is installed first and pinned.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  step "pip: torch 2.13.0 (CPU, for model conversion)"
  "${PIP[@]}" install "torch==2.13.0"
fi

mkdir -p "$WHEEL_DIR"
if ! ls "$WHEEL_DIR"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
  step "pip: building llama-cpp-python $LLAMA_VERSION wheel once into $WHEEL_DIR (~6 min)"
  "${PIP[@]}" wheel --no-deps -w "$WHEEL_DIR" "llama-cpp-python==$LLAMA_VERSION"
fi

stamp=".venv/.samtal-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "pip: installing the project with all extras"
  "${PIP[@]}" install --find-links "$WHEEL_DIR" "llama-cpp-python==$LLAMA_VERSION"
  "${PIP[@]}" install --find-links "$WHEEL_DIR" -e ".[device,hub,provisioning,models,dev]"
  echo "$want" > "$stamp"
fi

step "models: fetching and converting the test profile"
.venv/bin/python -m models fetch --profile test
.venv/bin/python -m models verify --profile test
.venv/bin/python -m tests.corpus generate  # Swedish test corpus into $SAMTAL_CACHE/corpus/v1

step "setup done"
