"""Folding text for matching: what a person types finds a name however it is accented, cased or normalised.

`jose` finds "José Álvarez", `strasse` finds "Straße", `oyvind` finds "Øyvind", and a name typed in decomposed
form (NFD, as macOS file names and some vCards carry it) is the same name as its composed form (NFC).
Only for comparing: what is stored and shown keeps every accent.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Latin letters that carry their mark in the letter itself, so decomposition leaves them as they are.
_OWN_LETTERS = str.maketrans({
    "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ı": "i", "ŧ": "t", "ƀ": "b", "ɨ": "i",
    "æ": "ae", "œ": "oe", "þ": "th", "ĳ": "ij",
})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`text` for comparison: compatibility-decomposed, without combining marks, case-folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold again: decomposition can uncover letters with a case of their own (e.g. from compatibility forms).
    return " ".join(bare.casefold().translate(_OWN_LETTERS).split())


def folded_words(text: str) -> list[str]:
    """The folded words of `text`, for matching the start of any word of a name."""
    return fold(text).split()
