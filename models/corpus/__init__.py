"""Generated Swedish test corpus: scripted social-services meetings as speech.

``ensure_corpus()`` returns a :class:`Corpus` (generating it into the cache on first use);
``python -m models.corpus generate [--out DIR]`` generates it explicitly. See docs/corpus.md.
"""

from models.corpus.corpus import (
    GENERATOR_VERSION,
    Corpus,
    EnglishClip,
    Meeting,
    default_dir,
    ensure_corpus,
    generate_corpus,
    load_corpus,
    verify_corpus,
)
from models.corpus.errors import CorpusError
from models.corpus.reference import Reference, Utterance

__all__ = [
    "GENERATOR_VERSION",
    "Corpus",
    "CorpusError",
    "EnglishClip",
    "Meeting",
    "Reference",
    "Utterance",
    "default_dir",
    "ensure_corpus",
    "generate_corpus",
    "load_corpus",
    "verify_corpus",
]
