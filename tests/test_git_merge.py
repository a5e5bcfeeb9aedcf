"""A journal kept in git: `netjournal merge-driver %O %A %B %P` merges two branches' journals record by record
(git runs it as the README's .gitattributes paragraph says), and a three-way merge against the common ancestor
(`plan_merge(base=...)`) settles what stamps cannot: records written before schema 7."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from netjournal.core.copies import plan_merge
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, tombstone_key

from .conftest import TODAY, run_cli
from .test_copies import opened, records

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=repo, capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository holding journal.json (Ana, Ben, Cleo) with the driver set up as the README says, and a
    branch `desktop` made from it."""
    repo = tmp_path / "notes"
    repo.mkdir()
    assert git(repo, "init", "-q").returncode == 0
    (repo / ".gitattributes").write_text("journal.json merge=netjournal\n")
    (repo / ".gitignore").write_text("journal.json.*\n")  # the backups and the lock stay on this machine
    driver = f"{sys.executable} -m netjournal merge-driver %O %A %B %P"
    git(repo, "config", "merge.netjournal.name", "netjournal journal")
    git(repo, "config", "merge.netjournal.driver", driver)
    with opened(repo / "journal.json", "laptop", monkeypatch) as journal:
        for name in ("Ana Ruiz", "Ben Okafor", "Cleo Park"):
            journal.add_contact(Contact(name=name, notes=f"{name.split()[0]}'s notes"))
    commit(repo, "first")
    assert git(repo, "branch", "desktop").returncode == 0
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    done = git(repo, "commit", "-q", "-m", message)
    assert done.returncode == 0, done.stderr


def people(path: Path) -> dict[str, dict]:
    return {doc["name"]: doc for doc in orjson.loads(path.read_bytes())["contacts"].values()}


def edit(path: Path, device: str, monkeypatch, name: str, **fields) -> None:
    with opened(path, device, monkeypatch) as journal:
        (person,) = [c for c in journal.contacts() if c.name == name]
        for key, value in fields.items():
            setattr(person, key, value)
        journal.update_contact(person)


def test_git_merges_two_branches_journals_record_by_record(repo, monkeypatch):
    journal = repo / "journal.json"
    git(repo, "checkout", "-q", "desktop")
    with opened(journal, "desktop", monkeypatch) as opened_journal:
        opened_journal.add_contact(Contact(name="Dana Lee"))
        (ben,) = [c for c in opened_journal.contacts() if c.name == "Ben Okafor"]
        opened_journal.forget_contact(ben.id)
    edit(journal, "desktop", monkeypatch, "Ana Ruiz", notes="desktop notes")
    commit(repo, "desktop")
    git(repo, "checkout", "-q", "main")
    with opened(journal, "laptop", monkeypatch) as opened_journal:
        opened_journal.add_contact(Contact(name="Eli Stone"))
    edit(journal, "laptop", monkeypatch, "Ana Ruiz", notes="laptop notes")
    edit(journal, "laptop", monkeypatch, "Cleo Park", title="Head of Data")
    commit(repo, "laptop")

    beside = sorted(p.name for p in repo.iterdir())
    merged = git(repo, "merge", "--no-edit", "desktop")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "netjournal merged journal.json: 1 person added; 1 person changed; 1 person removed" in merged.stderr
    assert "1 field changed differently on both branches" in merged.stderr
    found = people(journal)
    assert set(found) == {"Ana Ruiz", "Cleo Park", "Dana Lee", "Eli Stone"}  # Ben forgotten on the desktop
    assert found["Cleo Park"]["title"] == "Head of Data"
    assert found["Ana Ruiz"]["notes"] in ("desktop notes", "laptop notes")
    with Journal(journal, today=lambda: TODAY) as opened_journal:
        (conflict,) = opened_journal.conflicts()
    assert {conflict["kept"], conflict["other"]} == {"desktop notes", "laptop notes"}
    assert git(repo, "status", "--porcelain").stdout == ""  # committed: no conflict left to git
    assert sorted(p.name for p in repo.iterdir()) == beside  # the driver left nothing in the work tree


def test_files_that_cannot_be_merged_leave_ours_and_a_conflict_for_git(repo, tmp_path):
    ours = repo / "journal.json"
    before = ours.read_bytes()
    not_a_journal = tmp_path / "theirs.json"
    not_a_journal.write_text("{broken")
    ancestor = tmp_path / "base.json"
    ancestor.write_bytes(before)
    done = run_cli("merge-driver", str(ancestor), str(ours), str(not_a_journal), "journal.json")
    assert done.returncode == 1
    assert "is not a journal" in done.stderr and "git reports a conflict in journal.json" in done.stderr
    assert "Traceback" not in done.stderr
    assert ours.read_bytes() == before


def test_the_driver_without_an_ancestor_still_merges(repo, tmp_path, monkeypatch):
    """Both branches added the journal apart: git gives an empty ancestor."""
    ours = repo / "journal.json"
    theirs = tmp_path / "theirs.json"
    shutil.copy(ours, theirs)
    with opened(theirs, "desktop", monkeypatch) as journal:
        journal.add_contact(Contact(name="Dana Lee"))
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    done = run_cli("merge-driver", str(empty), str(ours), str(theirs), env={"NETJOURNAL_DEVICE": "laptop"})
    assert done.returncode == 0, done.stderr
    assert "Dana Lee" in people(ours)


# --- the three-way merge itself (no git) -------------------------------------------------------------------


def unstamped(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("updated_at", "device", "versions", "fields")}


def old_tables(tmp_path, monkeypatch) -> dict:
    """Three people as a netjournal from before schema 7 left them: no stamps, no tombstones."""
    path = tmp_path / "base.json"
    with opened(path, "laptop", monkeypatch) as journal:
        for name in ("Ana Ruiz", "Ben Okafor", "Cleo Park"):
            journal.add_contact(Contact(name=name, notes="as it was"))
    data = orjson.loads(path.read_bytes())
    data["contacts"] = {k: unstamped(v) for k, v in data["contacts"].items()}
    data.pop("_save", None)
    data["tombstones"] = {}
    return data


def by_name(data: dict) -> dict[str, tuple[str, dict]]:
    return {doc["name"]: (doc_id, doc) for doc_id, doc in data["contacts"].items()}


def copy_of(data: dict) -> dict:
    return orjson.loads(orjson.dumps(data))


def test_the_ancestor_says_which_side_changed_records_without_stamps(tmp_path, monkeypatch):
    base = old_tables(tmp_path, monkeypatch)
    ours, theirs = copy_of(base), copy_of(base)
    ana_key, _ = by_name(theirs)["Ana Ruiz"]
    theirs["contacts"][ana_key]["notes"] = "changed there"  # an older netjournal: no stamps
    cleo_key, _ = by_name(ours)["Cleo Park"]
    ours["contacts"][cleo_key]["notes"] = "changed here"

    without = plan_merge(ours, theirs, device="laptop", now="2026-12-03T10:00:00.000+00:00")
    assert without.conflicts  # two unstamped versions: nothing says which is newer

    plan = plan_merge(ours, theirs, device="laptop", now="2026-12-03T10:00:00.000+00:00", base=base)
    assert plan.conflicts == []
    assert [doc["notes"] for doc in plan.put["contacts"]] == ["changed there"]  # Cleo's change here stays


def test_the_ancestor_says_what_a_side_deleted_unless_the_other_changed_it(tmp_path, monkeypatch):
    base = old_tables(tmp_path, monkeypatch)
    ours, theirs = copy_of(base), copy_of(base)
    ben_key, ben = by_name(base)["Ben Okafor"]
    cleo_key, cleo = by_name(base)["Cleo Park"]
    ana_key, ana = by_name(base)["Ana Ruiz"]
    del theirs["contacts"][ben_key]  # deleted there, as it was here: goes
    del theirs["contacts"][cleo_key]  # deleted there, but changed here: stays
    ours["contacts"][cleo_key]["notes"] = "changed here"
    del ours["contacts"][ana_key]  # deleted here, as it was there: stays deleted

    plan = plan_merge(ours, theirs, device="laptop", now="2026-12-03T10:00:00.000+00:00", base=base)
    assert plan.drop["contacts"] == [ben["id"]]
    assert plan.put["contacts"] == []
    stones = {(s["table"], s["record"]) for s in plan.tombstones}
    assert stones == {("contacts", tombstone_key("contacts", ben["id"])),
                      ("contacts", tombstone_key("contacts", ana["id"]))}
    # Merged the other way round, the same records result.
    back = plan_merge(theirs, ours, device="desktop", now="2026-12-03T10:00:00.000+00:00", base=base)
    assert back.drop["contacts"] == [ana["id"]] and [d["id"] for d in back.put["contacts"]] == [cleo["id"]]


def test_a_v6_journal_in_git_merges_through_its_ancestor(tmp_path, monkeypatch):
    """The copy from tests/data (schema 6) as ancestor and theirs, a v7 ours: no --old-copy needed."""
    v6 = Path(__file__).parent / "data" / "journal-v6.json"
    ours = tmp_path / "journal.json"
    shutil.copy(v6, ours)
    with opened(ours, "laptop", monkeypatch) as journal:
        journal.add_contact(Contact(name="Dana Lee"))
    before = records(ours)
    done = run_cli("merge-driver", str(v6), str(ours), str(v6), env={"NETJOURNAL_DEVICE": "laptop"})
    assert done.returncode == 0, done.stderr
    assert records(ours) == before  # theirs is the ancestor: nothing to take in, nothing brought back


def test_an_encrypted_journal_merges_in_git_and_stays_encrypted(tmp_path, monkeypatch):
    passphrase = "correct horse battery staple"
    ours = tmp_path / "journal.json"
    with opened(ours, "laptop", monkeypatch) as journal:
        journal.add_contact(Contact(name="Ana Ruiz"))
        journal.encrypt(passphrase)
    base, theirs = tmp_path / "base.json", tmp_path / "theirs.json"
    shutil.copy(ours, base)
    shutil.copy(ours, theirs)
    monkeypatch.setenv("NETJOURNAL_DEVICE", "desktop")
    with Journal(theirs, today=lambda: TODAY, passphrase=passphrase) as journal:
        journal.add_contact(Contact(name="Dana Lee"))
    done = run_cli("merge-driver", str(base), str(ours), str(theirs), "journal.json",
                   env={"NETJOURNAL_DEVICE": "laptop", "NETJOURNAL_PASSPHRASE_CMD": f"echo '{passphrase}'"})
    assert done.returncode == 0, done.stderr
    assert b"Dana Lee" not in ours.read_bytes() and b"Ana Ruiz" not in ours.read_bytes()
    with Journal(ours, today=lambda: TODAY, passphrase=passphrase) as journal:
        assert {c.name for c in journal.contacts()} == {"Ana Ruiz", "Dana Lee"}
    wrong = run_cli("merge-driver", str(base), str(ours), str(theirs), "journal.json",
                    env={"NETJOURNAL_PASSPHRASE_CMD": "echo wrong"})
    assert wrong.returncode == 1 and "git reports a conflict in journal.json" in wrong.stderr


@pytest.mark.parametrize("note_writes", [1, 2])
def test_two_branches_of_one_clone_keep_each_field_either_changed(repo, monkeypatch, note_writes):
    """Both branches are written on this machine, under one device name: the counts of writes say one version
    covers the other (two writes against one), or that each saw the other's (one against one). The ancestor
    says which fields each changed: both changes are kept, and nothing is listed as changed on both."""
    journal = repo / "journal.json"
    git(repo, "checkout", "-q", "desktop")
    if note_writes == 2:
        edit(journal, "laptop", monkeypatch, "Ana Ruiz", notes="first try")  # a typo mended next
    edit(journal, "laptop", monkeypatch, "Ana Ruiz", notes="runs marathons")
    commit(repo, "notes")
    git(repo, "checkout", "-q", "main")
    edit(journal, "laptop", monkeypatch, "Ana Ruiz", title="Head of Data")
    commit(repo, "title")
    merged = git(repo, "merge", "--no-edit", "desktop")
    assert merged.returncode == 0, merged.stderr
    ana = people(journal)["Ana Ruiz"]
    assert (ana["title"], ana["notes"]) == ("Head of Data", "runs marathons")
    assert "changed differently" not in merged.stderr
    assert not orjson.loads(journal.read_bytes()).get("conflicts")


def test_changes_of_two_branches_that_do_not_fit_together_are_listed_not_lost(tmp_path, monkeypatch):
    """One branch made a conversation something passed on (one person only); the other added a second person.
    Both cannot hold: the version kept stays whole, and the other branch's change is listed for the person."""
    base_path = tmp_path / "base.json"
    with opened(base_path, "laptop", monkeypatch) as journal:
        ana, ben = journal.add_contact(Contact(name="Ana Ruiz")), journal.add_contact(Contact(name="Ben Okafor"))
        talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="the marathon"))
    ours, theirs = tmp_path / "ours.json", tmp_path / "theirs.json"
    shutil.copy(base_path, ours)
    shutil.copy(base_path, theirs)
    with opened(ours, "laptop", monkeypatch) as journal:
        journal.update_interaction(dataclasses.replace(journal.interaction(talk.id), kind="share"))
    with opened(theirs, "laptop", monkeypatch) as journal:
        journal.update_interaction(dataclasses.replace(journal.interaction(talk.id), topics="the marathon, Berlin"))
        journal.update_interaction(dataclasses.replace(journal.interaction(talk.id), with_=[ana.id, ben.id]))
    loaded = {name: orjson.loads(path.read_bytes()) for name, path in
              (("base", base_path), ("ours", ours), ("theirs", theirs))}
    plan = plan_merge(loaded["ours"], loaded["theirs"], device="laptop", now="2026-12-03T10:00:00.000+00:00",
                      base=loaded["base"], valid=lambda table, doc: not (doc.get("kind") == "share"
                                                                         and len(doc.get("with", [])) > 1))
    (kept,) = plan.put["interactions"]
    listed = {conflict.field: conflict.other for conflict in plan.conflicts}
    # Each branch's change is in the record kept, or listed: ours made it a share, theirs added Ben and Berlin.
    assert kept["kind"] == "share" or listed.get("kind") == "share"
    assert kept["with"] == [ana.id, ben.id] or listed.get("with") == [ana.id, ben.id]
    assert kept["topics"] == "the marathon, Berlin" or listed.get("topics") == "the marathon, Berlin"
    assert listed  # they cannot all be in one record


def test_branches_encrypted_differently_are_not_merged(repo, tmp_path, monkeypatch):
    """A plain branch taking in an encrypted one would commit the journal plain again (or bring an old
    passphrase back): refused, and git reports a conflict."""
    ours = repo / "journal.json"
    theirs = tmp_path / "theirs.json"
    shutil.copy(ours, theirs)
    with opened(theirs, "desktop", monkeypatch) as journal:
        journal.add_contact(Contact(name="Dana Lee", notes="her diagnosis"))
        journal.encrypt("correct horse battery staple")
    before = ours.read_bytes()
    done = run_cli("merge-driver", str(ours), str(ours), str(theirs), "journal.json",
                   env={"NETJOURNAL_PASSPHRASE_CMD": "echo 'correct horse battery staple'"})
    assert done.returncode == 1 and "encrypted differently" in done.stderr
    assert ours.read_bytes() == before and b"diagnosis" not in before
