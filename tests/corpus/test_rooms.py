"""Room variants: determinism, RT60, SNR, true azimuths, the 45° pair and clear errors."""

from __future__ import annotations

import dataclasses
import functools
import math
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from models.corpus import CONDITIONS, Corpus, CorpusError, Meeting, RoomPlan, generate_corpus
from models.corpus.array import ARRAYS, RESPEAKER_6, ArrayGeometry
from models.corpus.conditions import (
    PAIR_45,
    ROOM_MEETINGS,
    RoomCondition,
    RoomSpec,
    Table,
    array_azimuth,
    condition,
    place_seats,
)
from models.corpus.corpus import RoomVariant
from models.corpus.noise import NoiseSettings, diffuse_noise
from models.corpus.room import RoomResponses, RoomSettings, impulse_responses
from models.corpus.scripts import ENGLISH_MEETINGS, MEETINGS
from models.corpus.variants import mic_positions
from models.corpus.wavio import read_wav
from tests.corpus.audio_checks import (
    lag_samples,
    noise_and_speech_power,
    schroeder_rt60,
    speech_regions,
)
from tests.corpus.test_reference import _cited

RT60_TOLERANCE = 0.15
"""Measured RT60 within 15 % of the target (image sources capped at order 40)."""
SNR_TOLERANCE_DB = 1.0
QUICK = RoomPlan.of(["m01_bistand_kort"], ["rt03_snr20"])


def _variants(corpus: Corpus) -> list[tuple[str, RoomVariant]]:
    return [(m.id, v) for m in corpus.room_meetings() for v in m.rooms.values()]


@functools.cache
def _responses(name: str) -> tuple[RoomResponses, npt.NDArray[np.float64]]:
    """The condition's RIRs from every seat to both arrays' microphones (mic4 then mic6)."""
    cond = condition(name)
    seats = place_seats(cond, len(cond.seats))
    mics = np.concatenate([mic_positions(cond.room, g) for g in ARRAYS])
    sources = [s.position_m for s in seats]
    return impulse_responses(cond.room, cond.rt60_s, sources, mics.T, RoomSettings()), mics


def test_same_seed_gives_same_room_bytes(tmp_path: Path) -> None:
    """Generating m01 in one room twice gives identical files, room variants included."""
    one = generate_corpus(
        tmp_path / "a", meetings=MEETINGS[:1], held_out=(), english=(), rooms=QUICK, demo=()
    )
    two = generate_corpus(
        tmp_path / "b", meetings=MEETINGS[:1], held_out=(), english=(), rooms=QUICK, demo=()
    )
    assert any(name.startswith("m01_bistand_kort/rooms/rt03_snr20/") for name in one["files"])
    assert one["files"] == two["files"]


def test_every_planned_variant_is_in_the_manifest(corpus: Corpus) -> None:
    """Each meeting of ROOM_MEETINGS has every condition, its files hashed in the manifest."""
    for meeting_id in ROOM_MEETINGS:
        meeting = _meeting(corpus, meeting_id)
        assert list(meeting.rooms) == list(CONDITIONS)
        for variant in meeting.rooms.values():
            for path in (variant.mic4_wav, variant.mic4_raw, variant.mic6_wav, variant.mic6_raw):
                assert str(path.relative_to(corpus.root)) in corpus.manifest["files"]


def _meeting(corpus: Corpus, meeting_id: str) -> Meeting:
    return corpus.english_meetings.get(meeting_id) or corpus[meeting_id]


@pytest.mark.parametrize("geometry", ARRAYS, ids=lambda g: g.name)
def test_room_files_match_the_meeting_length(corpus: Corpus, geometry: ArrayGeometry) -> None:
    """A variant's array file has one channel per microphone and the dry meeting's length."""
    for meeting_id, variant in _variants(corpus):
        mono, _ = read_wav(_meeting(corpus, meeting_id).wav)
        pcm, rate = read_wav(variant.folder / f"{geometry.name}.wav")
        assert (rate, pcm.shape) == (16000, (len(mono), geometry.mics)), (meeting_id, variant)


def test_room_raw_file_holds_the_wav_samples(corpus: Corpus) -> None:
    """A variant's .raw file is its WAV's interleaved S16_LE data."""
    _, variant = _variants(corpus)[0]
    pcm, _ = read_wav(variant.mic6_wav)
    assert variant.mic6_raw.read_bytes() == pcm.tobytes()


@pytest.mark.parametrize("name", list(CONDITIONS))
def test_measured_rt60_of_the_rirs_is_near_the_target(name: str) -> None:
    """The RT60 measured (Schroeder T20, our own fit) on every RIR is within 15 % of target."""
    responses, _ = _responses(name)
    target = CONDITIONS[name].rt60_s
    measured = [
        schroeder_rt60(responses.rirs[s, :, m])
        for s in range(responses.rirs.shape[0])
        for m in range(responses.rirs.shape[2])
    ]
    assert min(measured) >= target * (1 - RT60_TOLERANCE), measured
    assert max(measured) <= target * (1 + RT60_TOLERANCE), measured


def test_reference_records_the_measured_rt60(corpus: Corpus) -> None:
    """The reference's measured RT60 per geometry and speaker agrees with our own fit."""
    for _, variant in _variants(corpus):
        responses, _ = _responses(variant.condition)
        recorded = variant.room["rt60_measured_s"]
        start = 0
        for geometry in ARRAYS:
            for index, speaker in enumerate(variant.reference.speaker_angles_deg):
                ours = np.mean(
                    [
                        schroeder_rt60(responses.rirs[index, :, start + m])
                        for m in range(geometry.mics)
                    ]
                )
                assert recorded[geometry.name][speaker] == pytest.approx(ours, rel=0.03)
            start += geometry.mics


@pytest.mark.parametrize("geometry", ARRAYS, ids=lambda g: g.name)
def test_snr_of_the_mix_is_the_target(corpus: Corpus, geometry: ArrayGeometry) -> None:
    """Speech-to-noise power measured in each variant's file is its condition's SNR ± 1 dB."""
    for meeting_id, variant in _variants(corpus):
        pcm, _ = read_wav(variant.folder / f"{geometry.name}.wav")
        spans = [(u.start, u.end) for u in variant.reference.utterances]
        noise, speech = noise_and_speech_power(pcm, spans)
        snr = 10 * math.log10((speech - noise) / noise)
        assert snr == pytest.approx(variant.snr_db, abs=SNR_TOLERANCE_DB), (meeting_id, variant)


def test_azimuths_in_the_reference_follow_from_the_seats(corpus: Corpus) -> None:
    """Every speaker's azimuth is the seat's direction from the array, less its rotation."""
    for _, variant in _variants(corpus):
        room = variant.room
        cx, cy, _ = room["array"]["centre_m"]
        for speaker, angle in variant.reference.speaker_angles_deg.items():
            x, y, _ = room["seats"][speaker]["position_m"]
            expected = (
                math.degrees(math.atan2(y - cy, x - cx)) - room["array"]["rotation_deg"]
            ) % 360
            assert angle == pytest.approx(expected, abs=1e-3), (variant.condition, speaker)


def test_speaker_entries_carry_the_room_azimuth(corpus: Corpus) -> None:
    """``speakers[].angle_deg`` in a variant's reference is the room azimuth, not the script's."""
    for _, variant in _variants(corpus):
        ref = variant.reference
        assert {s["id"]: s["angle_deg"] for s in ref.data["speakers"]} == ref.speaker_angles_deg


@pytest.mark.parametrize("name", ["rt03_snr20", "rt07_snr10_pair45"])
def test_direct_path_delays_follow_the_azimuth(name: str) -> None:
    """Inter-microphone lags of each RIR's direct path are what the azimuth predicts."""
    responses, _ = _responses(name)
    cond = CONDITIONS[name]
    start = sum(g.mics for g in ARRAYS[: ARRAYS.index(RESPEAKER_6)])
    for index, seat in enumerate(place_seats(cond, len(cond.seats))):
        rir = responses.rirs[index, :, start : start + RESPEAKER_6.mics]
        peak = int(np.argmax(np.abs(rir[:, 0])))
        window = rir[peak - 24 : peak + 24]
        measured = [lag_samples(window[:, 0], window[:, m]) for m in range(RESPEAKER_6.mics)]
        scale = math.cos(math.radians(seat.elevation_deg))
        delays = RESPEAKER_6.delays_s(seat.azimuth_deg)
        expected = [(d - delays[0]) * 16000 * scale for d in delays]
        assert measured == pytest.approx(expected, abs=0.15), seat.seat.name


def test_the_pair_sits_45_degrees_apart(corpus: Corpus) -> None:
    """In the pair45 conditions S1 and S2 are 45° apart as the array sees them."""
    pairs = [v for _, v in _variants(corpus) if v.condition.endswith("_pair45")]
    assert pairs
    for variant in pairs:
        angles = variant.reference.speaker_angles_deg
        gap = abs(angles["S1"] - angles["S2"]) % 360
        assert min(gap, 360 - gap) == pytest.approx(45.0, abs=1e-3)


def test_pair45_seats_are_45_degrees_apart_from_their_positions() -> None:
    """The head and corner seats, placed in each room, subtend 45° at the array."""
    for cond in CONDITIONS.values():
        if cond.seats[:2] == PAIR_45[:2]:
            one, two = place_seats(cond, 2)
            gap = array_azimuth(cond.room, two.position_m) - array_azimuth(
                cond.room, one.position_m
            )
            assert gap % 360 == pytest.approx(45.0, abs=1e-3)


def test_other_conditions_keep_speakers_apart() -> None:
    """Outside the pair45 conditions every pair of seats is at least 100° apart."""
    for cond in CONDITIONS.values():
        if not cond.name.endswith("_pair45"):
            angles = [s.azimuth_deg for s in place_seats(cond, len(cond.seats))]
            gaps = [abs(a - b) % 360 for i, a in enumerate(angles) for b in angles[i + 1 :]]
            assert min(min(g, 360 - g) for g in gaps) >= 100


def test_rooms_are_12_to_25_square_metres_with_seats_1_to_2_m_away() -> None:
    """Every condition's room is 12–25 m², each seat 1–2 m from the array."""
    for cond in CONDITIONS.values():
        assert 12 <= cond.room.area_m2 <= 25, cond.name
        for seat in place_seats(cond, len(cond.seats)):
            assert 1.0 <= seat.distance_m <= 2.0, (cond.name, seat.seat.name)


def test_diffuse_noise_has_the_diffuse_field_coherence() -> None:
    """Noise between two microphones has coherence sinc(2fd/c), as a diffuse field does."""
    mics = np.array([[x, y, 0.0] for x, y in RESPEAKER_6.mic_positions_m()])
    noise = diffuse_noise(
        mics, 16000 * 20, np.random.default_rng(3), NoiseSettings(sensor_db=-200.0)
    )
    frames = noise[: 16000 * 20 // 512 * 512].reshape(-1, 512, 6)
    spectra = np.fft.rfft(frames * np.hanning(512)[None, :, None], axis=1)
    freqs = np.fft.rfftfreq(512, 1 / 16000)
    for other in (1, 3):
        cross = np.mean(spectra[:, :, 0] * np.conj(spectra[:, :, other]), axis=0)
        power = np.mean(np.abs(spectra[:, :, 0]) ** 2, axis=0)
        power_other = np.mean(np.abs(spectra[:, :, other]) ** 2, axis=0)
        measured = np.real(cross) / np.sqrt(power * power_other)
        distance = float(np.linalg.norm(mics[0] - mics[other]))
        expected = np.sinc(2 * freqs * distance / 343.0)
        assert np.max(np.abs(measured[4:] - expected[4:])) < 0.1, other


def test_unknown_condition_is_a_clear_error() -> None:
    """A room condition that does not exist is refused, naming the known ones."""
    with pytest.raises(CorpusError, match=r"no room condition 'rt09_snr5'; known: rt03_snr20"):
        RoomPlan.of(["m01_bistand_kort"], ["rt09_snr5"])


def test_room_too_small_for_the_table_is_a_clear_error() -> None:
    """A 2.4 × 2.0 m room cannot hold the table with its seats: a CorpusError says so."""
    cramped = RoomSpec("cupboard", 2.4, 2.0, 2.4, Table((1.2, 1.0)), array_rotation_deg=0.0)
    cond = RoomCondition("tiny", cramped, 0.5, 10.0, PAIR_45)
    with pytest.raises(CorpusError, match=r"'cupboard' .* is too small for the"):
        place_seats(cond, 2)


def test_room_too_narrow_for_a_seat_is_a_clear_error() -> None:
    """A room wide enough for the table but not for a seat behind it is refused."""
    narrow = dataclasses.replace(CONDITIONS["rt05_snr10"].room, width_m=2.6)
    narrow = dataclasses.replace(narrow, table=Table((2.3, 1.3)))
    cond = dataclasses.replace(CONDITIONS["rt05_snr10"], room=narrow)
    with pytest.raises(CorpusError, match=r"seat 'left' .* from a wall"):
        place_seats(cond, 3)


def test_more_speakers_than_seats_is_a_clear_error() -> None:
    """A meeting with more speakers than the condition has seats is refused."""
    with pytest.raises(CorpusError, match="has 3 seats, the meeting has 4 speakers"):
        place_seats(CONDITIONS["rt05_snr10"], 4)


def test_plan_for_a_meeting_not_generated_is_a_clear_error(tmp_path: Path) -> None:
    """Room variants asked for a meeting outside the generated set are refused up front."""
    plan = RoomPlan.of(["m02_barn_skola"], ["rt05_snr10"])
    with pytest.raises(CorpusError, match="not generated: m02_barn_skola"):
        generate_corpus(
            tmp_path / "v1", meetings=MEETINGS[:1], held_out=(), english=(), rooms=plan, demo=()
        )
    assert not (tmp_path / "v1").exists()


def test_unknown_variant_lookup_lists_the_generated_ones(corpus: Corpus) -> None:
    """meeting.room() with an unknown name raises KeyError listing what exists."""
    with pytest.raises(KeyError, match="generated: rt03_snr20, rt05_snr20"):
        corpus["m01_bistand_kort"].room("rt09_snr5")


def test_anechoic_meetings_have_no_room_variants(corpus: Corpus) -> None:
    """Meetings outside ROOM_MEETINGS stay anechoic only, and say so when asked."""
    with pytest.raises(KeyError, match="generated: none"):
        corpus["m05_familj_utredning"].room("rt05_snr10")


def test_english_meetings_have_their_own_accessor(corpus: Corpus) -> None:
    """English meetings are reached through english_meeting(), not iteration or corpus[id]."""
    assert [m.id for m in corpus] == [m.id for m in MEETINGS]
    assert list(corpus.english_meetings) == [m.id for m in ENGLISH_MEETINGS]
    english = corpus.english_meeting("e01_benefit_followup")
    assert english.reference.data["language"] == "en"
    with pytest.raises(KeyError):
        corpus["e01_benefit_followup"]
    with pytest.raises(KeyError, match="known: e01_benefit_followup, e03_benefit_first_visit"):
        corpus.english_meeting("e02")


def test_english_references_cite_their_utterances(corpus: Corpus) -> None:
    """Each fact of an English meeting is found in the utterance it cites."""
    for meeting in corpus.english_meetings.values():
        ref = meeting.reference
        for uid, text in _cited(ref.facts):
            assert text in ref.utterance(uid).text, (meeting.id, uid, text)


def test_english_audio_lines_up_with_its_reference(corpus: Corpus) -> None:
    """The speech regions of each English meeting's mono file are its reference utterances."""
    for meeting in corpus.english_meetings.values():
        pcm, _ = read_wav(meeting.wav)
        measured = speech_regions(pcm)
        expected = [(u.start, u.end) for u in meeting.reference.utterances]
        assert len(measured) == len(expected), meeting.id
        assert np.abs(np.array(measured) - np.array(expected)).max() < 0.02, meeting.id
