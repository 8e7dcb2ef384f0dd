"""A fake of :class:`hub.commands.CommandPublisher`, beside it: keeps sent commands in memory.

For tests and benchmarks of the web app without a broker; a configured hub without MQTT uses
``hub.services.claims.UnconnectedClaimSender``, which refuses claims instead.
"""

from __future__ import annotations

from wire import commands


class FakeClaimSender:
    """Keeps sent commands in memory, in the order they were sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, commands.Command]] = []

    def send(self, device_id: str, command: commands.Command) -> None:
        self.sent.append((device_id, command))
