"""A month's goals from the keyboard: set one (`g` on the monthly review) and write down an action taken for it and
what came of it (`n`), ticking the conversations of the month it came from.

Goals of kind informal/contacts name an organisation or a person, read as `netjournal month-goal add` reads them:
an organisation by that name first, else a person, else the organisation the name starts.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from ...common.folding import fold, folded_prefix_end
from ...core.journal import Journal, MonthGoalNotFound
from ...core.model import MONTH_GOAL_KINDS, MonthGoal, PracticeNote, month_dates, parse_day
from ...reports.person import one_line
from ...settings.content import activities
from ..inputs import VisibleInput
from ..text import plain, styled
from . import FORMS_CSS
from .base import FormScreen, labelled
from .names import complete_name

# Their few rules of their own (the activity list's height) sit with the monthly review's.
MONTH_CSS = FORMS_CSS.parent.parent / "screens" / "month.tcss"

KIND_WORDS = {
    "informal": "informal contacts with…",
    "contacts": "contacts with…",
    "new_people": "new people to meet",
    "events": "events to go to",
    "new_at_events": "new people at each event",
    "activity": "an activity from the guides",
    "own": "my own goal",
}
COUNT_WORDS = {
    "informal": "How many informal contacts (at least)",
    "contacts": "How many contacts, formal or informal (at least)",
    "new_people": "How many new people (at least)",
    "events": "How many events (at least)",
    "new_at_events": "How many new people at each event (at least)",
    "activity": "How many actions to write down",
}
assert set(KIND_WORDS) == set(MONTH_GOAL_KINDS)


def complete_who(journal: Journal, typed: str) -> str | None:
    """The one organisation (else the one person) that `typed` starts, written as stored."""
    wanted = fold(typed)
    if not wanted:
        return None
    organisations = [o for o in journal.organisations() if fold(o.name).startswith(wanted)]
    if len(organisations) == 1:
        return organisations[0].name
    if organisations:
        return None
    return complete_name(journal, typed)


class WhoSuggester(Suggester):
    """Ghost text for an organisation's name, or else a person's, continuing the letters typed."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.journal = journal

    async def get_suggestion(self, value: str) -> str | None:
        found = complete_who(self.journal, value)
        if found is None:
            return None
        typed_up_to = folded_prefix_end(found, value)
        return None if typed_up_to is None else value + found[typed_up_to:]


class WhoInput(VisibleInput):
    """An organisation or a person by name; enter completes the name (as the people fields do), then moves on."""

    def __init__(self, journal: Journal, **kwargs: Any) -> None:
        super().__init__(suggester=WhoSuggester(journal), **kwargs)
        self.journal = journal

    async def action_submit(self) -> None:
        found = complete_who(self.journal, self.value)
        if found is not None and fold(found) != fold(self.value):
            self.value = found
            self.cursor_position = len(found)
        self.screen.focus_next()


class MonthGoalForm(FormScreen[MonthGoal]):
    """A goal for `month`: its kind, then who (an organisation or a person), an activity, or the person's words,
    and how many."""

    CSS_PATH = [FORMS_CSS, MONTH_CSS]

    def __init__(self, journal: Journal, month: str) -> None:
        super().__init__()
        self.journal = journal
        self.month = month
        self.catalogue = activities()

    def compose(self) -> ComposeResult:
        with Vertical(classes="form month-goal-form"):
            yield Static(styled("[b]A goal for $month[/] [$text-muted](met from the log, except your own)[/]",
                                month=self.month), classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield from labelled("Kind of goal", Select([(words, kind) for kind, words in KIND_WORDS.items()],
                                                           value="informal", allow_blank=False, id="field-kind"))
                with Vertical(id="group-with", classes="field-group"):
                    yield from labelled("With (an organisation or a person; enter completes the name)",
                                        WhoInput(self.journal, id="field-with", placeholder="Northgate"))
                with Vertical(id="group-activity", classes="field-group"):
                    yield from labelled("Activity (up, down; the practice is what to do this month)",
                                        OptionList(*self._activity_options(), id="field-activity"))
                with Vertical(id="group-text", classes="field-group"):
                    yield from labelled("Your goal, in your words",
                                        VisibleInput(id="field-text", placeholder="ask Kwame to introduce me to "
                                                                                  "the port's new director"))
                with Vertical(id="group-count", classes="field-group"):
                    yield from labelled(COUNT_WORDS["informal"], VisibleInput("1", id="field-count"))
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def _activity_options(self) -> list[Option]:
        return [Option(styled("[b]$id[/] [$text-muted]level $level[/] $title\n[$text-muted]$practice[/]",
                              id=a.id, level=a.level, title=a.title, practice=a.practice), id=a.id)
                for a in self.catalogue]

    def on_mount(self) -> None:
        super().on_mount()
        self._show_fields("informal")
        self.query_one("#field-kind", Select).focus()

    def values(self) -> tuple[Any, ...]:
        """What the person has in the form, the activity highlighted too (escape asks before losing it)."""
        return (*super().values(), self.query_one("#field-activity", OptionList).highlighted)

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_fields(str(event.value))

    def _show_fields(self, kind: str) -> None:
        self.query_one("#group-with").display = kind in ("informal", "contacts")
        self.query_one("#group-activity").display = kind == "activity"
        self.query_one("#group-text").display = kind == "own"
        self.query_one("#group-count").display = kind != "own"
        if kind in COUNT_WORDS:
            self.query_one("#group-count .field-label", Label).update(COUNT_WORDS[kind])
        activity_list = self.query_one("#field-activity", OptionList)
        if kind == "activity" and activity_list.highlighted is None and activity_list.option_count:
            activity_list.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the last field saves; in any other, moves on (the name field completes first: WhoInput)."""
        event.stop()
        if event.input.id == "field-count":
            self.action_save()
        else:
            self.focus_next()

    @on(OptionList.OptionSelected, "#field-activity")
    def _activity_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_next()

    def kind(self) -> str:
        return str(self.query_one("#field-kind", Select).value)

    def build(self) -> MonthGoal:
        kind = self.kind()
        fields: dict[str, Any] = {}
        if kind in ("informal", "contacts"):
            fields = self.journal.goal_target(self.query_one("#field-with", Input).value)
        elif kind == "activity":
            chosen = self.query_one("#field-activity", OptionList).highlighted
            if chosen is None:
                raise ValueError("activity: choose one of the guides' activities")
            fields = {"activity_id": self.catalogue[chosen].id}
        elif kind == "own":
            fields = {"text": self.query_one("#field-text", Input).value}
        count = "1" if kind == "own" else self.query_one("#field-count", Input).value
        return MonthGoal(month=self.month, kind=kind, count=count, **fields)

    def store(self, result: MonthGoal) -> MonthGoal:
        goal, _ = self.journal.set_month_goal(result)  # the same goal again: its count changes, notes kept
        return goal


class PracticeNoteForm(FormScreen[MonthGoal]):
    """An action taken for a goal and what came of it, with the conversations of the goal's month it came from."""

    CSS_PATH = [FORMS_CSS, MONTH_CSS]

    def __init__(self, journal: Journal, goal: MonthGoal, words: str) -> None:
        super().__init__()
        self.journal = journal
        self.goal = goal
        self.words = words

    def compose(self) -> ComposeResult:
        found = None
        if self.goal.kind == "activity":
            from ...settings.content import activity

            found = activity(self.goal.activity_id)
        with Vertical(classes="form month-note-form"):
            yield Static(styled("[b]What you did for[/] $words", words=one_line(self.words)), classes="form-title")
            if found is not None:
                yield Static(styled("[$text-muted]Write down:[/] $evidence", evidence=found.evidence),
                             classes="form-hint-top")
            with VerticalScroll(classes="form-fields"):
                yield from labelled("What you did", VisibleInput(id="field-action",
                                                                 placeholder="asked Ana about the port budget"))
                yield from labelled("What came of it (optional)",
                                    VisibleInput(id="field-result", placeholder="she offered an introduction"))
                yield from labelled("When (today, yesterday, mon, 2026-11-20)",
                                    VisibleInput(self._default_day(), id="field-date"))
                conversations = self._conversations()
                if conversations:
                    yield from labelled(f"From which of {self.goal.month}'s conversations? (space ticks; optional)",
                                        SelectionList[str](*conversations, id="field-conversations"))
                else:
                    yield Static(f"No conversations logged in {self.goal.month} to tick.", classes="form-hint-top")
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def _default_day(self) -> str:
        """today, within the goal's month; for a month gone by, its last day (a note must be dated in it)."""
        first, last = month_dates(self.goal.month)
        return "today" if first <= self.journal.today() <= last else last.isoformat()

    def _conversations(self) -> list[tuple[Any, str]]:
        """The goal's month's conversations, newest first: date, who, topic."""
        first, last = month_dates(self.goal.month)
        names = {c.id: c.name for c in self.journal.everyone()}
        talks = [t for t in self.journal.interactions_between(first, last) if t.kind == "conversation"]
        talks.sort(key=lambda t: (t.date, t.created_at), reverse=True)
        options = []
        for talk in talks:
            who = ", ".join(one_line(names.get(i, "(someone since removed)")) for i in talk.with_)
            about = f" · {one_line(talk.topics)}" if talk.topics.strip() else ""
            options.append((plain(f"{talk.date} · {who}{about}", keep_newlines=False), talk.id))
        return options

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-action", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def build(self) -> MonthGoal:
        def text(name: str) -> str:
            return self.query_one(f"#field-{name}", Input).value

        day = parse_day(text("date"), self.journal.today(), "date")
        if not text("action").strip():
            raise ValueError("action: say what you did")
        ticked = [i for found in self.query("#field-conversations").results(SelectionList) for i in found.selected]
        self._note = PracticeNote(date=day.isoformat(), action=text("action"), result=text("result"),
                                  interaction_ids=ticked)
        return self.goal

    def store(self, result: MonthGoal) -> MonthGoal:
        try:
            return self.journal.add_practice_note(result.id, self._note)
        except MonthGoalNotFound as error:
            raise ValueError(f"form: {error}") from None
