#!/bin/sh
# Verify a RAUC bundle against the fleet keyring before it is offered to devices, with the
# same rules a device applies: the signer must carry the codeSigning purpose.
#   verify-bundle.sh BUNDLE.raucb KEYRING.pem    (exit 0 only for a good signature)
set -eu
CONF=$(mktemp)
trap 'rm -f "$CONF"' EXIT
cat > "$CONF" <<CONF
[system]
compatible=samtal-rpi5
bootloader=noop
bundle-formats=-plain

[keyring]
path=$2
check-purpose=codesign
CONF
rauc info --conf="$CONF" --output-format=shell "$1"
