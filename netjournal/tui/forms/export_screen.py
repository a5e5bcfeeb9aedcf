"""Export from the command palette: a file name whose ending says the format (.json .md .csv .vcf)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...io.exporters import SUFFIXES, render_export
from ...core.journal import Journal
from ...common.files import expand_path
from ...core.errors import JournalError
from ...io.exporters import export_target_problem, write_export
from ..inputs import VisibleInput
from ..text import plain
from . import FORMS_CSS


class ExportScreen(ModalScreen[None]):
    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "close", "Close", id="export-close")]

    def __init__(self, journal: Journal) -> None:
        super().__init__(classes="dialog-screen")
        self.journal = journal

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog"):
            yield Static("Export to a file; its ending picks the format: .json (everything), .md (a readable "
                         "journal), .csv (contacts, and conversations beside them), .vcf (an address book).",
                         markup=False)
            yield VisibleInput(id="export-file", value=str(Path("~/netjournal-export.md")))
            yield Label("", id="export-result", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        result = self.query_one("#export-result", Label)
        try:
            target = expand_path(event.value.strip())
        except ValueError as error:  # a path that cannot be used (~nosuchuser)
            result.update(plain(f"Nothing written: {error}"))
            return
        fmt = SUFFIXES.get(target.suffix.casefold())
        if fmt is None:
            result.update(f"Nothing written: end the name with {', '.join(sorted(SUFFIXES))}")
            return
        try:
            files = render_export(self.journal, fmt, target)
            for path, _ in files:
                problem = export_target_problem(path, self.journal.path)  # type: ignore[arg-type]
                if problem:
                    result.update(plain(f"Nothing written: {problem}"))
                    return
            for path, payload in files:
                write_export(path, payload, self.journal.path)  # type: ignore[arg-type]
        except (JournalError, OSError, ValueError) as error:
            result.update(plain(f"Nothing written: {error}"))
            return
        result.update(plain("Written: " + ", ".join(str(path) for path, _ in files) + "\n\nescape to close"))

    def action_close(self) -> None:
        self.dismiss(None)
