"""Today: what asks for the person's attention now and in the days ahead, gathered from the journal.

One list for the Today pane, `netjournal today` and its `--json`: follow-ups overdue or due soon, birthdays and
anniversaries coming round, people past their keep-in-touch interval (key influencers first), this week's
non-business goals not met yet, and today's meetings from an imported calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..core.journal import Journal
from ..core.model import Contact, FollowUp, ImportantDate, Meeting, WeekGoal, next_occurrence, week_key, years_on
from .facts import due_state, goal_met

DEFAULT_DAYS = 7  # a week ahead: what a Monday look, or a shell's start-up line, can act on


@dataclass(frozen=True)
class DueFollowUp:
    follow_up: FollowUp
    contact: Contact
    days_late: int  # > 0 overdue, 0 due today, < 0 due in that many days


@dataclass(frozen=True)
class ComingDate:
    contact: Contact
    entry: ImportantDate
    on: date  # the day it comes round next
    years: int | None  # the age a birthday turns, the years an anniversary marks; None without a year
    days_away: int


@dataclass(frozen=True)
class DuePerson:
    contact: Contact
    last_contact: date | None
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class OpenGoal:
    goal: WeekGoal
    contact: Contact


@dataclass(frozen=True)
class TodayMeeting:
    meeting: Meeting
    people: tuple[Contact, ...]


@dataclass
class Today:
    day: date
    days: int
    follow_ups: list[DueFollowUp] = field(default_factory=list)
    dates: list[ComingDate] = field(default_factory=list)
    due: list[DuePerson] = field(default_factory=list)
    week_goals: list[OpenGoal] = field(default_factory=list)
    meetings: list[TodayMeeting] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.follow_ups or self.dates or self.due or self.week_goals or self.meetings)


def coming_dates(contacts: list[Contact], today: date, days: int) -> list[ComingDate]:
    """Dates that come round from today to `days` - 1 days on (days=7: today and the six days after), soonest
    first."""
    found: list[ComingDate] = []
    for person in contacts:
        for entry in person.dates:
            on = next_occurrence(entry.date, today)
            away = (on - today).days
            if away < days:
                found.append(ComingDate(person, entry, on, years_on(entry.date, on), away))
    found.sort(key=lambda c: (c.on, c.contact.name.casefold(), c.entry.kind))
    return found


def due_follow_ups(follow_ups: list[FollowUp], people: dict[str, Contact], today: date,
                   days: int) -> list[DueFollowUp]:
    """Open follow-ups that are overdue or due within `days` days, most overdue first."""
    last_day = (today + timedelta(days=days - 1)).isoformat()
    found = [DueFollowUp(f, people[f.contact_id], (today - date.fromisoformat(f.due)).days)
             for f in follow_ups if f.open and f.due <= last_day and f.contact_id in people]
    found.sort(key=lambda d: (-d.days_late, d.contact.name.casefold(), d.follow_up.what))
    return found


def due_people(contacts: list[Contact], last_contacts: dict[str, str], today: date) -> list[DuePerson]:
    """People past their keep-in-touch interval: key influencers first, then the longest overdue."""
    found: list[DuePerson] = []
    cutoffs: dict[int, str] = {}  # per interval, the newest start that makes a person due today
    for person in contacts:
        if not person.cadence_days:
            continue
        cutoff = cutoffs.get(person.cadence_days)
        if cutoff is None:
            cutoff = cutoffs[person.cadence_days] = (today - timedelta(days=person.cadence_days)).isoformat()
        if (last_contacts.get(person.id) or person.created_at[:10]) > cutoff:  # ISO dates order as strings
            continue  # not due yet: most people, told apart without building dates (Today's 30 ms)
        state = due_state(person, last_contacts.get(person.id), today)
        if state.due_on is not None and state.due_on <= today:
            found.append(DuePerson(person, state.last_contact, state.due_on, (today - state.due_on).days))
    found.sort(key=lambda d: (not d.contact.key_influencer, -d.days_overdue, d.contact.name.casefold()))
    return found


def today_view(journal: Journal, days: int = DEFAULT_DAYS, today: date | None = None) -> Today:
    """Everything Today shows, for `days` days from today (1: today only)."""
    if days < 1:
        raise ValueError("days: give 1 or more")
    day = today or journal.today()
    # The archived are left out of every section. Kept, read-only: not 2,000 people built on every redraw.
    people = {c.id: c for c in journal.everyone() if not c.archived}
    everyone = list(people.values())
    view = Today(day, days)
    view.follow_ups = due_follow_ups(journal.follow_ups(), people, day, days)
    view.dates = coming_dates(everyone, day, days)
    view.due = due_people(everyone, journal.last_contact_dates(), day)
    week = week_key(day)
    goals = [g for g in journal.week_goals(week) if g.contact_id in people]
    # a pass over the log, only when there are goals
    this_week = journal.week_interactions(week, frozenset(g.contact_id for g in goals)) if goals else ()
    view.week_goals = [OpenGoal(g, people[g.contact_id]) for g in goals if goal_met(g, this_week) is None]
    view.week_goals.sort(key=lambda g: g.contact.name.casefold())
    for meeting in journal.meetings(day):
        present = tuple(people[c] for c in meeting.with_ if c in people)
        if present:
            view.meetings.append(TodayMeeting(meeting, present))
    return view
