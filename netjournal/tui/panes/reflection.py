"""Reflection pane: the week's facts that the end-of-week reflection starts from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from ...insights import summarise_week
from ...model import week_key
from .base import Pane


class ReflectionPane(Pane):
    TITLE = "3 Reflection"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reflection-scroll", can_focus=True):
            yield Static(id="reflection-facts")

    def show_data(self) -> None:
        journal = self.journal
        week = week_key(journal.today())
        summary = summarise_week(week, journal.interactions_in_week(week), journal.week_goals(week), journal.ratings(),
                                 journal.first_contact_dates())
        names = {c.id: c.name for c in journal.contacts(include_archived=True)}
        written = journal.reflection(week)
        lines = [
            f"[b]{summary.conversations}[/] {'conversation' if summary.conversations == 1 else 'conversations'} "
            "this week: "
            f"{summary.informal} informal, {summary.formal} formal; "
            f"{summary.non_business} non-business, {summary.business} business",
            f"They started [b]{summary.they_started}[/]; you passed along value {summary.gave} times "
            f"and received it {summary.got} times.",
        ]
        if summary.new_people:
            lines.append("New people: " + escape(", ".join(names.get(c, "?") for c in summary.new_people)))
        else:
            lines.append("[$warning]No new person met this week.[/]")
        if written:
            answered = sum(1 for a in written.answers if a.answer.strip())
            lines.append(f"[$success]Reflection written[/]: {answered} answers.")
        else:
            lines.append("[dim]No reflection written for this week yet.[/]")
        self.query_one("#reflection-facts", Static).update("\n\n".join(lines))
        self.border_subtitle = week
