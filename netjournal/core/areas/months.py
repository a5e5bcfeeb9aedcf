"""Monthly goals: what to practise this month, and the actions and results written down for it."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import JournalError
from ..model import MonthGoal, PracticeNote, month_dates, parse_month, utc_now


class MonthGoalNotFound(JournalError):
    """The goal was removed (in another window, or by `month-goal drop`) after it was shown."""


class MonthsArea:
    def month_goals(self, month: str) -> list[MonthGoal]:
        month = parse_month(month)
        goals = [MonthGoal.from_stored(doc) for doc in self._docs("month_goals") if doc["month"] == month]
        return sorted(goals, key=lambda g: g.created_at)  # stable: goals set in one second keep their order

    def all_month_goals(self) -> list[MonthGoal]:
        # as month_goals() orders each month: not by id, which is random, for goals set within one second
        return sorted(self._all(MonthGoal), key=lambda g: (g.month, g.created_at))

    def month_goal(self, goal_id: str) -> MonthGoal:
        goal = self._find(MonthGoal, goal_id)
        if goal is None:
            raise MonthGoalNotFound("that monthly goal is no longer in the journal (removed in another window?)")
        return goal

    def add_month_goal(self, goal: MonthGoal) -> MonthGoal:
        """A new goal for its month. The same goal twice in one month is refused (`set_month_goal` changes the
        count of the one there)."""
        with self._change():
            self._check_month_goal(goal)
            if self._same_goal(goal) is not None:
                raise ValueError(f"kind: {goal.month} already has this goal")
            self._insert(goal)
        return goal

    def set_month_goal(self, goal: MonthGoal) -> tuple[MonthGoal, bool]:
        """Set a goal as the person asks for it (`g`, `month-goal add`): a new one, or, when the month already has
        the same goal, that one with the new count and its notes kept. Returns the goal and whether it is new."""
        with self._change():
            self._check_month_goal(goal)
            same = self._same_goal(goal)
            if same is None:
                self._insert(goal)
                return goal, True
            if same.count == goal.count:
                raise ValueError(f"kind: {goal.month} already has this goal, for {goal.count}; give another count "
                                 "to change it")
            return self.change_month_goal(same.id, count=goal.count), False

    def _same_goal(self, goal: MonthGoal) -> MonthGoal | None:
        """The goal of the month with the same kind and target (own goals are all different)."""
        if goal.kind == "own":
            return None
        return next((other for other in self.month_goals(goal.month)
                     if other.id != goal.id and _target(other) == _target(goal)), None)

    def change_month_goal(self, goal_id: str, *, count: int | None = None, text: str | None = None,
                          done: bool | None = None) -> MonthGoal:
        """Change the fields given, on the newest stored goal (another window may have added notes meanwhile)."""
        with self._change():
            goal = self.month_goal(goal_id)
            values = goal.to_record()
            if count is not None:
                values["count"] = count
            if text is not None:
                values["text"] = text
            if done is not None:
                if goal.kind != "own":  # a counted goal is met from the log; a tick would contradict it
                    raise ValueError("done: only a goal in your own words is ticked by hand; the others are met "
                                     "from the log")
                values["done"] = done
            changed = MonthGoal.from_record(values)
            if changed.to_record() != goal.to_record():
                changed.updated_at = utc_now()
                self._replace(changed)
            return changed

    def drop_month_goal(self, goal_id: str) -> None:
        with self._change():
            self.month_goal(goal_id)
            self._remove("month_goals", [goal_id])

    def goal_target(self, who: str, field: str = "with") -> dict[str, str]:
        """`{"org_id": ...}` or `{"contact_id": ...}` for an informal or contacts goal: an organisation by that
        name first, else a person, else the organisation whose name it starts. Errors name `field`."""
        from .contacts import NameAmbiguous, NameNotFound
        from .organisations import OrganisationAmbiguous, OrganisationNotFound

        if not who.strip():
            raise ValueError(f"{field}: name an organisation or a person")
        organisation = self.organisation_named(who)
        if organisation is not None:
            return {"org_id": organisation.id}
        try:
            return {"contact_id": self.resolve_name(who).id}
        except NameAmbiguous as error:
            raise ValueError(f"{field}: {error}") from None
        except NameNotFound:
            pass
        try:
            return {"org_id": self.resolve_organisation(who).id}
        except OrganisationAmbiguous as error:
            raise ValueError(f"{field}: {error}") from None
        except OrganisationNotFound:
            raise ValueError(f"{field}: no organisation or person named {who.strip()!r}") from None

    def add_practice_note(self, goal_id: str, note: PracticeNote) -> MonthGoal:
        """Write down an action taken for a goal and what came of it, added to the newest stored goal.

        The note is checked as a load would check it (a blank action saved would make the file unreadable), and
        dated in the goal's month and not after today: what was done in October does not meet November's goal.
        """
        note = note.checked()
        with self._change():
            goal = self.month_goal(goal_id)
            first, last = month_dates(goal.month)
            if not first.isoformat() <= note.date <= last.isoformat():
                raise ValueError(f"date: a note for a {goal.month} goal is dated in {goal.month}")
            if note.date > self.today().isoformat():
                raise ValueError("date: is after today; write down what was done once it is")
            known = self._known_ids("interactions")
            missing = [i for i in note.interaction_ids if i not in known]
            if missing:
                raise ValueError("conversations: one of them is no longer in the journal")
            goal.notes.append(note)
            goal.updated_at = utc_now()
            self._replace(goal)
            return goal

    def _check_month_goal(self, goal: MonthGoal) -> None:
        if goal.contact_id:
            self._require_contacts([goal.contact_id], "with")
        if goal.org_id:
            self.organisation(goal.org_id)
        if goal.activity_id:
            from ...settings.content import activity  # the catalogue is a content file

            if activity(goal.activity_id) is None:
                raise ValueError(f"activity: {goal.activity_id} is not in the catalogue "
                                 "(`netjournal activities` lists them)")

    def _forget_in_months(self, contact_id: str, interaction_ids: Iterable[str]) -> None:
        """Inside a change: goals about a forgotten person go; notes stop pointing at removed conversations."""
        self._remove("month_goals", [d["id"] for d in self._docs("month_goals") if d.get("contact_id") == contact_id])
        self._unlink_month_notes(interaction_ids)

    def _unlink_month_notes(self, interaction_ids: Iterable[str]) -> None:
        gone = set(interaction_ids)
        if not gone:
            return
        for goal in self._all(MonthGoal):
            if any(gone.intersection(note.interaction_ids) for note in goal.notes):
                for note in goal.notes:
                    note.interaction_ids = [i for i in note.interaction_ids if i not in gone]
                self._replace(goal)


def _target(goal: MonthGoal) -> tuple:
    return goal.kind, goal.org_id, goal.contact_id, goal.activity_id
