"""Critical goals: up to three goals for the coming months, and beside each the people who could help or hinder.

The career-allies exercise: writing the names down shows who to win over and which goal has nobody yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from ...core.journal import Journal
from ...core.model import FocusGoal, parse_planned_day
from ..inputs import VisibleInput
from .base import FormScreen, labelled, row
from .confirm import ConfirmScreen
from .names import PeopleInput


class GoalChanges(NamedTuple):
    goals: list[FocusGoal]
    removed: list[FocusGoal]
    # Per slot of the form: the goal as the form loaded it (None: an empty slot) and the form's version of it
    # (None: removed or left empty). Saved with Journal.edit_focus_goals, merged with the newest goals.
    edits: list[tuple[FocusGoal | None, FocusGoal | None]]


class FocusGoalsForm(FormScreen[GoalChanges]):
    """Edits the open goals in place; a goal whose text is cleared is removed (after asking).

    Each goal saves only what was changed from it as the form loaded it, on top of the newest saved goal.
    """

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.open_goals = journal.focus_goals(include_done=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("[b]Critical goals for the coming months[/]", classes="form-title")
            yield Static("Up to three. Beside each, who could help you reach it and who could stand in the way: "
                         "the people to win over.", classes="form-hint-top")
            with VerticalScroll(classes="form-fields"):
                for n in range(1, FocusGoal.MOST_OPEN + 1):
                    goal = self.open_goals[n - 1] if n <= len(self.open_goals) else None
                    yield Label(f"[b]Goal {n}[/]", classes="goal-number")
                    yield from labelled("What", VisibleInput(goal.text if goal else "", id=f"field-text_{n}"))
                    yield from row(labelled("Who could help (names, commas)",
                                            PeopleInput(self.journal, goal.helps if goal else [],
                                                        id=f"field-helps_{n}")),
                                   labelled("Who could hinder",
                                            PeopleInput(self.journal, goal.hinders if goal else [],
                                                        id=f"field-hinders_{n}")))
                    yield from row(labelled("By (optional): in 3 months, fri",
                                            VisibleInput((goal.due or "") if goal else "", id=f"field-due_{n}")),
                                   [Label(" ", classes="field-label"),
                                    Checkbox("Done", False, id=f"field-done_{n}", disabled=goal is None)])
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field · clear a goal's text to remove it",
                         classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-text_1", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def build(self) -> GoalChanges:
        goals, removed = [], []
        edits: list[tuple[FocusGoal | None, FocusGoal | None]] = []
        for n in range(1, FocusGoal.MOST_OPEN + 1):
            value = {name: self.query_one(f"#field-{name}_{n}", Input).value for name in
                     ("text", "helps", "hinders", "due")}
            existing = self.open_goals[n - 1] if n <= len(self.open_goals) else None
            if not value["text"].strip():
                if existing is not None:
                    removed.append(existing)
                elif any(value[name].strip() for name in ("helps", "hinders", "due")):
                    raise ValueError(f"text_{n}: write the goal, or clear the names and date beside it")
                edits.append((existing, None))
                continue
            helps = self.query_one(f"#field-helps_{n}", PeopleInput).ids()  # errors name helps_<n>
            hinders = self.query_one(f"#field-hinders_{n}", PeopleInput).ids()
            try:
                due = value["due"].strip()
                goal = FocusGoal(text=value["text"], helps=helps, hinders=hinders,
                                 due=parse_planned_day(due, self.journal.today(), "due") if due else None,
                                 done=self.query_one(f"#field-done_{n}", Checkbox).value,
                                 **({"id": existing.id} if existing else {}))
            except ValueError as error:
                field, _, detail = str(error).partition(": ")
                raise ValueError(f"{field}_{n}: {detail}") from None
            goals.append(goal)
            edits.append((existing, goal))
        return GoalChanges(goals, removed, edits)

    def confirm_before_store(self, result: GoalChanges, proceed: Callable[[], None]) -> None:
        if not result.removed:
            proceed()
            return
        which = "; ".join(goal.text for goal in result.removed)
        self.app.push_screen(ConfirmScreen(f"Remove the goal {which!r}? (Done keeps it in the record.)",
                                           yes="Remove", no="Go back"),
                             lambda yes: proceed() if yes else None)

    def store(self, result: GoalChanges) -> GoalChanges:
        self.journal.edit_focus_goals(result.edits)
        return result

    def saved_value(self, result: GoalChanges, stored: object) -> GoalChanges:
        return result
