"""SafeJSONStorage's promises, checked on real files: atomic, private, backed up, locked, never overwriting."""

from __future__ import annotations

import errno
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from netjournal.core import migrations
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.core.storage import JournalDamaged, JournalWriteFailed, SafeJSONStorage

from .conftest import TODAY, log


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_and_new_folder_are_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "journal.json"
    with Journal(path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana"))
        journal.add_contact(Contact(name="Ben"))  # a second save makes the day's backup
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    backups = list(path.parent.glob("journal.json.bak-*"))
    assert [b.name for b in backups] == ["journal.json.bak-20261125"]
    assert mode(backups[0]) == 0o600
    assert mode(path.with_name("journal.json.lock")) == 0o600


def test_save_is_atomic_and_leaves_no_temp_file(journal, db_path, ana):
    data = orjson.loads(db_path.read_bytes())
    assert [c["name"] for c in data["contacts"].values()] == ["Ana Ruiz"]
    assert not db_path.with_name("journal.json.tmp").exists()


def test_one_backup_a_day_seven_kept(tmp_path):
    day = [date(2026, 11, 1)]
    path = tmp_path / "journal.json"
    journal = Journal(path, today=lambda: day[0])
    for offset in range(10):
        day[0] = date(2026, 11, 1) + timedelta(days=offset)
        journal.add_contact(Contact(name=f"Person {offset}"))
        journal.add_contact(Contact(name=f"Other {offset}"))
    names = sorted(p.name for p in tmp_path.glob("journal.json.bak-*"))
    assert names == [f"journal.json.bak-202611{d:02d}" for d in range(4, 11)]
    # The backup of a day holds the journal as it was before that day's first save.
    kept = orjson.loads((tmp_path / "journal.json.bak-20261110").read_bytes())
    assert "Other 8" in {c["name"] for c in kept["contacts"].values()}
    assert "Person 9" not in {c["name"] for c in kept["contacts"].values()}


def test_the_day_s_backup_is_the_replaced_file_itself_not_a_copy(tmp_path):
    """The backup is a second name for the file the first save of the day replaces: byte for byte what was on
    disk, its own file once the save is done, private."""
    path = tmp_path / "journal.json"
    with Journal(path, today=lambda: TODAY - timedelta(days=1)) as journal:
        journal.add_contact(Contact(name="Ana"))
    before, inode = path.read_bytes(), path.stat().st_ino
    with Journal(path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ben"))
    backup = path.with_name("journal.json.bak-20261125")
    assert backup.read_bytes() == before and backup.stat().st_ino == inode  # linked, not copied
    assert path.stat().st_ino != inode and path.stat().st_nlink == 1 and backup.stat().st_nlink == 1
    assert b'"Ben"' in path.read_bytes() and mode(backup) == 0o600


def test_a_failed_first_save_leaves_no_backup_tied_to_the_journal(tmp_path, monkeypatch):
    from netjournal.core import file_layout

    path = tmp_path / "journal.json"
    with Journal(path, today=lambda: TODAY - timedelta(days=1)) as journal:
        journal.add_contact(Contact(name="Ana"))
    before = path.read_bytes()
    journal = Journal(path, today=lambda: TODAY)
    real = file_layout.write_all

    def disk_full(fd, payload):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(file_layout, "write_all", disk_full)
    with pytest.raises(JournalWriteFailed, match="No space left"):
        journal.add_contact(Contact(name="Ben"))
    backup = path.with_name("journal.json.bak-20261125")
    assert path.read_bytes() == before and not backup.exists()  # the link was taken back with the save
    monkeypatch.setattr(file_layout, "write_all", real)
    journal.add_contact(Contact(name="Ben"))
    assert backup.read_bytes() == before and backup.stat().st_ino != path.stat().st_ino


def test_without_hard_links_the_backup_is_copied(tmp_path, monkeypatch):
    path = tmp_path / "journal.json"
    with Journal(path, today=lambda: TODAY - timedelta(days=1)) as journal:
        journal.add_contact(Contact(name="Ana"))
    before = path.read_bytes()

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")  # FAT, some network drives
    monkeypatch.setattr(os, "link", no_links)
    with Journal(path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ben"))
    backup = path.with_name("journal.json.bak-20261125")
    assert backup.read_bytes() == before and mode(backup) == 0o600


def test_change_saved_by_another_process_is_kept(db_path, journal, ana):
    other = Journal(db_path, today=lambda: TODAY)
    ben = other.add_contact(Contact(name="Ben Okafor"))
    # The first journal has not seen Ben, but its next save applies on top of the newest file.
    log(journal, [ana], "2026-11-24")
    saved = orjson.loads(db_path.read_bytes())
    assert {c["name"] for c in saved["contacts"].values()} == {"Ana Ruiz", "Ben Okafor"}
    assert len(saved["interactions"]) == 1
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz", "Ben Okafor"]
    # And references are checked against the newest data: Ben exists for the first journal now.
    log(journal, [ben], "2026-11-24")


def test_doc_ids_do_not_collide_after_a_reload(db_path, journal, ana):
    other = Journal(db_path, today=lambda: TODAY)
    for name in ("Ben", "Cleo", "Dev"):
        other.add_contact(Contact(name=name))
    journal.add_contact(Contact(name="Eve"))  # would reuse doc id 2 if the cached next id survived the reload
    assert len(Journal(db_path).contacts()) == 5


def test_a_refresh_picks_up_outside_changes(db_path, journal, ana):
    before = journal.revision
    assert journal.refresh() is False
    Journal(db_path).add_contact(Contact(name="Ben"))
    assert journal.refresh() is True
    assert journal.revision > before
    assert len(journal.contacts()) == 2


def test_full_disk_leaves_the_file_and_memory_as_they_were(db_path, journal, ana, monkeypatch):
    before = db_path.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(JournalWriteFailed, match="No space left on device; the file on disk is unchanged"):
        journal.add_contact(Contact(name="Ben"))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert not db_path.with_name("journal.json.tmp").exists()
    # The failed change does not linger in memory to be saved later by accident.
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
    journal.add_contact(Contact(name="Cleo"))
    assert [c.name for c in Journal(db_path).contacts()] == ["Ana Ruiz", "Cleo"]


def test_a_failed_change_is_not_half_applied(db_path, journal, ana):
    with pytest.raises(ValueError, match="with: no contact with id 'nobody'"):
        journal.log_interaction(Interaction(date="2026-11-24", with_=[ana.id, "nobody"]))
    assert journal.interactions() == []
    assert "interactions" not in orjson.loads(db_path.read_bytes()) or not orjson.loads(
        db_path.read_bytes())["interactions"]


DAMAGED = {
    "truncated": lambda good: good[: len(good) // 2],
    "garbage": lambda good: b"\x00\xff this is not a journal \x13",
    "newer schema": lambda good: good.replace(
        f'"schema_version":{migrations.SCHEMA_VERSION}'.encode(), b'"schema_version":99'),
    "wrong shape": lambda good: b'{"contacts": [1, 2, 3]}',
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_file_is_named_with_its_backup_and_never_written(db_path, journal, ana, kind):
    journal.add_contact(Contact(name="Ben"))  # makes today's backup
    damaged = DAMAGED[kind](db_path.read_bytes())
    db_path.write_bytes(damaged)
    with pytest.raises(JournalDamaged) as error:
        journal.add_contact(Contact(name="Cleo"))
    message = str(error.value)
    assert str(db_path) in message and "journal.json.bak-20261125" in message
    with pytest.raises(JournalDamaged):
        Journal(db_path)
    # The open journal still shows the last good data, and says what is wrong when asked.
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz", "Ben"]
    with pytest.raises(JournalDamaged):
        journal.refresh()
    assert db_path.read_bytes() == damaged
    if kind == "newer schema":
        assert "newer netjournal (schema 99" in message


def test_storage_alone_reads_what_tinydb_wrote(db_path):
    storage = SafeJSONStorage(db_path)
    with storage.transaction():
        storage.write({"contacts": {"1": {"name": "Ana"}}})
    saved = orjson.loads(db_path.read_bytes())
    assert saved.pop("_save")["1"]["id"]  # the save id, first in the file
    assert saved == {"contacts": {"1": {"name": "Ana"}}}
    assert storage.read() == {"contacts": {"1": {"name": "Ana"}}}


def test_a_change_with_the_same_inode_mtime_and_size_is_still_seen(db_path, journal, ana):
    """Inodes alternate between saves and some filesystems keep mtimes to the second: the save id decides."""
    other = Journal(db_path)
    other.add_contact(Contact(name="Ben"))
    stamp = os.stat(db_path)
    other.update_contact(other.resolve_name("Ben"))  # a change of the same size
    os.utime(db_path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    journal.add_contact(Contact(name="Cleo"))
    assert {c.name for c in Journal(db_path).contacts()} == {"Ana Ruiz", "Ben", "Cleo"}


@pytest.mark.parametrize("how", ["removed", "emptied"])
def test_a_file_that_vanishes_while_open_is_not_recreated_from_memory(db_path, journal, ana, how):
    if how == "removed":
        db_path.unlink()
    else:
        db_path.write_bytes(b"")
    with pytest.raises(JournalDamaged, match="disappeared|emptied"):
        journal.add_contact(Contact(name="Ben"))
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]  # still shown, never written
    assert not db_path.exists() or db_path.read_bytes() == b""


def test_a_journal_behind_a_symlink_is_saved_where_it_lives(tmp_path):
    real = tmp_path / "synced" / "journal.json"
    real.parent.mkdir()
    link = tmp_path / "journal.json"
    Journal(real).add_contact(Contact(name="Ana"))
    link.symlink_to(real)
    Journal(link).add_contact(Contact(name="Ben"))
    assert link.is_symlink()
    assert {c.name for c in Journal(real).contacts()} == {"Ana", "Ben"}


def test_a_write_refused_for_a_busy_lock_does_not_linger(db_path, journal, ana):
    from filelock import FileLock
    from tinydb import TinyDB

    from netjournal.core.storage import InPlaceTable, JournalBusy

    class DB(TinyDB):
        table_class = InPlaceTable

    raw = DB(db_path, storage=SafeJSONStorage, lock_timeout=0.1)
    table = raw.table("contacts")
    with FileLock(str(db_path) + ".lock"):  # somebody else is saving
        with pytest.raises(JournalBusy, match="being saved by another netjournal"):
            table.insert({"name": "PHANTOM"})
    journal.add_contact(Contact(name="Ben"))
    table.insert({"name": "Cleo"})
    names = {doc["name"] for doc in orjson.loads(db_path.read_bytes())["contacts"].values()}
    assert names == {"Ana Ruiz", "Ben", "Cleo"}
