"""Three-way merge of one record: what a form changed, applied on top of the newest saved record.

A form loads a record (`base`), the person edits it (`mine`), and meanwhile another netjournal (a second
window, `netjournal import`, the CLI) may have saved the same record (`theirs`). Saving `mine` as it is would
wipe what the other side saved. Instead:

- a field only I changed takes my value; a field only they changed keeps theirs; a field nobody changed stays;
- a field we both changed to the same value is no conflict;
- a field we both changed to different values is a `Conflict` (the field, and its base, mine and theirs values),
  and a person chooses (`resolutions`: `{key: "mine" | "theirs"}`), never the code.

Lists are of two sorts, and the choice is made per field by the caller:

- **sets** (`sets=`: tags, roles, who could help or hinder a goal) merge item by item: the items I added are
  added and the items I removed are removed, on top of theirs. Adding `golf` in one window and `choir` in the
  other keeps both, which is what a person expects of a set of labels; they never conflict. Their order is
  theirs, with my additions after (when only one side changed the list, its order is kept as it is).
- **unordered values** (`unordered=`: who a conversation was with) are compared as sets, so a different order
  is no change, but merge as one value: correcting "Ana" to "Ben" in one window and to "Cleo" in the other is
  a real disagreement (and a pass on a shared item follows that one person), not "Ben and Cleo".

Every other field, lists included, is one value compared with `==`. Fields in `fixed=` are never edited by a
form (ids, creation times, the passes of a shared item): they always come from theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MINE, THEIRS = "mine", "theirs"


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed, to different values."""

    field: str
    base: Any
    mine: Any
    theirs: Any
    label: str = ""  # the field as a person knows it ("Free information" for notes)
    key: str = ""  # what a resolution is keyed by: the field, unless several records are merged at once

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.field)
        if not self.label:
            object.__setattr__(self, "label", FIELD_LABELS.get(self.field, self.field.replace("_", " ")))


@dataclass(frozen=True)
class Merged:
    values: dict[str, Any]  # theirs, with my changes applied (and the conflicts resolved, where resolved)
    conflicts: tuple[Conflict, ...]  # the ones not resolved
    changed: tuple[str, ...]  # the fields I changed


# How the forms name the fields; a conflict shows the name a person saw in the form.
FIELD_LABELS = {
    "name": "Name", "org": "Organisation", "title": "Title", "email": "Email", "phone": "Phone",
    "side": "Side", "network": "Network", "level": "Level", "tags": "Tags", "notes": "Free information",
    "needs": "Looking for", "how_met": "How you met", "introduced_by": "Introduced by",
    "key_influencer": "Key influencer", "cadence_days": "Keep in touch every (days)", "roles": "Roles",
    "archived": "Archived", "date": "Date", "with": "With", "channel": "How", "formal": "Formal",
    "business": "Business", "initiated_by": "Who started it", "topics": "What it was about",
    "disclosure": "I shared something personal", "thanked": "I said thank you", "gave": "Value I passed along",
    "got": "Value I received", "learned": "What I learned about them", "response": "How they responded",
    "next_time": "Plan for next time", "kind": "Kind", "score": "Score", "barriers": "What stands in the way",
    "action": "One action", "improve_by": "Improve by", "plan": "Plan", "link": "Link", "note": "Note",
    "text": "Goal", "due": "Due date", "helps": "Who could help", "hinders": "Who could hinder", "done": "Done",
}


def _same(field: str, first: Any, second: Any, unordered: Iterable[str]) -> bool:
    if field in unordered and isinstance(first, list) and isinstance(second, list):
        return sorted(map(repr, first)) == sorted(map(repr, second))
    return first == second


def merge_set(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
    """Items: theirs, without those I removed, with those I added."""
    if mine == base:
        return list(theirs)
    if theirs == base:
        return list(mine)
    removed = [item for item in base if item not in mine]
    added = [item for item in mine if item not in base]
    result = [item for item in theirs if item not in removed]
    result += [item for item in added if item not in result]
    return result


def merge(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    *,
    sets: Iterable[str] = (),
    unordered: Iterable[str] = (),
    fixed: Iterable[str] = (),
    resolutions: Mapping[str, str] | None = None,
    missing: Any = None,
) -> Merged:
    """Apply what changed from `base` to `mine` on top of `theirs`. Plain dicts in, a plain dict out.

    A field absent from a dict counts as `missing` (None unless given). `resolutions` settle conflicts by
    their key (the field name): "mine" or "theirs"; a resolution for a field that is no longer in conflict is
    ignored.
    """
    sets, unordered, fixed = set(sets), set(unordered), set(fixed)
    resolutions = dict(resolutions or {})
    for key, choice in resolutions.items():
        if choice not in (MINE, THEIRS):
            raise ValueError(f"{key}: a conflict is settled with {MINE!r} or {THEIRS!r}, not {choice!r}")
    result = dict(theirs)
    conflicts: list[Conflict] = []
    changed: list[str] = []
    for field in dict.fromkeys([*base, *mine, *theirs]):  # every field once, in a stable order
        if field in fixed:
            continue
        was, now, saved = base.get(field, missing), mine.get(field, missing), theirs.get(field, missing)
        if _same(field, was, now, unordered):
            continue  # I did not change it: theirs stands
        changed.append(field)
        if field in sets and all(isinstance(v, list) for v in (was, now, saved)):
            result[field] = merge_set(was, now, saved)
            continue
        if _same(field, was, saved, unordered) or _same(field, now, saved, unordered):
            result[field] = now  # only I changed it, or we both changed it alike
            continue
        choice = resolutions.get(field)
        if choice == MINE:
            result[field] = now
        elif choice == THEIRS:
            result[field] = saved
        else:
            conflicts.append(Conflict(field, was, now, saved))
    return Merged(result, tuple(conflicts), tuple(changed))
