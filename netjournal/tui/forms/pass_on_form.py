"""Pass a queued item on to one person: logged as a "gave" interaction with them."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static

from ...core.journal import Journal
from ...core.model import Contact, FollowUp, Interaction, Share, parse_day, parse_planned_day
from ...insights.value import NOT_AGAIN_DAYS, recently_given
from ..inputs import VisibleInput
from ..text import plain, styled
from .base import FormScreen, labelled, row
from .log_form import when_and_how
from .names import PeopleInput


class PassOn(NamedTuple):
    contact_id: str
    day: str
    channel: str
    note: str
    follow_up: str = ""  # what to do next, when a date was given
    follow_up_due: str | None = None


IN_A_WEEK = "in a week"


class PassOnForm(FormScreen[Interaction]):
    """Dismissed with the logged interaction, or None when cancelled."""

    def __init__(self, journal: Journal, share: Share, person: Contact | None = None, why: str = "") -> None:
        super().__init__()
        self.journal = journal
        self.share = share
        self.person = person
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="form short-form"):
            yield Static(styled("[b]Pass on[/] $title", title=self.share.title), classes="form-title")
            with VerticalScroll(classes="form-fields"):
                if self.share.link:
                    yield Static(plain(self.share.link), classes="form-hint-top")
                yield from labelled("To (enter completes the name)",
                                    PeopleInput(self.journal, [self.person.id] if self.person else [], id="field-to"))
                yield Static("", id="pass-on-note", classes="form-note")
                yield from when_and_how("today", "message")
                yield from labelled("What you wrote with it", VisibleInput(self.share.note, id="field-topics"))
                # A follow-up only when a date is given: the text waits, ready, for the few shares that need one.
                yield from labelled("Follow up (when it has a date)",
                                    VisibleInput(f"ask what they thought of {self.share.title}", id="field-follow_up"))
                yield from row(labelled("By (empty: no follow-up)",
                                        VisibleInput("", id="field-follow_up_by", placeholder="fri, in 2 weeks")),
                               [Label(" ", classes="field-label"),
                                Checkbox("In a week", False, id="field-in_a_week")])
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s pass it on · escape cancel", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-to", Input).focus()
        self._explain()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "field-to":
            self._explain()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """The checkbox fills the date (space on it: a follow-up in a week); unticked, it takes its words back."""
        by = self.query_one("#field-follow_up_by", Input)
        if event.value:
            by.value = IN_A_WEEK
        elif by.value.strip() == IN_A_WEEK:
            by.value = ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()  # as enter does in the name field (PeopleInput)

    def _explain(self) -> None:
        """Why this person (the suggestion's reason), and a word when they were just given something."""
        try:
            people = self.query_one("#field-to", PeopleInput).people()
        except ValueError:
            people = []
        lines = []
        if len(people) == 1:
            person = people[0]
            if self.person is not None and person.id == self.person.id and self.why:
                lines.append(f"Why {person.name}: {self.why}")
            today = self.journal.today()
            recent = self.journal.interactions(person.id, since=today - timedelta(days=NOT_AGAIN_DAYS))
            given = recently_given(recent, today).get(person.id)
            if given:
                lines.append(f"You already passed {person.name} something on {given}: "
                             "less than once a week keeps it welcome.")
        self.query_one("#pass-on-note", Static).update(plain("\n".join(lines)))

    def build(self) -> PassOn:  # type: ignore[override]
        ids = self.query_one("#field-to", PeopleInput).ids()
        if len(ids) != 1:
            raise ValueError("to: pass it on to one person at a time")
        person = self.journal.contact(ids[0])
        if person.archived:
            raise ValueError(f"to: {person.name} is archived; restore them first (x in their view)")
        day = parse_day(self.query_one("#field-date", Input).value, self.journal.today())
        channel = str(self.query_one("#field-channel", Select).value)
        what = " ".join(self.query_one("#field-follow_up", Input).value.split())
        by = self.query_one("#field-follow_up_by", Input).value.strip()
        due = parse_planned_day(by, self.journal.today(), "follow_up_by").isoformat() if by else None
        if due and not what:
            raise ValueError("follow_up: say what to follow up on (or clear the date)")
        return PassOn(person.id, day.isoformat(), channel, self.query_one("#field-topics", Input).value, what, due)

    def store(self, result: PassOn) -> Interaction:  # type: ignore[override]
        with self.journal.batch():  # passed on and its follow-up in one save, or neither
            given = self.journal.pass_on(self.share.id, result.contact_id, result.day, channel=result.channel,
                                         note=result.note)
            if result.follow_up_due:
                self.journal.add_follow_up(FollowUp(contact_id=result.contact_id, what=result.follow_up,
                                                    due=result.follow_up_due, from_interaction=given.id))
        return given
