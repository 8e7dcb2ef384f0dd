#!/bin/sh
# Rootfs smoke build (amd64 here): mmdebstrap Debian bookworm, the project's install step
# in a chroot, then the device self-test inside it. Time-bounded; used by `make image-smoke`.
#
#   build-rootfs.sh OUTDIR
set -eu
OUT=${1:?usage: build-rootfs.sh OUTDIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/.." && pwd)
ROOT="$OUT/rootfs"
WHEELS="$OUT/wheelhouse"
MODELS="$OUT/models"
PY="$REPO/.venv/bin/python"
mkdir -p "$OUT"

echo "==> wheelhouse (requirements/device.txt, hash-checked + llama-cpp-python for the baseline)"
rm -rf "$WHEELS" && mkdir -p "$WHEELS"
"$REPO/scripts/lock-filter.sh" "$REPO/requirements/device.txt" > "$OUT/device-locked.txt"
"$PY" -m pip wheel -q --require-hashes --no-deps --wheel-dir "$WHEELS" -r "$OUT/device-locked.txt"
cp "$(PYTHON="$PY" "$REPO/scripts/llama-wheel.sh" cpu)" "$WHEELS"/
"$PY" -m pip wheel -q --no-deps --no-build-isolation --wheel-dir "$WHEELS" "$REPO"

echo "==> models (test profile, sha256-verified)"
"$PY" -m models verify --profile test
rm -rf "$MODELS" && mkdir -p "$MODELS"
cp -al "${SAMTAL_MODELS:-$HOME/.cache/samtal/models}"/. "$MODELS"/ 2>/dev/null \
    || cp -a "${SAMTAL_MODELS:-$HOME/.cache/samtal/models}"/. "$MODELS"/

echo "==> mmdebstrap bookworm"
rm -rf "$ROOT"
mmdebstrap --variant=apt --mode=root \
    --include=python3,python3-venv,libportaudio2,libasound2,libsystemd0,libgomp1,passwd,systemd,cryptsetup-bin,e2fsprogs,openssl \
    bookworm "$ROOT"

echo "==> install step in chroot"
"$HERE/install-appliance.sh" "$ROOT" "$WHEELS" "$MODELS"

echo "==> systemd-analyze verify against the built rootfs (real binaries)"
for unit in samtal-unlock.service samtal-device.service samtal-firstboot.service samtal-renew.service \
            samtal-renew.timer samtal-retention.service samtal-retention.timer; do
    systemd-analyze verify --root="$ROOT" "$unit"
done

echo "==> device self-test inside the rootfs (file-backed ALSA mic, mock GPIO pins)"
SMOKE=/var/lib/samtal-smoke
mkdir -p "$ROOT$SMOKE"
head -c $((16000 * 4 * 2 * 2)) /dev/zero > "$ROOT$SMOKE/mic.raw"
chroot "$ROOT" /opt/samtal/venv/bin/python -c "
from pathlib import Path
from device.hardware.alsa_file import write_alsa_config
print(write_alsa_config(Path('$SMOKE/mic.raw'), 4, name='smoke_mic'))"
cat > "$ROOT$SMOKE/device.toml" <<TOML
device_id = "smoke-1"
[mic]
device_name = "smoke_mic"
channels = 4
rate = 16000
pace = 1.0
[spool]
root = "$SMOKE/spool"
storage_key_path = "$SMOKE/storage.key"
min_free_minutes = 1
[control]
socket_path = "$SMOKE/control.sock"
[system]
journald = false
[speech]
models_dir = "/opt/samtal/models"
[note.llm]
model_path = "/opt/samtal/models/gemma3-270m-q4_k_m.gguf"
[models]
paths = ["/opt/samtal/models/silero_vad.onnx",
         "/opt/samtal/models/whisper-base-sherpa/encoder.int8.onnx",
         "/opt/samtal/models/whisper-base-sherpa/decoder.int8.onnx",
         "/opt/samtal/models/whisper-base-sherpa/tokens.txt"]
TOML
chroot "$ROOT" env ALSA_CONFIG_PATH="$SMOKE/smoke_mic.alsa.conf" GPIOZERO_PIN_FACTORY=mock \
    /opt/samtal/venv/bin/python -m device self-test --config "$SMOKE/device.toml"
echo "==> SBOM"
"$PY" "$HERE/tools/sbom.py" "$ROOT" "$OUT/sbom.json"
echo "==> rootfs smoke build passed"
