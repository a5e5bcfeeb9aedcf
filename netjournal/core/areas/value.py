"""Passing along value: the share queue, introductions and critical goals."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ..merge import MINE, THEIRS, Conflict, merge
from ..model import FocusGoal, Interaction, PassedOn, Share
from .base import _FIXED, RecordGone, EditConflict, _changed


class ValueArea:
    # --- passing along value: shares, introductions, critical goals ----------------------------

    def add_share(self, share: Share) -> Share:
        with self._change():
            self._require_contacts([p.contact_id for p in share.passed], "passed")
            self._insert(share)
        return share

    def update_share(self, share: Share) -> Share:
        """Correct an item's title, link, note or tags; its passes stay as they were logged."""
        with self._change():
            share.passed = self.share(share.id).passed
            self._replace(share)
        return share

    def edit_share(self, base: Share, mine: Share, resolutions: Mapping[str, str] | None = None) -> Share:
        """Save a correction of a queued item on top of the newest saved one (see `_merged`).

        Tags merge item by item; its passes are never the form's: they stay as they were logged.
        """
        with self._change():
            _, share = self._merged(Share, base, mine, resolutions, self.edit_share,
                                    what=f"The shared item {base.title!r}", sets=("tags",), fixed=("passed",))
            self._replace(share)
        return share

    def delete_share(self, share_id: str) -> None:
        """Remove an item from the queue; the conversations that passed it on stay in the log."""
        with self._change():
            self._remove("shares", [share_id])

    def share(self, share_id: str) -> Share:
        return self._get(Share, share_id)

    def shares(self) -> list[Share]:
        # last stored first: of two queued within one second (created_at is kept to the second), the later one
        return sorted(reversed(self._all(Share)), key=lambda s: s.created_at, reverse=True)

    def pass_on(self, share_id: str, contact_id: str, day: date | str, channel: str = "message",
                note: str = "") -> Interaction:
        """Pass a queued item on to a person: a "gave" interaction in the log, and the pass on the item."""
        with self._change():
            share = self.share(share_id)
            person = self.contact(contact_id)
            for earlier in share.passed:
                if earlier.contact_id == contact_id:
                    raise ValueError(f"to: {person.name} already had this on {earlier.date}")
            what = share.title + (f" ({share.link})" if share.link else "")
            given = Interaction(date=day, with_=[contact_id], channel=channel, kind="share",
                                gave=what, topics=note.strip() or share.note)
            self._check_interaction(given)
            self._insert(given)
            share.passed.append(PassedOn(contact_id, given.date, given.id))
            self._replace(share)
        return given

    def introduce(self, first_id: str, second_id: str, because: str, day: date | str,
                  channel: str = "email") -> Interaction:
        """Record that we introduced two people: one interaction with both, value given to each."""
        if first_id == second_id:
            raise ValueError("second: choose two different people")
        because = because.strip()
        if not because:
            raise ValueError("because: say why they should meet; it is what makes the introduction useful")
        pair = {first_id, second_id}
        for earlier in self.introductions(first_id):
            if set(earlier.with_) == pair:
                raise ValueError(f"second: you introduced them to each other on {earlier.date} already; "
                                 "log a conversation to note what came of it")
        introduction = Interaction(date=day, with_=[first_id, second_id], channel=channel, kind="introduction",
                                   gave=f"an introduction: {because}", topics=because)
        self.log_interaction(introduction)
        return introduction

    def introductions(self, contact_id: str | None = None) -> list[Interaction]:
        """Introductions we made, newest first; with a person, only those that involve them."""
        return [i for i in self.interactions(contact_id) if i.kind == "introduction"]

    def _check_focus_goal(self, goal: FocusGoal) -> None:
        self._require_contacts(goal.helps, "helps")
        self._require_contacts(goal.hinders, "hinders")
        if not goal.done:
            others_open = [d for d in self._docs("focus_goals") if not d.get("done") and d["id"] != goal.id]
            if len(others_open) >= FocusGoal.MOST_OPEN:
                raise ValueError(f"text: you already have {FocusGoal.MOST_OPEN} open critical goals; "
                                 "mark one done or remove it first")

    def add_focus_goal(self, goal: FocusGoal) -> FocusGoal:
        with self._change():
            self._check_focus_goal(goal)
            self._insert(goal)
        return goal

    def save_focus_goals(self, goals: list[FocusGoal], removed: Iterable[str] = ()) -> None:
        """The critical goals form's result in one save: new and changed goals, and the ones taken out."""
        with self._change():
            self._remove("focus_goals", list(removed))
            known = {d["id"] for d in self._docs("focus_goals")}
            # Done goals first, so a goal marked done frees its place for a new one in the same save.
            for goal in sorted(goals, key=lambda g: not g.done):
                self._check_focus_goal(goal)
                if goal.id in known:
                    self._replace(goal)
                else:
                    self._insert(goal)

    def edit_focus_goals(self, edits: Sequence[tuple[FocusGoal | None, FocusGoal | None]],
                         resolutions: Mapping[str, str] | None = None) -> list[FocusGoal]:
        """The critical goals form's result in one save, each goal merged with the newest saved one.

        `edits` pairs, in the form's order, each goal as the form loaded it with the form's version of it:
        `(None, new)` adds a goal, `(old, None)` removes one (removed meanwhile already: nothing to do), and
        `(old, new)` applies what changed on top of the newest saved goal (who could help or hinder merges
        person by person; see `_merged`). Conflicts are keyed `<goal id>:<field>` and labelled `Goal <n>`.
        A goal removed here that another netjournal changed meanwhile is a conflict too, on the field `goal`
        (base: the goal as loaded, mine: None, theirs: the newest goal): "mine" removes it, "theirs" keeps
        it as saved. A goal edited here and removed meanwhile is `RecordGone`. Returns the goals saved.
        """
        options: dict[str, Any] = dict(sets=("helps", "hinders"), fixed=_FIXED)
        with self._change():
            newest: dict[str, FocusGoal | None] = {base.id: self._find(FocusGoal, base.id)
                                                   for base, _ in edits if base is not None}

            def settle(chosen: Mapping[str, str]) -> tuple[list[tuple[FocusGoal | None, FocusGoal | None]],
                                                            list[Conflict]]:
                rebased: list[tuple[FocusGoal | None, FocusGoal | None]] = []
                conflicts: list[Conflict] = []
                for n, (base, mine) in enumerate(edits, start=1):
                    theirs = newest.get(base.id) if base is not None else None
                    if base is not None and mine is None and theirs is not None and _changed(base, theirs):
                        # Removed here, changed elsewhere: never drop the other side's change unasked.
                        key = f"{base.id}:goal"
                        if chosen.get(key) == MINE:
                            rebased.append((theirs, None))
                        elif chosen.get(key) != THEIRS:  # "theirs": the goal stays as saved
                            conflicts.append(Conflict("goal", base, None, theirs, key=key,
                                                      label=f"Goal {n}: removed here, changed elsewhere"))
                        continue
                    if base is None or mine is None:
                        rebased.append((theirs, mine))
                        continue
                    if theirs is None:
                        raise RecordGone(f"The goal {base.text!r} was removed by another netjournal meanwhile; "
                                         "your changes were not saved")
                    prefix = f"{base.id}:"
                    own = {k.removeprefix(prefix): v for k, v in chosen.items() if k.startswith(prefix)}
                    merged = merge(base.to_record(), mine.to_record(), theirs.to_record(), resolutions=own,
                                   **options)
                    conflicts += [dataclasses.replace(
                        c, key=prefix + c.field,
                        label=f"Goal {n}" if c.field == "text" else f"Goal {n}: {c.label}")
                        for c in merged.conflicts]
                    if not merged.conflicts:
                        rebased.append((theirs, FocusGoal.from_record(merged.values)))
                return rebased, conflicts

            rebased, conflicts = settle(resolutions or {})
            if conflicts:
                def retry(chosen: Mapping[str, str]) -> list[FocusGoal]:
                    again, left = settle({**(resolutions or {}), **chosen})
                    if left:
                        raise EditConflict("Your critical goals", left, retry)
                    return self.edit_focus_goals(again)

                raise EditConflict("Your critical goals", conflicts, retry)
            self._remove("focus_goals", [theirs.id for theirs, mine in rebased if mine is None and theirs])
            known = {d["id"] for d in self._docs("focus_goals")}
            saved = [mine for _, mine in rebased if mine is not None]
            # Done goals first, so a goal marked done frees its place for a new one in the same save.
            for goal in sorted(saved, key=lambda g: not g.done):
                self._check_focus_goal(goal)
                if goal.id in known:
                    self._replace(goal)
                else:
                    self._insert(goal)
        return saved

    def focus_goals(self, include_done: bool = True) -> list[FocusGoal]:
        goals = [g for g in self._all(FocusGoal) if include_done or not g.done]
        return sorted(goals, key=lambda g: (g.done, g.due or "9999"))

