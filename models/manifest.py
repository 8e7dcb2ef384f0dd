"""The model manifest: which artifacts exist, where they come from, and their sha256."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import ManifestError

DEFAULT_MANIFEST = Path(__file__).with_name("manifest.toml")
ROLES = frozenset({"vad", "asr", "llm", "diarization"})
PROFILES = frozenset({"test", "production"})
LAYOUTS = frozenset({"file", "dir"})


@dataclass(frozen=True)
class Part:
    """One piece of a file, shipped inside a PyPI wheel."""

    package: str
    """PyPI project name."""
    version: str
    """Pinned release of the project."""
    member: str
    """Path of the piece inside the wheel."""
    size: int
    """Expected size in bytes (a shorter piece is truncated)."""
    sha256: str
    """Expected sha256 of the piece."""

    @property
    def requirement(self) -> str:
        """The pip requirement string, e.g. ``silero-vad==6.2.3``."""
        return f"{self.package}=={self.version}"


@dataclass(frozen=True)
class FileSpec:
    """One file of an artifact: its pinned hash and where its bytes come from."""

    name: str
    """Path relative to the artifact (for a ``file`` artifact: the store path)."""
    sha256: str
    """Pinned sha256; empty where only the image build can pin it."""
    parts: tuple[Part, ...] = ()
    """PyPI pieces concatenated in order (test profile)."""
    url: str = ""
    """Download URL (production profile); ``{revision}`` is substituted."""
    revision: str = ""
    """Upstream revision (git commit or release tag) the URL is pinned to."""
    archive_member: str = ""
    """Member to take from a ``.tar.*`` download, if the URL is an archive."""


@dataclass(frozen=True)
class Derivation:
    """How an artifact is produced from another one by ``python -m models convert``."""

    source: str
    """Id of the artifact converted."""
    source_format: str
    """Format of the source: ``ct2``, ``openai`` or ``hf``."""
    int8: bool
    """Whether int8 variants are written as well."""


@dataclass(frozen=True)
class Artifact:
    """One entry of the manifest."""

    id: str
    role: str
    profile: str
    licence: str
    path: str
    """Path inside the model store."""
    layout: str
    """``file`` (one file at ``path``) or ``dir`` (files inside ``path``)."""
    description: str
    files: tuple[FileSpec, ...]
    derive: Derivation | None = None

    def file_path(self, store: Path, spec: FileSpec) -> Path:
        """Where ``spec`` lives in ``store``."""
        return store / self.path if self.layout == "file" else store / self.path / spec.name


@dataclass(frozen=True)
class Manifest:
    """All artifacts, in manifest order."""

    artifacts: tuple[Artifact, ...]

    def profile(self, name: str) -> tuple[Artifact, ...]:
        """The artifacts of one profile."""
        if name not in PROFILES:
            raise ManifestError(f"unknown profile {name!r}; choose one of {sorted(PROFILES)}")
        return tuple(a for a in self.artifacts if a.profile == name)

    def get(self, artifact_id: str) -> Artifact:
        """The artifact with this id."""
        for artifact in self.artifacts:
            if artifact.id == artifact_id:
                return artifact
        raise ManifestError(f"no artifact {artifact_id!r} in the manifest")


def load(path: Path = DEFAULT_MANIFEST) -> Manifest:
    """Parse and validate a manifest TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc}") from exc
    artifacts = tuple(_artifact(entry) for entry in data.get("artifact", []))
    ids = [a.id for a in artifacts]
    if len(set(ids)) != len(ids):
        raise ManifestError(f"manifest {path} has duplicate artifact ids")
    for artifact in artifacts:
        if artifact.derive and artifact.derive.source not in ids:
            raise ManifestError(f"{artifact.id} derives from unknown {artifact.derive.source!r}")
    return Manifest(artifacts)


def _artifact(entry: Mapping[str, Any]) -> Artifact:
    try:
        artifact = Artifact(
            id=entry["id"],
            role=entry["role"],
            profile=entry["profile"],
            licence=entry["licence"],
            path=entry["path"],
            layout=entry.get("layout", "file"),
            description=entry.get("description", ""),
            files=tuple(_file(f) for f in entry["file"]),
            derive=Derivation(**entry["derive"]) if "derive" in entry else None,
        )
    except (KeyError, TypeError) as exc:
        raise ManifestError(f"manifest entry {entry.get('id', '?')!r} is malformed: {exc}") from exc
    _check(artifact)
    return artifact


def _file(entry: Mapping[str, Any]) -> FileSpec:
    parts = tuple(Part(**p) for p in entry.get("part", []))
    fields = {k: v for k, v in entry.items() if k != "part"}
    return FileSpec(parts=parts, **fields)


def _check(a: Artifact) -> None:
    problems = []
    if a.role not in ROLES:
        problems.append(f"role {a.role!r} not in {sorted(ROLES)}")
    if a.profile not in PROFILES:
        problems.append(f"profile {a.profile!r} not in {sorted(PROFILES)}")
    if a.layout not in LAYOUTS:
        problems.append(f"layout {a.layout!r} not in {sorted(LAYOUTS)}")
    if a.layout == "file" and len(a.files) != 1:
        problems.append("a file artifact has exactly one [[artifact.file]]")
    problems.extend(
        f"{spec.name} has no source (parts, url or derive)"
        for spec in a.files
        if not (spec.parts or spec.url or a.derive)
    )
    if problems:
        raise ManifestError(f"manifest entry {a.id!r}: " + "; ".join(problems))
