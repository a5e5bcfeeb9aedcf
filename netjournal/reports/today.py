"""Today in words and as JSON: the same phrases in the Today pane, the person view and `netjournal today`.

No Textual: the TUI styles these phrases its own way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core.model import WEEKDAYS, FollowUp, ImportantDate, next_occurrence, years_on
from ..insights.today import ComingDate, DueFollowUp, DuePerson, OpenGoal, Today, TodayMeeting
from ..insights.facts import ago


def day_words(day: date, today: date) -> str:
    """`today`, `tomorrow`, `Sunday` (within a week), else `Sun 14 Dec` (and the year when it is not this one)."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if 1 < days < 7:
        return WEEKDAYS[day.weekday()].capitalize()
    text = f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.day} {day.strftime('%b')}"
    return text if day.year == today.year else f"{text} {day.year}"


def due_words(follow_up: FollowUp, today: date) -> str:
    """`overdue 3d`, `due today`, `due Friday`, `done 2026-11-28`."""
    if follow_up.done_on:
        return f"done {follow_up.done_on}"
    due = date.fromisoformat(follow_up.due)
    late = (today - due).days
    if late > 0:
        return f"overdue {late}d"
    return f"due {day_words(due, today)}"


def yearly_words(entry: ImportantDate, today: date, name: str = "") -> str:
    """`turns 42 on Sunday`, `birthday in 4 days`, `wedding anniversary (10 years) today`.

    With a year, a birthday says the age it turns; without one, how far away it is. `name` starts the phrase
    when given ("Ana turns 42 on Sunday").
    """
    on = next_occurrence(entry.date, today)
    away = (on - today).days
    years = years_on(entry.date, on)
    when = day_words(on, today)
    if entry.kind == "birthday" and years is not None:
        who = f"{name} " if name else ""
        return f"{who}turns {years} {when}" if away == 0 else f"{who}turns {years} on {when}"
    what = entry.what + (f" ({years} {'year' if years == 1 else 'years'})" if years else "")
    distance = "today" if away == 0 else "tomorrow" if away == 1 else f"in {away} days" if away < 7 else f"on {when}"
    if not name:
        return f"{what} {distance}"
    return f"{name}: {what} {distance}" if entry.kind == "other" else f"{name}'s {what} {distance}"


def date_label(entry: ImportantDate) -> str:
    """The stored date as a person reads it: `12 Apr 1985`, `12 Apr` without a year."""
    from ..core.model import yearly_month_day

    year, month, day = yearly_month_day(entry.date)
    month_name = date(2000, month, 1).strftime("%b")
    return f"{day} {month_name}" + (f" {year}" if year else "")


# --- one line per entry (the command line, the Today pane) ------------------------------------------------


def follow_up_line(item: DueFollowUp, today: date) -> str:
    return f"{item.contact.name}: {item.follow_up.what} ({due_words(item.follow_up, today)})"


def date_line(item: ComingDate, today: date) -> str:
    return yearly_words(item.entry, today, item.contact.name)


def due_line(item: DuePerson, today: date) -> str:
    last = ago(item.last_contact, today)
    key = ", key influencer" if item.contact.key_influencer else ""
    late = "due today" if item.days_overdue == 0 else f"{item.days_overdue}d past due"
    return f"{item.contact.name}: {late} (last {last}{key})"


def goal_line(item: OpenGoal) -> str:
    intent = f": {item.goal.intent}" if item.goal.intent else ""
    return f"{item.contact.name}{intent} (non-business conversation, not yet this week)"


def meeting_line(item: TodayMeeting) -> str:
    start = item.meeting.start
    at = start[11:16] if len(start) > 10 else "all day"
    return f"{at} {item.meeting.title} with {', '.join(p.name for p in item.people)}"


SECTION_TITLES = {
    "meetings": "Meetings today",
    "follow_ups": "Follow-ups",
    "dates": "Dates coming up",
    "due": "Due a conversation",
    "week_goals": "This week's goals, not met yet",
}


def today_sections(view: Today) -> list[tuple[str, list[str]]]:
    """(title, lines) for each section that has something, in the order Today shows them."""
    day = view.day
    sections = [
        ("meetings", [meeting_line(m) for m in view.meetings]),
        ("follow_ups", [follow_up_line(f, day) for f in view.follow_ups]),
        ("dates", [date_line(d, day) for d in view.dates]),
        ("due", [due_line(d, day) for d in view.due]),
        ("week_goals", [goal_line(g) for g in view.week_goals]),
    ]
    return [(SECTION_TITLES[key], lines) for key, lines in sections if lines]


# --- JSON, for scripts (notify-send, a status bar) --------------------------------------------------------


def today_json(view: Today) -> dict[str, Any]:
    """`{"follow_ups": [...], "dates": [...], "due": [...], "week_goals": [...], "meetings": [...]}`, each entry
    with the person's name and id."""
    day = view.day
    return {
        "date": day.isoformat(),
        "days": view.days,
        "follow_ups": [{"id": f.follow_up.id, "contact_id": f.contact.id, "name": f.contact.name,
                        "what": f.follow_up.what, "due": f.follow_up.due, "overdue_days": max(0, f.days_late),
                        "text": follow_up_line(f, day)} for f in view.follow_ups],
        "dates": [{"contact_id": d.contact.id, "name": d.contact.name, "kind": d.entry.kind,
                   "label": d.entry.label, "date": d.entry.date, "on": d.on.isoformat(), "years": d.years,
                   "days_away": d.days_away, "text": date_line(d, day)} for d in view.dates],
        "due": [{"contact_id": d.contact.id, "name": d.contact.name,
                 "last_contact": d.last_contact.isoformat() if d.last_contact else None,
                 "due_on": d.due_on.isoformat(), "overdue_days": d.days_overdue,
                 "key_influencer": d.contact.key_influencer, "text": due_line(d, day)} for d in view.due],
        "week_goals": [{"id": g.goal.id, "contact_id": g.contact.id, "name": g.contact.name,
                        "week": g.goal.week, "intent": g.goal.intent, "text": goal_line(g)}
                       for g in view.week_goals],
        "meetings": [{"id": m.meeting.id, "event": m.meeting.event, "start": m.meeting.start,
                      "title": m.meeting.title, "people": [{"id": p.id, "name": p.name} for p in m.people],
                      "text": meeting_line(m)} for m in view.meetings],
    }


# --- titles for a calendar (the .ics export) --------------------------------------------------------------


def date_title(entry: ImportantDate, name: str) -> str:
    """`Ana Ruiz's birthday`, `Ana Ruiz's wedding anniversary`, `Ana Ruiz: started at Acme`: the phrase
    `yearly_words` starts with, without the day (a calendar shows that)."""
    return f"{name}: {entry.what}" if entry.kind == "other" else f"{name}'s {entry.what}"


def follow_up_title(follow_up: FollowUp, name: str) -> str:
    """`Follow up with Ana Ruiz: send the article`."""
    return f"Follow up with {name}: {follow_up.what}"
