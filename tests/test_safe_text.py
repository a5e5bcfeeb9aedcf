"""visible(): nothing a terminal acts on ever comes out; anything else comes out as it went in."""

from __future__ import annotations

import json
import subprocess
import sys

import orjson
from hypothesis import given
from hypothesis import strategies as st

from netjournal.common.safe_text import REPLACEMENT, UNSAFE, json_visible, visible

LAYOUT = {ord("\n"), ord("\t")}
# Any character at all (lone surrogates included, as a non-UTF-8 byte read with surrogateescape gives them),
# with the unsafe ones and the layout ones drawn often enough to meet each other.
characters = st.one_of(st.characters(exclude_categories=()), st.sampled_from(sorted(map(chr, UNSAFE))),
                       st.sampled_from(["\r\n", "\n", "\t", " ", "[b]", "\\"]))
texts = st.lists(characters, max_size=40).map("".join)
safe_texts = st.text(st.characters(exclude_categories=(), exclude_characters="".join(map(chr, UNSAFE))))


@given(texts)
def test_one_line_has_no_control_character_left_and_the_same_length(text):
    shown = visible(text)
    assert not any(ord(char) in UNSAFE for char in shown)
    assert len(shown) == len(text)  # one character for one: cursors and columns stay in place
    shown.encode("utf-8")  # always writable, even when the text held lone surrogates


@given(texts)
def test_several_lines_keep_newlines_and_tabs_only(text):
    shown = visible(text, keep_newlines=True)
    assert not any(ord(char) in UNSAFE - LAYOUT for char in shown)
    # the same as one line, but for the layout characters (and a CRLF read as one newline)
    assert visible(shown) == visible(text.replace("\r\n", "\n"))


@given(safe_texts)
def test_text_without_controls_is_returned_as_it_is(text):
    assert visible(text) is text
    assert visible(text, keep_newlines=True) is text


@given(texts)
def test_showing_twice_changes_nothing_more(text):
    assert visible(visible(text)) == visible(text)


def test_how_each_kind_of_character_is_shown():
    assert visible("Osc\x1b]52;c;ZXZpbA==\x07X") == "Osc␛]52;c;ZXZpbA==␇X"
    assert visible("\x00\x08\r\n\t\x7f") == "␀␈␍␊␉␡"
    assert visible("a\r\nb\tc\rd", keep_newlines=True) == "a\nb\tc␍d"
    assert visible("\x9b6n \x85 \u202etxt.exe \u2066x\u2069 \u2028 \ud83d") == (
        f"{REPLACEMENT}6n {REPLACEMENT} {REPLACEMENT}txt.exe {REPLACEMENT}x{REPLACEMENT} {REPLACEMENT} {REPLACEMENT}")
    # Printable text of every kind is left alone: accents, CJK, emoji with joiners, no-break spaces, markup.
    for text in ("Zoë Ruíz", "李小龙", "👩‍👩‍👧", "Ana\u00a0Ruiz", "[bold red]x[/] z\\", "ab\u200dcd"):
        assert visible(text) is text


@given(st.recursive(st.none() | st.booleans() | st.integers() | texts,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                    max_leaves=12))
def test_json_stays_the_same_json_with_nothing_unsafe_in_it(value):
    try:
        dumped = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        return  # lone surrogates: orjson refuses them, and so does the journal
    shown = json_visible(dumped)
    assert not any(ord(char) in UNSAFE - LAYOUT for char in shown)
    assert json.loads(shown) == value


def test_the_domain_can_use_it_without_textual():
    code = "import sys, netjournal.common.safe_text; print('textual' in sys.modules or 'rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
