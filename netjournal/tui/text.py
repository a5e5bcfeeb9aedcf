"""Safe text for the screen: names, notes and topics are people's words, never markup.

`styled("[b]$name[/] is due", name=person.name)` styles the template and puts the values in as plain text;
Textual's escape() leaves some brackets alone, and a trailing backslash in a value would swallow a tag.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content


def styled(template: str, **values: object) -> Content:
    return Content.from_markup(template, **{key: str(value) for key, value in values.items()})


def join_lines(lines: Iterable[Content | str]) -> Content:
    """Lines (Content, or plain strings taken as they are) joined with newlines."""
    return Content("\n").join(line if isinstance(line, Content) else Content(line) for line in lines)
