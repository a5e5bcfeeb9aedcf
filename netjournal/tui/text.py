"""Safe text for the screen: names, notes and topics are people's words, never markup and never terminal codes.

Everything the journal (or a content file, or a path) puts on screen goes through one of these, and each of them
puts the words through `netjournal.common.safe_text.visible()`, so an ESC or a C1 control in a name shows as `␛` / `�`
instead of reaching the terminal:

- `styled("[b]$name[/] is due", name=person.name)` styles the template and puts the values in as plain text;
  Textual's escape() leaves some brackets alone, and a trailing backslash in a value would swallow a tag;
- `plain(text)`: the words as Content, for a Static, a Label, an Option or a palette hit;
- `join_lines(lines)`: Content and plain strings (taken as they are) joined with newlines;
- `cell(text)`: a DataTable cell (a DataTable reads a str as markup);
- `line(text)`: one line as a str, for the few places that take nothing else (titles, an empty field's hint).

Inputs and text areas show what they hold through `tui/inputs.py`; notifications and the header's titles are
made safe in one place each, in `NetJournalApp.notify` and `NetJournalApp.format_title`.
"""

from __future__ import annotations

from collections.abc import Iterable

from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color, ColorParseError
from textual.content import Content

from ..common.safe_text import visible

if TYPE_CHECKING:
    from textual.app import App


def styled(template: str, **values: object) -> Content:
    return Content.from_markup(template, **{key: visible(str(value), keep_newlines=True)
                                            for key, value in values.items()})


def plain(text: object, *, keep_newlines: bool = True) -> Content:
    """The words as Content: no markup, control characters visible."""
    return Content(visible(str(text), keep_newlines=keep_newlines))


def join_lines(lines: Iterable[Content | str]) -> Content:
    """Lines (Content, or plain strings taken as they are) joined with newlines."""
    return Content("\n").join(line if isinstance(line, Content) else plain(line) for line in lines)


def cell(text: object, style: str = "") -> Text:
    """A DataTable cell: one line, no markup, control characters visible."""
    return Text(visible(str(text)), style=style)


def line(text: object) -> str:
    """One line of words as a str (a title, an empty field's hint): control characters, newlines and tabs visible."""
    return visible(str(text))


def muted_colour(app: App) -> str:
    """The theme's muted text colour, for Rich cells (a DataTable's): what `[$text-muted]` is in markup.

    Rich's `dim` would halve the colour towards the background, below 4.5:1 in most themes; the shipped themes set
    text-muted to a colour that reaches it. A user theme may leave it to Textual's "auto 60%", which Rich cannot
    read: then the foreground, 60% of the way from the background.
    """
    theme = app.current_theme
    value = app.get_css_variables().get("text-muted", "")
    try:
        return Color.parse(value).hex
    except ColorParseError:
        background = Color.parse(theme.background or ("#000000" if theme.dark else "#ffffff"))
        foreground = Color.parse(theme.foreground or ("#ffffff" if theme.dark else "#000000"))
        return background.blend(foreground, 0.6).hex
