"""A quick rating pass: one card per person, one key per person for every score.

The queue is the people not rated in 30 days, lowest last rating first (A: everyone, T: one interest tag).
1-4 saves the score and shows the next card at once. The guides' method is there on demand: d (or enter) opens
the details of the rating just made, barriers, one action and an improve-by date for a 1 or a 2, a plan for a 3.
escape ends the sweep; a short second round then goes over the people rated 1 or 2 in this pass who still have
no improve-by date, one at a time (type the details, or escape to leave them), and the summary follows.
s skips a card, u undoes the last rating.

Speed: the next card is painted first and the rating is written right after that frame, so a key press
never waits for a save; leaving the screen or the app writes anything still waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, ProgressBar, Static

from ...settings.content import rating_scale, rating_words, score_of
from ...insights.facts import rating_queue, reciprocity
from ...core.journal import Journal
from ...core.model import Rating, parse_planned_day
from ...core.errors import JournalError
from ..forms import FORMS_CSS
from ..forms.log_form import CHANNEL_LABELS
from ..inputs import VisibleInput
from ..text import join_lines, plain, styled

DETAIL_FIELDS = ("barriers", "action", "improve_by", "plan")
# What each stage of the pass lets the keys do (check_action): the footer shows only those.
STAGE_ACTIONS = {"sweep": {"rate", "details", "skip", "undo", "everyone", "by_tag", "finish"},
                 "details": {"save_details", "close_details"}, "dates": {"save_details", "skip_date"},
                 "summary": {"leave"}}
PASS_ACTIONS = set().union(*STAGE_ACTIONS.values())


@dataclass
class Rated:
    contact_id: str
    rating: Rating
    before: int | None  # the latest score before this pass's rating
    position: int  # where in the queue the card was

    @property
    def wants_date(self) -> bool:
        """A 1 or a 2 without an improve-by date: the second round asks for one."""
        return score_of(self.rating.score).details == "barriers" and self.rating.improve_by is None


class RatingPassScreen(Screen[None]):
    CSS_PATH = ["rating_pass.tcss", FORMS_CSS]  # FORMS_CSS for .field-error
    AUTO_FOCUS = ""  # keys go to the screen; the detail fields get the focus only when they are asked for
    BINDINGS = [
        # The footer names the scores with the scale's words, exactly as the card and the Contacts table do ("1 poor").
        *(Binding(str(s.score), f"rate({s.score})", s.label, id=f"rate-{s.score}")
          for s in rating_scale()),
        Binding("d,enter", "details", "Details", id="rate-details"),
        Binding("s", "skip", "Skip", id="rate-skip"),
        Binding("u", "undo", "Undo", id="rate-undo"),
        # A and T are on the card: the footer keeps room for escape, which leads to the second round.
        Binding("A", "everyone", "Everyone", id="rate-everyone", show=False),
        Binding("T", "by_tag", "By tag", id="rate-tag", show=False),
        Binding("ctrl+s", "save_details", "Save", id="rate-details-save"),
        Binding("escape", "close_details", "Back", id="rate-details-back"),
        Binding("escape", "skip_date", "Leave", id="rate-date-skip"),
        Binding("escape", "finish", "Finish", id="rate-finish"),
        Binding("escape", "leave", "Back", id="rate-leave"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.everyone = False
        self.tag: str | None = None
        self.queue: list[str] = []
        self.position = 0
        self.rated: list[Rated] = []
        self.stage = "sweep"  # sweep, details (of the last rating), dates (the second round), summary
        self.details_for: Rated | None = None  # the rating whose details are open
        self.dates: list[Rated] = []  # the second round: the 1s and 2s left without an improve-by date
        self.date_position = 0
        self.skipped = 0
        self._pending: list[Callable[[], None]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="pass-body"):  # small terminals scroll to the detail being typed
            yield Label("", id="pass-count")
            yield ProgressBar(id="pass-progress", show_eta=False, show_percentage=False)
            yield Static(id="pass-last")
            yield Static(id="pass-card")
            with Vertical(id="pass-details"):
                yield Static(id="pass-details-title")
                for name, label, hint, kind in (
                        ("barriers", "In the way", "what stands in the way", "barriers"),
                        ("action", "One action", "one thing you will do about it", "barriers"),
                        ("improve_by", "Improve by", "a date ahead: fri, next week, in 2 weeks, 2027-01-15",
                         "barriers"),
                        ("plan", "Plan", f"what would make it {score_of(4).label}", "plan")):
                    with Horizontal(classes=f"detail-row detail-{kind}"):
                        yield Label(label, classes="detail-label")
                        yield VisibleInput(id=f"detail-{name}", placeholder=hint)
                yield Label("", id="detail-error", classes="field-error", markup=False)
                yield Static(id="pass-details-keys")
            yield Static(id="pass-scale")
        yield Footer(compact=True)  # the four scores and the keys of the sweep fit in 80 columns

    def on_mount(self) -> None:
        self.title = "Rating pass"
        self.query_one("#pass-scale", Static).update(join_lines(
            styled("[b]$score[/] $label: [$text-muted]$meaning[/]", score=s.score, label=s.label, meaning=s.meaning)
            for s in rating_scale()))
        self.build_queue()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action in STAGE_ACTIONS[self.stage] if action in PASS_ACTIONS else True

    def set_stage(self, stage: str) -> None:
        self.stage = stage
        self.refresh_bindings()

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
        self.show_part("#pass-card")
        card = self.query_one("#pass-card", Static)
        self.show_last()
        total = len(self.queue)
        self.show_progress(f"{min(self.position + 1, total)} of {total}", self.position, total)
        if self.position >= total:
            waiting = sum(entry.wants_date for entry in self.rated)
            first = f" (first an improve-by date for the {waiting} rated 1 or 2 without one)" if waiting else ""
            card.update(styled(f"[b]Nobody left to rate.[/] Press escape to finish{first}, A to rate everyone, "
                               "or T to choose people by an interest tag."))
            return
        person = self.journal.contact(self.queue[self.position])
        ratings = self.journal.ratings(person.id)
        talks = self.journal.interactions(person.id)
        lines: list = [styled("[b]$name[/]", name=person.name)]
        if person.org or person.title:
            lines.append(" · ".join(part for part in (person.title, person.org) if part))
        if ratings:
            last = ratings[-1]
            lines.append(f"Last rating: {rating_words()[last.score]} on {last.date}")
            if len(ratings) > 1:
                lines.append("History: " + " → ".join(str(r.score) for r in ratings[-6:]))
        else:
            lines.append(styled("[$text-muted]Not rated before[/]"))
        if talks:
            talk = talks[0]
            about = talk.topics or talk.learned or "no topic noted"
            kind = "business" if talk.business else "non-business"
            lines.append(f"Last conversation: {talk.date}, {CHANNEL_LABELS[talk.channel]}, {kind}: {about}")
        else:
            lines.append(styled("[$text-muted]No conversation logged[/]"))
        lines.append(f"Reciprocity: {reciprocity(talks, person.id).describe()}")
        lines.append(styled("  ".join(f"[b]{s.score}[/] {s.label}" for s in rating_scale())  # as the footer
                            + "  [$text-muted]·  [b]A[/] everyone  [b]T[/] by tag[/]"))
        card.update(join_lines(lines))

    def show_part(self, part: str) -> None:
        """The card (with the rating just made and the scale), or the details, or the summary: one at a time."""
        for each in ("#pass-card", "#pass-details"):
            self.query_one(each).display = each == part
        for each in ("#pass-last", "#pass-scale"):
            self.query_one(each).display = part == "#pass-card" and self.stage == "sweep"

    def show_last(self) -> None:
        """Under the progress bar: the rating just made, and what d adds to it."""
        last = self.query_one("#pass-last", Static)
        entry = self.rated[-1] if self.rated else None
        if entry is None:
            last.display = False
            return
        name = self.journal.contact(entry.contact_id).name
        details = score_of(entry.rating.score).details
        if details == "none":
            more = ""
        elif entry.rating.barriers or entry.rating.action or entry.rating.improve_by or entry.rating.plan:
            more = " · [b]d[/] change its details"
        elif details == "barriers":
            more = " · [b]d[/] adds barriers, an action, a date"
        else:
            more = " · [b]d[/] adds a plan"
        last.update(styled(f"[$text-muted]Rated[/] $name [b]$words[/][$text-muted]{more}[/]", name=name,
                           words=rating_words()[entry.rating.score]))

    def show_progress(self, count: str, done: int, total: int) -> None:
        self.query_one("#pass-count", Label).update(count)
        self.query_one("#pass-progress", ProgressBar).update(total=max(total, 1), progress=min(done, total))

    # --- rating -------------------------------------------------------------------------------------

    def action_rate(self, score: int) -> None:
        if self.position >= len(self.queue):
            return
        contact_id = self.queue[self.position]
        before = self.journal.latest_ratings().get(contact_id)
        rating = Rating(contact_id=contact_id, date=self.journal.today(), score=score)
        self.rated.append(Rated(contact_id, rating, before.score if before else None, self.position))
        self.position += 1
        self.show_card()
        self.later(lambda: self.journal.rate(rating))  # after the frame that shows the next card

    def action_skip(self) -> None:
        if self.position < len(self.queue):
            self.position += 1
            self.skipped += 1
            self.show_card()

    def action_undo(self) -> None:
        if not self.rated:
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
        self.everyone = not self.everyone
        self.build_queue()

    def action_by_tag(self) -> None:
        from ..forms.tag_picker import TagPicker

        tags = sorted({t for c in self.journal.contacts() for t in c.tags}, key=str.casefold)

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.tag = tag or None
                self.build_queue()

        self.app.push_screen(TagPicker(tags, self.tag), chosen)

    # --- details, on demand and in the second round -------------------------------------------------

    def action_details(self) -> None:
        """The details of the rating just made (the card before this one)."""
        if not self.rated:
            self.app.notify("Rate someone first: d then adds the details of that rating.")
            return
        entry = self.rated[-1]
        scale = score_of(entry.rating.score)
        if scale.details == "none":
            name = self.journal.contact(entry.contact_id).name
            self.app.notify(f"{name} is a {rating_words()[scale.score]}: nothing to add. {scale.todo}")
            return
        self.set_stage("details")
        self.open_details(entry, ("enter save" if scale.details == "plan" else "enter next field · ctrl+s save")
                          + " · escape back, nothing saved")

    def open_details(self, entry: Rated, keys: str, start: str | None = None) -> None:
        """The detail fields of one rating, filled with what it has, in place of the card; the cursor in
        `start`, or else in the first empty field."""
        self.details_for = entry
        self.show_part("#pass-details")
        box = self.query_one("#pass-details")
        scale = score_of(entry.rating.score)
        self.query_one("#pass-details-title", Static).update(styled(
            "[b]$name[/] rated [b]$words[/]. $todo", name=self.journal.contact(entry.contact_id).name,
            words=rating_words()[scale.score], todo=scale.todo))
        for row in box.query(".detail-barriers"):
            row.display = scale.details == "barriers"
        for row in box.query(".detail-plan"):
            row.display = scale.details == "plan"
        for name in DETAIL_FIELDS:
            self.query_one(f"#detail-{name}", Input).value = getattr(entry.rating, name) or ""
        self.show_error("")
        self.query_one("#pass-details-keys", Static).update(styled("[$text-muted]$keys[/]", keys=keys))
        fields = ("barriers", "action", "improve_by") if scale.details == "barriers" else ("plan",)
        start = start or next((name for name in fields if not getattr(entry.rating, name)), fields[0])
        self.query_one(f"#detail-{start}", Input).focus()

    def show_error(self, text: str) -> None:
        label = self.query_one("#detail-error", Label)
        label.update(plain(text))
        label.set_class(bool(text), "-shown")
        self.query_one("#pass-details-keys").display = not text  # in its place: 80x24 holds one of them

    @on(Input.Submitted)
    def _details_entered(self, event: Input.Submitted) -> None:
        """enter moves on to the next field; in the last one it saves."""
        event.stop()
        if self.details_for is None:
            return
        last = "detail-plan" if score_of(self.details_for.rating.score).details == "plan" else "detail-improve_by"
        if event.input.id == last:
            self.action_save_details()
        else:
            self.focus_next()

    def action_save_details(self) -> None:
        entry = self.details_for
        if entry is None:
            return
        fields = {name: self.query_one(f"#detail-{name}", Input).value.strip() for name in DETAIL_FIELDS}
        try:
            # A date ahead: "fri" is the coming Friday, not the last one.
            improve_by = parse_planned_day(fields["improve_by"], self.journal.today(), "Improve by") \
                if fields["improve_by"] else None
            updated = Rating(contact_id=entry.rating.contact_id, date=entry.rating.date, score=entry.rating.score,
                             barriers=fields["barriers"], action=fields["action"], improve_by=improve_by,
                             plan=fields["plan"], id=entry.rating.id)
        except ValueError as error:
            self.show_error(str(error))
            return
        if updated != entry.rating:
            base, entry.rating = entry.rating, updated
            self.later(lambda: self._save_details(base, updated))
        self.details_done()

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

    def details_done(self) -> None:
        self.details_for = None
        self.set_focus(None)
        if self.stage == "dates":
            self.date_position += 1
            self.next_date()
        else:
            self.set_stage("sweep")
            self.show_card()

    def action_close_details(self) -> None:
        self.details_done()  # back to the card; the rating stays as it was

    def action_skip_date(self) -> None:
        self.details_done()  # on to the next person of the second round; this one keeps the rating alone

    # --- the end ------------------------------------------------------------------------------------

    def action_finish(self) -> None:
        """The end of the sweep: the second round over the 1s and 2s without a date, then the summary."""
        self.dates = [entry for entry in self.rated if entry.wants_date]
        self.date_position = 0
        if self.dates:
            self.set_stage("dates")
        self.next_date()

    def next_date(self) -> None:
        if self.date_position >= len(self.dates):
            self.show_summary()
            return
        total = len(self.dates)
        self.show_progress(f"Improve-by dates: {self.date_position + 1} of {total}", self.date_position, total)
        # The round is for the date: the cursor starts there (shift+tab reaches the barriers and the action).
        self.open_details(self.dates[self.date_position],
                          "enter save · shift+tab barriers, action · escape leave without a date", "improve_by")

    def show_summary(self) -> None:
        self.flush()
        self.set_stage("summary")
        self.details_for = None
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
        undated = [names.get(r.contact_id, "?") for r in self.rated if r.wants_date]
        if undated:
            lines.append(styled("[$warning]No improve-by date yet:[/] $who", who=", ".join(undated)))
        lines += ["", styled("[$text-muted]escape to go back[/]")]
        self.show_part("#pass-card")
        self.show_progress("Done", 1, 1)
        self.query_one("#pass-card", Static).update(join_lines(lines))

    def action_leave(self) -> None:
        self.app.pop_screen()
        self.app.refresh_views()

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
