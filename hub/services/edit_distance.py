"""Word-level edit distance between the AI draft and the approved text (rapidfuzz adapter).

rapidfuzz is imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import LCSseq


def kept_words(draft: Sequence[str], approved: Sequence[str]) -> int:
    """How many words of ``draft`` the approved text kept unchanged and in order.

    The longest common subsequence of the two word lists; the Indel edit distance (words
    inserted plus words deleted) is ``len(draft) + len(approved) - 2 * kept``.
    """
    return int(LCSseq.similarity(draft, approved))
