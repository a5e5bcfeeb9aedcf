"""Tables that use the width they have: text columns get what their longest entry needs when it fits, and the
short columns (dates, scores) always stay in view.

`home` and `end` go to the first and last row: in a table with a row cursor there is nothing to the left or right
to jump to (DataTable's own `home`/`end` scroll sideways).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


def fit_text_columns(available: int, needs: Mapping[str, int], keep: Mapping[str, int]) -> dict[str, int]:
    """Share `available` cells between text columns, in the order given (the first is the most useful).

    Each column gets what it `needs` when everything fits. When it does not, every column after the first keeps
    up to `keep` of its cells (enough to recognise an entry), and each column in order takes what it needs of
    what is left; the last one takes whatever remains, and is cut with an ellipsis.
    """
    keys = list(needs)
    if sum(needs.values()) <= available:
        return dict(needs)
    widths: dict[str, int] = {}
    left = available
    for n, key in enumerate(keys):
        kept_for_later = sum(min(keep.get(later, 0), needs[later]) for later in keys[n + 1:])
        widths[key] = max(1, min(needs[key], left - kept_for_later)) if n < len(keys) - 1 else max(1, left)
        left -= widths[key]
    return widths


class FittedTable(DataTable):
    """A DataTable whose column widths are set by its owner, to fit the space the table has."""

    BINDINGS = [
        Binding("home", "first_row", "First row", id="table-first-row", show=False),
        Binding("end", "last_row", "Last row", id="table-last-row", show=False),
    ]

    def __init__(self, *args, before_last_row: Callable[[], None] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.before_last_row = before_last_row  # a table filled a screenful at a time finishes filling first

    @property
    def room(self) -> int:
        """The cells a row has for its columns and their padding: the table's width less a vertical scrollbar,
        reserved when the rows will not all fit (the table cannot know before it has laid them out)."""
        rows_fit = self.row_count + (self.header_height if self.show_header else 0) <= self.size.height
        return self.size.width - (0 if rows_fit else self.styles.scrollbar_size_vertical)

    @property
    def padding_width(self) -> int:
        return 2 * self.cell_padding * len(self.columns)

    def set_widths(self, widths: Mapping[str, int]) -> None:
        """Give the columns these widths (keyed by column key); redraws only if one changed."""
        changed = False
        for key, width in widths.items():
            column = self.columns[key]  # type: ignore[index]
            if column.width != width or column.auto_width:
                column.width, column.auto_width = width, False
                changed = True
        if changed:
            self._redraw_columns()

    def set_labels(self, labels: Mapping[str, str]) -> None:
        """Give the columns these headers (plain text, keyed by column key); redraws only if one changed."""
        changed = False
        for key, label in labels.items():
            column = self.columns[key]  # type: ignore[index]
            if column.label.plain != label:
                column.label = Text(label)
                changed = True
        if changed:
            self._redraw_columns()

    def _redraw_columns(self) -> None:
        # Textual 8 has no public call for a changed column: these are what its own column changes (padding, a new
        # column) do, to measure the table again and draw its rows anew.
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0, animate=False)

    def action_last_row(self) -> None:
        if self.before_last_row is not None:
            self.before_last_row()
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
