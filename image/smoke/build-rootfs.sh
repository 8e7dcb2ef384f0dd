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

echo "==> wheelhouse (project + pinned dependencies + cached llama-cpp-python)"
rm -rf "$WHEELS" && mkdir -p "$WHEELS"
"$PY" -m pip wheel -q --wheel-dir "$WHEELS" \
    --find-links "${SAMTAL_CACHE:-$HOME/.cache/samtal}/wheels" "$REPO[device]"

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

echo "==> device self-test inside the rootfs"
chroot "$ROOT" /opt/samtal/venv/bin/python -m device self-test \
    --config /etc/samtal/device.toml --skip-hardware
echo "==> rootfs smoke build passed"
