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
