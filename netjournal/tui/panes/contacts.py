"""Contacts pane: everybody in the journal, with last contact, last rating and when they are due.

Rows are computed once per journal change and kept; sorting and filtering work on those rows, so typing a
filter over 2,000 people does not touch the journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from ...insights import due_state
from ...model import Contact
from .base import Pane

RATING_WORDS = {1: "1 poor", 2: "2 adequate", 3: "3 good", 4: "4 great"}
SORTS = ("name", "due", "last", "rating", "org")
SORT_LABELS = {"name": "name", "due": "due first", "last": "last contact", "rating": "lowest rating",
               "org": "organisation"}


def when(day: date | None, today: date) -> str:
    if day is None:
        return "never"
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return f"in {-days}d"
    return f"{days}d ago"


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    last: date | None
    rating: int | None
    due_on: date | None
    haystack: str  # what the filter searches: name, org, tags and notes, folded

    def due_text(self, today: date) -> str:
        if self.due_on is None:
            return ""
        if self.due_on < today:
            return f"{(today - self.due_on).days}d late"
        if self.due_on == today:
            return "today"
        return f"in {(self.due_on - today).days}d"

    def sort_key(self, column: str, today: date) -> tuple:
        name = self.contact.name.casefold()
        if column == "due":
            # Overdue first (most overdue at the top), then soonest due, then those without an interval.
            return (self.due_on is None, self.due_on or date.max, name)
        if column == "last":
            return (self.last is None, -(self.last.toordinal() if self.last else 0), name)
        if column == "rating":
            return (self.rating is None, self.rating or 0, name)
        if column == "org":
            return (not self.contact.org, self.contact.org.casefold(), name)
        return (name,)


class ContactsPane(Pane):
    TITLE = "1 Contacts"
    BINDINGS = [
        Binding("enter", "open_person", "Open", id="contacts-open", show=False),
        Binding("e", "edit_person", "Edit", id="contacts-edit"),
        Binding("x", "archive_person", "Archive", id="contacts-archive"),
        Binding("slash", "start_filter", "Filter", id="contacts-filter"),
        Binding("s", "cycle_sort", "Sort", id="contacts-sort"),
        Binding("full_stop", "toggle_archived", "Archived", id="contacts-archived"),
        Binding("escape", "clear_filter", "Clear filter", id="contacts-clear-filter", show=False),
    ]

    class PersonChosen(Message):
        """The person under the cursor should be opened (enter) or edited (e)."""

        def __init__(self, contact_id: str, edit: bool = False) -> None:
            super().__init__()
            self.contact_id, self.edit = contact_id, edit

    class ArchiveRequested(Message):
        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    def __init__(self, journal, *, id: str | None = None) -> None:
        super().__init__(journal, id=id)
        self.rows: list[ContactRow] = []
        self.sort_column = "name"
        self.show_archived = False
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield Input(id="contacts-filter", placeholder="filter: name, org, interest or note (escape clears)")
        yield Static(id="contacts-welcome")
        table: DataTable = DataTable(id="contacts-table", cursor_type="row", zebra_stripes=True)
        # Fixed widths keep the last-contact, rating and due columns in view beside long organisation names.
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
        for person in journal.contacts(include_archived=True):
            state = due_state(person, last.get(person.id), today)
            rating = ratings.get(person.id)
            haystack = " ".join([person.name, person.org, " ".join(person.tags), person.notes]).casefold()
            rows.append(ContactRow(person, state.last_contact, rating.score if rating else None,
                                   None if person.archived else state.due_on, haystack))
        self.rows = rows
        self.redraw()

    def visible_rows(self) -> list[ContactRow]:
        today = self.journal.today()
        words = self.filter_text.casefold().split()
        shown = [r for r in self.rows
                 if (self.show_archived or not r.contact.archived) and all(w in r.haystack for w in words)]
        return sorted(shown, key=lambda r: r.sort_key(self.sort_column, today))

    def redraw(self) -> None:
        today = self.journal.today()
        table = self.query_one(DataTable)
        active = [r for r in self.rows if not r.contact.archived]
        self.set_class(not self.rows, "-empty")
        if not self.rows:
            self.query_one("#contacts-welcome", Static).update(
                "Your journal is empty. Ways to start:\n\n"
                "  a                         add a person\n"
                "  netjournal import FILE    bring in contacts you already have\n"
                "  netjournal --demo         look around a sample journal"
            )
        selected = self.selected_contact_id
        warning = self.app.current_theme.warning or "yellow"
        table.clear()
        shown = self.visible_rows()
        for row in shown:
            person = row.contact
            name = Text(person.name + (" (archived)" if person.archived else ""),
                        style="dim" if person.archived else "")
            if person.key_influencer:
                name.append(" ★", style=warning)
            due = row.due_text(today)
            table.add_row(
                name, Text(person.org), Text(when(row.last, today)),
                Text(RATING_WORDS[row.rating]) if row.rating else Text(""),
                Text(due, style=f"bold {warning}") if row.due_on and row.due_on <= today else Text(due),
                key=person.id,
            )
        if selected and any(r.contact.id == selected for r in shown):
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        overdue = sum(1 for r in active if r.due_on and r.due_on <= today)
        parts = [f"{len(shown)} of {len(active)}" if len(shown) != len(active) else f"{len(active)} people"]
        if overdue:
            parts.append(f"{overdue} due")
        parts.append(f"sort: {SORT_LABELS[self.sort_column]}")
        if self.show_archived:
            parts.append("with archived")
        self.border_subtitle = " · ".join(parts)

    @property
    def selected_contact_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select(self, contact_id: str) -> None:
        table = self.query_one(DataTable)
        try:
            table.move_cursor(row=table.get_row_index(contact_id), animate=False)
        except Exception:  # noqa: BLE001 - the person is filtered out or archived: leave the cursor
            return

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

    def action_archive_person(self) -> None:
        if self.selected_contact_id:
            self.post_message(self.ArchiveRequested(self.selected_contact_id))

    def action_cycle_sort(self) -> None:
        self.sort_column = SORTS[(SORTS.index(self.sort_column) + 1) % len(SORTS)]
        self.redraw()

    @on(DataTable.HeaderSelected, "#contacts-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_column = str(event.column_key.value)
        self.redraw()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.redraw()

    def action_start_filter(self) -> None:
        box = self.query_one("#contacts-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#contacts-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.redraw()

    @on(Input.Submitted, "#contacts-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#contacts-filter", Input)
        if not box.display:
            raise SkipAction()  # nothing to clear: let escape mean what it means further up
        box.value = ""
        box.display = False
        self.filter_text = ""
        self.redraw()
        self.query_one(DataTable).focus()
