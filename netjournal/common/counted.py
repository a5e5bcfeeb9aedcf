"""Counted words as a person writes them: "1 conversation", "3 people", "once", "twice", "4 times".

Every count the TUI, the command line and the reports show goes through these, so that nothing reads
"1 times" or "1 people". Plain functions, no Textual: the insights and reports use them too.
"""

from __future__ import annotations


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """The word alone, agreeing with `n`: noun(1, "person", "people") -> "person". The plural adds an s by default.

    A phrase works too, for a verb that agrees: noun(2, "relationship leans", "relationships lean").
    """
    return singular if n == 1 else (plural if plural is not None else singular + "s")


def counted(n: int, singular: str, plural: str | None = None, *, zero: str | None = None) -> str:
    """The number and the word: "1 conversation", "1,200 conversations"; `zero` replaces "0 ..." ("no one")."""
    if n == 0 and zero is not None:
        return zero
    return f"{n:,} {noun(n, singular, plural)}"


def times(n: int) -> str:
    """How often: "once", "twice", "3 times" ("0 times" when nothing happened: say it another way if you can)."""
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")
