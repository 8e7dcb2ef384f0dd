"""Claim stickers point at the hub's claim page for each device."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from provisioning.stickers import Sticker, claim_url, stickers_for, write_png


def test_claim_url_is_hub_claim_page() -> None:
    """The QR payload is <hub_url>/claim/<device_id>, without a doubled slash."""
    assert claim_url("https://hub.test/", "rum-1") == "https://hub.test/claim/rum-1"


def test_stickers_are_sorted_by_room() -> None:
    """Stickers come out grouped by room so a sheet can be cut per floor."""
    made = stickers_for("https://h", [("rum-2", "B"), ("rum-1", "A")])
    assert [s.room for s in made] == ["A", "B"]


def test_png_sticker_is_an_image(tmp_path: Path) -> None:
    """A PNG sticker is a readable image taller than it is wide (room label under the QR)."""
    path = write_png(Sticker("rum-1", "Ekorren", "https://h/claim/rum-1"), tmp_path / "s.png")
    with Image.open(path) as image:
        assert image.height > image.width
