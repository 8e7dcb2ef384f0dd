"""The LUKS2 data partition and the script that unlocks it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.image.conftest import IMAGE, need

UNLOCK = IMAGE / "rootfs/usr/local/sbin/samtal-unlock"
SECRET_TEXT = b"Mamman berattar att Leo inte gar till skolan."  # plaintext marker


def _dm_usable() -> str | None:
    """None when device-mapper can be used here, else the reason it cannot."""
    if os.geteuid() != 0:
        return "LUKS needs root"
    probe = subprocess.run(["dmsetup", "version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0 or "Driver version" not in probe.stdout:
        return f"device-mapper unavailable in this sandbox: {probe.stderr.strip() or probe.stdout}"
    return None


def test_unlock_script_parses() -> None:
    """The unlock script is valid POSIX shell."""
    subprocess.run(["sh", "-n", str(UNLOCK)], check=True)


def test_unlock_script_rejects_bad_usage() -> None:
    """Calling the unlock script without a command prints usage and exits 2."""
    result = subprocess.run([str(UNLOCK)], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_luks_format_produces_luks2_header(tmp_path: Path) -> None:
    """Formatting a file as the data partition yields a LUKS2 header and no plaintext."""
    cryptsetup = need("cryptsetup")
    image, key = tmp_path / "data.img", tmp_path / "key"
    image.write_bytes(b"\0" * (32 * 1024 * 1024))
    key.write_bytes(os.urandom(32))
    fast = ["--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000"]
    subprocess.run(
        [
            cryptsetup,
            "luksFormat",
            "--type",
            "luks2",
            "--batch-mode",
            *fast,
            "--key-file",
            str(key),
            str(image),
        ],
        check=True,
        capture_output=True,
    )
    dump = subprocess.run(
        [cryptsetup, "luksDump", str(image)], check=True, capture_output=True, text=True
    )
    assert "Version:       \t2" in dump.stdout


def test_written_data_is_not_readable_in_raw_image(tmp_path: Path) -> None:
    """Format, open, write, close on a loop file: the raw image holds no plaintext."""
    reason = _dm_usable()
    if reason:
        print(f"SKIP reason: {reason}")  # noqa: T201 - the CI log shows it beside the skip
        pytest.skip(reason)
    cryptsetup = need("cryptsetup")
    image, key, name = tmp_path / "data.img", tmp_path / "key", f"samtal-test-{os.getpid()}"
    image.write_bytes(b"\0" * (32 * 1024 * 1024))
    key.write_bytes(os.urandom(32))
    fast = ["--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000"]
    run = lambda *a: subprocess.run([cryptsetup, *a], check=True, capture_output=True)  # noqa: E731 - a local shorthand
    run("luksFormat", "--type", "luks2", "--batch-mode", *fast, "--key-file", str(key), str(image))
    run("open", "--key-file", str(key), str(image), name)
    try:
        with Path(f"/dev/mapper/{name}").open("r+b") as dev:
            dev.write(SECRET_TEXT * 1000)
            dev.flush()
            os.fsync(dev.fileno())
    finally:
        run("close", name)
    assert SECRET_TEXT not in image.read_bytes()
