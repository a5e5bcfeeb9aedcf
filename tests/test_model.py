"""The records' validation and the calendar helpers, without storage or UI."""

from datetime import date

import pytest

from netjournal.core.model import (
    Contact,
    FocusGoal,
    Interaction,
    Rating,
    Reflection,
    WeekGoal,
    next_week,
    parse_day,
    parse_planned_day,
    parse_week,
    previous_week,
    week_dates,
    week_key,
)

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Contact(name="   "), "name"),
        (lambda: Contact(name="Ana", email="not-an-address"), "email"),
        (lambda: Contact(name="Ana", side="sideways"), "side"),
        (lambda: Contact(name="Ana", level="above"), "level"),
        (lambda: Contact(name="Ana", cadence_days="often"), "cadence_days"),
        (lambda: Contact(name="Ana", cadence_days=0), "cadence_days"),
        (lambda: Interaction(date="2026-13-01", with_=["a1"]), "date"),
        (lambda: Interaction(date="2026-11-20", with_=[]), "with"),
        (lambda: Interaction(date="2026-11-20", with_=["a1"], channel="pigeon"), "channel"),
        (lambda: Interaction(date="2026-11-20", with_=["a1"], initiated_by="nobody"), "initiated_by"),
        (lambda: Rating(contact_id="a1", date="2026-11-20", score=5), "score"),
        (lambda: Rating(contact_id="a1", date="2026-11-20", score=0), "score"),
        (lambda: Rating(contact_id="a1", date="2026-11-20", score="high"), "score"),
        (lambda: Rating(contact_id="a1", date="2026-11-20", score=2, improve_by="soon"), "improve_by"),
        (lambda: WeekGoal(week="2026-W54", contact_id="a1"), "week"),
        (lambda: Reflection(week="last week"), "week"),
        (lambda: FocusGoal(text=""), "text"),
    ],
)
def test_bad_values_name_the_field(make, field):
    with pytest.raises(ValueError) as error:
        make()
    assert str(error.value).startswith(f"{field}:")


def test_unknown_role_is_refused():
    contact = Contact(name="Ana", roles=["information_source", "oracle"])
    with pytest.raises(ValueError, match="roles: 'oracle' is not one of"):
        contact.check_roles(["information_source", "supporter"])


def test_tags_are_cleaned_and_deduplicated():
    assert Contact(name="Ana", tags=" golf, running ,golf").tags == ["golf", "running"]


def test_interaction_round_trips_with_its_stored_field_name():
    interaction = Interaction(date=WEDNESDAY, with_=["a1", "b2"], gave="an article")
    record = interaction.to_record()
    assert record["with"] == ["a1", "b2"] and "with_" not in record
    assert Interaction.from_record(record) == interaction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("Yesterday", date(2026, 11, 24)),
        ("mon", date(2026, 11, 23)),
        ("wed", date(2026, 11, 25)),  # today is the most recent Wednesday
        ("thursday", date(2026, 11, 19)),
        ("sun", date(2026, 11, 22)),
        ("2026-10-01", date(2026, 10, 1)),
    ],
)
def test_date_words(text, expected):
    assert parse_day(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text", ["", "someday", "2026-02-30", "mo"])
def test_bad_date_words(text):
    with pytest.raises(ValueError, match="date"):
        parse_day(text, WEDNESDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 days ago", date(2026, 11, 23)),
        ("1 day ago", date(2026, 11, 24)),
        ("a week ago", date(2026, 11, 18)),
        ("3  weeks ago", date(2026, 11, 4)),
    ],
)
def test_past_date_words_count_back(text, expected):
    assert parse_day(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text", ["tomorrow", "next week", "in 2 days", "next fri"])
def test_a_past_date_refuses_words_for_days_ahead(text):
    with pytest.raises(ValueError, match=r"^date: .* is ahead; give a day that has come: today, yesterday"):
        parse_day(text, WEDNESDAY)


# Wednesday 2026-11-25: what a person planning means by each word.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", date(2026, 11, 27)),  # the coming Friday, not last week's
        ("Friday", date(2026, 11, 27)),
        ("thu", date(2026, 11, 26)),
        ("mon", date(2026, 11, 30)),
        ("wed", date(2026, 12, 2)),  # the day's own name: a week from today ("today" is today)
        ("today", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 26)),
        ("next week", date(2026, 11, 30)),  # its Monday
        ("next fri", date(2026, 12, 4)),  # Friday of next week
        ("next month", date(2026, 12, 1)),  # its first day
        ("in 3 days", date(2026, 11, 28)),
        ("in 1 day", date(2026, 11, 26)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("in a week", date(2026, 12, 2)),
        ("in 3 months", date(2027, 2, 25)),
        ("2027-01-15", date(2027, 1, 15)),
        ("2026-10-01", date(2026, 10, 1)),  # a date written out is taken as written, even if it has passed
    ],
)
def test_planned_date_words_look_ahead(text, expected):
    assert parse_planned_day(text, WEDNESDAY) == expected


def test_planned_days_near_the_ends_of_weeks_months_and_years():
    friday, sunday = date(2026, 11, 27), date(2026, 11, 29)
    assert parse_planned_day("fri", friday) == date(2026, 12, 4)
    assert parse_planned_day("sat", friday) == date(2026, 11, 28)
    assert parse_planned_day("next week", sunday) == date(2026, 11, 30)  # tomorrow is Monday
    assert parse_planned_day("next mon", sunday) == date(2026, 11, 30)
    assert parse_planned_day("in 1 month", date(2027, 1, 31)) == date(2027, 2, 28)  # February is shorter
    assert parse_planned_day("next month", date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_planned_day("tomorrow", date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("yesterday", "'yesterday' is in the past; a planned date is ahead: tomorrow, fri (the coming one)"),
        ("2 days ago", "'2 days ago' is in the past"),
        ("soon", "'soon' is not a date; use tomorrow, fri (the coming one), next week, in 2 weeks"),
        ("", "empty; use tomorrow"),
        ("in -2 days", "is not a date"),
        ("in 99999 days", "is not a date"),  # four digits at most
        ("fr", "is not a date"),
        ("next year", "is not a date"),
    ],
)
def test_bad_planned_dates_name_the_field_and_give_examples(text, says):
    with pytest.raises(ValueError) as error:
        parse_planned_day(text, WEDNESDAY, "improve by")
    assert str(error.value).startswith("improve by: ") and says in str(error.value)


def test_a_planned_date_out_of_range_is_an_error_not_a_crash():
    with pytest.raises(ValueError, match="out of range"):
        parse_planned_day("in 9999 months", date(2999, 1, 1))
    with pytest.raises(ValueError, match="out of range"):
        parse_planned_day("next month", date(2999, 12, 5))


def test_week_boundaries():
    # Sunday night belongs to the week that started on Monday; Monday morning starts the next one.
    assert week_key(date(2026, 11, 29)) == "2026-W48"
    assert week_key(date(2026, 11, 30)) == "2026-W49"
    assert [d.isoformat() for d in week_dates("2026-W48")][::6] == ["2026-11-23", "2026-11-29"]


def test_iso_year_change():
    # 2026 has 53 ISO weeks; 1 January 2027 is a Friday in 2026-W53.
    assert week_key(date(2027, 1, 1)) == "2026-W53"
    assert next_week("2026-W53") == "2027-W01"
    assert previous_week("2027-W01") == "2026-W53"
    assert week_key(date(2020, 12, 31)) == "2020-W53"
    assert next_week("2020-W53") == "2021-W01"
    assert parse_week("2020-W53") == "2020-W53"
    with pytest.raises(ValueError, match="2027 has no week 53"):
        parse_week("2027-W53")


def test_stored_records_rebuild_without_sharing_lists():
    contact = Contact(name="Ana", tags=["golf"], roles=["supporter"], cadence_days=14)
    record = contact.to_record()
    rebuilt = Contact.from_stored(record)
    assert rebuilt == contact == Contact.from_record(record)
    rebuilt.tags.append("choir")
    assert record["tags"] == ["golf"]
    talk = Interaction(date=WEDNESDAY, with_=["a1"], topics="race")
    stored = talk.to_record()
    assert Interaction.from_stored(stored) == talk and not hasattr(Interaction.from_stored(stored), "with")
    old = {"name": "Ben", "id": "b1", "created_at": "x", "updated_at": "x"}  # fields added later get defaults
    assert Contact.from_stored(old).roles == [] and Contact.from_stored(old).cadence_days is None
