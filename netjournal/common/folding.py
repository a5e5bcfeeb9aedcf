"""Folding text for matching: what a person types finds a name however it is accented, cased or normalised.

`jose` finds "José Álvarez", `strasse` finds "Straße", `oyvind` finds "Øyvind", and a name typed in decomposed
form (NFD, as macOS file names and some vCards carry it) is the same name as its composed form (NFC).
Only for comparing: what is stored and shown keeps every accent. Where a match must be shown or continued in
the stored text (a search snippet, a name completed as it is typed), `fold_map` says which stored character
each folded one comes from.
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
    if text.isascii():  # most notes and topics: nothing to decompose (the value screen folds 50,000 of them)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold again: decomposition can uncover letters with a case of their own (e.g. from compatibility forms).
    return " ".join(bare.casefold().translate(_OWN_LETTERS).split())


def folded_words(text: str) -> list[str]:
    """The folded words of `text`, for matching the start of any word of a name."""
    return fold(text).split()


def caseless(text: str) -> str:
    """`text` compared ignoring only case, normalisation form (NFC/NFD) and runs of spaces: accents still count.

    The stricter match that goes first, so that `José` typed in full picks José even beside a Jose."""
    return " ".join(unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold()).split())


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    # What `fold` makes of one character before spaces are collapsed. Every step of `fold` works character by
    # character (decomposition only reorders combining marks, and those are dropped), so joining these gives
    # `fold` of the whole text; tests/test_folding.py checks it on arbitrary text.
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_OWN_LETTERS)


def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each of its characters the index in `text` of the character it comes from."""
    out: list[str] = []
    origin: list[int] = []
    space = -1  # where a run of spaces started, while one is pending
    for index, ch in enumerate(text):
        for folded in _fold_char(ch):
            if folded.isspace():
                if out and space < 0:
                    space = index
                continue
            if space >= 0:
                out.append(" ")
                origin.append(space)
                space = -1
            out.append(folded)
            origin.append(index)
    return "".join(out), origin


def find_folded(text: str, wanted: str) -> tuple[int, int] | None:
    """Where `wanted` appears in `text`, folded: `(start, end)` of the stored characters that match, or None."""
    needle = fold(wanted)
    if not needle:
        return None
    if " " not in needle and text.isascii():
        # Most stored text is plain ASCII, where folding only lowers the case and collapses spaces, and a needle
        # without a space matches the same letters either way: found without folding the text (search runs
        # over every note at each key pressed).
        position = text.lower().find(needle)
        return None if position < 0 else (position, position + len(needle))
    if needle not in fold(text):  # the quick test first: most texts do not match
        return None
    folded, origin = fold_map(text)
    position = folded.find(needle)
    return origin[position], origin[position + len(needle) - 1] + 1


def folded_prefix_end(text: str, typed: str) -> int | None:
    """When `text` starts with `typed` (folded), the index in `text` just after the part typed; else None.

    `folded_prefix_end("Straße Müller", "strasse m")` is 8: the typed letters cover "Straße M"."""
    needle = fold(typed)
    if not fold(text).startswith(needle):
        return None
    if not needle:
        return 0
    _, origin = fold_map(text)
    end = origin[len(needle) - 1] + 1
    # Marks that follow the last letter typed (an NFD é is e + U+0301) belong to it.
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


# What separates the words of an organisation's name without telling one organisation from another: spaces and
# the punctuation of "Acme, Inc." or "Ørsted A/S". Any other sign stays part of the name: "C++ Guild" and
# "C# Guild" are two guilds, "Canal+" is not "Canal", and a vowel sign (Devanagari, Thai) is part of its word.
_NAME_PUNCTUATION = frozenset(".,;:!?'\"()[]{}/\\-_&·–—‘’“”«»")


# Words that say what legal form a company takes, not which company it is: "Acme, Inc.", "ACME Ltd" and "Acme"
# are one organisation. Dropped from the end of a name only, and never the name's last word.
_LEGAL_FORMS = frozenset({
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ag", "sa", "sarl", "bv", "nv", "pty", "srl", "spa", "oy", "ab", "as", "kk",
})


@lru_cache(maxsize=4096)
def organisation_key(name: str) -> str:
    """What two spellings of one organisation have in common: folded (case, accents), punctuation as spaces,
    legal forms at the end dropped. `Société Générale`, `SOCIETE GENERALE` and `Societe Generale SA` share one."""
    words = "".join(" " if ch in _NAME_PUNCTUATION else ch for ch in fold(name)).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words) if words else fold(name)
