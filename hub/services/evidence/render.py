"""Write the evidence document as HTML (Jinja2) and PDF (reportlab, DejaVu embedded)."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader, select_autoescape
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from hub.errors import HubError
from hub.services.evidence.document import Block, Document
from hub.services.export import BODY_FONT, BOLD_FONT, register_pdf_fonts

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML_NAME = "dpia-underlag.html"
PDF_NAME = "dpia-underlag.pdf"


class OutputDirError(HubError):
    """The output folder cannot be made or written; the message names it and why."""


def html(doc: Document) -> str:
    """The document as one self-contained Swedish HTML page (every value escaped)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    return env.get_template("evidence.html").render(doc=doc)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=BODY_FONT, bulletFontName=BODY_FONT, fontSize=9, leading=12, spaceAfter=4
    )
    return {
        "title": ParagraphStyle("title", fontName=BOLD_FONT, fontSize=16, leading=20, spaceAfter=8),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD_FONT, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5, spaceAfter=0),
        "head": ParagraphStyle("head", fontName=BOLD_FONT, fontSize=7.5, leading=9.5),
    }


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def _widths(block: Block, width: float) -> list[float]:
    """Columns as wide as their longest cell, within bounds, filling ``width``."""
    columns = zip(block.header, *block.rows, strict=False)
    weights = [
        min(max(len(line) for cell in col for line in cell.split("\n")), 70) + 8 for col in columns
    ]
    return [width * w / sum(weights) for w in weights]


def _table(block: Block, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    rows = [[_para(c, styles["head"]) for c in block.header]]
    rows += [[_para(c, styles["cell"]) for c in row] for row in block.rows]
    grid = LongTable(rows, colWidths=_widths(block, width), repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [_para(block.text, styles["head"]), Spacer(0, 2), grid, Spacer(0, 8)]


def _block(block: Block, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    if block.kind == "text":
        return [_para(block.text, styles["body"])]
    if block.kind == "items":
        return [Paragraph(escape(i), styles["body"], bulletText="–") for i in block.items]
    return _table(block, styles, width)


def pdf(doc: Document, font_dir: Path) -> bytes:
    """The document as a landscape A4 PDF in the embedded DejaVu fonts."""
    register_pdf_fonts(font_dir)
    styles, buffer = _styles(), io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=doc.title, initialFontName=BODY_FONT
    )
    story: list[Flowable] = [_para(doc.title, styles["title"])]
    story += [_para(line, styles["body"]) for line in doc.lead]
    for section in doc.sections:
        story.append(_para(section.title, styles["heading"]))
        for block in section.blocks:
            story += _block(block, styles, template.width)
    template.build(story)
    return buffer.getvalue()


def write(doc: Document, out: Path, font_dir: Path) -> tuple[Path, Path]:
    """Write the HTML and the PDF into ``out`` (made if absent); return both paths."""
    pdf_bytes = pdf(doc, font_dir)  # a missing font fails before anything is written
    try:
        out.mkdir(parents=True, exist_ok=True)
        html_path, pdf_path = out / HTML_NAME, out / PDF_NAME
        html_path.write_text(html(doc), "utf-8")
        pdf_path.write_bytes(pdf_bytes)
    except OSError as exc:
        msg = f"cannot write the evidence pack into {out}: {exc.strerror or exc}"
        raise OutputDirError(msg) from exc
    return html_path, pdf_path
