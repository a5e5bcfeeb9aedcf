"""Saved meanwhile: when a form and another netjournal changed the same fields, the person chooses per field.

`save_or_ask()` is how every edit form, picker and the reflection save: it calls the journal, and on an
`EditConflict` shows `ConflictScreen` (each field with the form's value and the newest saved one; `m` keeps
the form's, `t` takes the saved one; `enter` saves those choices on top of the newest record; `escape` goes
back with nothing saved).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.crypto import EncryptedJournal
from ...core.journal import EditConflict, Journal
from ...core.merge import MINE, THEIRS, Conflict
from ...core.errors import JournalError
from ..text import join_lines, plain, styled
from . import FORMS_CSS

T = TypeVar("T")

CONFLICT_CSS = Path(__file__).parent / "conflict.tcss"
PEOPLE_FIELDS = ("with", "helps", "hinders", "introduced_by")


def save_or_ask(app: App[Any], journal: Journal, attempt: Callable[[], T], saved: Callable[[T], None],
                failed: Callable[[str], None], cancelled: Callable[[], None] | None = None) -> None:
    """Run `attempt` (a journal edit); on a conflict ask the person, then save their choices (asking again if
    yet another save came in meanwhile). `saved` gets the stored record, `failed` an error to show,
    `cancelled` is called when the person goes back from the dialog (nothing was saved)."""
    try:
        result = attempt()
    except EditConflict as raised:
        conflict = raised  # `except ... as` forgets its name when the block ends; the dialog answers later

        def chosen(choices: dict[str, str] | None) -> None:
            if choices is None:
                if cancelled is not None:
                    cancelled()
                return
            save_or_ask(app, journal, lambda: conflict.save_with(choices), saved, failed, cancelled)

        app.push_screen(ConflictScreen(journal, conflict), chosen)
        return
    except EncryptedJournal as locked:
        if not locked.while_open:
            failed(str(locked))
            return
        refused = str(locked)

        def unlocked(carried_on: bool | None) -> None:
            if carried_on:  # the journal is taken up again under its new passphrase: the same edit, once more
                save_or_ask(app, journal, attempt, saved, failed, cancelled)
            else:
                failed(refused)

        from .unlock_again import UnlockAgainScreen

        app.push_screen(UnlockAgainScreen(journal, encrypted_meanwhile(locked)), unlocked)
        return
    except (ValueError, JournalError) as error:
        failed(str(error))
        return
    saved(result)


def encrypted_meanwhile(locked: EncryptedJournal) -> str:
    """What happened, without the error's advice to quit (the dialog offers to unlock instead)."""
    return str(locked).split("; nothing more is saved here")[0] + "."


def shown(journal: Journal, field: str, value: Any) -> str:
    """A field's value as a person reads it: names instead of ids, yes/no, (empty)."""
    if field == "goal":  # a critical goal removed in the form and changed elsewhere: the whole goal
        if value is None:
            return "(remove the goal)"
        parts = [value.text]
        parts += [f"{label}: {shown(journal, name, getattr(value, name))}"
                  for name, label in (("helps", "who could help"), ("hinders", "who could hinder"), ("due", "by"))
                  if getattr(value, name)]
        return " · ".join(parts + (["done"] if value.done else []))
    if field in PEOPLE_FIELDS and value:
        names = {c.id: c.name for c in journal.contacts(include_archived=True)}
        ids = value if isinstance(value, list) else [value]
        value = [names.get(i, "(someone since removed)") for i in ids]
    elif field == "roles" and isinstance(value, list):
        roles = {r.id: r.name for r in journal.roles}
        value = [roles.get(r, r) for r in value]
    elif field == "initiated_by":
        value = {"me": "you", "them": "they"}.get(value, value)
    elif field == "channel":
        from .log_form import CHANNEL_LABELS

        value = CHANNEL_LABELS.get(value, value)
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class ConflictScreen(ModalScreen[dict[str, str] | None]):
    """Dismisses with `{conflict key: "mine" | "theirs"}` for every field, or None to go back to the form."""

    CSS_PATH = [FORMS_CSS, CONFLICT_CSS]
    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict-mine"),
        Binding("t", "choose('theirs')", "Take saved", id="conflict-theirs"),
        Binding("enter", "save", "Save", id="conflict-save", priority=True),
        Binding("escape", "cancel", "Back to the form", id="conflict-cancel"),
    ]

    def __init__(self, journal: Journal, conflict: EditConflict) -> None:
        super().__init__(classes="dialog-screen")
        self.journal = journal
        self.conflicts: tuple[Conflict, ...] = conflict.conflicts
        self.what = conflict.what
        self.choices: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict-dialog"):
            yield Static(styled("[b]Saved meanwhile by another netjournal[/]"), classes="question")
            yield Static(styled("$what was changed elsewhere while this form was open, and these fields were "
                                "changed here too. Nothing is saved until you choose, for each, which to keep; "
                                "everything else is merged.", what=self.what), classes="conflict-intro")
            options: list[Option | None] = []
            for n, conflict in enumerate(self.conflicts):
                options += [Option(self.prompt(conflict), id=f"conflict-{n}"), None]  # None: a line between
            yield OptionList(*options[:-1], id="conflict-fields")
            yield Label("", id="conflict-error", classes="field-error", markup=False)
            yield Static(styled("[b]↑↓[/] field · [b]m[/] keep mine · [b]t[/] take the saved one · [b]enter[/] save · "
                                "[b]escape[/] back, nothing saved"), classes="conflict-hint")

    def on_mount(self) -> None:
        fields = self.query_one("#conflict-fields", OptionList)
        fields.highlighted = 0
        fields.focus()

    def prompt(self, conflict: Conflict) -> Content:
        choice = self.choices.get(conflict.key)
        mine_mark = "[$success]●[/]" if choice == MINE else "○"
        theirs_mark = "[$success]●[/]" if choice == THEIRS else "○"
        undecided = "" if choice else "  [$warning](choose m or t)[/]"
        return join_lines([
            styled(f"[b]$label[/]{undecided}", label=conflict.label),
            styled(f" {mine_mark} [b]mine[/]   $value", value=shown(self.journal, conflict.field, conflict.mine)),
            styled(f" {theirs_mark} [b]saved[/]  $value",
                   value=shown(self.journal, conflict.field, conflict.theirs)),
        ])

    def action_choose(self, choice: str) -> None:
        fields = self.query_one("#conflict-fields", OptionList)
        index = fields.highlighted
        if index is None:
            return
        conflict = self.conflicts[index]
        self.choices[conflict.key] = choice
        fields.replace_option_prompt_at_index(index, self.prompt(conflict))
        error = self.query_one("#conflict-error", Label)
        error.remove_class("-shown")
        undecided = [n for n, c in enumerate(self.conflicts) if c.key not in self.choices]
        if undecided:  # on to the next field still to decide
            fields.highlighted = next((n for n in undecided if n > index), undecided[0])

    def action_save(self) -> None:
        undecided = [c.label for c in self.conflicts if c.key not in self.choices]
        if undecided:
            error = self.query_one("#conflict-error", Label)
            # A label can quote the journal (a reflection's prompt), so it goes through plain() like every other.
            error.update(plain(f"Choose m (mine) or t (the saved one) for: {', '.join(undecided)}"))
            error.add_class("-shown")
            return
        self.dismiss(dict(self.choices))

    def action_cancel(self) -> None:
        self.dismiss(None)
