"""MQTT topic names, in one place for device, hub and broker ACL."""

from __future__ import annotations

import re

FLEET = "fleet"
SHARED_GROUP = "hub"
_DEVICE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def check_device_id(device_id: str) -> str:
    """Return ``device_id`` if it is safe as a topic level and certificate CN, else raise."""
    if not _DEVICE_ID.fullmatch(device_id):
        msg = f"device id {device_id!r} must be lowercase letters, digits and '-', 1-63 chars"
        raise ValueError(msg)
    return device_id


def note(device_id: str, meeting_id: str) -> str:
    return f"{FLEET}/{check_device_id(device_id)}/notes/{meeting_id}"


def status(device_id: str) -> str:
    return f"{FLEET}/{check_device_id(device_id)}/status"


def command(device_id: str, kind: str) -> str:
    """Hub → device command topic; ``kind`` is ``ack``, ``claim`` or ``config``."""
    return f"{FLEET}/{check_device_id(device_id)}/cmd/{kind}"


#: What hub workers subscribe to (MQTT 5 shared subscription).
HUB_NOTES_SUBSCRIPTION = f"$share/{SHARED_GROUP}/{FLEET}/+/notes/#"
HUB_STATUS_SUBSCRIPTION = f"$share/{SHARED_GROUP}/{FLEET}/+/status"


def parse_note_topic(topic: str) -> tuple[str, str]:
    """Split ``fleet/<device>/notes/<meeting_id>`` into its two ids or raise ValueError."""
    parts = topic.split("/")
    if len(parts) != 4 or parts[0] != FLEET or parts[2] != "notes":
        msg = f"not a note topic: {topic!r}"
        raise ValueError(msg)
    return check_device_id(parts[1]), parts[3]
