"""LLM layer, model-independent part: Swedish prompts, the output schema, and parsing.

The model drafts one window of the meeting at a time. Its output is constrained to a JSON
schema whose citation field is an enum of the window's segment ids, so it can only cite
segments that exist; the verifier then checks what it wrote against them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import jsonschema

from device.note.candidate import Candidate
from device.note.errors import ModelOutputError
from device.note.settings import LlmSettings
from grounding.dates import find_dates
from grounding.phrasing import phrase_segment
from grounding.speakers import Speakers
from grounding.text import tidy, words
from wire.transcript import Segment

#: The model's point types and the note section each goes to.
POINT_TYPES = {
    "syfte": "syfte",
    "framkom": "framkom",
    "bedomning": "bedomning",
    "overenskommelse": "overenskommelser",
    "nasta_steg": "nasta_steg",
}

SYSTEM_PROMPT = (
    "Du hjälper en socialsekreterare att skriva ett utkast till journalanteckning. "
    "Du får en del av en utskrift av ett samtal. Skriv korta, sakliga påståenden på svenska "
    "om det som faktiskt sades. Hitta inte på något, och behåll ord som inte, aldrig och ingen. "
    "Skriv i tredje person om de närvarande, med namn eller roll, aldrig jag, du eller vi. "
    "Ange för varje påstående typ och källa (id för segmentet där det sades). Typer: "
    "syfte = mötets syfte; framkom = vad som kom fram och vem som sade det; "
    "bedomning = bara socialsekreterarens egen bedömning; "
    "overenskommelse = överenskommelser och beslut; nasta_steg = nästa steg, med datum om "
    "ett datum sades. Svara endast med JSON."
)


CLASSIFY_PROMPT = (
    "Du hjälper en socialsekreterare att skriva en journalanteckning. Du får en del av en "
    "utskrift av ett samtal. Välj ut de segment som är viktiga för anteckningen och ange typ "
    "för vart och ett: syfte = mötets syfte; framkom = något som kom fram; bedomning = "
    "socialsekreterarens egen bedömning; overenskommelse = överenskommelse eller beslut; "
    "nasta_steg = nästa steg. Hoppa över hälsningar och småprat. Svara endast med JSON."
)


@dataclass(frozen=True)
class LlmRequest:
    """One window to draft: prompts plus the schema the output must match."""

    system: str
    user: str
    schema: dict[str, Any]
    segment_ids: tuple[str, ...]


class NoteModel(Protocol):
    """A language model that answers a request with JSON text matching its schema."""

    @property
    def name(self) -> str:
        """Short model name for the note's metadata."""
        ...

    def generate(
        self, request: LlmRequest, max_tokens: int | None = None, *, after_stop: bool = False
    ) -> str:
        """Raw model output for ``request``; raises NoteModelError when the model fails.
        ``after_stop``: the recording has ended, the model may use ``tail_threads``."""
        ...

    def prefill(self, request: LlmRequest) -> None:
        """Evaluate ``request``'s prompt now so a later ``generate`` with the same prefix is
        faster; raises NoteModelError when the model fails."""
        ...


def output_schema(segment_ids: Sequence[str], settings: LlmSettings) -> dict[str, Any]:
    """JSON schema of one window's draft; citations must be one of ``segment_ids``."""
    properties: dict[str, Any] = {
        "typ": {"enum": list(POINT_TYPES)},
        "kalla": {"enum": list(segment_ids)},
    }
    most = settings.max_points * 2
    if settings.mode != "classify":
        text = {"type": "string", "minLength": 3, "maxLength": settings.max_text_chars}
        properties["text"] = text
        most = settings.max_points
    point = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"punkter": {"type": "array", "items": point, "maxItems": most}},
        "required": ["punkter"],
        "additionalProperties": False,
    }


def _line(segment: Segment, speakers: Speakers) -> str:
    role = speakers.role(segment.speaker)
    who = f"{segment.speaker} ({role})" if role and role != segment.speaker else segment.speaker
    return f"[{segment.id}] {who}: {' '.join(segment.text.split())}"


def build_request(
    segments: Sequence[Segment], speakers: Speakers, settings: LlmSettings
) -> LlmRequest:
    """The prompt for one window, keeping its last ``max_prompt_chars`` of transcript."""
    lines: list[str] = []
    used = 0
    for segment in reversed(segments):
        line = _line(segment, speakers)
        if used + len(line) > settings.max_prompt_chars and lines:
            break
        lines.insert(0, line[: settings.max_prompt_chars])
        used += len(line) + 1
    ids = tuple(line[1 : line.index("]")] for line in lines)
    user = "Utskrift:\n" + "\n".join(lines) + "\n\nSvara som JSON."
    system = CLASSIFY_PROMPT if settings.mode == "classify" else SYSTEM_PROMPT
    return LlmRequest(system, user, output_schema(ids, settings), ids)


def _loads(raw: str) -> Any:
    """Parse the draft; output cut off by the token limit keeps its complete points."""
    try:
        return json.loads(raw, strict=False)
    except json.JSONDecodeError as exc:
        cut = raw.rfind("}")
        while cut > 0:
            try:
                return json.loads(raw[: cut + 1] + "]}", strict=False)
            except json.JSONDecodeError:
                cut = raw.rfind("}", 0, cut)
        raise exc from None


def parse_output(
    raw: str, request: LlmRequest, segments: Sequence[Segment], speakers: Speakers, today: date
) -> list[Candidate]:
    """Candidates from the model's JSON; raises ModelOutputError when it is malformed.

    A classified point (no ``text``) becomes its segment, phrased like the extractive layer.
    """
    try:
        data = _loads(raw)
        jsonschema.validate(data, request.schema)
    except (json.JSONDecodeError, jsonschema.ValidationError) as exc:
        msg = f"model output is not a valid window draft: {exc.__class__.__name__}: {exc}"
        raise ModelOutputError(msg[:300]) from exc
    by_id = {s.id: s for s in segments}
    vocabulary = {w for s in segments for w in words(s.text) if w[:1].islower()}
    out = []
    for point in data["punkter"]:
        section = POINT_TYPES[point["typ"]]
        segment = by_id.get(str(point["kalla"]))
        if segment is None:
            continue
        classified = "text" not in point
        if classified:
            text = phrase_segment(section, segment, speakers, vocabulary)
        else:
            text = tidy(str(point["text"]))
        dates = find_dates(text, today)
        datum = dates[0].iso if dates else None
        cited = (segment.id,)
        out.append(
            Candidate(section, text, cited, datum, "llm", segment.start, classified=classified)
        )
    return out
