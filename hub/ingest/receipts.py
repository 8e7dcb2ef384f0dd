"""Deletion receipts reported by devices, kept as evidence that field copies are gone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hub.store.db import transaction
from hub.store.tables import StoredReceipt
from wire.status import DeletionReceipt


class ReceiptStore:
    """Keeps each verified (device, note) receipt once; repeats are ignored."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record_receipt(self, receipt: DeletionReceipt) -> None:
        row = StoredReceipt(
            device_id=receipt.device_id,
            meeting_id=receipt.meeting_id,
            deleted_at=receipt.deleted_at,
            signature=receipt.signature,
            recorded_at=datetime.now().astimezone(),
        )
        try:
            with transaction(self._sessions) as session:
                if session.get(StoredReceipt, (receipt.device_id, receipt.meeting_id)) is None:
                    session.add(row)
        except IntegrityError:
            return  # another worker recorded it first

    def get(self, device_id: str, meeting_id: str) -> DeletionReceipt | None:
        with self._sessions() as session:
            row = session.scalar(
                select(StoredReceipt).where(
                    StoredReceipt.device_id == device_id, StoredReceipt.meeting_id == meeting_id
                )
            )
        if row is None:
            return None
        return DeletionReceipt(row.device_id, row.meeting_id, row.deleted_at, row.signature)
