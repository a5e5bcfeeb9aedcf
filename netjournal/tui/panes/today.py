"""Today pane: what asks for attention now and in the week ahead, each line acting with one key.

Meetings today, follow-ups overdue and due, dates coming round, people past their keep-in-touch interval and this
week's goals not met yet: `insights.today.today_view`, in the words of `reports.today`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...insights.today import Today, today_view
from ...reports.today import SECTION_TITLES, date_line, due_line, follow_up_line, goal_line, meeting_line
from ..text import styled
from .base import Pane

MOST_DUE = 5  # people due a conversation shown by name; the rest are counted ("and 4 more")
EMPTY = "Nothing due today or this week. A good day to get in touch with someone for no reason at all."


class TodayPane(Pane):
    TITLE = "5 Today"
    BINDINGS = [
        Binding("l", "log", "Log", id="today-log"),
        Binding("d", "done", "Done", id="today-done"),
        Binding("n", "snooze", "Snooze", id="today-snooze"),
        Binding("o", "open", "Open", id="today-open"),
    ]

    class LogRequested(Message):
        """Log a conversation with this person, or from this meeting (enter or l on a line)."""

        def __init__(self, contact_id: str | None, meeting_id: str | None = None,
                     follow_up_id: str | None = None) -> None:
            super().__init__()
            self.contact_id, self.meeting_id, self.follow_up_id = contact_id, meeting_id, follow_up_id

    def __init__(self, journal, *, id: str | None = None) -> None:
        super().__init__(journal, id=id)
        self.lines: dict[str, tuple[str, str]] = {}  # option id -> (kind, what it is about: a record's id)
        self.people: dict[str, str] = {}  # option id -> the person the line is about

    def compose(self) -> ComposeResult:
        yield OptionList(id="today-list")

    def show_data(self) -> None:
        view = today_view(self.journal)
        options = self.query_one("#today-list", OptionList)
        highlighted = options.highlighted
        was = options.get_option_at_index(highlighted).id if highlighted is not None and \
            highlighted < options.option_count else None
        options.clear_options()
        self.lines, self.people = {}, {}
        options.add_options(self._options(view))  # one redraw, not one per line
        if view.empty:
            options.add_option(Option(styled("[$text-muted]$empty[/]", empty=EMPTY), disabled=True))
            self.border_subtitle = ""
        else:
            late = sum(1 for f in view.follow_ups if f.days_late > 0)
            count = len(self.lines) + max(0, len(view.due) - MOST_DUE)
            self.border_subtitle = f"{count} to act on" + (f" · {late} overdue" if late else "")
            # The cursor stays on the line it was on; when that line left (done, logged), on the one in its place.
            index = next((n for n in range(options.option_count) if was and options.get_option_at_index(n).id == was),
                         None)
            if index is None:
                index = min(highlighted or 0, options.option_count - 1)
            options.highlighted = index
            if options.get_option_at_index(index).disabled:
                options.action_cursor_down()

    def _options(self, view: Today) -> list[Option]:
        day = view.day
        found: list[Option] = []

        def section(key: str) -> None:
            found.append(Option(styled("[b]$title[/]", title=SECTION_TITLES[key]), disabled=True))

        def add(kind: str, ref: str, person: str, text: str, tone: str = "") -> None:
            option_id = f"{kind}:{ref}:{len(found)}"
            self.lines[option_id] = (kind, ref)
            self.people[option_id] = person
            template = f"  [{tone}]$text[/]" if tone else "  $text"
            found.append(Option(styled(template, text=text), id=option_id))

        if view.meetings:
            section("meetings")
            for item in view.meetings:
                add("meeting", item.meeting.id, item.people[0].id, meeting_line(item))
        if view.follow_ups:
            section("follow_ups")
            for item in view.follow_ups:
                add("follow_up", item.follow_up.id, item.contact.id, follow_up_line(item, day),
                    "$warning" if item.days_late > 0 else "")
        if view.dates:
            section("dates")
            for item in view.dates:
                add("date", item.contact.id, item.contact.id, date_line(item, day))
        if view.due:
            section("due")
            for item in view.due[:MOST_DUE]:
                add("due", item.contact.id, item.contact.id, due_line(item, day))
            if len(view.due) > MOST_DUE:
                found.append(Option(styled("  [$text-muted]and $n more[/]", n=len(view.due) - MOST_DUE),
                                    disabled=True))
        if view.week_goals:
            section("week_goals")
            for item in view.week_goals:
                add("goal", item.goal.id, item.contact.id, goal_line(item))
        return found

    # --- actions -----------------------------------------------------------------------------------

    def _current(self) -> tuple[str, str, str] | None:
        """(kind, ref, contact id) of the line under the cursor."""
        options = self.query_one("#today-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        if option_id not in self.lines:
            return None
        kind, ref = self.lines[option_id]
        return kind, ref, self.people[option_id]

    @property
    def selected_contact_id(self) -> str | None:
        """The person of the line under the cursor (`f` adds a follow-up for them)."""
        current = self._current()
        return current[2] if current else None

    def action_log(self) -> None:
        current = self._current()
        if current is None:
            return
        kind, ref, person = current
        self.post_message(self.LogRequested(person, ref if kind == "meeting" else None,
                                            ref if kind == "follow_up" else None))

    def action_done(self) -> None:
        current = self._current()
        if current is None or current[0] != "follow_up":
            self.app.notify("d marks a follow-up done: move to one under Follow-ups.")
            return
        from ..forms.follow_up_form import mark_done

        mark_done(self.app, self.journal, current[1])

    def action_snooze(self) -> None:
        current = self._current()
        if current is None or current[0] != "follow_up":
            self.app.notify("n snoozes a follow-up: move to one under Follow-ups.")
            return
        from ..forms.follow_up_form import snooze

        snooze(self.app, self.journal, current[1])

    def action_open(self) -> None:
        current = self._current()
        if current is not None:
            self.post_message(self.PersonChosen(current[2]))

    @on(OptionList.OptionSelected, "#today-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_log()
