"""Who may use which route of the web app: the one authorization table.

``tests/hub/test_authorization.py`` enumerates the app's routes against it (a route
missing here fails), checks that caseworker B is refused on A's things on every route,
and ``tests/hub/test_access_roles.py`` that each role-bound route refuses every role it
does not name. The DPIA evidence pack (``python -m hub evidence``) prints it per role.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Access(StrEnum):
    """What a route gives access to, and so what another user must be refused there."""

    NOTE = "note"
    """One note, only to its owner (any other note id answers 404)."""
    CLAIM = "claim"
    """One room claim, only to the caseworker who made it."""
    DEVICE = "device"
    """A room device's claim page; a room someone else holds is refused (409)."""
    LIST = "list"
    """A list of the user's own notes or claims."""
    ROLE = "role"
    """A page of one role (audit log, administration)."""
    PUBLIC = "public"
    """Login and logout: no account needed."""
    EXPORT_LINK = "export_link"
    """A ``GET`` on an export URL: always 405, it exports nothing."""


CASEWORKER = ("handlaggare",)
DPO = ("dataskyddsombud",)
IT = ("it_admin",)
MEASURES = ("dataskyddsombud", "enhetschef")


@dataclass(frozen=True)
class RouteRule:
    """One (method, path) of the web app, what it gives access to and to which roles."""

    method: str
    path: str
    access: Access
    roles: tuple[str, ...]
    """Roles that may use it; empty for public routes and export links."""
    what: str
    """What the route shows or does, in Swedish (the evidence pack prints it)."""


N, C, D, L, R, P, X = (
    Access.NOTE,
    Access.CLAIM,
    Access.DEVICE,
    Access.LIST,
    Access.ROLE,
    Access.PUBLIC,
    Access.EXPORT_LINK,
)
NOTE_PATH = "/notes/{note_pk}"

#: Every (method, path) of the app.
ROUTES: tuple[RouteRule, ...] = (
    RouteRule("GET", "/", P, (), "Startsidan (skickar vidare efter roll)"),
    RouteRule("GET", "/login", P, (), "Inloggningssidan"),
    RouteRule("POST", "/login", P, (), "Logga in med lösenord"),
    RouteRule("POST", "/logout", P, (), "Logga ut"),
    RouteRule("GET", "/login/oidc", P, (), "Logga in med kommunens inloggning"),
    RouteRule("GET", "/login/oidc/callback", P, (), "Svar från kommunens inloggning"),
    RouteRule("GET", "/claim/{device_id}", D, CASEWORKER, "Boka ett rum (sidan i QR-koden)"),
    RouteRule("POST", "/claim/{device_id}", D, CASEWORKER, "Boka ett rum"),
    RouteRule("GET", "/claims", L, CASEWORKER, "Egna rumsbokningar"),
    RouteRule("POST", "/claims/{claim_id}/release", C, CASEWORKER, "Släppa en egen bokning"),
    RouteRule("GET", "/notes", L, CASEWORKER, "Inkorgen med egna anteckningar"),
    RouteRule("GET", NOTE_PATH, N, CASEWORKER, "Läsa en egen anteckning och dess transkript"),
    RouteRule("GET", f"{NOTE_PATH}/note.json", N, CASEWORKER, "Egen anteckning som JSON"),
    RouteRule("GET", f"{NOTE_PATH}/edit", N, CASEWORKER, "Redigeringsformuläret"),
    RouteRule("POST", f"{NOTE_PATH}/edit", N, CASEWORKER, "Redigera en egen anteckning"),
    RouteRule("POST", f"{NOTE_PATH}/speakers", N, CASEWORKER, "Namnge talare"),
    RouteRule("POST", f"{NOTE_PATH}/approve", N, CASEWORKER, "Godkänna och låsa"),
    RouteRule("POST", f"{NOTE_PATH}/flag", N, CASEWORKER, "Besluta om en flagga"),
    RouteRule("POST", f"{NOTE_PATH}/segment", N, CASEWORKER, "Föra in ett utelämnat avsnitt"),
    RouteRule("POST", f"{NOTE_PATH}/new-version", N, CASEWORKER, "Öppna en ny version"),
    RouteRule("POST", f"{NOTE_PATH}/delete", N, CASEWORKER, "Radera (kryptoradering)"),
    RouteRule("POST", f"{NOTE_PATH}/case", N, CASEWORKER, "Koppla till ärendenummer"),
    RouteRule("GET", f"{NOTE_PATH}/export.pdf", X, (), "Länk till PDF-export (exporterar inget)"),
    RouteRule("GET", f"{NOTE_PATH}/export.docx", X, (), "Länk till Word-export (exporterar inget)"),
    RouteRule("GET", f"{NOTE_PATH}/journal", X, (), "Länk till journaltext (exporterar inget)"),
    RouteRule("POST", f"{NOTE_PATH}/export.pdf", N, CASEWORKER, "Exportera som PDF"),
    RouteRule("POST", f"{NOTE_PATH}/export.docx", N, CASEWORKER, "Exportera som Word"),
    RouteRule("POST", f"{NOTE_PATH}/journal", N, CASEWORKER, "Kopiera till journalen"),
    RouteRule("POST", f"{NOTE_PATH}/push", N, CASEWORKER, "Skicka till verksamhetssystemet"),
    RouteRule("GET", "/audit", R, DPO, "Hela loggboken med kedjekontroll"),
    RouteRule("GET", "/admin", R, IT, "Konton och anteckningar utan ägare (bara tid och rum)"),
    RouteRule("GET", "/admin/fleet", R, IT, "Enheterna och veckosiffror"),
    RouteRule("POST", "/admin/notes/{note_pk}/assign", R, IT, "Tilldela anteckning utan ägare"),
    RouteRule("GET", "/uppfoljning", R, MEASURES, "Effektmått per vecka och enhet (bara antal)"),
    RouteRule("GET", "/uppfoljning.csv", R, MEASURES, "Effektmåtten som CSV (bara antal)"),
)

#: Routers of other hub modules serve devices or IT over their own checks, never a
#: caseworker session.
DEVICE_API_PREFIXES = ("/fleet",)


def rule_for(method: str, path: str) -> RouteRule | None:
    """The rule of ``(method, path)``, or None for a route nobody classified."""
    return next((r for r in ROUTES if (r.method, r.path) == (method, path)), None)


def routes_of(role: str) -> list[RouteRule]:
    """The routes a role may use beyond the public ones, in table order."""
    return [r for r in ROUTES if role in r.roles]
