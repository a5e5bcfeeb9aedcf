"""This week pane: the people chosen for a non-business conversation this ISO week, met or not yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...insights import goal_met
from ...model import week_key
from .base import Pane


class WeekPane(Pane):
    TITLE = "2 This week"

    def compose(self) -> ComposeResult:
        yield OptionList(id="week-goals")

    def show_data(self) -> None:
        journal = self.journal
        week = week_key(journal.today())
        goals = journal.week_goals(week)
        interactions = journal.interactions_in_week(week)
        names = {c.id: c.name for c in journal.contacts(include_archived=True)}
        options = self.query_one(OptionList)
        options.clear_options()
        met = 0
        for goal in sorted(goals, key=lambda g: names.get(g.contact_id, "")):
            meeting = goal_met(goal, interactions)
            met += meeting is not None
            mark = "[$success]✓ met[/]" if meeting else "[$warning]· not yet[/]"
            intent = f"\n    [dim]{escape(goal.intent)}[/]" if goal.intent else ""
            options.add_option(Option(f"{mark}  {escape(names.get(goal.contact_id, '?'))}{intent}", id=goal.id))
        if not goals:
            options.add_option(Option(
                "[dim]Nobody chosen for a non-business conversation this week.[/]", disabled=True))
        self.border_subtitle = f"{week} · {met} of {len(goals)} met"
