"""Export from the command palette: a file name whose ending says the format (.json .md .csv .vcf), or one week
as Markdown (its facts and its reflection, as `netjournal export --format markdown --week` writes it).

An encrypted journal's export is encrypted too (sealed with the journal's key: the same passphrase opens it, and
the format is the journal's own, in the README), unless the person ticks "Plain (not encrypted)", which warns.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from ...common.files import expand_path
from ...core.errors import JournalError
from ...core.journal import Journal
from ...core.model import parse_week
from ...io.exporters import SUFFIXES, export_target_problem, render_export, write_export
from ..inputs import VisibleInput
from ..path_input import PathInput
from ..text import plain
from . import FORMS_CSS

WHOLE_JOURNAL_FILE = "~/netjournal-export.md"


def week_file(week: str) -> str:
    return f"~/netjournal-{week}.md"


class ExportScreen(ModalScreen[None]):
    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export-write", priority=True),
        Binding("escape", "close", "Close", id="export-close"),
    ]

    def __init__(self, journal: Journal, week: str, *, one_week: bool = False) -> None:
        """`week` is the one offered (the week the This week pane shows); `one_week` starts with it chosen."""
        super().__init__(classes="dialog-screen")
        self.journal = journal
        self.week = week
        self.one_week = one_week
        self.suggested_file = week_file(week) if one_week else WHOLE_JOURNAL_FILE

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog export-dialog"):
            yield Static("Export to a file; its ending picks the format: .json (everything), .md (a readable "
                         "journal), .csv (contacts, and conversations beside them), .vcf (an address book). "
                         "Or one week, as Markdown: its facts and its reflection. Tab completes the file name.",
                         markup=False)
            yield PathInput(id="export-file", value=self.suggested_file)
            with Horizontal(classes="export-week-row"):
                yield Checkbox("Only the week", self.one_week, id="export-one-week")
                yield VisibleInput(self.week, id="export-week", placeholder="2026-W48")
                if self.journal.encrypted:
                    yield Checkbox("Plain (not encrypted)", False, id="export-plain")
            if self.journal.encrypted:
                yield Static("The export is encrypted, as the journal is: its passphrase opens it.",
                             id="export-sealing", markup=False)
            yield Static("enter or ctrl+s writes · space ticks a box · escape closes"
                         if self.journal.encrypted else
                         "enter or ctrl+s writes · space ticks Only the week · escape closes",
                         classes="form-hint-top", markup=False)
            yield Label("", id="export-result", markup=False)

    def on_mount(self) -> None:
        self.query_one("#export-file", Input).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "export-plain":
            sealing = self.query_one("#export-sealing", Static)
            sealing.update("Not encrypted: anyone who can read the file can read your notes." if event.value else
                           "The export is encrypted, as the journal is: its passphrase opens it.")
            sealing.set_class(event.value, "-warning")
            return
        self.one_week = event.value
        self._suggest_file()

    @property
    def sealed(self) -> bool:
        """Whether the export is written encrypted: always for an encrypted journal, unless Plain is ticked."""
        return self.journal.encrypted and not self.query_one("#export-plain", Checkbox).value

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "export-week":
            self._suggest_file()

    def _suggest_file(self) -> None:
        """The file name follows the choice while it is the one we suggested; a name the person typed stays."""
        field = self.query_one("#export-file", Input)
        if field.value != self.suggested_file:
            return
        try:
            week = parse_week(self.query_one("#export-week", Input).value)
        except ValueError:
            week = self.week
        self.suggested_file = week_file(week) if self.one_week else WHOLE_JOURNAL_FILE
        field.value = self.suggested_file

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def action_export(self) -> None:
        result = self.query_one("#export-result", Label)
        week = None
        try:
            target = expand_path(self.query_one("#export-file", Input).value.strip())
            if self.one_week:
                week = parse_week(self.query_one("#export-week", Input).value)
        except ValueError as error:  # a path that cannot be used (~nosuchuser), a week that is none
            result.update(plain(f"Nothing written: {error}"))
            return
        fmt = SUFFIXES.get(target.suffix.casefold())
        if fmt is None:
            result.update(f"Nothing written: end the name with {', '.join(sorted(SUFFIXES))}")
            return
        if week and fmt != "markdown":
            result.update("Nothing written: a week is written as Markdown; end the name with .md")
            return
        try:
            files = render_export(self.journal, fmt, target, week)
            for path, _ in files:
                problem = export_target_problem(path, self.journal.path)  # type: ignore[arg-type]
                if problem:
                    result.update(plain(f"Nothing written: {problem}"))
                    return
            sealed = self.sealed
            for path, payload in files:
                if sealed:
                    payload = self.journal.sealed_for_export(payload)
                write_export(path, payload, self.journal.path)  # type: ignore[arg-type]
        except (JournalError, OSError, ValueError) as error:
            result.update(plain(f"Nothing written: {error}"))
            return
        what = f"Written week {week}" if week else "Written"
        if self.journal.encrypted:
            what += " (encrypted)" if sealed else " (not encrypted)"
        result.update(plain(f"{what}: " + ", ".join(str(path) for path, _ in files) + "\n\nescape to close"))

    def action_close(self) -> None:
        self.dismiss(None)
