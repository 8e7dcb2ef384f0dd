"""Who said what: speaker labels mapped to participants, roles and attribution phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from wire.note import Participant

_DEFINITE = {
    "mamma": "mamman", "pappa": "pappan", "mor": "modern", "far": "fadern", "barn": "barnet",
    "förälder": "föräldern", "sökande": "den sökande", "tolk": "tolken", "kurator": "kuratorn",
    "ungdom": "ungdomen", "klient": "klienten", "lärare": "läraren", "god man": "den gode mannen",
}  # fmt: skip
_SHE = ("mamma", "mor", "mormor", "farmor", "dotter", "flicka", "kvinna", "syster")
_HE = ("pappa", "far", "morfar", "farfar", "son", "pojke", "man", "bror")
_CASEWORKER = ("sekreterare", "handläggare", "behandlare", "socialsekreterare")
_POSSESSIVE = ("min", "mitt", "mina")
_REFLEXIVE = {"min": "sin", "mitt": "sitt", "mina": "sina"}
_PRONOUNS = {"hon": ("hon", "henne", "hennes"), "han": ("han", "honom", "hans")}


def definite(role: str) -> str:
    """Definite form of a Swedish role noun: ``mamma`` → ``mamman``, ``tolk`` → ``tolken``."""
    low = role.strip().lower()
    if low in _DEFINITE:
        return _DEFINITE[low]
    if low in _DEFINITE.values() or low.endswith(("en", "an", "et")):
        return low
    return low + "n" if low.endswith(("e", "a")) else low + "en"


def _indefinite_forms(role: str) -> set[str]:
    low = role.lower()
    return {low, definite(low)}


class Speakers:
    """Maps transcript speaker labels to participants and phrases statements about them."""

    def __init__(self, participants: Sequence[Participant], labels: Iterable[str]) -> None:
        self.participants = tuple(participants)
        self._by_label = {label: self._match(label) for label in labels}

    def _match(self, label: str) -> Participant | None:
        low = label.strip().lower()
        for person in self.participants:
            if person.speaker == label:
                return person
        for person in self.participants:
            first = person.namn.split()[:1]
            forms = _indefinite_forms(person.roll) | {person.namn.lower()}
            if low in forms or (first and low == first[0].lower()):
                return person
        return None

    def participant(self, label: str) -> Participant | None:
        """The participant heard as ``label``, when known."""
        return self._by_label.get(label)

    def role(self, label: str) -> str | None:
        """Role of the speaker, or the label itself when it reads like a role (``Mamman``)."""
        person = self.participant(label)
        if person is not None:
            return person.roll
        return None if re.fullmatch(r"S\d+|SPEAKER_?\d+", label, re.IGNORECASE) else label

    def is_caseworker(self, label: str) -> bool:
        """True when the speaker's role is a caseworker's."""
        role = (self.role(label) or "").lower()
        return any(word in role for word in _CASEWORKER)

    def subject(self, label: str) -> str | None:
        """How a note names the speaker (``Mamman``), or None when unknown."""
        role = self.role(label)
        if role:
            text = definite(role)
            return text[0].upper() + text[1:]
        person = self.participant(label)
        return person.namn if person is not None else None

    def third_person(self, label: str, sentence: str) -> str:
        """``sentence`` with the speaker's first-person pronouns turned into third person;
        after the speaker's own "jag" an object or possessive is reflexive (sig, sin)."""
        role = (self.role(label) or "").lower()
        key = "hon" if role.startswith(_SHE) else "han" if role.startswith(_HE) else ""
        forms = _PRONOUNS.get(key, ("hen", "hen", "hens"))
        out, said_jag = [], False
        for token in re.split(r"(\W+)", sentence):
            low = token.lower()
            if low == "jag":
                out.append(forms[0])
                said_jag = True
            elif low == "mig":
                out.append("sig" if said_jag else forms[1])
            elif low in _POSSESSIVE:
                out.append(_REFLEXIVE[low] if said_jag else forms[2])
            else:
                out.append(token)
        return "".join(out)

    def names_by_label(self) -> dict[str, str]:
        """Label → words a statement may use for that speaker (name, role, definite role)."""
        out = {}
        for label, person in self._by_label.items():
            role = self.role(label) or ""
            name = person.namn if person is not None else ""
            out[label] = " ".join(filter(None, (name, role, definite(role) if role else "")))
        return out
