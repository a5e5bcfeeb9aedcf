"""Choose a person for a non-business conversation in a week, with what to ask them about."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from ...core.journal import Journal
from ...core.model import WeekGoal, week_dates
from ..inputs import VisibleInput
from ..text import plain
from .base import FormScreen, labelled
from .names import PeopleInput


class GoalForm(FormScreen[WeekGoal]):
    def __init__(self, journal: Journal, week: str) -> None:
        super().__init__()
        self.journal = journal
        self.week = week

    def compose(self) -> ComposeResult:
        days = week_dates(self.week)
        with Vertical(classes="form goal-form"):
            yield Static(f"[b]A non-business conversation in {self.week}[/] "
                         f"({days[0]:%a %d %b} - {days[-1]:%a %d %b})", classes="form-title")
            yield Static("About the person, not the job: their interests, family, sport, what they did at the "
                         "weekend.", classes="form-hint-top")
            yield from labelled("Who (enter completes the name)",
                                PeopleInput(self.journal, id="field-contact_id"))
            yield Static("", id="goal-starters", classes="form-note")
            yield from labelled("What to ask about (optional)",
                                VisibleInput(id="field-intent", placeholder="how the marathon went"))
            yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-contact_id", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in "What to ask about" saves: the form's last field (enter in the name field moves on to it)."""
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "field-contact_id":
            return
        try:
            people = self.query_one("#field-contact_id", PeopleInput).people()
        except ValueError:
            people = []
        starters = ""
        if len(people) == 1:
            person = people[0]
            parts = []
            if person.tags:
                parts.append("interests: " + ", ".join(person.tags))
            if person.notes:
                parts.append(person.notes)
            starters = " · ".join(parts) if parts else "Nothing noted about them yet: a first question, then."
        self.query_one("#goal-starters", Static).update(plain(starters))

    def build(self) -> WeekGoal:
        people = self.query_one("#field-contact_id", PeopleInput).ids()
        if len(people) != 1:
            raise ValueError("contact_id: choose one person")
        return WeekGoal(week=self.week, contact_id=people[0], intent=self.query_one("#field-intent", Input).value)

    def store(self, result: WeekGoal) -> WeekGoal:
        return self.journal.set_week_goal(result)
