"""Passing along value as plain text: the share queue with who would value each item, introductions to make,
and relationships that lean one way. Used by `netjournal shares` / `introductions` and the Markdown export.
"""

from __future__ import annotations

from datetime import timedelta

from ..core.journal import Journal
from ..core.model import Share
from ..common.safe_text import one_line_each
from ..insights.facts import LEAN_RULE
from ..insights.value import (
    BALANCE_DAYS,
    RECENT_TOPIC_DAYS,
    balances,
    goals_without_people,
    introduction_matches,
    one_sided,
    suggest_recipients,
)


def _recent(journal: Journal):
    return journal.interactions(since=journal.today() - timedelta(days=max(RECENT_TOPIC_DAYS, BALANCE_DAYS)))


def suggestion_lines(journal: Journal, share: Share, limit: int = 5, recent=None) -> list[str]:
    """`Name: why` for the best matches of one item; a mark when they were given something this week."""
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    found = suggest_recipients(share, journal.contacts(), recent if recent is not None else _recent(journal),
                               journal.today(), limit=limit)
    return [f"{names.get(s.contact_id, '?')}: {s.why}"
            + (f" (given something on {s.last_given}: maybe later)" if s.last_given else "") for s in found]


def shares_text(journal: Journal, per_item: int = 3) -> str:
    shares = journal.shares()
    if not shares:
        return "The share queue is empty. Add something with: netjournal share TITLE [--link URL] [--tag TAG]"
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    recent = _recent(journal)
    lines: list[str] = []
    for share in shares:
        lines.append(share.title + (f"  {share.link}" if share.link else ""))
        if share.passed:
            lines.append("  passed on to " + ", ".join(f"{names.get(p.contact_id, '?')} ({p.date})"
                                                         for p in share.passed))
        suggestions = suggestion_lines(journal, share, per_item, recent)
        lines += [f"  -> {line}" for line in suggestions] or ["  -> nobody's interests or notes match it yet"]
    return one_line_each(lines)


def introductions_text(journal: Journal) -> str:
    people = journal.contacts()
    by_id = {p.id: p for p in people}
    matches = introduction_matches(people, journal.introductions())
    lines = ["People who could meet (one's need, another's interests):"]
    for match in matches:
        seeker, other = by_id[match.needs_id], by_id[match.offers_id]
        lines.append(f"  {seeker.name} is looking for {seeker.needs!r} -> {other.name} ({match.reason})")
    if not matches and any(p.needs for p in people):
        lines.append("  none right now: nobody's interests or work meet what people are looking for")
    elif not matches:
        lines.append("  none yet: note what people are looking for (Looking for, in the person form, or "
                     "netjournal add --needs)")
    from ..insights.organisations import introductions_to_ask

    asks = introductions_to_ask(journal)
    if asks:
        lines += ["", "Decision makers you have not met, and who could introduce you:"]
        lines += [f"  {ask.text}" for ask in asks]
    made = journal.introductions()
    if made:
        names = {c.id: c.name for c in journal.contacts(include_archived=True)}
        lines += ["", "Introductions you made:"]
        lines += [f"  {i.date}  {' and '.join(names.get(c, '?') for c in i.with_)}: {i.topics}" for i in made]
    return one_line_each(lines)


def one_sided_lines(journal: Journal) -> list[str]:
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    figures = balances(_recent(journal), journal.today())
    return [f"{names.get(item.balance.contact_id, '?')}: {item.pattern}. Try: {item.suggestion}"
            for item in one_sided(figures, journal.contacts())]


def value_markdown(journal: Journal) -> list[str]:
    """The Markdown export's sections on critical goals, the share queue, introductions and give and take."""
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}

    def who(ids: list[str]) -> str:
        return ", ".join(names.get(i, "?") for i in ids) or "nobody yet"

    lines = ["", "## Critical goals", ""]
    goals = journal.focus_goals()
    alone = {g.id for g in goals_without_people(goals)}
    for goal in goals:
        state = " (done)" if goal.done else (f" (by {goal.due})" if goal.due else "")
        lines.append(f"- **{goal.text}**{state}: helps: {who(goal.helps)}; hinders: {who(goal.hinders)}"
                     + (" _(nobody beside it yet)_" if goal.id in alone else ""))
    if not goals:
        lines.append("_None written yet._")
    lines += ["", "## Share queue", ""]
    recent = _recent(journal)
    for share in journal.shares():
        link = f" <{share.link}>" if share.link else ""
        lines.append(f"- **{share.title}**{link}" + (f": {share.note}" if share.note else ""))
        if share.tags:
            lines.append(f"  - tags: {', '.join(share.tags)}")
        if share.passed:
            lines.append("  - passed on to " + ", ".join(f"{names.get(p.contact_id, '?')} ({p.date})"
                                                         for p in share.passed))
        lines += [f"  - could go to {line}" for line in suggestion_lines(journal, share, 3, recent)]
    if not journal.shares():
        lines.append("_Nothing queued._")
    lines += ["", "## Introductions", ""]
    made = journal.introductions()
    lines += [f"- {i.date}: {' and '.join(names.get(c, '?') for c in i.with_)}: {i.topics}" for i in made]
    if not made:
        lines.append("_None recorded yet._")
    lines += ["", f"## Give and take (last {BALANCE_DAYS} days)", "", f"_A relationship {LEAN_RULE}._", ""]
    leaning = one_sided_lines(journal)
    lines += [f"- {line}" for line in leaning] or ["_Nothing leans one way._"]
    return lines
