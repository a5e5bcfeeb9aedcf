"""The people in the journal as a list, and search results, as text and as JSON: `netjournal list` and
`netjournal search`, which read what the other commands write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..common.folding import fold
from ..common.safe_text import one_line_each
from ..core.journal import Journal, SearchHit
from ..core.model import Contact
from ..insights.facts import ago, due_state
from .person import one_line, score_words

# Search results in groups, in this order, under these headings (the search screen uses them too).
SEARCH_GROUPS = (("contact", "People"), ("interaction", "Conversations"), ("follow_up", "Follow-ups"),
                 ("reflection", "Reflections"), ("share", "Share queue"))


@dataclass(frozen=True)
class PersonRow:
    """One person in the list: the Contacts pane's columns."""

    contact: Contact
    last: date | None
    rating: int | None
    due_on: date | None
    improve_by: date | None  # a low rating's improve-by date that has passed

    def due(self, today: date) -> bool:
        return (self.due_on is not None and self.due_on <= today) or self.improve_by is not None

    def due_text(self, today: date) -> str:
        """As the Contacts pane says it: `improve!`, `5d late`, `today`, `in 6d`, or nothing."""
        if self.improve_by is not None:
            return "improve!"
        if self.due_on is None:
            return ""
        if self.due_on < today:
            return f"{(today - self.due_on).days}d late"
        return "today" if self.due_on == today else f"in {(self.due_on - today).days}d"

    def most_overdue_first(self, today: date) -> tuple:
        due = min(d for d in (self.due_on, self.improve_by, date.max) if d is not None)
        return (not self.due(today), due, fold(self.contact.name))


def people_rows(journal: Journal, tags: Sequence[str] = (), due_only: bool = False,
                include_archived: bool = False) -> list[PersonRow]:
    """The people to list: by name, or the most overdue first when only those due are asked for.

    `tags`: only people with every one of them (any case or accent). Archived people are never due.
    """
    today = journal.today()
    last = journal.last_contact_dates()
    latest = journal.latest_ratings()
    wanted = [fold(tag) for tag in tags]
    rows = []
    for person in journal.contacts(include_archived=include_archived):
        theirs = {fold(tag) for tag in person.tags}
        if any(tag not in theirs for tag in wanted):
            continue
        rating = latest.get(person.id)
        improve_by = None
        if (rating and rating.score <= 2 and rating.improve_by and rating.improve_by < today.isoformat()
                and not person.archived):
            improve_by = date.fromisoformat(rating.improve_by)
        state = due_state(person, last.get(person.id), today)
        row = PersonRow(person, state.last_contact, rating.score if rating else None,
                        None if person.archived else state.due_on, improve_by)
        if not due_only or row.due(today):
            rows.append(row)
    if due_only:
        rows.sort(key=lambda r: r.most_overdue_first(today))
    return rows


def _columns(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as aligned lines, every cell whole (`--json` is the form for scripts)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def people_text(rows: Sequence[PersonRow], today: date) -> str:
    if not rows:
        return "Nobody matches."
    table = [("Name", "Org", "Last", "Rating", "Due")]
    for row in rows:
        person = row.contact
        table.append((one_line(person.name) + (" ★" if person.key_influencer else "")
                      + (" (archived)" if person.archived else ""), one_line(person.org), ago(row.last, today),
                      score_words(row.rating) if row.rating else "", row.due_text(today)))
    due = sum(1 for row in rows if row.due(today))
    people = "1 person" if len(rows) == 1 else f"{len(rows)} people"
    return one_line_each(_columns(table) + [f"{people}, {due} due"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def people_json(rows: Sequence[PersonRow], today: date) -> dict[str, Any]:
    return {"people": [{
        "id": row.contact.id, "name": row.contact.name, "org": row.contact.org, "title": row.contact.title,
        "tags": list(row.contact.tags), "key_influencer": row.contact.key_influencer,
        "archived": row.contact.archived, "cadence_days": row.contact.cadence_days,
        "last_contact": _iso(row.last), "rating": row.rating, "due_on": _iso(row.due_on),
        "improve_by_passed": _iso(row.improve_by), "due": row.due(today),
    } for row in rows]}


# --- search ---------------------------------------------------------------------------------------------


def search_text(query: str, hits: Sequence[SearchHit], names: dict[str, str]) -> str:
    """Every hit, grouped as the search screen groups them, each with what it mentions."""
    if not hits:
        return one_line_each([f"Nothing mentions “{query}”"])
    lines = [f"{len(hits)} found for “{query}”"]
    for kind, heading in SEARCH_GROUPS:
        group = [hit for hit in hits if hit.kind == kind]
        if not group:
            continue
        lines += ["", f"{heading} ({len(group)})"]
        for hit in group:
            who = ", ".join(names.get(c, "?") for c in hit.contact_ids)
            lines.append(f"  {one_line(hit.title)}" + (f"  {who}" if kind != "contact" and who else ""))
            lines.append(f"    {hit.snippet}")
    return one_line_each(lines)


def search_json(query: str, hits: Sequence[SearchHit], names: dict[str, str]) -> dict[str, Any]:
    return {"query": query, "hits": [{
        "kind": hit.kind, "id": hit.record_id, "title": hit.title, "snippet": hit.snippet,
        "people": [{"id": c, "name": names.get(c)} for c in hit.contact_ids],
    } for hit in hits]}
