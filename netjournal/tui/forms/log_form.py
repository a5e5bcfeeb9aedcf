"""Log a conversation: who (filled in when known), what it was about, ctrl+s; every other field is a tab away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static

from ...core.errors import JournalError
from ...core.journal import Journal, display_name
from ...core.model import CHANNELS, Contact, FollowUp, Interaction, parse_day, parse_planned_day
from ...reports.today import due_words
from ..inputs import VisibleInput
from ..text import plain, styled
from .base import FormScreen, labelled, row
from .confirm import ConfirmScreen
from .names import PeopleInput, complete_last

CHANNEL_LABELS = {"in_person": "in person", "video": "video", "call": "call", "message": "message",
                  "email": "email", "event": "event"}
TEXT_FIELDS = (
    ("topics", "What it was about"),
    ("learned", "What I learned about them (free information)"),
    ("gave", "Value I passed along"),
    ("got", "Value I received"),
    ("response", "How they responded"),
    ("next_time", "Plan for next time"),
)
PLAN_BY = "By (fri, in 2 weeks: a follow-up)"
FLAGS = (
    ("business", "Business"),
    ("formal", "Formal"),
    ("they_started", "They started it"),
    ("disclosure", "I shared something personal"),
    ("thanked", "I said thank you"),
)


def when_and_how(day: str, channel: str) -> Iterator[Widget]:
    """The "When" and "How" fields side by side, as the log, introduction and pass-on forms ask them."""
    yield from row(labelled("When (yesterday, mon, 2026-11-20)", VisibleInput(day, id="field-date")),
                   labelled("How", Select([(CHANNEL_LABELS[c], c) for c in CHANNELS], value=channel,
                                          allow_blank=False, id="field-channel")))


class LogForm(FormScreen[Interaction]):
    """`LogForm(journal, people)` logs a new conversation; `LogForm(journal, interaction=i)` corrects one.

    A correction saves only what was changed from `interaction` (as loaded), on top of the newest record.
    """

    def __init__(self, journal: Journal, people: list[Contact] | None = None,
                 interaction: Interaction | None = None, prefill: Interaction | None = None,
                 tick: str | None = None) -> None:
        super().__init__()
        # A follow-up offered ticked: logging from its line in Today most likely is doing it (space unticks).
        self.tick = tick
        self.prefill = prefill  # a new conversation's fields filled in (from a meeting), its `event` kept
        self.journal = journal
        self.interaction = interaction
        # Who it was with, as stored: saved as it is unless the person edits the field.
        self.with_ids = list(interaction.with_) if interaction is not None else [p.id for p in people or []]
        self.heading = {"share": "Correct an item passed on", "introduction": "Correct an introduction"}.get(
            interaction.kind, "Correct a conversation") if interaction is not None else "Log a conversation"

    def compose(self) -> ComposeResult:
        i = self.interaction or self.prefill or Interaction(date=self.journal.today(), with_=["-"])
        flags = {"business": i.business, "formal": i.formal, "they_started": i.initiated_by == "them",
                 "disclosure": i.disclosure, "thanked": i.thanked}
        with Vertical(classes="form"):
            yield Static(styled("[b]$title[/]", title=self.heading), id="log-title", classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield from labelled("With (names, separated by commas; enter completes a name and moves on)",
                                    PeopleInput(self.journal, self.with_ids, id="field-with",
                                                # a new conversation: ready for another name, or for ctrl+s
                                                then=", " if self.interaction is None else ""))
                yield Static("", id="last-plan", classes="form-note")
                # Who, then what it was about: the two fields every conversation has, next to each other, so
                # enter after a name lands on the topic.
                (name, label), *details, (plan, plan_label) = TEXT_FIELDS
                yield from labelled(label, VisibleInput(getattr(i, name), id=f"field-{name}"))
                # Their open follow-ups, to tick off while logging: shown only when there are some, so the fields
                # (and the keys to reach them) stay as they were for everyone else. None ticked: done is a choice.
                with Vertical(id="open-follow-ups"):
                    yield from labelled("Done in this conversation? (space ticks; marked done when you save)",
                                        SelectionList[str](id="field-done"))
                yield from when_and_how("today" if self.interaction is None else i.date, i.channel)
                with Horizontal(classes="row flags"):
                    for name, label in FLAGS:
                        yield Checkbox(label, flags[name], id=f"field-{name}")
                for name, label in details:
                    yield from labelled(label, VisibleInput(getattr(i, name), id=f"field-{name}"))
                planned = self._planned_follow_up()
                yield from row(labelled(plan_label, VisibleInput(getattr(i, plan), id=f"field-{plan}")),
                               labelled(PLAN_BY, VisibleInput(planned.due if planned else "", id="field-next_by",
                                                              placeholder="no date: no follow-up")))
                yield Label("", id="error-form", classes="field-error", markup=False)
            # The defaults (today, in person, informal, non-business, you started) show in the fields themselves.
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        # Who it was with is known (a person chosen, a conversation corrected): the topic is what is left to
        # type, so `l`, the topic and ctrl+s log it. Nobody known: the name comes first.
        self.query_one("#field-topics" if self.with_ids else "#field-with", Input).focus()
        self.show_people()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "field-with":
            self.show_people()

    def show_people(self) -> None:
        """Who it was with, in the title (in sight while the fields scroll to the topic in a short terminal), and
        what the last conversation with them said to do next time."""
        try:
            people = self.query_one("#field-with", PeopleInput).people()
        except ValueError:
            people = []
        everyone = self.journal.everyone()  # kept: this runs on every key typed in the field
        names = ", ".join(display_name(person, everyone) for person in people)  # two Ana Ruiz: with their org
        self.query_one("#log-title", Static).update(
            styled("[b]$title[/] with $names", title=self.heading, names=names) if names
            else styled("[b]$title[/]", title=self.heading))
        plans = []
        for person in people:
            for earlier in self.journal.interactions(person.id):
                if self.interaction is not None and earlier.id == self.interaction.id:
                    continue
                if earlier.next_time:
                    plans.append(f"Last time with {person.name} ({earlier.date}) you planned: {earlier.next_time}")
                break
        self.query_one("#last-plan", Static).update(plain("\n".join(plans)))
        self.show_open_follow_ups(people)

    def show_open_follow_ups(self, people: list[Contact]) -> None:
        """The open follow-ups of the people in the conversation, with what was ticked kept ticked."""
        listed = self.query_one("#field-done", SelectionList)
        ticked = set(listed.selected)
        if self.tick and not self.shown_follow_ups:  # the first time the list is filled
            ticked.add(self.tick)
        today = self.journal.today()
        this = self.interaction.id if self.interaction is not None else None
        several = len(people) > 1
        options = []
        for person in people:
            for follow_up in self.journal.follow_ups(person.id):
                if this is not None and follow_up.from_interaction == this:
                    continue  # the plan of the conversation being corrected, not something done in it
                words = f"{person.name}: " if several else ""
                words += f"{follow_up.what} ({due_words(follow_up, today)})"
                options.append((plain(words, keep_newlines=False), follow_up.id, follow_up.id in ticked))
        shown = tuple(option[1] for option in options)
        if shown != self.shown_follow_ups:  # rebuilt only when who it was with changes, not on every key
            self.shown_follow_ups = shown
            listed.clear_options()
            listed.add_options(options)
            if options:
                listed.highlighted = 0  # space on arriving ticks the first (soonest due), as a list of boxes would
        self.query_one("#open-follow-ups").display = bool(options)

    def _planned_follow_up(self) -> FollowUp | None:
        """The follow-up a corrected conversation's plan became (its date fills "By"), if any."""
        if self.interaction is None or not self.interaction.next_time:
            return None
        for person in self.interaction.with_:
            for follow_up in self.journal.follow_ups(person, include_done=True):
                if follow_up.from_interaction == self.interaction.id and follow_up.what == self.interaction.next_time:
                    return follow_up
        return None

    def build(self) -> Interaction:
        value = {name: self.query_one(f"#field-{name}", Input).value for name, _ in TEXT_FIELDS}
        flag = {name: self.query_one(f"#field-{name}", Checkbox).value for name, _ in FLAGS}
        people = self.query_one("#field-with", PeopleInput).ids()
        if not people:
            raise ValueError("with: who was it with? Type a name")
        day = parse_day(self.query_one("#field-date", Input).value, self.journal.today())
        by = self.query_one("#field-next_by", Input).value.strip()
        self.plan_due = parse_planned_day(by, self.journal.today(), "next_by").isoformat() if by else None
        if self.plan_due and not value["next_time"].strip():
            raise ValueError("next_time: a date needs a plan: say what you will do by then (or clear the date)")
        self.ticked = list(self.query_one("#field-done", SelectionList).selected)
        fields = dict(
            date=day, with_=people, channel=self.query_one("#field-channel", Select).value,
            formal=flag["formal"], business=flag["business"], initiated_by="them" if flag["they_started"] else "me",
            disclosure=flag["disclosure"], thanked=flag["thanked"], **value,
        )
        if self.interaction is None:
            return Interaction(**fields, event=self.prefill.event if self.prefill else "")
        return Interaction(**fields, kind=self.interaction.kind, id=self.interaction.id,
                           created_at=self.interaction.created_at)

    def confirm_before_store(self, result: Interaction, proceed: Callable[[], None]) -> None:
        """Someone archived, newly in the conversation, is asked about: archiving said "not in touch any more",
        so a name that lands on them is more likely a slip than a return (as `netjournal log` refuses)."""
        before = set(self.interaction.with_) if self.interaction is not None else set()
        everyone = {c.id: c for c in self.journal.everyone()}  # kept: not 2,000 people built again at ctrl+s
        archived = [everyone[i].name for i in result.with_
                    if i not in before and i in everyone and everyone[i].archived]
        if not archived:
            proceed()
            return
        who = " and ".join(archived)
        self.app.push_screen(
            ConfirmScreen(f"{who} {'is' if len(archived) == 1 else 'are'} archived. Log this conversation anyway? "
                          "They stay archived (x in their person view restores them).",
                          yes="Log anyway", no="Go back"),
            lambda yes: proceed() if yes else None,
        )

    def store(self, result: Interaction) -> Interaction:
        # One save: the conversation, the follow-up its plan became and the follow-ups ticked done, or none.
        with self.journal.batch():
            if self.interaction is None:
                saved = self.journal.log_interaction(result)
            else:
                saved = self.journal.edit_interaction(self.interaction, result)
            self._follow_through(saved)
        return saved

    def saved_value(self, result: Interaction, stored: Interaction) -> Interaction:
        if not self.followed_through:
            # Saved after the "saved meanwhile" dialog, which saves the conversation alone: the rest now.
            try:
                self._follow_through(stored)
            except (ValueError, JournalError) as error:
                self.app.notify(plain(str(error)), title="Follow-ups not saved", severity="error", markup=False)
        return stored

    followed_through = False
    shown_follow_ups: tuple[str, ...] = ()
    plan_due: str | None = None
    ticked: list[str] = []

    def _follow_through(self, saved: Interaction) -> None:
        """A plan with a date becomes a follow-up for each person in the conversation ("send them the slides"
        is done for each one, and each is ticked off on its own); ticked follow-ups are done on its day.

        A corrected conversation updates the follow-up its plan already became instead of adding a second one;
        one already done, or a date cleared, is left as it is."""
        plan = saved.next_time.strip()
        if self.plan_due and plan:
            before = {plan, self.interaction.next_time if self.interaction is not None else plan}
            for person in saved.with_:
                earlier = [f for f in self.journal.follow_ups(person, include_done=True)
                           if f.from_interaction == saved.id and f.what in before]
                if not earlier:
                    self.journal.add_follow_up(FollowUp(contact_id=person, what=plan, due=self.plan_due,
                                                        from_interaction=saved.id))
                elif earlier[0].open and (earlier[0].what, earlier[0].due) != (plan, self.plan_due):
                    earlier[0].what, earlier[0].due = plan, self.plan_due
                    self.journal.edit_follow_up(earlier[0])
        if self.ticked:
            self.journal.complete_follow_ups(self.ticked, on=date.fromisoformat(saved.date))
        self.followed_through = True
