"""Contacts pane: everybody in the journal, with last contact, last rating and when they are due.

Rows are computed once per journal change and kept; sorting and filtering work on those rows, so typing a
filter over 2,000 people does not touch the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from ...common.folding import fold, folded_words
from ...insights.facts import ago, due_state
from ...core.model import Contact
from ...common.safe_text import visible
from ...settings.content import rating_words
from ..inputs import VisibleInput
from ..tables import FittedTable, fit_text_columns
from ..text import cell, muted_colour
from .base import Pane

RATING_WORDS = rating_words()  # "3 good": the scale's words, as the rating pass and the command line say them
COLUMN_KEYS = ("name", "org", "last", "rating", "due")
FIRST_ROWS = 60  # more than a tall terminal shows
MORE_ROWS = 200
# What `S` steps through: each column the way that finds who needs you (overdue, longest without a word, lowest
# rating first), then the same column the other way. Name Z-A comes last, so one `S` still lists the due first.
SORT_CYCLE = (("name", False), ("due", False), ("due", True), ("last", False), ("last", True),
              ("rating", False), ("rating", True), ("org", False), ("org", True), ("name", True))
SORT_LABELS = {  # (as first sorted, reversed), for the pane's caption
    "name": ("name A-Z", "name Z-A"),
    "due": ("due first", "due last"),
    "last": ("last contact, oldest first", "last contact, newest first"),
    "rating": ("lowest rating first", "highest rating first"),
    "org": ("organisation A-Z", "organisation Z-A"),
}
ASCENDING, DESCENDING = "▲", "▼"  # beside the sorted column's header: which way its values run down the table
# The short columns keep their width at any size (the widest entry: "yesterday", "2 adequate", "12d late").
FIXED_WIDTHS = {"last": 9, "rating": 10, "due": 9}
ORG_KEEPS = 10  # cells of Org kept beside long names before names are cut


# Not frozen, with slots: 2,000 of these are made before the first frame, and a frozen dataclass's __init__
# sets each field through object.__setattr__ (with the lazy haystack, 11.4 -> 8.5 ms for all rows).
@dataclass(slots=True)
class ContactRow:
    contact: Contact
    last: date | None
    rating: int | None
    due_on: date | None
    improve_by: date | None = None  # a low rating's improve-by date that has passed
    _haystack: str | None = field(default=None, init=False, repr=False)

    @property
    def haystack(self) -> str:
        """What the filter searches: name, org, tags and notes, folded; made when a filter is first typed."""
        if self._haystack is None:
            person = self.contact
            self._haystack = fold(" ".join([person.name, person.org, " ".join(person.tags), person.notes]))
        return self._haystack

    def due_text(self, today: date) -> str:
        if self.improve_by is not None:
            return "improve!"  # the date set to make a low rating better has passed
        if self.due_on is None:
            return ""
        if self.due_on < today:
            return f"{(today - self.due_on).days}d late"
        if self.due_on == today:
            return "today"
        return f"in {(self.due_on - today).days}d"

    def sort_value(self, column: str) -> object:
        """What a column sorts by, in its first order; None (no interval, no rating, no org) goes last either way."""
        if column == "due":
            # The earlier of when they are due and when a low rating was to be better: the most overdue first.
            return min((d for d in (self.due_on, self.improve_by) if d is not None), default=None)
        if column == "last":
            return self.last or date.min  # never in touch is the longest without a word
        if column == "rating":
            return self.rating
        if column == "org":
            return fold(self.contact.org) or None
        return fold(self.contact.name)


class ContactsPane(Pane):
    TITLE = "1 Contacts"
    FIRST_PAINT = True
    BINDINGS = [
        Binding("enter", "open_person", "Open", id="contacts-open", show=False),
        Binding("e", "edit_person", "Edit", id="contacts-edit"),
        Binding("x", "archive_person", "Archive", id="contacts-archive"),
        Binding("o", "assign_roles", "Roles", id="contacts-roles", show=False),
        Binding("slash", "start_filter", "Filter", id="contacts-filter"),
        Binding("S", "cycle_sort", "Sort", id="contacts-sort"),  # s is the share queue, everywhere
        Binding("full_stop", "toggle_archived", "Archived", id="contacts-archived"),
        Binding("escape", "clear_filter", "Clear filter", id="contacts-clear-filter", show=False),
    ]

    class Filled(Message):
        """Every row is in the table for the first time: start-up is over."""

    class ArchiveRequested(Message):
        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    def __init__(self, journal, *, id: str | None = None) -> None:
        super().__init__(journal, id=id)
        self.rows: list[ContactRow] = []
        self.sort_column = "name"
        self.sort_reversed = False
        self.show_archived = False
        self.filter_text = ""
        self._shown_keys: list[str] = []
        self._shown_cells: dict[str, tuple[Text, ...]] = {}
        self._generation = 0
        self._filling = False
        self._filled_once = False
        self._pending_select: str | None = None
        self._wanted: list[ContactRow] = []  # the rows being added, in order (see _fill_now)
        self._labels: dict[str, str] = {}  # column key -> header as composed
        self._rows_version = 0
        self._needs: tuple[tuple[int, bool], tuple[int, int]] | None = None

    def compose(self) -> ComposeResult:
        # The filter box is mounted at the first `/`: styling a hidden Input delayed the first frame by ~6 ms.
        yield Static(id="contacts-welcome")
        table = FittedTable(id="contacts-table", cursor_type="row", zebra_stripes=True,
                            before_last_row=self._fill_now)
        # Widths are set to fit the pane (see _fit_columns): these hold until the pane has a size.
        table.add_column("Name", key="name", width=17)
        table.add_column("Org", key="org", width=14)
        table.add_column("Last", key="last", width=9)
        table.add_column("Rating", key="rating", width=10)
        table.add_column("Due", key="due", width=9)
        yield table

    # --- data -----------------------------------------------------------------------------

    def show_data(self) -> None:
        """Recompute the rows from the journal, then redraw."""
        journal = self.journal
        today = journal.today()
        last = journal.last_contact_dates()
        ratings = journal.latest_ratings()
        rows = []
        for person in journal.by_name(include_archived=True):  # kept, read-only: a save leaves them as they were
            state = due_state(person, last.get(person.id), today)
            rating = ratings.get(person.id)
            improve_by = None
            if rating and rating.score <= 2 and rating.improve_by and rating.improve_by < today.isoformat():
                improve_by = date.fromisoformat(rating.improve_by)
            rows.append(ContactRow(person, state.last_contact, rating.score if rating else None,
                                   None if person.archived else state.due_on,
                                   None if person.archived else improve_by))
        self.rows = rows
        self._rows_version += 1
        self.redraw()

    def visible_rows(self) -> list[ContactRow]:
        words = folded_words(self.filter_text)  # `alvarez` finds Álvarez; case and accents fold
        shown = [r for r in self.rows
                 if (self.show_archived or not r.contact.archived) and all(w in r.haystack for w in words)]
        column = self.sort_column
        shown.sort(key=lambda r: (fold(r.contact.name), r.contact.name.casefold()))  # ties keep name order
        valued = [r for r in shown if r.sort_value(column) is not None]
        valued.sort(key=lambda r: r.sort_value(column), reverse=self.sort_reversed)  # type: ignore[arg-type]
        return valued + [r for r in shown if r.sort_value(column) is None]

    def cells(self, row: ContactRow, today: date, warning: str, muted: str) -> tuple[Text, ...]:
        """What one row shows. Text, not str: a DataTable reads str as markup, and names are not markup."""
        person = row.contact
        # An archived person is said in the Due column (they are never due), so the name keeps its width.
        name = cell(person.name, style=muted if person.archived else "")
        name.overflow = "ellipsis"  # a name or org cut to fit the pane says so
        if person.key_influencer:
            name.append(" ★", style=warning)
        org = cell(person.org)
        org.overflow = "ellipsis"
        due = row.due_text(today)
        overdue = (row.due_on is not None and row.due_on <= today) or row.improve_by is not None
        return (name, org, Text(ago(row.last, today)),
                Text(RATING_WORDS.get(row.rating, str(row.rating))) if row.rating else Text(""),
                Text("archived", style=muted) if person.archived
                else Text(due, style=f"bold {warning}") if overdue else Text(due))

    def redraw(self, to_top: bool = False) -> None:
        """Show the rows as filtered and sorted now; the cursor stays on its person, or goes `to_top`."""
        today = self.journal.today()
        table = self.query_one(FittedTable)
        active = [r for r in self.rows if not r.contact.archived]
        self.set_class(not self.rows, "-empty")
        if not self.rows:
            self.query_one("#contacts-welcome", Static).update(
                "Your journal is empty. Ways to start:\n\n"
                "  a                         add a person\n"
                "  netjournal import FILE    bring in contacts you already have\n"
                "  netjournal --demo         look around a sample journal"
            )
        shown = self.visible_rows()
        if to_top and shown:
            self._pending_select = shown[0].contact.id  # a new order is read from the top
        keys = [row.contact.id for row in shown]
        if keys == self._shown_keys and not self._filling:
            # The same people in the same order (the common case after logging a conversation):
            # change only the cells that differ instead of rebuilding thousands of rows.
            warning, muted = self.app.current_theme.warning or "yellow", muted_colour(self.app)
            for row in shown:
                key = row.contact.id
                cells = self.cells(row, today, warning, muted)
                for column, old, new in zip(COLUMN_KEYS, self._shown_cells[key], cells):
                    if old != new:
                        table.update_cell(key, column, new)
                self._shown_cells[key] = cells
            if to_top and shown:
                self._pending_select = None
                table.move_cursor(row=0, animate=False)
        else:
            self._refill(table, shown)
        self._shown_keys = keys
        overdue = sum(1 for r in active if (r.due_on and r.due_on <= today) or r.improve_by)
        everyone = f"{len(active)} {'person' if len(active) == 1 else 'people'}"
        parts = [f"{len(shown)} of {len(active)}" if len(shown) != len(active) else everyone]
        if overdue:
            parts.append(f"{overdue} due")
        parts.append(f"sort: {SORT_LABELS[self.sort_column][self.sort_reversed]}")
        if self.show_archived:
            parts.append("with archived")
        self.border_subtitle = " · ".join(parts)
        self._show_sort(table)
        self._fit_columns()

    def _show_sort(self, table: FittedTable) -> None:
        if not self._labels:  # the headers as composed, before any arrow
            self._labels = {str(key.value): column.label.plain for key, column in table.columns.items()}
        arrow = DESCENDING if self.sort_reversed else ASCENDING
        table.set_labels({key: f"{label} {arrow}" if key == self.sort_column else label
                          for key, label in self._labels.items()})

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Name and Org take the room the short columns leave: whole when it is there, Name first when not."""
        table = self.query_one(FittedTable)
        if not table.size.width:
            return  # not laid out yet: the first resize fits it
        labels = {str(key.value): cell_len(column.label.plain) for key, column in table.columns.items()}
        fixed = {key: max(width, labels[key]) for key, width in FIXED_WIDTHS.items()}
        name_need, org_need = self._text_needs()
        available = table.room - table.padding_width - sum(fixed.values())
        needs = {"name": max(name_need, labels["name"]), "org": max(org_need, labels["org"])}
        text = fit_text_columns(available, needs, keep={"org": ORG_KEEPS})
        table.set_widths({**text, **fixed})

    def _text_needs(self) -> tuple[int, int]:
        """The widest name (with its star) and org among the people the pane can list now (filter aside, so that
        typing a filter does not make the columns jump). Measured once per journal change."""
        if self._needs is None or self._needs[0] != (self._rows_version, self.show_archived):
            rows = [r for r in self.rows if self.show_archived or not r.contact.archived]
            name = max((cell_len(visible(r.contact.name)) + (2 if r.contact.key_influencer else 0) for r in rows),
                       default=0)
            org = max((cell_len(visible(r.contact.org)) for r in rows), default=0)
            self._needs = ((self._rows_version, self.show_archived), (name, org))
        return self._needs[1]

    def _refill(self, table: DataTable, wanted: list[ContactRow]) -> None:
        """Replace every row: the first screenful at once, the rest in chunks between screen refreshes.

        Adding a row to a DataTable costs about a tenth of a millisecond of bookkeeping; filling 2,000 in one go
        would hold the screen for a quarter of a second.
        """
        selected = self._pending_select or self.selected_contact_id
        if selected is not None and all(row.contact.id != selected for row in wanted):
            # The selected person left the list (archived, filtered out): stay at the same place in it.
            place = min(table.cursor_row, len(wanted) - 1)
            selected = wanted[place].contact.id if place >= 0 else None
        self._generation += 1
        self._shown_cells = {}
        self._wanted = wanted
        table.clear()
        self._add_rows(table, wanted, 0, FIRST_ROWS, self._generation, selected)

    def _fill_now(self) -> None:
        """`end` while rows are still being added a screenful at a time: add the rest now, so last means last."""
        if self._filling:
            self._generation += 1  # the chunks still queued stand down
            start = self.query_one(FittedTable).row_count
            self._add_rows(self.query_one(FittedTable), self._wanted, start, len(self._wanted) - start,
                           self._generation, None)

    def _add_rows(self, table: DataTable, wanted: list, start: int, count: int, generation: int,
                  selected: str | None) -> None:
        if generation != self._generation:
            return  # a newer redraw replaced this one
        today = self.journal.today()
        warning, muted = self.app.current_theme.warning or "yellow", muted_colour(self.app)
        for row in wanted[start:start + count]:
            key = row.contact.id
            cells = self._shown_cells[key] = self.cells(row, today, warning, muted)
            table.add_row(*cells, key=key)
            if key == selected:
                table.move_cursor(row=table.row_count - 1, animate=False)
                self._pending_select = None
        end = start + count
        self._filling = end < len(wanted)
        if not self._filling and not self._filled_once:
            self._filled_once = True
            self.post_message(self.Filled())
        if self._filling:
            # After the next screen refresh, so the first rows are painted before the rest are measured.
            self.call_after_refresh(self._add_rows, table, wanted, end, MORE_ROWS, generation, selected)

    def focus_first(self) -> None:
        """The table, always: the filter box gets the focus only through `/`."""
        self.query_one(DataTable).focus()

    @property
    def selected_contact_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select(self, contact_id: str) -> None:
        """Put the cursor on a person, now or as soon as their row is added."""
        table = self.query_one(DataTable)
        if contact_id in table.rows:
            table.move_cursor(row=table.get_row_index(contact_id), animate=False)
        else:
            self._pending_select = contact_id

    # --- actions --------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#contacts-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.PersonChosen(event.row_key.value))

    def action_open_person(self) -> None:
        if self.selected_contact_id:
            self.post_message(self.PersonChosen(self.selected_contact_id))

    def action_edit_person(self) -> None:
        if self.selected_contact_id:
            self.post_message(self.PersonChosen(self.selected_contact_id, edit=True))

    def action_assign_roles(self) -> None:
        if self.selected_contact_id:
            self.post_message(self.RolesRequested(self.selected_contact_id))

    def action_archive_person(self) -> None:
        if self.selected_contact_id:
            self.post_message(self.ArchiveRequested(self.selected_contact_id))

    def action_cycle_sort(self) -> None:
        at = SORT_CYCLE.index((self.sort_column, self.sort_reversed))
        self.sort_column, self.sort_reversed = SORT_CYCLE[(at + 1) % len(SORT_CYCLE)]
        self.redraw(to_top=True)

    @on(DataTable.HeaderSelected, "#contacts-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_reversed = column == self.sort_column and not self.sort_reversed  # the same header again reverses
        self.sort_column = column
        self.redraw(to_top=True)

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.redraw()

    async def action_start_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            box = VisibleInput(id="contacts-filter", placeholder="filter: name, org, interest or note (escape clears)")
            await self.mount(box, before=0)
        box.display = True
        box.focus()

    def _filter_box(self) -> Input | None:
        boxes = self.query("#contacts-filter")
        return boxes.first(Input) if boxes else None

    @on(Input.Changed, "#contacts-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.redraw()

    @on(Input.Submitted, "#contacts-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self._filter_box()
        if box is None or not box.display:
            raise SkipAction()  # nothing to clear: let escape mean what it means further up
        box.value = ""
        box.display = False
        self.filter_text = ""
        self.redraw()
        self.query_one(DataTable).focus()
