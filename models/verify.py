"""Check the model store against the manifest's pinned sha256s."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rich.table import Table

from models.manifest import Artifact
from models.store import sha256_file


class Status(StrEnum):
    """Outcome of checking one file."""

    OK = "ok"
    MISSING = "missing"
    MISMATCH = "sha256 mismatch"
    UNPINNED = "no sha256 pinned"


@dataclass(frozen=True)
class FileCheck:
    """The result for one file of one artifact."""

    artifact: str
    path: Path
    status: Status
    expected: str
    actual: str
    size: int

    @property
    def ok(self) -> bool:
        """True only for a present file whose sha256 matches the pinned one."""
        return self.status is Status.OK


def check(artifacts: tuple[Artifact, ...], store: Path) -> list[FileCheck]:
    """Check every file of ``artifacts``; nothing is modified."""
    return [
        _check_file(a, a.file_path(store, spec), spec.sha256) for a in artifacts for spec in a.files
    ]


def _check_file(artifact: Artifact, path: Path, expected: str) -> FileCheck:
    if not path.is_file():
        return FileCheck(artifact.id, path, Status.MISSING, expected, "", 0)
    actual = sha256_file(path)
    if not expected:
        status = Status.UNPINNED
    else:
        status = Status.OK if actual == expected else Status.MISMATCH
    return FileCheck(artifact.id, path, status, expected, actual, path.stat().st_size)


def table(results: list[FileCheck], store: Path) -> Table:
    """A rich table of the results, one row per file."""
    view = Table(title=f"Model store {store}")
    for column in ("artifact", "file", "size", "sha256", "status"):
        view.add_column(column)
    for r in results:
        colour = "green" if r.ok else "red"
        sha = r.actual[:16] if r.ok else f"want {r.expected[:16] or '-'} got {r.actual[:16] or '-'}"
        view.add_row(
            r.artifact,
            str(r.path.relative_to(store)),
            f"{r.size / 1e6:.1f} MB",
            sha,
            f"[{colour}]{r.status}[/{colour}]",
        )
    return view
