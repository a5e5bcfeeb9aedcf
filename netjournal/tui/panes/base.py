"""What every pane of the main screen shares: a border title, maximising, and redrawing from the journal."""

from __future__ import annotations

from textual.containers import Vertical
from textual.message import Message

from ...core.journal import Journal


class Pane(Vertical, can_focus=False):
    """A bordered area of the main screen. Subclasses draw themselves in `show_data`."""

    ALLOW_MAXIMIZE = True  # `z` maximises the pane that holds the focus, not the widget inside it
    TITLE = ""

    class PersonChosen(Message):
        """Open the person (enter), or edit them (e in the Contacts pane)."""

        def __init__(self, contact_id: str, edit: bool = False) -> None:
            super().__init__()
            self.contact_id, self.edit = contact_id, edit

    class RolesRequested(Message):
        """Assign network roles to this person (o)."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    def __init__(self, journal: Journal, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane")
        self.journal = journal
        self.border_title = self.TITLE

    FIRST_PAINT = False  # True for the pane that must have its data in the very first frame

    def on_mount(self) -> None:
        if self.FIRST_PAINT:
            self.show_data()
        else:
            # Drawn right after the first frame, so the Contacts pane appears without waiting for the others.
            self.call_after_refresh(self.show_data)

    def show_data(self) -> None:  # overridden by every pane; the base has nothing of its own to draw
        pass

    def focus_first(self) -> None:
        """Put the keyboard focus on the pane's main widget."""
        for widget in self.query("*"):
            if widget.focusable and widget.display:
                widget.focus()
                return
