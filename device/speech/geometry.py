"""Microphone array geometries: presets for common boards and files listing mic coordinates.

Coordinates are metres in the array plane, mic 0 on the +x axis for the circular presets,
mics numbered counter-clockwise seen from above, so azimuth 0° points at mic 0.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from device.speech.errors import GeometryError


@dataclass(frozen=True)
class MicGeometry:
    """Positions of the microphones of one array."""

    name: str
    positions: tuple[tuple[float, float, float], ...]
    """(x, y, z) in metres per channel, in channel order."""

    @property
    def channels(self) -> int:
        return len(self.positions)

    @property
    def array(self) -> npt.NDArray[np.float64]:
        return np.asarray(self.positions, dtype=np.float64)

    @property
    def is_linear(self) -> bool:
        """True when all mics lie on one line (front and back cannot be told apart)."""
        centred = self.array - self.array.mean(axis=0)
        return bool(np.linalg.matrix_rank(centred, tol=1e-6) <= 1)


def circular(name: str, count: int, radius_m: float) -> MicGeometry:
    """Mics evenly spaced on a circle, mic 0 at azimuth 0°, counter-clockwise."""
    step = 2 * math.pi / count
    positions = tuple(
        (radius_m * math.cos(i * step), radius_m * math.sin(i * step), 0.0) for i in range(count)
    )
    return MicGeometry(name, positions)


def linear(name: str, count: int, spacing_m: float) -> MicGeometry:
    """Mics on the x axis, centred, ``spacing_m`` apart."""
    offset = (count - 1) * spacing_m / 2
    return MicGeometry(name, tuple((i * spacing_m - offset, 0.0, 0.0) for i in range(count)))


PRESETS: dict[str, MicGeometry] = {
    # ReSpeaker 4-Mic Array for Raspberry Pi and ReSpeaker USB Mic Array v2.0: 4 mics, r = 32 mm.
    "respeaker-4mic": circular("respeaker-4mic", 4, 0.032),
    # ReSpeaker 6-Mic Circular Array kit: 6 mics, r = 46.3 mm.
    "respeaker-6mic": circular("respeaker-6mic", 6, 0.0463),
    # ReSpeaker 4-Mic Linear Array: 4 mics, 45.7 mm apart.
    "respeaker-linear-4mic": linear("respeaker-linear-4mic", 4, 0.0457),
}


def load_geometry(spec: str) -> MicGeometry:
    """A preset by name, or a JSON/TOML file with a list of [x, y(, z)] mic coordinates."""
    if spec in PRESETS:
        return PRESETS[spec]
    path = Path(spec).expanduser()
    if not path.is_file():
        raise GeometryError(
            f"unknown mic geometry {spec!r}: neither a preset ({', '.join(sorted(PRESETS))}) "
            "nor an existing JSON/TOML file"
        )
    return geometry_from_mapping(path.stem, _read(path), str(path))


def _read(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise GeometryError(f"mic geometry file {path} is not valid: {exc}") from exc


def geometry_from_mapping(name: str, data: object, origin: str = "geometry") -> MicGeometry:
    """Accept ``[[x, y, z], ...]`` or ``{"mics": [[x, y, z], ...]}`` (metres)."""
    mics = data.get("mics") if isinstance(data, dict) else data
    if not isinstance(mics, list) or len(mics) < 2:
        raise GeometryError(f"{origin}: expected a list 'mics' of at least 2 [x, y(, z)] in metres")
    positions = tuple(_point(p, origin) for p in mics)
    if max(math.dist(a, b) for a in positions for b in positions) > 1.0:
        raise GeometryError(f"{origin}: mics more than 1 m apart; coordinates must be metres")
    if len(set(positions)) != len(positions):
        raise GeometryError(f"{origin}: two mics share one position")
    return MicGeometry(name, positions)


def _point(value: object, origin: str) -> tuple[float, float, float]:
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        raise GeometryError(f"{origin}: mic position {value!r} is not [x, y] or [x, y, z]")
    try:
        coords = [float(v) for v in value]
    except (TypeError, ValueError) as exc:
        raise GeometryError(f"{origin}: mic position {value!r} is not numeric") from exc
    return coords[0], coords[1], coords[2] if len(coords) == 3 else 0.0
