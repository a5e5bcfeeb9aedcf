"""Values from a file shown safely in a message: short, quoted, told apart by type, never the whole of a large one.

Used by the journal's checks (`core/schema`) and by the settings files' messages alike.
"""

from __future__ import annotations

from typing import Any

from .counted import counted


def short(value: Any, limit: int = 30) -> str:
    """A text as a short quoted form: escapes (repr) keep control characters from reaching the terminal."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"… ({len(text):,} characters)"


def label(key: str) -> str:
    """An id or key as it is when it is short and plain, else quoted and shortened."""
    plain = len(key) <= 24 and key.isascii() and key.replace("-", "").replace("_", "").isalnum()
    return key if plain else short(key, 24)


def found(value: Any) -> str:
    """What was found, told apart by its JSON type and shown short: never the whole of a large value.

    5 is a number and '5' is text; a list or an object is described, not shown.
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        if value.bit_length() > 64:
            return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
        return str(value)
    if type(value) is float:
        return repr(value)
    if isinstance(value, str):
        return short(value) if value else "empty text"
    if isinstance(value, list):
        return "an empty list" if not value else f"a list of {counted(len(value), 'item')}"
    if isinstance(value, dict):
        return f"an object with {counted(len(value), 'field')}"
    return f"a {type(value).__name__}"
