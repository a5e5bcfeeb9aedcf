"""Role map pane: which people fill each network role, and which roles nobody fills."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from ...content import builtin_roles
from ...model import LEVELS, NETWORKS, SIDES
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
        lines.append("")
        for label, field, values in (("Level", "level", LEVELS), ("Side", "side", SIDES),
                                     ("Network", "network", NETWORKS)):
            counts = Counter(getattr(p, field) or "not set" for p in people)
            spread = " · ".join(f"{value} {counts[value]}" for value in (*values, "not set") if counts[value])
            lines.append(f"{label}: {spread or 'nobody yet'}")
        lines.append(f"People with no role: {sum(1 for p in people if not p.roles)}")
        self.query_one("#roles-map", Static).update("\n".join(lines))
        self.border_subtitle = f"{gaps} empty roles" if gaps else "every role filled"
