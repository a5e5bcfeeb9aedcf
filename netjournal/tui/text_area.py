"""A TextArea that shows what it holds with control characters visible, and can say what to save.

The document keeps the exact text; `get_line`, TextArea's documented hook for what a line shows, draws each line
through `visible()` (one character for one, so the cursor and selection stay in place). Use it instead of
textual.widgets.TextArea everywhere in the TUI (a test checks it).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.widget import Widget
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


class GrowingTextArea(VisibleTextArea):
    """A VisibleTextArea as tall as what it holds, soft-wrapped lines included.

    Its `height: auto` (and a min-height) is set in the .tcss of the screen that uses it: TextArea reports the
    wrapped document's height as its content height. Being as tall as its text, it never scrolls itself, so after
    each key or paste the containers it sits in scroll to keep the cursor in view (the person's own moves only:
    TextArea also asks to see its cursor on every resize and new text, which would drag the screen around as a
    week loads).
    """

    def _on_key(self, event: events.Key) -> None:
        # Runs beside TextArea's own handler (Textual calls each class's); bindings (arrows, enter) run after it.
        self.call_after_refresh(self.reveal_cursor)  # after the layout has the new height

    def _on_paste(self, event: events.Paste) -> None:
        self.call_after_refresh(self.reveal_cursor)

    def reveal_cursor(self) -> None:
        """Scroll the nearest scrolling container so that the cursor's line (and the one below) is in view."""
        if not self.has_focus:
            return
        cursor = self.cursor_screen_offset
        for container in self.ancestors:
            if isinstance(container, Widget) and container.allow_vertical_scroll:
                top = cursor.y - container.content_region.y + round(container.scroll_y)
                container.scroll_to_region(Region(0, top, 1, 2), animate=False, force=True, immediate=True)
                return
