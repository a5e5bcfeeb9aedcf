"""Passing along value: the share queue, the give and take of each relationship, and introductions to make.

Three tabs (1, 2, 3). The share queue suggests who would value the selected item, best first with the reason;
enter passes it on, which logs a "gave" interaction. Give and take shows the last 90 days per person, the
relationships that lean one way first, says the rule it goes by, and under the table what the highlighted row
means, with a suggestion. Introductions lists people who could meet because one's need meets another's
interests, and the introductions already made. Every table is a `FitTable`: its text columns use the width
there is, and the line under a table says in full what a narrow column cuts short.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on, work
from textual.content import Content
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static, TabbedContent, TabPane

from ...core.journal import Journal
from ...core.model import Contact, Interaction, Share
from ...core.errors import JournalError
from ...common.counted import counted, noun
from ...insights.facts import LEAN_RULE
from ...insights.value import (
    BALANCE_DAYS,
    RECENT_TOPIC_DAYS,
    Balance,
    IntroductionMatch,
    Suggestion,
    balances,
    introduction_matches,
    one_sided,
    suggest_recipients,
)
from ..tables import FitTable, refill, row_key
from ..text import cell, join_lines, muted_colour, styled

TABS = ("queue", "balance", "introductions")


def introductions_status(found: list[IntroductionMatch], people: list[Contact]) -> str:
    """How many introductions could be made, for how many of the people looking for something: someone whose
    possible introductions are all made is no longer counted as one they are for."""
    seekers = sum(1 for person in people if person.needs)
    if not seekers:
        return "Nobody's 'Looking for' is noted yet: e in a person's view adds what they need help with."
    looking = f"{counted(seekers, 'person', 'people')} looking for something"
    if not found:
        everyone = "the person" if seekers == 1 else f"the {seekers:,} people"
        return (f"No new introductions for {everyone} looking for something: nobody's interests or work meet "
                f"{noun(seekers, 'their need', 'their needs')}, or you introduced them already.")
    served = len({match.needs_id for match in found})
    return (f"{counted(len(found), 'possible introduction')} for "
            + (looking if served == seekers else f"{served:,} of the {looking}"))


class _ScrollsWhenFull(VerticalScroll):
    """Reached with tab (to scroll it with the arrow keys) only when what it holds is taller than it is."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class ValueScreen(Screen[None]):
    CSS_PATH = "value.tcss"  # parsed when the screen first opens, not at start-up
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="value-back"),
        # The tab labels show their numbers, so the footer keeps its room for the keys that act.
        Binding("1", "show_tab('queue')", "Queue", id="value-queue", show=False),
        Binding("2", "show_tab('balance')", "Give & take", id="value-balance", show=False),
        Binding("3", "show_tab('introductions')", "Introductions", id="value-introductions", show=False),
        Binding("s", "add_share", "Add", id="value-add-share"),
        Binding("e", "edit_share", "Edit", id="value-edit-share"),
        Binding("p", "pass_on", "Pass on", id="value-pass-on"),
        Binding("delete", "delete_share", "Remove", id="value-delete-share"),
        Binding("i", "introduce", "Introduce", id="value-introduce"),
    ]

    def __init__(self, journal: Journal, tab: str = "queue", share_id: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.first_tab = tab
        self.first_share = share_id
        self.suggestions: dict[str, Suggestion] = {}
        self.matches: dict[str, IntroductionMatch] = {}
        self._stale: set[str] = set(TABS)
        self._recent: tuple[int, list[Interaction]] | None = None
        self.balance_rows: dict[str, Balance] = {}
        self._people: dict[str, Contact] = {}
        self._intro_request = 0  # the newest search for matches: an older one that ends later is dropped
        self._intro_shown = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self.first_tab, id="value-tabs"):
            with TabPane("1 Share queue", id="queue"):
                with Horizontal(id="queue-body"):
                    with Vertical(id="queue-items-box", classes="value-box"):
                        yield Label("Worth passing on (s add · e edit · delete remove)", classes="section-title first")
                        items = FitTable(id="share-items", stretch={"title": 20, "tags": 8}, cursor_type="row",
                                         zebra_stripes=True)
                        items.add_column("Title", key="title", width=12)
                        items.add_column("Tags", key="tags", width=6)
                        items.add_column("Passed", key="passed", width=6)
                        yield items
                    with Vertical(id="queue-detail-box", classes="value-box"):
                        with _ScrollsWhenFull(id="share-detail-box"):
                            yield Static(id="share-detail")
                        yield Label("Who would value it (enter passes it on · p to someone else)",
                                    classes="section-title")
                        suggestions = FitTable(id="share-suggestions", stretch={"who": 20, "why": 8}, cursor_type="row")
                        suggestions.add_column("Who", key="who", width=12)
                        suggestions.add_column("Why", key="why", width=12)
                        suggestions.add_column("Given lately", key="given", width=12)
                        yield suggestions
            with TabPane("2 Give and take", id="balance"):
                with Vertical(classes="value-box"):
                    yield Static(id="balance-summary")
                    # Two figures a column ("3 / 0"): the pattern beside them keeps room at 80 columns.
                    table = FitTable(id="balance-table", stretch={"who": 20, "looks": 8}, cursor_type="row",
                                     zebra_stripes=True)
                    for label, key, width in (("Who", "who", 12), ("You / they gave", "gave", 15),
                                              ("You / they started", "started", 18), ("Looks", "looks", 12)):
                        table.add_column(label, key=key, width=width)
                    yield table
                    yield Static(id="balance-detail", classes="row-detail")
            with TabPane("3 Introductions", id="introductions"):
                with Vertical(classes="value-box"):
                    yield Label("People who could meet: one's need, another's interests (enter records it · "
                                "i any introduction)", classes="section-title first")
                    yield Static(id="intro-status")
                    matches = FitTable(id="intro-matches", stretch={"seeker": 18, "offers": 18, "why": 8, "need": 8},
                                       cursor_type="row", zebra_stripes=True)
                    for label, key in (("Looking for", "seeker"), ("What", "need"), ("Could meet", "offers"),
                                       ("Why", "why")):
                        matches.add_column(label, key=key, width=12)
                    yield matches
                    yield Static(id="intro-detail", classes="row-detail")
                    yield Label("Introductions you made", classes="section-title")
                    made = FitTable(id="intro-made", stretch={"between": 24, "because": 8}, cursor_type="row",
                                    zebra_stripes=True)
                    for label, key, width in (("Date", "date", 10), ("Between", "between", 12),
                                              ("Because", "because", 12)):
                        made.add_column(label, key=key, width=width)
                    yield made
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Pass along value"
        self.show_data()
        if self.first_share:
            self.call_after_refresh(self._select_share, self.first_share)
        else:
            self.call_after_refresh(self._focus_tab, self.first_tab)

    # --- drawing -----------------------------------------------------------------------------------

    def _recent_log(self) -> list[Interaction]:
        """The last 90 days of the log, read once per journal change (suggestions are redrawn on every move)."""
        if self._recent is None or self._recent[0] != self.journal.revision:
            since = self.journal.today() - timedelta(days=max(RECENT_TOPIC_DAYS, BALANCE_DAYS))
            self._recent = (self.journal.revision, self.journal.interactions(since=since))
        return self._recent[1]

    @property
    def _warning(self) -> str:
        return self.app.current_theme.warning or "yellow"

    def show_data(self) -> None:
        """Redraw the tab in view; the others are redrawn when they are shown (each is a pass over the data)."""
        self.names = {c.id: c.name for c in self.journal.contacts(include_archived=True)}
        self._stale = set(TABS)
        self._show_tab(self.query_one("#value-tabs", TabbedContent).active or self.first_tab)

    def _show_tab(self, tab: str) -> None:
        if tab in self._stale:
            self._stale.discard(tab)
            {"queue": self._show_queue, "balance": self._show_balance,
             "introductions": self._show_introductions}[tab]()

    def _show_queue(self) -> None:
        shares = self.journal.shares()
        rows = []
        for share in shares:
            rows.append((share.id, (cell(share.title), cell(", ".join(share.tags)),
                                    Text(str(len(share.passed)) if share.passed else "-"))))
        with self.prevent(DataTable.RowHighlighted):  # refilling moves the cursor: one redraw, not two
            refill(self.query_one("#share-items", DataTable), rows)
        self._show_share()

    @property
    def selected_share(self) -> Share | None:
        share_id = row_key(self.query_one("#share-items", DataTable))
        if share_id is None:
            return None
        try:
            return self.journal.share(share_id)
        except JournalError:
            return None

    def _show_share(self) -> None:
        share = self.selected_share
        detail = self.query_one("#share-detail", Static)
        table = self.query_one("#share-suggestions", DataTable)
        if share is None:
            detail.update(styled("[b]Nothing queued yet.[/]\nWhen you read something useful, press s to keep it "
                                 "here; netjournal suggests who would value it."))
            refill(table, [])
            self.suggestions = {}
            return
        lines: list = [styled("[b]$title[/]", title=share.title)]
        if share.link:
            lines.append(share.link)
        if share.note:
            lines.append(share.note)
        if share.tags:
            lines.append(f"Tags: {', '.join(share.tags)}")
        if share.passed:
            lines.append("Passed on to " + ", ".join(f"{self.names.get(p.contact_id, '?')} ({p.date})"
                                                      for p in share.passed))
        else:
            lines.append(styled("[$text-muted]Not passed on yet[/]"))
        detail.update(join_lines(lines))
        self.query_one("#share-detail-box", VerticalScroll).scroll_home(animate=False)  # each item from its top
        found = suggest_recipients(share, self.journal.contacts(), self._recent_log(), self.journal.today())
        self.suggestions = {s.contact_id: s for s in found}
        rows = []
        for suggestion in found:
            given = Text(suggestion.last_given or "", style=f"bold {self._warning}" if suggestion.last_given else "")
            rows.append((suggestion.contact_id, (cell(self.names.get(suggestion.contact_id, "?")),
                                                 cell(suggestion.why), given)))
        refill(table, rows)
        if not found:
            detail.update(join_lines(lines + [styled("[$text-muted]Nobody's interests, notes or recent talk match it: "
                                                     "p passes it on to anyone.[/]")]))

    def _show_balance(self) -> None:
        figures = balances(self._recent_log(), self.journal.today())
        active = self.journal.contacts()
        leaning = one_sided(figures, active)
        if leaning:
            head = styled(f"[b]Last {BALANCE_DAYS} days: "
                          f"{counted(len(leaning), 'relationship leans', 'relationships lean')} one way[/] "
                          "(a pattern to look at, not a verdict)")
        else:
            head = styled(f"[b]Last {BALANCE_DAYS} days:[/] nothing leans one way"
                          + (" yet." if figures else "; log conversations to see the give and take."))
        rule = styled("[$text-muted]A relationship $rule.[/]", rule=LEAN_RULE)
        self.query_one("#balance-summary", Static).update(join_lines([head, rule]))
        lopsided = {item.balance.contact_id: rank for rank, item in enumerate(leaning)}  # the most lopsided first
        order = sorted((p for p in active if p.id in figures),
                       key=lambda p: (lopsided.get(p.id, len(lopsided)), -figures[p.id].total, p.name.casefold()))
        self.balance_rows = {person.id: figures[person.id] for person in order}
        rows = []
        for person in order:
            balance = figures[person.id]
            rows.append((person.id, (cell(person.name), Text(f"{balance.gave} / {balance.got}"),
                                     Text(f"{balance.you_started} / {balance.they_started}"),
                                     cell(balance.looks, style=self._warning if person.id in lopsided else muted_colour(self.app)))))
        with self.prevent(DataTable.RowHighlighted):
            refill(self.query_one("#balance-table", DataTable), rows)
        self._show_balance_detail()

    def _show_balance_detail(self) -> None:
        """The highlighted row in full: its pattern and what to try, or the figures in words."""
        contact_id = row_key(self.query_one("#balance-table", DataTable))
        balance = self.balance_rows.get(contact_id or "")
        detail = self.query_one("#balance-detail", Static)
        if balance is None:
            detail.update("")
            return
        name = self.names.get(balance.contact_id, "?")
        lean = balance.lean()
        if lean:
            detail.update(styled("[b]$name[/]: [$warning]$pattern[/]. Try: $suggestion", name=name,
                                 pattern=lean[0], suggestion=lean[1]))
        else:
            verdict = "too early to tell" if balance.too_early else "give and take"
            detail.update(styled(f"[b]$name[/]: {verdict} ($figures).", name=name, figures=balance.in_words()))

    def _show_introductions(self) -> None:
        """Matching every need against the whole network can take a while: it runs off the UI thread.

        Until it is back, what is already known is shown at once: the matches found before, less the pairs
        introduced since and anyone archived, so the count never lags behind an introduction just recorded.
        """
        people = self.journal.contacts()
        made = self.journal.introductions()
        self._intro_request += 1
        if self._intro_shown:
            active = {person.id for person in people}
            done = {frozenset(i.with_) for i in made}
            still = [m for m in self.matches.values() if frozenset((m.needs_id, m.offers_id)) not in done
                     and m.needs_id in active and m.offers_id in active]
            self._fill_introductions(self._intro_request, people, made, still)
        else:
            self.query_one("#intro-status", Static).update(styled("[$text-muted]Looking for people who could meet…[/]"))
        self._find_matches(self._intro_request, people, made)

    @work(thread=True, exclusive=True, group="introductions")
    def _find_matches(self, request: int, people: list[Contact], made: list[Interaction]) -> None:
        found = introduction_matches(people, made)  # plain data in, plain data out: no journal access here
        self.app.call_from_thread(self._fill_introductions, request, people, made, found)

    def _fill_introductions(self, request: int, people: list[Contact], made: list[Interaction],
                            found: list[IntroductionMatch]) -> None:
        if not self.is_attached or request != self._intro_request:
            return  # the screen was closed, or the journal changed again, while the matches were being found
        self._intro_shown = True
        self._people = {p.id: p for p in people}
        self.matches = {f"{m.needs_id}:{m.offers_id}": m for m in found}
        by_id = self._people
        rows = [(key, (cell(by_id[m.needs_id].name), cell(by_id[m.needs_id].needs), cell(by_id[m.offers_id].name),
                       cell(m.reason))) for key, m in self.matches.items()]
        with self.prevent(DataTable.RowHighlighted):
            refill(self.query_one("#intro-matches", DataTable), rows)
        self.query_one("#intro-status", Static).update(Content(introductions_status(found, people)))
        self._show_match_detail()
        made_rows = [(i.id, (Text(i.date), cell(" and ".join(self.names.get(c, "?") for c in i.with_)),
                             cell(i.topics))) for i in made]
        refill(self.query_one("#intro-made", DataTable), made_rows)

    def _show_match_detail(self) -> None:
        """The highlighted match in full: who needs what, and why the other could help."""
        match = self.matches.get(row_key(self.query_one("#intro-matches", DataTable)) or "")
        detail = self.query_one("#intro-detail", Static)
        if match is None or match.needs_id not in self._people or match.offers_id not in self._people:
            detail.update("")
            return
        seeker, other = self._people[match.needs_id], self._people[match.offers_id]
        detail.update(styled("[b]$seeker[/] is looking for $need. [b]$other[/]: $why", seeker=seeker.name,
                             need=seeker.needs, other=other.name, why=match.reason))

    # --- moving around ------------------------------------------------------------------------------

    def show(self, tab: str = "queue", share_id: str | None = None) -> None:
        """Bring a tab (and an item of the queue) into view: what `v`, `s` and the palette ask of an open screen."""
        if share_id is not None:
            self.action_show_tab("queue")
            self.call_after_refresh(self._select_share, share_id)
        else:
            self.action_show_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        first = {"queue": "#share-items", "balance": "#balance-table", "introductions": "#intro-matches"}[tab]
        self.query_one(first, DataTable).focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#value-tabs", TabbedContent).active = tab
        self._show_tab(tab)
        self._focus_tab(tab)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self._show_tab(event.pane.id)
            self._focus_tab(event.pane.id)

    @on(DataTable.RowHighlighted, "#share-items")
    def _share_moved(self) -> None:
        self._show_share()

    @on(DataTable.RowHighlighted, "#balance-table")
    def _balance_moved(self) -> None:
        self._show_balance_detail()

    @on(DataTable.RowHighlighted, "#intro-matches")
    def _match_moved(self) -> None:
        self._show_match_detail()

    @on(DataTable.RowSelected, "#share-items")
    def _to_suggestions(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = self.query_one("#share-suggestions", DataTable)
        if table.row_count:
            table.focus()
        else:
            self.action_pass_on()

    @on(DataTable.RowSelected, "#share-suggestions")
    def _pass_to_suggested(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._pass_on(event.row_key.value)

    @on(DataTable.RowSelected, "#balance-table")
    def _open_person(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_person(event.row_key.value)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#intro-matches")
    def _introduce_match(self, event: DataTable.RowSelected) -> None:
        event.stop()
        match = self.matches.get(event.row_key.value or "")
        if match is not None:
            self.app.record_introduction(self.journal.contact(match.needs_id),  # type: ignore[attr-defined]
                                         self.journal.contact(match.offers_id))

    @on(DataTable.RowSelected, "#intro-made")
    def _open_introduction(self, event: DataTable.RowSelected) -> None:
        event.stop()
        talk = self.journal.interaction(event.row_key.value)
        self.app.open_person(talk.with_[0])  # type: ignore[attr-defined]

    # --- actions -------------------------------------------------------------------------------------

    def _after_change(self, result: object) -> None:
        if result is not None:
            self.app.refresh_views()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The share-queue keys only on the share queue tab, so the footer shows what applies."""
        if action in ("edit_share", "pass_on", "delete_share"):
            return self.query_one("#value-tabs", TabbedContent).active == "queue"
        return True

    def action_add_share(self) -> None:
        from ..forms.share_form import ShareForm

        def added(share: Share | None) -> None:
            if share is not None:
                self.app.refresh_views()  # type: ignore[attr-defined]
                self.call_after_refresh(self._select_share, share.id)

        self.action_show_tab("queue")
        self.app.push_screen(ShareForm(self.journal), added)

    def _select_share(self, share_id: str) -> None:
        """Show one item with its suggestions, the focus on the best one: enter passes it on."""
        self.show_data()
        table = self.query_one("#share-items", DataTable)
        if share_id in table.rows:
            table.move_cursor(row=table.get_row_index(share_id), animate=False)
        self._show_share()
        suggestions = self.query_one("#share-suggestions", DataTable)
        (suggestions if suggestions.row_count else table).focus()

    def action_edit_share(self) -> None:
        from ..forms.share_form import ShareForm

        share = self.selected_share
        if share is None:
            self.app.notify("Nothing queued yet: s adds an item.")
            return
        self.app.push_screen(ShareForm(self.journal, share), self._after_change)

    def action_delete_share(self) -> None:
        from ..forms.confirm import ConfirmScreen

        share = self.selected_share
        if share is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.journal.delete_share(share.id)
                self.app.notify(f"Removed {share.title!r} from the queue; what you passed on stays in the log.")
                self.app.refresh_views()  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmScreen(f"Remove {share.title!r} from the share queue?", yes="Remove",
                                           no="Keep"), answered)

    def action_pass_on(self) -> None:
        """p: pass the item on to the suggestion under the cursor when it has the focus, else to anyone."""
        suggestions = self.query_one("#share-suggestions", DataTable)
        self._pass_on(row_key(suggestions) if suggestions.has_focus else None)

    def _pass_on(self, contact_id: str | None) -> None:
        from ..forms.pass_on_form import PassOnForm

        share = self.selected_share
        if share is None:
            self.app.notify("Nothing queued yet: s adds an item.")
            return
        person = self.journal.contact(contact_id) if contact_id else None
        why = self.suggestions[contact_id].why if contact_id in self.suggestions else ""

        def passed(given: Interaction | None) -> None:
            if given is not None:
                self.app.notify(f"Passed {share.title!r} on to {self.names.get(given.with_[0], '?')}; "
                                "logged as value given.")
                self.app.refresh_views()  # type: ignore[attr-defined]

        self.app.push_screen(PassOnForm(self.journal, share, person, why), passed)

    def action_introduce(self) -> None:
        self.app.record_introduction()  # type: ignore[attr-defined]
