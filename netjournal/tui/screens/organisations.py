"""Organisations: the list by rank with the flags to act on (`O` from the main screen), and one organisation's
view: what it is for and needs, the issues it raised, the themes heard there lately, the plan, its people
(decision makers first, with who influences whom) and every conversation with anyone there. The facts come from
`insights.organisations` and `reports.organisations`, which `netjournal org list` and `org show` print too."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from ...core.errors import JournalError
from ...core.journal import Journal
from ...insights.facts import ago
from ...insights.organisations import FLAG_HELP, FLAG_SHORT, OrgSummary, org_summaries
from ...reports.organisations import (THEMES_EMPTY, THEMES_TITLE, OrgView, how_words, involvement_words,
                                      month_words, org_view, theme_sources_words)
from ...reports.person import one_line, score_words
from ..tables import FitTable, refill, row_key
from ..text import cell, join_lines, styled


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class OrganisationsScreen(Screen[None]):
    CSS_PATH = "organisations.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="organisations-back"),
        Binding("a", "add", "Add", id="organisations-add"),
        Binding("e", "edit", "Edit", id="organisations-edit"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.summaries: dict[str, OrgSummary] = {}
        self._drawn: tuple[int, date] | None = None  # the journal's revision and the day drawn

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="organisations-box"):
            yield Label("By rank · Month: formal/informal talks this month · enter opens, a adds, e edits",
                        classes="section-title")
            table = FitTable(id="organisations-table", stretch={"name": 16, "kind": 8, "flags": 10},
                             cursor_type="row", zebra_stripes=True)
            for label, key, width in (("Organisation", "name", 16), ("Rank", "rank", 4), ("Kind", "kind", 8),
                                      ("People", "people", 6), ("Last", "last", 8), ("Month", "month", 5),
                                      ("Flags", "flags", 10)):
                table.add_column(label, key=key, width=width)
            yield table
        yield Static(id="organisation-flags")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Organisations"
        self.show_data()
        self.query_one("#organisations-table", DataTable).focus()

    def reopen(self) -> None:
        """Opened again from the main screen (the screen is kept): the table focused, from the top."""
        if self.is_mounted:
            table = self.query_one("#organisations-table", DataTable)
            table.move_cursor(row=0, animate=False)
            table.focus()

    def on_screen_resume(self) -> None:
        """Back from an organisation or a form, or opened again: redraw if the journal or the day moved on."""
        if self._drawn != (self.journal.revision, self.journal.today()):
            self.show_data()

    def show_data(self) -> None:
        today = self.journal.today()
        self._drawn = (self.journal.revision, today)
        summaries = org_summaries(self.journal, today)
        self.summaries = {s.organisation.id: s for s in summaries}
        rows = [(s.organisation.id, (
            cell(one_line(s.organisation.name)), cell(s.organisation.rank or ""),
            cell(s.organisation.kind.replace("_", " ")), cell(len(s.people)), cell(ago(_day(s.last_contact), today)),
            cell(f"{s.formal_this_month}/{s.informal_this_month}"),
            cell(", ".join(FLAG_SHORT[flag] for flag in s.flags), "bold" if s.flags else "")))
            for s in summaries]
        table = self.query_one("#organisations-table", FitTable)
        refill(table, rows)
        self.sub_title = f"{len(summaries)} organisation{'s' * (len(summaries) != 1)}"
        self._explain()

    @on(DataTable.RowHighlighted, "#organisations-table")
    def _explain(self) -> None:
        """Under the table, what the highlighted organisation's flags ask of the person."""
        summary = self.summaries.get(row_key(self.query_one("#organisations-table", DataTable)) or "")
        if summary is None:
            text: Content = styled("[$text-muted]No organisations yet: a adds one; people's organisations "
                                   "appear here as you add them[/]")
        elif not summary.flags:
            text = styled("[$text-muted]$name: nothing to act on[/]", name=summary.organisation.name)
        else:
            text = join_lines([styled("[b]$flag[/]: $help", flag=flag, help=FLAG_HELP[flag])
                               for flag in summary.flags])
        self.query_one("#organisation-flags", Static).update(text)

    @on(DataTable.RowSelected, "#organisations-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        open_organisation(self.app, self.journal, event.row_key.value)

    def action_add(self) -> None:
        from ..forms.organisation_form import OrganisationForm

        def added(organisation: object) -> None:
            if organisation is not None:
                self.app.refresh_views()
                self.app.notify(f"Added {organisation.name}")  # type: ignore[attr-defined]

        self.app.push_screen(OrganisationForm(self.journal), added)

    def action_edit(self) -> None:
        from ..forms.organisation_form import OrganisationForm

        chosen = row_key(self.query_one("#organisations-table", DataTable))
        if chosen is None:
            return
        self.app.push_screen(OrganisationForm(self.journal, self.journal.organisation(chosen)),
                             lambda saved: self.app.refresh_views() if saved else None)


def card_lines(view: OrgView) -> list[Content | str]:
    """The details column: what the organisation is, how you stand with it, what it said, and the plan."""
    o, s = view.organisation, view.summary
    lines: list[Content | str] = [styled("[b]$name[/]", name=o.name)]
    if involvement_words(o):
        lines.append(styled("[$text-muted]$what[/]", what=involvement_words(o)))
    lines.append(f"People: {len(s.people)} · last contact {ago(_day(s.last_contact), view.today)}")
    lines.append(f"This month: {month_words(s)}")
    if o.cadence_days:
        lines.append(f"Keep in touch every {o.cadence_days} days")
    for flag in s.flags:
        lines.append(styled("[$warning]$flag[/]: $help", flag=flag, help=FLAG_HELP[flag]))
    for ask in view.asks:
        lines.append(styled("[$accent]Introduction[/]: $text", text=ask.text))
    for title, text, empty in (("Mandate", o.mandate, "what they are for: e adds it"),
                               ("Needs", o.needs, "what they need: e adds it")):
        lines += ["", styled("[b]$title[/]", title=title),
                  text if text else styled("[$text-muted]$empty[/]", empty=empty)]
    lines += ["", styled("[b]Issues and trends[/] [$text-muted](i adds one)[/]")]
    lines += [styled("$date  $text" + (" [$text-muted](resolved)[/]" if i.resolved else ""), date=i.date,
                     text=one_line(i.text)) for i in o.issues] or [styled("[$text-muted]None noted yet[/]")]
    lines += ["", styled("[b]$title[/]", title=THEMES_TITLE)]
    lines += [styled("[b]$word[/] ($count): $sources", word=one_line(theme.word), count=theme.count,
                     sources=theme_sources_words(theme)) for theme in view.themes] or \
        [styled("[$text-muted]$empty[/]", empty=THEMES_EMPTY[0].upper() + THEMES_EMPTY[1:])]
    lines += ["", styled("[b]Plan[/]")]
    plan = o.plan
    if plan.empty:
        lines.append(styled("[$text-muted]None yet: e sets objectives, measures, a date and your primary "
                            "contact[/]"))
    else:
        for label, value in (("Objectives", plan.objectives), ("Measures", plan.measures), ("By", plan.by or ""),
                             ("Primary contact", view.primary_contact.name if view.primary_contact else "")):
            if value:
                lines.append(styled("$label: $value", label=label, value=one_line(value)))
    return lines


class OrganisationScreen(Screen[None]):
    CSS_PATH = "organisations.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="organisation-back"),
        Binding("e", "edit", "Edit", id="organisation-edit"),
        Binding("i", "issue", "Issue", id="organisation-issue"),
        Binding("l", "log", "Log", id="organisation-log"),
    ]

    def __init__(self, journal: Journal, org_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.org_id = org_id
        self._drawn: tuple[int, date, str] | None = None  # the journal's revision, the day and the organisation

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="organisation-body"):
            with VerticalScroll(id="organisation-details", can_focus=True):
                yield Static(id="organisation-card")
            with Vertical(id="organisation-right"):
                yield Label("People, decision makers first (enter opens; l logs with them)", classes="section-title")
                people = FitTable(id="organisation-people", stretch={"name": 14, "links": 10}, cursor_type="row",
                                  zebra_stripes=True)
                for label, key, width in (("Name", "name", 14), ("Last", "last", 9), ("Rating", "rating", 6),
                                          ("Links", "links", 10)):
                    people.add_column(label, key=key, width=width)
                yield people
                yield Label("Conversations with anyone there, newest first", classes="section-title")
                talks = FitTable(id="organisation-timeline", stretch={"about": 12, "with": 10}, cursor_type="row",
                                 zebra_stripes=True)
                for label, key, width in (("Date", "date", 10), ("How", "how", 8), ("With", "with", 10),
                                          ("About", "about", 12)):
                    talks.add_column(label, key=key, width=width)
                yield talks
        yield Footer()

    def on_mount(self) -> None:
        self.show_data()
        self.query_one("#organisation-people", DataTable).focus()

    def reopen(self, org_id: str) -> None:
        """Shown again, perhaps for another organisation (the screen is kept): from the top, People focused."""
        self.org_id = org_id
        if self.is_mounted:
            self.query_one("#organisation-details", VerticalScroll).scroll_home(animate=False)
            for table_id in ("#organisation-people", "#organisation-timeline"):
                self.query_one(table_id, DataTable).move_cursor(row=0, animate=False)
            self.query_one("#organisation-people", DataTable).focus()

    def on_screen_resume(self) -> None:
        """Back from a person or a form, or opened again: redraw if anything moved on."""
        if self._drawn != (self.journal.revision, self.journal.today(), self.org_id):
            self.show_data()

    def show_data(self) -> None:
        self._drawn = (self.journal.revision, self.journal.today(), self.org_id)
        try:
            view = org_view(self.journal, self.org_id)
        except JournalError:  # removed meanwhile (another netjournal)
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.view = view
        self.title = view.organisation.name
        self.sub_title = involvement_words(view.organisation)
        self.query_one("#organisation-card", Static).update(join_lines(card_lines(view)))
        refill(self.query_one("#organisation-people", FitTable), [(m.contact.id, (
            cell(m.text), cell(ago(_day(m.last_contact), view.today)),
            cell(score_words(m.rating) if m.rating else ""),
            cell("; ".join(link.text for link in m.links)))) for m in view.members])
        refill(self.query_one("#organisation-timeline", FitTable), [(t.id, (
            cell(t.date), cell(how_words(t)), cell(", ".join(r.name for r in who)),
            cell(one_line(t.gave if t.kind == "share" else t.topics)))) for t, who in view.timeline])

    @on(DataTable.RowSelected, "#organisation-people")
    def _open_person(self, event: DataTable.RowSelected) -> None:
        from .person import PersonScreen

        event.stop()
        self.app.push_screen(PersonScreen(self.journal, event.row_key.value))

    @on(DataTable.RowSelected, "#organisation-timeline")
    def _open_talk(self, event: DataTable.RowSelected) -> None:
        from ..forms.log_form import LogForm

        event.stop()
        talk = self.journal.interaction(event.row_key.value)
        self.app.push_screen(LogForm(self.journal, interaction=talk),
                             lambda saved: self.app.refresh_views() if saved else None)

    def action_edit(self) -> None:
        from ..forms.organisation_form import OrganisationForm

        self.app.push_screen(OrganisationForm(self.journal, self.journal.organisation(self.org_id)),
                             lambda saved: self.app.refresh_views() if saved else None)

    def action_issue(self) -> None:
        from ..forms.organisation_form import IssueForm

        self.app.push_screen(IssueForm(self.journal, self.journal.organisation(self.org_id)),
                             lambda saved: self.app.refresh_views() if saved else None)

    def action_log(self) -> None:
        """l: a conversation with the person highlighted in People (or with nobody filled in yet)."""
        from ..forms.log_form import LogForm

        chosen = row_key(self.query_one("#organisation-people", DataTable))
        people = [self.journal.contact(chosen)] if chosen else []

        def logged(saved: object) -> None:
            if saved is not None:
                self.app.notify("Conversation logged")
                self.app.refresh_views()

        self.app.push_screen(LogForm(self.journal, people), logged)


def open_organisation(app: App, journal: Journal, org_id: str) -> None:
    """An organisation's view, from the list or the month. The view is kept between openings (it opens in about
    half the time, bench/organisations_bench.py); if the kept one is already open below, a new one goes over it."""
    screen = app.kept_screen("organisation", lambda: OrganisationScreen(journal, org_id))  # type: ignore[attr-defined]
    if screen in app.screen_stack:
        screen = OrganisationScreen(journal, org_id)
    else:
        screen.reopen(org_id)
    app.push_screen(screen)
