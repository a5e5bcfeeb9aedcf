"""A week as the reflection sees it: its facts and the prompts that fit it, gathered from the journal.

Kept apart from `insights` (plain functions over data) because these read the journal to feed them.
"""

from __future__ import annotations

from datetime import timedelta

from ..common.counted import counted, times
from ..settings.content import Prompt, activity
from .facts import WeekSummary, summarise_week
from .organisations import org_summaries
from .prompts import RECENT_DAYS, ChosenPrompt, choose_prompts, find_reasons
from ..core.journal import Journal
from ..core.model import month_key, previous_week, week_dates, week_key


def week_summary(journal: Journal, week: str) -> WeekSummary:
    return summarise_week(week, journal.interactions_in_week(week), journal.week_goals(week), journal.ratings(),
                          journal.first_contact_dates())


def week_prompts(journal: Journal, prompts: list[Prompt], week: str, skip: int = 0) -> list[ChosenPrompt]:
    """The prompts for a week. Conditions are judged as of the week's last day (or today, if sooner)."""
    end = min(week_dates(week)[-1], journal.today())
    # Kept until the journal changes (read-only): `n` for another prompt does not rebuild half a year of the log.
    recent = journal.interactions_between(end - timedelta(days=RECENT_DAYS), end)
    month_goals = journal.month_goals(month_key(end))
    titles = {g.activity_id: found.title for g in month_goals if (found := activity(g.activity_id)) is not None}
    reasons = find_reasons(
        list(journal.by_name()), recent, [r for r in journal.ratings() if r.date <= end.isoformat()],
        journal.week_goals(previous_week(week_key(end))), journal.first_contact_dates(),
        {role.id: role.name for role in journal.roles}, end, journal.focus_goals(include_done=False),
        organisations=org_summaries(journal, end), month_goals=month_goals, activity_titles=titles,
    )
    return choose_prompts(prompts, reasons, week, skip=skip)


def value_line(gave: int, got: int) -> str:
    """How often value was passed along each way, as a person would say it: "Value given once, received twice"."""
    if not gave and not got:
        return "No value given or received"
    if not got:
        return f"Value given {times(gave)}, none received"
    if not gave:
        return f"No value given, received {times(got)}"
    return f"Value given {times(gave)}, received {times(got)}"


def facts_lines(journal: Journal, week: str) -> list[str]:
    """The week's facts in words, for the top of the reflection and the Markdown export."""
    summary = week_summary(journal, week)
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    lines = [
        f"{counted(summary.conversations, 'conversation')}: "
        f"{summary.informal} informal, {summary.formal} formal; "
        f"{summary.non_business} non-business, {summary.business} business; "
        f"they started {summary.they_started}",
        f"Non-business goals met: {len(summary.goals_met)} of {len(summary.goals_met) + len(summary.goals_open)}",
        "New people: " + (", ".join(names.get(c, "?") for c in summary.new_people) or "none"),
        value_line(summary.gave, summary.got),
    ]
    if summary.ratings:
        changes = []
        for contact_id, before, now in summary.ratings:
            name = names.get(contact_id, "?")
            changes.append(f"{name} {before} -> {now}" if before is not None else f"{name} first rated {now}")
        lines.append("Ratings: " + ", ".join(changes))
    else:
        lines.append("Ratings: no change")
    return lines
