"""Yes/no questions and the typed confirmation that guards forgetting a person."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...common.folding import fold
from ..inputs import VisibleInput
from ..text import line, plain
from . import FORMS_CSS


class ConfirmScreen(ModalScreen[bool]):
    """Ask a question; `y` or the first button says yes, `n` or escape says no."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TypeToConfirmScreen(ModalScreen[bool]):
    """For what cannot be undone: the person types the words before the action runs (any case or accents)."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="type-confirm-cancel")]

    def __init__(self, question: str, words: str) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.words = question, words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="question")
            yield Label(plain(f"Type {self.words} and press enter:"))
            yield VisibleInput(id="typed", placeholder=line(self.words))
            yield Label("", id="typed-error", classes="field-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if fold(event.value) == fold(self.words):  # `jose alvarez` confirms José Álvarez: the intent is clear
            self.dismiss(True)
        else:
            error = self.query_one("#typed-error", Label)
            error.update(plain(f"That is not {self.words}; nothing was changed."))
            error.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(False)
