"""Log a conversation: who (filled in when known), what it was about, ctrl+s; every other field is a tab away."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from ...core.journal import Journal, display_name
from ...core.model import CHANNELS, Contact, Interaction, parse_day
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
                 interaction: Interaction | None = None, prefill: Interaction | None = None) -> None:
        super().__init__()
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
                (name, label), *details = TEXT_FIELDS
                yield from labelled(label, VisibleInput(getattr(i, name), id=f"field-{name}"))
                yield from when_and_how("today" if self.interaction is None else i.date, i.channel)
                with Horizontal(classes="row flags"):
                    for name, label in FLAGS:
                        yield Checkbox(label, flags[name], id=f"field-{name}")
                for name, label in details:
                    yield from labelled(label, VisibleInput(getattr(i, name), id=f"field-{name}"))
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
        everyone = self.journal.contacts(include_archived=True)
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

    def build(self) -> Interaction:
        value = {name: self.query_one(f"#field-{name}", Input).value for name, _ in TEXT_FIELDS}
        flag = {name: self.query_one(f"#field-{name}", Checkbox).value for name, _ in FLAGS}
        people = self.query_one("#field-with", PeopleInput).ids()
        if not people:
            raise ValueError("with: who was it with? Type a name")
        day = parse_day(self.query_one("#field-date", Input).value, self.journal.today())
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
        everyone = {c.id: c for c in self.journal.contacts(include_archived=True)}
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
        if self.interaction is None:
            return self.journal.log_interaction(result)
        return self.journal.edit_interaction(self.interaction, result)
