"""Small text helpers shared by the note layers: sentences, words, stems, capitalised words."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def wordset(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` as a set (for word lists in source)."""
    return frozenset(text.split())


_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜüÆæØø]+(?:[-'][A-Za-zÅÄÖåäöÉéÜü]+)*")

#: Words too common to say anything about whether a segment supports a statement.
STOPWORDS = wordset(
    """
    och att det som en ett den de på är för med har inte till av om så vi jag du han hon hen
    man kan ska var sig men när vad här där nu också eller bara mycket från dem oss er era
    vara blir blev hade har kommer skulle ju då ni mig dig honom henne hens hennes hans sin
    sitt sina min mitt mina din ditt dina vår vårt våra detta denna dessa vid under efter
    över ut upp in än alla allt någon något några mer mest hur varför vilken vilket vilka
    ja nej okej tack hej bra lite även redan sedan alltså liksom typ just
    """
)


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences at ``.``, ``!`` and ``?`` followed by white space."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def words(text: str) -> list[str]:
    """Words of ``text`` in their written case."""
    return _WORD.findall(text)


def lower_words(text: str) -> list[str]:
    """Words of ``text``, lower-cased."""
    return [w.lower() for w in words(text)]


def stem(word: str) -> str:
    """A crude Swedish stem: the first five letters, enough to match inflected forms."""
    return word.lower()[:5]


def content_stems(text: str) -> set[str]:
    """Stems of the words of ``text`` that carry content (not stop words, not digits)."""
    return {
        stem(w) for w in lower_words(text) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()
    }


def tidy(sentence: str) -> str:
    """Trim, capitalise the first letter and end with a full stop unless punctuation ends it."""
    text = " ".join(sentence.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def lower_first(sentence: str, vocabulary: frozenset[str] | set[str] = frozenset()) -> str:
    """Lower-case the first letter when the first word is a common word, never for names.

    ``vocabulary`` holds words seen in lower case elsewhere in the meeting.
    """
    first = words(sentence)[:1]
    if not first or first[0].isupper():
        return sentence
    low = first[0].lower()
    if low not in STOPWORDS and low not in vocabulary:
        return sentence
    return sentence[0].lower() + sentence[1:]


_SUBJECT_VERB_ADVERB = re.compile(
    r"^(jag|du|han|hon|hen|vi|ni|de|dom|det|den|[A-ZÅÄÖ]\w+|\w+(?:en|an|et|na)) "
    r"(\w+) (inte|aldrig|alltid|också|redan|ofta|bara|gärna|ibland|nog|verkligen)\b"
)


def subordinate(clause: str) -> str:
    """Word order after ``att``: ``han går inte`` → ``han inte går`` (adverb before verb)."""
    return _SUBJECT_VERB_ADVERB.sub(r"\1 \3 \2", clause, count=1)
