"""The netjournal Textual app: the main screen of four panes over one Journal."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Footer, Header

from ..journal import Journal
from ..themes import load_themes, theme_folders
from ..storage import JournalError
from .panes.base import Pane
from .panes.contacts import ContactsPane
from .panes.reflection import ReflectionPane
from .panes.roles import RoleMapPane
from .panes.week import WeekPane

HERE = Path(__file__).parent
PANE_IDS = ("contacts", "week", "reflection", "roles")
POLL_SECONDS = 1.0  # how often to look for changes another process saved


class NetJournalApp(App):
    TITLE = "netjournal"
    CSS_PATH = [
        HERE / "app.tcss",
        HERE / "panes" / "contacts.tcss",
        HERE / "panes" / "week.tcss",
        HERE / "panes" / "reflection.tcss",
        HERE / "panes" / "roles.tcss",
    ]
    BINDINGS = [
        Binding("1", "focus_pane('contacts')", "Contacts", id="focus-contacts", show=False),
        Binding("2", "focus_pane('week')", "Week", id="focus-week", show=False),
        Binding("3", "focus_pane('reflection')", "Reflection", id="focus-reflection", show=False),
        Binding("4", "focus_pane('roles')", "Roles", id="focus-roles", show=False),
        Binding("z", "toggle_maximize", "Zoom", id="maximize"),
        Binding("question_mark", "show_help_panel", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, journal: Journal, theme_name: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self._theme_name = theme_name
        self._seen_revision = journal.revision

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="panes"):
            yield ContactsPane(self.journal, id="contacts")
            yield WeekPane(self.journal, id="week")
            yield ReflectionPane(self.journal, id="reflection")
            yield RoleMapPane(self.journal, id="roles")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.journal.path)
        themes, errors = load_themes(theme_folders())
        for theme in themes:
            self.register_theme(theme)
        for error in errors:
            self.notify(error, severity="error", timeout=15)
        self.theme = "netjournal-dusk"
        if self._theme_name:
            if self._theme_name in self.available_themes:
                self.theme = self._theme_name
            else:
                self.notify(f"No theme named {self._theme_name!r}; using {self.theme}", severity="error")
        self.action_focus_pane("contacts")
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    def check_for_changes(self) -> None:
        """Redraw when the journal changed: our own saves, or a save by the CLI or a second window."""
        try:
            self.journal.refresh()
        except JournalError as error:
            self.notify(str(error), severity="error", timeout=30)
            return
        if self.journal.revision != self._seen_revision:
            self.show_data()

    def show_data(self) -> None:
        self._seen_revision = self.journal.revision
        for pane in self.query(Pane):
            pane.show_data()

    def action_focus_pane(self, pane_id: str) -> None:
        self.query_one(f"#{pane_id}", Pane).focus_first()

    def action_toggle_maximize(self) -> None:
        if self.screen.maximized is not None:
            self.screen.minimize()
        elif self.focused is not None:
            self.screen.maximize(self.focused)
