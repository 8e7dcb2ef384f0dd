"""The repetition and hallucination guard on decoded text."""

from __future__ import annotations

import numpy as np

from device.speech.asr import Decoded, Recognizer, halves
from device.speech.guard import Guard, compression_ratio, longest_run, words
from device.speech.settings import GuardSettings

SPEECH = (0.1 * np.sin(np.linspace(0, 2000, 32000))).astype(np.float32)
SILENCE = np.zeros(32000, dtype=np.float32)


def test_ordinary_sentence_passes() -> None:
    """A normal Swedish sentence on audible audio raises no flag."""
    verdict = Guard(GuardSettings()).check("Vi ses igen på tisdag klockan tio.", SPEECH)
    assert verdict.ok


def test_looping_phrase_is_flagged_as_repetition() -> None:
    """The loop the int8 model once produced is caught."""
    text = "Jag tycker att det är bra eller en råd eller en råd eller en råd eller en råd"
    verdict = Guard(GuardSettings()).check(text, SPEECH)
    assert verdict.flags == ("repetition",)


def test_word_said_three_times_is_not_a_loop() -> None:
    """People do say "nej nej nej"; three times is not flagged."""
    assert Guard(GuardSettings()).check("Nej nej nej, det stämmer inte.", SPEECH).ok


def test_text_on_silence_is_flagged() -> None:
    """Text decoded from digital silence is taken as hallucinated."""
    verdict = Guard(GuardSettings()).check("Tack för att du tittade.", SILENCE)
    assert verdict.flags == ("silence_text",)


def test_empty_text_is_never_flagged() -> None:
    """No text means nothing to distrust, even on silence."""
    assert Guard(GuardSettings()).check("", SILENCE).ok


LONG_SPEECH = (0.1 * np.sin(np.linspace(0, 20000, 16000 * 20))).astype(np.float32)


def test_a_word_or_two_for_twenty_seconds_of_speech_is_flagged_as_sparse() -> None:
    """Whisper answering 20 s of audible speech with one word has dropped the speech."""
    verdict = Guard(GuardSettings()).check("*Råd*", LONG_SPEECH)
    assert verdict.flags == ("sparse_text",)


def test_no_text_for_twenty_seconds_of_speech_is_flagged_as_sparse() -> None:
    """An empty decode of a long audible segment is dropped speech, not nothing said."""
    assert Guard(GuardSettings()).check("", LONG_SPEECH).flags == ("sparse_text",)


def test_a_slow_speaker_is_not_flagged_as_sparse() -> None:
    """One word a second over 20 s, slower than any sound decode measured, passes."""
    text = " ".join(f"ord{n}" for n in range(20))
    assert Guard(GuardSettings()).check(text, LONG_SPEECH).ok


def test_a_short_answer_is_never_sparse() -> None:
    """A "Ja." filling two seconds is an answer, not dropped speech."""
    assert Guard(GuardSettings()).check("Ja.", SPEECH).ok


def test_highly_compressible_text_is_flagged() -> None:
    """Text with an implausible compression ratio is flagged even without word repeats."""
    text = "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc"
    assert compression_ratio(text) > 2.4
    assert Guard(GuardSettings()).check(text, SPEECH).flags == ("repetition",)


def test_longest_run_counts_back_to_back_ngrams() -> None:
    """A bigram repeated three times back to back has a run of three."""
    assert longest_run(words("a b a b a b c"), 2) == 3


def test_long_redecode_is_cut_in_two_at_the_quiet_middle() -> None:
    """Audio just over the re-decode limit is halved at its quietest window, keeping all samples."""
    loud = np.full(16000 * 8, 0.1, dtype=np.float32)
    audio = np.concatenate([loud, np.zeros(1024, np.float32), loud])
    pieces = halves(audio, 16000 * 13)
    assert len(pieces) == 2
    assert sum(len(p) for p in pieces) == len(audio)
    assert 16000 * 8 <= len(pieces[0]) <= 16000 * 8 + 1024


def test_every_redecode_piece_fits_the_limit() -> None:
    """A 25 s flagged segment is cut until no piece is longer than the limit."""
    audio = np.full(16000 * 25, 0.1, dtype=np.float32)
    pieces = halves(audio, 16000 * 10)
    assert all(len(p) <= 16000 * 10 for p in pieces)
    assert sum(len(p) for p in pieces) == len(audio)


def test_short_redecode_is_not_cut() -> None:
    """Audio within the limit is re-decoded whole."""
    assert len(halves(np.zeros(16000 * 5, np.float32), 16000 * 13)) == 1


class _Said:
    """A decoder that answers each piece with its text and the piece's number."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.lengths: list[int] = []

    def decode(self, samples: np.ndarray) -> Decoded:
        self.lengths.append(len(samples))
        return Decoded(f"{self.text} {len(self.lengths)}", "sv")


def test_a_sparse_decode_is_redecoded_in_pieces_with_the_fallback() -> None:
    """One word for 20 s goes to the fallback, in pieces of at most 10 s, and its text is kept."""
    fallback = _Said("fp32", "Vi ses på tisdag klockan tio och går igenom planen, del")
    result = Recognizer(_Said("int8", "Råd"), Guard(GuardSettings()), fallback).recognize(
        LONG_SPEECH
    )
    assert result.flags == ("sparse_text", "redecoded")
    assert result.text.count("tisdag") == len(fallback.lengths) >= 2
    assert max(fallback.lengths) <= 16000 * 10
