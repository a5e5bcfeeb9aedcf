"""Calendar imports on hand-made exports written the way Outlook and Google write them, re-imports, and random or
truncated calendars."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.io.calendar import apply_calendar_plan, guess_owner, plan_calendar, read_calendar
from netjournal.io.importers import ImportFileError

from .conftest import TODAY, run_cli

FILES = Path(__file__).parent / "data" / "calendars"
WEEKLY = "040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5F601000000000000000010000000ABCDEF"


@pytest.fixture
def people(journal: Journal) -> dict[str, Contact]:
    return {c.name: journal.add_contact(c) for c in (
        Contact(name="Ana Ruiz", email="ana@example.org"), Contact(name="Ben Okafor", email="ben@example.org"),
        Contact(name="José Álvarez"))}


def planned(journal: Journal, name: str, **options):
    return plan_calendar(journal, read_calendar(FILES / name), **options)


def conversations(journal: Journal) -> list[tuple[str, str, tuple[str, ...], str, bool, bool, str]]:
    names = {c.id: c.name for c in journal.contacts()}
    return sorted((i.date, i.topics, tuple(sorted(names[p] for p in i.with_)), i.channel, i.formal, i.business,
                   i.event) for i in journal.interactions())


def test_outlook_export_with_windows_zones_recurrence_exceptions_and_skips(journal, people):
    plan = planned(journal, "outlook.ics")
    assert plan.owner == "sam@example.org"  # in most events
    apply_calendar_plan(journal, plan)
    assert conversations(journal) == [
        # 9 Nov is an EXDATE; 16 Nov moved to Tuesday 17 Nov, keeping its slot in the series in its key
        ("2026-11-02", "Weekly sync", ("Ana Ruiz", "Ben Okafor"), "video", True, True,
         f"{WEEKLY}@2026-11-02T09:00:00Z"),
        ("2026-11-17", "Weekly sync (moved to Tuesday)", ("Ana Ruiz", "Ben Okafor"), "video", True, True,
         f"{WEEKLY}@2026-11-16T09:00:00Z"),
        # matched by name with accents folded; a room is not a video link; two people is not formal
        ("2026-11-19", "Catch-up with José", ("José Álvarez",), "in_person", False, True,
         "one-to-one-jose@2026-11-19T15:00:00Z"),
        ("2026-11-23", "Weekly sync", ("Ana Ruiz", "Ben Okafor"), "video", True, True,
         f"{WEEKLY}@2026-11-23T09:00:00Z"),
    ]
    # cancelled (Budget review), declined by the owner (Vendor pitch), alone (Focus time) are not logged
    assert (plan.cancelled, plan.declined, plan.alone) == (1, 1, 1)
    # the two occurrences ahead, in the meeting's own zone, for Today
    assert [(m.start, m.title, m.channel, m.formal) for m in journal.meetings()] == [
        ("2026-11-30T10:00", "Weekly sync", "video", True), ("2026-12-07T10:00", "Weekly sync", "video", True)]
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz", "Ben Okafor", "José Álvarez"]  # nobody added


def test_google_export_in_utc_all_day_and_resources(journal, people):
    plan = planned(journal, "google.ics")
    apply_calendar_plan(journal, plan)
    assert conversations(journal) == [
        ("2026-11-19", "Health data conference", ("Ana Ruiz",), "in_person", False, True,
         "7kukuqrfedlm2f8nil0dn2dsad@google.com@2026-11-19"),  # all day
        # 02:30 UTC on the 25th is 21:30 on the 24th in the calendar's New York; the room does not count
        ("2026-11-24", "Late call with Ben", ("Ben Okafor",), "video", False, True,
         "late-call-ben@google.com@2026-11-25T02:30:00Z"),
    ]
    assert [(m.start, m.title) for m in journal.meetings()] == [("2026-12-01T09:00", "Monthly 1:1 with Ana")]


def test_reimport_of_the_same_and_of_a_newer_export_adds_nothing_twice(tmp_path, journal, people):
    apply_calendar_plan(journal, planned(journal, "outlook.ics"))
    before = conversations(journal)
    again = planned(journal, "outlook.ics")
    assert again.to_log() == [] and len(again.already) == 4
    apply_calendar_plan(journal, again)
    assert conversations(journal) == before and len(journal.meetings()) == 2
    # A week later the same series, exported again: 30 Nov has happened and is logged once; the rest stays.
    with Journal(journal.path, today=lambda: date(2026, 12, 2)) as later:
        newer = planned(later, "outlook.ics")
        assert [m.day.isoformat() for m in newer.to_log()] == ["2026-11-30"]
        apply_calendar_plan(later, newer)
        apply_calendar_plan(later, planned(later, "outlook.ics"))
        assert len(conversations(later)) == 5
        assert [m.start for m in later.meetings()] == ["2026-12-07T10:00"]


def test_people_not_in_the_journal_are_listed_and_added_when_asked(journal, people):
    plan = planned(journal, "outlook.ics")
    assert [p.words for p, _ in plan.unknown.values()] == ["Cleo Mensah <cleo@example.org>",
                                                           "Dan Ito <dan@example.org>"]
    assert "2 people you met are not in your journal (--add-people adds them):" in plan.summary(dry_run=True)
    assert "Coffee with Cleo and Dan" not in {m.title for m in plan.to_log()}
    apply_calendar_plan(journal, plan, add_people=True)
    cleo = next(c for c in journal.contacts() if c.name == "Cleo Mensah")
    assert (cleo.email, cleo.how_met) == ("cleo@example.org", "met at Coffee with Cleo and Dan on 2026-11-20")
    assert ("2026-11-20", "Coffee with Cleo and Dan", ("Cleo Mensah", "Dan Ito"), "in_person", True, True,
            "coffee-cleo@2026-11-20T07:30:00Z") in conversations(journal)


def test_since_until_and_me(journal, people):
    plan = planned(journal, "outlook.ics", since=date(2026, 11, 10), until=date(2026, 11, 19))
    assert [m.title for m in plan.past] == ["Weekly sync (moved to Tuesday)", "Catch-up with José"]
    # As Ana, the vendor pitch she accepted is hers, and Sam is the one she met.
    as_ana = planned(journal, "outlook.ics", me="ana@example.org")
    assert "Vendor pitch" in [m.title for m in as_ana.past] and as_ana.declined == 0
    assert guess_owner(read_calendar(FILES / "outlook.ics")) == "sam@example.org"


def test_dry_run_and_words_on_the_command_line(db_path, journal, people):
    before = db_path.read_bytes()
    result = run_cli("--db", str(db_path), "import", str(FILES / "outlook.ics"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert db_path.read_bytes() == before
    assert "Logs 4 meetings as conversations:\n  2026-11-02 10:00 Weekly sync: with Ana Ruiz and Ben Okafor" \
        in result.stdout
    assert "Keeps 2 meetings ahead for Today:" in result.stdout
    assert "Skips 3 events: 1 cancelled, 1 you declined and 1 with nobody else." in result.stdout
    assert result.stdout.rstrip().endswith("Nothing was written (--dry-run).")
    result = run_cli("--db", str(db_path), "import", str(FILES / "outlook.ics"), "--add-people")
    assert result.returncode == 0, result.stderr
    assert "Logged 5 meetings as conversations:" in result.stdout and "Added 2 people you met:" in result.stdout
    stored = orjson.loads(db_path.read_bytes())
    assert len(stored["interactions"]) == 5 and len(stored["meetings"]) == 2 and len(stored["contacts"]) == 5
    again = run_cli("--db", str(db_path), "import", str(FILES / "outlook.ics"))
    assert "Logged no meetings." in again.stdout and "5 meetings are already in the journal." in again.stdout


@pytest.mark.parametrize("args, message", [
    (["--since", "someday"], "--since"),
    (["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
    (["--me", "sam"], "not an email address"),
])
def test_bad_options_exit_2_and_write_nothing(db_path, journal, people, args, message):
    before = db_path.read_bytes()
    result = run_cli("--db", str(db_path), "import", str(FILES / "outlook.ics"), *args)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert db_path.read_bytes() == before


def test_calendar_options_on_a_contacts_file_are_refused(db_path, journal, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name\nAna\n")
    result = run_cli("--db", str(db_path), "import", str(people), "--add-people")
    assert result.returncode == 2 and "only for a calendar (.ics)" in result.stderr


@pytest.mark.parametrize("content, message", [
    (b"", "not a calendar"),
    (b"BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n", "not a calendar"),
    ((FILES / "outlook.ics").read_bytes()[:1500], "cut off"),
    (b"\xff\xfe\x00B", "UTF-8"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "readable"),
])
def test_a_bad_file_is_one_clear_line_and_writes_nothing(db_path, journal, people, tmp_path, content, message):
    path = tmp_path / "bad.ics"
    path.write_bytes(content)
    before = db_path.read_bytes()
    result = run_cli("--db", str(db_path), "import", str(path))
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and db_path.read_bytes() == before


def check_never_crashes_or_half_writes(tmp_path_factory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    journal_path = folder / "journal.json"
    with Journal(journal_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz", email="ana@example.org"))
        journal.add_contact(Contact(name="Ben Okafor", email="ben@example.org"))
    before = journal_path.read_bytes()
    path = folder / "x.ics"
    path.write_bytes(data)
    with Journal(journal_path, today=lambda: TODAY) as journal:
        try:
            plan = plan_calendar(journal, read_calendar(path), add_people=True)
        except ImportFileError as error:
            assert "\n" not in str(error)
            assert journal_path.read_bytes() == before
            return
        apply_calendar_plan(journal, plan)
    logged = Journal(journal_path, today=lambda: TODAY).interactions()
    assert len(logged) == len(plan.to_log())  # all of the plan, or none


GOOD = {name: (FILES / name).read_bytes() for name in ("outlook.ics", "google.ics")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(GOOD)), cut=st.floats(0, 1))
def test_truncated_calendars(tmp_path_factory, name, cut):
    data = GOOD[name]
    check_never_crashes_or_half_writes(tmp_path_factory, data[: int(len(data) * cut)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(alphabet=st.sampled_from("BEGIN:VCALENDAR\r\nEND:VEVENT;DTSTART=2026110T0Z RULE:FREQ=WEEKLY;ATTENDEE"
                                     "mailto:a@b é"), max_size=400).map(str.encode),
    # a whole calendar with random lines spliced in: past the first and last line checks, into icalendar itself
    st.lists(st.sampled_from(GOOD["outlook.ics"].split(b"\r\n")[:-1] + [b"RRULE:FREQ=WEEKLY;COUNT=x",
                                                                       b"DTSTART:2026", b"EXDATE:garbage",
                                                                       b"RECURRENCE-ID:20261102T100000",
                                                                       b"BEGIN:VEVENT", b"END:VEVENT"]),
             max_size=40).map(lambda lines: b"\r\n".join([b"BEGIN:VCALENDAR", *lines, b"END:VCALENDAR", b""])),
))
def test_random_calendars(tmp_path_factory, data):
    check_never_crashes_or_half_writes(tmp_path_factory, data)


def test_a_zone_only_the_file_defines_is_read_by_its_own_rules(journal, people, tmp_path):
    path = tmp_path / "custom.ics"
    path.write_bytes(b"\r\n".join([
        b"BEGIN:VCALENDAR", b"VERSION:2.0", b"BEGIN:VTIMEZONE", b"TZID:Our Office Time", b"BEGIN:STANDARD",
        b"DTSTART:19700101T000000", b"TZOFFSETFROM:+0530", b"TZOFFSETTO:+0530", b"END:STANDARD", b"END:VTIMEZONE",
        b"BEGIN:VEVENT", b"UID:office-1", b"SUMMARY:Planning", b"ORGANIZER;CN=Sam:mailto:sam@example.org",
        b"ATTENDEE;CN=Ana Ruiz:mailto:ana@example.org", b"DTSTART;TZID=Our Office Time:20261120T010000",
        b"END:VEVENT", b"END:VCALENDAR", b""]))
    plan = plan_calendar(journal, read_calendar(path), me="sam@example.org")
    assert [(m.start, m.event) for m in plan.past] == [("2026-11-20T01:00", "office-1@2026-11-19T19:30:00Z")]


@pytest.mark.parametrize("name", ["outlook.ics", "google.ics"])
def test_single_meetings_read_directly_are_what_recurring_ical_events_gives(name):
    import recurring_ical_events

    from netjournal.io.calendar import _occurrences

    calendar = read_calendar(FILES / name)
    start, end = date(2026, 1, 1), date(2027, 1, 1)

    def keys(events):  # the same moment (recurring-ical-events moves UTC into X-WR-TIMEZONE; the plan does too)
        def moment(value):
            return value.astimezone(timezone.utc).isoformat() if isinstance(value, datetime) else value.isoformat()
        return sorted((str(e.get("UID")), moment(e.get("DTSTART").dt)) for e in events)

    assert keys(_occurrences(calendar, start, end)) == \
        keys(recurring_ical_events.of(calendar).between(start, end))


def test_one_meeting_is_a_conversation(journal, people):
    plan = planned(journal, "google.ics", since=date(2026, 11, 20))
    assert plan.summary(dry_run=True).startswith("Logs 1 meeting as a conversation:\n  2026-11-24 21:30 Late call")


def test_a_video_link_in_the_location_or_url_makes_it_video(journal, people, tmp_path):
    def event(uid: str, extra: bytes) -> list[bytes]:
        return [b"BEGIN:VEVENT", b"UID:" + uid.encode(), b"SUMMARY:Chat", b"ORGANIZER:mailto:sam@example.org",
                b"ATTENDEE;CN=Ana Ruiz:mailto:ana@example.org", b"DTSTART:20261120T100000", b"DTEND:20261120T110000",
                extra, b"STATUS:CONFIRMED", b"END:VEVENT"]

    path = tmp_path / "apple.ics"
    path.write_bytes(b"\r\n".join([b"BEGIN:VCALENDAR", b"VERSION:2.0",
                                   *event("zoom", b"LOCATION:https://us02web.zoom.us/j/123"),
                                   *event("url", b"URL;VALUE=URI:https://meet.google.com/abc-defg-hij"),
                                   *event("cafe", b"LOCATION:Zoomies Cafe\\, zoom.usual street"),
                                   b"END:VCALENDAR", b""]))
    plan = plan_calendar(journal, read_calendar(path), me="sam@example.org")
    assert {m.event.split("@")[0]: m.channel for m in plan.past} == {"zoom": "video", "url": "video",
                                                                     "cafe": "in_person"}
