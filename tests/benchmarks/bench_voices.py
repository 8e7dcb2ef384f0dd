"""Voice benchmark: WER per espeak-ng voice variant and rate with the shipped model
(whisper-base int8 through sherpa-onnx, as the speech worker decodes), in Swedish and in
English, the demo meeting's WER and the English room meetings' WER without a room.

    .venv/bin/python -m tests.benchmarks.bench_voices            # survey and meetings
    .venv/bin/python -m tests.benchmarks.bench_voices --only meetings
    .venv/bin/python -m tests.benchmarks --only voices           # into docs/BENCHMARKS.md

The survey sentences are written for this benchmark in the corpus's style and are not lines
of any meeting, so choosing the demo's voices (Swedish) and the English room meetings' voices
on them does not tune to those meetings.
Each sentence is decoded on its own, padded with silence as the VAD pads a segment.
Prints a JSON list of rows (tests.benchmarks.report).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from device.speech.settings import AsrSettings
from device.speech.sherpa_asr import WhisperDecoder
from device.speech.sources import WavSource
from models.corpus import Meeting, ensure_corpus
from models.corpus.synth import SAMPLE_RATE, SynthSettings, synthesize
from models.corpus.wer import word_error_rate
from tests.benchmarks.bench_speech_room import ENGLISH as ROOM_ENGLISH
from tests.benchmarks.report import Row, command, emit, row

STORE = Path(os.environ.get("SAMTAL_MODELS", "~/.cache/samtal/models")).expanduser()
COMMAND = command("bench_voices")
VOICES = tuple(f"sv+m{i}" for i in range(1, 8)) + tuple(f"sv+f{i}" for i in range(1, 6))
RATES = (130, 150, 170)
PAD_S = 0.2
"""Silence around each clip, as the VAD keeps around a segment (``VadSettings.pad_s``)."""
DEMO_TARGET = 0.5
WORKERS = 2
SENTENCES = (
    "Hej och välkommen. Jag heter Sara Lind och jag arbetar med ekonomiskt bistånd.",
    "Vi bor i en lägenhet med två rum och kök, och hyran är 7 400 kronor i månaden.",
    "Min dotter går i fjärde klass och hon tycker mycket om att läsa böcker.",
    "Jag har inte fått något svar från Försäkringskassan ännu.",
    "Vi ses igen den 14 januari klockan 9 här på kontoret.",
)
"""Held-out survey lines: none is a line of a corpus meeting."""
ENGLISH_VOICES = tuple(f"en+m{i}" for i in range(1, 8)) + tuple(f"en+f{i}" for i in range(1, 6))
ENGLISH_SENTENCES = (
    "Good morning. My name is Karin and I work with housing support for the council.",
    "We moved here in March, and the flat has three rooms and a small kitchen.",
    "My daughter is in the fourth year at school and she likes reading books.",
    "I have not had any answer from the insurance office yet.",
    "We will meet again on the 14th of January at nine o'clock in this office.",
)
"""Held-out English survey lines: none is a line of an English corpus meeting."""
SURVEYS = {"sv": (VOICES, SENTENCES), "en": (ENGLISH_VOICES, ENGLISH_SENTENCES)}

Decode = Callable[[np.ndarray], str]


def shipped_decoder(threads: int = 2, language: str = "sv") -> Decode:
    """The worker's default recogniser: whisper-base int8 via sherpa-onnx."""
    asr = AsrSettings()
    decoder = WhisperDecoder(
        STORE / asr.encoder,
        STORE / asr.decoder,
        STORE / asr.tokens,
        language=language,
        num_threads=threads,
    )
    return lambda samples: decoder.decode(samples.astype(np.float32)).text


def _padded(samples: np.ndarray) -> np.ndarray:
    pad = np.zeros(int(PAD_S * SAMPLE_RATE))
    return np.concatenate([pad, samples, pad])


def survey_wer(
    decode: Decode, voice: str, rate: int, sentences: Sequence[str], language: str = "sv"
) -> float:
    """WER over ``sentences`` read by ``voice`` at ``rate`` wpm, each decoded on its own."""
    settings = SynthSettings(words_per_minute=rate)
    hypotheses = [decode(_padded(synthesize(s, voice, settings))) for s in sentences]
    return word_error_rate(" ".join(sentences), " ".join(hypotheses), language)


_worker_decode: dict[str, Decode] = {}


def _start_worker(language: str) -> None:
    _worker_decode[language] = shipped_decoder(threads=1, language=language)


def _survey_voice(voice: str, rates: Sequence[int], language: str) -> list[tuple[int, float]]:
    """(rate, WER) for one voice, in a pool worker with its own one-thread decoder."""
    decode, sentences = _worker_decode[language], SURVEYS[language][1]
    results = [(rate, survey_wer(decode, voice, rate, sentences, language)) for rate in rates]
    print(" ".join(f"{voice} {rate} wpm: {w:.3f}" for rate, w in results), flush=True)
    return results


def survey_rows(language: str = "sv", rates: Sequence[int] = RATES) -> list[Row]:
    """One row per voice and rate, then the best male + female pair per rate. Two worker
    processes with a one-thread decoder each: on a shared machine that is cheaper than one
    with two threads."""
    voices = SURVEYS[language][0]
    cmd = f"{COMMAND} --only survey"
    rows, scores = [], {}
    with ProcessPoolExecutor(WORKERS, initializer=_start_worker, initargs=(language,)) as pool:
        n = len(voices)
        per_voice = pool.map(_survey_voice, voices, [rates] * n, [language] * n)
        for voice, results in zip(voices, per_voice, strict=True):
            for rate, value in results:
                rows.append(row(f"survey WER {voice} at {rate} wpm", value, "WER", command=cmd))
                scores[voice, rate] = value
    for rate in rates:
        value, male, female = best_pair(scores, rate)
        label = f"survey best male + female pair at {rate} wpm: {male} + {female} (mean)"
        if language != "sv":
            label = f"{language} {label}"
        rows.append(row(label, value, "WER", command=cmd))
    return rows


def best_pair(scores: dict[tuple[str, int], float], rate: int) -> tuple[float, str, str]:
    """Mean WER, voices of the best male and the best female variant at ``rate``: the demo
    takes one of each so that its two speakers are easy to tell apart."""
    at_rate = {voice: wer for (voice, r), wer in scores.items() if r == rate}
    male = min((v for v in at_rate if "+m" in v), key=at_rate.__getitem__)
    female = min((v for v in at_rate if "+f" in v), key=at_rate.__getitem__)
    return (at_rate[male] + at_rate[female]) / 2, male, female


def meeting_wer(decode: Decode, meeting: Meeting, language: str = "sv") -> float:
    """WER of the meeting's reference utterances cut from channel 0 of the 4-mic file."""
    audio = WavSource(meeting.mic4_wav).read(0, 10**9)[:, 0] / 32768
    hypotheses = []
    for utt in meeting.reference.utterances:
        a = max(0, int((utt.start - PAD_S) * SAMPLE_RATE))
        b = int((utt.end + PAD_S) * SAMPLE_RATE)
        hypotheses.append(decode(audio[a:b]))
    return word_error_rate(meeting.reference.text, " ".join(hypotheses), language)


def median_f0(samples: np.ndarray) -> float:
    """Median fundamental frequency (Hz) over voiced 40 ms frames, by autocorrelation."""
    frame, low, high = int(0.04 * SAMPLE_RATE), SAMPLE_RATE // 400, SAMPLE_RATE // 60
    found = []
    for start in range(0, len(samples) - frame, frame):
        x = samples[start : start + frame] - samples[start : start + frame].mean()
        ac = np.correlate(x, x, "full")[frame - 1 :]
        if ac[0] <= 0:
            continue
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] / ac[0] > 0.5:  # voiced: strongly periodic
            found.append(SAMPLE_RATE / lag)
    return float(np.median(found)) if found else 0.0


def pitch_rows(meeting: Meeting) -> list[Row]:
    """Each speaker's median F0 in the meeting: the two voices should sound apart."""
    audio = WavSource(meeting.wav).read(0, 10**9)[:, 0] / 32768
    rows = []
    for speaker, voice in _voices(meeting).items():
        own = [
            audio[int(u.start * SAMPLE_RATE) : int(u.end * SAMPLE_RATE)]
            for u in meeting.reference.utterances
            if u.speaker == speaker
        ]
        f0 = median_f0(np.concatenate(own))
        label = f"{meeting.id} {speaker} ({voice}) median F0"
        rows.append(row(label, f0, "Hz", command=f"{COMMAND} --only meetings"))
    return rows


def meeting_rows(decode: Decode) -> list[Row]:
    """The demo meeting's WER (target) beside m02, the same lines in the hard voices."""
    corpus = ensure_corpus()
    cmd = f"{COMMAND} --only meetings"
    demo = meeting_wer(decode, corpus["demo_barn_skola"])
    hard = meeting_wer(decode, corpus["m02_barn_skola"])
    voices = ", ".join(_voices(corpus["demo_barn_skola"]).values())
    return [
        row(
            f"demo meeting WER (demo_barn_skola: {voices})",
            demo,
            "WER",
            f"<= {DEMO_TARGET}",
            demo <= DEMO_TARGET,
            command=cmd,
            baseline="m02_barn_skola, same lines, sv+f4/sv+f2 at 165 wpm",
            ratio=demo / hard if hard else None,
        ),
        row("m02_barn_skola WER (sv+f4, sv+f2 at 165 wpm)", hard, "WER", command=cmd),
        *pitch_rows(corpus["demo_barn_skola"]),
    ]


def english_rows(decode: Decode) -> list[Row]:
    """The English room meetings without a room (anechoic, mic 0): the floor below which no
    front end can bring them, with the voices they are read by."""
    corpus = ensure_corpus()
    rows = []
    for meeting_id in ROOM_ENGLISH:
        meeting = corpus.english_meeting(meeting_id)
        voices = ", ".join(_voices(meeting).values())
        label = f"{meeting_id} WER without a room ({voices})"
        value = meeting_wer(decode, meeting, "en")
        rows.append(row(label, value, "WER", command=f"{COMMAND} --only meetings"))
    return rows


def _voices(meeting: Meeting) -> dict[str, str]:
    """Speaker label to espeak-ng voice, in order of first utterance."""
    voices: dict[str, str] = {}
    for utt in meeting.reference.utterances:
        voices.setdefault(utt.speaker, utt.voice)
    return voices


def run(only: str | None = None) -> list[Row]:
    """The survey and the meetings' WER (``only``: "survey" or "meetings")."""
    rows = [] if only == "meetings" else [*survey_rows("sv"), *survey_rows("en")]
    if only == "survey":
        return rows
    return rows + meeting_rows(shipped_decoder()) + english_rows(shipped_decoder(language="en"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["survey", "meetings"], help="run one part")
    emit(run(parser.parse_args().only))


if __name__ == "__main__":
    main()
