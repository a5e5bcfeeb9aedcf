"""This week pane: the people chosen for a non-business conversation in an ISO week, met or not yet.

The current week is for doing, future weeks for planning, past weeks are read-only summaries. Below the
list: last week's unmet goals offered for carry-over, and a 12-week grid with a streak per person.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...insights.facts import (
    MET,
    MISSED,
    OPEN,
    carry_over_candidates,
    goal_history,
    goal_met,
    last_non_business,
)
from ...core.errors import JournalError
from ...core.model import WeekGoal, previous_week, shift_week, week_dates, week_key
from ..text import join_lines, styled
from .base import Pane

HISTORY_WEEKS = 12
GRID_MARKS = {MET: "[$success]✓[/]", MISSED: "[$error]✗[/]", OPEN: "[$warning]○[/]", None: "[$text-muted]·[/]"}


def _ago(day: date, today: date) -> str:
    days = (today - day).days
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days}d ago"


def _pad(text: str, width: int) -> str:
    """Pad to a width in terminal cells: wide characters (CJK, emoji) take two."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class WeekPane(Pane):
    TITLE = "2 This week"
    BINDINGS = [
        Binding("g", "add_goal", "Choose", id="week-add-goal"),
        Binding("d", "drop_goal", "Drop", id="week-drop-goal"),
        Binding("left_square_bracket", "shift_week(-1)", "Prev week", id="week-previous"),
        Binding("right_square_bracket", "shift_week(1)", "Next week", id="week-next"),
        Binding("c", "carry_over", "Carry over", id="week-carry-over", show=False),
        # Shown while there is a drop to undo; otherwise `u` is the main screen's (undo the last archive).
        Binding("u", "undo_drop", "Undo drop", id="week-undo-drop"),
    ]

    class LogRequested(Message):
        """Log a conversation with this person (enter on a goal)."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    def __init__(self, journal, *, id: str | None = None) -> None:
        super().__init__(journal, id=id)
        self.week = week_key(journal.today())
        self.shown_current = self.week  # the current week when last drawn: to follow it past midnight
        self.carry: list[WeekGoal] = []
        self.dropped: list[WeekGoal] = []  # for undo, newest last

    def compose(self) -> ComposeResult:
        yield Static(id="week-head")
        yield OptionList(id="week-goals")
        with VerticalScroll(id="week-more"):
            yield Static(id="week-carry")
            yield Static(id="week-history")

    @property
    def current_week(self) -> str:
        return week_key(self.journal.today())

    @property
    def target(self) -> int:
        config = getattr(self.app, "config", None)
        return config.weekly_target if config is not None else 2

    def show_data(self) -> None:
        journal = self.journal
        today = journal.today()
        current = self.current_week
        if self.week == self.shown_current and current != self.shown_current:
            self.week = current  # the person was looking at "this week", and a new one began
        self.shown_current = current
        week = self.week
        days = week_dates(week)
        goals = journal.week_goals(week)
        first_week = shift_week(min(week, current), -(HISTORY_WEEKS - 1))
        # Kept, read-only, and caught up with a newly logged conversation instead of a pass over the whole log.
        window = journal.interactions_between(week_dates(first_week)[0], max(days[-1], today))
        people = {c.id: c for c in journal.everyone()}  # kept: not 2,000 people built again on every redraw
        in_week = [i for i in window if days[0].isoformat() <= i.date <= days[-1].isoformat()]

        tense = "this week" if week == current else "past week, read-only" if week < current else "planning ahead"
        met_count = sum(1 for g in goals if goal_met(g, in_week))
        head = f"[b]{week}[/] {days[0]:%a %d %b} - {days[-1]:%a %d %b} · {tense}"
        if week >= current and len(goals) < self.target:
            missing = self.target - len(goals)
            head += (f"\n[$warning]Choose {missing} more {'person' if missing == 1 else 'people'} for a "
                     f"non-business talk (g); your target is {self.target} a week.[/]")
        self.query_one("#week-head", Static).update(head)

        options = self.query_one("#week-goals", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for goal in sorted(goals, key=lambda g: people[g.contact_id].name if g.contact_id in people else ""):
            person = people.get(goal.contact_id)
            if person is None:
                continue
            meeting = goal_met(goal, in_week)
            if meeting is not None:
                mark = f"[$success]✓ met {date.fromisoformat(meeting.date):%a}[/]"
            elif week < current:
                mark = "[$error]✗ missed[/]"
            else:
                mark = "[$warning]· not yet[/]"
            lines = [styled(f"{mark}  [b]$name[/]", name=person.name)]
            if goal.intent:
                lines.append("    " + _clip(goal.intent, 60))
            last = last_non_business([i for i in window if i.date <= today.isoformat()], person.id) \
                if meeting is None else meeting
            if last is not None:
                what = last.topics or last.learned or "no topic noted"
                lines.append(styled("    [$text-muted]last non-business: $when · $what[/]", when=_ago(last.day, today),
                                    what=_clip(what, 50)))
            starters = ", ".join(person.tags)
            if person.notes:
                starters = f"{starters} · {person.notes}" if starters else person.notes
            if starters and meeting is None:
                lines.append(styled("    [$text-muted]starters: $starters[/]", starters=_clip(starters, 70)))
            options.add_option(Option(join_lines(lines), id=goal.id))
        if not goals:
            nobody = ("Nobody chosen for this week yet." if week == current else
                      f"Nobody was chosen for {week}." if week < current else f"Nobody chosen for {week} yet.")
            options.add_option(Option(f"[$text-muted]{nobody}[/]", disabled=True))
        else:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

        self.carry = []
        carry_text: object = ""
        if week == current:
            last_week = previous_week(week)
            last_days = week_dates(last_week)
            last_talks = [i for i in window if last_days[0].isoformat() <= i.date <= last_days[-1].isoformat()]
            self.carry = carry_over_candidates(journal.week_goals(last_week), last_talks, goals)
            if self.carry:
                names = ", ".join(people[g.contact_id].name for g in self.carry if g.contact_id in people)
                carry_text = styled("[$warning]Not met last week: $names. Press c to carry them over.[/]", names=names)
        self.query_one("#week-carry", Static).update(carry_text)
        self.query_one("#week-history", Static).update(self._history(first_week, window, people))
        self.border_subtitle = f"{met_count} of {len(goals)} met"

    def _history(self, first_week: str, window, people):
        weeks = [shift_week(first_week, n) for n in range(HISTORY_WEEKS)]
        goals = [g for week in weeks for g in self.journal.week_goals(week)]
        rows = goal_history(weeks, goals, window, self.current_week)
        if not rows:
            return ""
        width = 15
        # Two characters a week keeps twelve weeks, names and streaks inside a narrow pane.
        lines = [styled(f"[b]Last {HISTORY_WEEKS} weeks[/] [$text-muted]({weeks[0]} to {weeks[-1]}, oldest first)[/]")]
        for row in sorted(rows, key=lambda r: people[r.contact_id].name if r.contact_id in people else ""):
            name = people[row.contact_id].name if row.contact_id in people else "?"
            cells = "".join(f"{GRID_MARKS[row.weeks.get(w)]} " for w in weeks)
            streak = f" [b]{row.streak}[/] in a row" if row.streak > 1 else ""
            lines.append(styled(f"$name{cells}{streak}", name=_pad(_clip(name, width - 1), width)))
        lines.append(styled("[$text-muted]✓ met  ✗ missed  ○ this week, not yet  · not chosen[/]"))
        return join_lines(lines)

    # --- actions -----------------------------------------------------------------------------------

    def _goal_under_cursor(self) -> WeekGoal | None:
        options = self.query_one("#week-goals", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        if option.id is None:
            return None
        return next((g for g in self.journal.week_goals(self.week) if g.id == option.id), None)

    @property
    def selected_contact_id(self) -> str | None:
        """The person of the goal under the cursor: `l` logs with them, in any week (enter, in this week only)."""
        goal = self._goal_under_cursor()
        return goal.contact_id if goal is not None else None

    def _writable(self) -> bool:
        if self.week < self.current_week:
            self.app.notify(f"{self.week} is over: past weeks are read-only.", severity="warning")
            return False
        return True

    def action_add_goal(self) -> None:
        if not self._writable():
            return
        if not self.journal.contacts():
            self.app.notify("Nobody in your journal yet: add a person first (a).")
            return
        from ..forms.goal_form import GoalForm

        self.app.push_screen(GoalForm(self.journal, self.week),
                             lambda goal: self.app.refresh_views() if goal else None)

    def action_drop_goal(self) -> None:
        goal = self._goal_under_cursor()
        if goal is None or not self._writable():
            return
        name = self.journal.contact(goal.contact_id).name
        self.journal.drop_week_goal(goal.id)
        self.dropped.append(goal)
        self.refresh_bindings()
        self.app.notify(f"Dropped {name} from {self.week}. Press u to undo.")
        self.app.refresh_views()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A past week is a read-only summary: choosing and dropping are not offered there at all.
        if action in ("add_goal", "drop_goal") and self.week < self.current_week:
            return False
        if action == "undo_drop":
            return bool(self.dropped)  # nothing to undo: the key falls through to undo archive
        return True

    def action_undo_drop(self) -> None:
        """The goal as it was (same id, week and intent), in the file too."""
        goal = self.dropped.pop()
        self.refresh_bindings()
        known = {c.id: c.name for c in self.journal.contacts(include_archived=True)}
        if goal.contact_id not in known:
            self.app.notify("Not restored: that person was forgotten meanwhile.", severity="warning")
            return
        name = known[goal.contact_id]
        if any(g.contact_id == goal.contact_id and g.id != goal.id for g in self.journal.week_goals(goal.week)):
            self.app.notify(f"Not restored: {name} was chosen for {goal.week} again meanwhile.", severity="warning")
            return
        try:
            self.journal.set_week_goal(goal)
        except (ValueError, JournalError) as error:
            self.app.notify(f"Not restored: {error}", severity="error")
            return
        self.app.notify(f"{name} is back in {goal.week}.")
        self.week = goal.week
        self.show_data()
        options = self.query_one("#week-goals", OptionList)
        options.highlighted = options.get_option_index(goal.id)
        self.app.refresh_views()

    def action_shift_week(self, weeks: int) -> None:
        self.week = shift_week(self.week, weeks)
        self.show_data()
        self.refresh_bindings()  # g and d come and go with the week

    def action_carry_over(self) -> None:
        if not self.carry:
            raise SkipAction()
        with self.journal.batch():
            for old in self.carry:
                self.journal.set_week_goal(WeekGoal(week=self.week, contact_id=old.contact_id, intent=old.intent))
        self.app.notify(f"Carried {len(self.carry)} over from {previous_week(self.week)}")
        self.app.refresh_views()

    @on(OptionList.OptionSelected, "#week-goals")
    def _log_goal(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        goal = self._goal_under_cursor()
        if goal is None:
            return
        if self.week != self.current_week:
            self.app.notify("Conversations are logged in the current week; press ] or [ to go back to it.",
                            severity="warning")
            return
        self.post_message(self.LogRequested(goal.contact_id))
