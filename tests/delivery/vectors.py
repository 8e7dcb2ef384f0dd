"""Regenerate the committed envelope test vectors: ``python -m tests.delivery.vectors``.

Keys come from fixed seeds. HPKE encapsulation is random, so each vector is one committed
sealed blob plus what opening it must yield; tests open and verify the committed bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import cbor2

from tests.delivery.samples import device_key, hub_key, payload
from wire.envelope import seal
from wire.recipient import SUITE_HYBRID, SUITE_X25519

VECTOR_DIR = Path(__file__).resolve().parent / "envelope_vectors"
DEVICE_ID = "rum-1"
CREATED_AT = "2026-11-22T09:30:00.000000Z"


def expected(suite: str) -> dict[str, object]:
    """What opening the vector for ``suite`` must yield."""
    plain = cbor2.dumps(payload("vector-1").to_dict(), canonical=True)
    return {
        "suite": suite,
        "device_id": DEVICE_ID,
        "meeting_id": "vector-1",
        "created_at": CREATED_AT,
        "device_key_seed": "sha256('rum-1')",
        "device_public_key": device_key(DEVICE_ID).public_key().public_bytes_raw().hex(),
        "hub_key_seed": "sha256('hub')",
        "recipient_key_id": hub_key("hub", suite).key_id,
        "payload_sha256": hashlib.sha256(plain).hexdigest(),
        "file": f"envelope-v1-{suite}.cbor",
    }


def main() -> None:
    VECTOR_DIR.mkdir(parents=True, exist_ok=True)
    index = []
    for suite in (SUITE_HYBRID, SUITE_X25519):
        blob = seal(
            payload("vector-1"),
            device_id=DEVICE_ID,
            recipient=hub_key("hub", suite).public_key(),
            signing_key=device_key(DEVICE_ID),
            created_at=CREATED_AT,
        )
        info = expected(suite)
        (VECTOR_DIR / str(info["file"])).write_bytes(blob)
        index.append(info)
    (VECTOR_DIR / "vectors.json").write_text(json.dumps(index, indent=2) + "\n")


if __name__ == "__main__":
    main()
