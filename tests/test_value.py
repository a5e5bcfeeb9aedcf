"""Passing along value, on a small hand-made network where the right answers are known."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.core.model import Contact, FocusGoal, Interaction, PassedOn, Share
from netjournal.insights.facts import LEAN_RULE, leaning
from netjournal.insights.value import (
    Balance,
    balances,
    goals_without_people,
    introduction_matches,
    one_sided,
    recently_given,
    suggest_recipients,
    words,
)

TODAY = date(2026, 11, 25)


def person(name: str, **fields) -> Contact:
    return Contact(name=name, id=name.lower(), **fields)


def talk(day: str, *who: str, **fields) -> Interaction:
    return Interaction(date=day, with_=list(who), **fields)


@pytest.fixture
def network() -> list[Contact]:
    return [
        person("Ana", tags=["golf", "running"], notes="Her son starts university next year"),
        person("Ben", title="Data engineer", tags=["python"], needs="a mentor for public speaking"),
        person("Cleo", tags=["public speaking", "theatre"], notes="Runs the toastmasters club"),
        person("Dev", notes="Organises the charity golf day every June", needs="volunteers for the charity day"),
        person("Eve", tags=["gardening"], archived=True, notes="golf fan"),
        person("Finn", tags=["cycling"]),
    ]


def test_words_drop_the_common_ones_and_meet_across_endings():
    assert set(words("The golfing weekend for golfers")) == {"golf", "weekend"}
    assert words("Charities")["charity"] == "charities"  # the reason shows the word as written


def test_the_person_with_the_matching_interest_comes_first_with_the_reason(network):
    share = Share(title="How to practise your golf swing at home", tags=["golf"])
    found = suggest_recipients(share, network, [], TODAY)
    assert [s.contact_id for s in found] == ["ana", "dev"]  # Eve is archived; Ben, Cleo and Finn don't fit
    assert found[0].why == "interests: golf"
    assert found[1].why == "notes mention 'golf'"
    assert found[0].score > found[1].score


def test_need_work_and_recent_talk_all_count(network):
    talks = [talk("2026-11-10", "finn", topics="his cycling trip and a python course he is taking")]
    share = Share(title="Free Python course for data engineers", note="short and practical")
    found = {s.contact_id: s for s in suggest_recipients(share, network, talks, TODAY)}
    assert set(found) == {"ben", "finn"}
    assert "interests: python" in found["ben"].reasons and "their work 'data'" in found["ben"].why
    assert found["finn"].why == "talked lately about 'course', 'python'"
    speaking = Share(title="Notes on public speaking for introverts")
    ranked = suggest_recipients(speaking, network, [], TODAY)
    assert [s.contact_id for s in ranked] == ["ben", "cleo"]  # what he is looking for outranks her interest
    assert ranked[0].why == "looking for 'public', 'speaking'"
    assert ranked[1].why == "interests: public speaking"


def test_talk_older_than_ninety_days_says_nothing(network):
    talks = [talk("2026-08-01", "finn", topics="python")]
    assert suggest_recipients(Share(title="python tips"), network, talks, TODAY)[0].contact_id == "ben"
    assert "finn" not in {s.contact_id for s in suggest_recipients(Share(title="python tips"), network, talks, TODAY)}


def test_a_person_given_something_this_week_is_marked_and_comes_after_the_others(network):
    share = Share(title="Golf course guide", tags=["golf"])
    talks = [talk("2026-11-19", "ana", gave="a link about running shoes")]  # 7 days ago counting today: inside
    found = suggest_recipients(share, network, talks, TODAY)
    assert [(s.contact_id, s.last_given) for s in found] == [("dev", None), ("ana", "2026-11-19")]
    eight_days = [talk("2026-11-17", "ana", gave="a link")]
    assert suggest_recipients(share, network, eight_days, TODAY)[0].last_given is None
    assert recently_given(talks + eight_days, TODAY) == {"ana": "2026-11-19"}
    assert recently_given([talk("2026-11-24", "ana", topics="no value given")], TODAY) == {}


def test_people_who_already_had_the_item_are_left_out(network):
    share = Share(title="Golf course guide", tags=["golf"], passed=[PassedOn("ana", "2026-10-01")])
    assert [s.contact_id for s in suggest_recipients(share, network, [], TODAY)] == ["dev"]


def test_introductions_match_a_need_to_an_interest(network):
    matches = introduction_matches(network, [])
    pairs = [(m.needs_id, m.offers_id) for m in matches]
    assert ("ben", "cleo") in pairs  # Ben needs public speaking; Cleo's interests
    best_for_ben = next(m for m in matches if m.needs_id == "ben")
    assert best_for_ben.offers_id == "cleo" and best_for_ben.reason == "interests: public speaking"
    assert ("dev", "ana") not in pairs  # Dev needs volunteers: nobody offers that
    assert all(m.offers_id != "eve" for m in matches)
    already = [talk("2026-11-01", "ben", "cleo", kind="introduction", gave="an introduction")]
    assert ("ben", "cleo") not in [(m.needs_id, m.offers_id) for m in introduction_matches(network, already)]


def test_balance_counts_value_and_who_started_over_ninety_days():
    talks = [
        talk("2026-11-20", "ana", gave="a report"),
        talk("2026-11-01", "ana", "ben", gave="an introduction", kind="introduction"),
        talk("2026-10-01", "ana", initiated_by="them", got="a contact at the council"),
        talk("2026-08-01", "ana", got="too old to count"),
    ]
    figures = balances(talks, TODAY)
    # The introduction is value given to both, but no conversation that anybody started.
    assert figures["ana"] == Balance("ana", gave=2, got=1, you_started=1, they_started=1)
    assert figures["ben"] == Balance("ben", gave=1, got=0, you_started=0, they_started=0)
    assert figures["ana"].lean() is None
    assert figures["ben"].lean() is None  # one introduction: too early to tell


def test_one_sided_patterns_come_with_a_suggestion(network):
    talks = ([talk(f"2026-11-{d:02d}", "ana", initiated_by=who, gave="something")
              for d, who in ((3, "me"), (10, "them"), (17, "me"))]
             + [talk(f"2026-11-{d:02d}", "cleo", initiated_by="them", got="advice") for d in (4, 11, 18)]
             + [talk(f"2026-11-{d:02d}", "finn") for d in (5, 12, 19)]
             + [talk("2026-11-06", "dev"), talk("2026-11-13", "dev", initiated_by="them"),
                talk("2026-11-20", "dev", gave="a link", got="a tip")])
    found = {o.balance.contact_id: o for o in one_sided(balances(talks, TODAY), network)}
    assert set(found) == {"ana", "cleo", "finn"}
    assert found["ana"].pattern == "you passed them something 3 times, nothing came back"  # 2 to 1 starts: fine
    assert "let it rest" in found["ana"].suggestion
    # Both ways at once: what was passed along comes first, and so does its suggestion.
    assert found["cleo"].pattern == ("they passed you something 3 times, you passed nothing back; "
                                     "they started all 3 conversations")
    assert found["cleo"].suggestion.startswith("offer value")
    assert found["finn"].pattern == "you started all 3 conversations"
    assert found["finn"].suggestion.startswith("leave room for them to reach out")
    they_start = [talk(f"2026-11-{d:02d}", "finn", initiated_by="them") for d in (5, 12, 19)]
    assert one_sided(balances(they_start, TODAY), network)[0].pattern == "they started all 3 conversations"
    links = [talk(f"2026-11-{d:02d}", "finn", kind="share", gave="a link") for d in (5, 12)]
    (found,) = one_sided(balances(links + they_start, TODAY), network)
    assert found.pattern == "they started all 3 conversations"  # links start nothing; two are too few to tell


@pytest.mark.parametrize(("yours", "theirs", "expected"), [
    (0, 0, None), (2, 0, None), (0, 2, None),  # fewer than three in all: too early to tell
    (3, 0, "you"), (0, 3, "they"),  # three to none leans
    (3, 1, None), (1, 3, None), (6, 2, None), (9, 3, None),  # exactly three to one is still give and take
    (4, 1, "you"), (1, 4, "they"), (7, 2, "you"), (10, 3, "you"),  # more than three to one leans
    (14, 2, "you"), (2, 14, "they"), (2, 2, None), (5, 4, None),
])
def test_the_rule_at_its_edges(yours, theirs, expected):
    assert leaning(yours, theirs) == expected
    started = Balance("x", gave=0, got=0, you_started=yours, they_started=theirs)
    passed = Balance("x", gave=yours, got=theirs, you_started=0, they_started=0)
    assert (started.lean() is not None) == (expected is not None) == (passed.lean() is not None)


def test_fourteen_to_two_is_not_balanced_and_the_words_say_which_way():
    mine = Balance("x", gave=0, got=0, you_started=14, they_started=2)
    assert mine.lean() == ("you started 14 of 16 conversations",
                           "leave room for them to reach out; if nothing comes, let it rest")
    assert mine.looks == "you started 14 of 16 conversations"
    theirs = Balance("x", gave=1, got=5, you_started=2, they_started=14)
    assert theirs.looks == ("they passed you something 5 times, you passed something back once; "
                            "they started 14 of 16 conversations")
    assert Balance("x", gave=4, got=1, you_started=2, they_started=2).looks == (
        "you passed them something 4 times, they passed you something once")
    assert Balance("x", gave=1, got=2, you_started=3, they_started=1).looks == "balanced"
    assert Balance("x", gave=1, got=0, you_started=1, they_started=0).looks == "too early"
    assert Balance("x", gave=2, got=1, you_started=0, they_started=0).looks == "balanced"  # three things passed
    assert Balance("x", gave=2, got=1, you_started=3, they_started=2).in_words() == (
        "you passed them something twice, they passed you something once; you started 3 of 5 conversations")
    assert Balance("x", gave=0, got=1, you_started=0, they_started=1).in_words() == (
        "you passed them nothing, they passed you something once; they started the one conversation")
    assert Balance("x", gave=0, got=0, you_started=0, they_started=0).in_words() == (
        "nothing passed along either way; no conversations")
    assert LEAN_RULE == "leans one way when one side starts, or gives, more than 3 times as often as the other " \
                        "(3 or more in all)"


def test_goals_with_nobody_beside_them():
    lonely = FocusGoal(text="Publish the annual report")
    helped = FocusGoal(text="Sign the agreement", helps=["ana"])
    finished = FocusGoal(text="Hire an analyst", done=True)
    assert goals_without_people([lonely, helped, finished]) == [lonely]
