"""Import contacts from the command palette: a file name, a progress bar for big files, then the summary."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, Static

from ...io.importers import ImportFileError, Incoming, apply_plan, plan_import, read_contacts
from ...core.journal import Journal
from ...common.files import expand_path
from ...core.errors import JournalError
from ..inputs import VisibleInput
from ..text import plain
from . import FORMS_CSS


class ImportScreen(ModalScreen[bool]):
    """Dismisses with True when something was imported."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "close", "Close", id="import-close")]

    def __init__(self, journal: Journal) -> None:
        super().__init__(classes="dialog-screen")
        self.journal = journal
        self.imported = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog"):
            yield Static("Import contacts: a vCard (.vcf), LinkedIn Connections.csv, a Google Contacts CSV or a "
                         "CSV with a header row (name, org, title, email, phone, tags, notes).", markup=False)
            yield VisibleInput(id="import-file", placeholder="~/Downloads/contacts.vcf")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Label("", id="import-result", markup=False)

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-file", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        try:
            path = expand_path(event.value.strip())
        except ValueError as error:  # a path that cannot be used (~nosuchuser)
            self.query_one("#import-result", Label).update(plain(f"Nothing read: {error}"))
            return
        self.query_one("#import-result", Label).update(plain(f"Reading {path} ..."))
        progress = self.query_one("#import-progress", ProgressBar)
        progress.display = True
        progress.update(total=None, progress=0)
        self.read(path)

    @work(thread=True, exclusive=True)
    def read(self, path: Path) -> None:
        """Read the file off the UI thread (it does not touch the journal); plan and save on the UI thread."""
        def report(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one("#import-progress", ProgressBar).update, total=total,
                                      progress=done)
        try:
            people = read_contacts(path, report)
        except ImportFileError as error:
            self.app.call_from_thread(self.finish, None, str(error))
            return
        self.app.call_from_thread(self.finish, people, "")

    def finish(self, people: list[Incoming] | None, error: str) -> None:
        self.query_one("#import-progress").display = False
        result = self.query_one("#import-result", Label)
        if people is None:
            result.update(plain(f"Nothing imported: {error}"))
            return
        plan = plan_import(self.journal, people)
        try:
            apply_plan(self.journal, plan)
        except (JournalError, ValueError) as failure:
            result.update(plain(f"Nothing imported: {failure}"))
            return
        self.imported = bool(plan.added or plan.merged)
        result.update(plain(plan.summary() + "\n\nescape to close"))  # names from the file

    def action_close(self) -> None:
        self.dismiss(self.imported)
