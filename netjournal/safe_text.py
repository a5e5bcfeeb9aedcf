"""People's words on a terminal: every character a terminal could act on, shown instead of sent.

Names and notes come from other people's vCards and CSVs, and a name such as `Osc\\x1b]52;c;...\\x07` rewrites
the clipboard of whoever displays it raw. `visible()` is what the TUI (through `tui/text.py`) and the command
line (through `cli.say()` / `cli.warn()`) put every stored text through before it reaches a terminal. The
journal keeps the text exactly as it was given; only what is shown changes.

Each unsafe character becomes exactly one visible character, so lengths, cursor positions and columns stay
what they were:

- C0 controls U+0000-U+001F become their Unicode control pictures U+2400-U+241F (ESC is `␛`, BEL `␇`,
  CR `␍`, LF `␊`, TAB `␉`), and DEL U+007F becomes `␡` (U+2421);
- C1 controls U+0080-U+009F (U+009B is an 8-bit CSI), the bidirectional embeddings, overrides and isolates
  U+202A-U+202E and U+2066-U+2069 (they reorder what follows them), the line and paragraph separators
  U+2028-U+2029 and lone surrogates (which cannot be written to a terminal at all) become `�` (U+FFFD),
  the usual mark of a character that cannot be shown.

With `keep_newlines=True`, for text laid out over several lines (notes, answers, a report), `\\n` and `\\t`
are kept and `\\r\\n` counts as `\\n`.

Pure Python, no Textual: the domain and the command line use it without importing the UI.
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "UNSAFE", "visible", "json_visible"]

REPLACEMENT = "\ufffd"

_C0 = range(0x00, 0x20)
_C1 = range(0x80, 0xA0)
_DEL = 0x7F
_FORMAT = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)
_SURROGATES = range(0xD800, 0xE000)

UNSAFE: frozenset[int] = frozenset((*_C0, _DEL, *_C1, *_FORMAT, *_SURROGATES))
"""Every code point `visible()` replaces when it keeps nothing (`keep_newlines=False`)."""

_ONE_LINE: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in _C0},
    _DEL: "\u2421",
    **{code: REPLACEMENT for code in (*_C1, *_FORMAT, *_SURROGATES)},
}
_LAYOUT = {ord("\n"), ord("\t")}
_MULTI_LINE: dict[int, str] = {code: shown for code, shown in _ONE_LINE.items() if code not in _LAYOUT}


def _class(codes) -> re.Pattern[str]:
    """A regex character class matching the code points, written as ranges (a few dozen bytes, not 2,100)."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)
                      + "]")


_FIND_ONE_LINE = _class(_ONE_LINE).search
_FIND_MULTI_LINE = _class(_MULTI_LINE).search


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character a terminal could act on replaced by a visible one (see the module doc).

    Text with nothing to replace is returned as it is, the same object. Most names pass `isprintable()` (false
    for every unsafe character, and for a few harmless ones such as a no-break space), about 40 ns; the rest
    are one regex scan in C.
    """
    if text.isprintable():
        return text
    if keep_newlines:
        if _FIND_MULTI_LINE(text) is None:
            return text
        if "\r\n" in text:
            text = text.replace("\r\n", "\n")
        return text.translate(_MULTI_LINE)
    if _FIND_ONE_LINE(text) is None:
        return text
    return text.translate(_ONE_LINE)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_JSON_UNSAFE = _class(_MULTI_LINE)


def json_visible(text: str) -> str:
    """JSON text with each unsafe character in it written as a `\\uXXXX` escape: the same JSON value.

    orjson escapes C0 controls itself but writes DEL, C1 controls and the bidi characters as they are. In JSON
    they can only be inside strings, where the escape means the same character; newlines and tabs between
    tokens are layout and stay.
    """
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)
