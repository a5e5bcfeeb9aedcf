"""The monthly review: how often and how the person was in touch with each stakeholder organisation and each
person, against the month before and against the goals set for the month; who was new; which events they went to.

The partners guide asks for exactly this: a month's log of the frequency and the type (formal or informal) of
stakeholder contact, a review of it, and new goals each month. Only conversations count (a share or an
introduction recorded is not a contact with someone); every count comes from the log, so goals are met without
ticking anything, except a goal in the person's own words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..common.folding import fold
from ..core.journal import Journal
from ..core.model import CHANNELS, Contact, Interaction, MonthGoal, Organisation, month_dates, month_key, shift_month
from ..settings.content import Activity, activity

CHANNEL_WORDS = {"in_person": "in person", "video": "video", "call": "call", "message": "message",
                 "email": "email", "event": "event"}


@dataclass
class Tally:
    """Conversations counted one way: formal and informal, and by channel."""

    formal: int = 0
    informal: int = 0
    channels: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.formal + self.informal

    def add(self, talk: Interaction) -> None:
        if talk.formal:
            self.formal += 1
        else:
            self.informal += 1
        self.channels[talk.channel] += 1

    def channel_words(self) -> str:
        """"2 in person, 1 call", in the order of CHANNELS."""
        return ", ".join(f"{self.channels[c]} {CHANNEL_WORDS[c]}" for c in CHANNELS if self.channels[c])

    def as_json(self) -> dict:
        return {"formal": self.formal, "informal": self.informal, "total": self.total,
                "channels": {c: self.channels[c] for c in CHANNELS if self.channels[c]}}


@dataclass
class OrgMonth:
    organisation: Organisation
    this: Tally
    last: Tally
    people: list[Contact]  # the people there talked with this month


@dataclass
class PersonMonth:
    contact: Contact
    this: Tally
    last: Tally
    new: bool  # the first conversation ever with them was this month


@dataclass
class EventDay:
    """A day with conversations at an event (a conference, a luncheon, a forum): who was met, who was new."""

    date: str
    conversations: list[Interaction]
    people: list[Contact]
    new_people: list[Contact]


@dataclass
class GoalProgress:
    goal: MonthGoal
    words: str  # "2 informal contacts with Northgate"
    done: int
    target: int
    met: bool
    activity: Activity | None = None


@dataclass
class MonthReview:
    month: str
    first: date
    last: date
    previous: str
    today: date
    so_far: bool  # the month is not over yet: counts are the month to date
    this: Tally
    before: Tally
    organisations: list[OrgMonth]
    people: list[PersonMonth]
    new_people: list[Contact]
    events: list[EventDay]
    events_this_quarter: int
    goals: list[GoalProgress]

    @property
    def goals_met(self) -> int:
        return sum(1 for g in self.goals if g.met)


def month_review(journal: Journal, month: str | None = None, today: date | None = None) -> MonthReview:
    """The review of `month` (YYYY-MM; this month when None), from one pass over two months of the log."""
    day = today or journal.today()
    month = month or month_key(day)
    first, last = month_dates(month)
    previous = shift_month(month, -1)
    previous_first, _ = month_dates(previous)
    people = {c.id: c for c in journal.everyone()}
    organisations = {o.id: o for o in journal.organisations(include_archived=True)}
    quarter_first, _ = month_dates(shift_month(month, -((first.month - 1) % 3)))

    this, before = Tally(), Tally()
    by_org: dict[str, tuple[Tally, Tally, dict[str, Contact]]] = {}
    by_person: dict[str, tuple[Tally, Tally]] = {}
    event_days: dict[str, list[Interaction]] = {}
    quarter_event_days: set[str] = set()
    for talk in journal.interactions_between(min(previous_first, quarter_first), last):
        if talk.kind != "conversation":
            continue
        current = talk.date >= first.isoformat()
        if talk.channel == "event" and talk.date >= quarter_first.isoformat():
            quarter_event_days.add(talk.date)
        if talk.date < previous_first.isoformat():
            continue  # only the quarter's events look further back than last month
        (this if current else before).add(talk)
        if current and talk.channel == "event":
            event_days.setdefault(talk.date, []).append(talk)
        orgs_here = set()
        for contact_id in talk.with_:
            person = people.get(contact_id)
            if person is None:
                continue
            tallies = by_person.setdefault(contact_id, (Tally(), Tally()))
            tallies[0 if current else 1].add(talk)
            if person.org_id in organisations:
                orgs_here.add(person.org_id)
                if current:
                    by_org.setdefault(person.org_id, (Tally(), Tally(), {}))[2][contact_id] = person
        for org_id in orgs_here:  # a meeting with three people from one organisation is one contact with it
            tallies = by_org.setdefault(org_id, (Tally(), Tally(), {}))
            tallies[0 if current else 1].add(talk)

    firsts = journal.first_contact_dates()
    month_first = first.isoformat()
    new_ids = {c for c, tallies in by_person.items() if tallies[0].total and firsts.get(c, "") >= month_first}

    org_rows = []
    for org_id, organisation in organisations.items():
        tallies = by_org.get(org_id)
        if tallies is None and (organisation.rank is None or organisation.archived):
            continue  # unranked and untouched: nothing to review; a ranked one shows its empty month
        now, then, met = tallies or (Tally(), Tally(), {})
        org_rows.append(OrgMonth(organisation, now, then, sorted(met.values(), key=lambda c: fold(c.name))))
    org_rows.sort(key=lambda r: (r.organisation.rank is None, r.organisation.rank or 0, -r.this.total,
                                 fold(r.organisation.name)))

    person_rows = [PersonMonth(people[c], now, then, c in new_ids)
                   for c, (now, then) in by_person.items() if now.total]
    person_rows.sort(key=lambda r: (-r.this.total, -r.this.informal, fold(r.contact.name)))

    events = []
    for event_date in sorted(event_days):
        talks = event_days[event_date]
        # by name: the order conversations were logged in is no order a person reads a list of who was there by
        met_ids = sorted({c for t in talks for c in t.with_ if c in people}, key=lambda c: fold(people[c].name))
        events.append(EventDay(event_date, talks, [people[c] for c in met_ids],
                               [people[c] for c in met_ids if firsts.get(c) == event_date]))

    review = MonthReview(
        month=month, first=first, last=last, previous=previous, today=day, so_far=first <= day <= last, this=this,
        before=before, organisations=org_rows, people=person_rows,
        new_people=sorted((people[c] for c in new_ids), key=lambda c: (firsts[c.id], fold(c.name))),
        events=events, events_this_quarter=len(quarter_event_days), goals=[],
    )
    review.goals = [_progress(goal, review, by_org, by_person, people, organisations)
                    for goal in journal.month_goals(month)]
    return review


def _progress(goal: MonthGoal, review: MonthReview, by_org: dict, by_person: dict, people: dict[str, Contact],
              organisations: dict[str, Organisation]) -> GoalProgress:
    words = goal_words(goal, people, organisations)
    if goal.kind in ("informal", "contacts"):
        tallies = by_org.get(goal.org_id) if goal.org_id else by_person.get(goal.contact_id)
        tally = tallies[0] if tallies else Tally()
        done = tally.informal if goal.kind == "informal" else tally.total
        return GoalProgress(goal, words, done, goal.count, done >= goal.count)
    if goal.kind == "new_people":
        done = len(review.new_people)
        return GoalProgress(goal, words, done, goal.count, done >= goal.count)
    if goal.kind == "events":
        done = len(review.events)
        return GoalProgress(goal, words, done, goal.count, done >= goal.count)
    if goal.kind == "new_at_events":
        done = sum(1 for e in review.events if len(e.new_people) >= goal.count)
        target = len(review.events)
        return GoalProgress(goal, words, done, target, target > 0 and done == target)
    if goal.kind == "activity":  # notes dated in the month (a hand-edited file may hold others)
        done = sum(1 for note in goal.notes if review.first.isoformat() <= note.date <= review.last.isoformat())
        return GoalProgress(goal, words, done, goal.count, done >= goal.count, activity(goal.activity_id))
    return GoalProgress(goal, words, int(goal.done), 1, goal.done)


def goal_words(goal: MonthGoal, people: dict[str, Contact], organisations: dict[str, Organisation]) -> str:
    """The goal as a person would say it."""
    count = goal.count
    if goal.kind in ("informal", "contacts"):
        if goal.org_id:
            organisation = organisations.get(goal.org_id)
            whom = organisation.name if organisation else "an organisation no longer in the journal"
        else:
            person = people.get(goal.contact_id or "")
            whom = person.name if person else "someone no longer in the journal"
        noun = "informal contact" if goal.kind == "informal" else "contact"
        return f"at least {count} {noun}{'' if count == 1 else 's'} with {whom}"
    if goal.kind == "new_people":
        return f"meet at least {count} new {'person' if count == 1 else 'people'}"
    if goal.kind == "events":
        return f"go to at least {count} event{'' if count == 1 else 's'}"
    if goal.kind == "new_at_events":
        return f"meet at least {count} new {'person' if count == 1 else 'people'} at each event"
    if goal.kind == "activity":
        found = activity(goal.activity_id)
        title = found.title if found else "an activity no longer in the catalogue"
        times = "" if count == 1 else f" ({count} times)"
        return f"practise {goal.activity_id}: {title}{times}"
    return goal.text
