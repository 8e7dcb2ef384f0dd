"""Which scripts and room variants a corpus holds, and the digest of its room plan."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.corpus.conditions import RoomPlan
from models.corpus.errors import CorpusError
from models.corpus.scripts import DEMO, ENGLISH_MEETINGS, HELD_OUT, MEETINGS
from models.corpus.spec import MeetingScript
from models.corpus.variants import RoomRendering


@dataclass(frozen=True)
class Selection:
    """Which scripts and room variants a corpus holds."""

    meetings: Sequence[MeetingScript] = MEETINGS
    held_out: Sequence[MeetingScript] = HELD_OUT
    english: Sequence[MeetingScript] = ENGLISH_MEETINGS
    rooms: RoomPlan = field(default_factory=RoomPlan)
    demo: Sequence[MeetingScript] = DEMO
    """The demo meeting(s), read at their own rate; they get no room variants."""

    def scripts(self) -> list[MeetingScript]:
        """The scripts read at the corpus's own rate (the demo has its own)."""
        return [*self.meetings, *self.held_out, *self.english]

    def room_plan(self) -> dict[str, list[str]]:
        """Condition names per generated meeting id (only meetings that get any)."""
        ids = {s.id for s in self.scripts()}
        unknown = sorted(set(self.rooms.meetings) - ids)
        if unknown:
            raise CorpusError(
                f"room variants asked for meetings not generated: {', '.join(unknown)}; "
                f"generated: {', '.join(sorted(ids))}"
            )
        return {
            s.id: [c.name for c in self.rooms.for_meeting(s.id)]
            for s in self.scripts()
            if self.rooms.for_meeting(s.id)
        }


def select(
    meetings: Sequence[MeetingScript],
    held_out: Sequence[MeetingScript],
    english: Sequence[MeetingScript],
    rooms: RoomPlan | None,
    demo: Sequence[MeetingScript] = DEMO,
) -> Selection:
    """``rooms=None`` is the default plan narrowed to the meetings generated; an explicit
    plan must name only generated meetings."""
    if rooms is None:
        ids = {s.id for s in (*meetings, *held_out, *english)}
        default = RoomPlan()
        rooms = RoomPlan(tuple(m for m in default.meetings if m in ids), default.conditions)
    return Selection(meetings, held_out, english, rooms, demo)


def rooms_digest(plan: RoomPlan) -> str:
    """sha256 over the room plan (conditions, rooms, seats) and the room rendering settings."""
    material = repr((plan, RoomRendering()))
    return hashlib.sha256(material.encode()).hexdigest()
