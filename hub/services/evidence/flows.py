"""What leaves a device and what never does, derived from the broker ACL and the wire formats.

A device may publish only on the topics its ACL pattern grants (``provisioning.broker``);
what each of those topics carries is the wire format's fields. Audio has no topic and no
field, which is how it stays on the device.
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass
from pathlib import Path

from provisioning.broker import acl_text
from wire.envelope import NotePayload
from wire.heartbeat import Heartbeat
from wire.recipient import DEFAULT_SUITE
from wire.status import Status

REPO = Path(__file__).resolve().parents[3]


def where(thing: object) -> str:
    """``path/in/repo.py:line (Name)`` of a class or function, for the reader to check."""
    source = Path(inspect.getsourcefile(thing) or "?")  # type: ignore[arg-type]
    line = inspect.getsourcelines(thing)[1]  # type: ignore[arg-type]
    shown = source.relative_to(REPO) if source.is_relative_to(REPO) else source
    return f"{shown}:{line} ({getattr(thing, '__qualname__', thing)})"


@dataclass(frozen=True)
class Flow:
    """One topic a device may use, and what travels on it."""

    topic: str
    """The ACL pattern, the device's id written ``<enhet>``."""
    direction: str
    carries: tuple[str, ...]
    """The fields of the message, as the wire format names them."""
    protection: str
    source: str
    """Where in the code the message is defined."""


@dataclass(frozen=True)
class DeviceBoundary:
    """Every topic a device may publish or read, and what stays on the device."""

    flows: tuple[Flow, ...]
    stays: tuple[str, ...]
    enforced_by: tuple[str, ...]
    """Code locations that keep audio on the device."""


def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _flow(access: str, pattern: str) -> Flow:
    topic = pattern.replace("%u", "<enhet>")
    if access == "read":
        return Flow(topic, "hubb → enhet", ("kommandon",), "Ömsesidig TLS", where(acl_text))
    if "/notes/" in pattern:
        return Flow(
            topic,
            "enhet → hubb",
            _fields(NotePayload),
            f"Förseglad med HPKE ({DEFAULT_SUITE}) till hubbens nyckel, Ed25519-signerad",
            where(NotePayload),
        )
    if pattern.endswith("/status"):
        carries = tuple(f for f in _fields(Status) if f != "heartbeat") + _fields(Heartbeat)
        return Flow(topic, "enhet → hubb", carries, "Ömsesidig TLS", where(Heartbeat))
    return Flow(topic, "enhet → hubb", ("okänt innehåll",), "–", where(acl_text))


def device_boundary() -> DeviceBoundary:
    """The device's topics as the broker ACL grants them, with what each carries."""
    granted = [
        line.split()[1:3]
        for line in acl_text(("hub-1",)).splitlines()
        if line.startswith("pattern ")
    ]
    return DeviceBoundary(
        flows=tuple(_flow(access, pattern) for access, pattern in granted),
        stays=("Ljudet (inspelningen)", "Lagringsnyckeln", "Enhetens privata nycklar"),
        enforced_by=(where(acl_text), where(NotePayload.from_dict)),
    )
