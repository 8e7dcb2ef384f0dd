"""Every flag kind a note can carry has a Swedish title in the hub's views."""

from __future__ import annotations

from hub.services.review import FLAG_TITLES, STATUS_TITLES
from hub.store.tables import NoteStatus
from wire.note import FLAG_KINDS, FlagKind
from wire.schemas import schema


def test_every_flag_kind_has_a_swedish_title() -> None:
    """No raw flag key (such as "modellfel") reaches the caseworker."""
    assert [kind for kind in FlagKind if kind not in FLAG_TITLES] == []


def test_flag_titles_name_only_known_kinds() -> None:
    """The title table has no key that is not a flag kind."""
    assert set(FLAG_TITLES) <= set(FlagKind)


def test_flag_kinds_match_the_note_schema() -> None:
    """The enum lists exactly the kinds the note schema accepts, in order."""
    flag = schema("note")["properties"]["flaggor"]["items"]
    assert [kind.value for kind in FlagKind] == flag["properties"]["kind"]["enum"]


def test_flag_kinds_tuple_is_the_enum_values() -> None:
    """FLAG_KINDS stays the plain-string view of FlagKind."""
    assert tuple(kind.value for kind in FlagKind) == FLAG_KINDS


def test_every_listed_status_has_a_swedish_title() -> None:
    """The inbox names every status a listed note can have (deleted notes are not listed)."""
    assert set(STATUS_TITLES) == set(NoteStatus) - {NoteStatus.RADERAD}
