"""Search everything: names, notes, tags, conversations and reflections, grouped; enter opens the person."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.journal import Journal, SearchHit
from ...reports.people import SEARCH_GROUPS as GROUPS  # `netjournal search` groups its results the same way
from ..inputs import VisibleInput
from ..text import plain, styled

SHARE_PREFIX = "share:"  # what the screen dismisses with for an item of the share queue
MOST_PER_GROUP = 50


class SearchScreen(ModalScreen[str | None]):
    """Dismisses with `share:<id>` for a queued item, or None. A person found opens on top of the search, so
    escape from them comes back to the same results with the cursor on the same hit."""

    CSS_PATH = "search.tcss"
    BINDINGS = [
        Binding("escape", "dismiss_search", "Close", id="search-close"),
        Binding("down", "to_results", "Results", id="search-results", show=False),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__(classes="dialog-screen")
        self.journal = journal
        self.hits: dict[str, SearchHit] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="search"):
            yield VisibleInput(id="search-text",
                               placeholder="search names, notes, interests, conversations, follow-ups, "
                                           "reflections, shares")
            yield Static("", id="search-count")
            yield OptionList(id="search-hits")

    def on_mount(self) -> None:
        self.query_one("#search-text", Input).focus()

    @on(Input.Changed, "#search-text")
    def _search(self, event: Input.Changed) -> None:
        self.show_hits(event.value)

    def show_data(self) -> None:
        """The journal changed (a person edited, archived or forgotten from the search): the same search again,
        the cursor kept on the same hit while it is still found."""
        options = self.query_one("#search-hits", OptionList)
        index = options.highlighted
        key = options.get_option_at_index(index).id if index is not None else None
        current = self.hits.get(key or "")
        self.show_hits(self.query_one("#search-text", Input).value)
        if current is not None:
            same = next((k for k, hit in self.hits.items()
                         if (hit.kind, hit.record_id) == (current.kind, current.record_id)), None)
            if same is not None:
                options.highlighted = options.get_option_index(same)

    def show_hits(self, text: str) -> None:
        hits = self.journal.search(text) if len(text.strip()) >= 2 else []
        names = {c.id: c.name for c in self.journal.contacts(include_archived=True)}
        options = self.query_one("#search-hits", OptionList)
        options.clear_options()
        self.hits = {}
        for kind, heading in GROUPS:
            group = [h for h in hits if h.kind == kind]
            if not group:
                continue
            options.add_option(Option(styled(f"[b]{heading}[/] ({len(group)})"), disabled=True))
            for n, hit in enumerate(group[:MOST_PER_GROUP]):
                key = f"{kind}-{n}"
                self.hits[key] = hit
                who = ", ".join(names.get(c, "?") for c in hit.contact_ids)
                title = hit.title if kind == "contact" else f"{hit.title}  {who}"
                options.add_option(Option(styled("  $title\n    [$text-muted]$snippet[/]", title=title, snippet=hit.snippet),
                                          id=key))
            if len(group) > MOST_PER_GROUP:
                options.add_option(Option(styled(f"  [$text-muted]… {len(group) - MOST_PER_GROUP} more[/]"), disabled=True))
        query = text.strip()
        count = "" if len(query) < 2 else f"{len(hits)} found for “{query}”" if hits else f"Nothing mentions “{query}”"
        self.query_one("#search-count", Static).update(plain(count))

    @on(Input.Submitted, "#search-text")
    def _submitted(self) -> None:
        """enter in the box opens the highlighted hit (the first, until you move): what a person expects of a
        search box. The cursor goes to the results too, so escape from the person comes back to that hit."""
        self.action_to_results()
        options = self.query_one("#search-hits", OptionList)
        if options.highlighted is not None:
            self._open_hit(options.get_option_at_index(options.highlighted).id)

    def action_to_results(self) -> None:
        options = self.query_one("#search-hits", OptionList)
        if self.hits and not options.has_focus:
            options.focus()
            if options.highlighted is None or options.get_option_at_index(options.highlighted).disabled:
                options.highlighted = next(i for i in range(options.option_count)
                                           if not options.get_option_at_index(i).disabled)

    @on(OptionList.OptionSelected, "#search-hits")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self._open_hit(event.option.id)

    def _open_hit(self, key: str | None) -> None:
        hit = self.hits.get(key or "")
        if hit is None:
            return
        if hit.kind == "share":
            self.dismiss(SHARE_PREFIX + hit.record_id)
        elif hit.contact_ids:
            self.app.open_person(hit.contact_ids[0])  # type: ignore[attr-defined]
        else:
            self.app.notify(f"That is the reflection of {hit.title}; it mentions no one person.")

    def action_dismiss_search(self) -> None:
        self.dismiss(None)
