"""Weekly non-business goals and the weekly reflection."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from ..merge import Conflict, merge
from ..model import Reflection, ReflectionAnswer, WeekGoal, parse_week, utc_now
from .base import EditConflict


class WeeksArea:
    # --- weekly non-business goals ------------------------------------------------------------

    def set_week_goal(self, goal: WeekGoal) -> WeekGoal:
        with self._change():
            self._require_contacts([goal.contact_id], "contact_id")
            for doc in self._docs("week_goals"):
                if doc["week"] == goal.week and doc["contact_id"] == goal.contact_id and doc["id"] != goal.id:
                    name = self.contact(goal.contact_id).name
                    raise ValueError(f"contact_id: {name} is already a goal for {goal.week}")
            if any(doc["id"] == goal.id for doc in self._docs("week_goals")):
                self._replace(goal)
            else:
                self._insert(goal)
        return goal

    def drop_week_goal(self, goal_id: str) -> None:
        with self._change():
            self._remove("week_goals", [goal_id])

    def week_goals(self, week: str) -> list[WeekGoal]:
        week = parse_week(week)
        return [WeekGoal.from_stored(doc) for doc in self._docs("week_goals") if doc["week"] == week]

    # --- reflections --------------------------------------------------------------------------

    def save_reflection(self, reflection: Reflection) -> Reflection:
        """One reflection per week: saving a week that has one replaces its answers and notes."""
        with self._change():
            existing = self.reflection(reflection.week)
            reflection.updated_at = utc_now()
            if existing:
                reflection.id, reflection.created_at = existing.id, existing.created_at
                self._replace(reflection)
            else:
                self._insert(reflection)
        return reflection

    def edit_reflection(self, base: Reflection | None, mine: Reflection,
                        resolutions: Mapping[str, str] | None = None) -> Reflection:
        """Save a week's reflection as the screen changed it, on top of the newest saved one.

        `base` is the week as the screen loaded it (None: nothing was saved yet). Each answer (keyed by its
        prompt) and the notes are separate fields, so an answer written in another window meanwhile stays;
        an answer emptied here is removed. Conflicts on an answer are keyed `answer:<prompt id>`.
        """
        week = parse_week(mine.week)
        what = f"The reflection for {week}"
        with self._change():
            theirs = self.reflection(week)
            prompts = {a.prompt_id: a.prompt for r in (base, mine, theirs) if r is not None for a in r.answers}
            docs = [_reflection_fields(r) for r in (base, mine, theirs)]
            merged = merge(*docs, resolutions=resolutions, missing="")

            def labelled(conflicts: Iterable[Conflict]) -> list[Conflict]:
                return [dataclasses.replace(c, label=f"Answer to: {prompts.get(c.field[7:], c.field[7:])}")
                        if c.field.startswith("answer:") else dataclasses.replace(c, label="Notes")
                        for c in conflicts]

            if merged.conflicts:
                def retry(chosen: Mapping[str, str]) -> Reflection:
                    settled = merge(*docs, resolutions={**(resolutions or {}), **chosen}, missing="")
                    if settled.conflicts:
                        raise EditConflict(what, labelled(settled.conflicts), retry)
                    return self.edit_reflection(theirs, _reflection_from(week, settled.values, prompts,
                                                                         theirs or mine))

                raise EditConflict(what, labelled(merged.conflicts), retry)
            reflection = _reflection_from(week, merged.values, prompts, theirs or mine)
            reflection.updated_at = utc_now()
            if theirs is not None:
                self._replace(reflection)
            else:
                self._insert(reflection)
        return reflection

    def reflection(self, week: str) -> Reflection | None:
        week = parse_week(week)
        for doc in self._docs("reflections"):
            if doc["week"] == week:
                return Reflection.from_stored(doc)
        return None

    def reflections(self) -> list[Reflection]:
        return sorted(self._all(Reflection), key=lambda r: r.week)


def _reflection_fields(reflection: Reflection | None) -> dict[str, str]:
    """A reflection as flat fields for a merge: the notes, and each answer under `answer:<prompt id>`."""
    if reflection is None:
        return {}
    fields = {"notes": reflection.notes}
    fields.update((f"answer:{a.prompt_id}", a.answer) for a in reflection.answers)
    return fields


def _reflection_from(week: str, fields: Mapping[str, str], prompts: Mapping[str, str],
                     identity: Reflection) -> Reflection:
    """Merged flat fields back into a reflection (empty answers dropped), with `identity`'s id."""
    answers = [ReflectionAnswer(key[7:], prompts.get(key[7:], ""), text) for key, text in fields.items()
               if key.startswith("answer:") and text.strip()]
    return Reflection(week=week, answers=answers, notes=fields.get("notes", ""), id=identity.id,
                      created_at=identity.created_at)


