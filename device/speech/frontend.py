"""The speech front end: what Whisper hears of a segment's multichannel audio.

``channel0`` is mic 0, ``mean`` the unsteered mean of all mics, and ``enhanced`` removes late
reverberation from every mic (WPE) and then beams toward the segment's direction: by default
superdirective (MVDR against diffuse noise), or delay-and-sum. See docs/speech.md for how
``enhanced`` was chosen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from device.speech.beamformer import Stft, beamform, steering_weights, superdirective_weights
from device.speech.errors import AudioFormatError
from device.speech.geometry import MicGeometry
from device.speech.settings import FRONT_ENDS, EnhancedSettings

Float32Array = npt.NDArray[np.float32]
ComplexArray = npt.NDArray[np.complex64]
Dereverberate = Callable[[ComplexArray, EnhancedSettings], ComplexArray]


class FrontEnd:
    """Mono audio for recognition (``listen``) and for voice activity (``monitor``)."""

    def __init__(
        self,
        kind: str,
        channels: int,
        *,
        geometry: MicGeometry | None = None,
        settings: EnhancedSettings | None = None,
        dereverberate: Dereverberate | None = None,
        speed_of_sound: float = 343.0,
    ) -> None:
        if kind not in FRONT_ENDS:
            raise ValueError(f"unknown front end {kind!r}; choose one of {', '.join(FRONT_ENDS)}")
        if kind == "enhanced" and channels > 1 and (geometry is None or dereverberate is None):
            raise ValueError("the enhanced front end needs the mic geometry and a dereverberator")
        if geometry is not None and geometry.channels != channels:
            raise AudioFormatError(
                f"geometry {geometry.name!r} has {geometry.channels} mics, "
                f"the audio {channels} channels"
            )
        self.kind = kind if channels > 1 else "channel0"
        self.channels = channels
        self.geometry = geometry
        self.settings = settings or EnhancedSettings()
        self._dereverberate = dereverberate
        self._speed = speed_of_sound
        self._stft = Stft(self.settings.stft_size, self.settings.stft_hop)

    def monitor(self, frames: Float32Array) -> Float32Array:
        """Cheap mono for the VAD and levels: mic 0 for ``channel0``, else the mean."""
        self._check(frames)
        mono = frames[:, 0] if self.kind == "channel0" else frames.mean(axis=1)
        return np.ascontiguousarray(mono, dtype=np.float32)

    def listen(self, frames: Float32Array, direction_deg: float | None) -> Float32Array:
        """What Whisper hears of one segment; ``enhanced`` steers at ``direction_deg``."""
        if self.kind != "enhanced":
            return self.monitor(frames)
        self._check(frames)
        spectra = self._stft.forward(frames)
        taps = self.settings.wpe_taps
        if taps and spectra.shape[2] > taps + self.settings.wpe_delay:
            assert self._dereverberate is not None  # noqa: S101 - checked in __init__
            spectra = self._dereverberate(spectra, self.settings)
        if direction_deg is None:
            # Too short for a direction: the unsteered mean of the dereverberated mics.
            return self._stft.inverse(spectra.mean(axis=1), frames.shape[0])
        return self._stft.inverse(beamform(spectra, self._weights(direction_deg)), frames.shape[0])

    def _weights(self, direction_deg: float) -> npt.NDArray[np.complex128]:
        assert self.geometry is not None  # noqa: S101 - checked in __init__
        size = self._stft.size
        if self.settings.beamformer == "delay-and-sum":
            return steering_weights(self.geometry, direction_deg, size, self._speed)
        loading = self.settings.diagonal_loading
        return superdirective_weights(self.geometry, direction_deg, size, self._speed, loading)

    def _check(self, frames: Float32Array) -> None:
        if frames.ndim != 2 or frames.shape[1] != self.channels:
            raise AudioFormatError(
                f"front end expects (samples, {self.channels}) audio, got shape {frames.shape}"
            )
