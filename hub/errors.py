"""The root of the hub's own errors: the command-line edges catch :class:`HubError`."""

from __future__ import annotations


class HubError(Exception):
    """Something the hub refuses or cannot do; the message says what, for a person to act on."""
