"""Plain insight functions on small hand-made data."""

from __future__ import annotations

from datetime import date

from netjournal.insights import due_state, goal_met, is_due, summarise_week
from netjournal.model import Contact, Interaction, Rating, WeekGoal


def talk(day: str, *who: str, **fields) -> Interaction:
    return Interaction(date=day, with_=list(who), **fields)


def test_goal_met_only_by_non_business_non_email_talk_in_that_week():
    goal = WeekGoal(week="2026-W48", contact_id="ana")
    assert goal_met(goal, [talk("2026-11-24", "ana", channel="email")]) is None
    assert goal_met(goal, [talk("2026-11-24", "ana", business=True)]) is None
    assert goal_met(goal, [talk("2026-11-22", "ana")]) is None  # Sunday of the week before
    assert goal_met(goal, [talk("2026-11-24", "ben")]) is None
    sunday_night = talk("2026-11-29", "ana", "ben", channel="call")
    assert goal_met(goal, [sunday_night]) is sunday_night


def test_due_restarts_with_every_conversation():
    ana = Contact(name="Ana", cadence_days=14, created_at="2026-10-01T09:00:00+00:00")
    today = date(2026, 11, 25)
    assert due_state(ana, None, today).due_on == date(2026, 10, 15)  # never talked: due from when added
    assert is_due(ana, "2026-11-01", today)
    assert not is_due(ana, "2026-11-20", today)
    assert due_state(ana, "2026-11-01", today).days_overdue(today) == 10
    assert due_state(Contact(name="Ben"), "2026-01-01", today).due_on is None


def test_week_summary_counts_and_new_people():
    interactions = [
        talk("2026-11-23", "ana", formal=True, business=True, channel="video"),
        talk("2026-11-25", "ben", initiated_by="them", gave="a report"),
        talk("2026-11-27", "ana", "cleo", got="an introduction"),
    ]
    first_contact = {"ana": "2026-09-01", "ben": "2026-11-25", "cleo": "2026-11-27"}
    ratings = [Rating(contact_id="ana", date="2026-10-01", score=2), Rating(contact_id="ana", date="2026-11-24", score=3),
               Rating(contact_id="ben", date="2026-11-24", score=4)]
    goals = [WeekGoal(week="2026-W48", contact_id="ben"), WeekGoal(week="2026-W48", contact_id="dev")]
    summary = summarise_week("2026-W48", interactions, goals, ratings, first_contact)
    assert (summary.conversations, summary.formal, summary.informal) == (3, 1, 2)
    assert (summary.business, summary.non_business, summary.gave, summary.got) == (1, 2, 1, 1)
    assert summary.people_met == ["ana", "ben", "cleo"] and summary.new_people == ["ben", "cleo"]
    assert summary.goals_met == ["ben"] and summary.goals_open == ["dev"]
    assert summary.ratings == [("ana", 2, 3), ("ben", None, 4)]
    assert summary.they_started == 1


def test_reciprocity_counts_who_started_the_last_six():
    from netjournal.insights import reciprocity

    log = [talk(f"2026-11-{day:02d}", "ana", initiated_by="them" if day in (1, 9) else "me") for day in range(1, 11)]
    figures = reciprocity(log, "ana")
    assert (figures.they_started, figures.total) == (1, 6)  # days 5-10; only the 9th was theirs
    assert figures.describe() == "they started 1 of your last 6 conversations"
    assert not figures.one_sided
    assert reciprocity(log[4:8], "ana").one_sided
    assert reciprocity([], "ana").describe() == "no conversations yet"
    assert reciprocity(log[:1], "ana").describe() == "they started 1 of your only conversation"
