"""One person: details, free information, what you learned, the value each way, rating history, reciprocity and
the conversation timeline. The facts come from `reports.person`, which `netjournal show` prints too."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ...core.journal import Journal
from ...core.model import Contact
from ...core.errors import JournalError
from ...reports.person import PersonView, Talk, entry_sections, one_line, person_view
from ...reports.today import due_words
from ..forms.confirm import ConfirmScreen, TypeToConfirmScreen
from ..forms.contact_form import ContactForm
from ..forms.log_form import LogForm
from ..text import cell, join_lines, styled

TIMELINE_COLUMNS = (("date", "Date"), ("how", "How"), ("kind", "Kind"), ("started", "Started"), ("about", "About"))
ABOUT_AT_LEAST = 20  # narrower, About says too little: the table scrolls sideways instead (not at 80 columns)
# What the card says where a list (learned, given, received) is still empty: where its lines come from.
EMPTY_LISTS = (
    "Nothing yet: note it when you log a conversation (l)",
    "Nothing yet: log what you pass along (l) or introduce them to someone (i)",
    "Nothing yet: log what they pass to you (l)",
)


def card_lines(view: PersonView) -> list[Content | str]:
    """The details column: who they are, what you know of them, what went each way, and the next step."""
    person = view.contact
    lines: list[Content | str] = [
        styled("[b]$name[/]" + (" [$warning]★ key influencer[/]" if person.key_influencer else "")
               + (" [$text-muted](archived)[/]" if person.archived else ""), name=person.name)]
    for fact in view.details():
        tone = {"warning": "[$warning]", "dim": "[$text-muted]"}.get(fact.tone, "")
        lines.append(styled(f"$label: {tone}$text" + ("[/]" if tone else ""), label=fact.label, text=fact.text))
    lines += ["", styled("[b]Free information[/]"),
              person.notes if person.notes else styled("[$text-muted]Nothing noted yet: press e to add[/]")]
    for (title, entries), empty in zip(entry_sections(view), EMPTY_LISTS):
        lines += ["", styled("[b]$title[/]", title=title)]
        lines += [f"{entry.date}  {one_line(entry.text)}" if entry.date else one_line(entry.text)
                  for entry in entries] or [styled("[$text-muted]$empty[/]", empty=empty)]
    lines.append("")
    flag = " [$warning](one-sided?)[/]" if view.reciprocity.one_sided else ""
    lines.append(styled(f"[b]Reciprocity[/]: $figures{flag}", figures=view.reciprocity.describe()))
    balance = view.balance_line()
    if balance:
        lines.append(balance)
        lean = view.balance.lean() if view.balance else None
        if lean:
            lines.append(styled("[$warning]$pattern[/]: [$text-muted]$suggestion[/]", pattern=lean[0], suggestion=lean[1]))
    if view.next_time:
        lines.append(styled("[b]Next time[/] (planned $day): $plan", day=view.next_time.date,
                            plan=view.next_time.text))
    return lines


def about_cell(talk: Talk) -> Text:
    """What a conversation was about, then what was learned and the value each way, labels in bold; one line,
    cut with an ellipsis where the column ends (the card lists them in full)."""
    text = cell(talk.about)
    for label, value in talk.extras:
        text += cell(" · " if text.plain else "") + cell(f"{label}: ", "bold") + cell(value)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def timeline_widths(talks: Sequence[Talk], room: int, padding: int) -> list[int]:
    """Column widths: Date, How, Kind and Started as wide as what they hold, About the rest of the room (never
    so little that it says nothing: on a narrow terminal the table scrolls sideways a little instead)."""
    columns = [[label] for _, label in TIMELINE_COLUMNS[:-1]]
    for talk in talks:
        for column, value in zip(columns, (talk.date, talk.how, talk.kind_text, talk.started)):
            column.append(value)
    widths = [max(map(cell_len, column)) for column in columns]
    return widths + [max(room - sum(widths) - padding * 2 * len(TIMELINE_COLUMNS), ABOUT_AT_LEAST)]


class TimelineTable(DataTable):
    """The timeline's table: when its width changes, the screen fits its columns to the new width."""

    fitted_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.fitted_width:
            self.fitted_width = event.size.width
            self.screen.fill_timeline()  # type: ignore[attr-defined]


class FollowUpList(OptionList):
    """A person's follow-ups, open first: d done, n snooze, delete drops (after asking)."""

    BINDINGS = [
        Binding("d", "done", "Done", id="person-follow-up-done"),
        Binding("n", "snooze", "Snooze", id="person-follow-up-snooze"),
        Binding("delete", "drop", "Drop", id="person-follow-up-drop"),
    ]

    def _chosen(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_done(self) -> None:
        from ..forms.follow_up_form import mark_done

        chosen = self._chosen()
        if chosen:
            mark_done(self.app, self.screen.journal, chosen)  # type: ignore[attr-defined]

    def action_snooze(self) -> None:
        from ..forms.follow_up_form import snooze

        chosen = self._chosen()
        if chosen:
            snooze(self.app, self.screen.journal, chosen)  # type: ignore[attr-defined]

    def action_drop(self) -> None:
        from ..forms.follow_up_form import drop

        chosen = self._chosen()
        if chosen:
            drop(self.app, self.screen.journal, chosen)  # type: ignore[attr-defined]


class PersonScreen(Screen[None]):
    CSS_PATH = "person.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="person-back"),
        Binding("l", "log", "Log", id="person-log"),
        Binding("e", "edit", "Edit", id="person-edit"),
        Binding("f", "follow_up", "Follow-up", id="person-follow-up"),
        Binding("x", "archive", "Archive", id="person-archive"),
        Binding("delete", "delete_interaction", "Delete talk", id="person-delete-interaction"),
        Binding("i", "introduce", "Introduce", id="person-introduce"),
        Binding("k", "link", "Link", id="person-link"),
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
                yield Label("Follow-ups (f adds; d done, n snooze, delete drops)", classes="section-title")
                yield FollowUpList(id="person-follow-ups")
                yield Label("Rating history", classes="section-title")
                yield Sparkline([], id="person-ratings")
                yield Static(id="person-rating-list")
            with Vertical(id="person-timeline-box"):
                yield Label("Conversations (enter corrects one, delete removes it)", classes="section-title")
                table = TimelineTable(id="person-timeline", cursor_type="row", zebra_stripes=True)
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
            view = person_view(self.journal, self.contact_id)
        except JournalError:  # forgotten elsewhere (another window, the CLI)
            self.gone = True
            if self.app.screen is self:
                self.app.pop_screen()
                self.app.notify("That person was forgotten in another window.")
            return  # a form is open over this screen: it goes when the form closes (on_screen_resume)
        person = view.contact
        self.title = person.name
        self.sub_title = view.subtitle
        self.query_one("#person-card", Static).update(join_lines(card_lines(view)))

        ratings = view.ratings
        self.query_one("#person-ratings", Sparkline).data = [r.score for r in ratings] or [0]
        self.query_one("#person-ratings", Sparkline).display = len(ratings) >= 2
        history = view.rating_lines()
        self.query_one("#person-rating-list", Static).update(
            join_lines(history) if history else styled("[$text-muted]Not rated yet[/]"))
        self.view = view
        self.fill_follow_ups()
        self.fill_timeline()

    def fill_follow_ups(self) -> None:
        """Open ones first (soonest due), then those done; the cursor stays on the follow-up it was on."""
        today = self.journal.today()
        options = self.query_one("#person-follow-ups", FollowUpList)
        was = options._chosen()
        options.clear_options()
        follow_ups = self.journal.follow_ups(self.contact_id, include_done=True)
        for follow_up in follow_ups:
            words = due_words(follow_up, today)
            late = follow_up.open and words.startswith("overdue")
            tone = "$warning" if late else "$text-muted" if not follow_up.open else ""
            mark = "✓ " if not follow_up.open else "· "
            template = f"[{tone}]{mark}$what ($when)[/]" if tone else f"{mark}$what ($when)"
            options.add_option(Option(styled(template, what=follow_up.what, when=words), id=follow_up.id))
        if not follow_ups:
            options.add_option(Option(styled("[$text-muted]None: f adds one[/]"), disabled=True))
        elif was is not None and was in {f.id for f in follow_ups}:
            options.highlighted = options.get_option_index(was)
        else:
            options.highlighted = 0

    def fill_timeline(self) -> None:
        """The conversations, newest first, in columns as wide as the table allows (again when it is resized)."""
        view: PersonView | None = getattr(self, "view", None)
        if view is None:
            return
        table = self.query_one("#person-timeline", DataTable)
        selected = self.selected_interaction_id
        table.clear(columns=True)
        # Room for the scrollbar only when the rows (and the header) will need one.
        scrollbar = table.styles.scrollbar_size_vertical if len(view.timeline) + 1 > table.size.height else 0
        widths = timeline_widths(view.timeline, table.size.width - scrollbar, table.cell_padding)
        for (key, label), width in zip(TIMELINE_COLUMNS, widths):
            table.add_column(label, key=key, width=width)
        for talk in view.timeline:
            table.add_row(cell(talk.date), cell(talk.how), cell(talk.kind_text), cell(talk.started),
                          about_cell(talk), key=talk.id)
        if selected and selected in {t.id for t in view.timeline}:
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

    def action_follow_up(self) -> None:
        from ..forms.follow_up_form import add_follow_up

        add_follow_up(self.app, self.journal, self.contact)

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

    def action_link(self) -> None:
        """k: how they stand to someone else (reports to, influences, works with, family, knows)."""
        from ..forms.link_form import LinkForm

        def linked(link: object) -> None:
            if link is not None:
                self.app.notify("Link kept")
                self.app.refresh_views()

        self.app.push_screen(LinkForm(self.journal, self.contact), linked)

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
