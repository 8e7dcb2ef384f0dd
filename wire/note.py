"""Journal note format v1 (journalanteckning): what the device drafts and the hub reviews.

Every statement cites transcript segment ids. Field names are the Swedish section
names a caseworker sees; the text is Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wire.schemas import validate
from wire.seats import Seat, parse_seat

NOTE_VERSION = 1

#: Sections made of statements, in the order a journal note is read.
STATEMENT_FIELDS = ("syfte", "framkom", "bedomning", "overenskommelser", "nasta_steg")

#: BBIC triangle sides a statement may be tagged with.
BBIC_SIDES = ("barnets_utveckling", "foraldrarnas_formaga", "familj_och_miljo")


class FlagKind(StrEnum):
    """Kinds of flags shown to the caseworker before export (the device emits them)."""

    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    TELEFONNUMMER = "telefonnummer"
    EPOST = "epost"
    TREDJE_PART = "tredje_part"
    OSAKER_TALIGENKANNING = "osaker_taligenkanning"
    EJ_VERIFIERAD = "ej_verifierad"
    SAKNAR_KALLA = "saknar_kalla"
    MODELLFEL = "modellfel"


class ClientAnswer(StrEnum):
    """The client's answer, on the device's button after stop, to the one question the claim
    page shows: "Var det okej att samtalet spelades in?". Counted only in aggregate."""

    JA = "ja"
    NEJ = "nej"


#: Kinds of flags shown to the caseworker before export, as plain strings.
FLAG_KINDS = tuple(kind.value for kind in FlagKind)


@dataclass(frozen=True)
class Statement:
    """One sentence of the note, with the segments it rests on."""

    id: str
    text: str
    citations: tuple[str, ...]
    bbic: tuple[str, ...] = ()
    datum: str | None = None
    """ISO date a next step or agreement refers to, resolved against the meeting date."""
    source: str = "extractive"
    """``extractive``, ``llm`` or ``caseworker`` (edited in the hub)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "citations": list(self.citations),
            "bbic": list(self.bbic),
            "datum": self.datum,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(
            id=str(data["id"]),
            text=str(data["text"]),
            citations=tuple(data.get("citations", ())),
            bbic=tuple(data.get("bbic", ())),
            datum=data.get("datum"),
            source=str(data.get("source", "extractive")),
        )


@dataclass(frozen=True)
class Flag:
    """Something the caseworker must look at before export."""

    kind: str
    detail: str
    """Swedish explanation shown to the caseworker."""
    statement_id: str | None = None
    segment_id: str | None = None
    match: str | None = None
    """The matched text (e.g. the personnummer), so the UI can highlight it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "statement_id": self.statement_id,
            "segment_id": self.segment_id,
            "match": self.match,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        return cls(
            kind=str(data["kind"]),
            detail=str(data["detail"]),
            statement_id=data.get("statement_id"),
            segment_id=data.get("segment_id"),
            match=data.get("match"),
        )


@dataclass(frozen=True)
class Participant:
    """A person at the meeting, by name and role."""

    namn: str
    roll: str
    speaker: str | None = None
    """Transcript speaker label this person was heard as, when known."""
    plats: Seat | None = None
    """Where the caseworker said this person sits around the device, when they did. It steers
    ``speaker`` on the device; the note itself leaves it out."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"namn": self.namn, "roll": self.roll, "speaker": self.speaker}
        # Only a seated participant carries the key, so one without encodes as before.
        if self.plats is not None:
            out["plats"] = self.plats.value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        return cls(
            namn=str(data["namn"]),
            roll=str(data["roll"]),
            speaker=data.get("speaker"),
            plats=parse_seat(data.get("plats")),
        )


@dataclass(frozen=True)
class NoteMeta:
    """What the note says about its meeting: when, where and who."""

    datum: str
    """ISO date of the meeting."""
    tid: str
    """Local start time, ``HH:MM``."""
    rum: str = ""
    handlaggare: str | None = None
    """Caseworker id the device was claimed by."""
    langd_min: float = 0.0
    aterstalld: bool = False
    """Recovered after an interruption: the caseworker must check completeness."""
    modell: str = ""
    """Which drafting layers and model produced the draft."""
    klientsvar: ClientAnswer | None = None
    """The client's yes/no answer on the button after stop; None when not answered."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "datum": self.datum,
            "tid": self.tid,
            "rum": self.rum,
            "handlaggare": self.handlaggare,
            "langd_min": round(self.langd_min, 1),
            "aterstalld": self.aterstalld,
            "modell": self.modell,
        }
        # Only an answered note carries the key, so an unanswered one encodes as before.
        if self.klientsvar is not None:
            out["klientsvar"] = self.klientsvar.value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoteMeta:
        return cls(
            datum=str(data["datum"]),
            tid=str(data["tid"]),
            rum=str(data.get("rum", "")),
            handlaggare=data.get("handlaggare"),
            langd_min=float(data.get("langd_min", 0.0)),
            aterstalld=bool(data.get("aterstalld", False)),
            modell=str(data.get("modell", "")),
            klientsvar=None if data.get("klientsvar") is None else ClientAnswer(data["klientsvar"]),
        )


@dataclass(frozen=True)
class Note:
    """A drafted journal note."""

    meeting_id: str
    meta: NoteMeta
    narvarande: tuple[Participant, ...] = ()
    syfte: tuple[Statement, ...] = ()
    framkom: tuple[Statement, ...] = ()
    bedomning: tuple[Statement, ...] = ()
    overenskommelser: tuple[Statement, ...] = ()
    nasta_steg: tuple[Statement, ...] = ()
    klartext: str = ""
    flaggor: tuple[Flag, ...] = field(default_factory=tuple)
    version: int = NOTE_VERSION

    def statements(self) -> tuple[Statement, ...]:
        """All statements, section by section."""
        return tuple(s for name in STATEMENT_FIELDS for s in getattr(self, name))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": self.version,
            "meeting_id": self.meeting_id,
            "meta": self.meta.to_dict(),
            "narvarande": [p.to_dict() for p in self.narvarande],
        }
        for name in STATEMENT_FIELDS:
            out[name] = [s.to_dict() for s in getattr(self, name)]
        out["klartext"] = self.klartext
        out["flaggor"] = [f.to_dict() for f in self.flaggor]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        data = _upgrade_legacy(data)
        validate("note", data)
        sections = {
            name: tuple(Statement.from_dict(s) for s in data[name]) for name in STATEMENT_FIELDS
        }
        return cls(
            meeting_id=str(data["meeting_id"]),
            meta=NoteMeta.from_dict(data["meta"]),
            narvarande=tuple(Participant.from_dict(p) for p in data["narvarande"]),
            klartext=str(data["klartext"]),
            flaggor=tuple(Flag.from_dict(f) for f in data["flaggor"]),
            version=int(data["version"]),
            **sections,
        )


def _upgrade_legacy(data: Any) -> Any:
    """A note written before the meeting id had one name, in today's form (else unchanged).

    Such a note carries its id as top-level ``note_id`` and again as ``meta.meeting_id``; the
    hub still stores them and devices of the previous version still send them. The top-level
    id is the one the envelope header and the stores key on, so it wins.
    """
    if not isinstance(data, dict) or "note_id" not in data or "meeting_id" in data:
        return data
    upgraded = {("meeting_id" if key == "note_id" else key): value for key, value in data.items()}
    meta = upgraded.get("meta")
    if isinstance(meta, dict):
        upgraded["meta"] = {key: value for key, value in meta.items() if key != "meeting_id"}
    return upgraded
