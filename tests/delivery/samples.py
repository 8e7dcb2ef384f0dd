"""Deterministic keys and notes for delivery tests, vectors and benchmarks."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric import ed25519

from wire.envelope import NotePayload
from wire.note import Note, NoteMeta, Participant, Statement
from wire.recipient import DEFAULT_SUITE, RecipientPrivateKey
from wire.transcript import MeetingMeta, Segment, Transcript

#: A phrase no ciphertext may reveal; tests grep broker traffic for it.
SECRET_PHRASE = "Klienten berättade om skulderna hos Kronofogden"


def device_key(name: str) -> ed25519.Ed25519PrivateKey:
    """Ed25519 device key derived from a fixed name."""
    return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(name.encode()).digest())


def hub_key(name: str = "hub", suite: str = DEFAULT_SUITE) -> RecipientPrivateKey:
    """HPKE recipient key derived from a fixed name."""
    return RecipientPrivateKey.derive(hashlib.sha256(name.encode()).digest(), suite)


def payload(meeting_id: str, *, device_id: str = "rum-1", segments: int = 3) -> NotePayload:
    """A small valid note plus transcript; ``segments`` scales its size."""
    segs = tuple(
        Segment(id=f"s{i:04d}", start=i * 5.0, end=i * 5.0 + 4.0, speaker="S1", text=SECRET_PHRASE)
        for i in range(segments)
    )
    meta = MeetingMeta(
        meeting_id=meeting_id,
        started_at="2026-11-22T10:00:00+01:00",
        duration_s=segments * 5.0,
        device_id=device_id,
        room="Rum 1",
    )
    note = Note(
        meeting_id=meeting_id,
        meta=NoteMeta(datum="2026-11-22", tid="10:00", rum="Rum 1"),
        narvarande=(Participant(namn="Handläggare", roll="handläggare", speaker="S1"),),
        framkom=(Statement(id="st1", text=SECRET_PHRASE, citations=("s0000",)),),
        klartext=SECRET_PHRASE,
    )
    return NotePayload(note=note, transcript=Transcript(meta=meta, segments=segs))
