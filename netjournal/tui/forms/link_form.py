"""How a person stands to another (`k` in a person's view): reports to, influences, works with, family, knows.

The choices read from the person's side, so both directions of a directed link are offered: "is influenced by
Bo" is stored as Bo influences them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from ...core.journal import Journal
from ...core.model import Contact, Link
from ..inputs import VisibleInput
from ..text import styled
from .base import FormScreen, labelled
from .names import PeopleInput

# (what the person picks, the stored kind, whether the other person is the link's `from` side)
LINK_CHOICES = (
    ("reports to", "reports_to", False),
    ("has reporting to them", "reports_to", True),
    ("influences", "influences", False),
    ("is influenced by", "influences", True),
    ("works with", "works_with", False),
    ("is family of", "family", False),
    ("knows", "knows", False),
)


class LinkForm(FormScreen[Link]):
    def __init__(self, journal: Journal, person: Contact) -> None:
        super().__init__()
        self.journal = journal
        self.person = person

    def compose(self) -> ComposeResult:
        with Vertical(classes="form goal-form"):
            yield Static(styled("[b]A link[/]: how $name stands to someone", name=self.person.name),
                         classes="form-title")
            yield from labelled("They...", Select([(words, str(n)) for n, (words, _, _) in enumerate(LINK_CHOICES)],
                                                  value="2", allow_blank=False, id="field-kind"))
            yield from labelled("...whom (enter completes the name)", PeopleInput(self.journal, [], id="field-to_id"))
            yield from labelled("A word on it (optional)", VisibleInput(id="field-note",
                                                                        placeholder="her former manager"))
            yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-kind", Select).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "field-note":
            self.action_save()
        else:
            self.focus_next()

    def build(self) -> Link:
        others = self.query_one("#field-to_id", PeopleInput).ids()
        if len(others) != 1:
            raise ValueError("to_id: choose one person")
        if others[0] == self.person.id:
            raise ValueError(f"to_id: {self.person.name} twice; a link is between two different people")
        _, kind, reverse = LINK_CHOICES[int(str(self.query_one("#field-kind", Select).value))]
        ends = (others[0], self.person.id) if reverse else (self.person.id, others[0])
        return Link(kind, *ends, note=self.query_one("#field-note", Input).value)

    def store(self, result: Link) -> Link:
        return self.journal.add_link(result)
