"""Every flag kind a note can carry has a Swedish title in the hub's views."""

from __future__ import annotations

from hub.review import FLAG_TITLES
from wire.note import FLAG_KINDS


def test_every_flag_kind_has_a_swedish_title() -> None:
    """No raw flag key (such as "modellfel") reaches the caseworker."""
    assert [kind for kind in FLAG_KINDS if kind not in FLAG_TITLES] == []
