#!/bin/sh
# Install the appliance into a root filesystem: the one install step shared by the
# Raspberry Pi image layer, the Jetson recipe and the rootfs smoke build.
#
#   install-appliance.sh ROOT WHEELHOUSE MODELS_DIR
#
# ROOT        the target root filesystem (a chroot with python3, python3-venv)
# WHEELHOUSE  directory of wheels for the target architecture: the samtal wheel, its
#             pinned dependencies and the llama-cpp-python wheel built for the target
# MODELS_DIR  model store already fetched and sha256-verified by `python -m models fetch`
set -eu
ROOT=$1 WHEELHOUSE=$2 MODELS=$3
HERE=$(cd "$(dirname "$0")" && pwd)

chroot "$ROOT" sh -c 'getent group samtal >/dev/null || groupadd --system samtal'
chroot "$ROOT" sh -c 'getent passwd samtal >/dev/null || useradd --system --gid samtal --home-dir /var/lib/samtal --shell /usr/sbin/nologin samtal'
chroot "$ROOT" sh -c 'getent group gpio >/dev/null || groupadd --system gpio'
chroot "$ROOT" usermod -a -G audio,gpio samtal

# The virtual environment is built from the wheelhouse only: no index, pinned versions.
mkdir -p "$ROOT/opt/samtal/wheels"
cp "$WHEELHOUSE"/*.whl "$ROOT/opt/samtal/wheels/"
chroot "$ROOT" python3 -m venv /opt/samtal/venv
chroot "$ROOT" /opt/samtal/venv/bin/pip install --no-index --find-links /opt/samtal/wheels \
    --disable-pip-version-check -q "samtal[device]"
rm -rf "$ROOT/opt/samtal/wheels"

# Models: copied read-only; the device reads their paths from /etc/samtal/device.toml.
mkdir -p "$ROOT/opt/samtal/models"
cp -a "$MODELS"/. "$ROOT/opt/samtal/models/"
chmod -R a-w "$ROOT/opt/samtal/models"

install -D -m 0755 "$HERE/rootfs/usr/local/sbin/samtal-unlock" "$ROOT/usr/local/sbin/samtal-unlock"
install -D -m 0644 "$HERE/config/device.toml" "$ROOT/etc/samtal/device.toml"
for unit in "$HERE"/systemd/*.service "$HERE"/systemd/*.timer; do
    install -D -m 0644 "$unit" "$ROOT/etc/systemd/system/$(basename "$unit")"
done
mkdir -p "$ROOT/var/lib/samtal"
if chroot "$ROOT" test -x /usr/bin/systemctl; then
    chroot "$ROOT" systemctl enable samtal-unlock.service samtal-firstboot.service \
        samtal-device.service samtal-renew.timer samtal-retention.timer
fi
