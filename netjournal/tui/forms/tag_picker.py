"""Choose one interest tag (for a rating pass over the people who share it); empty means everyone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from ...common.folding import fold, folded_prefix_end
from ..inputs import VisibleInput
from ..text import plain
from . import FORMS_CSS


class FoldedTagSuggester(Suggester):
    """Ghost text for a tag, matched folding case and accents: `cafe` goes on to the rest of `café culture`."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        if value != value.strip():
            return None
        for tag in self.tags:
            end = folded_prefix_end(tag, value)
            if end is not None and end < len(tag):
                return value + tag[end:]
        return None


class TagPicker(ModalScreen[str | None]):
    """Dismisses with the tag ("" for no tag), or None when cancelled."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tag-cancel")]

    def __init__(self, tags: list[str], current: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.tags = tags
        self.current = current or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Rate the people with this interest tag (empty: no tag)", classes="question",
                         markup=False)
            yield VisibleInput(self.current, id="tag", suggester=FoldedTagSuggester(self.tags))
            yield Label(plain(", ".join(self.tags[:30]) or "No tags in your journal yet."))
            yield Label("", id="tag-error", classes="field-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        tag = event.value.strip()
        stored = next((t for t in self.tags if fold(t) == fold(tag)), None)
        if tag and stored is None:
            error = self.query_one("#tag-error", Label)
            error.update(plain(f"Nobody has the tag {tag!r}."))
            error.add_class("-shown")
            return
        self.dismiss(stored or "")  # as stored: `cafe` typed is the tag café

    def action_cancel(self) -> None:
        self.dismiss(None)
