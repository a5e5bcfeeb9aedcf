"""The netjournal Textual app: one Journal, the main screen, and the screens pushed over it."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..config import Config, user_prompts_path
from ..content import Prompt, prompts_with_user_file
from ..journal import Journal
from ..storage import JournalError
from ..themes import load_themes, theme_folders
from .screens.main import MainScreen

HERE = Path(__file__).parent
POLL_SECONDS = 1.0  # how often to look for changes another process saved
DEFAULT_THEME = "netjournal-dusk"


class NetJournalApp(App[None]):
    TITLE = "netjournal"
    # Below 110 columns the Contacts table gets the whole top row (see screens/main.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # Styles live beside their widgets; the app lists them so that each file stays with its code.
    CSS_PATH = [
        HERE / "screens" / "main.tcss",
        HERE / "screens" / "person.tcss",
        HERE / "screens" / "search.tcss",
        HERE / "panes" / "contacts.tcss",
        HERE / "panes" / "week.tcss",
        HERE / "panes" / "prompts.tcss",
        HERE / "screens" / "reflection.tcss",
        HERE / "screens" / "rating_pass.tcss",
        HERE / "panes" / "roles.tcss",
        HERE / "forms" / "forms.tcss",
    ]
    BINDINGS = [
        Binding("question_mark", "show_help_panel", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, journal: Journal, theme_name: str | None = None, config: Config | None = None,
                 config_problems: list[str] | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.config = config or Config()
        self._prompts: list[Prompt] | None = None
        self._config_problems = config_problems or []
        self._theme_name = theme_name
        self._seen_revision = journal.revision
        self._seen_day = journal.today()
        self._archived: list[str] = []  # for undo, newest last

    def on_mount(self) -> None:
        self.sub_title = str(self.journal.path)
        themes, errors = load_themes(theme_folders())
        for theme in themes:
            self.register_theme(theme)
        for error in errors + self._config_problems:
            self.notify(error, severity="error", timeout=15)
        self.theme = DEFAULT_THEME
        if self._theme_name:
            if self._theme_name in self.available_themes:
                self.theme = self._theme_name
            else:
                self.notify(f"No theme named {self._theme_name!r}; using {self.theme}", severity="error")
        self.push_screen(MainScreen(self.journal))
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    @property
    def prompts(self) -> list[Prompt]:
        """The reflection prompts, read when first needed (after the first frame, not before it)."""
        if self._prompts is None:
            self._prompts, problems = prompts_with_user_file(user_prompts_path())
            for problem in problems:
                self.notify(problem, severity="error", timeout=15)
        return self._prompts

    def notify(self, message: str, *, markup: bool = False, **options) -> None:  # type: ignore[override]
        """Our messages carry names and file paths, not markup."""
        super().notify(message, markup=markup, **options)

    # --- keeping every view current -------------------------------------------------------------

    def check_for_changes(self) -> None:
        """Redraw when the journal changed: our own saves, or a save by the CLI or a second window."""
        try:
            self.journal.refresh()
        except JournalError as error:
            self.notify(str(error), severity="error", timeout=30)
            return
        day = self.journal.today()
        if self.journal.revision != self._seen_revision or day != self._seen_day:
            self._seen_day = day  # after midnight "today", "due" and "this week" all move on
            self.refresh_views()

    def refresh_views(self) -> None:
        """Redraw every screen that shows journal data, after the next frame; forms keep what is typed in them.

        After a save this lets the form close at once; the figures catch up a frame later.
        """
        self._seen_revision = self.journal.revision
        self.refresh()  # make sure a frame comes, even when nothing else asked for one
        self.call_after_refresh(self._redraw_screens)

    def _redraw_screens(self) -> None:
        for screen in self.screen_stack:
            show = getattr(screen, "show_data", None)
            if show is not None:
                show()

    # --- changes shared by several screens ------------------------------------------------------

    def archive(self, contact_id: str, archived: bool) -> None:
        try:
            person = self.journal.archive_contact(contact_id, archived)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        if archived:
            self._archived.append(contact_id)
            self.notify(f"Archived {person.name}. Press u to undo; . shows archived people.")
        else:
            self.notify(f"{person.name} is back in your contacts.")
        self.refresh_views()

    def undo_archive(self) -> None:
        known = {c.id for c in self.journal.contacts(include_archived=True)}
        self._archived = [contact_id for contact_id in self._archived if contact_id in known]  # not forgotten
        if not self._archived:
            self.notify("Nothing to undo.")
            return
        contact_id = self._archived.pop()
        self.archive(contact_id, False)
        for pane in self.screen.query("ContactsPane"):
            pane.select(contact_id)  # type: ignore[attr-defined]
