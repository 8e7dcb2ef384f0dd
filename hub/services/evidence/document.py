"""The evidence pack as a Swedish document: sections of paragraphs, lists and tables.

One document model feeds both the HTML (Jinja2) and the PDF (reportlab), so the two
always say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from hub.services.evidence.pack import EvidencePack
from hub.services.evidence.proofs import JudgedClaim
from hub.services.evidence.state import DeviceLine
from hub.services.stockholm import swedish_time


@dataclass(frozen=True)
class Block:
    """One paragraph (``text``), bullet list (``items``) or table of a section."""

    kind: Literal["text", "items", "table"]
    text: str = ""
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def text(value: str) -> Block:
    return Block("text", text=value)


def items(*values: str) -> Block:
    return Block("items", items=values)


def table(caption: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Block:
    return Block("table", text=caption, header=header, rows=tuple(rows))


@dataclass(frozen=True)
class Section:
    """A numbered section of the document."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Document:
    """The whole evidence document."""

    title: str
    lead: tuple[str, ...]
    sections: tuple[Section, ...]


def _days(count: int) -> str:
    return f"{count} dag" if count == 1 else f"{count} dagar"


def _inventory(pack: EvidencePack) -> Section:
    inv, ret = pack.inventory, pack.inventory.retention
    rows = [
        (t.name, db_title, str(t.rows), t.holds, t.protection)
        for db_title, db in (("Anteckningar", inv.notes), ("Nyckellager", inv.keystore))
        for t in db.tables
    ]
    revision = inv.revision or "ingen"
    current = "aktuell" if inv.revision == inv.head_revision else f"senaste är {inv.head_revision}"
    return Section(
        "1. Vilka uppgifter som lagras, var och hur länge",
        (
            text(
                f"Anteckningsdatabasen: {inv.notes.kind}, {inv.notes.location} "
                f"(schemaversion {revision}, {current})."
            ),
            text(
                f"Nyckellagret, en egen databas som säkerhetskopieras för sig med kort "
                f"rotation: {inv.keystore.kind}, {inv.keystore.location}."
            ),
            text(
                f"Huvudnyckel: {inv.master_key_file} (filrättigheter {inv.master_key_mode}). "
                f"Kryptering i vila: {inv.cipher}; varje anteckning har en egen datanyckel, "
                "inlindad av en ämnesnyckel som i sin tur är inlindad av huvudnyckeln."
            ),
            items(
                f"Utkast som inte godkänts raderas {_days(ret.draft_days)} efter att de kom in.",
                f"Godkända anteckningar som aldrig exporterats raderas {_days(ret.approved_days)} "
                "efter godkännandet.",
                f"Exporterade anteckningar raderas {_days(ret.exported_days)} efter första "
                "exporten (verksamhetssystemet har då journalen).",
            ),
            table(
                "Tabeller i databaserna just nu",
                ("Tabell", "Databas", "Rader", "Innehåll", "Skydd"),
                rows,
            ),
        ),
    )


def _boundary(pack: EvidencePack) -> Section:
    bound = pack.boundary
    rows = [
        (f.topic, f.direction, ", ".join(f.carries), f.protection, f.source) for f in bound.flows
    ]
    return Section(
        "2. Vad som lämnar enheten och vad som aldrig gör det",
        (
            text(
                "Stannar alltid på enheten: " + ", ".join(bound.stays).lower() + ". Ljudet "
                "raderas när hubben har kvitterat anteckningen. Det finns inget ämne (topic) "
                "och inget fält för ljud; brokern släpper bara igenom enhetens egna ämnen nedan."
            ),
            table(
                "Enhetens ämnen enligt brokerns åtkomstlista",
                ("Ämne", "Riktning", "Innehåll", "Skydd", "Definieras i"),
                rows,
            ),
            text("Upprätthålls i koden av: " + "; ".join(bound.enforced_by) + "."),
        ),
    )


def _access(pack: EvidencePack) -> Section:
    blocks = [
        text(
            "Genererat ur hubbens behörighetstabell (hub/services/access.py), samma tabell "
            "som testerna går igenom: en sida som saknas i tabellen får testerna att fallera. "
            "En handläggare ser bara sina egna anteckningar; andras ger svaret 404."
        )
    ]
    for role in pack.roles:
        rows = [(r.method, r.path, r.what) for r in role.routes]
        blocks.append(table(f"{role.title} ({role.role})", ("Metod", "Sökväg", "Vad"), rows))
    public = ", ".join(f"{r.method} {r.path}" for r in pack.public_routes)
    blocks.append(
        text(f"Utan roll (inloggning, och exportlänkar som alltid svarar 405): {public}.")
    )
    return Section("3. Vem som kan läsa vad", tuple(blocks))


def _state(pack: EvidencePack) -> Section:
    state = pack.state
    chain = (
        f"Loggbokens hashkedja är hel: {state.chain.entries} poster."
        if state.chain.ok
        else f"Loggbokens hashkedja är BRUTEN efter {state.chain.entries} poster: "
        f"{state.chain.problem}."
    )
    roles = [
        (
            f"{r.title} ({r.role})",
            str(r.accounts),
            str(r.total),
            ", ".join(f"{label} {n}" for label, n in r.by_action) or "–",
            str(r.refused),
        )
        for r in state.roles
    ]
    shredded = ", ".join(f"{label}: {n}" for label, n in state.shredded_by) or "inga"
    return Section(
        "4. Läget just nu",
        (
            text(chain),
            table(
                f"Åtkomster per roll sedan {swedish_time(state.since)} (30 dagar, bara antal)",
                ("Roll", "Konton", "Åtkomster", "Varav", "Nekade"),
                roles,
            ),
            items(
                f"Nekade åtkomstförsök de senaste 30 dagarna: {state.refused}.",
                f"Anteckningar vars bevarandetid gått ut men som ännu inte gallrats: "
                f"{state.past_retention}.",
                f"Kryptoraderade anteckningar: {state.shredded} ({shredded}).",
                "Återkallade enheter: "
                + (", ".join(_device(d) for d in state.revoked) or "inga")
                + ".",
                "Enhetscertifikat som går ut inom 30 dagar: "
                + (", ".join(_device(d) for d in state.expiring) or "inga")
                + ".",
            ),
        ),
    )


def _device(line: DeviceLine) -> str:
    if line.at is None:
        return f"{line.device_id} ({line.room})"
    return f"{line.device_id} ({line.room}, {swedish_time(line.at, '%Y-%m-%d')})"


def _verdict(claim: JudgedClaim) -> str:
    return "Bevisat" if claim.proven else "INTE BEVISAT"


def _claims(pack: EvidencePack) -> Section:
    proven = sum(c.proven for c in pack.claims)
    when = pack.run.timestamp or "okänd tid"
    rows = [
        (str(i), c.claim.text, _verdict(c), "\n".join(f"{t}: {r}" for t, r in c.results))
        for i, c in enumerate(pack.claims, start=1)
    ]
    return Section(
        "5. Tekniska påståenden och testerna som bevisar dem",
        (
            text(
                f"Resultat från testkörningen {pack.run.path} ({when}): {proven} av "
                f"{len(pack.claims)} påståenden bevisade. Ett påstående räknas som bevisat "
                "bara om alla dess tester finns i körningen och gick igenom."
            ),
            table("Påståenden", ("Nr", "Påstående", "Resultat", "Tester och utfall"), rows),
        ),
    )


def _legal(pack: EvidencePack) -> Section:
    return Section(
        "6. Rättslig ram som krav på konstruktionen",
        (
            items(
                "SoLPUL 7 a § (sammanställningsförbudet): hubben har ingen sökning eller "
                "sammanställning över flera enskilda. En handläggare ser bara sina egna "
                "anteckningar; statistik visas bara som antal per vecka eller enhet, aldrig "
                "per klient.",
                "Uppgifter om tredje person och andra känsliga uppgifter flaggas på enheten; "
                "handläggaren beslutar om varje flagga (behåll, ta bort, redigera) och "
                "anteckningen kan inte godkännas eller exporteras medan en flagga är öppen. "
                "Flaggor: " + ", ".join(pack.flag_titles) + ".",
                "Behandlingen sker på enheten; till hubben går bara den förseglade anteckningen "
                "med transkript. Ingen molntjänst hos tredje part används.",
            ),
        ),
    )


def document(pack: EvidencePack) -> Document:
    """The evidence pack as sections, in the order a DPIA reads them."""
    lead = (
        (
            f"{pack.organisation}. Underlag för konsekvensbedömning (DPIA), genererat ur det "
            f"körande systemet {swedish_time(pack.generated_at)} svensk tid."
        ),
        (
            "Inget i dokumentet är inskrivet för hand: uppgifterna läses ur konfigurationen, "
            "databaserna, behörighetstabellen och den senaste testkörningen."
        ),
    )
    sections = (_inventory, _boundary, _access, _state, _claims, _legal)
    return Document(
        "Samtal – underlag för konsekvensbedömning", lead, tuple(s(pack) for s in sections)
    )
