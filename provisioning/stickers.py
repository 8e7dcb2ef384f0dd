"""Claim stickers: one QR code per device, labelled with its room, as PDF or PNG.

The QR code holds ``<hub_url>/claim/<device_id>``; a caseworker scans it, logs in to the
hub and arms that room's device.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from provisioning.errors import ProvisioningError

SCAN_HINT = "Skanna koden för att aktivera rummets inspelning"


@dataclass(frozen=True)
class Sticker:
    """One device's claim sticker."""

    device_id: str
    room: str
    url: str


def claim_url(hub_url: str, device_id: str) -> str:
    return f"{hub_url.rstrip('/')}/claim/{device_id}"


def stickers_for(hub_url: str, devices: Sequence[tuple[str, str]]) -> list[Sticker]:
    """Stickers for ``(device_id, room)`` pairs, sorted by room then device."""
    ordered = sorted(devices, key=lambda d: (d[1], d[0]))
    return [Sticker(device_id, room, claim_url(hub_url, device_id)) for device_id, room in ordered]


def qr_image(url: str, box_size: int = 8) -> Image.Image:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size)
    qr.add_data(url)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white")
    return image.get_image().convert("RGB")  # type: ignore[no-any-return]


def write_png(sticker: Sticker, path: Path) -> Path:
    """One PNG: the QR code with the room name underneath."""
    code = qr_image(sticker.url)
    canvas = Image.new("RGB", (code.width, code.height + 40), "white")
    canvas.paste(code, (0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.text(
        (16, code.height + 8),
        f"{sticker.room} ({sticker.device_id})",
        fill="black",
        font=ImageFont.load_default(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(path, format="PNG")
    return path


def write_pdf(stickers: Sequence[Sticker], path: Path) -> Path:
    """An A4 sheet (several pages if needed) of 3 x 4 stickers."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415  (optional extra)
    from reportlab.lib.units import mm  # noqa: PLC0415 - same
    from reportlab.lib.utils import ImageReader  # noqa: PLC0415 - same
    from reportlab.pdfgen import canvas  # noqa: PLC0415 - same

    if not stickers:
        raise ProvisioningError("no devices to print stickers for; enrol some first")
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    cell_w, cell_h = width / 3, height / 4
    for index, sticker in enumerate(stickers):
        if index and index % 12 == 0:
            pdf.showPage()
        col, row = index % 3, (index % 12) // 3
        x, y = col * cell_w, height - (row + 1) * cell_h
        png = io.BytesIO()
        qr_image(sticker.url).save(png, format="PNG")
        size = 50 * mm
        pdf.drawImage(ImageReader(png), x + (cell_w - size) / 2, y + 18 * mm, size, size)
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawCentredString(x + cell_w / 2, y + 11 * mm, sticker.room)
        pdf.setFont("Helvetica", 8)
        pdf.drawCentredString(
            x + cell_w / 2, y + 6 * mm, "Skanna koden för att aktivera rummets inspelning"
        )
    pdf.save()
    return path
