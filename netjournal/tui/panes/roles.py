"""Role map pane: your critical goals with who could help or hinder, who fills each network role, which roles
nobody fills, and how the network spreads.

`c` edits the critical goals; `o` assigns roles to the person under the cursor; `enter` opens them.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.message import Message
from textual.widgets.option_list import Option

from ...common.counted import counted
from ...insights.facts import network_spread, role_gaps
from ...core.errors import JournalError
from ..text import join_lines, plain, styled
from .base import Pane

BAR_WIDTH = 14
NO_ROLE = "-"
GOALS = "goal:"  # what the option ids of the critical-goal lines start with: enter on one edits them all
MOST_UNASSIGNED = 40  # people listed under "No role yet"; a 2,000-person network would bury the roles


def bar(count: int, most: int) -> str:
    filled = round(BAR_WIDTH * count / most) if most else 0
    return "█" * filled + "[$text-muted]" + "·" * (BAR_WIDTH - filled) + "[/]"


class RoleMapPane(Pane):
    TITLE = "4 Role map"
    BINDINGS = [
        Binding("o", "assign_roles", "Roles", id="roles-assign"),
        Binding("c", "edit_goals", "Critical goals", id="roles-goals"),
    ]

    class GoalsRequested(Message):
        """Edit the critical goals (c)."""

    def compose(self) -> ComposeResult:
        yield OptionList(id="roles-people")
        with VerticalScroll(id="roles-spread-box"):
            yield Static(id="roles-spread")

    def show_data(self) -> None:
        people = list(self.journal.by_name())  # kept, read-only: not built again on every redraw
        roles = self.journal.roles
        gaps = role_gaps(people, [r.id for r in roles])
        options = self.query_one("#roles-people", OptionList)
        before = self._person_under_cursor()
        highlighted = options.highlighted
        lines: list[Option] = self._goals({p.id: p.name for p in people})
        for role in roles:
            filling = [p for p in people if role.id in p.roles]
            if filling:
                lines.append(Option(styled(f"[b]$role[/] ({len(filling)})", role=role.name), disabled=True))
                lines.extend(Option(plain("  " + p.name, keep_newlines=False), id=f"{role.id}:{p.id}") for p in filling)
            else:
                lines.append(Option(styled("[b]$role[/] [$error]gap: nobody yet[/]\n  [$text-muted]$find[/]",
                                           role=role.name, find=role.find or role.description), disabled=True))
        unassigned = [p for p in people if not p.roles]
        if unassigned:
            lines.append(Option(styled(f"[b]No role yet[/] ({len(unassigned)}) [$text-muted]o to assign[/]"), disabled=True))
            lines.extend(Option(styled("  [$text-muted]$name[/]", name=p.name), id=f"{NO_ROLE}:{p.id}")
                         for p in unassigned[:MOST_UNASSIGNED])
            if len(unassigned) > MOST_UNASSIGNED:
                lines.append(Option(styled(f"  [$text-muted]… and {len(unassigned) - MOST_UNASSIGNED} more: o in the "
                                           "Contacts pane assigns roles to anyone[/]"), disabled=True))
        # One batch: adding options one at a time re-measures the list each time.
        options.clear_options()
        options.add_options(lines)
        # Stay on the same person (their place moves when their roles change), else on the same line.
        same = [i for i, line in enumerate(lines) if before and (line.id or "").endswith(":" + before)]
        if same:
            options.highlighted = same[0]
        elif highlighted is not None and lines:
            options.highlighted = min(highlighted, len(lines) - 1)
        self.query_one("#roles-spread", Static).update(self._spread(people))
        self.border_subtitle = (counted(len(gaps), "empty role") if gaps
                                else "every role filled")

    def _goals(self, names: dict[str, str]) -> list[Option]:
        """The open critical goals first, each with who could help and hinder; a goal with nobody is a prompt.

        They are lines of the list, so they scroll with the roles and enter on one edits them.
        """
        goals = self.journal.focus_goals(include_done=False)
        if not goals:
            return [Option(styled("[b]Critical goals[/] [$text-muted]none yet: c names up to three, with who could help "
                                  "or hinder each[/]"), id=GOALS)]
        from ...insights.value import goals_without_people  # here: drawn after the first frame (~5 ms of start-up)

        alone = {g.id for g in goals_without_people(goals)}
        lines = [Option(styled("[b]Critical goals[/] [$text-muted](c or enter edits)[/]"), disabled=True)]
        for number, goal in enumerate(goals, start=1):
            overdue = goal.due is not None and goal.due < self.journal.today().isoformat()
            # Stored values only ever go in as $values, never into the template: they are not markup.
            due = (" [$warning]overdue since $due[/]" if overdue else " [$text-muted]by $due[/]") if goal.due else ""
            text = [styled(f"{number}. $text{due}", text=goal.text, due=goal.due or "")]
            if goal.id in alone:
                text.append(styled("   [$warning]nobody beside it yet: who could help, who could stand in the "
                                   "way?[/]"))
            for label, ids in (("helps", goal.helps), ("hinders", goal.hinders)):
                if ids:
                    who = ", ".join(self._person_name(i, names) for i in ids)
                    text.append(styled(f"   [$text-muted]{label}:[/] $who", who=who))
            lines.append(Option(join_lines(text), id=GOALS + goal.id))
        return lines

    def _person_name(self, contact_id: str, active: dict[str, str]) -> str:
        """Active people from the list at hand; an archived one (rare here) looked up on its own."""
        if contact_id in active:
            return active[contact_id]
        try:
            return self.journal.contact(contact_id).name + " (archived)"
        except JournalError:
            return "?"

    def action_edit_goals(self) -> None:
        self.post_message(self.GoalsRequested())

    def _spread(self, people) -> str:
        spread = network_spread(people)
        lines = ["[b]Spread of your network[/]"]
        for title, key in (("Level", "level"), ("Side", "side"), ("Network", "network"), ("Roles", "roles")):
            counts = spread[key]
            most = max(counts.values()) or 1
            for value, count in counts.items():
                if value == "not set" and not count:
                    continue
                lines.append(f"{title if value == next(iter(counts)) else '':8}{value:12}{bar(count, most)} {count}")
        levels = {k: v for k, v in spread["level"].items() if k != "not set" and v}
        if levels and set(levels) == {"up"}:
            lines.append("[$warning]Everyone you placed is above you: talk to peers and people outside too.[/]")
        sides = {k: v for k, v in spread["side"].items() if k != "not set" and v}
        if sides and set(sides) == {"internal"}:
            lines.append("[$warning]Everyone is inside your organisation: who outside would you learn from?[/]")
        return "\n".join(lines)

    def _person_under_cursor(self) -> str | None:
        options = self.query_one("#roles-people", OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return option_id.split(":", 1)[1] if option_id and not option_id.startswith(GOALS) else None

    def action_assign_roles(self) -> None:
        contact_id = self._person_under_cursor()
        if contact_id is None:
            self.app.notify("Move to a person first (the people under each role, or under No role yet).")
            return
        self.post_message(self.RolesRequested(contact_id))

    @on(OptionList.OptionSelected, "#roles-people")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (event.option.id or "").startswith(GOALS):
            self.action_edit_goals()
            return
        contact_id = self._person_under_cursor()
        if contact_id:
            self.post_message(self.PersonChosen(contact_id))
