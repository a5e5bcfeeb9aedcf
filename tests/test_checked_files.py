"""Opening a journal skips the record check only for a file this netjournal checked or saved and nobody touched since."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest

from netjournal.core import checked, schema, storage
from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.core.storage import JournalDamaged


@pytest.fixture
def record_checks(monkeypatch):
    """How many times the whole record check ran (and the look at the file's shape before it)."""
    shapes: list[int] = []

    class Runs(list):
        def clear(self) -> None:
            super().clear()
            shapes.clear()

    runs = Runs()
    check, shape = schema.validate, storage.check_shape

    def counted(data):
        runs.append(1)
        return check(data)

    def shape_counted(data):
        shapes.append(1)
        return shape(data)

    monkeypatch.setattr(schema, "validate", counted)
    monkeypatch.setattr(storage, "check_shape", shape_counted)
    yield runs
    assert len(shapes) == len(runs)  # the two go together: a listed file skips both


def saved_journal(path: Path) -> None:
    journal = Journal(path)
    journal.add_contact(Contact(name="Ana Ruiz", notes="runs marathons"))
    journal.close()


def test_a_file_netjournal_saved_opens_without_the_record_check(tmp_path, record_checks):
    path = tmp_path / "journal.json"
    saved_journal(path)
    record_checks.clear()
    journal = Journal(path)
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
    assert record_checks == []


def test_a_file_checked_once_is_not_checked_again_until_it_changes(tmp_path, record_checks):
    path = tmp_path / "journal.json"
    saved_journal(path)
    os.utime(path)  # touched by another program: a new change time
    record_checks.clear()
    Journal(path).close()
    assert record_checks == [1]
    Journal(path).close()
    assert record_checks == [1]


def test_a_file_edited_in_place_to_the_same_size_and_time_is_checked_and_refused(tmp_path):
    """The adversary's edit: a field made the wrong type, padded to the same size, the modification time put back.
    Only the change time (which no program can set back) tells, and it is enough."""
    path = tmp_path / "journal.json"
    saved_journal(path)
    before = os.stat(path)
    raw = path.read_bytes()
    damaged = raw.replace(b'"cadence_days":null', b'"cadence_days":"x" ', 1)
    if damaged == raw:  # the default cadence is a number
        damaged = raw.replace(b'"key_influencer":false', b'"key_influencer":"no!"', 1)
    assert damaged != raw and len(damaged) == len(raw)
    with open(path, "r+b") as handle:  # in place: the same inode
        handle.write(damaged)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    with pytest.raises(JournalDamaged) as refused:
        Journal(path)
    assert str(path) in str(refused.value)


def test_a_file_put_in_place_by_another_program_is_checked(tmp_path, record_checks):
    path = tmp_path / "journal.json"
    saved_journal(path)
    copy = tmp_path / "copy.json"
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)  # the same bytes under another inode, as a sync tool puts a file
    record_checks.clear()
    Journal(path).close()
    assert record_checks == [1]


def test_a_damaged_or_foreign_list_only_means_checking_again(tmp_path, record_checks):
    path = tmp_path / "journal.json"
    saved_journal(path)
    listed = checked.default_list_path()
    for content in (b"", b"not json", b"[1, 2]", orjson.dumps({os.path.abspath(path): "nonsense"})):
        listed.write_bytes(content)
        record_checks.clear()
        journal = Journal(path)
        assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
        journal.close()
        assert record_checks == [1]
    record_checks.clear()
    Journal(path).close()  # the list was written anew by the opening that checked
    assert record_checks == []


def test_another_version_of_netjournal_checks_again(tmp_path, record_checks, monkeypatch):
    path = tmp_path / "journal.json"
    saved_journal(path)
    monkeypatch.setattr("netjournal.__version__", "9.9.9")
    record_checks.clear()
    Journal(path).close()
    assert record_checks == [1]


def test_the_list_is_private_and_kept_short(tmp_path):
    for n in range(checked.JOURNALS_KEPT + 3):
        saved_journal(tmp_path / f"j{n}.json")
    listed = checked.default_list_path()
    assert stat.S_IMODE(os.stat(listed).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(listed.parent).st_mode) == 0o700
    kept = orjson.loads(listed.read_bytes())
    assert len(kept) == checked.JOURNALS_KEPT
    assert os.path.abspath(tmp_path / f"j{checked.JOURNALS_KEPT + 2}.json") in kept  # the newest stays
    assert os.path.abspath(tmp_path / "j0.json") not in kept
    assert not list(listed.parent.glob("*.tmp"))


def test_an_unwritable_state_folder_changes_nothing_but_speed(tmp_path, record_checks, monkeypatch):
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    path = tmp_path / "journal.json"
    saved_journal(path)
    record_checks.clear()
    journal = Journal(path)
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
    assert record_checks == [1]
