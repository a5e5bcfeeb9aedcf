"""A quick rating pass: one card per person, 1-4 rates and moves on.

The queue is the people not rated in 30 days, lowest last rating first (A: everyone, T: one interest tag).
A 1 or 2 asks for barriers, an action and an improve-by date, a 3 for a plan; enter on empty details or
escape keeps the rating without them. s skips, u undoes the last rating, escape ends with a summary.

Speed: the next card is painted first and the rating is written right after that frame, so a key press
never waits for a save; leaving the screen or the app writes anything still waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, ProgressBar, Static

from ...settings.content import rating_scale
from ...insights.facts import rating_queue, reciprocity
from ...core.journal import Journal
from ...core.model import Rating, parse_day
from ...core.errors import JournalError
from ..forms import FORMS_CSS
from ..forms.log_form import CHANNEL_LABELS
from ..inputs import VisibleInput
from ..text import join_lines, plain, styled


@dataclass
class Rated:
    contact_id: str
    rating: Rating
    before: int | None  # the latest score before this pass's rating
    position: int  # where in the queue the card was


class RatingPassScreen(Screen[None]):
    CSS_PATH = ["rating_pass.tcss", FORMS_CSS]  # FORMS_CSS for .field-error
    AUTO_FOCUS = ""  # keys go to the screen; the detail fields get the focus only when they are asked for
    BINDINGS = [
        Binding("1", "rate(1)", "Poor", id="rate-1"),
        Binding("2", "rate(2)", "Adequate", id="rate-2"),
        Binding("3", "rate(3)", "Good", id="rate-3"),
        Binding("4", "rate(4)", "Extremely good", id="rate-4"),
        Binding("s", "skip", "Skip", id="rate-skip"),
        Binding("u", "undo", "Undo", id="rate-undo"),
        Binding("A", "everyone", "Everyone", id="rate-everyone"),
        Binding("T", "by_tag", "By tag", id="rate-tag"),
        Binding("escape", "finish", "Finish", id="rate-finish"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.everyone = False
        self.tag: str | None = None
        self.queue: list[str] = []
        self.position = 0
        self.rated: list[Rated] = []
        self.details_for: Rated | None = None  # the rating whose details are being asked for
        self.finished = False
        self.skipped = 0
        self._pending: list[Callable[[], None]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="pass-body"):  # small terminals scroll to the detail being typed
            yield Label("", id="pass-count")
            yield ProgressBar(id="pass-progress", show_eta=False, show_percentage=False)
            yield Static(id="pass-card")
            with Vertical(id="pass-details"):
                yield Static(id="pass-details-title")
                yield Label("What stands in the way?", classes="detail-barriers")
                yield VisibleInput(id="detail-barriers", classes="detail-barriers")
                yield Label("One action you will take", classes="detail-barriers")
                yield VisibleInput(id="detail-action", classes="detail-barriers")
                yield Label("Improve by (a date: 2027-01-15, or a weekday)", classes="detail-barriers")
                yield VisibleInput(id="detail-improve_by", classes="detail-barriers")
                yield Label("Your plan to make it extremely good", classes="detail-plan")
                yield VisibleInput(id="detail-plan", classes="detail-plan")
                yield Label("", id="detail-error", classes="field-error", markup=False)
                yield Static("[dim]enter to save the details (empty: keep the rating without them) · escape "
                             "to skip them[/]")
            yield Static(id="pass-scale")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Rating pass"
        self.query_one("#pass-scale", Static).update(join_lines(
            styled("[b]$score[/] $label: [dim]$meaning[/]", score=s.score, label=s.label, meaning=s.meaning)
            for s in rating_scale()))
        self.build_queue()

    # --- the queue and the card ---------------------------------------------------------------------

    def build_queue(self) -> None:
        done = {r.contact_id for r in self.rated}
        queue = rating_queue(self.journal.contacts(), self.journal.ratings(), self.journal.today(),
                             everyone=self.everyone, tag=self.tag)
        self.queue = [contact_id for contact_id in queue if contact_id not in done]
        self.position = 0
        which = "everyone" if self.everyone else "not rated in 30 days"
        self.sub_title = which + (f", tagged {self.tag}" if self.tag else "")
        self.show_card()

    def show_card(self) -> None:
        self.query_one("#pass-details").display = False
        total = len(self.queue)
        progress = self.query_one("#pass-progress", ProgressBar)
        progress.update(total=max(total, 1), progress=min(self.position, total))
        card = self.query_one("#pass-card", Static)
        if self.position >= total:
            self.query_one("#pass-count", Label).update(f"{total} of {total}")
            card.update(styled("[b]Nobody left to rate.[/] Press escape for the summary, A to rate everyone, "
                               "or T to choose people by an interest tag."))
            return
        self.query_one("#pass-count", Label).update(f"{self.position + 1} of {total}")
        person = self.journal.contact(self.queue[self.position])
        ratings = self.journal.ratings(person.id)
        talks = self.journal.interactions(person.id)
        lines: list = [styled("[b]$name[/]", name=person.name)]
        if person.org or person.title:
            lines.append(" · ".join(part for part in (person.title, person.org) if part))
        if ratings:
            last = ratings[-1]
            label = next(s.label for s in rating_scale() if s.score == last.score)
            lines.append(f"Last rating: {last.score} ({label}) on {last.date}")
            history = " → ".join(str(r.score) for r in ratings[-6:])
            if len(ratings) > 1:
                lines.append(f"History: {history}")
        else:
            lines.append(styled("[dim]Not rated before[/]"))
        if talks:
            talk = talks[0]
            about = talk.topics or talk.learned or "no topic noted"
            kind = "business" if talk.business else "non-business"
            lines.append(f"Last conversation: {talk.date}, {CHANNEL_LABELS[talk.channel]}, {kind}: {about}")
        else:
            lines.append(styled("[dim]No conversation logged[/]"))
        lines.append(f"Reciprocity: {reciprocity(talks, person.id).describe()}")
        lines.append("")
        lines.append(styled("[b]1[/] poor  [b]2[/] adequate  [b]3[/] reasonably good  [b]4[/] extremely good  "
                            "·  [b]s[/] skip  [b]u[/] undo  [b]escape[/] finish"))
        card.update(join_lines(lines))

    # --- rating -------------------------------------------------------------------------------------

    def action_rate(self, score: int) -> None:
        if self.finished or self.details_for is not None or self.position >= len(self.queue):
            return
        contact_id = self.queue[self.position]
        before = self.journal.latest_ratings().get(contact_id)
        rating = Rating(contact_id=contact_id, date=self.journal.today(), score=score)
        entry = Rated(contact_id, rating, before.score if before else None, self.position)
        self.rated.append(entry)
        details = next(s.details for s in rating_scale() if s.score == score)
        if details == "none":
            self.position += 1
            self.show_card()
        else:
            self.ask_details(entry, details)
        self.later(lambda: self.journal.rate(rating))  # after the frame that shows the next card

    def ask_details(self, entry: Rated, details: str) -> None:
        self.details_for = entry
        box = self.query_one("#pass-details")
        box.display = True
        name = self.journal.contact(entry.contact_id).name
        todo = next(s.todo for s in rating_scale() if s.score == entry.rating.score)
        self.query_one("#pass-details-title", Static).update(
            styled(f"[b]Rated $name {entry.rating.score}.[/] $todo", name=name, todo=todo))
        for widget in box.query(".detail-barriers"):
            widget.display = details == "barriers"
        for widget in box.query(".detail-plan"):
            widget.display = details == "plan"
        for field in box.query(Input):
            field.value = ""
        self.query_one("#detail-error", Label).update("")
        self.query_one("#detail-error", Label).remove_class("-shown")
        self.query_one("#detail-barriers" if details == "barriers" else "#detail-plan", Input).focus()

    @on(Input.Submitted)
    def _details_entered(self, event: Input.Submitted) -> None:
        event.stop()
        entry = self.details_for
        if entry is None:
            return
        fields = {name: self.query_one(f"#detail-{name}", Input).value.strip()
                  for name in ("barriers", "action", "improve_by", "plan")}
        if not any(fields.values()):
            self.close_details()  # enter on empty details keeps the rating without them
            return
        if event.input.id in ("detail-barriers", "detail-action") and not fields["improve_by"]:
            self.focus_next()  # on to the next detail; enter there saves
            return
        try:
            improve_by = parse_day(fields["improve_by"], self.journal.today(), "improve_by") \
                if fields["improve_by"] else None
            updated = Rating(contact_id=entry.rating.contact_id, date=entry.rating.date, score=entry.rating.score,
                             barriers=fields["barriers"], action=fields["action"], improve_by=improve_by,
                             plan=fields["plan"], id=entry.rating.id)
        except ValueError as error:
            label = self.query_one("#detail-error", Label)
            label.update(plain(error))
            label.add_class("-shown")
            return
        base, entry.rating = entry.rating, updated
        self.later(lambda: self._save_details(base, updated))
        self.close_details()

    def _save_details(self, base: Rating, updated: Rating) -> None:
        """The details go on top of the rating as saved now; what another netjournal changed in it meanwhile
        stays, and a field both changed is asked about (unless the pass is closing: then it is reported)."""
        if not self.is_active:
            self.journal.edit_rating(base, updated)  # flush() reports an error or a conflict
            return
        from ..forms.conflict import save_or_ask

        save_or_ask(self.app, self.journal, lambda: self.journal.edit_rating(base, updated), saved=lambda _: None,
                    failed=lambda error: self.app.notify(f"A rating was not saved: {error}", severity="error",
                                                         timeout=20))

    def close_details(self) -> None:
        self.details_for = None
        self.position += 1
        self.show_card()
        self.set_focus(None)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.details_for is not None:
            event.stop()
            self.close_details()  # keep the rating, skip the details

    def action_skip(self) -> None:
        if not self.finished and self.details_for is None and self.position < len(self.queue):
            self.position += 1
            self.skipped += 1
            self.show_card()

    def action_undo(self) -> None:
        if self.finished or self.details_for is not None or not self.rated:
            return
        self.flush()
        entry = self.rated.pop()
        try:
            self.journal.delete_rating(entry.rating.id)
        except JournalError as error:
            self.app.notify(f"Could not undo: {error}", severity="error")
            return
        name = self.journal.contact(entry.contact_id).name
        # Back to their card; the queue may have been rebuilt (A, T) since they were rated.
        if entry.contact_id in self.queue[: self.position]:
            self.position = self.queue.index(entry.contact_id)
        elif entry.contact_id not in self.queue:
            self.queue.insert(self.position, entry.contact_id)
        else:
            self.position = self.queue.index(entry.contact_id)
        self.show_card()
        self.app.notify(f"Took back the rating of {name}")

    def action_everyone(self) -> None:
        if not self.finished and self.details_for is None:
            self.everyone = not self.everyone
            self.build_queue()

    def action_by_tag(self) -> None:
        if self.finished or self.details_for is not None:
            return
        from ..forms.tag_picker import TagPicker

        tags = sorted({t for c in self.journal.contacts() for t in c.tags}, key=str.casefold)

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.tag = tag or None
                self.build_queue()

        self.app.push_screen(TagPicker(tags, self.tag), chosen)

    # --- saving after the frame ---------------------------------------------------------------------

    def later(self, save: Callable[[], None]) -> None:
        self._pending.append(save)
        self.call_after_refresh(self.flush)

    def flush(self) -> None:
        while self._pending:
            save = self._pending.pop(0)
            try:
                save()
            except (JournalError, ValueError) as error:
                self.app.notify(f"A rating was not saved: {error}", severity="error", timeout=20)

    def on_unmount(self) -> None:
        self.flush()

    # --- the end ------------------------------------------------------------------------------------

    def action_finish(self) -> None:
        if self.finished:
            self.app.pop_screen()
            self.app.refresh_views()
            return
        self.flush()
        self.finished = True
        names = {c.id: c.name for c in self.journal.contacts(include_archived=True)}
        changed = [r for r in self.rated if r.before is not None and r.before != r.rating.score]
        down = [r for r in changed if r.rating.score < r.before]  # type: ignore[operator]
        lines: list = [styled("[b]Rating pass done[/]"), "",
                       f"Rated {len(self.rated)} {'person' if len(self.rated) == 1 else 'people'}, "
                       f"{len(changed)} changed.",
                       f"Skipped: {self.skipped}; not reached: {max(0, len(self.queue) - self.position)}."]
        if down:
            lines.append(styled("[$warning]Went down:[/] $who", who=", ".join(
                f"{names.get(r.contact_id, '?')} ({r.before} → {r.rating.score})" for r in down)))
        up = [r for r in changed if r.rating.score > r.before]  # type: ignore[operator]
        if up:
            lines.append("Went up: " + ", ".join(f"{names.get(r.contact_id, '?')} ({r.before} → {r.rating.score})"
                                                 for r in up))
        lines += ["", styled("[dim]escape to go back[/]")]
        self.query_one("#pass-details").display = False
        self.query_one("#pass-card", Static).update(join_lines(lines))
