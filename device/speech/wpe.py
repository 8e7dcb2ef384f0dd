"""Adapter: multichannel WPE dereverberation (nara-wpe) on an STFT of shape (bins, mics, frames).

nara-wpe is imported only here. ``wpe_v8`` loops over frequency bins, so the stacked
(mics × taps, frames) matrix exists for one bin at a time (a few MB) instead of all at once,
and the result overwrites the input spectrum instead of doubling it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from nara_wpe.wpe import wpe_v8

from device.speech.errors import AudioFormatError
from device.speech.settings import EnhancedSettings

ComplexArray = npt.NDArray[np.complex64]


def dereverberate(spectra: ComplexArray, settings: EnhancedSettings) -> ComplexArray:
    """Late reverberation predicted from each bin's past ``taps`` frames and removed.

    ``spectra`` is overwritten with the result: the front end's own STFT, which it does not
    need afterwards (a copy would double the largest array of a long segment).
    """
    if spectra.ndim != 3 or not np.iscomplexobj(spectra):
        raise AudioFormatError(
            "WPE needs a complex (bins, mics, frames) spectrum, "
            f"got {spectra.dtype} {spectra.shape}"
        )
    frames = spectra.shape[2]
    if frames <= settings.wpe_taps + settings.wpe_delay:
        raise AudioFormatError(
            f"WPE needs more than taps + delay = {settings.wpe_taps + settings.wpe_delay} frames, "
            f"got {frames}"
        )
    out = wpe_v8(
        spectra,
        taps=settings.wpe_taps,
        delay=settings.wpe_delay,
        iterations=settings.wpe_iterations,
        statistics_mode="full",
        inplace=True,
    )
    return np.asarray(out, dtype=np.complex64)
