"""Test harness of the hub (tests and benchmarks): sample notes, a ready hub in a directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.settings import HubSettings
from hub.store.db import Base, make_engine, session_factory, transaction
from hub.store.keyring import Keyring, load_master_key
from hub.store.notes import NoteStore
from hub.store.tables import Claim


def sample_payload(
    meeting_id: str = "n-0001",
    *,
    handlaggare: str | None = "anna",
    started_at: str = "2026-11-20T10:00:00+01:00",
    device_id: str = "rum-1",
    framkom_text: str = "Mamman berättar att Elsa har börjat i ny skola.",
    datum: str = "2026-11-20",
    klientsvar: str | None = None,
    extra_segments: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """A small valid note v1 + transcript v1 pair with citations, flags and a next step;
    ``klientsvar`` (``ja``/``nej``) is the client's answer, absent when None;
    ``extra_segments`` (speaker, text) are said after it, cited by no statement."""
    note = _sample_note(meeting_id, handlaggare, framkom_text)
    note["meta"]["datum"] = datum
    if klientsvar is not None:
        note["meta"]["klientsvar"] = klientsvar
    transcript = _sample_transcript(meeting_id, handlaggare, started_at, device_id)
    for number, (speaker, text) in enumerate(extra_segments, start=5):
        start = 20.0 + 3 * number
        transcript["segments"].append(_segment(f"s{number:04d}", start, start + 2.5, speaker, text))
    return {"note": note, "transcript": transcript}


def _sample_transcript(
    meeting_id: str, handlaggare: str | None, started_at: str, device_id: str
) -> dict[str, Any]:
    return {
        "version": 1,
        "meta": {
            "meeting_id": meeting_id,
            "started_at": started_at,
            "duration_s": 300.0,
            "device_id": device_id,
            "room": "Rum 1",
            "caseworker_id": handlaggare,
            "recovered": False,
        },
        "segments": [
            _segment("s0001", 0.0, 4.2, "S1", "Välkommen, vi ska prata om hur skolan går."),
            _segment("s0002", 4.5, 9.8, "S2", "Elsa har börjat i ny skola och trivs bra."),
            _segment("s0003", 10.0, 15.0, "S2", "Mitt personnummer är 19850101-1234."),
            _segment("s0004", 15.2, 21.0, "S1", "Vi ses igen den 4 december klockan tio."),
        ],
    }


def _sample_note(meeting_id: str, handlaggare: str | None, framkom_text: str) -> dict[str, Any]:
    next_step = _statement("st3", "Nytt möte 4 december kl. 10.", ["s0004"])
    return {
        "version": 1,
        "meeting_id": meeting_id,
        "meta": {
            "datum": "2026-11-20",
            "tid": "10:00",
            "rum": "Rum 1",
            "handlaggare": handlaggare,
            "langd_min": 5.0,
            "aterstalld": False,
            "modell": "extractive",
        },
        "narvarande": [
            {"namn": "Anna", "roll": "handläggare", "speaker": "S1"},
            {"namn": "Mamman", "roll": "vårdnadshavare", "speaker": "S2"},
        ],
        "syfte": [_statement("st1", "Uppföljning av skolsituationen.", ["s0001"])],
        "framkom": [_statement("st2", framkom_text, ["s0002"])],
        "bedomning": [],
        "overenskommelser": [],
        "nasta_steg": [{**next_step, "datum": "2026-12-04"}],
        "klartext": "Vi pratade om skolan. Vi ses igen den 4 december.",
        "flaggor": [
            {
                "kind": "personnummer",
                "detail": "Personnummer i samtalet.",
                "statement_id": None,
                "segment_id": "s0003",
                "match": "19850101-1234",
            },
            {
                "kind": "ej_verifierad",
                "detail": "Datumet kunde inte bekräftas.",
                "statement_id": "st3",
                "segment_id": "s0004",
                "match": None,
            },
        ],
    }


def _segment(sid: str, start: float, end: float, speaker: str, text: str) -> dict[str, Any]:
    return {
        "id": sid,
        "start": start,
        "end": end,
        "speaker": speaker,
        "text": text,
        "language": "sv",
        "flags": [],
        "direction_deg": None,
    }


def _statement(sid: str, text: str, citations: list[str]) -> dict[str, Any]:
    return {
        "id": sid,
        "text": text,
        "citations": citations,
        "bbic": [],
        "datum": None,
        "source": "extractive",
    }


@dataclass(frozen=True)
class HubFiles:
    """A hub's databases and key in one directory (SQLite), schema created."""

    engine: Engine
    sessions: sessionmaker[Session]
    keyring: Keyring
    store: NoteStore


def hub_in(directory: Path, url: str | None = None) -> HubFiles:
    """Create a hub (note DB, separate key store, master key) under ``directory``."""
    engine = make_engine(url or f"sqlite:///{directory / 'hub.db'}")
    Base.metadata.create_all(engine)
    keys_engine = make_engine(f"sqlite:///{directory / 'keys.db'}")
    keyring = Keyring(
        load_master_key(directory / "master.key", create=True), session_factory(keys_engine)
    )
    keyring.create_schema()
    sessions = session_factory(engine)
    return HubFiles(engine, sessions, keyring, NoteStore(sessions, keyring))


def settings_for(directory: Path, **overrides: Any) -> HubSettings:
    """Settings for a hub on SQLite under ``directory`` (plain-HTTP cookies, for loopback)."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{directory / 'hub.db'}",
        "keystore_url": f"sqlite:///{directory / 'keys.db'}",
        "master_key_file": directory / "master.key",
        "session_secret": "test-secret-" + "x" * 32,
        "secure_cookies": False,
    }
    values.update(overrides)
    return HubSettings(**values)


def add_claim(
    sessions: sessionmaker[Session],
    user_id: int,
    device_id: str,
    start: datetime,
    minutes: int = 60,
) -> int:
    """A caseworker's claim of a room from ``start``, the client informed; return its id."""
    with transaction(sessions) as session:
        claim = Claim(
            device_id=device_id,
            user_id=user_id,
            started_at=start,
            expires_at=start + timedelta(minutes=minutes),
            client_informed=True,
        )
        session.add(claim)
        session.flush()
        return claim.id
