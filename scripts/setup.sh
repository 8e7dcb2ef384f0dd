#!/usr/bin/env bash
# Idempotent setup: Debian packages, the locked .venv, a cached llama-cpp-python wheel built
# for an explicit CPU baseline, test models, corpus, and a real decode of every model.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  mosquitto mosquitto-clients            # broker for delivery tests and the demo
  portaudio19-dev libasound2-dev alsa-utils libasound2-plugins  # PyAudio over ALSA
  libsystemd-dev pkg-config systemd      # systemd-python, systemd-analyze
  espeak-ng sox libsox-fmt-all           # Swedish test corpus
  chromium                               # web UI tests (Playwright drives Debian's build)
  postgresql                             # hub scale path
  fonts-dejavu-core                      # Unicode font embedded in the hub's PDF exports
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

# Every Python dependency comes from requirements/lock.txt, each file checked by sha256
# (scripts/lock.sh regenerates it). llama-cpp-python is the one native package built
# here: its locked sdist becomes a wheel for an explicit CPU baseline, cached by a key
# of everything the build depends on (scripts/llama-wheel.sh, docs/llama-build.md).
stamp=".venv/.samtal-installed"
want="$(cat requirements/lock.txt pyproject.toml scripts/llama-wheel.sh scripts/lock-filter.sh | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "pip: installing requirements/lock.txt (hash-checked)"
  locked="$(mktemp)"
  bash scripts/lock-filter.sh requirements/lock.txt >"$locked"
  "${PIP[@]}" install --require-hashes --no-deps -r "$locked"
  rm -f "$locked"
  wheel="$(PYTHON=.venv/bin/python bash scripts/llama-wheel.sh cpu)"
  step "pip: llama-cpp-python from $wheel"
  "${PIP[@]}" install --no-deps --force-reinstall "$wheel"
  "${PIP[@]}" install --no-deps --no-build-isolation -e .
  .venv/bin/python -m pip check
  echo "$want" > "$stamp"
fi

step "models: fetching and converting the test profile"
.venv/bin/python -m models fetch --profile test
.venv/bin/python -m models verify --profile test
.venv/bin/python -m models.corpus generate  # Swedish test corpus into $SAMTAL_CACHE/corpus/v1

step "self-test: one real decode of each test model, each in its own process"
store="${SAMTAL_MODELS:-$HOME/.cache/samtal/models}"
selftest_cfg="$(mktemp --suffix=.toml)"
cat >"$selftest_cfg" <<TOML
[speech]
models_dir = "$store"
[note.llm]
model_path = "$store/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
TOML
.venv/bin/python -m device self-test --models-only --config "$selftest_cfg"
rm -f "$selftest_cfg"

step "setup done"
