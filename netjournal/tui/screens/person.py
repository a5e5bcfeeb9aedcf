"""One person: details, free information, roles, rating history, reciprocity and the conversation timeline."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Sparkline, Static

from ...insights.facts import due_state, reciprocity
from ...insights.value import BALANCE_DAYS, balances
from ...core.journal import Journal
from ...core.model import Contact
from ...core.errors import JournalError
from ..forms.confirm import ConfirmScreen, TypeToConfirmScreen
from ..forms.contact_form import ContactForm
from ..forms.log_form import CHANNEL_LABELS, LogForm
from ..panes.contacts import RATING_WORDS, when
from ..text import cell, join_lines, styled


class PersonScreen(Screen[None]):
    CSS_PATH = "person.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="person-back"),
        Binding("l", "log", "Log", id="person-log"),
        Binding("e", "edit", "Edit", id="person-edit"),
        Binding("x", "archive", "Archive", id="person-archive"),
        Binding("delete", "delete_interaction", "Delete talk", id="person-delete-interaction"),
        Binding("i", "introduce", "Introduce", id="person-introduce"),
        Binding("F", "forget", "Forget", id="person-forget"),
    ]

    def __init__(self, journal: Journal, contact_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.contact_id = contact_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-details", can_focus=True):
                yield Static(id="person-card")
                yield Label("Rating history", classes="section-title")
                yield Sparkline([], id="person-ratings")
                yield Static(id="person-rating-list")
            with Vertical(id="person-timeline-box"):
                yield Label("Conversations (enter corrects one, delete removes it)", classes="section-title")
                table: DataTable = DataTable(id="person-timeline", cursor_type="row", zebra_stripes=True)
                table.add_column("Date", key="date", width=10)
                table.add_column("How", key="how", width=9)
                table.add_column("Kind", key="kind", width=14)
                table.add_column("Who started", key="started", width=11)
                table.add_column("About", key="about")
                yield table
        yield Footer()

    def on_mount(self) -> None:
        self.gone = False
        self.show_data()

    def on_screen_resume(self) -> None:
        if self.gone:
            self.app.pop_screen()
            self.app.notify("That person was forgotten in another window.")
        self.query_one("#person-timeline", DataTable).focus()

    @property
    def contact(self) -> Contact:
        return self.journal.contact(self.contact_id)

    def show_data(self) -> None:
        try:
            person = self.contact
        except JournalError:  # forgotten elsewhere (another window, the CLI)
            self.gone = True
            if self.app.screen is self:
                self.app.pop_screen()
                self.app.notify("That person was forgotten in another window.")
            return  # a form is open over this screen: it goes when the form closes (on_screen_resume)
        journal = self.journal
        today = journal.today()
        talks = journal.interactions(person.id)
        self.title = person.name
        self.sub_title = " · ".join(part for part in (person.title, person.org) if part)
        names = {c.id: c.name for c in journal.contacts(include_archived=True)}
        role_names = {r.id: r.name for r in journal.roles}
        state = due_state(person, talks[0].date if talks else None, today)
        lines: list = [styled("[b]$name[/]" + (" [$warning]★ key influencer[/]" if person.key_influencer else "")
                              + (" [dim](archived)[/]" if person.archived else ""), name=person.name)]
        for label, value in (("Org", person.org), ("Title", person.title), ("Email", person.email),
                             ("Phone", person.phone)):
            if value:
                lines.append(f"{label}: {value}")
        placement = " · ".join(v for v in (person.side, person.level, person.network) if v)
        if placement:
            lines.append(f"Place: {placement}")
        if person.cadence_days:
            due = state.due_on
            if due and due <= today:
                lines.append(styled(f"Keep in touch every {person.cadence_days} days: [$warning]due now[/]"))
            else:
                lines.append(f"Keep in touch every {person.cadence_days} days: next by {due}")
        lines.append(f"Last contact: {when(state.last_contact, today)}")
        if person.how_met:
            lines.append(f"How you met: {person.how_met}")
        if person.introduced_by:
            lines.append(f"Introduced by: {names.get(person.introduced_by, '?')}")
        introduced = [c.name for c in journal.contacts(include_archived=True) if c.introduced_by == person.id]
        if introduced:
            lines.append(f"Introduced you to: {', '.join(introduced)}")
        for made in (t for t in talks if t.kind == "introduction"):
            other = ", ".join(names.get(i, "?") for i in made.with_ if i != person.id)
            lines.append(styled("You introduced them to $other ($day): $because", other=other, day=made.date,
                                because=made.topics))
        if person.needs:
            lines.append(f"Looking for: {person.needs}")
        roles = ", ".join(role_names.get(r, r) for r in person.roles)
        lines.append(styled("Roles: $roles", roles=roles) if roles else styled("Roles: [dim]none[/]"))
        lines.append(f"Interests: {', '.join(person.tags)}" if person.tags else styled("Interests: [dim]none noted[/]"))
        lines.append("")
        lines.append(styled("[b]Free information[/]"))
        lines.append(person.notes if person.notes else styled("[dim]Nothing noted yet: press e to add[/]"))
        lines.append("")
        figures = reciprocity(talks, person.id)
        flag = " [$warning](one-sided?)[/]" if figures.one_sided else ""
        lines.append(styled(f"[b]Reciprocity[/]: $figures{flag}", figures=figures.describe()))
        balance = balances(talks, today).get(person.id)
        if balance is not None:
            lines.append(f"Last {BALANCE_DAYS} days: value passed to them {balance.gave}, to you {balance.got}; "
                         f"conversations started by you {balance.you_started}, by them {balance.they_started}")
            lean = balance.lean()
            if lean:
                lines.append(styled("[$warning]$pattern[/]: [dim]$suggestion[/]", pattern=lean[0], suggestion=lean[1]))
        passed = [(p.date, share.title) for share in journal.shares() for p in share.passed
                  if p.contact_id == person.id]
        if passed:
            lines.append("Passed on to them: " + "; ".join(f"{title} ({day})" for day, title in sorted(passed)[::-1]))
        if talks and talks[0].next_time:
            lines.append(styled("[b]Next time[/] (planned $day): $plan", day=talks[0].date, plan=talks[0].next_time))
        self.query_one("#person-card", Static).update(join_lines(lines))

        ratings = journal.ratings(person.id)
        self.query_one("#person-ratings", Sparkline).data = [r.score for r in ratings] or [0]
        self.query_one("#person-ratings", Sparkline).display = len(ratings) >= 2
        history = [f"{r.date}  {RATING_WORDS.get(r.score, r.score)}" + (f" · improve by {r.improve_by}" if r.improve_by
                                                                           else "") for r in reversed(ratings)]
        self.query_one("#person-rating-list", Static).update(
            join_lines(history) if history else styled("[dim]Not rated yet[/]"))

        table = self.query_one("#person-timeline", DataTable)
        selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        table.clear()
        for talk in talks:
            others = [names.get(i, "?") for i in talk.with_ if i != person.id]
            about = talk.gave if talk.kind == "share" else talk.topics or talk.learned or talk.gave or ""
            if others:
                about = f"(with {', '.join(others)}) {about}"
            kind = ("business" if talk.business else "non-business") + (", formal" if talk.formal else "")
            if talk.kind != "conversation":
                kind = {"share": "passed on", "introduction": "introduction"}[talk.kind]
            table.add_row(Text(talk.date), Text(CHANNEL_LABELS[talk.channel]), Text(kind),
                          Text("they" if talk.initiated_by == "them" else "you"), cell(about), key=talk.id)
        if selected and selected in {t.id for t in talks}:
            table.move_cursor(row=table.get_row_index(selected), animate=False)

    @property
    def selected_interaction_id(self) -> str | None:
        table = self.query_one("#person-timeline", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing to act on once the person is gone."""
        return not getattr(self, "gone", False) or action == "app.pop_screen"

    def _after_change(self, result: object) -> None:
        if result is not None:
            self.app.refresh_views()

    def action_log(self) -> None:
        self.app.push_screen(LogForm(self.journal, [self.contact]), self._after_change)

    def action_edit(self) -> None:
        self.app.push_screen(ContactForm(self.journal, self.contact), self._after_change)

    @on(DataTable.RowSelected, "#person-timeline")
    def _edit_interaction(self, event: DataTable.RowSelected) -> None:
        event.stop()
        talk = self.journal.interaction(event.row_key.value)
        self.app.push_screen(LogForm(self.journal, interaction=talk), self._after_change)

    def action_delete_interaction(self) -> None:
        talk_id = self.selected_interaction_id
        if talk_id is None:
            return
        talk = self.journal.interaction(talk_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.journal.delete_interaction(talk_id)
                self.app.notify(f"Deleted the conversation of {talk.date}")
                self.app.refresh_views()

        if talk.kind == "share":
            question = (f"Delete the note that you passed on {talk.gave} on {talk.date}? The item goes back to "
                        "not passed on to them. This cannot be undone.")
        elif talk.kind == "introduction":
            question = f"Delete the introduction of {talk.date} ({talk.topics})? This cannot be undone."
        else:
            question = (f"Delete the conversation of {talk.date} ({talk.topics or 'no topic noted'})? "
                        "This cannot be undone.")
        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def action_introduce(self) -> None:
        self.app.record_introduction(self.contact)  # type: ignore[attr-defined]

    def action_archive(self) -> None:
        person = self.contact
        self.app.archive(person.id, not person.archived)

    def action_forget(self) -> None:
        person = self.contact

        def answered(yes: bool | None) -> None:
            if yes:
                self.journal.forget_contact(person.id)
                self.app.pop_screen()
                self.app.notify(f"Forgot {person.name} and every mention of them. Today's backup still has them "
                                "for seven days.")
                self.app.refresh_views()

        self.app.push_screen(TypeToConfirmScreen(
            f"Forget {person.name} for good? This removes them, their ratings and goals, and conversations "
            "with nobody else; they are taken out of shared conversations.", person.name), answered)
