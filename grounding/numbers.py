"""Numbers in Swedish text, as digits or words, normalised to integers for comparison."""

from __future__ import annotations

import re

_UNITS = {
    "noll": 0, "ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19,
}  # fmt: skip
_TENS = {
    "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70,
    "åttio": 80, "nittio": 90,
}  # fmt: skip
_ORDINALS = {
    "första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6, "sjunde": 7,
    "åttonde": 8, "nionde": 9, "tionde": 10, "elfte": 11, "tolfte": 12, "trettonde": 13,
    "fjortonde": 14, "femtonde": 15, "sextonde": 16, "sjuttonde": 17, "artonde": 18,
    "nittonde": 19, "tjugonde": 20, "trettionde": 30,
}  # fmt: skip
_SCALES = {"hundra": 100, "tusen": 1000}

#: "en" and "ett" are usually articles: they count as 1 only on the source side of a check.
ARTICLES = frozenset({"en", "ett"})

_DIGITS = re.compile(r"\d+(?:[,.]\d+)?")
_WORD = re.compile(r"[a-zåäö]+")


def word_value(word: str) -> int | None:
    """Value of a Swedish number word (cardinal or ordinal, compounds like ``tjugofem``)."""
    word = word.lower()
    if word in _UNITS:
        return _UNITS[word]
    if word in _ORDINALS:
        return _ORDINALS[word]
    if word in _SCALES:
        return _SCALES[word]
    for tens_word, tens in _TENS.items():
        if word == tens_word:
            return tens
        if word.startswith(tens_word):
            rest = word[len(tens_word) :]
            unit = _UNITS.get(rest, _ORDINALS.get(rest))
            if unit is not None and 0 < unit < 10:
                return tens + unit
    return None


def digit_values(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, normalised value)`` of every digit group in ``text``."""
    out = []
    for match in _DIGITS.finditer(text):
        raw = match.group().replace(",", ".")
        value = raw.lstrip("0") or "0" if "." not in raw else raw
        out.append((match.start(), match.end(), value))
    return out


def numbers(text: str, *, articles: bool = False) -> set[str]:
    """Normalised numbers said in ``text``; ``articles`` counts ``en``/``ett`` as 1."""
    found = {value for _, _, value in digit_values(text)}
    for word in _WORD.findall(text.lower()):
        if word in ARTICLES and not articles:
            continue
        value = word_value(word)
        if value is not None:
            found.add(str(value))
    return found


def parse_count(word: str) -> int | None:
    """A count written as digits or a Swedish word (``2``, ``två``, ``en``)."""
    if word.isdigit():
        return int(word)
    return word_value(word)
