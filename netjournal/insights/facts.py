"""What the journal's data means: weekly goals met, who is due, the week's facts, rating passes, the role map.

Plain functions over model dataclasses, so they are tested without Textual or TinyDB.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import Iterable, Sequence

from ..common.counted import counted
from ..common.folding import fold
from ..core.model import Contact, Interaction, Rating, WeekGoal, week_dates, week_key



def counts_for_goal(interaction: Interaction) -> bool:
    """Only a non-business conversation meets a weekly goal: not an email, not a link passed on, not an
    introduction of two other people."""
    return not interaction.business and interaction.channel != "email" and interaction.kind == "conversation"


def goal_met(goal: WeekGoal, interactions: Iterable[Interaction]) -> Interaction | None:
    """The first conversation of the goal's week that meets it, or None."""
    for interaction in sorted(interactions, key=lambda i: i.date):
        if (
            goal.contact_id in interaction.with_
            and week_key(interaction.day) == goal.week
            and counts_for_goal(interaction)
        ):
            return interaction
    return None


@dataclass(frozen=True)
class DueState:
    last_contact: date | None
    due_on: date | None

    def days_overdue(self, today: date) -> int:
        if self.due_on is None:
            return 0
        return max(0, (today - self.due_on).days)


def ago(day: date | None, today: date) -> str:
    """`yesterday`, `3d ago`, `never`: how long since a day, as the Contacts pane says it."""
    if day is None:
        return "never"
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return f"in {-days}d"
    return f"{days}d ago"


def due_state(contact: Contact, last_contact: str | None, today: date) -> DueState:
    """When a person is next due: their interval after the last conversation (or after they were added)."""
    last = date.fromisoformat(last_contact) if last_contact else None
    if not contact.cadence_days:
        return DueState(last, None)
    start = last or date.fromisoformat(contact.created_at[:10])
    return DueState(last, start + timedelta(days=contact.cadence_days))


def is_due(contact: Contact, last_contact: str | None, today: date) -> bool:
    state = due_state(contact, last_contact, today)
    return state.due_on is not None and state.due_on <= today


@dataclass
class WeekSummary:
    week: str
    conversations: int = 0
    formal: int = 0
    informal: int = 0
    business: int = 0
    non_business: int = 0
    by_channel: Counter = field(default_factory=Counter)
    people_met: list[str] = field(default_factory=list)  # contact ids, in order of first conversation
    new_people: list[str] = field(default_factory=list)  # first conversation ever happened this week
    goals_met: list[str] = field(default_factory=list)  # contact ids
    goals_open: list[str] = field(default_factory=list)
    ratings: list[tuple[str, int | None, int]] = field(default_factory=list)  # contact id, before, now
    gave: int = 0
    got: int = 0
    they_started: int = 0


def summarise_week(
    week: str,
    interactions: list[Interaction],
    goals: list[WeekGoal],
    ratings: list[Rating],
    first_contact: dict[str, str],
) -> WeekSummary:
    """The facts of one ISO week.

    `first_contact` maps each person to the date of the first conversation ever logged with them (it tells
    who was new); `ratings` are all ratings, so a change can be told from a first rating.
    """
    days = week_dates(week)
    first, last = days[0].isoformat(), days[-1].isoformat()
    summary = WeekSummary(week)
    in_week = sorted((i for i in interactions if first <= i.date <= last), key=lambda i: i.date)
    seen_before = {cid for cid, day in first_contact.items() if day < first}
    for interaction in in_week:
        summary.conversations += 1
        summary.by_channel[interaction.channel] += 1
        if interaction.formal:
            summary.formal += 1
        else:
            summary.informal += 1
        if interaction.business:
            summary.business += 1
        else:
            summary.non_business += 1
        summary.gave += bool(interaction.gave)
        summary.got += bool(interaction.got)
        summary.they_started += interaction.initiated_by == "them"
        for contact_id in interaction.with_:
            if contact_id not in summary.people_met:
                summary.people_met.append(contact_id)
                if contact_id not in seen_before:
                    summary.new_people.append(contact_id)
    for goal in goals:
        if goal.week != week:
            continue
        (summary.goals_met if goal_met(goal, in_week) else summary.goals_open).append(goal.contact_id)
    previous: dict[str, int] = {}
    for rating in sorted(ratings, key=lambda r: r.date):
        if rating.date < first:
            previous[rating.contact_id] = rating.score
        elif rating.date <= last:
            summary.ratings.append((rating.contact_id, previous.get(rating.contact_id), rating.score))
            previous[rating.contact_id] = rating.score
    return summary


# --- who starts, who gives: one rule for when it leans one way ------------------------------------------------

LEAN_RATIO = 3  # one side more than three times the other: 4 to 1 leans, 3 to 1 is give and take
ENOUGH_TO_TELL = 3  # fewer than this in all says nothing about who starts or who gives
LEAN_RULE = (f"leans one way when one side starts, or gives, more than {LEAN_RATIO} times as often as the other "
             f"({ENOUGH_TO_TELL} or more in all)")


def leaning(yours: int, theirs: int) -> str | None:
    """"you" or "they" when one side did more than LEAN_RATIO times what the other did, out of at least
    ENOUGH_TO_TELL; None when it is give and take, or too early to tell.

    14 to 2 leans, 3 to 0 leans, 3 to 1 does not, 2 to 0 is too early.
    """
    if yours + theirs < ENOUGH_TO_TELL:
        return None
    if yours > LEAN_RATIO * theirs:
        return "you"
    if theirs > LEAN_RATIO * yours:
        return "they"
    return None


@dataclass(frozen=True)
class Reciprocity:
    they_started: int
    total: int

    @property
    def you_started(self) -> int:
        return self.total - self.they_started

    def describe(self) -> str:
        if not self.total:
            return "no conversations yet"
        if self.total == 1:
            return f"{'they' if self.they_started else 'you'} started your only conversation"
        both = self.total == 2
        share = ({0: "neither" if both else "none", self.total: "both" if both else "all"}
                 .get(self.they_started, str(self.they_started)))
        return f"they started {share} of your last {counted(self.total, 'conversation')}"

    @property
    def one_sided(self) -> bool:
        """You started (nearly) all of them, by the rule of `leaning`: worth a look, not a verdict."""
        return leaning(self.you_started, self.they_started) == "you"


# How the log is ordered wherever it is shown or judged: newest first by this key (with reverse=True); attrgetter
# rather than a lambda, since the Prompts pane sorts half a year of the log after every save.
NEWEST_FIRST = attrgetter("date", "created_at")


def reciprocity(interactions: Iterable[Interaction], contact_id: str, last: int = 6,
                newest_first: bool = False) -> Reciprocity:
    """Who started the last `last` conversations with a person (passing something on starts no conversation).

    `newest_first`: the caller's conversations are in NEWEST_FIRST order already, so they need no sorting (the
    Prompts pane asks for everyone's after each save)."""
    mine = [i for i in interactions if contact_id in i.with_ and i.kind == "conversation"]
    mine = (mine if newest_first else sorted(mine, key=NEWEST_FIRST, reverse=True))[:last]
    return Reciprocity(sum(1 for i in mine if i.initiated_by == "them"), len(mine))


# --- weekly non-business goals ----------------------------------------------------------------


def last_non_business(interactions: Iterable[Interaction], contact_id: str) -> Interaction | None:
    """The newest conversation with a person that would count for a weekly goal."""
    best: Interaction | None = None
    for interaction in interactions:
        if contact_id in interaction.with_ and counts_for_goal(interaction):
            if best is None or interaction.date > best.date:
                best = interaction
    return best


def carry_over_candidates(
    previous_goals: list[WeekGoal], previous_interactions: list[Interaction], current_goals: list[WeekGoal]
) -> list[WeekGoal]:
    """Last week's goals that were not met and whose person is not chosen again yet."""
    chosen = {goal.contact_id for goal in current_goals}
    return [goal for goal in previous_goals
            if goal.contact_id not in chosen and goal_met(goal, previous_interactions) is None]


MET, MISSED, OPEN = "met", "missed", "open"


@dataclass(frozen=True)
class GoalHistory:
    contact_id: str
    weeks: dict[str, str]  # week -> met | missed | open (the current week, not met yet); absent: not chosen
    streak: int  # weeks met in a row, up to the newest week that is over (or met)


def goal_history(weeks: list[str], goals: list[WeekGoal], interactions: Sequence[Interaction],
                 current_week: str) -> list[GoalHistory]:
    """For every person chosen in any of `weeks` (oldest first): what happened each week, and their streak."""
    by_week: dict[str, list[Interaction]] = {}
    for interaction in interactions:
        by_week.setdefault(week_key(interaction.day), []).append(interaction)
    states: dict[str, dict[str, str]] = {}
    for goal in goals:
        if goal.week not in weeks:
            continue
        if goal_met(goal, by_week.get(goal.week, [])):
            state = MET
        elif goal.week >= current_week:
            state = OPEN
        else:
            state = MISSED
        states.setdefault(goal.contact_id, {})[goal.week] = state
    history = []
    for contact_id, seen in states.items():
        streak = 0
        for week in reversed(weeks):
            state = seen.get(week)
            if state == OPEN or (state is None and week >= current_week):
                continue  # the week is not over: it neither makes nor breaks a streak
            if state != MET:
                break
            streak += 1
        history.append(GoalHistory(contact_id, seen, streak))
    return history


# --- rating passes and the role map ------------------------------------------------------------------

RATE_EVERY_DAYS = 30


def rating_queue(contacts: list[Contact], ratings: list[Rating], today: date, everyone: bool = False,
                 tag: str | None = None) -> list[str]:
    """Who to rate in a pass, as contact ids.

    By default the active people not rated in the last 30 days: the lowest last rating first (the oldest
    of equal ones first), then those never rated, by name. `everyone` drops the 30-day rule; `tag` keeps
    only people with that interest tag.
    """
    latest: dict[str, Rating] = {}
    for rating in sorted(ratings, key=lambda r: r.date):
        latest[rating.contact_id] = rating
    cutoff = (today - timedelta(days=RATE_EVERY_DAYS)).isoformat()
    wanted = fold(tag) if tag else None
    rated: list[tuple[int, str, str, str]] = []
    unrated: list[tuple[str, str]] = []
    for person in contacts:
        if person.archived:
            continue
        if wanted and wanted not in (fold(t) for t in person.tags):
            continue
        last = latest.get(person.id)
        if last is None:
            unrated.append((person.name.casefold(), person.id))
        elif everyone or last.date < cutoff:
            rated.append((last.score, last.date, person.name.casefold(), person.id))
    return [row[-1] for row in sorted(rated)] + [row[-1] for row in sorted(unrated)]


def role_gaps(contacts: list[Contact], role_ids: list[str]) -> list[str]:
    """Roles that no active person fills, in the order given."""
    filled = {role for person in contacts if not person.archived for role in person.roles}
    return [role for role in role_ids if role not in filled]


SPREAD = (("level", ("up", "peer", "down", "outside")), ("side", ("internal", "external")),
          ("network", ("formal", "informal")))


def network_spread(contacts: list[Contact]) -> dict[str, dict[str, int]]:
    """How the active network spreads over level, side and network, plus how many have no role."""
    active = [c for c in contacts if not c.archived]
    spread: dict[str, dict[str, int]] = {}
    for field_name, values in SPREAD:
        counts = Counter(getattr(c, field_name) or "not set" for c in active)
        spread[field_name] = {value: counts.get(value, 0) for value in (*values, "not set")}
    spread["roles"] = {"with a role": sum(1 for c in active if c.roles),
                       "no role": sum(1 for c in active if not c.roles)}
    return spread
