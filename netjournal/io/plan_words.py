"""An import plan in the words a person reads: who is added, who gets what, and what is left out.

The TUI shows these lines before anything is written (and asks), and `netjournal import --dry-run` prints the same
lines; after an import, the same sentences in the past tense say what was done. No field names: "fills in the
organisation Harbour Health", not "org". The lines are people's words from the file as they are: the TUI draws
them through tui/text.py and the command line through one_line_each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Contact
    from .importers import ImportPlan, Source

# Each filled field as a person knows it (the contact form's words), and how its new value is shown.
_FILLED = {
    "org": "the organisation {}",
    "title": "the title {}",
    "email": "the email {}",
    "phone": "the phone {}",
    "how_met": "how you met ({})",
    "notes": "the free information “{}”",
}
_ORDER = ("org", "title", "email", "phone", "how_met", "notes")
_QUOTE_LIMIT = 50  # a note is quoted by its start: enough to recognise it


def counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def and_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`; `Kim, Lee; Ana` when an item has a comma of its own (a name, an org)."""
    if any("," in item for item in items):
        return "; ".join(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _sentence(text: str) -> str:
    """A full stop at the end, unless the last name has its own (`Marcus O.`)."""
    return text if text.endswith(".") else text + "."


def _first_line(text: str) -> str:
    lines = text.strip().splitlines() or [""]
    first = lines[0].strip()
    if len(first) > _QUOTE_LIMIT or len(lines) > 1:
        return first[:_QUOTE_LIMIT].rstrip() + "…"
    return first


def changes_in_words(before: Contact, after: Contact, filled: list[str], *, done: bool = False) -> str:
    """`adds the interests running and golf; fills in the organisation Harbour Health and the phone 0123`."""
    parts = []
    new_tags = [tag for tag in after.tags if tag not in before.tags]
    if "tags" in filled and new_tags:
        noun = "interest" if len(new_tags) == 1 else "interests"
        parts.append(f"{'added' if done else 'adds'} the {noun} {and_list(new_tags)}")
    values = [_FILLED[name].format(_first_line(getattr(after, name)) if name == "notes" else getattr(after, name))
              for name in _ORDER if name in filled]
    new_dates = [entry for entry in after.dates if entry not in before.dates]
    if "dates" in filled and new_dates:
        from ..reports.today import date_label

        values += [f"the {entry.what} {date_label(entry)}" for entry in new_dates]
    if values:
        parts.append(f"{'filled' if done else 'fills'} in {and_list(values)}")
    return "; ".join(parts) or ("changed nothing" if done else "changes nothing")


def _from_the_file(name: str, sources: list[Source]) -> str:
    """Where the file has this person, and why it is them: `line 3, "Marcus Oyelaran", the same email`."""
    told = []
    for source in sources:
        if source.name == name:
            told.append(source.where)
        else:
            told.append(f"{source.where}: {source.name}, {source.because}")
    return "; ".join(told)


def plan_lines(plan: ImportPlan, *, done: bool = False, limit: int | None = None) -> list[str]:
    """The plan as lines of words: what it does (`done=False`, shown before confirming) or what it did.

    `limit` keeps long lists short (the names added, the people merged, the entries left out); None shows all.
    """
    def some(items: list) -> tuple[list, list[str]]:
        if limit is None or len(items) <= limit:
            return items, []
        return items[:limit], [f"{len(items) - limit} more"]

    lines = []
    if plan.added:
        shown, more = some(plan.added)
        lines.append(_sentence(f"{'Added' if done else 'Adds'} {counted(len(plan.added), 'person', 'people')}: "
                               f"{and_list([person.name for person in shown] + more)}"))
    if plan.merged:
        verb = "Added what was new to" if done else "Adds what is new to"
        lines.append(f"{verb} {counted(len(plan.merged), 'person', 'people')} already in the journal:")
        shown, more = some(plan.merged)
        for after, filled in shown:
            before = plan.bases.get(after.id, after)
            where = _from_the_file(before.name, plan.sources.get(after.id, []))
            lines.append(f"  {before.name} ({where}): {changes_in_words(before, after, filled, done=done)}")
        lines += [f"  and {text}" for text in more]
    if not plan.added and not plan.merged:
        lines.append("Added nobody and changed nobody." if done else "Adds nobody and changes nobody.")
    if plan.links:
        from ..core.model import LINK_WORDS

        shown, more = some(plan.links)
        words = []
        for link in shown:
            pair = [plan.names.get(link.from_id, "?"), plan.names.get(link.to_id, "?")]
            if link.mutual:  # the same either way round: said in a fixed order
                pair.sort(key=str.casefold)
            words.append(f"{pair[0]} {LINK_WORDS[link.kind]} {pair[1]}")
        lines.append(_sentence(f"{'Linked' if done else 'Links'} {counted(len(plan.links), 'pair', 'pairs')} of "
                               f"people: {and_list(words + more)}"))
    if plan.unchanged:
        shown, more = some(plan.unchanged)
        left = f"{'Left' if done else 'Leaves'} {counted(len(plan.unchanged), 'person', 'people')}"
        lines.append(_sentence(f"{left} as {'they were' if done else 'they are'}, with nothing new in the file: "
                               f"{and_list(list(shown) + more)}"))
    if plan.skipped:
        lines.append("Left out what it could not use:" if done else "Leaves out what it cannot use:")
        shown, more = some(plan.skipped)
        lines += [f"  {where}: {why}" for where, why in shown] + [f"  and {text}" for text in more]
    return lines


def plan_headline(plan: ImportPlan, *, done: bool = False) -> str:
    """The plan in one sentence of counts: `adds 3 people and what is new to 1 person already in the journal`."""
    parts = []
    if plan.added:
        parts.append(counted(len(plan.added), "person", "people"))
    if plan.merged:
        parts.append(f"what {'was' if done else 'is'} new to {counted(len(plan.merged), 'person', 'people')} "
                     "already in the journal")
    if not parts:
        return "added nobody and changed nobody" if done else "adds nobody and changes nobody"
    return f"{'added' if done else 'adds'} {' and '.join(parts)}"
