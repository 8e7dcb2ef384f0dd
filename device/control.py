"""Local control socket: JSON lines over a Unix stream socket.

Requests: {"cmd": "claim", "caseworker": ID, "minutes": N}, {"cmd": "release"},
{"cmd": "press"}, {"cmd": "long-press"}, {"cmd": "status"}. Every reply is the
daemon's status, plus {"ok": false, "error": ...} when the request was refused.
This stands in for hub claims until they arrive over MQTT.
"""

from __future__ import annotations

import json
import logging
import socket
import socketserver
import threading
import time
from pathlib import Path
from typing import Any

from device.app import App
from device.errors import DeviceError
from device.events import ButtonPressed, ClaimReceived, ClaimReleased, Gesture, Input

log = logging.getLogger(__name__)


class ControlError(DeviceError):
    """The control socket could not be reached or refused the request."""


def _event_for(request: dict[str, Any], default_minutes: float) -> Input | None:
    cmd = request.get("cmd")
    if cmd == "claim":
        caseworker = str(request.get("caseworker") or "")
        if not caseworker:
            raise ControlError("claim needs a caseworker id")
        minutes = float(request.get("minutes") or default_minutes)
        return ClaimReceived(caseworker, time.time() + 60 * minutes)
    if cmd == "release":
        return ClaimReleased()
    if cmd in ("press", "long-press"):
        gesture = Gesture.LONG if cmd == "long-press" else Gesture.SHORT
        return ButtonPressed(gesture, time.monotonic())
    if cmd == "status":
        return None
    raise ControlError(f"unknown command {cmd!r}; use claim, release, press, long-press, status")


class ControlServer:
    """Serves the control socket on a background thread."""

    def __init__(self, path: Path, app: App) -> None:
        self.path = path
        self._app = app
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        handler = self._make_handler()
        self._server = socketserver.ThreadingUnixStreamServer(str(path), handler)
        path.chmod(0o660)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="control", daemon=True
        )

    def _make_handler(self) -> type[socketserver.StreamRequestHandler]:
        app = self._app
        minutes = app.settings.control.default_claim_minutes

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                reply: dict[str, Any]
                try:
                    event = _event_for(json.loads(self.rfile.readline()), minutes)
                    if event is not None:
                        app.post(event, wait=True)
                    reply = {"ok": True, **app.status()}
                except (ControlError, ValueError) as exc:
                    reply = {"ok": False, "error": str(exc)}
                self.wfile.write(json.dumps(reply).encode() + b"\n")

        return Handler

    def start(self) -> None:
        """Begin serving."""
        self._thread.start()

    def close(self) -> None:
        """Stop serving (if it started) and remove the socket."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self.path.unlink(missing_ok=True)


def send(path: Path, request: dict[str, Any], timeout: float = 15.0) -> dict[str, Any]:
    """Send one request to a running daemon and return its reply."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            sock.sendall(json.dumps(request).encode() + b"\n")
            reply = sock.makefile("rb").readline()
    except OSError as exc:
        raise ControlError(f"cannot reach the daemon at {path}: {exc}; is it running?") from exc
    result: dict[str, Any] = json.loads(reply)
    return result
