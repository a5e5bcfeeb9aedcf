"""Unlocking an encrypted journal: a small app of its own that asks for the passphrase before the journal opens.

It runs before NetJournalApp, which needs an open Journal to start. The caller (cli.py) passes how to open the
journal with a passphrase; this asks for one, tries it off the UI thread (the key derivation takes ~0.3 s, and
the screen keeps answering keys meanwhile), and gives three tries. A wrong try reads nothing and writes nothing:
the storage stops at the header's key wrap.

`ask_passphrase_and_open` returns the open journal, or None when the person quits (escape). When the journal
cannot be opened (three wrong passphrases, a damaged file, one that cannot be read), it raises the JournalError
after the app has given the terminal back, so the command line says it in one line as for any other journal.
It needs a terminal: the caller asks only when standard input is one (else NETJOURNAL_PASSPHRASE_CMD or an error).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual import events, work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from ..core.crypto import WrongPassphrase
from ..core.errors import JournalError
from ..core.journal import Journal
from .inputs import VisibleInput
from .text import plain

HERE = Path(__file__).parent
TRIES = 3


def tries_left(count: int) -> str:
    return f"{count} {'try' if count == 1 else 'tries'} left"


class UnlockApp(App[Journal | None]):
    """The passphrase dialog. `return_value` is the open Journal, or None (escape, or no tries left); `error` is
    why it could not be opened, for the caller to report once the terminal is back."""

    TITLE = "netjournal"
    CSS_PATH = HERE / "unlock.tcss"

    class Tried(Message):
        """What one passphrase led to, posted from the worker thread: an open Journal or the error it raised."""

        def __init__(self, outcome: Journal | BaseException) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, path: Path, open_journal: Callable[[str], Journal], *, theme_name: str | None = None,
                 shown_path: str | None = None) -> None:
        super().__init__()
        self.journal_path = path
        self.open_journal = open_journal
        self.shown_path = shown_path or str(path)
        self.tries_left = TRIES
        self.unlocking = False
        self.error: BaseException | None = None
        # Every journal a worker opened, so that one the person no longer waits for (escape while unlocking) is
        # closed rather than left open; see close_unclaimed.
        self._opened: list[Journal] = []
        self._opened_lock = threading.Lock()
        self._choose_theme(theme_name)

    def _choose_theme(self, theme_name: str | None) -> None:
        """The look the journal will open in, chosen as NetJournalApp chooses it: --theme, else the one last
        chosen in the app, else config.yaml's, else ours. Problems with any of them are the app's to report."""
        from ..settings.config import load_config, load_ui_state, user_themes_path
        from .app import DEFAULT_THEME
        from .themes import load_themes, theme_folders

        themes, _errors = load_themes(theme_folders(user_themes_path()))
        for theme in themes:
            self.register_theme(theme)
        remembered = load_ui_state().get("theme")
        for candidate in (theme_name, remembered, load_config()[0].theme, DEFAULT_THEME):
            if candidate and candidate in self.available_themes:
                self.theme = candidate
                break

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-dialog"):
            yield Static("This journal is encrypted", id="unlock-title", markup=False)
            yield Static(plain(self.shown_path, keep_newlines=False), id="unlock-path")
            yield VisibleInput(id="unlock-passphrase", password=True, placeholder="passphrase")
            yield Label("", id="unlock-message", markup=False)
            yield Static("enter unlocks · escape quits", id="unlock-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#unlock-passphrase", Input).focus()

    def say(self, text: str, *, problem: bool = False) -> None:
        message = self.query_one("#unlock-message", Label)
        message.update(plain(text))
        message.set_class(problem, "-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.unlocking:
            return  # one passphrase at a time; enter again while it is being tried does nothing
        passphrase = event.value
        if not passphrase:
            self.say("Type the passphrase, then enter", problem=True)
            return
        self.unlocking = True
        event.input.clear()  # held by the worker alone from here; a wrong one leaves the field ready for the next
        self.say("Unlocking…")
        self.try_passphrase(passphrase)

    @work(thread=True, exclusive=True, group="unlock")
    def try_passphrase(self, passphrase: str) -> None:
        try:
            outcome: Journal | BaseException = self.open_journal(passphrase)
        except Exception as error:  # noqa: BLE001 - handed to the UI thread; a bug goes to the caller's crash report
            outcome = error
        else:
            with self._opened_lock:
                self._opened.append(outcome)
        self.post_message(self.Tried(outcome))

    def on_unlock_app_tried(self, message: Tried) -> None:
        self.unlocking = False
        outcome = message.outcome
        if isinstance(outcome, Journal):
            self.exit(outcome)
            return
        if isinstance(outcome, WrongPassphrase):
            self.tries_left -= 1
            if self.tries_left > 0:
                self.say(f"Wrong passphrase: {tries_left(self.tries_left)}", problem=True)
                self.query_one("#unlock-passphrase", Input).focus()
                return
            self.say(f"Wrong passphrase {TRIES} times: nothing was read or changed", problem=True)
            self.error = WrongPassphrase(f"wrong passphrase {TRIES} times for {self.journal_path}; "
                                         "nothing was read or changed")
        else:
            self.error = outcome  # a damaged or unreadable file: said by the caller on the command line
        self.exit(None)

    def _handle_exception(self, error: Exception) -> None:
        """A bug ends the dialog as in Textual, but its traceback (with local variables) is not printed on the
        terminal: the caller raises it again, and the command line writes it to a private crash log."""
        if self.error is None:
            self.error = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def on_key(self, event: events.Key) -> None:
        """escape quits, as ctrl+q does (Textual's own binding). A handler rather than BINDINGS: binding ids are the
        main app's keymap (tui/keys.py, config.yaml's keymap, the README's table), and no keymap applies here."""
        if event.key == "escape":
            event.stop()
            self.exit(None)

    def close_unclaimed(self) -> None:
        """Close any journal a worker opened that is not the one returned (the person quit while it opened)."""
        with self._opened_lock:
            unclaimed = [journal for journal in self._opened if journal is not self.return_value]
            self._opened.clear()
        for journal in unclaimed:
            journal.close()


def ask_passphrase_and_open(path: Path, open_journal: Callable[[str], Journal], *, theme_name: str | None = None
                            ) -> Journal | None:
    """Ask for the passphrase in the terminal and open the journal with it: the open Journal, or None if the
    person quit. Raises the JournalError (or other error) that stopped it, once the terminal is back."""
    app = UnlockApp(path, open_journal, theme_name=theme_name)
    try:
        app.run()
    finally:
        # The worker thread has ended: App.run waits for its executor before returning.
        app.close_unclaimed()
    if app.error is not None:
        raise app.error
    return app.return_value
