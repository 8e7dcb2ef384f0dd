"""Settings of the hub web app and its jobs; only ``hub.__main__`` reads env or files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class OidcSettings:
    """The municipality's OpenID Connect identity provider."""

    metadata_url: str
    """``https://idp.example/.well-known/openid-configuration``."""
    client_id: str
    client_secret: str
    username_claim: str = "preferred_username"
    """ID-token claim matched against a hub account's ``oidc_subject`` (accounts are made
    by IT with ``python -m hub create-user --oidc ...``; unknown people are refused)."""
    label: str = "Logga in med kommunens inloggning"
    """Button text on the login page."""


@dataclass(frozen=True)
class WebhookSettings:
    """Push of approved notes to a case-management system (generic REST adapter)."""

    url: str
    """Endpoint receiving ``POST`` with the JSON payload documented in docs/hub.md."""
    bearer_token: str | None = None
    """Sent as ``Authorization: Bearer …`` when set."""
    hmac_secret: str | None = None
    """When set, ``X-Samtal-Signature: sha256=<hex>`` is the HMAC of the body."""
    timeout_s: float = 10.0


@dataclass(frozen=True)
class RetentionSettings:
    """How long notes are kept before they are crypto-shredded."""

    draft_days: int = 30
    """Unapproved drafts are crypto-shredded this many days after they arrived."""
    exported_days: int = 14
    """Exported notes are crypto-shredded this many days after their first export
    (the case-management system holds the record from then on)."""
    approved_days: int = 30
    """Approved but never exported notes are shredded this many days after approval."""


@dataclass(frozen=True)
class MeasureSettings:
    """The pilot's effect measures (``/uppfoljning``): small-group suppression, the estimate."""

    min_group: int = 5
    """Groups (a week of a unit) with fewer notes than this are shown as "färre än N", not
    counted out; so is every figure computed from fewer notes than this. At least 1; below
    5 the page says the threshold is lowered (for a demo's single meeting)."""
    manual_note_minutes: float = 25.0
    """What writing one journal note by hand takes, in minutes: the estimate of time saved
    per approved note is this minus the measured review time (never below zero)."""
    weeks: int = 12
    """How many ISO weeks, up to the current one, the page and the CSV cover."""

    def __post_init__(self) -> None:
        if self.min_group < 1:
            msg = f"measures.min_group must be at least 1, not {self.min_group}"
            raise ValueError(msg)
        if self.weeks < 1 or self.manual_note_minutes < 0:
            msg = "measures.weeks must be at least 1 and manual_note_minutes not negative"
            raise ValueError(msg)


@dataclass(frozen=True)
class HubSettings:
    """The hub's configuration, read once from hub.toml."""

    database_url: str
    """Note database: ``sqlite:///…`` (default) or ``postgresql+psycopg://…``."""
    keystore_url: str
    """Key store holding wrapped subject keys; a different database from the notes."""
    master_key_file: Path
    """32-byte hub master key (mode 0600)."""
    session_secret: str
    """Signs the session cookie; at least 32 random characters."""
    secure_cookies: bool = True
    """Mark cookies ``Secure`` (HTTPS only). Only tests on plain loopback HTTP turn it off."""
    session_max_age_s: int = 8 * 3600
    session_idle_s: int = 30 * 60
    """A session unused for longer than this is logged out."""
    login_max_failures: int = 5
    """Failed logins per user name in the window before each further try waits (back-off)."""
    login_client_max_failures: int = 50
    """Failed logins per client address (any user names) in the window before it is refused;
    higher than the per-user count, so one office behind one address is not locked out."""
    login_backoff_s: int = 30
    """First wait once a user name has used up its failures; doubles with each further one."""
    login_window_s: int = 900
    """Failed logins older than this are forgotten; also the longest back-off."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses of the reverse proxies whose ``X-Forwarded-For`` is believed (uvicorn's
    ``forwarded_allow_ips``); from anyone else the header is ignored."""
    max_body_bytes: int = 2 * 1024 * 1024
    """Largest request body accepted (413 beyond); a full note edit is far below it."""
    page_size: int = 50
    """Inbox rows per page."""
    claim_minutes: tuple[int, ...] = (30, 60, 90, 120)
    """Durations offered when claiming a room."""
    oidc: OidcSettings | None = None
    webhook: WebhookSettings | None = None
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    measures: MeasureSettings = field(default_factory=MeasureSettings)
    organisation: str = "Socialtjänsten"
    """Shown in page headers and exported documents."""
    pdf_font_dir: Path = Path("/usr/share/fonts/truetype/dejavu")
    """Folder holding ``DejaVuSans.ttf`` and ``DejaVuSans-Bold.ttf`` (Debian package
    ``fonts-dejavu-core``), embedded in exported PDFs so every name prints as written."""
