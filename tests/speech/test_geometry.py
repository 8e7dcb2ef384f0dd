"""Mic geometries: presets and geometry files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from device.speech.errors import GeometryError
from device.speech.geometry import PRESETS, load_geometry


def test_six_mic_preset_puts_mic_zero_on_the_x_axis() -> None:
    """The 6-mic preset has six mics on a 46.3 mm circle, mic 0 at azimuth 0."""
    geometry = load_geometry("respeaker-6mic")
    assert geometry.channels == 6
    assert geometry.positions[0] == pytest.approx((0.0463, 0.0, 0.0))
    assert all(math.hypot(x, y) == pytest.approx(0.0463) for x, y, _ in geometry.positions)


def test_linear_preset_is_recognised_as_linear() -> None:
    """A linear array is known to be linear; a circular one is not."""
    assert PRESETS["respeaker-linear-4mic"].is_linear
    assert not PRESETS["respeaker-4mic"].is_linear


def test_json_file_with_mic_list_loads(tmp_path: Path) -> None:
    """A JSON file {"mics": [[x, y], ...]} in metres gives that geometry."""
    path = tmp_path / "room.json"
    path.write_text(json.dumps({"mics": [[0.03, 0], [0, 0.03], [-0.03, 0], [0, -0.03]]}))
    geometry = load_geometry(str(path))
    assert geometry.channels == 4
    assert geometry.positions[1] == (0.0, 0.03, 0.0)


def test_toml_file_with_mic_list_loads(tmp_path: Path) -> None:
    """A TOML file with mics = [[x, y, z], ...] gives that geometry."""
    path = tmp_path / "room.toml"
    path.write_text("mics = [[0.0, 0.0, 0.0], [0.05, 0.0, 0.0]]\n")
    assert load_geometry(str(path)).channels == 2


def test_unknown_preset_names_the_known_ones() -> None:
    """An unknown name fails with the list of presets."""
    with pytest.raises(GeometryError, match="respeaker-6mic"):
        load_geometry("respeaker-9mic")


def test_millimetres_instead_of_metres_are_refused(tmp_path: Path) -> None:
    """Coordinates that put mics metres apart are refused as a unit mistake."""
    path = tmp_path / "mm.json"
    path.write_text(json.dumps([[32, 0], [0, 32], [-32, 0], [0, -32]]))
    with pytest.raises(GeometryError, match="metres"):
        load_geometry(str(path))


def test_malformed_file_is_refused(tmp_path: Path) -> None:
    """A file that is not JSON fails with the file named."""
    path = tmp_path / "broken.json"
    path.write_text("{mics: ")
    with pytest.raises(GeometryError, match=r"broken\.json"):
        load_geometry(str(path))
