"""Deletion receipts reported by devices, kept as evidence that field copies are gone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from hub.db import Base, transaction
from wire.status import DeletionReceipt


class StoredReceipt(Base):
    __tablename__ = "hub_deletion_receipts"

    device_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    note_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    deleted_at: Mapped[str] = mapped_column(String(40))
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReceiptStore:
    """Keeps each verified (device, note) receipt once; repeats are ignored."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record_receipt(self, receipt: DeletionReceipt) -> None:
        row = StoredReceipt(
            device_id=receipt.device_id,
            note_id=receipt.note_id,
            deleted_at=receipt.deleted_at,
            signature=receipt.signature,
            recorded_at=datetime.now().astimezone(),
        )
        try:
            with transaction(self._sessions) as session:
                if session.get(StoredReceipt, (receipt.device_id, receipt.note_id)) is None:
                    session.add(row)
        except IntegrityError:
            return  # another worker recorded it first

    def get(self, device_id: str, note_id: str) -> DeletionReceipt | None:
        with self._sessions() as session:
            row = session.scalar(
                select(StoredReceipt).where(
                    StoredReceipt.device_id == device_id, StoredReceipt.note_id == note_id
                )
            )
        if row is None:
            return None
        return DeletionReceipt(row.device_id, row.note_id, row.deleted_at, row.signature)
