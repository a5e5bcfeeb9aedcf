"""Copies and conflicts (`C` from the main screen): the other copies of the journal a sync tool left beside it,
with what merging each would change, merged with one key; and the fields two merged copies changed differently,
each kept as the merge left it or given the other copy's value. The same work as `netjournal merge --found` and
`netjournal conflicts`, whose words (reports/copies.py) it shares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from ...common.counted import counted
from ...core.copies import MergePlan
from ...core.errors import JournalError
from ...core.journal import Journal
from ...reports.copies import conflict_subject, conflict_value, conflict_written, merge_counts
from ..tables import FitTable, refill, row_key
from ..text import cell, join_lines, styled


@dataclass(frozen=True)
class FoundCopy:
    """A copy beside the journal, and what merging it would do (or why it cannot be merged)."""

    path: Path
    plan: MergePlan | None
    problem: str = ""
    state: tuple[str, int, int] = ("", 0, 0)  # the file as it was when planned: `m` merges only that

    @property
    def preview(self) -> str:
        if self.plan is None:
            return f"cannot be merged: {self.problem}"
        if self.plan.empty and not self.plan.conflicts:
            return "nothing new: the journal has all it holds"
        words = merge_counts(self.plan)
        if self.plan.conflicts:
            words += f"; {counted(len(self.plan.conflicts), 'field')} changed differently"
        return words


def preview_copies(journal: Journal) -> list[FoundCopy]:
    """Each copy found beside the journal, planned without changing anything."""
    found = []
    for path in journal.found_copies():
        state = _state(path)
        try:
            found.append(FoundCopy(path, journal.merge_copy_file(path, dry_run=True), state=state))
        except (JournalError, ValueError) as error:
            found.append(FoundCopy(path, None, _reason(error, path), state=state))
    return found


def _state(path: Path) -> tuple[str, int, int]:
    try:
        found = path.stat()
    except OSError:
        return str(path), 0, 0
    return str(path), found.st_mtime_ns, found.st_size


def _reason(error: Exception, path: Path) -> str:
    """The error's words without the path the row already names, and without "nothing was merged"."""
    words = str(error).replace(f"{path} ", "", 1).replace(str(path), path.name)
    return words.removesuffix("; nothing was merged")


class CopiesScreen(Screen[None]):
    CSS_PATH = "copies.tcss"  # parsed when the screen first opens, not at start-up
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="copies-back"),
        Binding("m", "merge", "Merge copies", id="copies-merge"),
        Binding("k", "keep", "Keep value", id="copies-keep"),
        Binding("o", "take_other", "Take other", id="copies-take-other"),
        Binding("K", "keep_all", "Keep all", id="copies-keep-all"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.copies: list[FoundCopy] = []
        self.conflicts: dict[str, dict[str, Any]] = {}
        self._drawn: tuple | None = None  # the journal's revision and the copies beside it, when last drawn

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="copies-box", classes="copies-section"):
            yield Label("Other copies beside the journal, changed apart on another device · m merges them",
                        classes="section-title")
            copies = FitTable(id="copies-table", stretch={"change": 40, "file": 24}, cursor_type="row")
            copies.add_column("Copy", key="file", width=16)
            copies.add_column("Merging it would", key="change", width=24)
            yield copies
        with Vertical(id="conflicts-box", classes="copies-section"):
            yield Label("Fields both copies changed differently · k keep · o take the other's · K keep all",
                        classes="section-title")
            conflicts = FitTable(id="conflicts-table", stretch={"record": 16, "kept": 12, "other": 12},
                                 cursor_type="row", zebra_stripes=True)
            for label, key, width in (("Record", "record", 16), ("Field", "field", 10), ("Kept", "kept", 12),
                                      ("Other copy's", "other", 12)):
                conflicts.add_column(label, key=key, width=width)
            yield conflicts
        with VerticalScroll(id="conflict-detail-box"):
            yield Static(id="conflict-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Copies and conflicts"
        self.show_data()
        self._focus_what_waits()

    def show_data(self) -> None:
        # Planning a copy reads and merges it in memory (a third of a second on a large journal): done again only
        # when the journal or the copies beside it changed, not for every redraw the app asks of its screens.
        drawn = (self.journal.revision, tuple(_state(path) for path in self.journal.found_copies()))
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self.copies = preview_copies(self.journal)
        self.query_one("#copies-box").display = bool(self.copies)
        refill(self.query_one("#copies-table", FitTable),
               [(str(found.path), (cell(found.path.name), cell(found.preview, "" if found.plan else "bold")))
                for found in self.copies])
        listed = self.journal.conflicts()
        self.conflicts = {c["id"]: c for c in listed}
        refill(self.query_one("#conflicts-table", FitTable),
               [(c["id"], (cell(conflict_subject(self.journal, c)), cell(c["field"]),
                           cell(conflict_value(c["kept"], 60)), cell(conflict_value(c["other"], 60))))
                for c in listed])
        self.sub_title = (f"{counted(len(self.copies), 'copy', 'copies')} found · "
                          f"{counted(len(listed), 'conflict')} to look at")
        self._explain()

    def _focus_what_waits(self) -> None:
        table = "#copies-table" if self.copies else "#conflicts-table"
        self.query_one(table, DataTable).focus()

    @on(DataTable.RowHighlighted)
    @on(events.DescendantFocus)
    def _explain(self) -> None:
        """Under the tables, in full what a narrow column cuts short: the highlighted copy's name and what merging
        it would do, or both values of the highlighted conflict and where the other came from."""
        copies = self.query_one("#copies-table", DataTable)
        if copies.has_focus and copies.row_count:
            found = next(c for c in self.copies if str(c.path) == row_key(copies))
            self.query_one("#conflict-detail", Static).update(join_lines([
                styled("[b]$name[/]", name=found.path.name),
                styled("$preview", preview=found.preview[:1].upper() + found.preview[1:]),
                styled("[$text-muted]m merges every copy that can be; each is then kept aside as "
                       "journal.json.merged-...[/]") if found.plan else
                styled("[$text-muted]It stays where it is; `netjournal merge FILE` says more[/]")]))
            return
        conflict = self.conflicts.get(row_key(self.query_one("#conflicts-table", DataTable)) or "")
        if conflict is None:
            if not self.copies:
                text: Content = styled("[$text-muted]Nothing to merge and no conflicts: the copies of this journal "
                                       "agree as far as it knows[/]")
            else:
                text = styled("[$text-muted]No conflicts waiting. Merging keeps each field's value written last; "
                              "a field both copies changed differently is listed here to look at[/]")
        else:
            text = join_lines([
                styled("[b]$record[/]: $field", record=conflict_subject(self.journal, conflict),
                       field=conflict["field"]),
                styled("[b]Kept[/]  $value", value=conflict_value(conflict["kept"], 2000)),
                styled("[b]Other[/] $value  [$text-muted](written $when)[/]",
                       value=conflict_value(conflict["other"], 2000), when=conflict_written(conflict)),
            ])
        self.query_one("#conflict-detail", Static).update(text)

    # --- actions ------------------------------------------------------------------------------

    def action_merge(self) -> None:
        """Merge every copy that can be, each kept aside afterwards as journal.json.merged-..."""
        ready = [found for found in self.copies if found.plan is not None]
        if not ready:
            self.notify("No copies to merge here" if not self.copies else
                        "None of the copies can be merged: the table says why", severity="warning")
            return
        changed = [found.path.name for found in ready if _state(found.path) != found.state]
        if changed:  # a sync tool wrote it again since it was shown: what it holds now is shown first
            self._drawn = None
            self.show_data()
            self.notify(f"{', '.join(changed)} changed since it was shown; nothing was merged. Look at what "
                        "merging would do now, then m", severity="warning", timeout=15)
            return
        merged, conflicts = [], 0
        for found in ready:
            try:
                plan = self.journal.merge_copy_file(found.path)
                kept = self.journal.put_aside_merged(found.path)
            except (JournalError, ValueError, OSError) as error:  # this one stays; the others are still merged
                self.notify(str(error), severity="error", timeout=20)
                continue
            merged.append(f"{found.path.name} (kept aside as {kept.name})")
            conflicts += len(plan.conflicts)
        if merged:
            said = f"Merged {'; '.join(merged)}"
            if conflicts:
                said += f". {counted(conflicts, 'field')} changed differently: listed below"
            self.notify(said, timeout=15)
        self.show_data()
        self._focus_what_waits()
        self.app.refresh_views()  # type: ignore[attr-defined]

    def _chosen_conflict(self) -> dict[str, Any] | None:
        conflict = self.conflicts.get(row_key(self.query_one("#conflicts-table", DataTable)) or "")
        if conflict is None:
            self.notify("No conflict chosen: the table of fields is empty", severity="warning")
        return conflict

    def _settle(self, take_other: bool) -> None:
        conflict = self._chosen_conflict()
        if conflict is None:
            return
        try:
            self.journal.settle_conflict(conflict["id"], take_other=take_other)
        except (JournalError, ValueError) as error:
            self.notify(str(error), severity="error", timeout=15)
        else:
            what = f"{conflict_subject(self.journal, conflict)}: {conflict['field']}"
            self.notify(f"Put back the other copy's value of {what}" if take_other else f"Kept the value of {what}")
        self.show_data()
        self.app.refresh_views()  # type: ignore[attr-defined]

    def action_keep(self) -> None:
        self._settle(take_other=False)

    def action_take_other(self) -> None:
        self._settle(take_other=True)

    def action_keep_all(self) -> None:
        if not self.conflicts:
            self.notify("No conflicts to settle", severity="warning")
            return
        try:
            kept = self.journal.keep_all_conflicts()
        except JournalError as error:
            self.notify(str(error), severity="error", timeout=15)
            return
        self.notify(f"Kept {counted(kept, 'value')} as the merges left them")
        self.show_data()
        self.app.refresh_views()  # type: ignore[attr-defined]
