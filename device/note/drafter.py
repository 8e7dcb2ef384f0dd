"""Incremental drafting: each finished window is drafted during the meeting, the drafts are
merged with the extractive layer at stop, verified, flagged and composed into a note."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from device.note.candidate import Candidate
from device.note.compose import compose
from device.note.errors import ModelOutputError, NoteModelError
from device.note.extract import extract, usable
from device.note.llm import NoteModel, build_request, parse_output
from device.note.seats import heard_as
from device.note.settings import NoteSettings
from grounding.speakers import Speakers
from wire.note import Flag, Note, Participant
from wire.transcript import MeetingMeta, Segment, Transcript

log = logging.getLogger(__name__)


def windows(segments: Sequence[Segment], window_s: float) -> list[list[Segment]]:
    """Segments grouped into consecutive windows of ``window_s`` seconds by start time."""
    grouped: dict[int, list[Segment]] = {}
    for segment in segments:
        grouped.setdefault(int(segment.start // window_s), []).append(segment)
    return [grouped[key] for key in sorted(grouped)]


def _span(segments: Sequence[Segment]) -> str:
    def clock(seconds: float) -> str:
        return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"

    return f"{clock(segments[0].start)}–{clock(segments[-1].end)}"


class NoteDrafter:
    """Drafts a meeting window by window; ``finish()`` returns the complete note."""

    def __init__(
        self,
        meta: MeetingMeta,
        participants: Sequence[Participant] = (),
        settings: NoteSettings | None = None,
        model: NoteModel | None = None,
    ) -> None:
        self.meta = meta
        self.participants = tuple(participants)
        self.settings = settings or NoteSettings()
        self.model = model
        self._segments: list[Segment] = []
        self._pending: list[Segment] = []
        self._prefilled_at = 0.0
        self._drafts: list[Candidate] = []
        self._flags: list[Flag] = []
        self._today = datetime.fromisoformat(meta.started_at).date()

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Every segment received so far, in order."""
        return tuple(self._segments)

    def add_segments(self, segments: Sequence[Segment]) -> None:
        """Take segments as speech produces them; a window is drafted once it is full, and
        the growing window's prompt is read ahead so little is left to do at stop."""
        self._pending.extend(segments)
        if not self._pending:
            return
        span = self._pending[-1].end - self._pending[0].start
        if span >= self.settings.window_s:
            window, self._pending = self._pending, []
            self.add_window(window)
        elif self._pending[-1].end - self._prefilled_at >= self.settings.llm.prefill_every_s:
            self._prefill(self._pending)

    def add_window(self, segments: Sequence[Segment], *, last: bool = False) -> None:
        """Keep a finished window's segments and, with a model, draft it now."""
        self._segments.extend(segments)
        spoken = [s for s in segments if usable(s)]
        if self.model is None or not spoken:
            return
        limit = self.settings.llm.tail_max_tokens if last else None
        self._drafts.extend(self._draft(spoken, self.model, limit, after_stop=last))

    def _speakers(self, segments: Sequence[Segment]) -> Speakers:
        spoken = (*self._segments, *segments)
        people = heard_as(self.participants, spoken, self.settings.seats)
        return Speakers(people, {s.speaker for s in spoken})

    def _prefill(self, segments: Sequence[Segment]) -> None:
        spoken = [s for s in segments if usable(s)]
        self._prefilled_at = segments[-1].end
        if self.model is None or not spoken:
            return
        request = build_request(spoken, self._speakers(spoken), self.settings.llm)
        try:
            self.model.prefill(request)
        except NoteModelError as exc:
            log.warning("prefill failed, the window will be read at its end: %s", exc)

    def _draft(
        self,
        segments: list[Segment],
        model: NoteModel,
        max_tokens: int | None,
        *,
        after_stop: bool = False,
    ) -> list[Candidate]:
        speakers = self._speakers(segments)
        request = build_request(segments, speakers, self.settings.llm)
        try:
            raw = model.generate(request, max_tokens, after_stop=after_stop)
            return parse_output(raw, request, segments, speakers, self._today)
        except (ModelOutputError, NoteModelError) as exc:
            log.warning("window %s drafted without the model: %s", _span(segments), exc)
            detail = (
                f"Språkmodellens utkast för {_span(segments)} kunde inte användas; "
                "den delen bygger bara på ordagranna utdrag. Kontrollera den."
            )
            self._flags.append(Flag("modellfel", detail, segment_id=segments[0].id))
            return []

    def transcript(self, meta: MeetingMeta | None = None) -> Transcript:
        """The transcript of everything received, with ``meta`` or the drafter's own."""
        return Transcript(meta=meta or self.meta, segments=tuple(self._segments))

    def finish(self, tail: Sequence[Segment] = (), meta: MeetingMeta | None = None) -> Note:
        """Draft the last (partial) window, merge all drafts and return the verified note."""
        window, self._pending = [*self._pending, *tail], []
        if window:
            self.add_window(window, last=True)
        transcript = self.transcript(meta)
        people = heard_as(self.participants, transcript.segments, self.settings.seats)
        speakers = Speakers(people, {s.speaker for s in transcript.segments})
        found = extract(transcript.segments, speakers, self._today) + self._drafts
        label = "extraktiv" if self.model is None else f"extraktiv+llm:{self.model.name}"
        return compose(
            transcript,
            self.participants,
            found,
            self.settings,
            model_label=label,
            extra_flags=self._flags,
        )


def draft_note(
    transcript: Transcript,
    settings: NoteSettings | None = None,
    participants: Sequence[Participant] = (),
    model: NoteModel | None = None,
) -> Note:
    """A note for a whole transcript, drafted window by window as during a meeting."""
    settings = settings or NoteSettings()
    drafter = NoteDrafter(transcript.meta, participants, settings, model)
    parts = windows(transcript.segments, settings.window_s)
    for window in parts[:-1]:
        drafter.add_window(window)
    return drafter.finish(parts[-1] if parts else (), meta=transcript.meta)


def meeting_meta(meeting_id: str, day: date, time: str = "00:00", **extra: object) -> MeetingMeta:
    """Meeting metadata for a transcript that came without any (plain-text input)."""
    meta = MeetingMeta(meeting_id=meeting_id, started_at=f"{day.isoformat()}T{time}:00")
    return replace(meta, **extra)  # type: ignore[arg-type]
