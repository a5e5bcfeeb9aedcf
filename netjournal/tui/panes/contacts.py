"""Contacts pane: everybody in the journal, with last contact, last rating and when they are due."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...insights import due_state
from .base import Pane

RATING_WORDS = {1: "1 poor", 2: "2 adequate", 3: "3 good", 4: "4 great"}


def _when(day: date | None, today: date) -> str:
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


class ContactsPane(Pane):
    TITLE = "1 Contacts"

    def compose(self) -> ComposeResult:
        yield Static(id="contacts-welcome")
        table: DataTable = DataTable(id="contacts-table", cursor_type="row", zebra_stripes=True)
        # Fixed widths keep the last-contact, rating and due columns in view beside long organisation names.
        table.add_column("Name", key="name", width=17)
        table.add_column("Org", key="org", width=14)
        table.add_column("Last", key="last", width=9)
        table.add_column("Rating", key="rating", width=10)
        table.add_column("Due", key="due", width=9)
        yield table

    def show_data(self) -> None:
        journal = self.journal
        today = journal.today()
        people = journal.contacts()
        table = self.query_one(DataTable)
        welcome = self.query_one("#contacts-welcome", Static)
        self.set_class(not people, "-empty")
        if not people:
            welcome.update(
                "Your journal is empty. Ways to start:\n\n"
                "  a              add a person\n"
                "  netjournal import FILE   bring in contacts (vCard, LinkedIn CSV)\n"
                "  netjournal --demo        look around a sample journal"
            )
        last = journal.last_contact_dates()
        ratings = journal.latest_ratings()
        selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key if table.row_count else None
        table.clear()
        for person in people:
            state = due_state(person, last.get(person.id), today)
            rating = ratings.get(person.id)
            if state.due_on is None:
                due = ""
            elif state.due_on < today:
                due = f"{(today - state.due_on).days}d late"
            elif state.due_on == today:
                due = "today"
            else:
                due = f"in {(state.due_on - today).days}d"
            table.add_row(person.name, person.org, _when(state.last_contact, today),
                          RATING_WORDS[rating.score] if rating else "", due, key=person.id)
        if selected is not None and selected.value in {p.id for p in people}:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        self.border_subtitle = f"{len(people)} people"

    @property
    def selected_contact_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
