"""The monthly review (`M` from the main screen): how often, and how, the person was in touch with each
organisation and each person this month against the month before; who was new; the events; and the month's
goals, met from the log (or ticked, for a goal in their own words), with the actions written down for each.

The facts come from `insights.month` and the words from `reports.month`, which `netjournal month` prints too.
`[` and `]` go a month back and forward; goals are set, noted, ticked and dropped from here.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from ...common.counted import counted
from ...core.errors import JournalError
from ...core.journal import Journal, MonthGoalNotFound
from ...core.model import month_key, shift_month
from ...insights.month import GoalProgress, MonthReview, Tally, month_review
from ...reports.month import goal_count_words, goal_state, period_words, tally_words
from ...reports.person import one_line
from ..tables import FitTable, refill, row_key
from ..text import cell, join_lines, muted_colour, styled

NOTE_MARK = "#note-"  # a note's row key: the goal's id, this, and the note's place


def goal_id_of(key: str | None) -> str | None:
    """The goal a row of the Goals table is about: a goal's own row, or one of its notes beneath it."""
    return key.partition(NOTE_MARK)[0] if key else None


def _number(n: int) -> str:
    return str(n) if n else "-"


def names(people) -> str:
    return ", ".join(one_line(p.name) for p in people)


def summary_lines(review: MonthReview) -> list[Content | str]:
    """The month at a glance: the totals against the month before, by channel; who was new; the events."""
    lines: list[Content | str] = [
        styled("[b]Conversations:[/] $this [$text-muted]· $previous: $before[/]", this=tally_words(review.this),
               previous=review.previous, before=tally_words(review.before))]
    if review.this.total:
        lines.append(styled("  by channel: $channels", channels=review.this.channel_words()))
    if review.before.total:
        lines.append(styled("  [$text-muted]$previous by channel: $channels[/]", previous=review.previous,
                            channels=review.before.channel_words()))
    lines.append(styled("[b]New people met:[/] $who", who=names(review.new_people) or "none"))
    lines.append(styled("[b]Events:[/] $days this month, $quarter this quarter [$text-muted](the guides suggest at "
                        "least one a quarter)[/]", days=counted(len(review.events), "day"),
                        quarter=review.events_this_quarter))
    for event in review.events:
        new = f"new: {names(event.new_people)}" if event.new_people else "nobody new"
        lines.append(styled("  $date: $who [$text-muted]· $new[/]", date=event.date, who=names(event.people),
                            new=new))
    return lines


def short_tally(tally: Tally) -> str:
    """"1 formal, 2 informal", "2 informal", or "none"."""
    parts = [f"{n} {kind}" for n, kind in ((tally.formal, "formal"), (tally.informal, "informal")) if n]
    return ", ".join(parts) or "none"


def how(tally: Tally) -> str:
    return tally.channel_words() or "-"


class MonthScreen(Screen[None]):
    CSS_PATH = "month.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="month-back"),
        Binding("left_square_bracket", "shift(-1)", "Before", id="month-previous"),
        Binding("right_square_bracket", "shift(1)", "After", id="month-next"),
        Binding("g", "add_goal", "Goal", id="month-add-goal"),
        Binding("n", "note", "Note", id="month-note"),
        Binding("space", "tick", "Tick", id="month-tick"),
        Binding("d", "drop", "Drop", id="month-drop-goal"),
    ]

    def __init__(self, journal: Journal, month: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.month = month or month_key(journal.today())
        self.review: MonthReview | None = None
        self.progress: dict[str, GoalProgress] = {}
        self._drawn: tuple[int, date, str] | None = None  # the journal's revision, the day and the month drawn

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="month-body"):
            yield Static(id="month-summary")
            yield Label("Organisations (enter opens one: who you talked with there)", classes="section-title")
            orgs = FitTable(id="month-organisations", stretch={"name": 14, "last": 10, "how": 10},
                            cursor_type="row", zebra_stripes=True)
            for label, key, width in (("Organisation", "name", 14), ("Rank", "rank", 4), ("Formal", "formal", 6),
                                      ("Informal", "informal", 8), ("Last month", "last", 10), ("How", "how", 10)):
                orgs.add_column(label, key=key, width=width)
            yield orgs
            yield Label("People (enter opens one)", classes="section-title")
            people = FitTable(id="month-people", stretch={"name": 14, "last": 10, "how": 10}, cursor_type="row",
                              zebra_stripes=True)
            for label, key, width in (("Name", "name", 14), ("Formal", "formal", 6), ("Informal", "informal", 8),
                                      ("Last month", "last", 10), ("How", "how", 10), ("New", "new", 3)):
                people.add_column(label, key=key, width=width)
            yield people
            yield Label("Goals", id="month-goals-title", classes="section-title")
            goals = FitTable(id="month-goals", stretch={"progress": 10, "goal": 20}, cursor_type="row",
                             zebra_stripes=True)
            for label, key, width in (("State", "state", 6), ("Goal", "goal", 20), ("Progress", "progress", 10)):
                goals.add_column(label, key=key, width=width)
            yield goals
            yield Static(id="month-goal-help")
        yield Footer()

    def on_mount(self) -> None:
        self.show_data()
        self.query_one("#month-organisations", DataTable).focus()

    def reopen(self) -> None:
        """Opened again from the main screen (the screen is kept): this month, from the top."""
        self.month = month_key(self.journal.today())
        if self.is_mounted:
            self.query_one("#month-body", VerticalScroll).scroll_home(animate=False)
            self.query_one("#month-organisations", DataTable).focus()

    def on_screen_resume(self) -> None:
        """Back from a person, an organisation or a form, or opened again: redraw if anything moved on."""
        if self._drawn != (self.journal.revision, self.journal.today(), self.month):
            self.show_data()

    # --- showing the month ------------------------------------------------------------------------

    def show_data(self) -> None:
        self._drawn = (self.journal.revision, self.journal.today(), self.month)
        review = month_review(self.journal, self.month)
        self.review = review
        self.progress = {p.goal.id: p for p in review.goals}
        self.title = f"Month {review.month} ({period_words(review)})"
        self.sub_title = f"goals: {review.goals_met} of {len(review.goals)} met" if review.goals else "no goals set"
        self.query_one("#month-summary", Static).update(join_lines(summary_lines(review)))

        refill(self.query_one("#month-organisations", FitTable), [(r.organisation.id, (
            cell(one_line(r.organisation.name)), cell(r.organisation.rank or ""), cell(_number(r.this.formal)),
            cell(_number(r.this.informal)), cell(short_tally(r.last)),
            cell(how(r.this)))) for r in review.organisations])
        refill(self.query_one("#month-people", FitTable), [(r.contact.id, (
            cell(one_line(r.contact.name)), cell(_number(r.this.formal)), cell(_number(r.this.informal)),
            cell(short_tally(r.last)), cell(how(r.this)), cell("new" if r.new else "", "bold")))
            for r in review.people])
        self._show_goals(review)

    def _show_goals(self, review: MonthReview) -> None:
        muted = muted_colour(self.app)
        rows: list[tuple[str, tuple]] = []
        for progress in review.goals:
            state = goal_state(progress, review)
            rows.append((progress.goal.id, (
                cell(state, {"met": "bold", "missed": muted}.get(state, "")), cell(one_line(progress.words)),
                cell(goal_count_words(progress)))))
            for n, note in enumerate(progress.goal.notes):
                result = f" -> {one_line(note.result)}" if note.result else ""
                rows.append((f"{progress.goal.id}{NOTE_MARK}{n}", (
                    cell(""), cell(f"  {note.date}: {one_line(note.action)}{result}", muted), cell(""))))
        refill(self.query_one("#month-goals", FitTable), rows)
        title = (f"Goals: {review.goals_met} of {len(review.goals)} met" if review.goals else "Goals")
        self.query_one("#month-goals-title", Label).update(
            f"{title} · g sets one, n notes an action, space ticks your own, d drops")
        self._explain()

    @on(DataTable.RowHighlighted, "#month-goals")
    def _explain(self) -> None:
        """Under the goals, what the highlighted one asks: an activity's practice, how the goal is met."""
        progress = self._chosen()
        if progress is None:
            text: Content = styled("[$text-muted]No goals for $month: g sets one (a number of informal contacts "
                                   "with an organisation, new people to meet, an activity from the guides...)[/]",
                                   month=self.month)
        elif progress.goal.kind == "activity":
            found = progress.activity
            if found is None:
                text = styled("[$text-muted]$id is no longer in the catalogue[/]", id=progress.goal.activity_id)
            else:
                text = join_lines([
                    styled("[b]$id[/] [$text-muted](level $level)[/] $practice", id=found.id, level=found.level,
                           practice=found.practice),
                    styled("[$text-muted]Write down (n):[/] $evidence", evidence=found.evidence)])
        elif progress.goal.kind == "own":
            text = styled("[$text-muted]Your own goal: space ticks it done (or not); n notes what you did[/]")
        else:
            text = styled("[$text-muted]Met from the log: each conversation logged counts; n notes what you did[/]")
        self.query_one("#month-goal-help", Static).update(text)

    def _chosen(self) -> GoalProgress | None:
        return self.progress.get(goal_id_of(row_key(self.query_one("#month-goals", DataTable))) or "")

    # --- opening what a row is about ----------------------------------------------------------

    @on(DataTable.RowSelected, "#month-people")
    def _open_person(self, event: DataTable.RowSelected) -> None:
        from .person import PersonScreen

        event.stop()
        self.app.push_screen(PersonScreen(self.journal, event.row_key.value))

    @on(DataTable.RowSelected, "#month-organisations")
    def _open_organisation(self, event: DataTable.RowSelected) -> None:
        from .organisations import open_organisation

        event.stop()
        open_organisation(self.app, self.journal, event.row_key.value)

    # --- actions ------------------------------------------------------------------------------

    def action_shift(self, months: int) -> None:
        """[ and ]: the month before, the month after."""
        self.month = shift_month(self.month, months)
        self.show_data()

    def action_add_goal(self) -> None:
        from ..forms.month_goal_form import MonthGoalForm

        def added(goal: object) -> None:
            if goal is not None:
                self.app.notify("Goal set")
                self.app.refresh_views()

        self.app.push_screen(MonthGoalForm(self.journal, self.month), added)

    def _goal_for(self, what: str) -> GoalProgress | None:
        """The goal highlighted in Goals, for n, space and d; from elsewhere, they go to Goals first."""
        goals = self.query_one("#month-goals", DataTable)
        progress = self._chosen()
        if progress is None:
            self.app.notify(f"No goal to {what}: g sets one")
            return None
        if not goals.has_focus:
            goals.focus()
            self.app.notify(f"Choose the goal to {what} (up, down), then press the key again")
            return None
        return progress

    def action_note(self) -> None:
        from ..forms.month_goal_form import PracticeNoteForm

        progress = self._goal_for("write a note for")
        if progress is None:
            return

        def noted(goal: object) -> None:
            if goal is not None:
                self.app.notify("Noted")
                self.app.refresh_views()

        self.app.push_screen(PracticeNoteForm(self.journal, progress.goal, progress.words), noted)

    def action_tick(self) -> None:
        progress = self._goal_for("tick")
        if progress is None:
            return
        if progress.goal.kind != "own":
            self.app.notify("Only a goal in your own words is ticked by hand: this one is met from the log.")
            return
        try:
            self.journal.change_month_goal(progress.goal.id, done=not progress.goal.done)
        except (MonthGoalNotFound, ValueError, JournalError) as error:
            self.app.notify(str(error), severity="error")
        self.app.refresh_views()

    def action_drop(self) -> None:
        from ..forms.confirm import ConfirmScreen

        progress = self._goal_for("drop")
        if progress is None:
            return
        goal_id = progress.goal.id

        def answered(drop: bool | None) -> None:
            if not drop:
                return
            try:
                self.journal.drop_month_goal(goal_id)
            except (MonthGoalNotFound, JournalError) as error:
                self.app.notify(str(error), severity="error")
            else:
                self.app.notify("Goal dropped")
            self.app.refresh_views()

        self.app.push_screen(ConfirmScreen(f"Drop the goal for {progress.goal.month}: {one_line(progress.words)}?",
                                           yes="Drop", no="Keep"), answered)
