"""Looking ahead on the command line: follow-up, follow-ups, done, snooze, drop, today and export --format ics, as
a person (text) and a script (--json) use them; checked on screen, in the exit status and on disk."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import orjson
import pytest
from icalendar import Calendar

from netjournal.cli import main
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, FollowUp, ImportantDate
from netjournal.io.ics_export import calendar_ics

from .conftest import TODAY, run_cli


def cli(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def follow_ups_on_disk(db) -> list[dict]:
    return list(orjson.loads(db.read_bytes()).get("follow_ups", {}).values())


@pytest.fixture
def people(db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health",
                                          dates=[ImportantDate("birthday", "1984-11-29")]))
        journal.add_contact(Contact(name="José Álvarez", dates=[ImportantDate("birthday", "--02-29")]))
        journal.add_contact(Contact(name="Anders Berg"))
        journal.add_contact(Contact(name="Dana Old", archived=True))
    return {"ana": ana.id}


# --- follow-up, follow-ups, done, snooze, drop ------------------------------------------------------------


def test_follow_up_by_a_date_word_then_listed_done_and_undone(capsys, db_path, people):
    code, out, err = cli(capsys, db_path, "follow-up", "ana ruiz", "send the article", "--by", "fri")
    assert code == 0, err
    (saved,) = follow_ups_on_disk(db_path)
    assert (saved["contact_id"], saved["what"], saved["due"], saved["done_on"]) == (
        people["ana"], "send the article", "2026-11-27", None)
    assert out == f"Follow-up {saved['id'][:4]}: Ana Ruiz: send the article; by Fri 27 Nov 2026 (2026-11-27)\n"

    code, out, _ = cli(capsys, db_path, "follow-up", "jose", "ask about the move")  # folded; a week by default
    assert code == 0 and "José Álvarez" in out and "(2026-12-02)" in out

    code, out, _ = cli(capsys, db_path, "follow-ups")
    assert code == 0
    assert out.splitlines() == [f"{saved['id'][:4]}  Ana Ruiz: send the article (due Friday)",
                                f"{follow_ups_on_disk(db_path)[1]['id'][:4]}  José Álvarez: ask about the move "
                                "(due Wed 2 Dec)"]

    code, out, _ = cli(capsys, db_path, "done", saved["id"][:4])
    assert code == 0 and out == "Done: Ana Ruiz: send the article (done 2026-11-25)\n"
    assert follow_ups_on_disk(db_path)[0]["done_on"] == TODAY.isoformat()
    assert "Ana Ruiz" not in cli(capsys, db_path, "follow-ups")[1]
    assert "Ana Ruiz: send the article (done 2026-11-25)" in cli(capsys, db_path, "follow-ups", "--all")[1]

    code, out, _ = cli(capsys, db_path, "done", saved["id"], "--undo")
    assert code == 0 and out.startswith("Reopened: Ana Ruiz") and follow_ups_on_disk(db_path)[0]["done_on"] is None


def test_follow_up_errors_exit_2_and_write_nothing(capsys, db_path, people):
    before = db_path.read_bytes()
    for args, said in (
            (("follow-up", "an", "x", "--by", "fri"), "Ana Ruiz"),  # Ana Ruiz or Anders Berg: both listed
            (("follow-up", "Nobody Here", "x"), "Nobody Here"),
            (("follow-up", "ana ruiz", "x", "--by", "yesterday"), "--by"),
            (("follow-up", "ana ruiz", "x", "--by", "someday"), "--by"),
            (("follow-up", "ana ruiz", "   "), "what"),
            (("follow-up", "dana old", "x"), "--archived-ok"),
            (("done", "zzzz"), "no follow-up with id 'zzzz'"),
            (("snooze", "zzzz", "tomorrow"), "no follow-up"),
            (("drop", ""), "give the id"),
            (("today", "--days", "0"), "--days"),
            (("today", "--days", "many"), "--days"),
            (("today", "--days", "²"), "--days"),  # a digit to str.isdigit, not a number
    ):
        code, out, err = cli(capsys, db_path, *args)
        assert code == 2, (args, err)
        assert said in err and err.startswith("netjournal: ") and out == ""
    assert "Anders Berg" in cli(capsys, db_path, "follow-up", "an", "x")[2]
    assert db_path.read_bytes() == before


def test_ambiguous_prefix_asks_for_more(capsys, db_path, people):
    with Journal(db_path, today=lambda: TODAY) as journal:
        for suffix in ("0001", "0002"):
            journal.add_follow_up(FollowUp(contact_id=people["ana"], what=suffix, due="2026-11-30", id="abcd" + suffix))
    code, out, err = cli(capsys, db_path, "follow-ups")
    assert [line.split()[0] for line in out.splitlines()] == ["abcd0001", "abcd0002"]  # the short id is unique
    code, _, err = cli(capsys, db_path, "done", "abcd")
    assert code == 2 and "start of 2 follow-ups" in err
    assert all(f["done_on"] is None for f in follow_ups_on_disk(db_path))


def test_snooze_and_drop(capsys, db_path, people):
    cli(capsys, db_path, "follow-up", "ana ruiz", "send the article", "--by", "2026-11-20")
    (saved,) = follow_ups_on_disk(db_path)
    code, out, _ = cli(capsys, db_path, "snooze", saved["id"], "in 2 weeks")
    assert code == 0 and out == "Snoozed: Ana Ruiz: send the article (due Wed 9 Dec)\n"
    assert follow_ups_on_disk(db_path)[0]["due"] == "2026-12-09"
    code, _, err = cli(capsys, db_path, "snooze", saved["id"], "2026-11-01")
    assert code == 2 and "past" in err and follow_ups_on_disk(db_path)[0]["due"] == "2026-12-09"
    cli(capsys, db_path, "done", saved["id"])
    code, _, err = cli(capsys, db_path, "snooze", saved["id"], "tomorrow")
    assert code == 2 and "--undo" in err
    code, out, _ = cli(capsys, db_path, "drop", saved["id"][:5], "--json")
    assert code == 0 and json.loads(out)["result"] == "Dropped" and follow_ups_on_disk(db_path) == []


def test_follow_ups_json(capsys, db_path, people):
    cli(capsys, db_path, "follow-up", "ana ruiz", "send the article", "--by", "2026-11-22", "--json")
    code, out, _ = cli(capsys, db_path, "follow-ups", "--json")
    data = json.loads(out)
    (entry,) = data["follow_ups"]
    assert data["date"] == TODAY.isoformat()
    assert {k: entry[k] for k in ("contact_id", "name", "what", "due", "done_on", "overdue_days", "words")} == {
        "contact_id": people["ana"], "name": "Ana Ruiz", "what": "send the article", "due": "2026-11-22",
        "done_on": None, "overdue_days": 3, "words": "overdue 3d"}
    assert entry["id"].startswith(entry["short_id"])
    assert json.loads(cli(capsys, db_path, "follow-ups", "--json")[1]) == data  # reading writes nothing new
    assert cli(capsys, db_path, "done", entry["short_id"], "--json")[0] == 0
    assert json.loads(cli(capsys, db_path, "follow-ups", "--json")[1])["follow_ups"] == []
    assert json.loads(cli(capsys, db_path, "follow-ups", "--all", "--json")[1])["follow_ups"][0]["done_on"] == (
        TODAY.isoformat())


# --- today ----------------------------------------------------------------------------------------------


def test_today_text_and_json(capsys, db_path, people):
    cli(capsys, db_path, "follow-up", "ana ruiz", "send the article", "--by", "2026-11-23")
    code, out, err = cli(capsys, db_path, "today")
    assert code == 0, err
    assert out == ("Follow-ups\n  Ana Ruiz: send the article (overdue 2d)\n\n"
                   "Dates coming up\n  Ana Ruiz turns 42 on Sunday\n")
    assert "Dates" not in cli(capsys, db_path, "today", "--days", "1")[1]

    code, out, _ = cli(capsys, db_path, "today", "--json")
    data = json.loads(out)
    assert set(data) >= {"follow_ups", "dates", "due", "week_goals", "meetings"}
    assert [(e["name"], e["contact_id"]) for e in data["follow_ups"] + data["dates"]] == [
        ("Ana Ruiz", people["ana"])] * 2
    assert data["follow_ups"][0]["id"] == follow_ups_on_disk(db_path)[0]["id"]


def test_today_with_nothing_due_says_so_and_exits_0(capsys, db_path):
    assert cli(capsys, db_path, "today") == (0, "Nothing due today or in the next 6 days. Enjoy the day.\n", "")
    assert cli(capsys, db_path, "today", "--days", "1")[1] == "Nothing due today. Enjoy the day.\n"
    assert json.loads(cli(capsys, db_path, "today", "--json")[1])["follow_ups"] == []


def test_today_keeps_control_characters_off_the_terminal(db_path):
    """In its own process, as a shell start-up file runs it: a name from a vCard cannot drive the terminal."""
    with Journal(db_path, today=lambda: TODAY) as journal:
        evil = journal.add_contact(Contact(name="Eve\x1b]52;c;aGk=\x07 Line\nTwo",
                                           dates=[ImportantDate("birthday", "--11-26")]))
        journal.add_follow_up(FollowUp(contact_id=evil.id, what="ask \x1b[2J", due="2026-11-25"))
    done = run_cli("today", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Eve\\x1b]52;c;aGk=\\x07 Line\\x0aTwo's birthday tomorrow" in done.stdout
    listed = run_cli("follow-ups", "--db", str(db_path))
    assert "\x1b" not in listed.stdout and "ask \\x1b[2J" in listed.stdout
    as_json = run_cli("today", "--json", "--db", str(db_path))
    assert "\x1b" not in as_json.stdout and json.loads(as_json.stdout)["dates"][0]["name"] == evil.name


# --- export --format ics ----------------------------------------------------------------------------------


def events(payload: bytes) -> dict[str, object]:
    return {str(event["uid"]): event for event in Calendar.from_ical(payload).walk("VEVENT")}


@pytest.fixture
def dated(db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz", dates=[
            ImportantDate("birthday", "1984-11-29"), ImportantDate("anniversary", "--06-01", "wedding"),
            ImportantDate("other", "2019-03-04", "started at Acme")]))
        leap = journal.add_contact(Contact(name="Leap, Day; Person", dates=[ImportantDate("birthday", "--02-29")]))
        gone = journal.add_contact(Contact(name="Gone", archived=True, dates=[ImportantDate("birthday", "--01-01")]))
        open_one = journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the article, the long one; today",
                                                  due="2026-11-27"))
        done = journal.add_follow_up(FollowUp(contact_id=ana.id, what="done already", due="2026-11-20"))
        journal.complete_follow_up(done.id)
        journal.add_follow_up(FollowUp(contact_id=gone.id, what="hidden", due="2026-11-28"))
    return {"ana": ana, "leap": leap, "open": open_one}


def test_ics_dates_yearly_and_follow_ups_with_an_alarm(capsys, db_path, tmp_path, dated):
    target = tmp_path / "netjournal.ics"
    code, out, err = cli(capsys, db_path, "export", "--format", "ics", "-o", str(target))
    assert code == 0, err
    found = events(target.read_bytes())
    ana, leap = dated["ana"].id, dated["leap"].id
    assert sorted(found) == sorted([
        f"date-{ana}-birthday-da39a3ee@netjournal", f"date-{ana}-anniversary-{_hash('wedding')}@netjournal",
        f"date-{ana}-other-{_hash('started at acme')}@netjournal", f"date-{leap}-birthday-da39a3ee@netjournal",
        f"follow-up-{dated['open'].id}@netjournal"])
    calendar = Calendar.from_ical(target.read_bytes())
    assert str(calendar["prodid"]).startswith("-//netjournal//") and str(calendar["version"]) == "2.0"

    birthday = found[f"date-{ana}-birthday-da39a3ee@netjournal"]
    assert str(birthday["summary"]) == "Ana Ruiz's birthday"
    assert birthday["dtstart"].dt == date(1984, 11, 29) and birthday["dtend"].dt == date(1984, 11, 30)
    assert birthday["rrule"]["FREQ"] == ["YEARLY"] and "dtstamp" in birthday
    wedding = found[f"date-{ana}-anniversary-{_hash('wedding')}@netjournal"]
    assert str(wedding["summary"]) == "Ana Ruiz's wedding anniversary" and wedding["dtstart"].dt.month == 6
    assert str(found[f"date-{ana}-other-{_hash('started at acme')}@netjournal"]["summary"]) == (
        "Ana Ruiz: started at Acme")
    leap_day = found[f"date-{leap}-birthday-da39a3ee@netjournal"]
    assert leap_day["dtstart"].dt.month == 2 and leap_day["dtstart"].dt.day == 29  # in a leap year
    assert leap_day["rrule"]["BYMONTHDAY"] == [-1]  # the 28th in other years, as netjournal counts it
    assert str(leap_day["summary"]) == "Leap, Day; Person's birthday"  # escaped in the file, read back whole
    assert b"Leap\\, Day\\; Person's birthday" in target.read_bytes()

    follow_up = found[f"follow-up-{dated['open'].id}@netjournal"]
    assert str(follow_up["summary"]) == "Follow up with Ana Ruiz: send the article, the long one; today"
    assert follow_up["dtstart"].dt == date(2026, 11, 27) and "rrule" not in follow_up
    (alarm,) = follow_up.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY" and alarm["trigger"].dt == timedelta(hours=9)
    assert str(follow_up["description"]).split("\n") == ["send the article, the long one; today",
                                                          f"netjournal done {dated['open'].id}"]
    assert b"\\n" in target.read_bytes() and target.stat().st_mode & 0o077 == 0  # private, like the other exports


def _hash(label: str) -> str:
    import hashlib

    return hashlib.sha1(label.encode()).hexdigest()[:8]


def test_ics_uids_stable_across_exports_and_edits(db_path, dated):
    with Journal(db_path, today=lambda: TODAY) as journal:
        first = calendar_ics(journal, now=datetime(2026, 11, 25, 8, tzinfo=timezone.utc))
        again = calendar_ics(journal, now=datetime(2026, 11, 26, 8, tzinfo=timezone.utc))
        assert sorted(events(first)) == sorted(events(again))
        ana = journal.contact(dated["ana"].id)
        ana.dates = [ImportantDate("birthday", "1984-11-30"), *ana.dates[1:]]  # the day corrected
        journal.update_contact(ana)
        journal.snooze_follow_up(dated["open"].id, date(2026, 12, 4))
        edited = events(calendar_ics(journal))
    assert sorted(edited) == sorted(events(first))  # the same events, updated in a calendar
    assert edited[f"date-{ana.id}-birthday-da39a3ee@netjournal"]["dtstart"].dt == date(1984, 11, 30)
    assert edited[f"follow-up-{dated['open'].id}@netjournal"]["dtstart"].dt == date(2026, 12, 4)


def test_ics_two_dates_of_one_kind_get_two_uids(db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana", dates=[ImportantDate("other", "--01-02"),
                                                       ImportantDate("other", "--03-04")]))
        person = journal.contacts()[0]
        uids = set(events(calendar_ics(journal)))
    base = f"date-{person.id}-other-da39a3ee"
    assert uids == {f"{base}@netjournal", f"{base}-2@netjournal"}


def test_ics_leaves_control_characters_out(db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        evil = journal.add_contact(Contact(name="Eve\x1b]52;c;aGk=\x07\u202e Ruiz",
                                           dates=[ImportantDate("birthday", "--11-26")]))
        journal.add_follow_up(FollowUp(contact_id=evil.id, what="ask\x1b[2J now", due="2026-11-30"))
        payload = calendar_ics(journal)
    assert not any(ch in payload.decode() for ch in "\x1b\x07\u202e")
    summaries = sorted(str(e["summary"]) for e in events(payload).values())
    assert summaries == ["Eve]52;c;aGk= Ruiz's birthday", "Follow up with Eve]52;c;aGk= Ruiz: ask[2J now"]


def test_ics_to_standard_output_keeps_crlf_and_refuses_the_journal(capsys, db_path, dated):
    code, out, _ = cli(capsys, db_path, "export", "--format", "ics")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR") and len(events(out.encode())) == 5
    code, _, err = cli(capsys, db_path, "export", "--format", "ics", "-o", str(db_path))
    assert code != 0 and "nothing written" in err  # the journal is never overwritten by an export
    assert orjson.loads(db_path.read_bytes())["contacts"]
