"""The netjournal Textual app: one Journal, the main screen, and the screens pushed over it."""

from __future__ import annotations

import gc
from pathlib import Path

from collections.abc import Callable, Iterable

from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.notifications import Notify
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from ..settings.config import Config, load_ui_state, save_ui_state, user_prompts_path, user_themes_path
from ..settings.content import Prompt, prompts_with_user_file
from ..core.journal import Journal
from ..core.model import Contact, week_key
from ..common.safe_text import visible
from ..core.errors import JournalError
from .text import plain, styled
from .themes import load_themes, theme_folders
from .commands import PeopleCommands
from .screens.main import MainScreen

HERE = Path(__file__).parent
POLL_SECONDS = 1.0  # how often to look for changes another process saved
REFILL_SLICE = 20_000  # records held in less memory per step after start-up (25-60 ms; see _hold_in_less_memory)
REFILL_PAUSE = 0.05  # seconds between those steps, for keys and frames
DEFAULT_THEME = "netjournal-dusk"
MOST_TOASTS = 3  # a burst of notices shows its newest three; more would cover the panes they are about


def breakpoint_classes(width: int, breakpoints: list[tuple[int, str]]) -> list[str]:
    """The class Textual gives a screen for its width: the one of the widest breakpoint it reaches."""
    reached = [name for threshold, name in sorted(breakpoints) if width >= threshold]
    return reached[-1:]


class NetJournalApp(App[None]):
    TITLE = "netjournal"
    # Below 110 columns the Contacts table gets the whole top row (see screens/main.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # Styles live beside their widgets. The app lists only the main screen's: every other screen names its own
    # in its CSS_PATH, so it is parsed when that screen first opens (all of them at start-up cost ~15 ms).
    CSS_PATH = [
        HERE / "app.tcss",
        HERE / "screens" / "main.tcss",
        HERE / "panes" / "contacts.tcss",
        HERE / "panes" / "week.tcss",
        HERE / "panes" / "prompts.tcss",
        HERE / "panes" / "roles.tcss",
    ]
    # ...and reads theirs once the main screen is up, so that the first form opened does not re-parse every style
    # and re-style the whole main screen first (+35 ms). Same paths as their CSS_PATHs, so each is read once.
    LATER_CSS = [
        HERE / "forms" / "forms.tcss",
        HERE / "forms" / "conflict.tcss",
        HERE / "forms" / "calendar_review.tcss",
        HERE / "screens" / "person.tcss",
        HERE / "screens" / "search.tcss",
        HERE / "screens" / "reflection.tcss",
        HERE / "screens" / "rating_pass.tcss",
        HERE / "screens" / "value.tcss",
        HERE / "screens" / "organisations.tcss",
        HERE / "screens" / "month.tcss",
        HERE / "screens" / "copies.tcss",
    ]
    COMMANDS = App.COMMANDS | {PeopleCommands}
    BINDINGS = [
        Binding("t", "cycle_theme", "Theme", id="cycle-theme", show=False),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, journal: Journal, theme_name: str | None = None, config: Config | None = None,
                 config_problems: list[str] | None = None) -> None:
        super().__init__()
        self.journal = journal
        journal.shorten_saves()
        self.config = config or Config()
        self._prompts: list[Prompt] | None = None
        self._config_problems = config_problems or []
        self._theme_name = theme_name
        self._seen_revision = journal.revision
        self._told_copies: set[Path] = set()  # other copies of the journal found beside it, told once each
        self._seen_day = journal.today()
        self._last_poll_error = ""  # see check_for_changes
        self._archived: list[str] = []  # for undo, newest last
        self._collector_paused = False  # see on_load
        self._shown_encrypted = False  # what the header says; see show_journal_in_header
        self.crashed_with: BaseException | None = None  # the first unexpected error, if one ended the app
        # Chosen before the app starts: a theme set in on_mount makes Textual re-parse every style before the first
        # frame (about 6 ms at start-up). Problems are shown once the app can show them.
        self._theme_file_errors, self._theme_name_problems = self._choose_theme()

    def _choose_theme(self) -> tuple[list[str], list[str]]:
        themes, errors = load_themes(theme_folders(user_themes_path()))
        for theme in themes:
            self.register_theme(theme)
        self.own_themes = [theme.name for theme in themes]
        # Textual's own themes are not ours to offer: several fall far below WCAG AA on our screens (textual-light
        # gives 1.5:1). Unregistered, neither the palette's theme picker, --theme nor config.yaml can pick them.
        # Textual needs none of them by name once the app's theme is one of ours (set just below, before it runs).
        for name in BUILTIN_THEMES:
            if name not in self.own_themes:
                self.unregister_theme(name)
        problems = []
        # --theme, else the last theme chosen (t or the palette), else config.yaml's theme, else ours.
        remembered = load_ui_state().get("theme")
        if remembered in self.available_themes:
            self.theme = remembered
        elif self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            if self.config.theme:
                problems.append(f"config: no theme named {self.config.theme!r}")
            self.theme = DEFAULT_THEME
        if self._theme_name:
            if self._theme_name in self.available_themes:
                self.theme = self._theme_name
            else:
                problems.append(f"No theme named {self._theme_name!r}; using {self.theme}")
        return errors, problems

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app (return code 1), as in Textual; only where the details go differs.

        Textual would print a traceback with local variables (people's names and notes) on the terminal once it
        is restored; `netjournal` writes it to a private crash log instead and says where, on one line.
        """
        if self.crashed_with is None:
            self.crashed_with = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def on_mount(self) -> None:
        self.show_journal_in_header()
        for error in self._theme_file_errors + self._config_problems:
            self.notify(error, severity="error", timeout=15)
        for problem in self._theme_name_problems:
            self.notify(problem, severity="error")
        self.tell_notices()
        self.tell_found_copies()
        waiting = len(self.journal.conflicts())
        if waiting:  # left by `netjournal merge`: the values it kept are in place, the others wait to be looked at
            fields = "1 field" if waiting == 1 else f"{waiting} fields"
            self.notify(f"{fields} changed differently in two merged copies of the journal: C (or `netjournal "
                        "conflicts`) lists the values the merge did not keep", severity="warning", timeout=20)
        self._apply_keymap()
        main = MainScreen(self.journal)
        # The width class the first resize would give the screen: set at that resize instead, it re-styles every
        # widget of the main screen a second time before the first frame (7 ms).
        main.add_class(*breakpoint_classes(self.size.width, self.HORIZONTAL_BREAKPOINTS))
        self.push_screen(main)
        main.call_after_refresh(self._after_first_frame)
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    def on_load(self) -> None:
        # Start-up makes tens of thousands of objects that live as long as the app (widgets, styles, a row for
        # every contact) and little garbage: collecting while it runs cost ~10 ms before the first frame. Paused
        # until the main screen is painted, as Textual pauses it while scrolling (PAUSE_GC_ON_SCROLL).
        self._collector_paused = gc.isenabled()
        gc.disable()

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        self._resume_collector()  # in case the main screen was never painted

    def _after_first_frame(self) -> None:
        self._resume_collector()
        # The other screens' styles: Textual parses just these with the next styling; no widget is re-styled.
        for path in self.LATER_CSS:
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)

    def start_up_done(self) -> None:
        """Every contact row is in the table: what start-up made lives as long as the app.

        Frozen out of the collector's sight, as the loaded journal is: otherwise the next full collections
        walk every widget, style and row again (30-60 ms each, every few seconds at first), and one of them
        lands in the middle of the first save.
        """
        self._resume_collector()
        gc.freeze()
        self._hold_in_less_memory()

    def _hold_in_less_memory(self) -> None:
        """The journal's records into a fifth less memory (core/shared_keys.py), a slice at a time: 25-60 ms each,
        with keys and frames in between, so a journal of 250,000 conversations does not stop the app for 0.7 s."""
        if not self.journal.hold_in_less_memory(at_most=REFILL_SLICE):
            self.set_timer(REFILL_PAUSE, self._hold_in_less_memory)

    def _apply_keymap(self) -> None:
        """config.yaml's keymap, checked against the binding ids that exist; unknown ids are named."""
        if not self.config.keymap:
            return  # checking imports every screen: only worth it when there is a keymap
        from .keys import binding_ids

        known = binding_ids()
        unknown = sorted(set(self.config.keymap) - known)
        if unknown:
            self.notify(f"config: keymap: no binding with id {', '.join(unknown)}; "
                        f"ids are listed in the README", severity="error", timeout=15)
        self.set_keymap({k: v for k, v in self.config.keymap.items() if k in known})

    # --- themes and the command palette ----------------------------------------------------------------

    def action_cycle_theme(self) -> None:
        """The next of netjournal's themes (shipped and your own); remembered for next time."""
        names = self.own_themes or [self.theme]
        following = names[(names.index(self.theme) + 1) % len(names)] if self.theme in names else names[0]
        self.theme = following
        self.notify(f"Theme: {following}")

    def watch_theme(self, name: str) -> None:
        """Any theme chosen while the app runs (t, or the palette's Theme picker) is remembered for next time;
        the one chosen at start-up (--theme, config) is not written back."""
        if not self.is_running:
            return
        try:
            save_ui_state({**load_ui_state(), "theme": name})
        except OSError as error:
            self.notify(f"Theme not remembered: {error}", severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            return
        for title, help_text, action in (
            ("Log a conversation", "who, then ctrl+s", main.action_log),
            ("Add a person", "a new contact", main.action_add_person),
            ("Weekly reflection", "this week's facts and prompts", main.action_reflect),
            ("Rating pass", "rate people 1-4, one key each", main.action_rating_pass),
            ("Search everything", "names, notes, interests, conversations", main.action_search),
            ("Share something", "queue a link or an idea; see who would value it", main.action_share),
            ("Share queue", "pass along value: who would value each item", main.action_value),
            ("Give and take", "one-sided relationships over the last 90 days",
             lambda: main.action_value(tab="balance")),
            ("Introductions", "people who could meet; record an introduction",
             lambda: main.action_value(tab="introductions")),
            ("Record an introduction", "you introduced two people, and why", main.action_introduce),
            ("Critical goals", "up to three, with who could help or hinder", main.action_critical_goals),
            ("Organisations", "clients, partners, stakeholders: who decides, what to act on",
             main.action_organisations),
            ("Month", "this month's review: contacts by organisation and person, events, goals",
             main.action_month),
            ("Copies and conflicts", "merge copies a sync tool left beside the journal; settle what they changed "
             "differently", main.action_copies),
            ("Next theme", "cycle netjournal's themes", self.action_cycle_theme),
            ("Import contacts", "vCard, LinkedIn, Google or plain CSV", self.open_import),
            ("Export the journal", "JSON, Markdown, CSV or vCard", self.open_export),
            ("Export a week", "the week shown in This week, as Markdown: its facts and reflection",
             lambda: self.open_export(one_week=True)),
        ):
            yield SystemCommand(title, help_text, action)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_export(self, one_week: bool = False) -> None:
        from .forms.export_screen import ExportScreen
        from .panes.week import WeekPane

        # The week offered is the one the This week pane shows (the week the person is looking at), else this week.
        shown = [pane.week for s in self.screen_stack if isinstance(s, MainScreen) for pane in s.query(WeekPane)]
        week = shown[0] if shown else week_key(self.journal.today())
        self.push_screen(ExportScreen(self.journal, week, one_week=one_week))

    def open_import(self) -> None:
        from .forms.import_screen import ImportScreen

        self.push_screen(ImportScreen(self.journal), lambda imported: self.refresh_views() if imported else None)

    def open_person(self, contact_id: str) -> None:
        from .screens.person import PersonScreen

        self.push_screen(PersonScreen(self.journal, contact_id))

    def log_with(self, contact_id: str) -> None:
        from .forms.log_form import LogForm

        main = next(s for s in self.screen_stack if isinstance(s, MainScreen))
        self.push_screen(LogForm(self.journal, [self.journal.contact(contact_id)]), main._after_log)

    def record_introduction(self, first: Contact | None = None, second: Contact | None = None) -> None:
        """Record that you introduced two people (from the main screen, a person, or a suggested match)."""
        from .forms.introduction_form import IntroductionForm

        def recorded(made: object) -> None:
            if made is not None:
                self.notify("Introduction recorded: value given to both.")
                self.refresh_views()

        self.push_screen(IntroductionForm(self.journal, first, second), recorded)

    @property
    def prompts(self) -> list[Prompt]:
        """The reflection prompts, read when first needed (after the first frame, not before it)."""
        if self._prompts is None:
            self._prompts, problems = prompts_with_user_file(user_prompts_path())
            for problem in problems:
                self.notify(problem, severity="error", timeout=15)
        return self._prompts

    def action_help_quit(self) -> None:
        """ctrl+c outside a text field: say how to quit. Textual's own hint is markup, which `notify` shows as
        typed (toasts are never markup here), so it would read "Press [b]q[/b]"."""
        quitting = [active.binding for active in self.active_bindings.values()
                    if active.binding.action in ("quit", "app.quit")]
        if quitting:
            shown = min(quitting, key=lambda binding: not binding.show)  # the key the footer shows, if any
            self.notify(f"Press {self.get_key_display(shown)} to quit netjournal.", title="Do you want to quit?")

    def notify(self, message: str, *, markup: bool = False, **options) -> None:  # type: ignore[override]
        """Our messages carry names and file paths: not markup, and their control characters are shown.

        Every toast, from any screen or widget, comes through here.
        """
        if "title" in options:
            options["title"] = visible(str(options["title"]))
        super().notify(visible(str(message), keep_newlines=True), markup=markup, **options)

    def _on_notify(self, event: Notify) -> None:
        """Toasts do not pile up: the same words again replace the toast that says them (the newest stays its full
        time), and a burst keeps the newest few. Errors are never pushed out by the count: they say what went wrong.

        Runs just before Textual's own handler adds the new toast. Textual 8 has no public call to take back one
        toast: `_unnotify` is what a toast's own timer uses.
        """
        new = event.notification
        shown = list(self._notifications)  # oldest first
        same = (new.message, new.title, new.severity)
        gone = [old for old in shown if (old.message, old.title, old.severity) == same]
        kept = [old for old in shown if old not in gone]
        room = MOST_TOASTS - 1  # beside the new one
        gone += [old for old in kept if old.severity != "error"][:max(0, len(kept) - room)]
        for old in gone:
            self._unnotify(old, refresh=False)
            self._remove_toast(old.identity)

    def _remove_toast(self, identity: str) -> None:
        """The toast of a notification taken back, with its holder (Textual's rack would leave an empty holder)."""
        try:
            holders = self.screen.query("ToastHolder")
        except ScreenStackError:
            return
        for holder in holders:
            if holder.id == f"--textual-toast-{identity}":
                holder.remove()

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header of every screen: a person's name, the journal's path, shown with control characters visible."""
        # Textual dims the sub-title, which falls below 4.5:1 in the light themes: the themes' muted text does not.
        if not sub_title:
            return plain(title)
        return styled("$title [$text-muted]— $sub_title[/]", title=title, sub_title=sub_title)

    # --- keeping every view current -------------------------------------------------------------

    def check_for_changes(self) -> None:
        """Redraw when the journal changed: our own saves, or a save by the CLI or a second window."""
        try:
            reloaded = self.journal.refresh()
        except JournalError as error:
            # Said once, not at every poll: the same problem stays until the file is mended.
            if str(error) != self._last_poll_error:
                self._last_poll_error = str(error)
                if not self.offer_unlock_again(error):
                    self.notify(str(error), severity="error", timeout=30)
            return
        finally:
            self.tell_notices()
        self._last_poll_error = ""
        if reloaded:  # another device's version arrived: a sync tool may have left the loser beside it
            self.tell_found_copies()
        if self.journal.encrypted != self._shown_encrypted:  # encrypted or decrypted by `netjournal` meanwhile
            self.show_journal_in_header()
        day = self.journal.today()
        if self.journal.revision != self._seen_revision or day != self._seen_day:
            self._seen_day = day  # after midnight "today", "due" and "this week" all move on
            self.refresh_views()

    def offer_unlock_again(self, error: JournalError) -> bool:
        """Another netjournal encrypted the journal (anew) while this one had it open: ask for the passphrase it
        has now rather than stop saving. True when the dialog was shown (or is showing already)."""
        from ..core.crypto import EncryptedJournal
        from .forms.conflict import encrypted_meanwhile
        from .forms.unlock_again import UnlockAgainScreen

        if not (isinstance(error, EncryptedJournal) and error.while_open):
            return False
        if any(isinstance(screen, UnlockAgainScreen) for screen in self.screen_stack):
            return True

        def answered(carried_on: bool | None) -> None:
            if carried_on:
                self._last_poll_error = ""
                self.show_journal_in_header()
                self.refresh_views()
                self.notify("Unlocked again: carrying on")
            else:
                self.notify(f"{error}", severity="error", timeout=30)

        self.push_screen(UnlockAgainScreen(self.journal, encrypted_meanwhile(error)), answered)
        return True

    def tell_found_copies(self) -> None:
        """Say once per copy that a sync tool (or netjournal) left another copy of the journal beside it."""
        new = [copy for copy in self.journal.found_copies() if copy not in self._told_copies]
        if not new:
            return
        self._told_copies.update(new)
        names = ", ".join(copy.name for copy in new[:3]) + (f" and {len(new) - 3} more" if len(new) > 3 else "")
        copies = "Another copy" if len(new) == 1 else f"{len(new)} other copies"
        self.notify(f"{copies} of the journal beside it, changed apart on another device: {names}. "
                    "C shows what merging would change and merges them (or `netjournal merge --found`)",
                    severity="warning", timeout=30)

    def show_journal_in_header(self) -> None:
        """The journal's path in the header, and that it is encrypted when it is."""
        self._shown_encrypted = self.journal.encrypted
        self.sub_title = str(self.journal.path) + (" · encrypted" if self._shown_encrypted else "")

    def tell_notices(self) -> None:
        """Say once what the storage did on the person's behalf (a conflict copy kept, a file made private)."""
        for notice in self.journal.take_notices():
            self.notify(notice, severity="warning", timeout=60)

    def kept_screen(self, name: str, make: Callable[[], Screen]) -> Screen:
        """A screen made once and kept installed, for the views opened many times a day (M, O).

        Composing a screen with its tables and applying its styles costs more than drawing its data: kept, it
        opens again in about half the time (bench/month_bench.py). It redraws itself on resume when the journal
        or the day moved on since it was drawn.
        """
        if not self.is_screen_installed(name):
            self.install_screen(make(), name)
        return self.get_screen(name)

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
