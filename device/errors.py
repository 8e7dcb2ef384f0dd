"""The root of the device's own errors.

Every error the device raises on purpose is a :class:`DeviceError`, so the command line
catches one class. Adapters turn third-party errors (paho, PyAudio, gpiozero, sherpa-onnx,
llama.cpp, cryptography) into a subclass at their edge, with a message a person can act on.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base class of every error the device raises; the message says what to do."""
