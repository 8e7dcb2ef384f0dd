"""The microphone array through PyAudio: device chosen by name, S16 blocks as arrays.

PyAudio errors become MicError (cannot open, not found) or MicLostError (the device
went away mid-stream) here; overflows become silence of the same length so time stays true.
"""

from __future__ import annotations

import ctypes
import logging
import time
from typing import Any

import numpy as np
import pyaudio

from device.errors import DeviceError
from device.events import Int16Array
from device.hardware.settings import MicSettings

log = logging.getLogger(__name__)

_OVERFLOW = pyaudio.paInputOverflowed


_ALSA_HANDLER: Any = None


def _quiet_alsa() -> None:
    """Drop libasound's stderr chatter from PortAudio probing every PCM in alsa.conf.

    Errors for the device we open still surface as PyAudio exceptions.
    """
    global _ALSA_HANDLER  # noqa: PLW0603 - the callback must outlive this call
    if _ALSA_HANDLER is not None:
        return
    try:
        asound = ctypes.cdll.LoadLibrary("libasound.so.2")
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    _ALSA_HANDLER = handler_type(lambda *_args: None)
    asound.snd_lib_error_set_handler(_ALSA_HANDLER)


class MicError(DeviceError):
    """The microphone cannot be found or opened."""


class MicLostError(MicError):
    """The microphone stopped delivering audio mid-stream."""


def list_input_devices() -> list[tuple[int, str, int]]:
    """(index, name, input channels) of every PyAudio input device."""
    _quiet_alsa()
    pa = pyaudio.PyAudio()
    try:
        devices = (pa.get_device_info_by_index(i) for i in range(pa.get_device_count()))
        return [
            (int(d["index"]), str(d["name"]), int(d["maxInputChannels"]))
            for d in devices
            if int(d["maxInputChannels"]) > 0
        ]
    finally:
        pa.terminate()


class MicStream:
    """An open capture stream; `read` returns (block_frames, channels) int16."""

    def __init__(self, stream: Any, settings: MicSettings) -> None:
        self._stream = stream
        self._settings = settings
        self._frames = 0
        self._t0 = time.monotonic()
        self.overflows = 0

    def read(self) -> Int16Array:
        """Read one block, or raise MicLostError."""
        s = self._settings
        self._pace()
        try:
            raw = self._stream.read(s.block_frames, exception_on_overflow=True)
        except OSError as exc:
            if exc.errno != _OVERFLOW:
                raise MicLostError(f"microphone {s.device_name!r} stopped: {exc}") from exc
            self.overflows += 1
            log.warning("input overflow: %d frames replaced by silence", s.block_frames)
            raw = bytes(2 * s.channels * s.block_frames)
        self._frames += s.block_frames
        return np.frombuffer(raw, dtype="<i2").reshape(-1, s.channels)

    def _pace(self) -> None:
        if self._settings.pace <= 0:
            return
        due = self._t0 + self._frames / self._settings.rate / self._settings.pace
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def close(self) -> None:
        """Stop and close the stream; errors while closing a lost device are logged."""
        try:
            self._stream.stop_stream()
            self._stream.close()
        except OSError as exc:
            log.warning("closing the microphone stream failed: %s", exc)


class PyAudioMic:
    """Opens capture streams on the configured input device."""

    def __init__(self, settings: MicSettings) -> None:
        self.settings = settings
        _quiet_alsa()
        self._pa = pyaudio.PyAudio()

    def find_device(self) -> tuple[int, str]:
        """The index and name of the first input device whose name contains the configured one."""
        want = self.settings.device_name
        names = []
        for i in range(self._pa.get_device_count()):
            info = self._pa.get_device_info_by_index(i)
            if int(info["maxInputChannels"]) <= 0:
                continue
            names.append(str(info["name"]))
            if want in str(info["name"]):
                return i, str(info["name"])
        msg = f"no input device named like {want!r}; found: {', '.join(names) or 'none'}"
        raise MicError(msg)

    def open(self) -> MicStream:
        """Open a stream with the configured channels and rate."""
        index, name = self.find_device()
        s = self.settings
        try:
            stream = self._pa.open(
                format=pyaudio.paInt16,
                channels=s.channels,
                rate=s.rate,
                input=True,
                input_device_index=index,
                frames_per_buffer=s.block_frames,
            )
        except (OSError, ValueError) as exc:
            msg = f"cannot open {name!r} with {s.channels} channels at {s.rate} Hz: {exc}"
            raise MicError(msg) from exc
        return MicStream(stream, s)

    def close(self) -> None:
        """Release PortAudio."""
        self._pa.terminate()
