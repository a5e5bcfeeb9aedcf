"""Which reflection prompts fit this week: the conditions that hold, in words, and a rotation stable within a week.

Plain functions over model dataclasses, tested without Textual or TinyDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from ..common.counted import counted
from ..core.model import Contact, FocusGoal, Interaction, MonthGoal, Rating, WeekGoal, month_key
from .facts import NEWEST_FIRST, due_state, goal_met, is_due, reciprocity
from .value import goals_without_people

if TYPE_CHECKING:
    from ..settings.content import Prompt
    from .organisations import OrgSummary

PROMPTS_SHOWN = 4
MOST_CONDITIONAL = 3
RECENT_DAYS = 180  # how far back the conditions look at conversations
CONDITION_ORDER = ("influencer_overdue", "stakeholder_quiet", "low_rating_no_date", "improve_by_past", "one_sided",
                   "goal_missed", "activity_unpractised", "next_time_plan", "single_threaded_key", "goal_alone",
                   "role_gap", "narrow_network", "no_new_person")
KEY_RANK = 3  # organisations ranked 1 to 3 are the key ones: knowing one person there is a risk worth a prompt
# A ranked organisation met in the last QUIET_GRACE_DAYS is not "quiet" yet, though the month has just begun.
QUIET_GRACE_DAYS = 14


@dataclass(frozen=True)
class Reason:
    """Why a conditional prompt fits this week, in words, and who it is about."""

    condition: str
    why: str
    contact_id: str | None = None
    name: str = ""
    role: str = ""
    goal: str = ""


@dataclass(frozen=True)
class ChosenPrompt:
    prompt: "Prompt"
    text: str
    reason: Reason | None = None


def find_reasons(
    contacts: list[Contact],
    recent: Sequence[Interaction],
    ratings: list[Rating],
    last_week_goals: list[WeekGoal],
    first_contact: dict[str, str],
    roles: dict[str, str],
    today: date,
    focus_goals: Iterable[FocusGoal] = (),
    organisations: Iterable["OrgSummary"] = (),
    month_goals: Iterable[MonthGoal] = (),
    activity_titles: Mapping[str, str] | None = None,
) -> list[Reason]:
    """Every condition that holds, the most pressing case of each first, in CONDITION_ORDER.

    `recent` is the log of the last RECENT_DAYS days; `roles` maps role ids to names; `organisations` are the
    summaries as of `today` (this month's contact, people, flags); `month_goals` are `today`'s month's goals and
    `activity_titles` maps the catalogue's activity ids to their titles.
    """
    active = [c for c in contacts if not c.archived]
    by_id = {c.id: c for c in active}
    found: dict[str, list[tuple[float, Reason]]] = {}

    def add(condition: str, weight: float, reason: Reason) -> None:
        found.setdefault(condition, []).append((weight, reason))

    per_person: dict[str, list[Interaction]] = {}
    for interaction in sorted(recent, key=NEWEST_FIRST, reverse=True):
        for contact_id in interaction.with_:
            per_person.setdefault(contact_id, []).append(interaction)

    for person in active:
        talks = per_person.get(person.id, [])
        last = talks[0].date if talks else None
        if person.key_influencer and is_due(person, last, today):
            overdue = due_state(person, last, today).days_overdue(today)
            add("influencer_overdue", overdue, Reason(
                "influencer_overdue", f"{person.name} is a key influencer and {counted(overdue, 'day')} past your "
                f"keep-in-touch interval", person.id, person.name))
        figures = reciprocity(talks, person.id, last=5, newest_first=True)
        if figures.one_sided:
            started = "the last" if not figures.they_started else f"{figures.you_started} of the last"
            add("one_sided", figures.total, Reason(
                "one_sided", f"you started {started} {counted(figures.total, 'conversation')} with {person.name}",
                person.id, person.name))
        if talks and talks[0].next_time and (today - talks[0].day).days <= 30:
            add("next_time_plan", -(today - talks[0].day).days, Reason(
                "next_time_plan", f"last time with {person.name} ({talks[0].date}) you planned: "
                f"{talks[0].next_time}", person.id, person.name))

    latest: dict[str, Rating] = {}
    for rating in sorted(ratings, key=lambda r: r.date):
        latest[rating.contact_id] = rating
    for contact_id, rating in latest.items():
        person = by_id.get(contact_id)
        if person is None or rating.score > 2:
            continue
        if rating.improve_by is None:
            add("low_rating_no_date", -rating.score, Reason(
                "low_rating_no_date", f"you rated {person.name} {rating.score} on {rating.date} and set no date "
                "to improve it", person.id, person.name))
        elif rating.improve_by < today.isoformat():
            add("improve_by_past", -rating.score, Reason(
                "improve_by_past", f"the date you set to improve things with {person.name} ({rating.improve_by}) "
                "has passed", person.id, person.name))

    last_week_talks = recent
    for goal in last_week_goals:
        person = by_id.get(goal.contact_id)
        if person is not None and goal_met(goal, last_week_talks) is None:
            add("goal_missed", 0, Reason(
                "goal_missed", f"the non-business conversation with {person.name} did not happen last week",
                person.id, person.name))

    filled = {role for person in active for role in person.roles}
    for role_id, role_name in roles.items():
        if role_id not in filled:
            article = "an" if role_name[:1].lower() in "aeiou" else "a"
            add("role_gap", 0, Reason("role_gap", f"nobody in your network is {article} {role_name.lower()}",
                                      role=role_name))

    placed_levels = [c.level for c in active if c.level]
    placed_sides = [c.side for c in active if c.side]
    if len(placed_levels) >= 3 and set(placed_levels) == {"up"}:
        add("narrow_network", 0, Reason("narrow_network", "everyone you have placed in your network is above you"))
    elif len(placed_sides) >= 3 and set(placed_sides) == {"internal"}:
        add("narrow_network", 0, Reason("narrow_network", "everyone in your network works inside your organisation"))

    month_ago = (today - timedelta(days=30)).isoformat()
    # Only once something is logged: a journal started today has not "met nobody new".
    if active and first_contact and not any(day >= month_ago for day in first_contact.values()):
        add("no_new_person", 0, Reason("no_new_person", "you have not met anyone new in the last 30 days"))

    for goal in goals_without_people(focus_goals):
        add("goal_alone", 0, Reason("goal_alone", f"nobody is written beside your critical goal: {goal.text}",
                                    goal=goal.text))

    _organisation_reasons(add, organisations, per_person, today)
    for goal in month_goals:
        if goal.kind == "activity" and goal.month == month_key(today) and \
                not any(note.date <= today.isoformat() for note in goal.notes):
            title = (activity_titles or {}).get(goal.activity_id, "")
            shown = f"{goal.activity_id} ({title})" if title else goal.activity_id
            add("activity_unpractised", today.day, Reason(
                "activity_unpractised", f"you chose to practise {shown} this month and have written down no "
                "action for it yet", goal=title or goal.activity_id))

    reasons: list[Reason] = []
    for condition in CONDITION_ORDER:
        cases = sorted(found.get(condition, []), key=lambda pair: pair[0], reverse=True)
        reasons.extend(reason for _, reason in cases)
    return reasons


def _organisation_reasons(add: Callable[[str, float, Reason], None], organisations: Iterable["OrgSummary"],
                          per_person: Mapping[str, list[Interaction]], today: date) -> None:
    """The flags of ranked organisations, as of `today`: the last contact is looked up in the log up to `today`
    (`per_person`, newest first), not the newest in the journal, so a past week reads as it stood then."""
    from .organisations import NO_CONTACT_THIS_MONTH, SINGLE_THREADED

    grace = (today - timedelta(days=QUIET_GRACE_DAYS)).isoformat()
    for summary in organisations:
        organisation = summary.organisation
        if organisation.archived or organisation.rank is None:
            continue
        name, rank = organisation.name, organisation.rank
        last = max((talks[0].date for p in summary.people if (talks := per_person.get(p.id))), default=None)
        if NO_CONTACT_THIS_MONTH in summary.flags and (last or "") < grace:
            if last is not None:
                since = f"last contact {last}"
            elif summary.last_contact and summary.last_contact <= today.isoformat():
                since = f"last contact {summary.last_contact}"  # before the RECENT_DAYS the log is read for
            elif summary.last_contact is None:
                since = "never contacted"
            else:  # only after `today`: as the week stood, nothing in the RECENT_DAYS before it
                since = f"none in the {RECENT_DAYS} days before"
            add("stakeholder_quiet", -rank, Reason(
                "stakeholder_quiet", f"nobody at {name} (rank {rank}) has heard from you this month ({since})",
                name=name))
        if SINGLE_THREADED in summary.flags and rank <= KEY_RANK:
            (only,) = summary.people
            add("single_threaded_key", -rank, Reason(
                "single_threaded_key", f"{only.name} is the only person you know at {name}, ranked {rank}",
                only.id, name))


def _rotation_key(week: str, prompt_id: str) -> str:
    import hashlib

    return hashlib.sha1(f"{week}:{prompt_id}".encode()).hexdigest()


def choose_prompts(prompts: list["Prompt"], reasons: list[Reason], week: str, skip: int = 0,
                   count: int = PROMPTS_SHOWN) -> list[ChosenPrompt]:
    """This week's prompts: those whose condition holds first (one per condition, with its reason), then a
    rotation that stays the same all week. `skip` moves the rotation on (the `n` key)."""
    chosen: list[ChosenPrompt] = []
    used_conditions: set[str] = set()
    for reason in reasons:
        if len(chosen) >= MOST_CONDITIONAL:
            break
        if reason.condition in used_conditions:
            continue
        matching = sorted((p for p in prompts if p.when == reason.condition), key=lambda p: _rotation_key(week, p.id))
        if not matching:
            continue
        prompt = matching[skip % len(matching)]
        chosen.append(ChosenPrompt(prompt, prompt.fill(reason.name, reason.role, reason.goal), reason))
        used_conditions.add(reason.condition)
    general = sorted((p for p in prompts if p.when is None), key=lambda p: _rotation_key(week, p.id))
    wanted = max(count - len(chosen), 1)
    if general:
        start = (skip * wanted) % len(general)
        for n in range(min(wanted, len(general))):
            prompt = general[(start + n) % len(general)]
            chosen.append(ChosenPrompt(prompt, prompt.text))
    return chosen


