"""Envelope encryption for notes at rest: master key → subject key → note data key.

* Every note is sealed with its own random 256-bit data key (AES-256-GCM).
* The data key is wrapped by the key of the note's *subject* (the case or, until a
  caseworker assigns one, the note itself).
* Subject keys are wrapped by the hub master key and live in a **separate key store**
  (its own database, never part of the note database's backups).

Deleting a subject key therefore makes every copy of that subject's notes unreadable,
including copies in old backups of the note database: crypto-shredding. The key store
is backed up on a short rotation (see docs/hub.md) so shredding completes when the
oldest key-store backup expires.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import DateTime, LargeBinary, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from hub.errors import HubError

KEY_BYTES = 32
NONCE_BYTES = 12


class KeyringError(HubError):
    """A key is missing, shredded or does not match its ciphertext."""


class SubjectShreddedError(KeyringError):
    """The subject key was deleted: the data it protected is gone for good."""


class KeyStoreBase(DeclarativeBase):
    """Declarative base of the key store, a database kept apart from the note database."""


class SubjectKey(KeyStoreBase):
    """A subject's data key, wrapped with the hub master key."""

    __tablename__ = "subject_keys"

    subject_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    master_key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random nonce; returns nonce + ciphertext + tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Inverse of :func:`seal`; raises :class:`KeyringError` on a wrong key or tampering."""
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        msg = "ciphertext does not authenticate: wrong key, wrong context or tampered data"
        raise KeyringError(msg) from exc


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def load_master_key(path: Path, *, create: bool = False) -> bytes:
    """Read the 32-byte master key file; with ``create`` make one (mode 0600) if absent."""
    if not path.exists():
        if not create:
            msg = f"hub master key {path} not found; create it with `python -m hub init`"
            raise KeyringError(msg)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(new_data_key())
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        msg = f"hub master key {path} must be exactly {KEY_BYTES} bytes, found {len(key)}"
        raise KeyringError(msg)
    return key


@dataclass(frozen=True)
class Keyring:
    """Master key plus the key store holding wrapped subject keys."""

    master_key: bytes
    keystore: sessionmaker[Session]

    @property
    def master_key_id(self) -> str:
        return sha256(self.master_key).hexdigest()[:16]

    def create_schema(self) -> None:
        """Create the key store's single table if it does not exist."""
        with self.keystore() as session:
            bind = session.get_bind()
        KeyStoreBase.metadata.create_all(bind)

    def create_subject(self, subject_id: str) -> bytes:
        """Make, wrap and durably store a fresh key for ``subject_id``; return it."""
        return self.create_subjects([subject_id])[subject_id]

    def create_subjects(self, subject_ids: Sequence[str]) -> dict[str, bytes]:
        """Make fresh keys for ``subject_ids`` and store them in one durable commit."""
        keys = {subject_id: new_data_key() for subject_id in subject_ids}
        now = datetime.now(UTC)
        rows = [
            SubjectKey(
                subject_id=subject_id,
                wrapped_key=seal(self.master_key, key, _subject_aad(subject_id)),
                master_key_id=self.master_key_id,
                created_at=now,
            )
            for subject_id, key in keys.items()
        ]
        with self.keystore() as session, session.begin():
            session.add_all(rows)
        return keys

    def subject_key(self, subject_id: str) -> bytes:
        """Unwrap the key of ``subject_id``; :class:`SubjectShreddedError` if it was deleted."""
        with self.keystore() as session:
            row = session.get(SubjectKey, subject_id)
        if row is None:
            msg = f"subject {subject_id} has no key: its notes were crypto-shredded"
            raise SubjectShreddedError(msg)
        return unseal(self.master_key, row.wrapped_key, _subject_aad(subject_id))

    def shred(self, subject_id: str) -> bool:
        """Delete the subject key for good; True if a key was deleted."""
        with self.keystore() as session, session.begin():
            row = session.get(SubjectKey, subject_id)
            if row is None:
                return False
            session.delete(row)
        return True

    def subjects(self) -> list[str]:
        with self.keystore() as session:
            return list(session.scalars(select(SubjectKey.subject_id)))

    def case_tag(self, case_ref: str) -> str:
        """Keyed hash of a case number: finds a case's notes without storing the number."""
        normalised = " ".join(case_ref.split()).upper()
        mac = hmac.new(self.master_key, b"samtal-hub/case/" + normalised.encode(), sha256)
        return mac.hexdigest()

    def wrap_data_key(
        self, subject_id: str, data_key: bytes, *, subject_key: bytes | None = None
    ) -> bytes:
        """Wrap ``data_key`` under the subject's key (pass ``subject_key`` if already held)."""
        key = self.subject_key(subject_id) if subject_key is None else subject_key
        return seal(key, data_key, _subject_aad(subject_id))

    def unwrap_data_key(self, subject_id: str, wrapped: bytes) -> bytes:
        return unseal(self.subject_key(subject_id), wrapped, _subject_aad(subject_id))


def _subject_aad(subject_id: str) -> bytes:
    return f"samtal-hub/subject/{subject_id}".encode()
