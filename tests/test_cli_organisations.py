"""Organisations and links on the command line: org add|list|show|edit|issue|resolve, add --org
--decision-maker, link and unlink, as a person (text) and a script (--json) use them; checked on screen, in the
exit status and on disk."""

from __future__ import annotations

import json

import orjson
import pytest

from netjournal.cli import main
from netjournal.core.journal import Journal
from netjournal.core.model import Interaction

from .conftest import TODAY


def cli(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def on_disk(db, table: str) -> list[dict]:
    return list(orjson.loads(db.read_bytes()).get(table, {}).values())


@pytest.fixture
def network(capsys, db_path):
    """Northgate (Ana decides, Bo reports to her) and the City Council (Kwame alone there)."""
    for args in (("add", "Ana Ruiz", "--org", "Northgate Inc.", "--decision-maker"),
                 ("add", "Bo Lind", "--org", "NORTHGATE"),
                 ("add", "Kwame Mensah", "--org", "City Council", "--title", "Director")):
        assert cli(capsys, db_path, *args)[0] == 0
    return db_path


def test_people_added_with_an_org_share_one_organisation(network, capsys):
    orgs = on_disk(network, "organisations")
    assert sorted(o["name"] for o in orgs) == ["City Council", "Northgate Inc."]
    people = {c["name"]: c for c in on_disk(network, "contacts")}
    assert people["Ana Ruiz"]["org_id"] == people["Bo Lind"]["org_id"] != people["Kwame Mensah"]["org_id"]
    assert people["Ana Ruiz"]["decision_maker"] is True and people["Bo Lind"]["decision_maker"] is False
    assert people["Bo Lind"]["org"] == "NORTHGATE"


def test_org_add_list_and_show(network, capsys):
    code, out, err = cli(capsys, network, "org", "add", "Harbour Health", "--kind", "partner", "--rank", "2",
                         "--involvement", "involved", "--mandate", "care closer to home")
    assert (code, out, err) == (0, "Added Harbour Health\n", "")
    assert cli(capsys, network, "org", "edit", "council", "--rank", "1", "--kind", "stakeholder")[0] == 0
    code, out, _ = cli(capsys, network, "org", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["Organisation", "Rank", "Kind", "Involvement", "People", "Last", "This",
                                              "month", "Flags"]
    assert lines[1].startswith("City Council") and "single-threaded" in lines[1] and "no contact this month" in lines[1]
    assert lines[2].startswith("Harbour Health") and lines[2].split()[2:6] == ["2", "partner", "involved", "0"]
    assert lines[3].startswith("Northgate Inc.") and "decision maker never met informally" in lines[3]

    code, out, _ = cli(capsys, network, "org", "list", "--json")
    listed = json.loads(out)
    assert [o["name"] for o in listed] == ["City Council", "Harbour Health", "Northgate Inc."]
    assert listed[2]["people"] == 2 and listed[2]["this_month"] == {"formal": 0, "informal": 0}

    code, out, _ = cli(capsys, network, "org", "show", "harbour")
    assert code == 0 and "care closer to home" in out and "nobody yet" in out


def test_this_months_contact_counts_formal_and_informal_once_per_conversation(network, capsys):
    with Journal(network, today=lambda: TODAY) as journal:
        people = {c.name: c.id for c in journal.contacts()}
        both = [people["Ana Ruiz"], people["Bo Lind"]]
        journal.log_interaction(Interaction(date="2026-11-02", with_=both, formal=True, business=True))
        journal.log_interaction(Interaction(date="2026-11-20", with_=[people["Ana Ruiz"]]))
        journal.log_interaction(Interaction(date="2026-10-31", with_=both))  # last month: not counted
    code, out, _ = cli(capsys, network, "org", "show", "northgate", "--json")
    shown = json.loads(out)
    assert shown["this_month"] == {"formal": 1, "informal": 1} and shown["last_contact"] == "2026-11-20"
    assert "decision maker never met informally" not in shown["flags"]  # Ana was met informally on the 20th
    assert [m["name"] for m in shown["members"]] == ["Ana Ruiz", "Bo Lind"]  # the decision maker first
    assert [t["date"] for t in shown["timeline"]] == ["2026-11-20", "2026-11-02", "2026-10-31"]


def test_org_edit_changes_only_what_is_given_and_renames_people(network, capsys):
    code, out, _ = cli(capsys, network, "org", "edit", "northgate", "--name", "Northgate Holdings", "--mandate",
                       "ports and logistics", "--objectives", "a pilot", "--plan-by", "2027-03-31", "--primary",
                       "ana")
    assert code == 0 and out == "Saved Northgate Holdings: name, mandate, plan\n"
    [org] = [o for o in on_disk(network, "organisations") if o["name"] == "Northgate Holdings"]
    assert org["plan"]["objectives"] == "a pilot" and org["plan"]["by"] == "2027-03-31"
    people = {c["name"]: c for c in on_disk(network, "contacts")}
    assert people["Ana Ruiz"]["org"] == people["Bo Lind"]["org"] == "Northgate Holdings"
    assert org["plan"]["contact_id"] == people["Ana Ruiz"]["id"]


@pytest.mark.parametrize("args, message", [
    (("org", "edit", "northgate", "--rank", "0"), "--rank: must be between 1"),
    (("org", "edit", "northgate", "--every", "0"), "--every: must be a whole number of days"),
    (("org", "edit", "northgate", "--kind", "friend"), "--kind: 'friend' is not one of client"),
    (("org", "edit", "northgate", "--plan-by", "yesterday"), "--plan-by: 'yesterday' is in the past"),
    (("org", "edit", "northgate", "--primary", "nobody"), "--primary: no contact named 'nobody'"),
    (("org", "edit", "northgate", "--name", "City Council"), "--name: 'City Council' is already an organisation"),
    (("org", "edit", "northgate"), "nothing to change"),
    (("org", "add", "city council"), "name: 'City Council' is already an organisation"),
    (("org", "show", "harbour"), "no organisation named 'harbour'"),
    (("org", "resolve", "northgate", "1"), "not one of Northgate Inc.'s issues (none yet)"),
    (("org", "resolve", "northgate", "²"), "not one of Northgate Inc.'s issues"),
    (("org", "edit", "northgate", "--every", "²"), "--every: must be a whole number of days"),
    (("org", "edit", "northgate", "--rank", "²"), "--rank: '²' is not a whole number"),
    (("link", "ana", "ana", "--as", "knows"), "a link is between two different people"),
    (("unlink", "ana", "bo"), "Ana Ruiz and Bo Lind are not linked"),
])
def test_bad_input_is_one_line_and_changes_nothing(network, capsys, args, message):
    before = network.read_bytes()
    code, out, err = cli(capsys, network, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err
    assert network.read_bytes() == before


def test_issues_are_noted_and_resolved(network, capsys):
    code, out, _ = cli(capsys, network, "org", "issue", "council", "the budget is cut", "--date", "mon")
    assert code == 0 and out == "Noted for City Council (2026-11-23): the budget is cut\n"
    code, out, _ = cli(capsys, network, "org", "show", "council")
    assert "2026-11-23  the budget is cut" in out and "open issue not followed up" in out
    code, out, _ = cli(capsys, network, "org", "resolve", "council", "1")
    assert code == 0 and out == "Resolved for City Council: the budget is cut\n"
    [council] = [o for o in on_disk(network, "organisations") if o["name"] == "City Council"]
    assert council["issues"] == [{"date": "2026-11-23", "text": "the budget is cut", "resolved": True}]
    assert "open issue not followed up" not in cli(capsys, network, "org", "show", "council")[1]


def test_links_from_the_command_line(network, capsys):
    code, out, _ = cli(capsys, network, "link", "bo", "ana", "--as", "reports_to", "--note", "since May")
    assert (code, out) == (0, "Linked: Bo Lind reports to Ana Ruiz (since May)\n")
    code, out, _ = cli(capsys, network, "link", "ana", "kwame", "--as", "influences", "--json")
    assert json.loads(out)["text"] == "Ana Ruiz influences Kwame Mensah"
    assert len(on_disk(network, "links")) == 2
    code, out, _ = cli(capsys, network, "show", "ana")
    assert "Links: Bo Lind reports to them (since May); influences Kwame Mensah" in out
    assert "Org: Northgate Inc. · decision maker" in out
    code, out, _ = cli(capsys, network, "show", "kwame", "--json")
    assert [link["text"] for link in json.loads(out)["links"]] == ["influenced by Ana Ruiz"]
    code, out, _ = cli(capsys, network, "unlink", "ana", "bo")
    assert (code, out) == (0, "Removed 1 link between Ana Ruiz and Bo Lind\n")
    assert len(on_disk(network, "links")) == 1


def test_edit_marks_a_decision_maker(network, capsys):
    code, out, _ = cli(capsys, network, "edit", "kwame", "--decision-maker")
    assert (code, out) == (0, "Saved Kwame Mensah: decision-maker\n")
    assert {c["name"]: c["decision_maker"] for c in on_disk(network, "contacts")}["Kwame Mensah"] is True


def test_markdown_export_has_organisations_and_links(network, capsys):
    cli(capsys, network, "org", "edit", "council", "--mandate", "housing", "--rank", "1")
    cli(capsys, network, "link", "bo", "ana", "--as", "reports_to")
    code, out, _ = cli(capsys, network, "export", "--format", "markdown")
    assert code == 0 and "## Organisations" in out and "### City Council" in out and "Mandate: housing" in out
    assert "People: Ana Ruiz (decision maker), Bo Lind" in out
    assert "Links: reports to Ana Ruiz" in out and "Northgate Inc. (decision maker)" in out


def test_org_show_has_the_themes_heard(network, capsys):
    with Journal(network, today=lambda: TODAY) as journal:
        people = {c.name: c.id for c in journal.contacts()}
        ana, bo, kwame = people["Ana Ruiz"], people["Bo Lind"], people["Kwame Mensah"]
        journal.log_interaction(Interaction(date="2026-11-03", with_=[ana], topics="The budget for the pilot"))
        journal.log_interaction(Interaction(date="2026-11-10", with_=[bo], topics="Talked about the meeting",
                                            learned="Their BUDGET is cut"))
        journal.log_interaction(Interaction(date="2026-11-20", with_=[ana, bo], topics="the budget and the pilot"))
        journal.log_interaction(Interaction(date="2026-08-01", with_=[ana], topics="budget"))  # too long ago
        journal.log_interaction(Interaction(date="2026-11-21", with_=[kwame], topics="budget"))  # the Council's
    code, out, _ = cli(capsys, network, "org", "show", "northgate")
    lines = out.splitlines()
    at = lines.index("Themes heard (90 days)")
    assert code == 0 and lines[at - 1] == "" and lines[at + 3] == ""
    assert lines[at + 1:at + 3] == [
        "  budget (3): 2026-11-20 Ana Ruiz, Bo Lind; 2026-11-10 Bo Lind; 2026-11-03 Ana Ruiz",
        "  pilot (2): 2026-11-20 Ana Ruiz, Bo Lind; 2026-11-03 Ana Ruiz",
    ]
    assert lines.index("Issues and trends") < at < lines.index("Plan")
    assert "meeting (" not in out and "talked (" not in out.lower()

    code, out, _ = cli(capsys, network, "org", "show", "northgate", "--json")
    shown = json.loads(out)
    assert [(t["word"], t["count"]) for t in shown["themes"]] == [("budget", 3), ("pilot", 2)]
    assert shown["themes"][0]["sources"][1] == {"id": shown["timeline"][1]["id"], "date": "2026-11-10",
                                                "with": ["Bo Lind"], "topic": "Talked about the meeting"}
    assert [s["with"] for s in shown["themes"][0]["sources"]] == [["Ana Ruiz", "Bo Lind"], ["Bo Lind"],
                                                                  ["Ana Ruiz"]]

    code, out, _ = cli(capsys, network, "org", "show", "council")
    assert "Themes heard (90 days)\n  none yet: a word heard in two conversations or more shows here\n" in out
    assert json.loads(cli(capsys, network, "org", "show", "council", "--json")[1])["themes"] == []


def test_markdown_export_has_the_themes_heard(network, capsys):
    with Journal(network, today=lambda: TODAY) as journal:
        ana = journal.resolve_name("Ana Ruiz")
        for day in ("2026-11-03", "2026-11-20"):
            journal.log_interaction(Interaction(date=day, with_=[ana.id], topics="the housing budget"))
    code, out, _ = cli(capsys, network, "export", "--format", "markdown")
    assert code == 0
    section = out[out.index("### Northgate Inc."):]
    assert "Themes heard (90 days):\n\n- housing budget (2): 2026-11-20 Ana Ruiz; 2026-11-03 Ana Ruiz\n" in section
    assert "Themes heard" not in out[out.index("### City Council"):out.index("### Northgate Inc.")]
