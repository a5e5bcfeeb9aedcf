"""Follow-ups from the keyboard: `f` adds one (who, what, by when), and done, snooze and drop act on one.

Today and a person's view share these, so a follow-up acts the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.errors import JournalError
from ...core.journal import Journal
from ...core.model import Contact, FollowUp, parse_planned_day
from ...reports.today import day_words, due_words
from ..inputs import VisibleInput
from ..text import styled
from .base import FormScreen, labelled
from .confirm import ConfirmScreen
from .names import PeopleInput

BY_HINT = "By (tomorrow, fri, next week, in 2 weeks, 2026-12-10)"


class FollowUpForm(FormScreen[FollowUp]):
    """Something to do for or with a person by a date; the person is filled in when known."""

    def __init__(self, journal: Journal, person: Contact | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.person = person

    def compose(self) -> ComposeResult:
        with Vertical(classes="form goal-form follow-up-form"):
            yield Static("[b]A follow-up[/]", classes="form-title")
            yield from labelled("Who (enter completes the name)",
                                PeopleInput(self.journal, [self.person.id] if self.person else [],
                                            id="field-contact_id"))
            yield from labelled("What", VisibleInput(id="field-what", placeholder="send the article on triage"))
            yield from labelled(BY_HINT, VisibleInput(id="field-due", placeholder="fri"))
            yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · enter next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-what" if self.person else "#field-contact_id", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter moves on; in the last field ("By") it saves."""
        event.stop()
        if event.input.id == "field-due":
            self.action_save()
        else:
            self.focus_next()

    def build(self) -> FollowUp:
        people = self.query_one("#field-contact_id", PeopleInput).ids()
        if len(people) != 1:
            raise ValueError("contact_id: choose one person")
        what = self.query_one("#field-what", Input).value
        if not what.strip():
            raise ValueError("what: what is there to do? Type it")
        typed = self.query_one("#field-due", Input).value
        if not typed.strip():
            raise ValueError("due: by when? Type a day (fri, tomorrow, in 2 weeks)")
        due = parse_planned_day(typed, self.journal.today(), "due")
        return FollowUp(contact_id=people[0], what=what, due=due.isoformat())

    def store(self, result: FollowUp) -> FollowUp:
        return self.journal.add_follow_up(result)


class SnoozeForm(FormScreen[date]):
    """Until when: tomorrow, a week on, or a day typed (forward date words)."""

    def __init__(self, journal: Journal, follow_up: FollowUp, name: str) -> None:
        super().__init__()
        self.journal = journal
        self.follow_up = follow_up
        self.person_name = name

    def compose(self) -> ComposeResult:
        today = self.journal.today()
        with Vertical(classes="form goal-form snooze-form"):
            yield Static(styled("[b]Snooze[/] $what [$text-muted]($name)[/]", what=self.follow_up.what,
                                name=self.person_name), classes="form-title")
            yield OptionList(
                Option(f"Tomorrow ({day_words(today + timedelta(days=1), today)})", id="1"),
                Option(f"A week ({day_words(today + timedelta(days=7), today)})", id="7"),
                id="snooze-choice")
            yield from labelled("Or a day (fri, next week, in 2 weeks, 2026-12-10), then enter",
                                VisibleInput(id="field-due"))
            yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("enter chooses · tab to type a day · escape cancel", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#snooze-choice", OptionList).focus()

    @on(OptionList.OptionSelected, "#snooze-choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._save(self.journal.today() + timedelta(days=int(event.option.id or 1)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def build(self) -> date:
        typed = self.query_one("#field-due", Input).value
        if not typed.strip():
            raise ValueError("due: type a day, or choose tomorrow or a week above")
        return parse_planned_day(typed, self.journal.today(), "due")

    def _save(self, day: date) -> None:
        self.clear_errors()
        try:
            self.journal.snooze_follow_up(self.follow_up.id, day)
        except (ValueError, JournalError) as error:
            self.show_error(str(error))
            return
        self.dismiss(day)

    def action_save(self) -> None:
        self.clear_errors()
        try:
            day = self.build()
        except ValueError as error:
            self.show_error(str(error))
            return
        self._save(day)


# --- acting on one follow-up (Today, a person's view) ---------------------------------------------------


def _name(journal: Journal, follow_up: FollowUp) -> str:
    try:
        return journal.contact(follow_up.contact_id).name
    except JournalError:
        return "?"


def mark_done(app: App, journal: Journal, follow_up_id: str) -> None:
    try:
        done = journal.complete_follow_up(follow_up_id)
    except JournalError as error:
        app.notify(str(error), severity="error")
        return
    app.notify(f"Done: {done.what} ({_name(journal, done)})")
    app.refresh_views()  # type: ignore[attr-defined]


def snooze(app: App, journal: Journal, follow_up_id: str) -> None:
    try:
        follow_up = journal.follow_up(follow_up_id)
    except JournalError as error:
        app.notify(str(error), severity="error")
        return

    def snoozed(day: date | None) -> None:
        if day is not None:
            app.notify(f"Snoozed to {day_words(day, journal.today())}: {follow_up.what}")
            app.refresh_views()  # type: ignore[attr-defined]

    app.push_screen(SnoozeForm(journal, follow_up, _name(journal, follow_up)), snoozed)


def drop(app: App, journal: Journal, follow_up_id: str) -> None:
    try:
        follow_up = journal.follow_up(follow_up_id)
    except JournalError as error:
        app.notify(str(error), severity="error")
        return

    def answered(yes: bool | None) -> None:
        if yes:
            journal.drop_follow_up(follow_up_id)
            app.notify(f"Dropped: {follow_up.what}")
            app.refresh_views()  # type: ignore[attr-defined]

    app.push_screen(ConfirmScreen(f"Drop the follow-up {follow_up.what!r} ({_name(journal, follow_up)})? "
                                  "It is removed, not marked done.", yes="Drop", no="Keep"), answered)


def add_follow_up(app: App, journal: Journal, person: Contact | None = None,
                  then: Callable[[FollowUp], None] | None = None) -> None:
    def added(follow_up: FollowUp | None) -> None:
        if follow_up is not None:
            app.notify(f"Follow-up: {follow_up.what} ({due_words(follow_up, journal.today())})")
            app.refresh_views()  # type: ignore[attr-defined]
            if then is not None:
                then(follow_up)

    app.push_screen(FollowUpForm(journal, person), added)
