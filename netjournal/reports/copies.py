"""Merged copies and their conflicts in words, for `netjournal merge` / `conflicts` and the TUI's Copies screen:
what a merge adds, changes and removes, and the record each conflict is about as a person knows it."""

from __future__ import annotations

from typing import Any

import orjson

from ..common.counted import counted
from ..core.copies import MergePlan
from ..core.journal import Journal

# How a table's records are counted in messages: `counted` adds the plural's s.
RECORD_WORDS = {"contacts": ("person", "people"), "interactions": ("conversation",), "ratings": ("rating",),
                "week_goals": ("week goal",), "reflections": ("reflection",), "shares": ("shared item",),
                "focus_goals": ("focus goal",), "follow_ups": ("follow-up",), "meetings": ("meeting",),
                "organisations": ("organisation",), "links": ("link",), "month_goals": ("month goal",)}


def merge_counts(plan: MergePlan) -> str:
    """What a merge adds, changes and removes, table by table: "1 person added; 2 conversations changed"."""
    parts = []
    for what, counts in (("added", plan.added), ("changed", plan.changed), ("removed", plan.removed)):
        if counts:
            listed = ", ".join(counted(n, *RECORD_WORDS.get(table, (table,))) for table, n in sorted(counts.items()))
            parts.append(f"{listed} {what}")
    return "; ".join(parts) or "nothing changed"


def conflict_subject(journal: Journal, conflict: dict[str, Any]) -> str:
    """The record a conflict is about, as a person knows it: a name, a conversation's date and people."""
    table, record_id = conflict["table"], conflict["record_id"]
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    if table == "contacts":
        return names.get(record_id, f"a person ({record_id})")
    if table == "interactions":
        found = next((i for i in journal.interactions() if i.id == record_id), None)
        if found is not None:
            return f"the conversation of {found.date} with {', '.join(names.get(c, c) for c in found.with_)}"
    return f"{RECORD_WORDS.get(table, (table,))[0]} {record_id}"


def conflict_value(value: object, limit: int = 200) -> str:
    """A stored value on one line, cut short at `limit` (callers show any control character in it)."""
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    if not text:
        return "(empty)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def conflict_written(conflict: dict[str, Any]) -> str:
    """Where and when the other value was written: "on laptop, 2026-12-03 06:44 UTC"."""
    by = conflict["other_device"] or "an older netjournal"
    return f"on {by}, {conflict['other_at'][:16].replace('T', ' ')} UTC"
