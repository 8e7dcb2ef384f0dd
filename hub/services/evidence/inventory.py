"""What the hub stores where, how it is protected and for how long, read from the
configuration and from the databases as they are (tables by inspection, alembic revision)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, table, text

from hub.errors import HubError
from hub.settings import HubSettings, RetentionSettings
from hub.store.keyring import KEY_BYTES

CIPHER = f"AES-{KEY_BYTES * 8}-GCM"
"""The cipher of the note documents, the data keys and the subject keys (hub.store.keyring)."""

#: What each table holds and how it is protected, in Swedish: (innehåll, skydd).
TABLES = {
    "hub_notes": (
        (
            "Anteckningar: mötesdatum, tid, rum, status, antal flaggor och klientens svar "
            "(ja/nej, visas bara sammanräknat) i klartext; "
            "anteckning, transkript, ändringar och godkända versioner som ett krypterat dokument"
        ),
        f"{CIPHER} med en egen datanyckel per anteckning, inlindad av ämnesnyckeln",
    ),
    "hub_subjects": (
        "Ämnen (en per anteckning) och när de kryptoraderades",
        "Ingen personuppgift; nyckeln finns i nyckellagret",
    ),
    "hub_users": (
        "Konton: användarnamn, namn, roll, enhet, lösenordshash eller OIDC-koppling",
        "Lösenord som argon2id-hash",
    ),
    "hub_claims": ("Rumsbokningar: rum, handläggare, tider, klienten informerad", "Klartext"),
    "hub_audit": (
        "Loggboken: vem, vad, vilket objekt, när (aldrig anteckningens text)",
        "Hashkedja (SHA-256) som avslöjar ändrade, borttagna eller avkortade rader",
    ),
    "hub_audit_head": ("Loggbokens senaste länk", "Del av hashkedjan"),
    "hub_deletion_receipts": (
        "Enheternas signerade kvitton på att ljud och transkript raderats",
        "Ed25519-signatur av enheten",
    ),
    "devices": ("Enhetsregistret: id, rum, status, certifikat, senaste status", "Klartext"),
    "device_certificates": ("Utfärdade enhetscertifikat (serienummer, giltighet)", "Klartext"),
    "enrolment_tokens": ("Engångskoder för enheters registrering", "Endast SHA-256-hash"),
    "hub_note_figures": (
        "Effektmått per anteckning vid första godkännandet: tid till godkännande, granskningstid",
        "Klartext, bara tal (ingen text ur anteckningen)",
    ),
    "hub_section_figures": (
        "Effektmått per anteckning och avsnitt: antal ord i utkastet och hur många som behölls",
        "Klartext, bara tal (ingen text ur anteckningen)",
    ),
    "hub_flag_figures": (
        "Effektmått per anteckning: antal flaggor per slag och beslut",
        "Klartext, bara tal (ingen text ur anteckningen)",
    ),
    "alembic_version": ("Databasschemats version", "Klartext"),
    "subject_keys": (
        "Ämnesnycklar: radering av en nyckel gör alla kopior av dess anteckningar oläsbara",
        f"{CIPHER}, inlindade av hubbens huvudnyckel",
    ),
}
UNDESCRIBED = ("Ingen beskrivning (lägg till i hub/services/evidence/inventory.py)", "–")


class HubNotInitialisedError(HubError):
    """The configured database has no hub tables; the message names the command that makes them."""


@dataclass(frozen=True)
class TableInfo:
    """One table present in a database, with its row count."""

    name: str
    rows: int
    holds: str
    protection: str


@dataclass(frozen=True)
class Database:
    """One database as configured and as it is."""

    kind: str
    """SQLAlchemy dialect name, e.g. ``sqlite`` or ``postgresql``."""
    location: str
    """Its URL with any password hidden."""
    tables: tuple[TableInfo, ...]


@dataclass(frozen=True)
class Inventory:
    """The hub's data stores, their protection and the retention in force."""

    notes: Database
    keystore: Database
    master_key_file: Path
    master_key_mode: str
    """The file's permission bits, e.g. ``0600``, or ``saknas`` if it is not there."""
    revision: str | None
    """The alembic revision the note database is at."""
    head_revision: str
    """The newest revision this hub's code knows."""
    retention: RetentionSettings
    cipher: str = CIPHER


def require_present(engine: Engine) -> None:
    """Refuse a SQLite file that is not there (opening it would create an empty one)."""
    path = engine.url.database
    if engine.dialect.name == "sqlite" and path and path != ":memory:" and not Path(path).exists():
        msg = (
            f"the database {path} does not exist: check the configuration or run python -m hub init"
        )
        raise HubNotInitialisedError(msg)


def database(engine: Engine) -> Database:
    """Describe the database behind ``engine`` from what inspection finds in it."""
    require_present(engine)
    names = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        rows = {
            n: int(connection.scalar(select(func.count()).select_from(table(n))) or 0)
            for n in names
        }
    tables = tuple(TableInfo(n, rows[n], *TABLES.get(n, UNDESCRIBED)) for n in names)
    location = engine.url.render_as_string(hide_password=True)
    return Database(engine.dialect.name, location, tables)


def current_revision(engine: Engine) -> str | None:
    """The revision in the ``alembic_version`` table, or None without one."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        found = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return None if found is None else str(found)


def inventory(
    settings: HubSettings, notes: Engine, keystore: Engine, head_revision: str
) -> Inventory:
    """The inventory of the hub configured by ``settings`` over its two databases."""
    described = database(notes)
    if "hub_notes" not in {t.name for t in described.tables}:
        msg = (
            f"the hub database {described.location} has no hub tables: "
            "run python -m hub init --config ... first"
        )
        raise HubNotInitialisedError(msg)
    key_file = settings.master_key_file
    mode = f"{key_file.stat().st_mode & 0o777:04o}" if key_file.exists() else "saknas"
    return Inventory(
        notes=described,
        keystore=database(keystore),
        master_key_file=key_file,
        master_key_mode=mode,
        revision=current_revision(notes),
        head_revision=head_revision,
        retention=settings.retention,
    )
