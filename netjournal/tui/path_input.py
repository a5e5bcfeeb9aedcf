"""A file name field that completes paths with tab, as a shell does.

While typing, the completion shows as ghost text after the cursor; `tab` (or `right`, as in every Input) takes
it. `~` is looked up as the home folder and stays `~` in the field; a folder completes with its trailing `/`, so
the next tab goes on inside it. With nothing to complete, `tab` moves to the next field as everywhere else.
"""

from __future__ import annotations

import asyncio

from textual.actions import SkipAction
from textual.binding import Binding
from textual.suggester import Suggester

from ..common.files import complete_path
from .inputs import VisibleInput


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # folders change; file names are case-sensitive

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value)  # a slow disk or network folder never stalls typing


class PathInput(VisibleInput):
    BINDINGS = [Binding("tab", "complete", "Complete", show=False, id="path-complete")]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("suggester", PathSuggester())
        super().__init__(*args, **kwargs)

    def action_complete(self) -> None:
        # Tab pressed before the ghost text arrived completes all the same: asked here, at once.
        completed = None
        if self.cursor_at_end and self.selection.is_empty:
            completed = self._suggestion or complete_path(self.value)  # the suggestion is always for this value
        if not completed or completed == self.value:
            raise SkipAction()  # nothing to complete: tab moves focus on, as the screen's binding does
        self.value = completed
        self.cursor_position = len(completed)
