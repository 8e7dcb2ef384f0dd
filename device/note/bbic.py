"""BBIC tags: which sides of the triangle a statement touches, from a keyword lexicon.

Keys are word stems matched at the start of words, so ``skola`` matches ``skolan`` and
``skolarbetet``. The lexicon follows the headings in BBIC's triangle.
"""

from __future__ import annotations

from grounding.text import lower_words

LEXICON: dict[str, tuple[str, ...]] = {
    "barnets_utveckling": (
        # hälsa, utbildning, känslor och beteende, identitet, relationer, förmåga
        "hälsa", "sjuk", "läkare", "vårdcentral", "bup", "tandläk", "medicin", "sömn", "sover",
        "äter", "mår", "skola", "skolan", "förskol", "lärare", "mentor", "läxor", "betyg",
        "frånvar", "närvaro", "kurator", "elevhäls", "känsl", "ledsen", "arg", "orolig", "ångest",
        "beteende", "utbrott", "identitet", "kompis", "vänner", "kamrat", "fritid", "träning",
        "fotboll", "självständig", "klara sig",
    ),
    "foraldrarnas_formaga": (
        # omsorg, säkerhet, känslomässig tillgänglighet, stimulans, gränser, stabilitet
        "omsorg", "mat", "hygien", "kläder", "säker", "våld", "slag", "hot", "skydd", "tillsyn",
        "tillgänglig", "lyssnar", "tröst", "stöttar", "stöd", "stimul", "läser", "leker",
        "gräns", "regler", "vägled", "tjat", "konflikt", "bråk", "rutin", "stabil", "läggdags",
        "föräldraskap", "föräldrastöd", "hämtar", "lämnar",
    ),
    "familj_och_miljo": (
        # bakgrund, nätverk, boende, arbete, ekonomi, integrering, lokala resurser
        "familj", "släkt", "mormor", "farmor", "morfar", "farfar", "syskon", "nätverk",
        "boende", "bostad", "lägenhet", "hyra", "flytt", "vräkning", "arbete", "jobb", "jobbar",
        "arbetsför", "praktik", "ekonomi", "pengar", "försörjningsstöd", "bistånd", "skulder",
        "kronofogd", "lön", "försäkringskass", "bidrag", "svenska", "sfi", "förening",
        "integrering", "grannar", "fritidsgård", "bibliotek", "kommun",
    ),
}  # fmt: skip


def _matches(words: list[str], joined: str, key: str) -> bool:
    if " " in key:
        return key in joined
    return any(w.startswith(key) for w in words)


def tags(text: str) -> tuple[str, ...]:
    """BBIC sides touched by ``text``, in the triangle's order."""
    words = lower_words(text)
    joined = " ".join(words)
    return tuple(
        side for side, keys in LEXICON.items() if any(_matches(words, joined, k) for k in keys)
    )
