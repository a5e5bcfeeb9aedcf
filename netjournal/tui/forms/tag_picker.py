"""Choose one interest tag (for a rating pass over the people who share it); empty means everyone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from ..inputs import VisibleInput
from ..text import plain
from . import FORMS_CSS


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
            yield VisibleInput(self.current, id="tag", suggester=SuggestFromList(self.tags, case_sensitive=False))
            yield Label(plain(", ".join(self.tags[:30]) or "No tags in your journal yet."))
            yield Label("", id="tag-error", classes="field-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        tag = event.value.strip()
        if tag and tag.casefold() not in {t.casefold() for t in self.tags}:
            error = self.query_one("#tag-error", Label)
            error.update(plain(f"Nobody has the tag {tag!r}."))
            error.add_class("-shown")
            return
        self.dismiss(tag)

    def action_cancel(self) -> None:
        self.dismiss(None)
