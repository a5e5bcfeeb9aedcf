"""The command line reads what it writes: list, show, search, archive, unarchive and edit, as a person (text) and a
script (--json) use them, each in its own process on a journal in tmp_path; checked on screen and on disk."""

from __future__ import annotations

import json

import orjson
import pytest

from netjournal.core.journal import Journal
from netjournal.core.model import STAMPS, Contact, Rating
from netjournal.reports.person import GIVEN_TITLE, LEARNED_TITLE, RECEIVED_TITLE

from .conftest import TODAY, run_cli
from .test_person_view import value_network


def netjournal(db, *args: str):
    return run_cli(*args, "--db", str(db))


def on_disk(db) -> dict[str, list[dict]]:
    return {table: list(docs.values()) for table, docs in orjson.loads(db.read_bytes()).items()}


def person_on_disk(db, name: str) -> dict:
    return next(c for c in on_disk(db)["contacts"] if c["name"] == name)


@pytest.fixture
def network(db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        people = value_network(journal)
        journal.add_contact(Contact(name="José Álvarez", org="Northgate", tags=["Golf", "chess"], cadence_days=7,
                                    created_at="2026-10-01T09:00:00+00:00"))
        journal.add_contact(Contact(name="Dana Old", tags=["golf"], archived=True))
        journal.add_contact(Contact(name="Anders Berg"))  # "a" is Ana Ruiz or him
        journal.rate(Rating(contact_id=people["ben"].id, date="2026-10-01", score=2, improve_by="2026-11-01"))
    return db_path


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and result.stderr.count("\n") == 1 and result.stderr.startswith("netjournal: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


# --- list -----------------------------------------------------------------------------------------------------


def test_list_everyone_as_the_contacts_pane_does(network):
    result = netjournal(network, "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Name", "Org", "Last", "Rating", "Due"]
    assert [line.split("  ")[0] for line in lines[1:-1]] == ["Ana Ruiz", "Anders Berg", "Ben Okafor", "Cleo Park",
                                                          "José Álvarez"]
    assert lines[3].split() == ["Ben", "Okafor", "4d", "ago", "2", "adequate", "improve!"]
    assert lines[5].split()[-2:] == ["48d", "late"]  # every 7 days, added on 1 October, never met
    assert lines[-1] == "5 people, 2 due"


def test_list_by_tag_due_and_archived(network):
    golf = netjournal(network, "list", "--tag", "GOLF")  # any case
    assert [line.split("  ")[0] for line in golf.stdout.splitlines()[1:-1]] == ["José Álvarez"]
    both = netjournal(network, "list", "--tag", "golf", "--archived")
    assert [line.split("  ")[0] for line in both.stdout.splitlines()[1:-1]] == ["Dana Old (archived)", "José Álvarez"]
    due = netjournal(network, "list", "--due")
    assert [line.split("  ")[0] for line in due.stdout.splitlines()[1:-1]] == ["José Álvarez", "Ben Okafor"]
    nobody = netjournal(network, "list", "--tag", "sailing")
    assert (nobody.returncode, nobody.stdout) == (0, "Nobody matches.\n")


def test_list_as_json(network):
    result = netjournal(network, "list", "--archived", "--json")
    assert result.returncode == 0, result.stderr
    people = json.loads(result.stdout)["people"]
    stored = {c["name"]: c["id"] for c in on_disk(network)["contacts"]}
    assert [(p["name"], p["id"]) for p in people] == [(name, stored[name]) for name in
                                                      ("Ana Ruiz", "Anders Berg", "Ben Okafor", "Cleo Park", "Dana Old",
                                                       "José Álvarez")]
    assert list(people[0]) == ["id", "name", "org", "title", "tags", "key_influencer", "archived", "cadence_days",
                               "last_contact", "rating", "due_on", "improve_by_passed", "due"]
    ben, jose = people[2], people[5]
    assert (ben["rating"], ben["improve_by_passed"], ben["due"]) == (2, "2026-11-01", True)
    assert (jose["last_contact"], jose["due_on"], jose["due"], jose["tags"]) == (None, "2026-10-08", True,
                                                                                 ["Golf", "chess"])
    assert people[4]["archived"] is True and people[4]["due"] is False


# --- show -----------------------------------------------------------------------------------------------------


def test_show_is_the_person_view_as_text(network):
    result = netjournal(network, "show", "ana")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Ana Ruiz\nOrg: Harbour Health\n")
    assert f"{LEARNED_TITLE}\n  2026-11-10  moving to Leeds in May\n  2026-11-02  runs with her daughter\n" in out
    assert (f"{GIVEN_TITLE}\n  2026-11-21  You introduced them to Ben Okafor: both run the data team\n"
            "  2026-11-18  Passed on: Golf drills (https://example.org/golf)\n  2026-11-10  the ward figures\n") in out
    assert f"{RECEIVED_TITLE}\n  2026-11-02  a race discount\n              They introduced you to Cleo Park\n" in out
    assert ("  2026-11-10  in person  business              you   (with Ben Okafor) budget review · "
            "learned: moving to Leeds in May · you gave: the ward figures\n") in out


def test_show_as_json_names_people_by_id_and_name(network):
    result = netjournal(network, "show", "Ana Ruiz", "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    stored = person_on_disk(network, "Ana Ruiz")
    assert (shown["id"], shown["name"], shown["notes"]) == (stored["id"], "Ana Ruiz", stored["notes"])
    ben = person_on_disk(network, "Ben Okafor")
    assert shown["value_given"][0]["people"] == [{"id": ben["id"], "name": "Ben Okafor"}]
    assert [e["text"] for e in shown["learned"]] == ["moving to Leeds in May", "runs with her daughter"]
    talks = {i["id"]: i for i in on_disk(network)["interactions"]}
    for entry in shown["learned"]:
        assert talks[entry["interaction_id"]]["learned"] == entry["text"]  # the conversation it came from


def test_show_finds_a_name_through_resolve_name_and_says_when_it_cannot(network):
    assert netjournal(network, "show", "José Álvarez").stdout.startswith("José Álvarez\n")
    one_line_error(netjournal(network, "show", "nobody"), "no contact named 'nobody'")
    one_line_error(netjournal(network, "show", "Ana Ruis"), "did you mean Ana Ruiz?")
    one_line_error(netjournal(network, "show", "a", "--json"), "'a' matches several contacts")


# --- search ---------------------------------------------------------------------------------------------------


def test_search_every_kind_of_record(network):
    result = netjournal(network, "search", "leeds")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["2 found for “leeds”", "", "Conversations (2)",
                                          "  2026-11-10  Ana Ruiz, Ben Okafor", "    moving to Leeds in May",
                                          "  2026-11-20  Ana Ruiz", "    ask about Leeds"]  # as the journal finds them
    result = netjournal(network, "search", "golf", "--json")
    found = json.loads(result.stdout)
    assert found["query"] == "golf"
    kinds = [(hit["kind"], hit["title"]) for hit in found["hits"]]
    assert ("contact", "Ana Ruiz") in kinds and ("share", "Golf drills") in kinds
    ana = person_on_disk(network, "Ana Ruiz")
    hit = next(h for h in found["hits"] if h["kind"] == "contact" and h["title"] == "Ana Ruiz")
    assert hit["id"] == ana["id"] and hit["people"] == [{"id": ana["id"], "name": "Ana Ruiz"}]
    assert list(hit) == ["kind", "id", "title", "snippet", "people"]


def test_search_finding_nothing_and_searching_for_nothing(network):
    nothing = netjournal(network, "search", "sailing", "regatta")
    assert (nothing.returncode, nothing.stdout) == (0, "Nothing mentions “sailing regatta”\n")
    one_line_error(netjournal(network, "search", "  "), "search: give a word to look for")


# --- archive and unarchive ------------------------------------------------------------------------------------


def test_archive_and_bring_back(network):
    result = netjournal(network, "archive", "cleo")
    assert (result.returncode, result.stdout) == (0, "Archived Cleo Park\n")
    assert person_on_disk(network, "Cleo Park")["archived"] is True
    assert "Cleo Park" not in netjournal(network, "list").stdout
    again = netjournal(network, "archive", "Cleo Park", "--json")
    assert json.loads(again.stdout) == {"id": person_on_disk(network, "Cleo Park")["id"], "name": "Cleo Park",
                                        "archived": True, "changed": False}
    back = netjournal(network, "unarchive", "Cleo Park")
    assert (back.returncode, back.stdout) == (0, "Restored Cleo Park\n")
    assert person_on_disk(network, "Cleo Park")["archived"] is False
    before = network.read_bytes()
    one_line_error(netjournal(network, "archive", "nobody"), "no contact named 'nobody'")
    assert network.read_bytes() == before


# --- edit -----------------------------------------------------------------------------------------------------


def test_edit_changes_only_the_fields_given(network):
    before = person_on_disk(network, "José Álvarez")
    result = netjournal(network, "edit", "José Álvarez", "--org", "Harbour Health", "--title", "Data lead",
                        "--tag", "sailing", "--untag", "GOLF", "--every", "14", "--key-influencer", "--level", "up",
                        "--role", "supporter", "--introduced-by", "ana", "--notes", "Two kids; sails at weekends")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Saved José Álvarez: org, title, level, tag, notes, introduced-by, key-influencer, "
                             "every, role\n")
    after = person_on_disk(network, "José Álvarez")
    assert (after["org"], after["title"], after["level"], after["tags"], after["cadence_days"]) == (
        "Harbour Health", "Data lead", "up", ["chess", "sailing"], 14, )
    assert after["key_influencer"] is True and after["roles"] == ["supporter"]
    assert after["introduced_by"] == person_on_disk(network, "Ana Ruiz")["id"]
    assert after["notes"] == "Two kids; sails at weekends"
    organisations = orjson.loads(network.read_bytes())["organisations"].values()
    assert after["org_id"] == next(o["id"] for o in organisations if o["name"] == "Harbour Health")
    untouched = {k: v for k, v in before.items() if k not in (
        "org", "org_id", "title", "level", "tags", "cadence_days", "key_influencer", "roles", "introduced_by",
        "notes", *STAMPS)}
    assert {k: after[k] for k in untouched} == untouched and after["updated_at"] >= before["updated_at"]


def test_edit_clears_a_field_renames_and_reports_as_json(network):
    result = netjournal(network, "edit", "josé", "--org", "", "--every", "", "--name", "José María Álvarez",
                        "--no-key-influencer", "--json")
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    after = person_on_disk(network, "José María Álvarez")
    assert (saved["id"], saved["name"], saved["changed"]) == (after["id"], "José María Álvarez",
                                                              ["name", "org", "cadence_days"])
    assert saved["person"] == {k: v for k, v in after.items() if k not in STAMPS or k == "updated_at"}
    assert (after["org"], after["cadence_days"]) == ("", None)
    same = netjournal(network, "edit", "José María Álvarez", "--org", "")
    assert (same.returncode, same.stdout) == (0, "José María Álvarez already has those details; nothing saved\n")


@pytest.mark.parametrize(("args", "words"), [
    (["--email", "jose-at-home"], ["--email: 'jose-at-home' is not an email address"]),
    (["--every", "weekly"], ["--every: 'weekly' is not a whole number of days"]),
    (["--every", "0"], ["--every: must be between 1 and 3650 days"]),
    (["--side", "sideways"], ["--side: 'sideways' is not one of internal, external"]),
    (["--role", "oracle"], ["--role: 'oracle' is not one of"]),
    (["--untag", "sailing"], ["--untag: José Álvarez has no interest 'sailing'"]),
    (["--drop-role", "ally"], ["--drop-role: José Álvarez does not have the role 'ally'"]),
    (["--name", " "], ["--name: must not be empty"]),
    (["--name", "ana ruiz"], ["--name: Ana Ruiz is already in the journal; add --duplicate"]),
    (["--introduced-by", "nobody"], ["--introduced-by: no contact named 'nobody'"]),
    (["--org", "x", "--every", "weekly"], ["--every: 'weekly'"]),  # one bad value: the good one is not saved either
    ([], ["edit: nothing to change; give a field such as --org ORG"]),
])
def test_edit_with_a_bad_value_names_the_field_and_changes_nothing(network, args, words):
    before = network.read_bytes()
    one_line_error(netjournal(network, "edit", "josé", *args), *words)
    assert network.read_bytes() == before


def test_edit_of_someone_who_is_not_there(network):
    before = network.read_bytes()
    one_line_error(netjournal(network, "edit", "nobody", "--org", "x"), "no contact named 'nobody'")
    one_line_error(netjournal(network, "edit", "a", "--org", "x", "--json"), "'a' matches several contacts")
    assert network.read_bytes() == before


def test_a_wrong_option_is_usage_with_exit_2(network):
    result = netjournal(network, "list", "--colour")
    assert result.returncode == 2 and "unrecognized arguments: --colour" in result.stderr


def test_edit_when_another_netjournal_changed_the_same_field_meanwhile(network, monkeypatch, capsys):
    """Another window saves Ana's org between this command reading her and saving: nothing is overwritten."""
    from netjournal.cli import main

    resolve = Journal.resolve_name

    def resolve_then_another_window_saves(journal, name):
        found = resolve(journal, name)
        with Journal(network, today=lambda: TODAY) as other:
            other.edit_contact(found, Contact(**{**found.to_record(), "org": "Tidewater"}))
        return found

    monkeypatch.setattr(Journal, "resolve_name", resolve_then_another_window_saves)
    code = main(["--db", str(network), "edit", "ana", "--org", "Northgate"])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1
    assert "Ana Ruiz was changed by another netjournal meanwhile (Organisation); nothing saved" in err
    assert person_on_disk(network, "Ana Ruiz")["org"] == "Tidewater"  # the other window's save stands
