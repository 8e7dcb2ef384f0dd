"""Who said what: speaker labels mapped to participants, roles and attribution phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from wire.note import Participant

_DEFINITE = {
    "mamma": "mamman", "pappa": "pappan", "mor": "modern", "far": "fadern", "barn": "barnet",
    "förälder": "föräldern", "sökande": "den sökande", "tolk": "tolken", "kurator": "kuratorn",
    "ungdom": "ungdomen", "klient": "klienten", "lärare": "läraren", "god man": "den gode mannen",
    "vårdnadshavare": "vårdnadshavaren", "kontaktperson": "kontaktpersonen",
}  # fmt: skip
_SHE = ("mamma", "mor", "mormor", "farmor", "dotter", "flicka", "kvinna", "syster")
_HE = ("pappa", "far", "morfar", "farfar", "son", "pojke", "man", "bror")
_CASEWORKER = ("sekreterare", "handläggare", "behandlare", "socialsekreterare")
_PRONOUNS = {"hon": ("hon", "henne", "hennes"), "han": ("han", "honom", "hans")}


def definite(role: str) -> str:
    """Definite form of a Swedish role noun: ``mamma`` → ``mamman``, ``tolk`` → ``tolken``."""
    low = role.strip().lower()
    if low in _DEFINITE:
        return _DEFINITE[low]
    if low.endswith("förälder"):
        return low + "n"  # familjehemsförälder → familjehemsföräldern, never -förälderen
    if low in _DEFINITE.values() or low.endswith(("en", "an", "et", "ern")):
        return low
    return low + "n" if low.endswith(("e", "a")) else low + "en"


def _genitive(name: str) -> str:
    return name if name.endswith(("s", "x", "z")) else name + "s"


@dataclass(frozen=True)
class Person:
    """How a note refers to one person (or a pair): named first, then by pronoun."""

    name: str
    """First mention: "Linda Ek", "socialsekreteraren", "mamman"."""
    pronouns: tuple[str, str, str] = ("hen", "hen", "hens")
    """Subject, object and possessive forms after the first mention."""
    also: tuple[str, ...] = ()
    """Other words that count as a mention (first name, definite role)."""
    always_named: bool = False
    """Never replaced by a pronoun (the caseworker: two "hen" must not compete)."""
    with_caseworker: Person | None = None
    """For "vi": the client who, with the caseworker, makes the pair."""

    def mentioned(self, said: str) -> bool:
        """True when ``said`` already names this person."""
        forms = [self.name, *self.also]
        return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", said, re.IGNORECASE) for f in forms)

    def _named(self, said: str) -> bool:
        return self.always_named or not self.mentioned(said)

    def subject_form(self, said: str) -> str:
        if self.with_caseworker is not None and self._named(said):
            return f"{self.with_caseworker.subject_form(said)} och socialsekreteraren"
        return self.name if self._named(said) else self.pronouns[0]

    def object_form(self, said: str) -> str:
        if self._named(said) and self.name != self.pronouns[0]:  # "de" has "dem"
            return self.name
        return self.pronouns[1]

    def possessive_form(self, said: str) -> str:
        if self._named(said) and self.name != self.pronouns[0]:  # "de" has "deras"
            return _genitive(self.name)
        return self.pronouns[2]


CASEWORKER = Person("socialsekreteraren", always_named=True)
PLURAL = Person("de", ("de", "dem", "deras"), always_named=True)
"""Several people spoken to at once ("ni")."""
UNKNOWN = Person("hen", always_named=True)


def _pronouns_for(role: str) -> tuple[str, str, str]:
    low = role.lower()
    key = "hon" if low.startswith(_SHE) else "han" if low.startswith(_HE) else ""
    forms = _PRONOUNS.get(key, ("hen", "hen", "hens"))
    return forms[0], forms[1], forms[2]


def _is_caseworker_role(role: str) -> bool:
    return any(word in role.lower() for word in _CASEWORKER)


def _is_interpreter_role(role: str) -> bool:
    return role.strip().lower() in ("tolk", "tolken")


def _from_participant(participant: Participant) -> Person:
    first = participant.namn.split()[0]
    also = (first, definite(participant.roll)) if participant.roll else (first,)
    return Person(participant.namn, _pronouns_for(participant.roll), also)


def _indefinite_forms(role: str) -> set[str]:
    low = role.lower()
    return {low, definite(low)}


_RELAYS = re.compile(
    r"^(?:hon|han|hen) (?:säger|berättar|frågar|undrar|menar|svarar)\b", re.IGNORECASE
)
_RELAYED_TURNS = 2
"""Turns opening "Hon säger …" that mark a voice as the interpreter's."""


def assign_speakers(
    participants: Sequence[Participant],
    labels_in_order: Sequence[str],
    texts: Sequence[str] = (),
) -> tuple[Participant, ...]:
    """Participants with transcript speaker labels where the device can tell.

    The caseworker opens the meeting (they claimed the room and pressed its button), so the
    first label heard is theirs. An interpreter is the one voice that relays in the third
    person ("Hon säger att …"; ``texts`` holds each turn's text beside ``labels_in_order``).
    When one person and one label are left, that label is theirs. Anything less certain
    stays unassigned, and the caseworker corrects the roles at the hub. Participants that
    already carry a label keep it, and then nobody else is assigned.
    """
    if any(p.speaker for p in participants):
        return tuple(participants)
    return complete_speakers(participants, labels_in_order, texts)


def complete_speakers(
    participants: Sequence[Participant],
    labels_in_order: Sequence[str],
    texts: Sequence[str] = (),
) -> tuple[Participant, ...]:
    """The rules of :func:`assign_speakers` for the participants and labels still free.

    Labels already carried (from seats) are taken: the caseworker gets the first label heard
    only when nobody else carries it.
    """
    people = list(participants)
    order = list(dict.fromkeys(labels_in_order))
    workers = [i for i, p in enumerate(people) if _is_caseworker_role(p.roll)]
    if len(workers) != 1 or not order:
        return tuple(people)
    taken = {p.speaker for p in people if p.speaker}
    if people[workers[0]].speaker is None and order[0] not in taken:
        people[workers[0]] = replace(people[workers[0]], speaker=order[0])
        taken.add(order[0])
    left = [label for label in order if label not in taken]
    free = [i for i, p in enumerate(people) if p.speaker is None]
    interpreters = [i for i in free if _is_interpreter_role(people[i].roll)]
    relaying = [lb for lb in left if _relayed(lb, labels_in_order, texts) >= _RELAYED_TURNS]
    if len(interpreters) == 1 and len(relaying) == 1:
        people[interpreters[0]] = replace(people[interpreters[0]], speaker=relaying[0])
        left.remove(relaying[0])
    unassigned = [i for i, p in enumerate(people) if p.speaker is None]
    if len(unassigned) == 1 and len(left) == 1:
        people[unassigned[0]] = replace(people[unassigned[0]], speaker=left[0])
    return tuple(people)


def _relayed(label: str, labels: Sequence[str], texts: Sequence[str]) -> int:
    turns = zip(labels, texts, strict=False)
    return sum(1 for lb, text in turns if lb == label and _RELAYS.match(text))


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
        return _is_caseworker_role(self.role(label) or "")

    def is_interpreter(self, label: str) -> bool:
        """True when the speaker is the interpreter (tolk)."""
        return _is_interpreter_role(self.role(label) or "")

    def person(self, label: str) -> Person:
        """How the note refers to whoever spoke as ``label``."""
        if self.is_caseworker(label):
            return CASEWORKER
        participant = self.participant(label)
        role = self.role(label)
        if participant is not None and participant.namn.strip():
            return _from_participant(participant)
        if role:
            return Person(definite(role), _pronouns_for(role))
        return UNKNOWN

    def clients(self) -> list[Person]:
        """The people present who are neither the caseworker nor the interpreter."""
        found = [
            _from_participant(p)
            for p in self.participants
            if p.namn.strip()
            and not _is_caseworker_role(p.roll)
            and not _is_interpreter_role(p.roll)
        ]
        if not found:
            others = [lb for lb in self._by_label if not self.is_caseworker(lb)]
            found = [self.person(lb) for lb in others if not self.is_interpreter(lb)]
        return found

    def speaker_person(self, label: str) -> Person:
        """Whose words these are: the interpreter speaks for the client."""
        if self.is_interpreter(label):
            clients = self.clients()
            return clients[0] if len(clients) == 1 else UNKNOWN
        return self.person(label)

    def addressee(self, label: str) -> Person:
        """Who "du" is in ``label``'s words: the client for the caseworker, else the caseworker."""
        if not self.is_caseworker(label):
            return CASEWORKER
        clients = self.clients()
        return clients[0] if len(clients) == 1 else UNKNOWN

    def pair(self, label: str) -> Person:
        """Who "vi" is: the client and the caseworker."""
        client = self.addressee(label) if self.is_caseworker(label) else self.speaker_person(label)
        if client is UNKNOWN or client is CASEWORKER:
            return Person("de", ("de", "dem", "deras"), always_named=True)
        return Person(
            f"{client.name} och socialsekreteraren",
            ("de", "dem", "deras"),
            also=(f"{client.pronouns[0]} och socialsekreteraren",),
            with_caseworker=client,
        )

    def subject(self, label: str) -> str | None:
        """How a statement's attribution names the speaker, or None when unknown."""
        person = self.speaker_person(label)
        if person is UNKNOWN:
            return None
        return person.name[0].upper() + person.name[1:]

    def present_words(self) -> frozenset[str]:
        """Lower-case name and role words of everyone present, as a statement may use them
        (with the caseworker, who is always in the room)."""
        found = {"socialsekreteraren", "socialsekreterare", "handläggaren"}
        for person in self.participants:
            found |= {w.lower() for w in re.findall(r"\w+", person.namn)}
            if person.roll:
                found |= {person.roll.lower(), definite(person.roll)}
        for label in self._by_label:
            role = self.role(label)
            if role:
                found |= {role.lower(), definite(role)}
        return frozenset(w for f in found for w in f.split())

    def names_by_label(self) -> dict[str, str]:
        """Label → words a statement may use for that speaker (name, role, definite role)."""
        out = {}
        for label, person in self._by_label.items():
            role = self.role(label) or ""
            name = person.namn if person is not None else ""
            out[label] = " ".join(filter(None, (name, role, definite(role) if role else "")))
        return out
