"""Tables that use the width they have: the columns that carry text stretch, the short ones keep their width.

A DataTable gives each column a fixed width (or the width of its longest cell), so a wide terminal leaves empty
columns beside a cut "Why", and a narrow one pushes columns out of sight. `FitTable` shares the room left by
its fixed columns among its text columns: each keeps its floor, then they take what their longest cell needs in
the order of importance they were given (the names, then why, then the rest), and what is left over goes to the
last of them, so the table fills its width. What a narrow column cuts short is shown in full elsewhere (the line
under the table, the form that opens).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable


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


class FitTable(DataTable):
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
        if [column.width for column in flexible] == widths and not any(c.auto_width for c in flexible):
            return
        for column, width in zip(flexible, widths):
            column.width, column.auto_width = width, False
        # DataTable has no public way to say "the widths changed": these are what its own add_column sets.
        self._require_update_dimensions = True
        self._clear_caches()
