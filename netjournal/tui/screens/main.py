"""The main screen: four panes in a grid, and the keys that work from anywhere on it."""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Footer, Header

from ...core.journal import Journal
from ..panes.base import Pane
from ..panes.contacts import ContactsPane
from ..panes.prompts import PromptsPane
from ..panes.roles import RoleMapPane
from ..panes.today import TodayPane
from ..panes.week import WeekPane

# The forms and the person and search screens are imported when first opened: start-up is a feature.


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("1", "focus_pane('contacts')", "Contacts", id="focus-contacts", show=False),
        Binding("2", "focus_pane('week')", "Week", id="focus-week", show=False),
        Binding("3", "focus_pane('prompts')", "Prompts", id="focus-prompts", show=False),
        Binding("4", "focus_pane('roles')", "Roles", id="focus-roles", show=False),
        Binding("5", "focus_pane('today')", "Today", id="focus-today", show=False),
        Binding("l", "log", "Log", id="log-interaction"),
        Binding("a", "add_person", "Add person", id="add-person"),
        Binding("f", "follow_up", "Follow-up", id="add-follow-up"),
        Binding("u", "undo_archive", "Undo archive", id="undo-archive", show=False),
        Binding("w", "reflect", "Reflect", id="weekly-reflection"),
        Binding("r", "rating_pass", "Rate", id="rating-pass"),
        Binding("s", "share", "Share", id="share-item"),
        Binding("v", "value", "Give", id="value-screen"),
        Binding("O", "organisations", "Organisations", id="organisations-screen", show=False),
        Binding("M", "month", "Month", id="month-screen", show=False),
        Binding("C", "copies", "Copies", id="copies-screen", show=False),
        Binding("ctrl+f", "search", "Search", id="search"),
        Binding("z", "toggle_maximize", "Zoom", id="maximize"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="panes"):
            yield ContactsPane(self.journal, id="contacts")
            yield TodayPane(self.journal, id="today")  # beside Contacts: the grid places panes in this order
            yield WeekPane(self.journal, id="week")
            yield PromptsPane(self.journal, id="prompts")
            yield RoleMapPane(self.journal, id="roles")
        yield Footer()

    def on_mount(self) -> None:
        self.action_focus_pane("contacts")

    def show_data(self) -> None:
        for pane in self.query(Pane):
            pane.show_data()

    @property
    def contacts_pane(self) -> ContactsPane:
        return self.query_one(ContactsPane)

    # --- actions ------------------------------------------------------------------------------

    def action_focus_pane(self, pane_id: str) -> None:
        if self.maximized is not None:
            self.minimize()
        self.query_one(f"#{pane_id}", Pane).focus_first()

    def action_toggle_maximize(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        pane = next((node for node in (self.focused, *(self.focused.ancestors if self.focused else ()))
                     if isinstance(node, Pane)), None)
        if pane is not None:
            self.maximize(pane, container=False)

    def action_log(self) -> None:
        """Log a conversation; the person selected in the Contacts pane, or of the This week goal under the
        cursor, is filled in."""
        from ..forms.log_form import LogForm

        self.app.push_screen(LogForm(self.journal, self._selected_people()), self._after_log)

    def _selected_people(self) -> list:
        """The person under the cursor in the pane that has the focus (Contacts, This week, Today), if any."""
        people = []
        within = self.focused.ancestors if self.focused is not None else []
        for pane in (self.contacts_pane, self.query_one(WeekPane), self.query_one(TodayPane)):
            selected = pane.selected_contact_id if pane in within else None
            if selected:
                people = [self.journal.contact(selected)]
        return people

    def action_follow_up(self) -> None:
        """f: a follow-up, for the person under the cursor if there is one."""
        from ..forms.follow_up_form import add_follow_up

        people = self._selected_people()
        add_follow_up(self.app, self.journal, people[0] if people else None)

    def _after_log(self, result: object) -> None:
        if result is not None:
            self.app.notify("Conversation logged")
            self.app.refresh_views()

    def action_add_person(self) -> None:
        from ..forms.contact_form import ContactForm

        def added(contact: object) -> None:
            if contact is not None:
                self.app.refresh_views()
                self.contacts_pane.select(contact.id)  # type: ignore[attr-defined]
                self.app.notify(f"Added {contact.name}")  # type: ignore[attr-defined]

        self.app.push_screen(ContactForm(self.journal), added)

    def action_search(self) -> None:
        from .search import SHARE_PREFIX, SearchScreen

        def chosen(found: str | None) -> None:  # a person found opens over the search (escape returns to it)
            if found and found.startswith(SHARE_PREFIX):
                self.action_value(share_id=found.removeprefix(SHARE_PREFIX))

        self.app.push_screen(SearchScreen(self.journal), chosen)

    def action_share(self) -> None:
        """s: keep something worth passing on; then see who would value it."""
        from ..forms.share_form import ShareForm

        def added(share: object) -> None:
            if share is not None:
                self.app.refresh_views()
                self.action_value(share_id=share.id)  # type: ignore[attr-defined]

        self.app.push_screen(ShareForm(self.journal), added)

    def action_value(self, tab: str = "queue", share_id: str | None = None) -> None:
        """v: the share queue, the give and take of each relationship, introductions to make."""
        from textual.screen import ModalScreen

        from .value import ValueScreen

        stack = self.app.screen_stack
        open_at = next((n for n, screen in enumerate(stack) if isinstance(screen, ValueScreen)), None)
        if open_at is None:
            self.app.push_screen(ValueScreen(self.journal, tab=tab, share_id=share_id))
            return
        above = stack[open_at + 1:]
        if any(isinstance(screen, ModalScreen) for screen in above):
            self.app.notify("The share queue is open under a form: finish the form first.")
            return
        for _ in above:  # views only (a person opened from it): nothing typed is lost
            self.app.pop_screen()
        stack[open_at].show(tab, share_id)  # type: ignore[attr-defined]

    def action_organisations(self) -> None:
        """O: organisations by rank, with the flags to act on; one opens with enter."""
        from .organisations import OrganisationsScreen

        if not self._already_open(OrganisationsScreen):
            screen = self.app.kept_screen("organisations", lambda: OrganisationsScreen(self.journal))
            screen.reopen()  # type: ignore[attr-defined]
            self.app.push_screen(screen)

    def action_month(self) -> None:
        """M: this month's review: contacts by organisation and person against last month, events, goals."""
        from .month import MonthScreen

        if not self._already_open(MonthScreen):
            screen = self.app.kept_screen("month", lambda: MonthScreen(self.journal))
            screen.reopen()  # type: ignore[attr-defined]
            self.app.push_screen(screen)

    def action_copies(self) -> None:
        """C: other copies of the journal beside it to merge, and the fields merges left to look at."""
        from .copies import CopiesScreen

        if not self._already_open(CopiesScreen):
            self.app.push_screen(CopiesScreen(self.journal))

    def action_critical_goals(self) -> None:
        from ..forms.focus_goals_form import FocusGoalsForm

        self.app.push_screen(FocusGoalsForm(self.journal), lambda saved: self.app.refresh_views() if saved else None)

    def action_introduce(self) -> None:
        self.app.record_introduction()  # type: ignore[attr-defined]

    def action_undo_archive(self) -> None:
        self.app.undo_archive()

    @on(Pane.RolesRequested)
    def _assign_roles(self, message: Pane.RolesRequested) -> None:
        from ..forms.role_picker import RolePicker

        from ..forms.conflict import save_or_ask

        person = self.journal.contact(message.contact_id)  # as the picker loads them: the base of the edit

        def chosen(roles: list[str] | None) -> None:
            if roles is None:
                return
            # Roles merge one by one with any saved meanwhile; the rest of the person is never the picker's.
            save_or_ask(self.app, self.journal,
                        lambda: self.journal.edit_contact(person, dataclasses.replace(person, roles=roles)),
                        saved=lambda _: self.app.refresh_views(),
                        failed=lambda error: self.app.notify(f"Roles not saved: {error}", severity="error",
                                                             timeout=20))

        self.app.push_screen(RolePicker(person, self.journal.roles), chosen)

    @on(Pane.PersonChosen)
    def _person_chosen(self, message: Pane.PersonChosen) -> None:
        from ..forms.contact_form import ContactForm
        from .person import PersonScreen

        if message.edit:
            self.app.push_screen(ContactForm(self.journal, self.journal.contact(message.contact_id)),
                                 lambda result: self.app.refresh_views() if result else None)
        else:
            self.app.push_screen(PersonScreen(self.journal, message.contact_id))

    def _already_open(self, kind: type) -> bool:
        """A second reflection or rating pass over the first would write over it (the palette can ask)."""
        if any(isinstance(screen, kind) for screen in self.app.screen_stack):
            self.app.notify("That is already open: escape back to it.")
            return True
        return False

    def action_rating_pass(self) -> None:
        from .rating_pass import RatingPassScreen

        if not self._already_open(RatingPassScreen):
            self.app.push_screen(RatingPassScreen(self.journal))

    def action_reflect(self, prompt_id: str | None = None) -> None:
        from .reflection import ReflectionScreen

        if not self._already_open(ReflectionScreen):
            skip = self.query_one(PromptsPane).skip  # the prompts the pane shows, n presses included
            self.app.push_screen(ReflectionScreen(self.journal, prompt_id=prompt_id, skip=skip))

    @on(PromptsPane.ReflectRequested)
    def _reflect_at(self, message: PromptsPane.ReflectRequested) -> None:
        self.action_reflect(message.prompt_id)

    @on(RoleMapPane.GoalsRequested)
    def _edit_goals(self) -> None:
        self.action_critical_goals()

    @on(WeekPane.LogRequested)
    def _log_goal(self, message: WeekPane.LogRequested) -> None:
        from ..forms.log_form import LogForm

        self.app.push_screen(LogForm(self.journal, [self.journal.contact(message.contact_id)]), self._after_log)

    @on(TodayPane.LogRequested)
    def _log_from_today(self, message: TodayPane.LogRequested) -> None:
        """A person's line logs a conversation with them; a meeting's, the meeting itself: its people, title,
        channel and formality filled in, and its calendar event kept on the conversation so it leaves Today."""
        from ...core.model import Interaction
        from ..forms.log_form import LogForm

        meeting = next((m for m in self.journal.meetings() if m.id == message.meeting_id), None) \
            if message.meeting_id else None
        if meeting is None:
            if message.contact_id:
                self.app.push_screen(LogForm(self.journal, [self.journal.contact(message.contact_id)],
                                             tick=message.follow_up_id), self._after_log)
            return
        known = {c.id: c for c in self.journal.contacts(include_archived=True)}
        people = [known[i] for i in meeting.with_ if i in known]
        prefill = Interaction(date=self.journal.today(), with_=[p.id for p in people], topics=meeting.title,
                              channel=meeting.channel, formal=meeting.formal, business=True, event=meeting.event)
        self.app.push_screen(LogForm(self.journal, people, prefill=prefill), self._after_log)

    @on(ContactsPane.Filled)
    def _start_up_done(self) -> None:
        self.app.start_up_done()  # type: ignore[attr-defined]

    @on(ContactsPane.ArchiveRequested)
    def _archive(self, message: ContactsPane.ArchiveRequested) -> None:
        self.app.archive(message.contact_id, True)
