"""Review a calendar import before anything is written: each meeting that happened, with its date, title and who
in the journal it was with. Space leaves the highlighted one out (or back in), `a` adds the people met who are
not in the journal (and their meetings), enter logs the rest; escape leaves the journal as it was.

The screen only marks the plan (`skip`, `add_people`) and dismisses True; the import screen writes it.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.model import CHANNELS
from ...io.calendar import CalendarPlan, PlannedMeeting, logged_words
from ...io.plan_words import and_list, counted
from ..text import join_lines, plain, styled
from . import FORMS_CSS
from .log_form import CHANNEL_LABELS

CSS = [FORMS_CSS, Path(__file__).with_suffix(".tcss")]


class CalendarReviewScreen(ModalScreen[bool]):
    """Dismisses True to log what is left in the plan, False to write nothing."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("space", "toggle_skip", "Skip", id="calendar-skip"),
        Binding("a", "toggle_people", "Add people", id="calendar-add-people"),
        Binding("b", "toggle('business')", "Business", id="calendar-business"),
        Binding("f", "toggle('formal')", "Formal", id="calendar-formal"),
        Binding("c", "next_channel", "Channel", id="calendar-channel"),
        Binding("enter", "log", "Log the rest", id="calendar-log", priority=True),
        Binding("escape", "cancel", "Cancel", id="calendar-cancel"),
    ]

    def __init__(self, plan: CalendarPlan, source: str) -> None:
        super().__init__(classes="dialog-screen")
        self.plan, self.source = plan, source

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog calendar-review"):
            yield Static(plain(f"Log the meetings in {self.source}?", keep_newlines=False), classes="question")
            yield Static(id="calendar-counts")
            # Titles and names from the file: drawn as text, never as markup.
            yield OptionList(*[Option(self._prompt(m), id=str(i)) for i, m in enumerate(self.plan.past)],
                             id="calendar-meetings")
            yield Static(id="calendar-people", classes="calendar-people")
            yield Static("space skips a meeting (or brings it back); b business or not, f formal or informal, "
                         "c the channel of the highlighted one; a adds the people you met who are not in your "
                         "journal; enter logs the rest; escape writes nothing.", classes="form-hint-top",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one("#calendar-meetings", OptionList).focus()
        self._refresh_words()

    def _prompt(self, meeting: PlannedMeeting) -> Content:
        adding = self.plan.add_people
        names = [c.name for c in meeting.known] + ([p.name for p in meeting.unknown] if adding else [])
        loggable = bool(names)
        mark = "[ ]" if meeting.skip or not loggable else "[x]"
        when = meeting.start.replace("T", " ")
        if names:
            who = "with " + and_list(names)
        else:
            who = f"nobody in your journal ({and_list([p.name for p in meeting.unknown])})"
        how = " · ".join([CHANNEL_LABELS.get(meeting.channel, meeting.channel),
                          "formal" if meeting.formal else "informal",
                          "business" if meeting.business else "non-business"])
        template = "$mark $when  [b]$title[/b]  $who  [$text-muted]($how)[/]" if loggable and not meeting.skip \
            else "$mark $when  $title  [$text-muted]$who ($how)[/]"
        if meeting.skip:
            template += "  [$text-muted](skipped)[/]"
        return styled(template, mark=mark, when=when, title=meeting.title, who=who, how=how)

    def _refresh_words(self) -> None:
        plan = self.plan
        logging, keeping = plan.to_log(), plan.to_keep()
        counts = [f"Logs {logged_words(len(logging))}."]
        if keeping:
            counts.append(f"Keeps {counted(len(keeping), 'meeting', 'meetings')} ahead for Today.")
        if plan.already:
            counts.append(f"{counted(len(plan.already), 'meeting is', 'meetings are')} already in the journal.")
        self.query_one("#calendar-counts", Static).update(join_lines(plain(text, keep_newlines=False)
                                                                     for text in counts))
        people = [person.words for person, _ in plan.unknown.values()]
        words: list[str] = []
        if people and plan.add_people:
            words = [f"Adds {counted(len(people), 'person', 'people')} you met: {and_list(people)} (a: don't)"]
        elif people:
            number = counted(len(people), "person you met is", "people you met are")
            words = [f"{number} not in your journal: {and_list(people)} (a adds them)"]
        self.query_one("#calendar-people", Static).update(join_lines(plain(text, keep_newlines=False)
                                                                     for text in words))

    def _redraw(self) -> None:
        options = self.query_one("#calendar-meetings", OptionList)
        for index, meeting in enumerate(self.plan.past):
            options.replace_option_prompt_at_index(index, self._prompt(meeting))
        self._refresh_words()

    def action_toggle_skip(self) -> None:
        options = self.query_one("#calendar-meetings", OptionList)
        index = options.highlighted
        if index is None or not self.plan.past:
            return
        meeting = self.plan.past[index]
        meeting.skip = not meeting.skip
        options.replace_option_prompt_at_index(index, self._prompt(meeting))
        self._refresh_words()
        if index + 1 < len(self.plan.past):  # on to the next, as a checklist is gone through
            options.highlighted = index + 1

    def _highlighted(self) -> PlannedMeeting | None:
        index = self.query_one("#calendar-meetings", OptionList).highlighted
        return None if index is None or not self.plan.past else self.plan.past[index]

    def action_toggle(self, what: str) -> None:
        """Business or not, formal or not: the defaults are guesses from the invitation; the person knows."""
        meeting = self._highlighted()
        if meeting is not None:
            setattr(meeting, what, not getattr(meeting, what))
            self._redraw()

    def action_next_channel(self) -> None:
        meeting = self._highlighted()
        if meeting is not None:
            meeting.channel = CHANNELS[(CHANNELS.index(meeting.channel) + 1) % len(CHANNELS)]
            self._redraw()

    def action_toggle_people(self) -> None:
        self.plan.add_people = not self.plan.add_people
        self._redraw()

    def action_log(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
