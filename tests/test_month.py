"""The monthly review and monthly goals, without Textual: counts per organisation and person across month
boundaries (and an ISO week that spans two months), new people, events, goals met from the log, the schema 6
upgrade of a stored schema 5 file, and what forgetting or deleting leaves behind."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest

from netjournal.core import migrations
from netjournal.core.check import find_problems
from netjournal.core.journal import Journal, MonthGoalNotFound
from netjournal.core.model import (
    Contact,
    MonthGoal,
    PracticeNote,
    month_dates,
    parse_month,
    read_month,
    shift_month,
    week_dates,
)
from netjournal.insights.month import month_review
from netjournal.reports.month import goal_state, month_json, month_markdown, month_text

from .conftest import TODAY, log

DATA = Path(__file__).parent / "data"


# --- months as keys ----------------------------------------------------------------------------------------


def test_month_keys_are_read_and_shifted():
    assert parse_month(" 2026-11 ") == "2026-11"
    assert shift_month("2026-12", 1) == "2027-01" and shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2026-11", -13) == "2025-10"
    assert month_dates("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_dates("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert read_month("this", TODAY) == "2026-11" and read_month("last month", TODAY) == "2026-10"
    assert read_month("Next", date(2026, 12, 31)) == "2027-01"
    for bad in ("2026-13", "2026-00", "26-11", "november", "0026-11", "2026-1", "", "2026-11-01"):
        with pytest.raises(ValueError, match="month"):
            read_month(bad, TODAY)


@pytest.mark.parametrize("fields, message", [
    ({"kind": "informal"}, "name one organisation or one person"),
    ({"kind": "informal", "org_id": "o1", "contact_id": "c1"}, "name one organisation or one person"),
    ({"kind": "events", "org_id": "o1"}, "not about one organisation"),
    ({"kind": "activity", "activity_id": "golf"}, "not an activity id"),
    ({"kind": "new_people", "activity_id": "RB-1"}, "only an activity goal"),
    ({"kind": "own"}, "say what the goal is"),
    ({"kind": "events", "count": 0}, "count"),
    ({"kind": "events", "count": "²"}, "count"),
    ({"kind": "events", "count": True}, "count"),
    ({"kind": "dance"}, "kind"),
    ({"kind": "events", "month": "2026-W48"}, "month"),
])
def test_a_goal_that_makes_no_sense_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        MonthGoal(**{"month": "2026-11", **fields})


# --- a small world with known answers ------------------------------------------------------------------------


@pytest.fixture
def world(journal: Journal):
    """Northgate (rank 1: Ana, Bo), Tidewater (unranked: Cleo), Dev on their own."""
    people = {name: journal.add_contact(Contact(name=name, org=org)) for name, org in
              (("Ana Ruiz", "Northgate Inc."), ("Bo Lind", "Northgate"), ("Cleo Park", "Tidewater"),
               ("Dev Shah", ""))}
    northgate = journal.organisation_named("Northgate")
    base, mine = northgate, journal.organisation(northgate.id)
    mine.rank = 1
    journal.edit_organisation(base, mine)
    return journal, people, journal.organisation(northgate.id)


def test_counts_split_at_the_month_boundary_even_inside_one_iso_week(world):
    journal, p, northgate = world
    journal = Journal(journal.path, today=lambda: date(2026, 12, 2))  # the same file, a week on
    # ISO week 2026-W49 runs from Monday 30 November to Sunday 6 December.
    assert week_dates("2026-W49")[0] == date(2026, 11, 30)
    log(journal, [p["Ana Ruiz"]], "2026-10-31", formal=True)  # October
    log(journal, [p["Ana Ruiz"]], "2026-11-01")  # November, informal
    log(journal, [p["Ana Ruiz"], p["Bo Lind"]], "2026-11-30", channel="call")  # November, one contact with Northgate
    log(journal, [p["Bo Lind"]], "2026-12-01", formal=True)  # December, same ISO week
    november = month_review(journal, "2026-11", today=date(2026, 12, 2))
    december = month_review(journal, "2026-12", today=date(2026, 12, 2))

    [row] = [r for r in november.organisations if r.organisation.id == northgate.id]
    assert (row.this.informal, row.this.formal, row.last.formal) == (2, 0, 1)
    assert row.this.channels == {"in_person": 1, "call": 1}
    assert [c.name for c in row.people] == ["Ana Ruiz", "Bo Lind"]
    assert (november.this.total, november.before.total) == (2, 1)
    assert not november.so_far and december.so_far
    [row] = [r for r in december.organisations if r.organisation.id == northgate.id]
    assert (row.this.formal, row.this.informal, row.last.total) == (1, 0, 2)
    journal.close()
    people = {r.contact.name: r for r in november.people}
    assert people["Ana Ruiz"].this.total == 2 and people["Ana Ruiz"].last.total == 1
    assert people["Bo Lind"].this.total == 1 and people["Bo Lind"].new  # first ever on 30 November
    assert not people["Ana Ruiz"].new  # met in October
    assert [c.name for c in november.new_people] == ["Bo Lind"]


def test_ranked_organisations_show_an_empty_month_and_unranked_quiet_ones_do_not(world):
    journal, p, northgate = world
    review = month_review(journal, "2026-11")
    assert [r.organisation.name for r in review.organisations] == ["Northgate Inc."]
    assert review.organisations[0].this.total == 0
    log(journal, [p["Cleo Park"]], "2026-11-10")
    review = month_review(journal, "2026-11")
    assert [r.organisation.name for r in review.organisations] == ["Northgate Inc.", "Tidewater"]


def test_shares_and_introductions_are_not_contacts(world):
    journal, p, _ = world
    log(journal, [p["Dev Shah"]], "2026-11-03", kind="share", gave="an article")
    log(journal, [p["Ana Ruiz"], p["Dev Shah"]], "2026-11-04", kind="introduction", topics="both row")
    review = month_review(journal, "2026-11")
    assert review.this.total == 0 and review.people == [] and review.new_people == []


def test_events_new_people_at_them_and_the_quarter(world):
    journal, p, _ = world
    log(journal, [p["Ana Ruiz"]], "2026-10-02", channel="event")  # same quarter (Oct-Dec), previous month
    log(journal, [p["Bo Lind"]], "2026-11-12", channel="event")  # Bo is new that day
    log(journal, [p["Ana Ruiz"]], "2026-11-12", channel="event")  # same event day
    log(journal, [p["Ana Ruiz"]], "2026-11-20", channel="event")  # nobody new
    log(journal, [p["Cleo Park"]], "2026-09-30", channel="event")  # the quarter before
    review = month_review(journal, "2026-11")
    assert [(e.date, [c.name for c in e.people], [c.name for c in e.new_people]) for e in review.events] == [
        ("2026-11-12", ["Ana Ruiz", "Bo Lind"], ["Bo Lind"]), ("2026-11-20", ["Ana Ruiz"], [])]
    assert review.events_this_quarter == 3


def test_goals_are_met_from_the_log(world):
    journal, p, northgate = world
    goals = [journal.add_month_goal(MonthGoal(month="2026-11", **fields)) for fields in (
        {"kind": "informal", "org_id": northgate.id, "count": 2},
        {"kind": "contacts", "contact_id": p["Cleo Park"].id},
        {"kind": "new_people", "count": 1},
        {"kind": "events", "count": 1},
        {"kind": "new_at_events", "count": 1},
        {"kind": "activity", "activity_id": "eep-4"},
        {"kind": "own", "text": "Lunch with the new team"},
    )]
    assert goals[5].activity_id == "EEP-4"
    review = month_review(journal, "2026-11")
    assert [g.met for g in review.goals] == [False] * 7
    assert [goal_state(g, review) for g in review.goals] == ["open"] * 7

    log(journal, [p["Ana Ruiz"]], "2026-11-02")
    log(journal, [p["Bo Lind"]], "2026-11-05", formal=True)  # formal: not an informal contact
    review = month_review(journal, "2026-11")
    assert (review.goals[0].done, review.goals[0].met) == (1, False)
    log(journal, [p["Bo Lind"], p["Ana Ruiz"]], "2026-11-06", channel="event")  # one contact with Northgate
    log(journal, [p["Cleo Park"]], "2026-11-07", formal=True, channel="event")  # Cleo new at an event
    journal.add_practice_note(goals[5].id, PracticeNote("2026-11-08", "Logged every stakeholder contact"))
    journal.change_month_goal(goals[6].id, done=True)
    review = month_review(journal, "2026-11")
    assert [(g.done, g.target, g.met) for g in review.goals] == [
        (2, 2, True), (1, 1, True), (3, 1, True), (2, 1, True), (1, 2, False), (1, 1, True), (1, 1, True)]
    assert review.goals_met == 6
    assert review.goals[4].words == "meet at least 1 new person at each event"
    assert review.goals[0].words == "at least 2 informal contacts with Northgate Inc."
    assert review.goals[5].activity is not None and review.goals[5].activity.id == "EEP-4"
    # Once the month is over, what was not met is missed.
    after = month_review(journal, "2026-11", today=date(2026, 12, 1))
    assert goal_state(after.goals[4], after) == "missed" and goal_state(after.goals[0], after) == "met"


def test_the_same_goal_twice_in_a_month_is_refused_and_changes_nothing(world, db_path):
    journal, p, northgate = world
    journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", org_id=northgate.id))
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="already has this goal"):
        journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", org_id=northgate.id, count=3))
    with pytest.raises(ValueError, match="not in the catalogue"):
        journal.add_month_goal(MonthGoal(month="2026-11", kind="activity", activity_id="RB-99"))
    with pytest.raises(ValueError, match="with"):
        journal.add_month_goal(MonthGoal(month="2026-11", kind="contacts", contact_id="nobody"))
    assert db_path.read_bytes() == before
    counted = journal.add_month_goal(MonthGoal(month="2026-11", kind="new_people"))
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="only a goal in your own words is ticked"):
        journal.change_month_goal(counted.id, done=True)  # met from the log, never by a tick
    assert db_path.read_bytes() == before
    # Another month, or another kind, is another goal.
    journal.add_month_goal(MonthGoal(month="2026-12", kind="informal", org_id=northgate.id))
    journal.add_month_goal(MonthGoal(month="2026-11", kind="contacts", org_id=northgate.id))


def test_a_note_is_added_to_the_newest_goal_and_names_real_conversations(world, db_path):
    journal, p, _ = world
    goal = journal.add_month_goal(MonthGoal(month="2026-11", kind="activity", activity_id="RB-7"))
    talk = log(journal, [p["Ana Ruiz"]], "2026-11-03")
    with Journal(db_path, today=lambda: TODAY) as other_window:  # a second window notes something first
        other_window.add_practice_note(goal.id, PracticeNote("2026-11-03", "Joined the running club"))
    journal.add_practice_note(goal.id, PracticeNote("2026-11-04", "Asked Ana about her marathon", "She invited me",
                                                    [talk.id]))
    stored = [g for g in orjson.loads(db_path.read_bytes())["month_goals"].values()][0]
    assert [n["action"] for n in stored["notes"]] == ["Joined the running club", "Asked Ana about her marathon"]
    assert stored["notes"][1]["interaction_ids"] == [talk.id]
    with pytest.raises(ValueError, match="no longer in the journal"):
        journal.add_practice_note(goal.id, PracticeNote("2026-11-04", "x", interaction_ids=["gone"]))
    before = db_path.read_bytes()
    for bad, message in ((PracticeNote("2026-11-04", "   "), "action"),  # saved, the next load would refuse it
                         (PracticeNote("2026-10-31", "x"), "a note for a 2026-11 goal is dated in 2026-11"),
                         (PracticeNote("2026-11-26", "x"), "after today")):
        with pytest.raises(ValueError, match=message):
            journal.add_practice_note(goal.id, bad)
    assert db_path.read_bytes() == before
    Journal(db_path, today=lambda: TODAY).close()  # and the file still loads
    journal.drop_month_goal(goal.id)
    with pytest.raises(MonthGoalNotFound):
        journal.add_practice_note(goal.id, PracticeNote("2026-11-04", "late"))


def test_forgetting_and_deleting_leave_no_dangling_goal_or_note(world, db_path):
    journal, p, _ = world
    cleo, ana = p["Cleo Park"], p["Ana Ruiz"]
    journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", contact_id=cleo.id))
    practice = journal.add_month_goal(MonthGoal(month="2026-11", kind="activity", activity_id="RB-8"))
    with_cleo, with_ana = log(journal, [cleo], "2026-11-02"), log(journal, [ana], "2026-11-03")
    journal.add_practice_note(practice.id, PracticeNote("2026-11-03", "Two chats", interaction_ids=[with_cleo.id,
                                                                                                    with_ana.id]))
    journal.forget_contact(cleo.id)
    [left] = journal.month_goals("2026-11")
    assert left.id == practice.id and left.notes[0].interaction_ids == [with_ana.id]
    journal.delete_interaction(with_ana.id)
    assert journal.month_goal(practice.id).notes[0].interaction_ids == []
    assert find_problems(orjson.loads(db_path.read_bytes())) == []


def test_check_names_a_goal_about_nobody():
    data = {"month_goals": {"1": MonthGoal(month="2026-11", kind="informal", org_id="gone", id="g1").to_record()}}
    assert find_problems(data) == ["month_goals id g1: is about organisation 'gone', which is not in the journal"]


# --- the reports -----------------------------------------------------------------------------------------------


def test_text_json_and_markdown_agree(world):
    journal, p, northgate = world
    log(journal, [p["Ana Ruiz"]], "2026-11-02", topics="her marathon")
    log(journal, [p["Ana Ruiz"]], "2026-10-02", formal=True)
    goal = journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", org_id=northgate.id, count=2))
    journal.add_practice_note(goal.id, PracticeNote("2026-11-02", "Asked about the race", "Invited to train"))
    text = month_text(journal, "2026-11")
    assert "Month 2026-11 (1 Nov - 30 Nov 2026, so far)" in text
    assert "Northgate Inc. (rank 1): 1 (1 informal, 0 formal); 2026-10: 1 (0 informal, 1 formal)" in text
    assert "[open  ] at least 2 informal contacts with Northgate Inc. (1 of 2)" in text
    assert "2026-11-02: Asked about the race -> Invited to train" in text
    data = month_json(journal, "2026-11")
    assert data["organisations"][0]["this_month"] == {"formal": 0, "informal": 1, "total": 1,
                                                      "channels": {"in_person": 1}}
    assert data["goals"][0]["state"] == "open" and data["goals"][0]["done_count"] == 1
    assert data["goals"][0]["notes"][0]["result"] == "Invited to train"
    markdown = month_markdown(journal, "2026-11")
    assert markdown.startswith("# Month 2026-11\n")
    assert "| Northgate Inc. | 1 (1 informal, 0 formal) | 1 (0 informal, 1 formal) | 1 in person |" in markdown
    assert "- [ ] at least 2 informal contacts with Northgate Inc. (1 of 2)" in markdown


def test_markdown_keeps_table_cells_whole(journal):
    odd = journal.add_contact(Contact(name="Pipe | Person\nTwo", org="A|B"))
    log(journal, [odd], "2026-11-02")
    markdown = month_markdown(journal, "2026-11")
    assert "| Pipe / Person Two (new) |" in markdown and "| A/B |" in markdown


# --- schema 6 on a stored schema 5 file ----------------------------------------------------------------------


def test_version_5_file_is_upgraded_and_keeps_everything(tmp_path):
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v5.json", path)
    stored = orjson.loads(path.read_bytes())
    assert stored["meta"]["1"]["schema_version"] == 5 and "month_goals" not in stored
    with Journal(path, today=lambda: TODAY) as journal:
        assert journal.month_goals("2026-11") == []
        review = month_review(journal, "2026-11")
        assert [r.organisation.name for r in review.organisations] == ["Northgate Inc.", "Tidewater"]
        assert review.organisations[0].this.informal == 2 and review.organisations[0].last.formal == 1
        northgate = journal.organisation_named("Northgate")
        journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", org_id=northgate.id))
    upgraded = orjson.loads(path.read_bytes())
    assert upgraded["meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION  # through 6 to today's
    assert len(upgraded["month_goals"]) == 1
    for table in ("contacts", "interactions", "organisations", "links"):
        assert upgraded[table] == stored[table]
