"""The speech front end: delay-and-sum steering (checked against pyroomacoustics), the
superdirective beam, the STFT, the WPE adapter, and the front end's choices and errors."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pyroomacoustics as pra
import pytest

from device.speech.beamformer import Stft, beamform, steering_weights, superdirective_weights
from device.speech.errors import AudioFormatError
from device.speech.frontend import FrontEnd
from device.speech.geometry import PRESETS
from device.speech.settings import EnhancedSettings
from device.speech.wpe import dereverberate
from models.corpus.noise import NoiseSettings, diffuse_noise
from tests.speech.synth import RATE, babble, record

SIZE = 512


def high_band(seconds: float, seed: int) -> np.ndarray:
    """Noise in 2-7 kHz, where a 32-46 mm array has a beam worth measuring."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    spec = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spec[(freqs < 2000) | (freqs > 7000)] = 0
    return np.asarray(0.1 * np.fft.irfft(spec, n))


def power(x: np.ndarray) -> float:
    return float(np.mean(np.square(x)))


@pytest.mark.parametrize("preset", ["respeaker-4mic", "respeaker-6mic", "respeaker-linear-4mic"])
@pytest.mark.parametrize("azimuth", [0.0, 45.0, 130.0, 290.0])
def test_steering_weights_match_pyroomacoustics_far_field_weights(
    preset: str, azimuth: float
) -> None:
    """Our delay-and-sum weights equal pyroomacoustics' far-field weights up to one phase and
    scale per bin (its weights are made causal and not divided by the mic count)."""
    geometry = PRESETS[preset]
    reference = pra.Beamformer(geometry.array[:, :2].T, RATE, N=SIZE)
    reference.far_field_weights(np.deg2rad(azimuth))
    theirs = reference.weights.T  # (bins, mics)
    ours = steering_weights(geometry, azimuth, SIZE)
    np.testing.assert_allclose(ours / ours[:, :1], theirs / theirs[:, :1], atol=1e-9)
    np.testing.assert_allclose(np.abs(ours) * geometry.channels, np.abs(theirs), atol=1e-9)


@pytest.mark.parametrize("preset", ["respeaker-4mic", "respeaker-6mic"])
def test_beam_toward_a_source_keeps_it_and_away_attenuates_it(preset: str) -> None:
    """Steered at the source, the output keeps the source's power; steered opposite, it loses
    more than half of it."""
    geometry = PRESETS[preset]
    frames = record(high_band(2.0, seed=1), geometry, 60.0, snr_db=60.0).astype(np.float32)
    stft = Stft()
    spectra = stft.forward(frames)
    toward = stft.inverse(beamform(spectra, steering_weights(geometry, 60.0, SIZE)), len(frames))
    away = stft.inverse(beamform(spectra, steering_weights(geometry, 240.0, SIZE)), len(frames))
    assert power(toward) == pytest.approx(power(frames[:, 0]), rel=0.1)
    assert power(away) < 0.5 * power(toward)


@pytest.mark.parametrize("preset", ["respeaker-4mic", "respeaker-6mic"])
def test_superdirective_beam_keeps_the_steered_direction_undistorted(preset: str) -> None:
    """Toward its azimuth the superdirective beam passes the source unchanged: wᴴd = 1 in
    every frequency bin."""
    geometry = PRESETS[preset]
    steering = steering_weights(geometry, 75.0, SIZE) * geometry.channels
    weights = superdirective_weights(geometry, 75.0, SIZE)
    response = np.einsum("fm,fm->f", weights.conj(), steering)
    np.testing.assert_allclose(response, 1.0, atol=1e-9)


def band_power(mono: np.ndarray, low: float, high: float) -> float:
    spectrum = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(len(mono), 1 / RATE)
    return float(spectrum[(freqs >= low) & (freqs < high)].sum())


def test_superdirective_beam_takes_more_diffuse_noise_out_than_delay_and_sum() -> None:
    """In a diffuse noise field (the corpus rooms' noise model) the superdirective beam on the
    4-mic array leaves less than half the noise power that delay-and-sum leaves below 2 kHz,
    where a 64 mm array's delay-and-sum beam is nearly omnidirectional."""
    geometry = PRESETS["respeaker-4mic"]
    mics = np.column_stack([geometry.array[:, :2], np.zeros(geometry.channels)])
    noise = diffuse_noise(mics, 4 * RATE, np.random.default_rng(3), NoiseSettings())
    spectra = Stft().forward(noise.astype(np.float32))
    out = {}
    for name, weights in {
        "delay-and-sum": steering_weights(geometry, 30.0, SIZE),
        "superdirective": superdirective_weights(geometry, 30.0, SIZE),
    }.items():
        out[name] = band_power(Stft().inverse(beamform(spectra, weights), len(noise)), 200, 2000)
    assert out["superdirective"] < 0.5 * out["delay-and-sum"]


def test_heavy_loading_turns_the_superdirective_beam_into_delay_and_sum() -> None:
    """With the diagonal loading far above the coherence, the weights are delay-and-sum's."""
    geometry = PRESETS["respeaker-6mic"]
    loaded = superdirective_weights(geometry, 200.0, SIZE, loading=1e6)
    np.testing.assert_allclose(loaded, steering_weights(geometry, 200.0, SIZE), atol=1e-5)


def test_superdirective_beam_refuses_non_positive_loading() -> None:
    """Without loading the coherence matrix is singular at 0 Hz; loading 0 is refused."""
    with pytest.raises(ValueError, match="loading must be positive"):
        superdirective_weights(PRESETS["respeaker-4mic"], 0.0, SIZE, loading=0.0)


def test_beamformer_refuses_weights_for_another_array() -> None:
    """Weights for four mics on a six-mic spectrum fail with both shapes named."""
    spectra = Stft().forward(np.zeros((4000, 6), np.float32))
    weights = steering_weights(PRESETS["respeaker-4mic"], 0.0, SIZE)
    with pytest.raises(AudioFormatError, match=r"\(257, 4\)"):
        beamform(spectra, weights)


def test_stft_round_trip_gives_back_the_signal() -> None:
    """Analysis then overlap-add resynthesis of one channel returns the same samples."""
    signal = babble(1.3, seed=2).astype(np.float32)[:, None]
    stft = Stft()
    again = stft.inverse(stft.forward(signal)[:, 0], len(signal))
    np.testing.assert_allclose(again, signal[:, 0], atol=1e-5)


def test_stft_of_a_long_six_mic_segment_allocates_little_beyond_its_result() -> None:
    """A 25 s six-mic segment is analysed one mic at a time: the peak allocation stays under
    2.5 times the spectrum itself (framing every mic at once reached 6.8 times)."""
    audio = np.zeros((RATE * 25, 6), np.float32)
    tracemalloc.start()
    try:
        spectra = Stft(512, 256).forward(audio)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 2.5 * spectra.nbytes


def test_wpe_writes_its_result_over_the_spectrum_it_was_given() -> None:
    """The dereverberated spectrum takes the input's memory instead of a second copy."""
    spectra = Stft().forward(babble(1.0, seed=4).astype(np.float32)[:, None].repeat(4, axis=1))
    assert dereverberate(spectra, EnhancedSettings()) is spectra


def test_stft_refuses_one_dimensional_audio() -> None:
    """Audio without a channel axis fails and says the shape it expected."""
    with pytest.raises(AudioFormatError, match=r"\(samples, channels\)"):
        Stft().forward(np.zeros(1000, np.float32))


def reverberant(seconds: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Bursts of babble (0.5 s on, 0.5 s off) in a simulated 0.7 s room, 4 mics: the
    reverberant recording and a mask of the gaps, where only reverberation is heard."""
    dry = babble(seconds, seed)
    gate = (np.arange(len(dry)) // (RATE // 2)) % 2 == 0
    room_dim = [5.0, 4.0, 2.7]
    absorption, order = pra.inverse_sabine(0.7, room_dim)
    room = pra.ShoeBox(room_dim, fs=RATE, materials=pra.Material(absorption), max_order=order)
    centre = np.array([2.4, 2.1, 0.75])
    room.add_microphone_array(PRESETS["respeaker-4mic"].array.T + centre[:, None])
    room.add_source(centre + np.array([1.2, 0.6, 0.45]), signal=dry * gate)
    room.simulate()
    wet = room.mic_array.signals.T[: len(dry)].astype(np.float32)
    # The first 0.1 s after each burst still holds its direct sound and early echoes.
    tail = ~gate & ((np.arange(len(dry)) % (RATE // 2)) > RATE // 10)
    return wet, tail


def test_wpe_removes_most_of_the_reverberant_tail() -> None:
    """After WPE the gaps between bursts hold less than half the reverberation they had."""
    wet, tail = reverberant(6.0, seed=3)
    settings = EnhancedSettings()
    stft = Stft(settings.stft_size, settings.stft_hop)
    dry = stft.inverse(dereverberate(stft.forward(wet), settings)[:, 0], len(wet))
    assert power(dry[tail]) < 0.5 * power(wet[tail, 0])


def test_wpe_refuses_a_spectrum_without_a_mic_axis() -> None:
    """A (bins, frames) spectrum fails, naming the shape WPE needs."""
    with pytest.raises(AudioFormatError, match=r"\(bins, mics, frames\)"):
        dereverberate(np.zeros((257, 100), np.complex64), EnhancedSettings())


def test_wpe_refuses_too_few_frames() -> None:
    """A spectrum not longer than the filter fails with the frame count it needs."""
    with pytest.raises(AudioFormatError, match="more than taps"):
        dereverberate(np.zeros((257, 4, 5), np.complex64), EnhancedSettings())


def test_enhanced_front_end_hears_the_steered_source_better_than_mic_zero() -> None:
    """With a second talker opposite, the enhanced output holds more of the steered talker
    relative to the other than mic 0 does."""
    geometry = PRESETS["respeaker-6mic"]
    target, other = high_band(2.0, seed=4), high_band(2.0, seed=5)
    near = record(target, geometry, 30.0, snr_db=60.0)
    far = record(other, geometry, 210.0, snr_db=60.0, seed=1)
    front = FrontEnd("enhanced", 6, geometry=geometry, dereverberate=lambda s, _: s)
    out_near = front.listen(near.astype(np.float32), 30.0)
    out_far = front.listen(far.astype(np.float32), 30.0)
    assert power(out_near) / power(out_far) > 2 * power(near[:, 0]) / power(far[:, 0])


def test_zero_wpe_taps_turn_dereverberation_off() -> None:
    """With ``wpe_taps = 0`` the enhanced front end beams the raw mics and never calls WPE."""

    def refuse(_spectra: np.ndarray, _settings: EnhancedSettings) -> np.ndarray:
        raise AssertionError("WPE was called")

    geometry = PRESETS["respeaker-4mic"]
    frames = record(babble(1.0, seed=2), geometry, 45.0, snr_db=40.0).astype(np.float32)
    settings = EnhancedSettings(wpe_taps=0)
    front = FrontEnd("enhanced", 4, geometry=geometry, settings=settings, dereverberate=refuse)
    assert front.listen(frames, 45.0).shape == (len(frames),)


def test_front_end_refuses_audio_with_other_channels() -> None:
    """Four-channel audio into a six-channel front end fails with both counts named."""
    front = FrontEnd("mean", 6)
    with pytest.raises(AudioFormatError, match=r"\(samples, 6\).*\(100, 4\)"):
        front.listen(np.zeros((100, 4), np.float32), None)


def test_unknown_front_end_is_refused_with_the_choices() -> None:
    """A misspelt front end names the valid ones."""
    with pytest.raises(ValueError, match="channel0, mean, enhanced"):
        FrontEnd("beamformed", 4)


def test_enhanced_on_an_array_needs_its_geometry() -> None:
    """Enhanced on several channels without a geometry fails at construction, not mid-meeting."""
    with pytest.raises(ValueError, match="geometry"):
        FrontEnd("enhanced", 4, dereverberate=lambda s, _: s)


def test_one_channel_audio_is_heard_as_it_is() -> None:
    """On mono audio every front end passes the samples through unchanged."""
    audio = babble(0.5, seed=6).astype(np.float32)[:, None]
    front = FrontEnd("enhanced", 1)
    np.testing.assert_array_equal(front.listen(audio, None), audio[:, 0])


def test_channel0_hears_mic_zero_and_mean_the_average() -> None:
    """channel0 returns mic 0 and mean the average of all mics."""
    audio = np.random.default_rng(7).standard_normal((200, 4)).astype(np.float32)
    np.testing.assert_array_equal(FrontEnd("channel0", 4).listen(audio, 10.0), audio[:, 0])
    np.testing.assert_allclose(FrontEnd("mean", 4).listen(audio, 10.0), audio.mean(axis=1))
