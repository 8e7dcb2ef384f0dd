"""The systemd units of the appliance: valid, ordered, and hardened."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.image.conftest import IMAGE, UNITS, need

EXPOSURE_LIMIT = 2.5


def _exposure(unit: Path) -> float:
    out = subprocess.run(
        [need("systemd-analyze"), "security", "--offline=true", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", out.stdout + out.stderr)
    assert match, out.stdout + out.stderr
    return float(match.group(1))


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_unit_passes_systemd_analyze_verify(unit: Path, unit_root: Path) -> None:
    """Every unit file passes `systemd-analyze verify` with its dependencies resolvable."""
    out = subprocess.run(
        [need("systemd-analyze"), "verify", f"--root={unit_root}", unit.name],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr


def test_device_unit_exposure_is_ok() -> None:
    """The device daemon's unit rates 2.5 or lower ("OK") in systemd's offline security review."""
    assert _exposure(IMAGE / "systemd/samtal-device.service") <= EXPOSURE_LIMIT


def test_removing_the_sandbox_raises_exposure(tmp_path: Path) -> None:
    """The exposure check can fail: the same unit without its sandboxing rates worse than 2.5."""
    text = (IMAGE / "systemd/samtal-device.service").read_text()
    kept = [
        line
        for line in text.splitlines()
        if not line.startswith(("Protect", "Private", "Restrict", "SystemCall", "Capability"))
    ]
    weak = tmp_path / "samtal-device.service"
    weak.write_text("\n".join(kept) + "\n")
    assert _exposure(weak) > EXPOSURE_LIMIT


def test_daemon_is_notify_with_watchdog_and_restart() -> None:
    """The daemon unit is Type=notify with a watchdog and restarts on failure."""
    text = (IMAGE / "systemd/samtal-device.service").read_text()
    for line in ("Type=notify", "Restart=on-failure", "ProtectSystem=strict"):
        assert line in text.splitlines()
    assert re.search(r"^WatchdogSec=\d+s$", text, re.MULTILINE)


def test_unlock_orders_before_enrolment_and_daemon() -> None:
    """The data partition is unlocked before first-boot enrolment and before the daemon."""
    unlock = (IMAGE / "systemd/samtal-unlock.service").read_text()
    assert "Before=samtal-firstboot.service samtal-device.service" in unlock
    for name in ("samtal-firstboot.service", "samtal-device.service"):
        text = (IMAGE / "systemd" / name).read_text()
        assert "Requires=samtal-unlock.service" in text
        assert re.search(r"^After=.*samtal-unlock\.service", text, re.MULTILINE)


def test_sbom_lists_installed_debian_and_python_packages(tmp_path: Path) -> None:
    """The SBOM is read from what is installed: it names dpkg packages and venv wheels."""
    out = tmp_path / "sbom.json"
    venv = Path(sys.prefix)
    subprocess.run(
        [sys.executable, str(IMAGE / "tools/sbom.py"), "/", str(out), "--venv", str(venv)],
        check=True,
        capture_output=True,
    )
    document = json.loads(out.read_text())
    purls = {c["purl"].split("@")[0] for c in document["components"]}
    assert document["bomFormat"] == "CycloneDX"
    assert {"pkg:pypi/cryptography", "pkg:deb/debian/mosquitto"} <= purls


def test_shipped_device_config_has_only_known_settings() -> None:
    """The image's device.toml parses; on an unenrolled machine only enrolment is missing."""
    from device import config  # noqa: PLC0415 - the image tests otherwise need no device code

    with pytest.raises(config.ConfigError, match="not enrolled"):
        config.load(IMAGE / "config/device.toml")
