"""Prompts pane: this week's reflection prompts, each with why it was chosen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.model import week_key
from ..text import join_lines, styled
from .base import Pane


class PromptsPane(Pane):
    TITLE = "3 Prompts"
    BINDINGS = [
        Binding("n", "another", "Another", id="prompts-another"),
    ]

    class ReflectRequested(Message):
        """Open the weekly reflection at this prompt."""

        def __init__(self, prompt_id: str) -> None:
            super().__init__()
            self.prompt_id = prompt_id

    def __init__(self, journal, *, id: str | None = None) -> None:
        super().__init__(journal, id=id)
        self.skip = 0

    def compose(self) -> ComposeResult:
        yield OptionList(id="prompts-list")
        yield Static("", id="prompts-state")

    def show_data(self) -> None:
        # Imported here, after the first frame: choosing prompts reads every insight module (~10 ms of start-up).
        from ...insights.weekly import week_prompts

        week = week_key(self.journal.today())
        chosen = week_prompts(self.journal, self.app.prompts, week, skip=self.skip)
        options = self.query_one("#prompts-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for item in chosen:
            lines: list = [item.text]
            if item.reason is not None:
                lines.append(styled("[$warning]because $why[/]", why=item.reason.why))
            options.add_option(Option(join_lines(lines), id=item.prompt.id))
        if chosen:
            options.highlighted = min(highlighted or 0, len(chosen) - 1)
        written = self.journal.reflection(week)
        answered = sum(1 for a in written.answers if a.answer.strip()) if written else 0
        self.query_one("#prompts-state", Static).update(
            f"[$text-muted]{answered} answered · enter to write · w the whole reflection · n another[/]")  # week: subtitle
        self.border_subtitle = week

    def action_another(self) -> None:
        self.skip += 1
        self.show_data()

    @on(OptionList.OptionSelected, "#prompts-list")
    def _reflect(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.ReflectRequested(event.option.id))
