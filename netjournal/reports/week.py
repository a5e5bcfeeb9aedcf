"""A week's facts as plain text, for `netjournal week`."""

from __future__ import annotations

from ..insights.facts import summarise_week
from ..core.journal import Journal
from ..core.model import week_dates, week_key
from ..common.safe_text import one_line_each


def week_text(journal: Journal, week: str) -> str:
    goals = journal.week_goals(week)
    summary = summarise_week(week, journal.interactions_in_week(week), goals, journal.ratings(),
                             journal.first_contact_dates())
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    days = week_dates(week)
    lines = [f"Week {week} ({days[0]:%a %d %b} - {days[-1]:%a %d %b %Y})", ""]

    if summary.conversations:
        lines.append(
            f"Conversations: {summary.conversations} "
            f"({summary.informal} informal, {summary.formal} formal; "
            f"{summary.non_business} non-business, {summary.business} business)"
        )
        channels = ", ".join(f"{channel.replace('_', ' ')} {count}"
                             for channel, count in summary.by_channel.most_common())
        lines.append(f"  by channel: {channels}")
        lines.append(f"  they started {summary.they_started} of {summary.conversations}")
    else:
        lines.append("Conversations: none logged")
    met = ", ".join(names.get(c, c) for c in summary.people_met) or "nobody"
    lines.append(f"People met: {met}")
    new = ", ".join(names.get(c, c) for c in summary.new_people) or "none"
    lines.append(f"New people: {new}")

    lines.append("")
    if goals:
        lines.append(f"Non-business goals: {len(summary.goals_met)} of {len(goals)} met")
        over = week < week_key(journal.today())
        for goal in sorted(goals, key=lambda g: names.get(g.contact_id, "")):
            state = "met " if goal.contact_id in summary.goals_met else "missed" if over else "open"
            intent = f" - {goal.intent}" if goal.intent else ""
            lines.append(f"  [{state}] {names.get(goal.contact_id, goal.contact_id)}{intent}")
    else:
        lines.append("Non-business goals: none chosen")

    if summary.ratings:
        lines.append("Ratings:")
        for contact_id, before, now in summary.ratings:
            change = f"{before} -> {now}" if before is not None else f"first rating {now}"
            lines.append(f"  {names.get(contact_id, contact_id)}: {change}")
    else:
        lines.append("Ratings: none this week")
    lines.append(f"Value: gave {summary.gave}, received {summary.got}")
    return one_line_each(lines)
