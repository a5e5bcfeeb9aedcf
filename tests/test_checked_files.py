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
    """How many times the whole record check ran (at openings, and on each save's data under
    NETJOURNAL_CHECK_SAVES)."""
    runs: list[int] = []
    check = schema.validate

    def counted(data):
        runs.append(1)
        return check(data)

    monkeypatch.setattr(schema, "validate", counted)
    return runs


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


def test_a_listed_file_skips_the_look_at_its_shape_too(tmp_path, monkeypatch):
    path = tmp_path / "journal.json"
    saved_journal(path)
    shapes: list[int] = []
    shape = storage.check_shape
    monkeypatch.setattr(storage, "check_shape", lambda data: shapes.append(1) or shape(data))
    Journal(path).close()
    assert shapes == []
    os.utime(path)
    Journal(path).close()
    assert shapes == [1]


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


def test_the_list_is_written_without_waiting_for_the_disk_and_the_journal_with(tmp_path, monkeypatch):
    """The list is a shortcut: losing it to a power cut costs one check, so its writes skip fsync. The
    journal's save, with the list written at close, still syncs the file and its folder."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    saved_journal(tmp_path / "j.json")
    listed = checked.default_list_path()
    assert orjson.loads(listed.read_bytes())  # it was written
    assert not [path for path in synced if str(listed.parent) in path]
    assert any(path.startswith(str(tmp_path / "j.json.")) for path in synced)  # the journal's temp file
    assert str(tmp_path) in synced  # and its folder


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


def listed_entry(path: Path) -> list:
    return orjson.loads(checked.default_list_path().read_bytes())[os.path.abspath(path)]


def test_bytes_changed_without_the_filesystem_knowing_are_checked_and_refused(tmp_path):
    """A bit flipped by a failing disk changes the bytes but no figure of the stat: the checksum tells."""
    path = tmp_path / "journal.json"
    saved_journal(path)
    clean = listed_entry(path)
    raw = path.read_bytes()
    damaged = raw.replace(b'"key_influencer":false', b'"key_influencer":"no!"', 1)
    assert len(damaged) == len(raw) and damaged != raw
    with open(path, "r+b") as handle:
        handle.write(damaged)
    # As the disk would leave it: the listed figures those of the file as it now is, the checksum the clean one.
    now = os.stat(path)
    listed = orjson.loads(checked.default_list_path().read_bytes())
    listed[os.path.abspath(path)] = [clean[0], *checked.identity(now), clean[-2], clean[-1]]
    checked.default_list_path().write_bytes(orjson.dumps(listed))
    with pytest.raises(JournalDamaged) as refused:
        Journal(path)
    assert str(path) in str(refused.value) and "key_influencer" in str(refused.value)
    assert path.read_bytes() == damaged  # never written


def test_a_list_that_is_a_fifo_or_a_link_to_a_device_never_blocks_an_opening(tmp_path, record_checks):
    import threading

    path = tmp_path / "journal.json"
    saved_journal(path)
    listed = checked.default_list_path()
    for make in (lambda: os.mkfifo(listed), lambda: listed.symlink_to("/dev/zero")):
        listed.unlink()
        make()
        opened: list[Journal] = []
        opening = threading.Thread(target=lambda: opened.append(Journal(path)), daemon=True)
        opening.start()
        opening.join(timeout=10)
        assert opened, "the opening hung on the list"
        assert [c.name for c in opened[0].contacts()] == ["Ana Ruiz"]
        opened[0].close()


def test_the_app_lists_its_saves_after_them_with_their_checksum(tmp_path, record_checks):
    path = tmp_path / "journal.json"
    saved_journal(path)
    journal = Journal(path)
    journal.shorten_saves()  # as the app: what can wait is done by a thread after the save
    journal.add_contact(Contact(name="Ben Okafor"))
    journal.close()  # waits for that thread
    assert listed_entry(path)[1:6] == checked.identity(os.stat(path))
    record_checks.clear()
    assert [c.name for c in Journal(path).contacts()] == ["Ana Ruiz", "Ben Okafor"]
    assert record_checks == []


def test_a_save_that_encrypts_the_journal_keeps_no_plain_copy_under_a_temp_name(tmp_path, monkeypatch):
    from netjournal.core import storage as storage_module

    path = tmp_path / "journal.json"
    saved_journal(path)
    kept: list[Path] = []
    monkeypatch.setattr(storage_module, "remove_quietly", lambda paths: kept.extend(paths))  # never removed
    journal = Journal(path)
    journal.shorten_saves()
    journal.encrypt("correct horse battery staple")
    journal.close()
    assert kept == [] and not list(tmp_path.glob("*.tmp"))
    journal = Journal(path, passphrase="correct horse battery staple")
    journal.shorten_saves()
    journal.add_contact(Contact(name="Ben Okafor"))  # an ordinary save again: the old (sealed) file kept a moment
    journal.close()
    assert len(kept) == 1 and kept[0].read_bytes().startswith(path.read_bytes()[:8])


def test_in_the_app_a_plain_copy_put_back_by_a_sync_tool_never_lives_on_beside_the_encrypted_journal(
        tmp_path, monkeypatch):
    """Found in review: a sync tool puts back an older plain copy; the app keeps its own (encrypted) version and
    saves it over that copy. The plain copy must go in the rename, not live on under a temp name until the thread
    after the save removes it (a netjournal killed in between would leave it)."""
    import shutil

    from netjournal.core import storage as storage_module

    path = tmp_path / "journal.json"
    journal = Journal(path)
    journal.add_contact(Contact(name="Ana Ruiz", notes="SECRET-NOTE health"))
    shutil.copy2(path, tmp_path / "old-plain.json")  # the sync tool's older copy, from before encryption
    journal.encrypt("correct horse battery staple")
    journal.add_contact(Contact(name="Ben Okafor"))
    journal.shorten_saves()
    pending: list = []
    monkeypatch.setattr(storage_module.SafeJSONStorage, "_after_save", lambda self, jobs: pending.extend(jobs))
    os.replace(tmp_path / "old-plain.json", path)
    journal.refresh()  # keeps both: ours as the journal, theirs as a conflict copy, each sealed
    for each in tmp_path.iterdir():
        if each.is_file() and each.name != "journal.json.lock":
            assert b"SECRET-NOTE" not in each.read_bytes(), each.name
    assert not list(tmp_path.glob("*.tmp"))


def test_a_fifo_in_the_journals_place_at_a_save_never_blocks_it(tmp_path):
    """The replaced file's form is read from its second name without blocking: a FIFO is never kept."""
    import threading

    path = tmp_path / "journal.json"
    saved_journal(path)
    journal = Journal(path)
    fifo = tmp_path / "journal.json.aaaaaaaaaaaa.tmp"
    os.mkfifo(fifo)
    answers: list[bool] = []
    asking = threading.Thread(target=lambda: answers.append(journal._storage._in_the_form_saved(fifo)), daemon=True)
    asking.start()
    asking.join(timeout=10)
    assert answers == [False]
    assert journal._storage._in_the_form_saved(path) is True  # the plain journal, as a plain save writes it
