"""Record an introduction: you introduced two people to each other, and why they should meet."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from ...core.journal import Journal
from ...core.model import Contact, Interaction, parse_day
from ..inputs import VisibleInput
from ..text import plain
from .base import FormScreen, labelled, row
from .log_form import when_and_how
from .names import PeopleInput


class Introduction(NamedTuple):
    first_id: str
    second_id: str
    because: str
    day: str
    channel: str


class IntroductionForm(FormScreen[Interaction]):
    """Dismissed with the logged introduction, or None when cancelled."""

    def __init__(self, journal: Journal, first: Contact | None = None, second: Contact | None = None,
                 because: str = "") -> None:
        super().__init__()
        self.journal = journal
        self.first, self.second, self.because = first, second, because

    def compose(self) -> ComposeResult:
        def shown(person: Contact | None) -> list[str]:
            return [person.id] if person else []

        with Vertical(classes="form short-form"):
            yield Static("[b]Record an introduction[/]", classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield Static("Bringing two people together is value given to both: say why they should meet.",
                             classes="form-hint-top")
                yield from row(labelled("You introduced", PeopleInput(self.journal, shown(self.first),
                                                                      id="field-first")),
                               labelled("to", PeopleInput(self.journal, shown(self.second), id="field-second")))
                yield Static("", id="introduction-people", classes="form-note")
                yield from labelled("Because (required)", VisibleInput(self.because, id="field-because",
                                                                placeholder="both run data teams in the NHS"))
                yield from when_and_how("today", "email")
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        empty = next((i for i in self.query(Input) if not i.value), self.query_one("#field-because", Input))
        empty.focus()
        self._describe()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("field-first", "field-second"):
            self._describe()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()  # as enter does in the name fields (PeopleInput)

    def _describe(self) -> None:
        """What each of the two is looking for and cares about, to write the reason from."""
        lines = []
        for field in ("first", "second"):
            try:
                people = self.query_one(f"#field-{field}", PeopleInput).people()
            except ValueError:
                continue
            if len(people) == 1:
                person = people[0]
                parts = [f"looking for {person.needs}" if person.needs else "",
                         f"interests: {', '.join(person.tags)}" if person.tags else "", person.title]
                lines.append(f"{person.name}: " + (" · ".join(p for p in parts if p) or "nothing noted yet"))
        self.query_one("#introduction-people", Static).update(plain("\n".join(lines)))

    def _one(self, field: str) -> str:
        people = self.query_one(f"#field-{field}", PeopleInput).ids()
        if len(people) != 1:
            raise ValueError(f"{field}: one person here")
        return people[0]

    def build(self) -> Introduction:  # type: ignore[override]
        first, second = self._one("first"), self._one("second")
        if first == second:
            raise ValueError("second: choose two different people")
        because = self.query_one("#field-because", Input).value.strip()
        if not because:
            raise ValueError("because: say why they should meet; it is what makes the introduction useful")
        day = parse_day(self.query_one("#field-date", Input).value, self.journal.today())
        channel = str(self.query_one("#field-channel", Select).value)
        return Introduction(first, second, because, day.isoformat(), channel)

    def store(self, result: Introduction) -> Interaction:  # type: ignore[override]
        return self.journal.introduce(result.first_id, result.second_id, result.because, result.day,
                                      channel=result.channel)
