"""Tables that use the width they have: the columns that carry text stretch, the short ones (dates, scores) keep
their width and always stay in view.

A DataTable gives each column a fixed width (or the width of its longest cell), so a wide terminal leaves empty
columns beside a cut "Why", and a narrow one pushes columns out of sight. Two ways to share the room:
- `FittedTable`: its owner computes the widths (`fit_text_columns`) and sets them (the Contacts pane, which also
  relabels its headers with the sort arrow);
- `FitTable`: fits itself on every resize from the cells it holds: each text column keeps its floor, then they take
  what their longest cell needs in the order of importance given (`share_out`), and what is left over goes to the
  last of them, so the table fills its width. What a narrow column cuts short is shown in full elsewhere.

`home` and `end` go to the first and last row: in a table with a row cursor there is nothing to the left or right
to jump to (DataTable's own `home`/`end` scroll sideways).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual import events
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

def share_out(room: int, wants: list[int], floors: list[int], first: list[int] | None = None) -> list[int]:
    """Widths for columns that want `wants` cells, out of `room`: every one keeps its floor, then they are
    served whole in the order `first` gives (by default left to right), and any room to spare goes to the last."""
    widths = list(floors)
    room -= sum(widths)
    if room <= 0 or not widths:
        return widths
    for index in first if first is not None else range(len(widths)):
        given = min(max(0, wants[index] - widths[index]), room)
        widths[index] += given
        room -= given
    widths[-1] += room
    return widths


def _width(value: object) -> int:
    return value.cell_len if isinstance(value, Text) else cell_len(str(value))


class FitTable(FittedTable):
    """A DataTable whose `stretch` columns share the width the table has; `fit()` after filling it.

    `stretch` maps each text column's key to its floor (the width it keeps when its cells need it), the most
    important first: that one is served whole before the next grows.
    """

    def __init__(self, *, stretch: Mapping[str, int], **options) -> None:
        super().__init__(**options)
        self.stretch = dict(stretch)

    def on_resize(self, event: events.Resize) -> None:  # DataTable's own handler runs too (Textual calls each)
        self.fit()

    def fit(self) -> None:
        """Give the text columns the room there is, from the cells they hold now."""
        if not self.size.width or not self.columns:
            return
        flexible = [self.columns[key] for key in self.columns if key.value in self.stretch]
        fixed = sum(column.get_render_width(self) for column in self.columns.values() if column not in flexible)
        # The scrollbar is counted whether it shows or not: a table that gains rows does not shift sideways.
        room = (self.size.width - self.styles.scrollbar_size_vertical - fixed
                - 2 * self.cell_padding * len(flexible))
        wants = [max([_width(column.label), *(_width(cell) for cell in self.get_column(column.key))])
                 for column in flexible]
        floors = [min(max(self.stretch[column.key.value], _width(column.label)), want)
                  for column, want in zip(flexible, wants)]
        priority = list(self.stretch)
        first = sorted(range(len(flexible)), key=lambda i: priority.index(flexible[i].key.value))
        widths = share_out(room, wants, floors, first)
        self.set_widths({column.key: width for column, width in zip(flexible, widths)})


# --- filling a table ---------------------------------------------------------------------------------


def row_key(table: DataTable) -> str | None:
    """The key of the row under the cursor, or None in an empty table."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def refill(table: DataTable, rows: list[tuple[str, tuple]]) -> None:
    """Replace a table's rows, keeping the cursor on the same record, or on the same line when it is gone
    (after a delete or a pass, the next key acts on the neighbour, not on the first row)."""
    selected = row_key(table)
    line = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    keys = [key for key, _ in rows]
    if selected in keys:
        table.move_cursor(row=keys.index(selected), animate=False)
    elif keys:
        table.move_cursor(row=min(line, len(keys) - 1), animate=False)
    if isinstance(table, FitTable):
        table.fit()
