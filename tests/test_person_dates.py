"""A person's dates and follow-ups where they are read: the person view's facts, `netjournal show` (text and
JSON), the Markdown export; and `netjournal add/edit --birthday`."""

from __future__ import annotations

import json

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, FollowUp, ImportantDate
from netjournal.reports.markdown import journal_markdown
from netjournal.reports.person import person_json, person_text, person_view

from .conftest import TODAY, run_cli

# TODAY is Wednesday 25 November 2026.


def ana_with_dates(journal: Journal) -> Contact:
    return journal.add_contact(Contact(name="Ana Ruiz", dates=[
        ImportantDate("birthday", "1984-11-29"),  # Sunday: turns 42
        ImportantDate("anniversary", "2010-06-20", "wedding"),
        ImportantDate("other", "--12-01", "Started at Acme"),
    ]))


def test_dates_in_the_person_view_details(journal):
    ana = ana_with_dates(journal)
    facts = [(f.label, f.text) for f in person_view(journal, ana.id).details()]
    assert ("Birthday", "29 Nov 1984 · turns 42 on Sunday") in facts
    assert ("Wedding anniversary", "20 Jun 2010 · 17 years on Sun 20 Jun 2027") in facts
    assert ("Started at Acme", "1 Dec · in 6 days") in facts


def test_a_birthday_without_a_year_says_how_far_away_it_is(journal):
    ben = journal.add_contact(Contact(name="Ben", dates=[ImportantDate("birthday", "--11-25")]))
    assert ("Birthday", "25 Nov · today") in [(f.label, f.text) for f in person_view(journal, ben.id).details()]


def test_follow_ups_open_and_recently_done_in_text_and_json(journal):
    ana = ana_with_dates(journal)
    later = journal.add_follow_up(FollowUp(ana.id, "send the article", "2026-11-27"))
    late = journal.add_follow_up(FollowUp(ana.id, "ask about Leeds", "2026-11-20"))
    done = journal.add_follow_up(FollowUp(ana.id, "book the table", "2026-11-10"))
    journal.complete_follow_up(done.id, on=TODAY.replace(day=24))
    old = journal.add_follow_up(FollowUp(ana.id, "long done", "2026-09-01"))
    journal.complete_follow_up(old.id, on=TODAY.replace(month=9, day=2))  # too long ago to list
    view = person_view(journal, ana.id)
    assert [f.id for f in view.follow_ups] == [late.id, later.id, done.id]
    text = person_text(view)
    assert (f"Follow-ups\n  ask about Leeds (overdue 5d) [{late.id}]\n  send the article (due Friday) [{later.id}]\n"
            f"  book the table (done 2026-11-24) [{done.id}]\n") in text
    assert "long done" not in text
    data = person_json(view)
    assert [(f["id"], f["open"], f["text"]) for f in data["follow_ups"]] == [
        (late.id, True, "overdue 5d"), (later.id, True, "due Friday"), (done.id, False, "done 2026-11-24")]
    assert data["dates"][0] == {"kind": "birthday", "date": "1984-11-29", "label": "", "what": "birthday",
                                "next": "2026-11-29", "years": 42, "days_away": 4, "text": "turns 42 on Sunday"}
    assert data["dates"][2]["years"] is None and data["dates"][2]["label"] == "Started at Acme"


def test_markdown_export_has_dates_and_open_follow_ups(journal):
    ana = ana_with_dates(journal)
    journal.add_follow_up(FollowUp(ana.id, "send the article", "2026-11-27"))
    done = journal.add_follow_up(FollowUp(ana.id, "book the table", "2026-11-10"))
    journal.complete_follow_up(done.id)
    page = journal_markdown(journal)
    section = page.split("### Ana Ruiz", 1)[1]
    assert "Birthday: 29 Nov 1984\nWedding anniversary: 20 Jun 2010\nStarted at Acme: 1 Dec" in section
    assert "#### Follow-ups\n\n- by 2026-11-27: send the article" in section
    assert "book the table" not in page  # done: no longer something to do


def test_show_json_from_the_command_line(db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = ana_with_dates(journal)
        follow_up = journal.add_follow_up(FollowUp(ana.id, "send the article", "2026-11-27"))
    result = run_cli("--db", str(db_path), "show", "Ana", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["text"] for d in data["dates"]] == ["turns 42 on Sunday", "wedding anniversary (17 years) on Sun 20 "
                                                  "Jun 2027", "Started at Acme in 6 days"]
    assert data["follow_ups"][0]["id"] == follow_up.id
    shown = run_cli("--db", str(db_path), "show", "Ana")
    assert "Birthday: 29 Nov 1984 · turns 42 on Sunday" in shown.stdout


def test_add_and_edit_with_a_birthday(db_path):
    added = run_cli("--db", str(db_path), "add", "Ana Ruiz", "--birthday", "04-12")
    assert added.returncode == 0, added.stderr
    saved = json.loads(db_path.read_text())
    (ana,) = saved["contacts"].values()
    assert ana["dates"] == [{"kind": "birthday", "date": "--04-12", "label": ""}]
    edited = run_cli("--db", str(db_path), "edit", "Ana", "--birthday", "1985-04-12", "--anniversary", "2010-06-20")
    assert edited.returncode == 0, edited.stderr
    (ana,) = json.loads(db_path.read_text())["contacts"].values()
    assert ana["dates"] == [{"kind": "birthday", "date": "1985-04-12", "label": ""},
                            {"kind": "anniversary", "date": "2010-06-20", "label": ""}]
    cleared = run_cli("--db", str(db_path), "edit", "Ana", "--birthday", "")
    assert cleared.returncode == 0, cleared.stderr
    (ana,) = json.loads(db_path.read_text())["contacts"].values()
    assert ana["dates"] == [{"kind": "anniversary", "date": "2010-06-20", "label": ""}]


def test_a_bad_date_names_its_flag_and_writes_nothing(db_path):
    run_cli("--db", str(db_path), "add", "Ana Ruiz")
    before = db_path.read_bytes()
    for args in (("add", "Ben", "--birthday", "1985-13-01"), ("add", "Ben", "--birthday", "12/04/1985"),
                 ("edit", "Ana", "--birthday", "02-30"), ("edit", "Ana", "--anniversary", "soon")):
        result = run_cli("--db", str(db_path), *args)
        flag = args[2]
        assert result.returncode == 2 and result.stdout == "", args
        assert result.stderr.startswith(f"netjournal: {flag}: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert db_path.read_bytes() == before
