"""Render a journal note (wire.note v1 dict) as text for the terminal, in Swedish."""

from __future__ import annotations

from typing import Any

SECTIONS = (
    ("syfte", "Syfte"),
    ("framkom", "Det här framkom"),
    ("bedomning", "Handläggarens bedömning"),
    ("overenskommelser", "Överenskommelser och beslut"),
    ("nasta_steg", "Nästa steg"),
)
FLAG_NAMES = {
    "personnummer": "Personnummer",
    "samordningsnummer": "Samordningsnummer",
    "telefonnummer": "Telefonnummer",
    "epost": "E-postadress",
    "tredje_part": "Tredje part",
    "osaker_taligenkanning": "Osäker taligenkänning",
    "ej_verifierad": "Ej verifierad",
    "saknar_kalla": "Saknar källa",
    "modellfel": "Modellfel",
}


def render_note(note: dict[str, Any]) -> str:
    meta = note["meta"]
    lines = [
        f"Datum: {meta['datum']} kl. {meta['tid']}   Plats: {meta.get('rum') or '–'}"
        f"   Längd: {meta.get('langd_min', 0):.0f} min",
    ]
    present = ", ".join(f"{p['namn']} ({p['roll']})" for p in note.get("narvarande", []))
    lines.append(f"Närvarande: {present or '–'}")
    if meta.get("aterstalld"):
        lines.append("OBS: inspelningen återställdes efter ett avbrott – kontrollera allt.")
    for key, title in SECTIONS:
        statements = note.get(key, [])
        if not statements:
            continue
        lines += ["", f"{title}:"]
        for s in statements:
            date = f" [{s['datum']}]" if s.get("datum") else ""
            cites = ", ".join(s.get("citations", []))
            lines.append(f"  • {s['text']}{date}  (källa: {cites or 'saknas'})")
    if note.get("klartext"):
        lines += ["", "Klartext:", f"  {note['klartext']}"]
    flags = note.get("flaggor", [])
    if flags:
        lines += ["", f"Att granska före export ({len(flags)}):"]
        for f in flags:
            name = FLAG_NAMES.get(f["kind"], f["kind"])
            where = (
                f" [{f['segment_id'] or f['statement_id']}]"
                if (f.get("segment_id") or f.get("statement_id"))
                else ""
            )
            lines.append(f"  ! {name}{where}: {f['detail']}")
    return "\n".join(lines)
