#!/bin/sh
# Build a RAUC bundle signed with the fleet update signing certificate.
#   make-bundle.sh ROOTFS_IMAGE VERSION SIGNING_CERT SIGNING_KEY OUT.raucb
set -eu
ROOTFS=$1 VERSION=$2 CERT=$3 KEY=$4 OUT=$5
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$ROOTFS" "$WORK/rootfs.ext4"
sed -e "s/@VERSION@/$VERSION/" -e "s/@BUILD@/$(date -u +%Y%m%dT%H%M%SZ)/" \
    "$HERE/manifest.raucm.in" > "$WORK/manifest.raucm"
rm -f "$OUT"
rauc bundle --cert "$CERT" --key "$KEY" "$WORK" "$OUT"
