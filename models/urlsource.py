"""Production sources: a pinned URL (optionally an archive member), fetched at image build."""

from __future__ import annotations

import shutil
import tarfile
import urllib.request
from pathlib import Path

from models.errors import SourceError
from models.manifest import FileSpec


def download(spec: FileSpec, target: Path) -> None:
    """Write the bytes ``spec`` names into ``target`` (the caller stages and verifies)."""
    if not spec.sha256:
        raise SourceError(
            f"{spec.name} has no pinned sha256; pin it in the manifest (the image build does) "
            "before fetching, so that an altered download is refused"
        )
    url = spec.url.format(revision=spec.revision)
    if not url.startswith("https://"):
        raise SourceError(f"{spec.name}: only https URLs are fetched, not {url!r}")
    raw = target.with_name(target.name + ".download")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, raw.open("wb") as out:  # noqa: S310 - https only, checked above
            shutil.copyfileobj(response, out, 1 << 20)
        if spec.archive_member:
            _extract(raw, spec.archive_member, target)
        else:
            raw.replace(target)
    except OSError as exc:
        raise SourceError(f"could not download {spec.name} from {url}: {exc}") from exc
    finally:
        raw.unlink(missing_ok=True)


def _extract(archive: Path, member: str, target: Path) -> None:
    with tarfile.open(archive) as tar:
        source = tar.extractfile(member)
        if source is None:
            raise SourceError(f"{archive.name} has no file {member}")
        with source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
