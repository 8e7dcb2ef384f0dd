"""Envelope v1: sealing, opening, committed vectors and every refusal reason."""

from __future__ import annotations

import hashlib
import json

import cbor2
import pytest

from tests.delivery.samples import SECRET_PHRASE, device_key, hub_key, payload
from tests.delivery.vectors import VECTOR_DIR
from wire import envelope as env
from wire.recipient import SUITE_HYBRID, SUITE_X25519, RecipientPrivateKey, key_id

DEVICE = "rum-1"


def _seal(meeting_id: str = "n-1", suite: str = SUITE_HYBRID, **kw: object) -> bytes:
    return env.seal(
        payload(meeting_id, **kw),  # type: ignore[arg-type]
        device_id=DEVICE,
        recipient=hub_key("hub", suite).public_key(),
        signing_key=device_key(DEVICE),
    )


def _open(blob: bytes, suite: str = SUITE_HYBRID) -> env.NotePayload:
    sealed = env.parse(blob)
    sealed.verify(device_key(DEVICE).public_key().public_bytes_raw())
    return sealed.decrypt(hub_key("hub", suite))


@pytest.mark.parametrize("suite", [SUITE_HYBRID, SUITE_X25519])
def test_round_trip_returns_the_sealed_payload(suite: str) -> None:
    """Opening a sealed envelope yields exactly the note and transcript that went in."""
    assert _open(_seal(suite=suite), suite) == payload("n-1")


def test_payload_with_an_audio_part_is_refused() -> None:
    """A sealed payload may hold only the note and the transcript: an audio part is refused."""
    data = {**payload("n-1").to_dict(), "audio": "UklGRiQAAABXQVZF"}
    with pytest.raises(env.BadPayloadError, match="'note' and 'transcript'"):
        env.NotePayload.from_dict(data)


def test_transcript_with_an_audio_field_is_refused() -> None:
    """The transcript schema admits no field beyond its own, so no audio rides inside it."""
    data = payload("n-1").to_dict()
    data["transcript"]["segments"][0]["audio"] = "UklGRiQAAABXQVZF"
    with pytest.raises(env.BadPayloadError):
        env.NotePayload.from_dict(data)


def test_envelope_bytes_do_not_contain_the_note_text() -> None:
    """The sealed bytes carry no plaintext of the note."""
    assert SECRET_PHRASE.encode() not in _seal()


@pytest.mark.parametrize("vector", json.loads((VECTOR_DIR / "vectors.json").read_text()))
def test_committed_vector_opens_to_its_recorded_payload(vector: dict[str, str]) -> None:
    """Each committed sealed blob verifies and decrypts with keys from its fixed seeds."""
    sealed = env.parse((VECTOR_DIR / vector["file"]).read_bytes())
    sealed.verify(bytes.fromhex(vector["device_public_key"]))
    opened = sealed.decrypt(hub_key("hub", vector["suite"]))
    plain = cbor2.dumps(opened.to_dict(), canonical=True)
    assert hashlib.sha256(plain).hexdigest() == vector["payload_sha256"]
    assert (sealed.header.meeting_id, sealed.header.created_at) == (
        vector["meeting_id"],
        vector["created_at"],
    )
    assert sealed.header.recipient_key_id == vector["recipient_key_id"]


LEGACY_DIR = VECTOR_DIR / "legacy"


@pytest.mark.parametrize("vector", json.loads((LEGACY_DIR / "vectors.json").read_text()))
def test_vector_of_the_previous_version_opens_under_its_meeting_id(vector: dict[str, str]) -> None:
    """A blob sealed before the rename (header key ``note_id``) opens and yields its meeting id."""
    sealed = env.parse((LEGACY_DIR / vector["file"]).read_bytes())
    sealed.verify(bytes.fromhex(vector["device_public_key"]))
    opened = sealed.decrypt(hub_key("hub", vector["suite"]))
    plain = cbor2.dumps(opened.to_dict(), canonical=True)
    assert hashlib.sha256(plain).hexdigest() == vector["upgraded_payload_sha256"]
    assert sealed.header.meeting_id == opened.note.meeting_id == vector["meeting_id"]


def test_header_names_the_meeting_id_only_under_its_new_key() -> None:
    """A sealed header carries ``meeting_id`` and no legacy ``note_id``."""
    header = cbor2.loads(env.parse(_seal()).header_bytes)
    assert (header["meeting_id"], "note_id" in header) == ("n-1", False)


def test_header_with_both_id_keys_is_refused() -> None:
    """A header carrying ``meeting_id`` and the legacy ``note_id`` together is malformed."""
    header = cbor2.loads(env.parse(_seal()).header_bytes)
    raw = cbor2.dumps({**header, "note_id": "n-1"}, canonical=True)
    with pytest.raises(env.MalformedError):
        env.Header.from_bytes(raw)


def test_key_id_is_first_16_hex_of_sha256() -> None:
    """A key id is the first 16 hex digits of the SHA-256 of the raw public key."""
    assert key_id(b"abc") == hashlib.sha256(b"abc").hexdigest()[:16]


@pytest.mark.parametrize("index", [0, 5, 40, 200, 600, 1500, -70, -1])
def test_flipped_byte_anywhere_is_refused(index: int) -> None:
    """Flipping one byte in header, enc, ciphertext or signature makes opening fail."""
    blob = bytearray(_seal())
    blob[index] ^= 0x01
    with pytest.raises(env.EnvelopeError):
        _open(bytes(blob))


def test_swapped_device_id_breaks_the_signature() -> None:
    """A header re-written to another device id no longer verifies."""
    sealed = env.parse(_seal())
    header = env.Header(**{**sealed.header.__dict__, "device_id": "rum-2"})
    forged = env.SealedEnvelope(
        header, header.to_bytes(), sealed.enc, sealed.ciphertext, sealed.signature
    )
    with pytest.raises(env.BadSignatureError):
        env.parse(forged.to_bytes()).verify(device_key(DEVICE).public_key().public_bytes_raw())


def test_wrong_recipient_key_is_refused_by_key_id() -> None:
    """An envelope sealed to another hub key is refused as wrong-recipient."""
    with pytest.raises(env.WrongRecipientError):
        env.parse(_seal()).decrypt(hub_key("other-hub"))


def test_wrong_recipient_key_with_forged_key_id_fails_decryption() -> None:
    """A recipient holding another key under the same id still cannot decrypt."""
    sealed = env.parse(_seal())
    impostor = RecipientPrivateKey.derive(b"x" * 32)
    sealed_for_impostor = env.SealedEnvelope(
        env.Header(**{**sealed.header.__dict__, "recipient_key_id": impostor.key_id}),
        sealed.header_bytes,
        sealed.enc,
        sealed.ciphertext,
        sealed.signature,
    )
    with pytest.raises(env.DecryptionError):
        sealed_for_impostor.decrypt(impostor)


def test_oversized_envelope_is_refused_before_decoding() -> None:
    """Anything above the maximum size is refused without parsing."""
    with pytest.raises(env.OversizedError):
        env.parse(b"\x00" * (env.MAX_ENVELOPE_BYTES + 1))


def test_sealing_an_oversized_payload_is_refused() -> None:
    """The device refuses to seal a payload that would exceed the maximum size."""
    with pytest.raises(env.OversizedError):
        _seal(segments=12000)


@pytest.mark.parametrize("garbage", [b"", b"hello", b"\xff\xff", cbor2.dumps([1, 2]), b"{}"])
def test_non_envelope_garbage_is_malformed(garbage: bytes) -> None:
    """Bytes that are not a v1 envelope map are refused as malformed."""
    with pytest.raises(env.MalformedError):
        env.parse(garbage)


@pytest.mark.parametrize("keep", [1, 10, 100, 1000, -1])
def test_truncated_envelope_is_malformed(keep: int) -> None:
    """A truncated envelope is refused as malformed."""
    blob = _seal()
    with pytest.raises(env.MalformedError):
        env.parse(blob[:keep])


def test_trailing_bytes_are_refused() -> None:
    """Bytes appended after a valid envelope are refused."""
    with pytest.raises(env.MalformedError):
        env.parse(_seal() + b"\x00")


def test_meeting_id_unsafe_as_topic_level_is_refused() -> None:
    """A meeting id with topic wildcards cannot be sealed."""
    with pytest.raises(env.MalformedError):
        _seal(meeting_id="a/#")


def test_recipient_key_file_round_trips() -> None:
    """A recipient key written to bytes reads back as the same key."""
    key = hub_key()
    assert RecipientPrivateKey.from_bytes(key.to_bytes()) == key
