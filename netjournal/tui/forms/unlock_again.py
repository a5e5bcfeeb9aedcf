"""Unlocking again while the app is open: another netjournal encrypted the journal (or encrypted it anew, with
another passphrase) while this one had it open, so nothing more can be read or saved with the key it holds.

Rather than sending the person away to quit (and lose what a form holds), the app asks for the passphrase the
journal has now: the key is derived off the UI thread, three tries, and on success the journal is taken up again
with it and the form that was refused saves as it was. Escape leaves everything as it was: the form stays open,
nothing is saved.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...core.crypto import JournalKey, WrongPassphrase
from ...core.journal import Journal
from ..inputs import VisibleInput
from ..text import plain
from ..unlock import TRIES, tries_left
from . import FORMS_CSS


class UnlockAgainScreen(ModalScreen[bool]):
    """Dismissed with True once the journal is taken up again under its new passphrase, False on escape or after
    the last wrong try."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="unlock-again-cancel")]

    class Tried(Message):
        def __init__(self, outcome: JournalKey | BaseException) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, journal: Journal, why: str) -> None:
        super().__init__(classes="dialog-screen")
        self.journal, self.why = journal, why
        self.tries_left = TRIES
        self.unlocking = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.why), classes="question")
            yield Label("Its passphrase now, to carry on (nothing was saved since):")
            yield VisibleInput(id="unlock-again-passphrase", password=True, placeholder="passphrase")
            yield Label("", id="unlock-again-message", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#unlock-again-passphrase", Input).focus()

    def say(self, text: str) -> None:
        message = self.query_one("#unlock-again-message", Label)
        message.update(plain(text))
        message.add_class("-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.unlocking or not event.value:
            return
        self.unlocking = True
        passphrase = event.value
        event.input.clear()
        self.say("Unlocking…")
        self.derive(passphrase)

    @work(thread=True, exclusive=True, group="unlock-again")
    def derive(self, passphrase: str) -> None:
        try:
            outcome: JournalKey | BaseException = self.journal.key_for(passphrase)
        except Exception as error:  # noqa: BLE001 - handed to the UI thread, which says it
            outcome = error
        self.post_message(self.Tried(outcome))

    def on_unlock_again_screen_tried(self, message: Tried) -> None:
        self.unlocking = False
        outcome = message.outcome
        if isinstance(outcome, JournalKey):
            try:
                self.journal.carry_on_with(outcome)  # on the UI thread: the journal is the app's
            except Exception as error:  # noqa: BLE001 - a damaged file, a busy lock: said, and the dialog stays
                self.say(str(error))
                return
            self.dismiss(True)
            return
        if isinstance(outcome, WrongPassphrase):
            self.tries_left -= 1
            if self.tries_left > 0:
                self.say(f"Wrong passphrase: {tries_left(self.tries_left)}")
                return
            self.app.notify(f"Wrong passphrase {TRIES} times: nothing was saved. Quit and open the journal again "
                            "to unlock it", severity="error", timeout=20)
            self.dismiss(False)
            return
        self.say(str(outcome))

    def action_cancel(self) -> None:
        self.dismiss(False)
