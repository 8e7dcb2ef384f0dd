"""Person names in Swedish transcripts, found without a model.

A name is a run of capitalised words that are never written in lower case anywhere in the
meeting, excluding words that are capitalised for other reasons (agencies, places people
commonly name, pronouns at a sentence start). Sentence-initial words count only when the same
word is also seen capitalised mid-sentence or belongs to a participant's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from grounding.text import STOPWORDS, sentences, wordset

PLACES_FILE = Path(__file__).with_name("data") / "places.txt"
"""Swedish municipalities, towns, districts, regions and countries (one per line): named
places are not third parties. Names that are as often a person's (Nora, Mark, Salem) are
left out of the list on purpose."""


@cache
def places() -> frozenset[str]:
    """Every place name in the list, lower-cased (multi-word names as one string)."""
    lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")


_STREET = re.compile(r"(?:gatan|vägen|torget|gränd|backen|stigen|allén|platsen|parken)s?$")


def is_place(name: str) -> bool:
    """True for a listed place or a street ("Storgatan"), also in the genitive ("Växjös")."""
    low = name.lower()
    listed = low in places() or (low.endswith("s") and low[:-1] in places())
    return listed or bool(_STREET.search(low))


#: Capitalised words that are not people: agencies, institutions, languages, framing words.
NOT_NAMES = wordset(
    """
    försäkringskassan arbetsförmedlingen skatteverket migrationsverket kronofogden polisen
    bup bvc mvc vårdcentralen socialtjänsten socialnämnden kommunen regionen region skolan
    förskolan lss sol lvu bbic gdpr osl imy sverige svenska arabiska somaliska tigrinja
    engelska persiska dari kurdiska stockholm göteborg malmö uppsala okej ok mm aha
    mamman pappan socialsekreteraren tolken barnet
    """
)

#: Names the talk marks as the family's own children: parties to the case, not third parties.
_CASE_PARTY = re.compile(
    r"\b(?:mamma|pappa|förälder|vårdnadshavare|mor|far) (?:till|åt) ([A-ZÅÄÖ][a-zåäöé]+)"
    r"|\b(?:min|vår|mitt|vårt) (?:son|dotter|barn|pojke|flicka|grabb|tjej),? ([A-ZÅÄÖ][a-zåäöé]+)"
)

_TOKEN = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:-[A-Za-zÅÄÖåäöÉéÜü]+)*")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _lowercase_vocabulary(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in _TOKEN.findall(text) if w[:1].islower()}


def _tokens(sentence: str) -> list[tuple[int, str]]:
    return [(i, m.group()) for i, m in enumerate(_TOKEN.finditer(sentence))]


class NameFinder:
    """Finds person names, knowing the meeting's whole text and the participants' names."""

    def __init__(self, texts: Iterable[str], known_names: Iterable[str] = ()) -> None:
        text_list = list(texts)
        self._lower = _lowercase_vocabulary(text_list)
        self._known = {w.lower() for name in known_names for w in _TOKEN.findall(name)}
        self._known |= {
            name.lower()
            for text in text_list
            for m in _CASE_PARTY.finditer(text)
            for name in m.groups()
            if name
        }
        self._mid = {
            w
            for text in text_list
            for sentence in sentences(text)
            for i, w in _tokens(sentence)
            if i > 0 and self._plausible(w)
        }

    def _plausible(self, word: str) -> bool:
        low = word.lower()
        return (
            _capitalised(word)
            and low not in STOPWORDS
            and low not in NOT_NAMES
            and low not in self._lower
            and len(word) > 1
        )

    def _is_name_word(self, index: int, word: str) -> bool:
        if not self._plausible(word):
            return False
        return index > 0 or word in self._mid or word.lower() in self._known

    def names(self, text: str) -> list[str]:
        """Full names (runs of name words) in ``text``, in order, without duplicates."""
        found: list[str] = []
        for sentence in sentences(text):
            run: list[str] = []
            for index, word in [*_tokens(sentence), (-1, "")]:
                if index >= 0 and self._is_name_word(index, word):
                    run.append(word)
                    continue
                if run and " ".join(run) not in found:
                    found.append(" ".join(run))
                run = []
        return found

    def is_place(self, name: str) -> bool:
        """True when ``name`` is a listed place (not a person)."""
        return is_place(name)

    def _known_word(self, word: str) -> bool:
        low = word.lower()
        return low in self._known or (low.endswith("s") and low[:-1] in self._known)

    def knows(self, name: str) -> bool:
        """True when every word of ``name`` (or its genitive) names a participant or party."""
        return all(self._known_word(w) for w in _TOKEN.findall(name))
