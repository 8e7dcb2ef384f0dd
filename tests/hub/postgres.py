"""A private PostgreSQL cluster for tests: initdb + pg_ctl on a Unix socket in a temp dir.

Runs the server as the ``postgres`` system user when the tests run as root (PostgreSQL
refuses to run as root). Nothing listens on TCP.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cluster:
    """A throwaway PostgreSQL cluster listening on a Unix socket."""

    socket_dir: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def create_database(self, name: str) -> None:
        _run(
            [
                "psql",
                "-h",
                str(self.socket_dir),
                "-U",
                "postgres",
                "-q",
                "-c",
                f'CREATE DATABASE "{name}"',
            ]
        )


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str]) -> None:
    bindir = pg_bin()
    assert bindir is not None
    full = [str(bindir / cmd[0]), *cmd[1:]]
    result = subprocess.run(_as_postgres(full), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        msg = f"{' '.join(cmd)} failed: {result.stderr.strip()}"
        raise RuntimeError(msg)


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a throwaway cluster in a fresh temp dir; stop and remove it afterwards.

    The directory is made directly under the system temp dir because pytest's own temp
    tree is private to root and the server runs as ``postgres``.
    """
    base = Path(tempfile.mkdtemp(prefix="samtal-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    _run(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
    options = f"-k {sockets} -c listen_addresses='' -c fsync=off -c max_connections=50"
    _run(["pg_ctl", "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start"])
    try:
        yield Cluster(sockets)
    finally:
        _run(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)
