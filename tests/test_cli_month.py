"""`netjournal month`, `month-goal add|list|note|done|drop`, `activities` and `export --format markdown --month`,
as a person (text) and a script (--json) use them; checked on screen, in the exit status and on disk."""

from __future__ import annotations

import json

import orjson
import pytest

from netjournal.cli import main

from .conftest import run_cli


def cli(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def goals_on_disk(db) -> list[dict]:
    return list(orjson.loads(db.read_bytes()).get("month_goals", {}).values())


@pytest.fixture
def network(capsys, db_path):
    """Northgate (Ana, Bo), Kwame at the City Council, talked with in October and November."""
    for args in (("add", "Ana Ruiz", "--org", "Northgate Inc."), ("add", "Bo Lind", "--org", "NORTHGATE"),
                 ("add", "Kwame Mensah", "--org", "City Council"), ("org", "edit", "Northgate", "--rank", "1"),
                 ("log", "--with", "Ana Ruiz", "--date", "2026-10-20", "--formal", "--business", "contract"),
                 ("log", "--with", "Ana Ruiz", "--with", "Bo Lind", "--date", "2026-11-02", "their new site"),
                 ("log", "--with", "Kwame Mensah", "--date", "2026-11-12", "--channel", "event", "the forum")):
        assert cli(capsys, db_path, *args)[0] == 0, args
    return db_path


def test_month_shows_organisations_people_events_and_last_month(network, capsys):
    code, out, _ = cli(capsys, network, "month")
    assert code == 0
    assert out.startswith("Month 2026-11 (1 Nov - 30 Nov 2026, so far)\n")
    assert "Conversations: 2 (2 informal, 0 formal); 2026-10: 1 (0 informal, 1 formal)" in out
    assert "Northgate Inc. (rank 1): 1 (1 informal, 0 formal); 2026-10: 1 (0 informal, 1 formal)" in out
    assert "1 in person; with Ana Ruiz, Bo Lind" in out
    assert "New people met: Bo Lind, Kwame Mensah" in out
    assert "2026-11-12: Kwame Mensah; new: Kwame Mensah" in out
    code, out, _ = cli(capsys, network, "month", "--month", "last")
    assert code == 0 and out.startswith("Month 2026-10 (1 Oct - 31 Oct 2026)\n")


def test_month_json_for_scripts(network, capsys):
    code, out, _ = cli(capsys, network, "month", "--month", "2026-11", "--json")
    data = json.loads(out)
    assert code == 0 and data["month"] == "2026-11" and data["so_far"] is True
    assert data["conversations"]["channels"] == {"in_person": 1, "event": 1}
    assert [o["name"] for o in data["organisations"]] == ["Northgate Inc.", "City Council"]
    assert data["events"][0]["date"] == "2026-11-12" and data["events_this_quarter"] == 1


def test_setting_meeting_and_noting_goals(network, capsys):
    assert cli(capsys, network, "month-goal", "add", "informal", "northgate", "--count", "2")[1] == \
        "Set 2026-11: at least 2 informal contacts with Northgate Inc. (" + goals_on_disk(network)[0]["id"] + ")\n"
    assert cli(capsys, network, "month-goal", "add", "activity", "eep-4")[0] == 0
    assert cli(capsys, network, "month-goal", "add", "own", "Lunch with the new team")[0] == 0
    assert cli(capsys, network, "month-goal", "add", "contacts", "Kwame Mensah", "--month", "next")[0] == 0
    stored = goals_on_disk(network)
    assert [(g["month"], g["kind"], g["count"]) for g in stored] == [
        ("2026-11", "informal", 2), ("2026-11", "activity", 1), ("2026-11", "own", 1), ("2026-12", "contacts", 1)]
    assert stored[3]["contact_id"] and stored[0]["org_id"] and stored[1]["activity_id"] == "EEP-4"

    code, out, _ = cli(capsys, network, "month-goal", "list")
    assert code == 0 and f"{stored[0]['id']}  [open] at least 2 informal contacts with Northgate Inc. (1 of 2)" in out
    # The log meets the count; a note meets the activity; an own goal is ticked by hand.
    assert cli(capsys, network, "log", "--with", "Bo Lind", "lunch")[0] == 0
    talk = [i for i in orjson.loads(network.read_bytes())["interactions"].values() if i["topics"] == "lunch"][0]
    code, out, _ = cli(capsys, network, "month-goal", "note", "EEP-4", "Counted every contact", "--result",
                       "Too few informal", "--conversation", talk["id"])
    assert code == 0 and out.startswith("Noted for 2026-11: practise EEP-4")
    own = stored[2]["id"]
    assert cli(capsys, network, "month-goal", "done", own[:5])[1].startswith("Done 2026-11: Lunch with the new team")
    code, out, _ = cli(capsys, network, "month-goal", "list", "--json")
    assert [(g["kind"], g["met"], g["state"]) for g in json.loads(out)] == [
        ("informal", True, "met"), ("activity", True, "met"), ("own", True, "met")]
    assert goals_on_disk(network)[1]["notes"] == [{"date": "2026-11-25", "action": "Counted every contact",
                                                   "result": "Too few informal", "interaction_ids": [talk["id"]]}]
    code, out, _ = cli(capsys, network, "month")
    assert "Goals: 3 of 3 met" in out and "2026-11-25: Counted every contact -> Too few informal" in out
    assert cli(capsys, network, "month-goal", "drop", stored[3]["id"], "--json")[0] == 0
    assert len(goals_on_disk(network)) == 3


@pytest.mark.parametrize("args, message", [
    (("add", "informal", "Nobody Known"), "no organisation or person named 'Nobody Known'"),
    (("add", "informal"), "name an organisation or a person"),
    (("add", "events", "Northgate"), "takes no name"),
    (("add", "events", "--count", "0"), "count: must be a whole number from 1 to 99"),
    (("add", "events", "--count", "²"), "count: must be a whole number"),
    (("add", "activity", "XX-1"), "XX-1 is not in the catalogue"),
    (("add", "own"), "say what the goal is"),
    (("add", "events", "--month", "2026-13"), "month: '2026-13' is not a month"),
    (("done", "zzzz"), "no goal has an id starting 'zzzz'"),
    (("note", "RB-1", "something"), "no goal practises RB-1 in 2026-11"),
    (("note", "EEP-4", "x", "--conversation", "nope"), "nope"),
    (("note", "EEP-4", "x", "--date", "tomorrow"), "date"),
    (("note", "EEP-4", "   "), "action"),  # saved, a blank action would make the file fail its next load
    (("note", "EEP-4", "x", "--date", "2026-10-31"), "date: a note for a 2026-11 goal is dated in 2026-11"),
    (("add", "contacts", "North"), "contacts: 'North' matches several organisations: Northgate Inc., North Bank"),
])
def test_bad_input_is_one_clear_line_and_changes_nothing(network, capsys, args, message):
    assert cli(capsys, network, "add", "Lena Ek", "--org", "North Bank")[0] == 0
    assert cli(capsys, network, "month-goal", "add", "activity", "EEP-4")[0] == 0
    before = network.read_bytes()
    code, out, err = cli(capsys, network, "month-goal", *args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert network.read_bytes() == before


def test_a_goal_set_again_with_another_count_changes_it(network, capsys):
    assert cli(capsys, network, "month-goal", "add", "informal", "northgate")[0] == 0
    goal = goals_on_disk(network)[0]
    code, out, _ = cli(capsys, network, "month-goal", "add", "informal", "Northgate Inc.", "--count", "3")
    assert code == 0 and out.startswith("Changed the count of 2026-11: at least 3 informal contacts with Northgate")
    (stored,) = goals_on_disk(network)
    assert (stored["id"], stored["count"]) == (goal["id"], 3)
    before = network.read_bytes()
    code, _, err = cli(capsys, network, "month-goal", "add", "informal", "northgate", "--count", "3")
    assert code == 2 and "already has this goal, for 3" in err and network.read_bytes() == before


def test_only_own_goals_are_ticked_by_hand(network, capsys):
    cli(capsys, network, "month-goal", "add", "events")
    goal = goals_on_disk(network)[0]["id"]
    code, _, err = cli(capsys, network, "month-goal", "done", goal)
    assert code == 2 and "met from the log" in err


def test_activities_lists_the_catalogue(capsys, db_path):
    code, out, _ = cli(capsys, db_path, "activities")
    assert code == 0 and out.startswith("Relationship building\n  RB-1 ")
    assert "\nEngaging external partners\n  EEP-1 " in out
    code, out, _ = cli(capsys, db_path, "activities", "--json")
    data = json.loads(out)
    assert len(data) == 30 and set(data[0]) == {"id", "guide", "level", "title", "practice", "evidence"}


def test_export_markdown_for_a_month_and_the_whole_journal(network, capsys, tmp_path):
    cli(capsys, network, "month-goal", "add", "informal", "Northgate")
    code, out, _ = cli(capsys, network, "export", "--format", "markdown", "--month", "2026-11")
    assert code == 0 and out.startswith("# Month 2026-11\n")
    assert "- [x] at least 1 informal contact with Northgate Inc. (1 of 1)" in out
    code, out, _ = cli(capsys, network, "export", "--format", "markdown")
    assert "\n## Monthly goals\n" in out and "\n### Month 2026-11\n" in out
    code, out, _ = cli(capsys, network, "export")
    assert json.loads(out)["month_goals"][0]["kind"] == "informal"
    code, _, err = cli(capsys, network, "export", "--month", "2026-11")
    assert code == 2 and "--month goes with --format markdown" in err


def test_month_in_a_separate_process_lives_on_the_pinned_day(network):
    done = run_cli("--db", str(network), "month")
    assert done.returncode == 0 and done.stdout.startswith("Month 2026-11 ")
