"""Reading the TOML configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from device.config import ConfigError, load


def test_values_land_in_their_sections(tmp_path: Path) -> None:
    """Section values become typed settings; unspecified ones keep their defaults."""
    cfg = tmp_path / "d.toml"
    cfg.write_text(
        'device_id = "rum-7"\n[mic]\ndevice_name = "seeed"\nchannels = 4\n'
        '[spool]\nroot = "/tmp/s"\n[indicator]\nkind = "rgbled"\nrgb_pins = [1, 2, 3]\n'
    )
    s = load(cfg)
    assert (s.device_id, s.mic.device_name, s.mic.channels, s.mic.rate) == (
        "rum-7",
        "seeed",
        4,
        16000,
    )
    assert s.spool.root == Path("/tmp/s")
    assert s.indicator.rgb_pins == (1, 2, 3)


def test_unknown_setting_is_an_error(tmp_path: Path) -> None:
    """A misspelt key names itself and the known ones."""
    cfg = tmp_path / "d.toml"
    cfg.write_text("[mic]\nchanels = 4\n")
    with pytest.raises(ConfigError, match="has no setting 'chanels'; known: device_name"):
        load(cfg)
