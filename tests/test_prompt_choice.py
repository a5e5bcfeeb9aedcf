"""Which reflection prompts fit a week: every condition on a small hand-made journal, and the rotation."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.settings.content import Prompt
from netjournal.insights.prompts import choose_prompts, find_reasons
from netjournal.core.model import Contact, Interaction, MonthGoal, Organisation, PracticeNote, Rating, WeekGoal
from netjournal.insights.organisations import NO_CONTACT_THIS_MONTH, SINGLE_THREADED, OrgSummary

TODAY = date(2026, 11, 25)
ROLES = {"supporter": "Supporter", "coach_mentor": "Coach or mentor"}


def person(name: str, **fields) -> Contact:
    return Contact(name=name, id=name.lower(), created_at="2026-01-01T09:00:00+00:00", **fields)


def talk(day: str, who: str, **fields) -> Interaction:
    return Interaction(date=day, with_=[who], **fields)


def reasons(contacts, talks=(), ratings=(), goals=(), first=None, roles=None):
    first = first if first is not None else {"someone": "2026-11-20"}
    return find_reasons(list(contacts), list(talks), list(ratings), list(goals), first,
                        ROLES if roles is None else roles, TODAY)


def conditions(found) -> list[str]:
    return [r.condition for r in found]


def everyone_has_roles(*names):
    return [person(n, roles=list(ROLES)) for n in names]


def test_a_balanced_week_has_no_conditions():
    contacts = everyone_has_roles("Ana", "Ben")
    talks = [talk("2026-11-20", "ana", initiated_by="them"), talk("2026-11-21", "ben")]
    assert reasons(contacts, talks) == []


def test_one_sided():
    contacts = everyone_has_roles("Sam")
    talks = [talk(f"2026-11-{d:02d}", "sam") for d in (2, 6, 10, 14, 18)]
    found = reasons(contacts, talks)
    assert conditions(found) == ["one_sided"]
    assert found[0].why == "you started the last 5 conversations with Sam" and found[0].name == "Sam"
    talks[-1] = talk("2026-11-18", "sam", initiated_by="them")
    (found,) = reasons(contacts, talks)  # 4 to 1 still leans: more than three to one
    assert found.why == "you started 4 of the last 5 conversations with Sam"
    talks[-2] = talk("2026-11-14", "sam", initiated_by="them")
    assert reasons(contacts, talks) == []  # 3 to 2 is give and take


def test_low_rating_without_a_date_and_a_passed_date():
    contacts = everyone_has_roles("Ana", "Ben")
    ratings = [Rating(contact_id="ana", date="2026-10-01", score=2),
               Rating(contact_id="ben", date="2026-10-01", score=1, improve_by="2026-11-01")]
    found = reasons(contacts, ratings=ratings)
    assert conditions(found) == ["low_rating_no_date", "improve_by_past"]
    assert found[0].why == "you rated Ana 2 on 2026-10-01 and set no date to improve it"
    assert found[1].why == "the date you set to improve things with Ben (2026-11-01) has passed"
    ratings.append(Rating(contact_id="ana", date="2026-11-20", score=3))  # the latest rating counts
    assert conditions(reasons(contacts, ratings=ratings)) == ["improve_by_past"]


def test_role_gap():
    found = reasons([person("Ana", roles=["supporter"])])
    assert conditions(found) == ["role_gap"]
    assert found[0].role == "Coach or mentor" and found[0].why == "nobody in your network is a coach or mentor"


def test_missed_weekly_goal():
    contacts = everyone_has_roles("Ana", "Ben")
    goals = [WeekGoal(week="2026-W47", contact_id="ana"), WeekGoal(week="2026-W47", contact_id="ben")]
    talks = [talk("2026-11-18", "ben")]
    found = reasons(contacts, talks, goals=goals)
    assert conditions(found) == ["goal_missed"] and found[0].name == "Ana"


def test_no_new_person_this_month():
    contacts = everyone_has_roles("Ana")
    assert conditions(reasons(contacts, first={"ana": "2026-09-01"})) == ["no_new_person"]
    assert reasons(contacts, first={"ana": "2026-11-01"}) == []


def test_key_influencer_overdue():
    contacts = everyone_has_roles("Ana") + [person("Oliver", roles=list(ROLES), key_influencer=True,
                                                   cadence_days=14)]
    found = reasons(contacts, [talk("2026-10-01", "oliver")])
    assert conditions(found) == ["influencer_overdue"]
    assert found[0].why == "Oliver is a key influencer and 41 days past your keep-in-touch interval"


@pytest.mark.parametrize(("field", "values", "why"), [
    ("level", ["up", "up", "up"], "everyone you have placed in your network is above you"),
    ("side", ["internal", "internal", "internal"], "everyone in your network works inside your organisation"),
])
def test_narrow_network(field, values, why):
    contacts = [person(f"P{n}", roles=list(ROLES), **{field: value}) for n, value in enumerate(values)]
    found = reasons(contacts)
    assert conditions(found) == ["narrow_network"] and found[0].why == why
    contacts.append(person("Peer", roles=list(ROLES), **{field: "peer" if field == "level" else "external"}))
    assert reasons(contacts) == []


def test_next_time_plan():
    contacts = everyone_has_roles("Ana")
    found = reasons(contacts, [talk("2026-11-20", "ana", initiated_by="them", next_time="ask about the race")])
    assert conditions(found) == ["next_time_plan"]
    assert found[0].why == "last time with Ana (2026-11-20) you planned: ask about the race"


PROMPTS = [
    Prompt("gen-a", "RB-2", 1, "free_information", "General A"),
    Prompt("gen-b", "RB-8", 1, "non_business", "General B"),
    Prompt("gen-c", "ALLY-4", 1, "gratitude", "General C"),
    Prompt("gen-d", "ALLY-6", 2, "presence", "General D"),
    Prompt("gen-e", "VALUE-2", 2, "sharing", "General E"),
    Prompt("side-1", "ALLY-2", 2, "reciprocity", "You always reach out to {name}. What could you offer?", "one_sided"),
    Prompt("gap-1", "RB-17", 3, "roles", "Who could be your {role}?", "role_gap"),
]


def test_conditional_prompts_come_first_with_their_reason():
    contacts = [person("Sam", roles=["supporter"])]
    talks = [talk(f"2026-11-{d:02d}", "sam") for d in (2, 6, 10, 14, 18)]
    found = reasons(contacts, talks)
    chosen = choose_prompts(PROMPTS, found, "2026-W48")
    assert [c.text for c in chosen[:2]] == ["You always reach out to Sam. What could you offer?",
                                            "Who could be your Coach or mentor?"]
    assert chosen[0].reason.why == "you started the last 5 conversations with Sam"
    assert len(chosen) == 4 and all(c.reason is None for c in chosen[2:])


def test_rotation_is_stable_within_a_week_and_moves_with_n():
    week = [c.prompt.id for c in choose_prompts(PROMPTS, [], "2026-W48")]
    assert week == [c.prompt.id for c in choose_prompts(PROMPTS, [], "2026-W48")]
    assert len(week) == 4 and not {"side-1", "gap-1"} & set(week)
    another = [c.prompt.id for c in choose_prompts(PROMPTS, [], "2026-W48", skip=1)]
    assert another != week
    weeks = {tuple(c.prompt.id for c in choose_prompts(PROMPTS, [], f"2026-W{n:02d}")) for n in range(1, 20)}
    assert len(weeks) > 1


def test_a_journal_with_nothing_logged_yet_has_not_missed_new_people():
    assert reasons(everyone_has_roles("Ana"), first={}) == []


def test_role_gap_reads_well():
    found = reasons([person("Ana", roles=["coach_mentor"])], roles={"information_source": "Information source",
                                                                    "coach_mentor": "Coach or mentor"})
    assert found[0].why == "nobody in your network is an information source"


# --- organisations and the month ----------------------------------------------------------------------------


def summary(name: str, rank: int | None, people: list[Contact], last: str | None, flags: list[str],
            **fields) -> OrgSummary:
    return OrgSummary(Organisation(name=name, rank=rank, **fields), people, last, flags=flags)


def org_reasons(organisations=(), month_goals=(), titles=None, today=TODAY, talks=None):
    """The reasons for these organisations and goals, in a week where the rest is quiet: Ana (who has every
    role) started a conversation with you on 20 November; `talks` replaces it."""
    contacts = everyone_has_roles("Ana")
    if talks is None:
        talks = [talk("2026-11-20", "ana", initiated_by="them")]
    return find_reasons(contacts, talks, [], [], {"ana": "2026-11-20"}, ROLES, today,
                        organisations=organisations, month_goals=month_goals, activity_titles=titles)


def test_a_ranked_organisation_quiet_this_month_most_strategic_first():
    ana, ben = person("Dan"), person("Eve")  # nobody talked with in the log read: the summaries' dates stand
    found = org_reasons([
        summary("Tidewater", 4, [ana, ben], "2026-10-02", [NO_CONTACT_THIS_MONTH]),
        summary("Northgate", 1, [ana, ben], None, [NO_CONTACT_THIS_MONTH]),
        summary("Harbour", None, [ana, ben], None, []),  # not ranked: never flagged, never a prompt
        summary("Old Mill", 2, [ana, ben], None, [NO_CONTACT_THIS_MONTH], archived=True),
    ])
    assert [(r.condition, r.name) for r in found] == [("stakeholder_quiet", "Northgate"),
                                                      ("stakeholder_quiet", "Tidewater")]
    assert found[0].why == "nobody at Northgate (rank 1) has heard from you this month (never contacted)"
    assert found[1].why == "nobody at Tidewater (rank 4) has heard from you this month (last contact 2026-10-02)"


def test_a_quiet_month_just_begun_after_a_recent_contact_is_not_a_prompt():
    quiet = summary("Northgate", 1, [person("Ana"), person("Ben")], "2026-11-28", [NO_CONTACT_THIS_MONTH])
    talks = [talk("2026-11-28", "ana", initiated_by="them")]
    assert org_reasons([quiet], today=date(2026, 12, 5), talks=talks) == []  # a week ago, in last month
    (found,) = org_reasons([quiet], today=date(2026, 12, 13), talks=talks)  # 15 days ago
    assert found.why == "nobody at Northgate (rank 1) has heard from you this month (last contact 2026-11-28)"


def test_a_past_week_is_judged_as_it_stood_then():
    """Reflecting late on week 45: a call with Northgate on 20 November, and a note written on the 24th, came
    after it, so on 8 November Northgate was quiet and the activity not yet practised."""
    since = summary("Northgate", 1, [person("Ana"), person("Ben")], "2026-11-20", [NO_CONTACT_THIS_MONTH])
    goal = MonthGoal(month="2026-11", kind="activity", activity_id="RB-3",
                     notes=[PracticeNote("2026-11-24", "asked for an introduction")])
    found = org_reasons([since], [goal], today=date(2026, 11, 8), talks=[])  # the log read up to the 8th
    assert [(r.condition, r.why) for r in found] == [
        ("stakeholder_quiet", "nobody at Northgate (rank 1) has heard from you this month (none in the 180 days "
                              "before)"),
        ("activity_unpractised", "you chose to practise RB-3 this month and have written down no action for it "
                                 "yet")]


def test_one_person_known_at_a_key_organisation():
    kwame = person("Kwame")
    found = org_reasons([
        summary("Northgate", 3, [kwame], "2026-11-20", [SINGLE_THREADED]),
        summary("Tidewater", 4, [person("Bo")], "2026-11-20", [SINGLE_THREADED]),  # ranked, but not key
        summary("Harbour", None, [person("Cleo")], "2026-11-20", [SINGLE_THREADED]),
    ])
    assert [(r.condition, r.name, r.contact_id) for r in found] == [("single_threaded_key", "Northgate", "kwame")]
    assert found[0].why == "Kwame is the only person you know at Northgate, ranked 3"


def test_an_activity_chosen_and_not_practised():
    chosen = MonthGoal(month="2026-11", kind="activity", activity_id="RB-3")
    practised = MonthGoal(month="2026-11", kind="activity", activity_id="EEP-4",
                          notes=[PracticeNote("2026-11-20", "logged every contact")])
    last_month = MonthGoal(month="2026-10", kind="activity", activity_id="RB-5")
    own = MonthGoal(month="2026-11", kind="own", text="tidy my contacts")
    found = org_reasons(month_goals=[chosen, practised, last_month, own],
                        titles={"RB-3": "Review both your work and your social circles"})
    assert [(r.condition, r.goal) for r in found] == [
        ("activity_unpractised", "Review both your work and your social circles")]
    assert found[0].why == ("you chose to practise RB-3 (Review both your work and your social circles) this "
                            "month and have written down no action for it yet")


def test_the_shipped_prompts_name_the_organisation_and_the_activity():
    from netjournal.settings.content import builtin_prompts

    found = org_reasons([summary("Northgate", 1, [person("Kwame")], None, [NO_CONTACT_THIS_MONTH, SINGLE_THREADED])],
                        [MonthGoal(month="2026-11", kind="activity", activity_id="RB-3")], {"RB-3": "Review circles"})
    chosen = choose_prompts(builtin_prompts(), found, "2026-W48")
    assert [c.reason.condition for c in chosen[:3]] == ["stakeholder_quiet", "activity_unpractised",
                                                        "single_threaded_key"]
    assert "Northgate" in chosen[0].text and "Review circles" in chosen[1].text and "Northgate" in chosen[2].text
    assert not any("{" in c.text for c in chosen)


def test_the_week_s_prompts_read_organisations_and_goals_from_the_journal(tmp_path):
    """End to end: a ranked organisation, one person there, an activity chosen; the prompts say so."""
    from netjournal.core.journal import Journal
    from netjournal.insights.weekly import week_prompts
    from netjournal.settings.content import builtin_prompts

    with Journal(tmp_path / "journal.json", today=lambda: TODAY) as journal:
        kwame = journal.add_contact(Contact(name="Kwame Mensah", org="Northgate Inc."))
        journal.log_interaction(Interaction(date="2026-10-20", with_=[kwame.id]))
        northgate = journal.organisation(kwame.org_id)
        journal.edit_organisation(northgate, Organisation.from_record({**northgate.to_record(), "rank": 1}))
        journal.add_month_goal(MonthGoal(month="2026-11", kind="activity", activity_id="rb-3"))
        chosen = week_prompts(journal, builtin_prompts(), "2026-W48")
        whys = [c.reason.why for c in chosen if c.reason]
        assert "nobody at Northgate Inc. (rank 1) has heard from you this month (last contact 2026-10-20)" in whys
        assert "Kwame Mensah is the only person you know at Northgate Inc., ranked 1" in whys
        assert any(why.startswith("you chose to practise RB-3 (") for why in whys)
