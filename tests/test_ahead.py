"""Looking ahead, the domain without Textual: follow-ups in the journal, yearly dates, Today's contents on a
hand-made journal (New Year, 29 February, ISO week 53) and the words reports/today.py gives them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from netjournal.core.areas.ahead import FollowUpNotFound
from netjournal.core.journal import Journal
from netjournal.core.model import (Contact, FollowUp, ImportantDate, Interaction, Meeting, WeekGoal, next_occurrence,
                                   parse_planned_day, parse_yearly_date, years_on)
from netjournal.insights.today import today_view
from netjournal.reports.today import (date_label, date_title, due_words, follow_up_title, today_json, today_sections,
                                      yearly_words)

from .conftest import TODAY

NEW_YEARS_EVE = date(2026, 12, 31)  # a Thursday in ISO week 2026-W53; 2027-01-01 to 01-03 are in it too


class Clock:
    """A day the test can move: the journal asks it for today."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def journal(db_path: Path, clock: Clock):
    with Journal(db_path, today=clock) as opened:
        yield opened


def person(journal: Journal, name: str, **fields) -> Contact:
    fields.setdefault("created_at", "2026-01-01T09:00:00+00:00")  # added long ago: due only by their interval
    return journal.add_contact(Contact(name=name, **fields))


def on_disk(db_path: Path) -> dict[str, list[dict]]:
    return {table: list(docs.values()) for table, docs in orjson.loads(db_path.read_bytes()).items()}


# --- follow-ups in the journal ---------------------------------------------------------------------------


def test_follow_up_lifecycle_on_disk(journal, db_path, clock):
    ana = person(journal, "Ana Ruiz")
    made = journal.add_follow_up(FollowUp(contact_id=ana.id, what="  send   the article ", due="2026-11-27"))
    assert made.what == "send the article" and made.open
    assert [f["what"] for f in on_disk(db_path)["follow_ups"]] == ["send the article"]

    done = journal.complete_follow_up(made.id)
    assert done.done_on == TODAY.isoformat()
    clock.day = TODAY + timedelta(days=3)
    assert journal.complete_follow_up(made.id).done_on == TODAY.isoformat()  # done once keeps its day
    assert journal.follow_ups() == [] and [f.id for f in journal.follow_ups(include_done=True)] == [made.id]

    reopened = journal.reopen_follow_up(made.id)
    assert reopened.open and on_disk(db_path)["follow_ups"][0]["done_on"] is None

    assert journal.snooze_follow_up(made.id, 7).due == (clock.day + timedelta(days=7)).isoformat()
    assert journal.snooze_follow_up(made.id, date(2027, 1, 4)).due == "2027-01-04"
    with pytest.raises(ValueError, match="in the past"):
        journal.snooze_follow_up(made.id, clock.day - timedelta(days=1))
    assert journal.follow_up(made.id).due == "2027-01-04"  # the refused snooze changed nothing

    journal.drop_follow_up(made.id)
    assert on_disk(db_path)["follow_ups"] == []


def test_follow_ups_soonest_first_and_by_person(journal):
    ana, raj = person(journal, "Ana Ruiz"), person(journal, "Raj Patel")
    late = journal.add_follow_up(FollowUp(contact_id=raj.id, what="late", due="2026-11-20"))
    soon = journal.add_follow_up(FollowUp(contact_id=ana.id, what="soon", due="2026-11-26"))
    done = journal.add_follow_up(FollowUp(contact_id=ana.id, what="done", due="2026-11-01"))
    journal.complete_follow_up(done.id)
    assert [f.id for f in journal.follow_ups()] == [late.id, soon.id]
    assert [f.id for f in journal.follow_ups(include_done=True)] == [late.id, soon.id, done.id]
    assert [f.id for f in journal.follow_ups(contact_id=ana.id, include_done=True)] == [soon.id, done.id]


def test_add_follow_up_for_nobody_is_refused(journal, db_path):
    person(journal, "Ana Ruiz")
    with pytest.raises(Exception):
        journal.add_follow_up(FollowUp(contact_id="deadbeef", what="x", due="2026-11-27"))
    with pytest.raises(ValueError, match="what"):
        FollowUp(contact_id="deadbeef", what="   ", due="2026-11-27")
    assert on_disk(db_path).get("follow_ups", []) == []


def test_find_follow_up_by_id_or_prefix(journal):
    ana = person(journal, "Ana Ruiz")
    first = journal.add_follow_up(FollowUp(contact_id=ana.id, what="a", due="2026-11-27", id="3f2a0001"))
    second = journal.add_follow_up(FollowUp(contact_id=ana.id, what="b", due="2026-11-27", id="3f2b0002"))
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="c", due="2026-11-27", id="3f2b0002ff"))
    assert journal.find_follow_up("3f2a").id == first.id
    assert journal.find_follow_up(" 3F2A0001 ").id == first.id  # typed in capitals, with spaces
    assert journal.find_follow_up("3f2b0002").id == second.id  # a whole id wins over the longer one it starts
    with pytest.raises(FollowUpNotFound, match="start of 3 follow-ups"):
        journal.find_follow_up("3f2")
    with pytest.raises(FollowUpNotFound, match="no follow-up with id 'zz'"):
        journal.find_follow_up("zz")
    with pytest.raises(FollowUpNotFound, match="give the id"):
        journal.find_follow_up("  ")


def test_forgetting_a_person_removes_their_follow_ups_and_meetings(journal, db_path):
    ana, raj = person(journal, "Ana Ruiz"), person(journal, "Raj Patel")
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="ana's", due="2026-11-27"))
    kept = journal.add_follow_up(FollowUp(contact_id=raj.id, what="raj's", due="2026-11-27"))
    journal.keep_meetings([Meeting(event="u1@2026-11-26", start="2026-11-26T10:00", title="Both",
                                   with_=[ana.id, raj.id]),
                           Meeting(event="u2@2026-11-27", start="2026-11-27", title="Ana only", with_=[ana.id])])
    journal.forget_contact(ana.id)
    stored = on_disk(db_path)
    assert [f["id"] for f in stored["follow_ups"]] == [kept.id]
    assert [(m["title"], m["with"]) for m in stored["meetings"]] == [("Both", [raj.id])]


def test_deleting_a_conversation_unlinks_its_follow_ups(journal, db_path):
    ana = person(journal, "Ana Ruiz")
    talk = journal.log_interaction(Interaction(date="2026-11-24", with_=[ana.id], topics="the article"))
    made = journal.add_follow_up(FollowUp(contact_id=ana.id, what="send it", due="2026-11-27",
                                          from_interaction=talk.id))
    journal.delete_interaction(talk.id)
    assert journal.follow_up(made.id).from_interaction is None
    assert on_disk(db_path)["follow_ups"][0]["from_interaction"] is None


# --- yearly dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("1985-04-12", "1985-04-12"), ("19850412", "1985-04-12"), ("1985-04-12T00:00:00Z", "1985-04-12"),
    ("1985-04-12 08:00", "1985-04-12"), ("--04-12", "--04-12"), ("--0412", "--04-12"), ("04-12", "--04-12"),
    (" 0412 ", "--04-12"), ("02-29", "--02-29"), ("--0229", "--02-29"), ("2000-02-29", "2000-02-29"),
    (date(1990, 1, 6), "1990-01-06"),
])
def test_parse_yearly_date_forms(typed, stored):
    assert parse_yearly_date(typed, "birthday") == stored


@pytest.mark.parametrize("typed, error", [
    ("", "must not be empty"), (None, "must not be empty"), ("13-01", "not a day of the year"),
    ("02-30", "not a day of the year"), ("2001-02-29", "birthday"), ("last spring", "birthday"),
])
def test_parse_yearly_date_refuses(typed, error):
    with pytest.raises(ValueError, match=error):
        parse_yearly_date(typed, "birthday")


@pytest.mark.parametrize("stored, today, expected", [
    ("1985-04-12", date(2026, 4, 12), date(2026, 4, 12)),  # today included
    ("1985-04-12", date(2026, 4, 13), date(2027, 4, 12)),
    ("--01-03", NEW_YEARS_EVE, date(2027, 1, 3)),  # across New Year
    ("--12-31", NEW_YEARS_EVE, NEW_YEARS_EVE),
    ("--12-31", date(2027, 1, 1), date(2027, 12, 31)),
    ("--02-29", date(2027, 1, 1), date(2027, 2, 28)),  # no 29th in 2027: the 28th
    ("--02-29", date(2027, 2, 28), date(2027, 2, 28)),
    ("--02-29", date(2027, 3, 1), date(2028, 2, 29)),  # the next year is a leap year
    ("2000-02-29", date(2028, 2, 28), date(2028, 2, 29)),  # in a leap year, not a day early
    ("2000-02-29", date(2100, 1, 1), date(2100, 2, 28)),  # 2100 is no leap year
])
def test_next_occurrence(stored, today, expected):
    assert next_occurrence(stored, today) == expected


def test_years_on():
    assert years_on("1985-04-12", date(2026, 4, 12)) == 41
    assert years_on("--04-12", date(2026, 4, 12)) is None
    assert years_on("2000-02-29", next_occurrence("2000-02-29", date(2027, 1, 1))) == 27
    assert years_on("1990-01-03", next_occurrence("1990-01-03", NEW_YEARS_EVE)) == 37  # the year it comes round


def test_planned_days_look_forward():
    wednesday = TODAY
    assert parse_planned_day("fri", wednesday) == date(2026, 11, 27)
    assert parse_planned_day("wed", wednesday) == date(2026, 12, 2)  # a week on, not today
    assert parse_planned_day("tomorrow", NEW_YEARS_EVE) == date(2027, 1, 1)
    assert parse_planned_day("in 2 weeks", NEW_YEARS_EVE) == date(2027, 1, 14)
    assert parse_planned_day("in 1 week", wednesday) == date(2026, 12, 2)
    with pytest.raises(ValueError, match="in the past"):
        parse_planned_day("yesterday", wednesday, "--by")


# --- Today on a hand-made journal --------------------------------------------------------------------------


def test_today_follow_ups_overdue_due_and_within_the_window(journal):
    ana, raj = person(journal, "Ana Ruiz"), person(journal, "Raj Patel")
    archived = person(journal, "Old Friend", archived=True)
    add = lambda who, what, due: journal.add_follow_up(FollowUp(contact_id=who.id, what=what, due=due))  # noqa: E731
    add(ana, "today", "2026-11-25")
    add(raj, "three late", "2026-11-22")
    add(ana, "last day in", "2026-12-01")  # today + 6: inside a 7-day window
    add(ana, "one past", "2026-12-02")  # today + 7: outside it
    add(archived, "hidden", "2026-11-20")
    done = add(raj, "done", "2026-11-21")
    journal.complete_follow_up(done.id)

    view = today_view(journal, 7)
    assert [(f.follow_up.what, f.days_late) for f in view.follow_ups] == [
        ("three late", 3), ("today", 0), ("last day in", -6)]
    assert [f.follow_up.what for f in today_view(journal, 1).follow_ups] == ["three late", "today"]
    assert [f.follow_up.what for f in today_view(journal, 8).follow_ups][-1] == "one past"
    with pytest.raises(ValueError, match="days"):
        today_view(journal, 0)


def test_today_dates_across_new_year(journal, clock):
    clock.day = NEW_YEARS_EVE
    ana = person(journal, "Ana Ruiz", dates=[ImportantDate("birthday", "1990-01-06")])
    raj = person(journal, "Raj Patel", dates=[ImportantDate("birthday", "--01-03"),
                                              ImportantDate("anniversary", "2017-12-31", "wedding")])
    person(journal, "Late", dates=[ImportantDate("birthday", "1990-01-07")])  # 7 days away: outside a week
    person(journal, "Gone", dates=[ImportantDate("birthday", "--12-31")], archived=True)

    view = today_view(journal, 7)
    assert [(d.contact.name, d.entry.kind, d.on, d.years, d.days_away) for d in view.dates] == [
        ("Raj Patel", "anniversary", NEW_YEARS_EVE, 9, 0),
        ("Raj Patel", "birthday", date(2027, 1, 3), None, 3),
        ("Ana Ruiz", "birthday", date(2027, 1, 6), 37, 6),
    ]
    assert ana.id in {d.contact.id for d in view.dates} and raj.id in {d.contact.id for d in view.dates}
    assert [d.contact.name for d in today_view(journal, 8).dates][-1] == "Late"
    lines = dict(today_sections(view))["Dates coming up"]
    assert lines == ["Raj Patel's wedding anniversary (9 years) today", "Raj Patel's birthday in 3 days",
                     "Ana Ruiz turns 37 on Wednesday"]


def test_today_29_february_in_leap_and_other_years(journal, clock):
    person(journal, "Leap", dates=[ImportantDate("birthday", "2000-02-29")])
    clock.day = date(2027, 2, 25)
    (coming,) = today_view(journal, 7).dates
    assert (coming.on, coming.years, coming.days_away) == (date(2027, 2, 28), 27, 3)
    clock.day = date(2028, 2, 25)
    (coming,) = today_view(journal, 7).dates
    assert (coming.on, coming.years, coming.days_away) == (date(2028, 2, 29), 28, 4)


def test_today_due_people_key_influencers_first(journal):
    plain = person(journal, "Anna Long", cadence_days=7)
    key = person(journal, "Zed Key", cadence_days=14, key_influencer=True)
    person(journal, "Not Yet", cadence_days=30)
    person(journal, "No Interval")
    for who, day in ((plain, "2026-10-01"), (key, "2026-11-11")):
        journal.log_interaction(Interaction(date=day, with_=[who.id]))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[journal.resolve_name("Not Yet").id]))

    view = today_view(journal, 7)
    assert [(d.contact.name, d.days_overdue) for d in view.due] == [("Zed Key", 0), ("Anna Long", 48)]
    assert dict(today_sections(view))["Due a conversation"] == [
        "Zed Key: due today (last 14d ago, key influencer)", "Anna Long: 48d past due (last 55d ago)"]


@pytest.mark.parametrize("today, talked_on, met", [
    (date(2027, 1, 2), "2026-12-28", True),  # Monday of 2026-W53, seen from the Saturday in 2027
    (date(2027, 1, 1), "2026-12-31", True),  # across New Year, in the same week
    (NEW_YEARS_EVE, "2026-12-27", False),  # the Sunday before is 2026-W52
])
def test_today_week_goals_at_the_week_53_boundary(journal, clock, today, talked_on, met):
    clock.day = today
    ana, raj = person(journal, "Ana Ruiz"), person(journal, "Raj Patel")
    journal.set_week_goal(WeekGoal(week="2026-W53", contact_id=ana.id, intent="ask about the move"))
    journal.set_week_goal(WeekGoal(week="2026-W53", contact_id=raj.id))
    journal.log_interaction(Interaction(date=talked_on, with_=[ana.id], business=False))
    journal.log_interaction(Interaction(date=talked_on, with_=[raj.id], business=True))  # business: not a goal met

    open_goals = [g.contact.name for g in today_view(journal, 7).week_goals]
    assert open_goals == (["Raj Patel"] if met else ["Ana Ruiz", "Raj Patel"])


def test_today_meetings_and_json(journal):
    ana = person(journal, "Ana Ruiz", dates=[ImportantDate("birthday", "--11-27")])
    journal.keep_meetings([Meeting(event="u1@2026-11-25T10:00", start="2026-11-25T10:00", title="Budget",
                                   with_=[ana.id]),
                           Meeting(event="u2@2026-11-26", start="2026-11-26", title="Tomorrow", with_=[ana.id])])
    made = journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the article", due="2026-11-24"))
    view = today_view(journal, 7)
    assert [m.meeting.title for m in view.meetings] == ["Budget"]
    data = today_json(view)
    assert set(data) >= {"follow_ups", "dates", "due", "week_goals", "meetings"}
    assert (data["follow_ups"][0]["id"], data["follow_ups"][0]["name"], data["follow_ups"][0]["overdue_days"]) == (
        made.id, "Ana Ruiz", 1)
    assert (data["dates"][0]["contact_id"], data["dates"][0]["name"], data["dates"][0]["text"]) == (
        ana.id, "Ana Ruiz", "Ana Ruiz's birthday in 2 days")
    assert data["meetings"][0]["people"] == [{"id": ana.id, "name": "Ana Ruiz"}]
    assert [title for title, _ in today_sections(view)] == ["Meetings today", "Follow-ups", "Dates coming up"]


def test_today_is_empty_on_an_empty_journal(journal):
    view = today_view(journal, 7)
    assert view.empty and today_sections(view) == []


# --- the words ------------------------------------------------------------------------------------------


def test_due_words():
    def follow_up(due: str, done_on: str | None = None) -> FollowUp:
        return FollowUp(contact_id="c", what="x", due=due, done_on=done_on)

    assert due_words(follow_up("2026-11-22"), TODAY) == "overdue 3d"
    assert due_words(follow_up("2026-11-25"), TODAY) == "due today"
    assert due_words(follow_up("2026-11-26"), TODAY) == "due tomorrow"
    assert due_words(follow_up("2026-11-27"), TODAY) == "due Friday"
    assert due_words(follow_up("2026-12-02"), TODAY) == "due Wed 2 Dec"
    assert due_words(follow_up("2027-01-04"), NEW_YEARS_EVE) == "due Monday"  # across New Year
    assert due_words(follow_up("2027-01-08"), NEW_YEARS_EVE) == "due Fri 8 Jan 2027"
    assert due_words(follow_up("2026-11-20", "2026-11-24"), TODAY) == "done 2026-11-24"


def test_yearly_words():
    birthday = ImportantDate("birthday", "1984-11-29")
    assert yearly_words(birthday, TODAY) == "turns 42 on Sunday"
    assert yearly_words(birthday, TODAY, "Ana") == "Ana turns 42 on Sunday"
    assert yearly_words(birthday, date(2026, 11, 29), "Ana") == "Ana turns 42 today"
    assert yearly_words(ImportantDate("birthday", "--11-29"), TODAY) == "birthday in 4 days"
    assert yearly_words(ImportantDate("birthday", "--11-26"), TODAY, "Ana") == "Ana's birthday tomorrow"
    assert yearly_words(ImportantDate("anniversary", "2025-01-02", "wedding"), NEW_YEARS_EVE) == (
        "wedding anniversary (2 years) in 2 days")
    assert yearly_words(ImportantDate("anniversary", "2026-01-02"), date(2026, 12, 31)) == (
        "anniversary (1 year) in 2 days")
    assert yearly_words(ImportantDate("other", "--12-10", "started at Acme"), TODAY, "Ana") == (
        "Ana: started at Acme on Thu 10 Dec")


def test_date_label_and_titles():
    assert date_label(ImportantDate("birthday", "1985-04-12")) == "12 Apr 1985"
    assert date_label(ImportantDate("birthday", "--02-29")) == "29 Feb"
    assert date_title(ImportantDate("birthday", "--04-12"), "Ana Ruiz") == "Ana Ruiz's birthday"
    assert date_title(ImportantDate("anniversary", "--04-12", "wedding"), "Ana") == "Ana's wedding anniversary"
    assert date_title(ImportantDate("other", "--04-12", "started at Acme"), "Ana") == "Ana: started at Acme"
    assert follow_up_title(FollowUp(contact_id="c", what="send the article", due="2026-11-27"), "Ana") == (
        "Follow up with Ana: send the article")
