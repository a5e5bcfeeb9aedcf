"""Plain insight functions on small hand-made data."""

from __future__ import annotations

from datetime import date

from netjournal.insights.facts import due_state, goal_met, is_due, summarise_week
from netjournal.core.model import Contact, Interaction, Rating, WeekGoal


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
    from netjournal.insights.facts import reciprocity

    log = [talk(f"2026-11-{day:02d}", "ana", initiated_by="them" if day in (1, 9) else "me") for day in range(1, 11)]
    figures = reciprocity(log, "ana")
    assert (figures.they_started, figures.total) == (1, 6)  # days 5-10; only the 9th was theirs
    assert figures.describe() == "they started 1 of your last 6 conversations"
    assert figures.one_sided  # 5 to 1: more than three to one, the rule of the give and take tab
    assert reciprocity(log[4:8], "ana").one_sided
    assert not reciprocity(log[5:9], "ana").one_sided  # 3 to 1 is give and take
    assert not reciprocity(log[4:6], "ana").one_sided  # 2 to 0 is too early to tell
    assert reciprocity([], "ana").describe() == "no conversations yet"


def test_reciprocity_in_words_as_a_person_says_it():
    from netjournal.insights.facts import reciprocity

    def said(*starters: str) -> str:
        log = [talk(f"2026-11-{day:02d}", "ana", initiated_by=who) for day, who in enumerate(starters, 1)]
        return reciprocity(log, "ana").describe()

    assert said("them") == "they started your only conversation"
    assert said("me") == "you started your only conversation"
    assert said("me", "me") == "they started neither of your last 2 conversations"
    assert said("them", "them") == "they started both of your last 2 conversations"
    assert said("me", "them") == "they started 1 of your last 2 conversations"
    assert said("me", "me", "me") == "they started none of your last 3 conversations"
    assert said("them", "them", "them") == "they started all of your last 3 conversations"


def test_week_boundaries_for_goals_across_years():
    from netjournal.insights.facts import goal_met

    sunday_night = talk("2026-11-29", "ana")
    monday_morning = talk("2026-11-30", "ana")
    assert goal_met(WeekGoal(week="2026-W48", contact_id="ana"), [monday_morning]) is None
    assert goal_met(WeekGoal(week="2026-W48", contact_id="ana"), [sunday_night]) is sunday_night
    assert goal_met(WeekGoal(week="2026-W49", contact_id="ana"), [sunday_night, monday_morning]) is monday_morning
    # 1 January 2027 is in 2026-W53; 4 January 2027 starts 2027-W01
    new_year = talk("2027-01-01", "ana")
    assert goal_met(WeekGoal(week="2026-W53", contact_id="ana"), [new_year]) is new_year
    assert goal_met(WeekGoal(week="2027-W01", contact_id="ana"), [new_year]) is None
    # 2020 also had 53 ISO weeks: 3 January 2021 was still in 2020-W53
    assert goal_met(WeekGoal(week="2020-W53", contact_id="ana"), [talk("2021-01-03", "ana")]) is not None


def test_carry_over_offers_unmet_goals_not_already_chosen():
    from netjournal.insights.facts import carry_over_candidates

    last_week = [WeekGoal(week="2026-W47", contact_id=who) for who in ("ana", "ben", "cleo")]
    talks = [talk("2026-11-18", "ana"), talk("2026-11-19", "ben", channel="email")]
    this_week = [WeekGoal(week="2026-W48", contact_id="cleo")]
    assert [g.contact_id for g in carry_over_candidates(last_week, talks, this_week)] == ["ben"]


def test_goal_history_and_streaks():
    from netjournal.insights.facts import goal_history, last_non_business

    weeks = ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    goals = [WeekGoal(week=w, contact_id="ana") for w in weeks] + [
        WeekGoal(week="2026-W46", contact_id="ben"), WeekGoal(week="2026-W48", contact_id="ben")]
    talks = [talk("2026-11-04", "ana"), talk("2026-11-10", "ana", business=True), talk("2026-11-12", "ana"),
             talk("2026-11-20", "ana"), talk("2026-11-11", "ben")]
    history = {h.contact_id: h for h in goal_history(weeks, goals, talks, current_week="2026-W48")}
    assert history["ana"].weeks == {"2026-W45": "met", "2026-W46": "met", "2026-W47": "met", "2026-W48": "open"}
    assert history["ana"].streak == 3  # this week is not over yet
    assert history["ben"].weeks == {"2026-W46": "met", "2026-W48": "open"}
    assert history["ben"].streak == 0  # not chosen in W47 breaks it
    assert last_non_business(talks, "ana").date == "2026-11-20"


def test_rating_queue_order_and_filters():
    from netjournal.insights.facts import rating_queue

    today = date(2026, 11, 25)
    people = [Contact(name=n, id=n.lower(), tags=tags) for n, tags in
              (("Ana", ["golf"]), ("Ben", []), ("Cleo", ["golf"]), ("Dev", []), ("Eve", []), ("Finn", []))]
    people.append(Contact(name="Gone", id="gone", archived=True))
    ratings = [
        Rating(contact_id="ana", date="2026-09-01", score=3),
        Rating(contact_id="ben", date="2026-10-01", score=1),
        Rating(contact_id="ben", date="2026-10-10", score=2),  # the latest counts
        Rating(contact_id="cleo", date="2026-11-20", score=1),  # rated this month: not due
        Rating(contact_id="dev", date="2026-08-01", score=2),
    ]
    assert rating_queue(people, ratings, today) == ["dev", "ben", "ana", "eve", "finn"]
    assert rating_queue(people, ratings, today, everyone=True) == ["cleo", "dev", "ben", "ana", "eve", "finn"]
    assert rating_queue(people, ratings, today, everyone=True, tag="GOLF") == ["cleo", "ana"]


def test_role_gaps_and_spread():
    from netjournal.insights.facts import network_spread, role_gaps

    people = [Contact(name="Ana", level="up", side="internal", roles=["supporter"]),
              Contact(name="Ben", level="peer", side="external", network="informal"),
              Contact(name="Cleo", archived=True, roles=["coach_mentor"])]
    assert role_gaps(people, ["supporter", "coach_mentor", "ally"]) == ["coach_mentor", "ally"]
    spread = network_spread(people)
    assert spread["level"] == {"up": 1, "peer": 1, "down": 0, "outside": 0, "not set": 0}
    assert spread["side"] == {"internal": 1, "external": 1, "not set": 0}
    assert spread["network"] == {"formal": 0, "informal": 1, "not set": 1}
    assert spread["roles"] == {"with a role": 1, "no role": 1}
