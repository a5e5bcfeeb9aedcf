"""Role map pane: which people fill each network role, and which roles nobody fills."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from ...content import builtin_roles
from .base import Pane


class RoleMapPane(Pane):
    TITLE = "4 Role map"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="roles-scroll", can_focus=True):
            yield Static(id="roles-map")

    def show_data(self) -> None:
        people = self.journal.contacts()
        lines = []
        gaps = 0
        for role in builtin_roles():
            filled = [p.name for p in people if role.id in p.roles]
            if filled:
                lines.append(f"[b]{escape(role.name)}[/] ({len(filled)}): {escape(', '.join(filled))}")
            else:
                gaps += 1
                lines.append(f"[b]{escape(role.name)}[/]: [$error]nobody yet[/]")
        levels = Counter(p.level or "not set" for p in people)
        sides = Counter(p.side or "not set" for p in people)
        no_role = sum(1 for p in people if not p.roles)
        lines.append("")
        lines.append("Spread: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))
        lines.append("        " + ", ".join(f"{k} {v}" for k, v in sorted(sides.items())))
        lines.append(f"People with no role: {no_role}")
        self.query_one("#roles-map", Static).update("\n".join(lines))
        self.border_subtitle = f"{gaps} empty roles" if gaps else "every role filled"
