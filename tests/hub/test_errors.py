"""The hub's errors share one root, and the command line turns it into a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub import __main__ as hub_main
from hub.commands import HubMqttError
from hub.config import ConfigError
from hub.errors import HubError
from hub.services.accounts import AccountError
from hub.services.claims import ClaimError
from hub.services.export import ExportError
from hub.services.review import ReviewError
from hub.store.keyring import KeyringError, SubjectShreddedError
from hub.store.notes import NotePayloadError, NoteUnavailableError
from hub.web.oidc import OidcLoginError

HUB_ERRORS = (
    AccountError,
    ClaimError,
    ConfigError,
    ExportError,
    HubMqttError,
    KeyringError,
    NotePayloadError,
    NoteUnavailableError,
    OidcLoginError,
    ReviewError,
    SubjectShreddedError,
)


@pytest.mark.parametrize("error", HUB_ERRORS)
def test_hub_errors_derive_from_hub_error(error: type[Exception]) -> None:
    """Every error the hub raises on purpose is a HubError."""
    assert issubclass(error, HubError)


def test_payload_error_stays_a_value_error() -> None:
    """Ingest still recognises the store's payload refusals as ValueError."""
    assert issubclass(NotePayloadError, ValueError)


def test_cli_edge_prints_a_hub_error_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing master key ends `python -m hub retention` with its message, not a traceback."""
    config = tmp_path / "hub.toml"
    config.write_text(
        "[hub]\n"
        f'database_url = "sqlite:///{tmp_path}/hub.db"\n'
        f'keystore_url = "sqlite:///{tmp_path}/keys.db"\n'
        'master_key_file = "master.key"\n'
        f'session_secret = "{"x" * 40}"\n'
    )
    monkeypatch.setattr("sys.argv", ["hub", "retention", "--config", str(config)])
    with pytest.raises(SystemExit) as stopped:
        hub_main.main()
    assert stopped.value.code == 1
    assert "hub master key" in capsys.readouterr().err
