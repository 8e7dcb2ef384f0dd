"""Generated Swedish test corpus: scripted social-services meetings as speech.

``ensure_corpus()`` returns a :class:`Corpus` (generating it into the cache on first use);
``python -m models.corpus generate [--out DIR]`` generates it explicitly. Room variants:
``meeting.room("rt05_snr10").mic4_wav``; English meetings: ``corpus.english_meeting(id)``.
See docs/corpus.md.
"""

from models.corpus.conditions import CONDITIONS, NO_ROOMS, ROOM_MEETINGS, RoomPlan
from models.corpus.corpus import (
    GENERATOR_VERSION,
    Corpus,
    EnglishClip,
    Meeting,
    RoomVariant,
    default_dir,
    ensure_corpus,
    generate_corpus,
    load_corpus,
    verify_corpus,
)
from models.corpus.errors import CorpusError
from models.corpus.reference import Reference, Utterance

__all__ = [
    "CONDITIONS",
    "GENERATOR_VERSION",
    "NO_ROOMS",
    "ROOM_MEETINGS",
    "Corpus",
    "CorpusError",
    "EnglishClip",
    "Meeting",
    "Reference",
    "RoomPlan",
    "RoomVariant",
    "Utterance",
    "default_dir",
    "ensure_corpus",
    "generate_corpus",
    "load_corpus",
    "verify_corpus",
]
