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

With `escapes=True` (the command line), each is written as an ASCII escape instead (`\\x1b`, `\\x9b`,
`\\u202e`): a command's output may be read by a terminal that is not in UTF-8, or by a tool that looks at bytes,
and the UTF-8 bytes of the control pictures themselves fall in the C1 range (`␛` is E2 90 9B). The TUI keeps the
one-character pictures: Textual always writes UTF-8, and a cursor in a field must stay where the text is.

Pure Python, no Textual: the domain and the command line use it without importing the UI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["REPLACEMENT", "UNSAFE", "visible", "json_visible"]

REPLACEMENT = "\ufffd"

# The characters replaced, as regex classes: for one line (newlines and tabs too) and for several (they stay).
# Compiled when first needed: the ranges above U+00FF make each cost 0.6 ms, and most text never needs them.
_ONE_LINE = r"[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
_MULTI_LINE = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
_compiled: dict[bool, re.Pattern[str]] = {}


def _unsafe(keep_newlines: bool) -> re.Pattern[str]:
    pattern = _compiled.get(keep_newlines)
    if pattern is None:
        pattern = _compiled[keep_newlines] = re.compile(_MULTI_LINE if keep_newlines else _ONE_LINE)
    return pattern


UNSAFE: frozenset[int] = frozenset((*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x2028, 0x202F),
                                    *range(0x2066, 0x206A), *range(0xD800, 0xE000)))
"""Every code point `visible()` replaces when it keeps nothing (`keep_newlines=False`)."""


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ␀ ... ␛ ... ␟
    return "\u2421" if code == 0x7F else REPLACEMENT


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False, escapes: bool = False) -> str:
    """`text` with every character a terminal could act on replaced by a visible one (see the module doc).

    Text with nothing to replace is returned as it is, the same object. `isprintable()` is false for every unsafe
    character (and for a few harmless ones, such as a no-break space), so nearly all text is cleared by it in
    tens of nanoseconds, notes after their newlines and tabs are taken out; the rest is one regex scan.
    """
    if text.isprintable():
        return text
    if keep_newlines and text.replace("\n", "").replace("\t", "").isprintable():
        return text
    unsafe = _unsafe(keep_newlines)
    if unsafe.search(text) is None:
        return text
    return unsafe.sub(_escaped if escapes else _shown, text.replace("\r\n", "\n") if keep_newlines else text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_visible(text: str) -> str:
    """JSON text with each unsafe character in it written as a `\\uXXXX` escape: the same JSON value.

    orjson escapes C0 controls itself but writes DEL, C1 controls and the bidi characters as they are. In JSON
    they can only be inside strings, where the escape means the same character; newlines and tabs between
    tokens are layout and stay.
    """
    unsafe = _unsafe(keep_newlines=True)
    if unsafe.search(text) is None:
        return text
    return unsafe.sub(_json_escape, text)


def one_line_each(lines: Iterable[str]) -> str:
    """Report lines for the command line joined with newlines, each kept to one line: a newline inside a name
    shows as `\\x0a` instead of starting a line of its own (a vCard could otherwise forge a line such as
    "netjournal: your journal is ...")."""
    return "\n".join(visible(line, escapes=True) for line in lines)
