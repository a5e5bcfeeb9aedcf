"""An Input that shows what it holds with control characters visible, and keeps it as it is.

A prefilled form field holds the stored text exactly, so saving a field nobody touched writes back what was
there; only the drawing changes. `visible()` replaces each character with exactly one, so the cursor, the
selection and the columns stay where Textual puts them. (The TextArea that does the same is in text_area.py:
importing TextArea costs start-up 6 ms, and the main screen has only the filter box.)

Use VisibleInput instead of textual.widgets.Input everywhere in the TUI (a test checks it).
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from ..common.safe_text import visible


class VisibleInput(Input):
    """An Input whose value (and the suggestion after it) is drawn with control characters visible."""

    # Input draws its value from `_value` and measures it with `_position_to_cell` and `_cell_offset_to_index`
    # (Textual 8); these three draw and measure the visible form instead, so every control shows and the cursor
    # sits where it should. Should a Textual release draw the value another way, render_line below still makes
    # the line visible, and tests/test_hostile_text.py reads what reaches the terminal.
    @property
    def _value(self) -> Text:
        if self.password:
            return Text("•" * len(self.value), no_wrap=True, overflow="ignore", end="")
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(visible(self.value[:position]))

    def _cell_offset_to_index(self, offset: int) -> int:
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        cell_offset = 0
        for index, char in enumerate(visible(self.value)):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))

    def render_line(self, y: int) -> Strip:
        """The suggestion (a name completed from the journal) is drawn after the value: made visible here."""
        strip = super().render_line(y)
        if all(text.isprintable() for text, _, _ in strip):
            return strip
        width = strip.cell_length
        return Strip([Segment(visible(text), style, control) for text, style, control in strip]).crop(0, width)

