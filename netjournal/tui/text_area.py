"""A TextArea that shows what it holds with control characters visible, and can say what to save.

The document keeps the exact text; `get_line`, TextArea's documented hook for what a line shows, draws each line
through `visible()` (one character for one, so the cursor and selection stay in place). Use it instead of
textual.widgets.TextArea everywhere in the TUI (a test checks it).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from ..common.safe_text import visible


class VisibleTextArea(TextArea):
    """A TextArea drawn with control characters visible, that can say what to save (`kept_text`)."""

    def __init__(self, text: str = "", **options) -> None:
        super().__init__(text, **options)
        self._given, self._as_loaded = text, self.text

    def load_text(self, text: str) -> None:
        super().load_text(text)
        self._given, self._as_loaded = text, self.text

    def get_line(self, line_index: int) -> Text:
        # TextArea's documented hook for what a line shows: the document keeps the exact text.
        return Text(visible(self.document.get_line(line_index), keep_newlines=True), end="", no_wrap=True)

    @property
    def kept_text(self) -> str:
        """What to save: the text as it was given while nobody changed it, else what the area holds now.

        The editor splits lines at more than `\\n` (`\\r`, `\\x0b`, `\\x1c`, U+2028...) and joins them with one
        newline, so `text` of an untouched area is not always the text it was given.
        """
        return self._given if self.text == self._as_loaded else self.text
