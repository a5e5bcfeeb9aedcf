"""FormScreen: a modal form that saves with ctrl+s, cancels with escape, and shows errors beside the field.

Model and journal errors start with the field's name (`email: 'x' is not an email address`), so an error finds
its own place in the form: the widget with id `field-<name>` and the label `error-<name>` under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, TextArea

from ..text import plain
from . import FORMS_CSS
from .confirm import ConfirmScreen

T = TypeVar("T")


def labelled(label: str, widget: Widget) -> Iterator[Widget]:
    """A field: its label, the widget, and the line its error appears on."""
    name = (widget.id or "").removeprefix("field-")
    yield Label(label, classes="field-label")
    yield widget
    yield Label("", id=f"error-{name}", classes="field-error", markup=False)


def row(*columns: Iterable[Widget]) -> Iterator[Widget]:
    """Fields side by side, each column a `labelled` field (or any widgets). Their errors go under the row, the
    full width of the form, where a long one wraps instead of being cut at the column's edge."""
    widgets = [list(column) for column in columns]
    yield Horizontal(*(Vertical(*(w for w in column if not w.has_class("field-error"))) for column in widgets),
                     classes="row")
    yield from (w for column in widgets for w in column if w.has_class("field-error"))


class FormScreen(ModalScreen[T], Generic[T]):
    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="form-screen")
        self._initial: tuple[Any, ...] = ()
        self._errors_shown: list[Label] = []  # the error lines and fields show_error marked, for clear_errors
        self._invalid: list[Widget] = []

    def on_mount(self) -> None:
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        self._initial = self.values()
        # The field a form opens on waits with the cursor after its text: Textual selects a field's text when it
        # gets focus, so the first key typed after `e` (or on a corrected topic) silently replaced a name. Moving
        # into a field with tab still selects it, as in any form, to type a new value over the old.
        if isinstance(self.focused, Input) and not self.focused.selection.is_empty:
            self.focused.action_end()

    def values(self) -> tuple[Any, ...]:
        """What the person has in the form right now; compared on escape to see if anything was typed."""
        found: list[Any] = []
        for widget in self.query("Input, TextArea, Checkbox, Select, SelectionList"):
            if isinstance(widget, Input):
                found.append(widget.value)
            elif isinstance(widget, TextArea):
                found.append(widget.text)
            elif isinstance(widget, (Checkbox, Select)):
                found.append(widget.value)
            elif isinstance(widget, SelectionList):
                found.append(tuple(widget.selected))
        return tuple(found)

    # --- saving -----------------------------------------------------------------------------

    def build(self) -> T:
        """Turn the form into the record to save; raise ValueError('field: why') for bad input."""
        raise ValueError("form: this form cannot be saved")

    def store(self, result: T) -> T:
        """Write the record through the journal; the default saves nothing.

        A form that edits a saved record keeps it as loaded (the base) and saves through the journal's
        `edit_*` methods, so that only what the person changed is saved, on top of the newest record.
        """
        return result

    def confirm_before_store(self, result: T, proceed: Callable[[], None]) -> None:
        """Ask the person something before storing (a duplicate name); the default proceeds."""
        proceed()

    def action_save(self) -> None:
        self.clear_errors()
        try:
            result = self.build()
        except ValueError as error:
            self.show_error(str(error))
            return

        def proceed() -> None:
            from .conflict import save_or_ask

            # An edit saved meanwhile by another netjournal is merged; fields both changed are asked about.
            journal = getattr(self, "journal", None) or self.app.journal  # type: ignore[attr-defined]
            save_or_ask(self.app, journal, lambda: self.store(result),
                        saved=lambda stored: self.dismiss(self.saved_value(result, stored)),
                        failed=self.show_error)

        self.confirm_before_store(result, proceed)

    def saved_value(self, result: T, stored: Any) -> T:
        """What the form is dismissed with: what `store` returned (or, after the "saved meanwhile" dialog,
        what the journal saved)."""
        return stored

    def clear_errors(self) -> None:
        # Only what show_error marked: every ctrl+s starts here, and walking the form's widgets twice and
        # updating each (empty) error line cost the log form several milliseconds before it saved.
        for label in self._errors_shown:
            label.update("")
            label.remove_class("-shown")
        for widget in self._invalid:
            widget.remove_class("-invalid")
        self._errors_shown, self._invalid = [], []

    def show_error(self, message: str) -> None:
        field, _, detail = message.partition(": ")
        targets = self.query(f"#error-{field}") if detail and field.replace("_", "").isalnum() else None
        if targets:
            error = targets.first(Label)
            error.update(plain(detail))  # errors quote names
            error.add_class("-shown")
            self._errors_shown.append(error)
            for widget in self.query(f"#field-{field}"):
                widget.add_class("-invalid")
                self._invalid.append(widget)
                widget.focus()
            # Focus scrolls the field into view; the error under it, once laid out, too (a short terminal).
            self.call_after_refresh(error.scroll_visible, animate=False)
        else:
            general = self.query_one("#error-form", Label)
            general.update(plain(message))
            general.add_class("-shown")
            self._errors_shown.append(general)
            self.call_after_refresh(general.scroll_visible, animate=False)

    # --- cancelling ----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.values() == self._initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed?", yes="Discard", no="Keep editing"), answered)
