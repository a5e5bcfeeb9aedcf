"""Assign network roles to a person: one key per role toggles it, enter saves, escape cancels.

A role the person has that this computer does not define (it comes from the roles.yaml of another computer
sharing the journal) is listed and kept; the person's form (e) can remove it.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.model import Contact
from ...settings.content import Role
from ..text import join_lines, styled
from . import FORMS_CSS

NOT_DEFINED_HERE = "(not defined on this computer)"


class RolePicker(ModalScreen[list[str] | None]):
    """Dismisses with the chosen role ids, or None when cancelled."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("enter,ctrl+s", "save", "Save", id="roles-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="roles-cancel"),
    ]

    def __init__(self, contact: Contact, roles: tuple[Role, ...]) -> None:
        super().__init__(classes="dialog-screen")
        self.contact = contact
        self.roles = roles
        known = {role.id for role in roles}
        self.chosen = [r for r in contact.roles if r in known]
        self.kept = [r for r in contact.roles if r not in known]  # never dropped by the picker

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog role-picker"):
            yield Static(styled("[b]Roles $name plays in your network[/]", name=self.contact.name), classes="question")
            yield Static(id="role-lines")
            yield Static("[$text-muted]press a role's key to switch it on or off · enter save · escape cancel[/]")

    def on_mount(self) -> None:
        self.show_roles()

    def show_roles(self) -> None:
        lines = []
        for role in self.roles:
            mark = "[$success]■[/]" if role.id in self.chosen else "[$text-muted]□[/]"
            lines.append(styled(f"{mark} [b]$key[/]  $name  [$text-muted]$description[/]", key=role.key, name=role.name,
                                description=role.description))
        for role_id in self.kept:
            lines.append(styled("[$success]■[/]    $role $mark  [$text-muted]kept; e (edit the person) can remove it[/]",
                                role=role_id, mark=NOT_DEFINED_HERE))
        self.query_one("#role-lines", Static).update(join_lines(lines))

    def on_key(self, event: events.Key) -> None:
        role = next((r for r in self.roles if r.key == event.character), None)
        if role is None:
            return
        event.stop()
        if role.id in self.chosen:
            self.chosen.remove(role.id)
        else:
            self.chosen.append(role.id)
        self.show_roles()

    def action_save(self) -> None:
        # The roles the person had, in their stored order (those not defined here included), then the new ones.
        order = [r.id for r in self.roles]
        had = [r for r in self.contact.roles if r in self.chosen or r in self.kept]
        self.dismiss(had + sorted((r for r in self.chosen if r not in had), key=order.index))

    def action_cancel(self) -> None:
        self.dismiss(None)
