"""Journal voice: every statement, of every layer, in the third person, with no identifiers.

A journal note is written about the people in the room, not to them. This pass runs on each
statement's text after drafting and before verification:

* first- and second-person pronouns (*jag, du, vi, ni* and their object and possessive
  forms) become the people they refer to: the speaker of the cited segment, the person
  spoken to, or the pair of them. A person is named the first time (the participant's
  name, or "socialsekreteraren"), then referred to by pronoun; the caseworker is always
  "socialsekreteraren", so two "hen" never compete. After a clause's own subject the
  reflexive forms (*sig, sin, sitt, sina*) are used. Words inside quotation marks stay;
* discourse openers ("Då gör vi så här:", "Okej,") are dropped, and a fronted adverb's
  inverted word order is put right ("Då ringer du" → "du ringer");
* agreements say who agreed ("Linda Ek och socialsekreteraren kommer överens om att …");
* personnummer, samordningsnummer, phone numbers and e-mail addresses become
  ``[personnummer]`` and so on; the flag on the cited segment keeps where the value is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grounding.identifiers import find_emails, find_id_numbers, find_phone_numbers
from grounding.speakers import PLURAL, Person, Speakers
from grounding.text import STOPWORDS, tidy, wordset

_OPENER = re.compile(
    r"^(?:(?:då|så) (?:gör|säger|kör) vi (?:så här|så)|så här gör vi|vet du vad|"
    r"okej|ok|ja|jo|nej men|bra|precis|toppen|jättebra|absolut|mm|och|men|så|då|nu)"
    r"\s*[,:.!]?\s+",
    re.IGNORECASE,
)
_SUBJECTS = "jag|du|vi|ni|hon|han|hen|de|dom|det|man"
_INVERTED = re.compile(rf"^(\w+) ({_SUBJECTS})\b", re.IGNORECASE)
_MAX_LEAD_IN = 4
"""Words a short lead-in ("Det gör inget,") may have before an agreement cue; it is dropped."""
_AGREEMENT_LEAD = re.compile(
    r"(?:(?<=^)|(?<=[,;:] ))(?:(?:då |så )?(?:är|blir) vi (?:alltså )?överens om att|"
    r"vi (?:är|blir|har kommit|kommer|kom) (?:alltså )?överens om att|"
    r"vi (?:har )?(?:bestämt|bestämmer|bestämde|enas om|säger) att|"
    r"(?:det blir|då blir det|då säger vi) så att)\s+",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[”\"„“][^”\"„“]*[”\"„“]")
_CLAUSE = frozenset({"att", "som", "om", "när", "eftersom", "men", "och", "eller", "för", "så"})
_TOKEN = re.compile(r"(\w+|\W+)")

PLACEHOLDERS = {
    "personnummer": "[personnummer]",
    "samordningsnummer": "[samordningsnummer]",
    "telefonnummer": "[telefonnummer]",
    "epost": "[e-postadress]",
}

FIRST_AND_SECOND_PERSON = wordset(
    "jag mig min mitt mina du dig din ditt dina vi oss vår vårt våra ni er ert era"
)
"""What no statement may say outside a quotation."""


def redact(text: str) -> str:
    """Identity numbers, phone numbers and e-mail addresses replaced by placeholders."""
    for number in find_id_numbers(text):
        text = text.replace(number.match, PLACEHOLDERS[number.kind])
    for phone in find_phone_numbers(text):
        text = text.replace(phone, PLACEHOLDERS["telefonnummer"])
    for email in find_emails(text):
        text = text.replace(email, PLACEHOLDERS["epost"])
    return text


def strip_openers(sentence: str) -> str:
    """Drop discourse openers; a verb left first by a fronted adverb goes after its subject."""
    text = sentence.strip()
    while True:
        stripped = _OPENER.sub("", text, count=1)
        if stripped == text or not stripped:
            break
        text = stripped
        inverted = _INVERTED.match(text)
        if inverted and inverted[1].lower() not in _SUBJECTS.split("|"):
            text = f"{inverted[2]} {inverted[1]}{text[inverted.end() :]}"
    return text[:1].upper() + text[1:] if text else sentence


def first_or_second_person(text: str) -> list[str]:
    """The first- and second-person pronouns of ``text`` outside quotation marks."""
    bare = _QUOTE.sub(" ", text)
    return [w for w in re.findall(r"\w+", bare.lower()) if w in FIRST_AND_SECOND_PERSON]


@dataclass
class _Clause:
    subject: Person | None = None


class Voice:
    """Rewrites statements about one meeting's people into journal voice."""

    def __init__(self, speakers: Speakers) -> None:
        self.speakers = speakers

    def statement(self, section: str, text: str, label: str | None) -> str:
        """``text`` (one statement, cited to a segment spoken by ``label``) in journal voice."""
        body = strip_openers(text)
        lead = ""
        if section == "overenskommelser" and label is not None:
            match = _AGREEMENT_LEAD.search(body)
            if match and len(body[: match.start()].split()) > _MAX_LEAD_IN:
                match = None  # the cue is deep inside a longer sentence: leave it as said
            if match:
                pair = self.speakers.pair(label)
                lead = f"{pair.name} kommer överens om att "
                body = body[match.end() :]
        rewritten = self._pronouns(body, label)  # the body names the client again
        return tidy(redact(lead + rewritten))

    def _pronouns(self, text: str, label: str | None) -> str:
        """Replace first/second-person pronouns outside quotations."""
        out: list[str] = []
        position = 0
        for quote in _QUOTE.finditer(text):
            out.append(self._replace(text[position : quote.start()], label, out))
            out.append(quote.group())
            position = quote.end()
        out.append(self._replace(text[position:], label, out))
        return "".join(out)

    def _replace(self, text: str, label: str | None, before: list[str]) -> str:
        if label is None:
            return text
        me = self.speakers.speaker_person(label)
        you = self.speakers.addressee(label)
        us = self.speakers.pair(label)
        earlier = "".join(before)
        out: list[str] = []
        clause = _Clause()
        tokens = _TOKEN.findall(text)
        for index, token in enumerate(tokens):
            low = token.lower()
            if low == "er" and _noun_follows(tokens, index):
                low = "ert_possessive"
            if low in _CLAUSE or token.strip() in {",", ";", ":"}:
                clause = _Clause()
            replacement = self._form(low, (me, you, us), clause, earlier + "".join(out))
            if replacement is not None and token[:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            out.append(token if replacement is None else replacement)
        return "".join(out)

    @staticmethod
    def _form(
        low: str, people: tuple[Person, Person, Person], clause: _Clause, said: str
    ) -> str | None:
        me, you, us = people
        refs = {
            "jag": (me, 0),
            "mig": (me, 1),
            "min": (me, 2),
            "mitt": (me, 2),
            "mina": (me, 2),
            "du": (you, 0),
            "dig": (you, 1),
            "din": (you, 2),
            "ditt": (you, 2),
            "dina": (you, 2),
            "vi": (us, 0),
            "oss": (us, 1),
            "vår": (us, 2),
            "vårt": (us, 2),
            "våra": (us, 2),
            "ni": (PLURAL, 0),
            "ert": (PLURAL, 2),
            "era": (PLURAL, 2),
            "er": (PLURAL, 1),
            "ert_possessive": (PLURAL, 2),
        }
        if low not in refs:
            return None
        person, case = refs[low]
        if case == 0:
            clause.subject = person
            return person.subject_form(said)
        if clause.subject is person:
            return "sig" if case == 1 else _reflexive(low)
        return person.object_form(said) if case == 1 else person.possessive_form(said)


_PREPOSITIONS = wordset("till med för hos åt av om från mot utan efter inför bland")


def _noun_follows(tokens: list[str], index: int) -> bool:
    """ "er ansökan" (possessive) rather than "till er" (object): no preposition before it,
    and a content word after it."""
    before = [t for t in tokens[max(0, index - 2) : index] if t.strip()]
    if before and before[-1].lower() in _PREPOSITIONS:
        return False
    rest = [t for t in tokens[index + 1 : index + 3] if t.strip()]
    return bool(rest) and rest[0][:1].isalpha() and rest[0].lower() not in STOPWORDS


def _reflexive(possessive: str) -> str:
    if possessive in ("mitt", "ditt", "vårt", "ert"):
        return "sitt"
    if possessive in ("mina", "dina", "våra", "era"):
        return "sina"
    return "sin"
