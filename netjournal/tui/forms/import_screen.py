"""Import contacts from the command palette: a file name (tab completes it), a progress bar for big files, then
the plan in words, and nothing is written until the person says yes to it. A calendar (.ics) shows its meetings
as a list to review (forms/calendar_review.py) instead."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from ...common.files import expand_path
from ...core.errors import JournalError
from ...core.journal import Journal
from ...io.importers import ImportFileError, ImportPlan, Incoming, apply_plan, plan_import, read_contacts
from ...io.plan_words import plan_headline, plan_lines
from ..path_input import PathInput
from ..text import join_lines, plain
from . import FORMS_CSS


class ImportScreen(ModalScreen[bool]):
    """Dismisses with True when something was imported."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "close", "Close", id="import-close")]

    def __init__(self, journal: Journal) -> None:
        super().__init__(classes="dialog-screen")
        self.journal = journal
        self.imported = False
        self.source: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog"):
            yield Static("Import contacts: a vCard (.vcf), LinkedIn Connections.csv, a Google Contacts CSV or a "
                         "CSV with a header row (name, org, title, email, phone, tags, notes); or a calendar "
                         "(.ics) to log its meetings. Tab completes the file name; enter shows what the import "
                         "would change, before anything is written.",
                         markup=False)
            yield PathInput(id="import-file", placeholder="~/Downloads/contacts.vcf")
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
        self.source = path
        if path.suffix.casefold() == ".ics":
            self.read_calendar(path)
        else:
            self.read(path)

    @work(thread=True, exclusive=True)
    def read(self, path: Path) -> None:
        """Read the file off the UI thread (it does not touch the journal); plan on the UI thread."""
        def report(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one("#import-progress", ProgressBar).update, total=total,
                                      progress=done)
        try:
            people = read_contacts(path, report)
        except ImportFileError as error:
            self.app.call_from_thread(self.planned, None, str(error))
            return
        self.app.call_from_thread(self.planned, people, "")

    @work(thread=True, exclusive=True)
    def read_calendar(self, path: Path) -> None:
        """Parse the calendar off the UI thread (it does not touch the journal); plan on the UI thread."""
        from ...io.calendar import read_calendar

        try:
            calendar = read_calendar(path)
        except ImportFileError as error:
            self.app.call_from_thread(self.planned_calendar, None, str(error))
            return
        self.app.call_from_thread(self.planned_calendar, calendar, "")

    def planned_calendar(self, calendar, error: str) -> None:
        from ...io.calendar import plan_calendar
        from .calendar_review import CalendarReviewScreen

        self.query_one("#import-progress").display = False
        result = self.query_one("#import-result", Label)
        plan = None
        try:
            plan = None if calendar is None else plan_calendar(self.journal, calendar)
        except ImportFileError as failure:
            error = str(failure)
        if plan is None:
            result.update(plain(f"Nothing imported: {error}"))
            return
        if not plan.past and not plan.to_keep():
            words = [f"{len(plan.already)} of its meetings are already in the journal."] if plan.already else []
            result.update(join_lines(plain(text, keep_newlines=False)
                                     for text in ["Nothing to import: no meetings with other people.", *words]))
            return
        result.update("")
        name = self.source.name if self.source else "the calendar"
        self.app.push_screen(CalendarReviewScreen(plan, name), lambda yes: self.confirmed_calendar(plan, bool(yes)))

    def confirmed_calendar(self, plan, yes: bool) -> None:
        from ...io.calendar import apply_calendar_plan
        from ...io.plan_words import counted

        result = self.query_one("#import-result", Label)
        if not yes:
            result.update("Nothing imported: the journal is as it was.")
            self.query_one("#import-file", Input).focus()
            return
        logged, kept = len(plan.to_log()), len(plan.to_keep())
        added = len(plan.unknown) if plan.add_people else 0
        try:
            apply_calendar_plan(self.journal, plan)
        except (JournalError, ValueError) as failure:
            result.update(plain(f"Nothing imported: {failure}"))
            return
        self.imported = True
        said = f"Logged {counted(logged, 'meeting', 'meetings')}"
        if added:
            said += f", added {counted(added, 'person', 'people')}"
        self.app.notify(f"{said}; {counted(kept, 'meeting', 'meetings')} ahead kept for Today.")
        self.dismiss(True)

    def planned(self, people: list[Incoming] | None, error: str) -> None:
        self.query_one("#import-progress").display = False
        result = self.query_one("#import-result", Label)
        if people is None:
            result.update(plain(f"Nothing imported: {error}"))
            return
        plan = plan_import(self.journal, people)
        if not plan.added and not plan.merged:  # nothing to confirm: say so, and write nothing
            result.update(join_lines(plain(text, keep_newlines=False)
                                     for text in ["Nothing to import.", *plan_lines(plan)]))
            return
        result.update("")
        name = self.source.name if self.source else "the file"
        self.app.push_screen(ImportPlanScreen(plan, name), lambda yes: self.confirmed(plan, bool(yes)))

    def confirmed(self, plan: ImportPlan, yes: bool) -> None:
        result = self.query_one("#import-result", Label)
        if not yes:
            result.update("Nothing imported: the journal is as it was.")
            self.query_one("#import-file", Input).focus()
            return
        try:
            apply_plan(self.journal, plan)
        except (JournalError, ValueError) as failure:
            result.update(plain(f"Nothing imported: {failure}"))
            return
        self.imported = True
        self.app.notify(f"The import {plan_headline(plan, done=True)}.")  # the app's notify shows controls
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(self.imported)


class ImportPlanScreen(ModalScreen[bool]):
    """What an import would change, in words; `y` imports, `n` or escape leaves the journal as it is."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Import", id="import-plan-yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="import-plan-no"),
    ]

    def __init__(self, plan: ImportPlan, source: str) -> None:
        super().__init__(classes="dialog-screen")
        self.plan, self.source = plan, source

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-dialog import-plan"):
            yield Static(plain(f"Import {self.source}?", keep_newlines=False), classes="question")
            with VerticalScroll(id="import-plan", can_focus=True):
                # People's names from the file: each line drawn as text, a newline in a name shown, not obeyed.
                for text in plan_lines(self.plan):
                    detail = text.startswith("  ")
                    yield Static(plain(text.strip(), keep_newlines=False), classes="plan-detail" if detail else "")
            yield Static("Nothing is written until you press y; n or escape cancels.",
                         classes="form-hint-top", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Import (y)", id="yes", variant="primary")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#import-plan").focus()  # arrows and page keys scroll a long plan

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
