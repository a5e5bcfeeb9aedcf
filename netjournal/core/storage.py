"""SafeJSONStorage: the TinyDB storage that keeps the journal file safe.

Promises (DESIGN section 4):
- every save is atomic: a temp file with a random name beside the journal (created O_EXCL | O_NOFOLLOW, so a
  planted symlink is never followed), fsync, os.replace, fsync of the folder; temp files an interrupted save left
  behind are removed at the next save;
- files are created 0600 and every folder we create 0700: the journal holds notes about real people; a journal or
  backup that others could read is made private when it is opened, and the person is told (`notices`);
- before the first save of each day the previous file is kept as `journal.json.bak-YYYYMMDD` (a hard link to the
  file the save replaces; a copy where links are not possible), seven kept; only the very file that loaded cleanly
  is ever kept, so a damaged or emptied file never pushes a good backup out;
- a save serialises only the documents that changed and copies the rest from the previous file (file_layout.py);
  what it writes is still exactly orjson.dumps of the data;
- every save records a counter and the ids of the saves before it. A file that is not a descendant of what this
  process last saw (an older copy put back by a sync tool, or a fork) is never adopted silently: both versions are
  kept, the one further along as the journal and the other as a conflict copy beside it, and `notices` says so;
- every save happens inside `transaction()`, which holds a lock file beside the journal and reloads the file
  first if anybody else changed it, so a change is applied on top of the newest data, never over it;
- a damaged file (empty, not JSON, wrong shape, newer schema) is never written; the error names the file and backup;
- every record is checked when a file is opened, except in a file this netjournal checked or saved itself and that
  nobody has touched since (checked.py): its device, inode, size, both times, save id and checksum unchanged;
- in the app, the file a save replaces is removed by a thread just after the save, so that freeing its blocks is
  not part of the person's wait (`remove_old_later`), if that file is in the form the save writes (plain, or
  sealed with the same header); the same thread lists the new file as checked.
"""

from __future__ import annotations

import gc
import glob
import itertools
import os
import re
import shlex
import stat
import threading
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from ..common import clock, crash
from ..common.files import (FILE_MODE, expand_path, make_private_folder, remove_quietly, replace_privately,
                            write_all, write_private_atomically)
from .checked import CheckedFiles, identity, read_regular
from .crypto import (EncryptedJournal, EncryptionDamaged, JournalKey, WrongPassphrase, is_sealed, key_id_of,
                     sealed_save_id, unlock)
from .shared_keys import give_back_freed_memory, key_sharing_holder, refill
from .file_layout import (FileLayout, PlainRope, SaveMismatch, SourceChanged, TableLayout, check_written,
                          checking_saves, mismatches)
from .errors import (  # noqa: F401 - SchemaProblem is raised by the prepare hooks this storage runs
    JournalBusy,
    JournalConflict,
    JournalDamaged,
    JournalError,
    JournalWriteFailed,
    SchemaProblem,
)

BACKUPS_KEPT = 7
# Every save writes a fresh random id as the file's first bytes. Inode, mtime and size can all repeat
# (inodes alternate between two saves; some filesystems keep mtimes to the second), the id does not.
SAVE_ID_KEY = "_save"
_SAVE_ID = re.compile(rb'^\{"_save":\{"1":\{"id":"([0-9a-f]{16})"')
_SAVE_ID_TEXT = re.compile(r"^[0-9a-f]{16}$")
# The save record also holds `seq` (how many saves led here) and `prev` (the first 8 characters of the ids of the
# saves before, newest first), so that a reload can tell a later version of what we saw from an older copy or a fork.
# An open netjournal looks every second; one that missed more saves than this cannot tell, and keeps both.
SAVES_REMEMBERED = 500
SHORT_ID = 8
# Names of the files netjournal writes beside the journal; only these are ever rotated or cleaned away.
_BACKUP_NAME = re.compile(r"\.bak-\d{8}$")
_CONFLICT_NAME = re.compile(r"\.conflict-\d{8}-\d{6}-[0-9a-f]{4}\.")
MERGED_KEPT = 7  # copies taken in by `netjournal merge --found`, kept beside the journal as backups are
_MERGED_NAME = re.compile(r"\.merged-\d{8}-\d{6}-[0-9a-f]{4}")
REFILL_BATCH = 1000  # documents hold_in_less_memory() refills between two looks at what it was given (~1.5 ms)


def _stem_and_suffix(path: Path) -> tuple[str, str]:
    stem, dot, suffix = path.name.rpartition(".")
    return (stem, suffix) if dot else (path.name, "json")


def found_copies_of(path: Path) -> list[Path]:
    """The other copies of the journal beside it, oldest first: what a sync tool keeps when two devices changed
    the file apart, and the conflict copies netjournal keeps itself. For journal.json:
    - Syncthing: journal.sync-conflict-20261202-101112-ABCDEF1.json
    - Dropbox: journal (Ana's conflicted copy 2026-12-02).json
    - Nextcloud, ownCloud: journal (conflicted copy 2026-12-02 101112).json
    - netjournal: journal.conflict-20261202-101112-a1b2.json
    Only regular files, never through a symbolic link."""
    stem, suffix = _stem_and_suffix(path)
    names = (
        (glob.escape(stem) + ".sync-conflict-*." + glob.escape(suffix),
         re.compile(re.escape(stem) + r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\." + re.escape(suffix))),
        (glob.escape(stem) + " (*conflicted copy*)." + glob.escape(suffix),
         re.compile(re.escape(stem) + r" \([^()]*conflicted copy[^()]*(\(\d+\))?\)\." + re.escape(suffix))),
        (glob.escape(stem) + ".conflict-*." + glob.escape(suffix),
         re.compile(re.escape(stem) + _CONFLICT_NAME.pattern + re.escape(suffix))),
    )
    found: dict[Path, float] = {}
    for pattern, exact in names:
        for candidate in path.parent.glob(pattern):
            try:
                info = candidate.lstat()
            except OSError:
                continue
            if exact.fullmatch(candidate.name) and stat.S_ISREG(info.st_mode):
                found[candidate] = info.st_mtime
    return sorted(found, key=lambda each: (found[each], each.name))


def merged_copies_of(path: Path) -> list[Path]:
    """Copies `netjournal merge --found` took in, moved aside: journal.json.merged-20261202-101112-a1b2."""
    return sorted(p for p in path.parent.glob(glob.escape(path.name) + ".merged-*")
                  if _MERGED_NAME.fullmatch(p.name[len(path.name):]))


def put_aside_merged(path: Path, copy: Path) -> Path:
    """Move a copy that was merged into the journal beside it under a name of its own, private, and keep the
    newest MERGED_KEPT of them: nothing is deleted the moment it is merged."""
    from datetime import datetime

    while True:
        target = path.with_name(f"{path.name}.merged-{datetime.now():%Y%m%d-%H%M%S}-{os.urandom(2).hex()}")
        if not os.path.lexists(target):
            break
    os.rename(copy, target)
    os.chmod(target, FILE_MODE)
    for old in merged_copies_of(path)[:-MERGED_KEPT]:
        try:
            old.unlink()
        except OSError:
            pass
    return target
_TEMP_NAME = re.compile(r"\.(bak-\d{8}\.)?[0-9a-f]{12}\.tmp$")


Prepare = Callable[[dict[str, Any]], dict[str, Any]]


def check_shape(data: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """A TinyDB file is an object of tables, each an object of documents keyed by doc id."""
    if not isinstance(data, dict):
        raise SchemaProblem(f"expected an object of tables, found {type(data).__name__}")
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise SchemaProblem(f"table {table_name!r} is not an object")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise SchemaProblem(f"document {doc_id} of table {table_name!r} is not an object")
    return data


def remove_stray_temp_files(path: Path) -> None:
    """Temp files an interrupted save or backup left beside the journal: each is a full plaintext copy of it.

    Called with the journal's lock held, when no other netjournal can be in the middle of writing one.
    """
    stem = path.name.rpartition(".")[0] or path.name
    candidates = [*path.parent.glob(glob.escape(path.name) + ".*.tmp"),  # journal.json.<random>.tmp, .bak-<day>...
                  *path.parent.glob(glob.escape(stem) + ".conflict-*.tmp")]  # a conflict copy being written
    for stray in candidates:
        rest = stray.name[len(path.name):] if stray.name.startswith(path.name + ".") else ""
        conflict = stray.name.startswith(stem + ".conflict-") and _TEMP_NAME.search(stray.name)
        if _TEMP_NAME.fullmatch(rest) or conflict:  # only names we make: never another journal's temp file
            try:
                stray.unlink()
            except OSError:
                pass
    try:
        path.with_name(path.name + ".tmp").unlink()  # the fixed name older versions used
    except OSError:
        pass


class SafeJSONStorage(Storage):
    """TinyDB storage over one JSON file, cached in memory and re-read only when it changes."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        prepare: Prepare | None = None,
        prepare_checked: Prepare | None = None,
        lock_timeout: float = 5.0,
        today: Callable[[], date] = clock.today,
        make_private: bool = True,
        passphrase: str | JournalKey | None = None,
    ) -> None:
        super().__init__()
        self.path = _journal_path(path)
        self._prepare = prepare or check_shape
        # For a file known to pass `prepare` as it is (checked.py): its cheap part alone, the schema upgrade.
        self._prepare_checked = prepare_checked
        self._checked = CheckedFiles() if prepare_checked is not None else None
        self._lock_timeout = lock_timeout
        self._lock: Any = None  # made at the first save: reading needs no lock, and start-up stays quick
        self._today = today
        self._data: dict[str, Any] = {}
        self._stamp: tuple[int, int, int] | None = None  # (inode, mtime_ns, size) of what `_data` holds
        self._save_id: bytes | None = None  # the save id of what `_data` holds
        self._head_id: bytes | None = None  # the save id a 64-byte read of that file finds (None if re-indented)
        self._kept: dict[Any, Path] = {}  # versions already kept as a conflict copy, so none is written twice
        self._seq: int | None = None  # how many saves led to what `_data` holds; None for a file without the count
        self._earlier: list[str] = []  # the ids of the saves before it, newest first
        self._loaded = False
        self._existed = False  # once the file existed, its disappearing is damage, not a new journal
        self._depth = 0
        self._dirty = False
        self._layout = FileLayout()  # where each run of documents is in the file last saved; see file_layout
        # An encrypted journal (crypto.py): its key once unlocked, and the passphrase to unlock it the first time
        # (or a key unlocked already, by a recovery key or by `check`, so that it is not derived twice).
        # Every save, backup and conflict copy of an encrypted journal is sealed with the key.
        self._passphrase = passphrase
        self._key: JournalKey | None = None
        self._plain: PlainRope | None = None  # the plain bytes of the last encrypted save, for the next to reuse
        self.on_reload: list[Callable[[], None]] = []
        self._share_keys = False  # set by hold_in_less_memory(): every later load is refilled the same way
        self._refilling: Iterator[int] | None = None  # the refill hold_in_less_memory() has yet to finish
        self._holders: dict[str, type] = {}  # per table, the class whose instance dicts share its keys
        # Set by the app, where a person waits for each save: the file a save replaces is removed by a thread
        # after it, not in the rename (see replace_privately). The command line and tests keep it in the rename.
        self.remove_old_later = False
        self._removing: threading.Thread | None = None
        self._list_at_close: Callable[[], None] | None = None  # see _flush
        # Things the person should be told once (a file made private, a conflict copy kept); see take_notices().
        self.notices: list[str] = []
        self._make_folder()
        self._load()
        if make_private:
            self._make_files_private()
            self._tell_plain_companions()

    def take_notices(self) -> list[str]:
        taken, self.notices = self.notices, []
        return taken

    # --- what TinyDB calls -------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        if self._depth == 0:
            try:
                self.refresh()
            except JournalError:
                # Keep showing the last good data; saving stays refused (transaction() reloads and raises)
                # and an explicit refresh() reports the damage (or the busy lock, or the unreadable file).
                pass
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self._depth > 0:
            if data is not self._data:
                self._layout.forget()  # not the tables the layout follows
            self._data = data
            self._dirty = True
            return
        # A write outside a transaction was computed from data that may be stale; only save if it is not.
        try:
            with self.transaction(reload=False):
                if self.changed_on_disk():
                    raise JournalConflict(f"{self.path} changed on disk; reload before saving")
                if data is not self._data:
                    self._layout.forget()
                self._data = data
                self._dirty = True
        except BaseException:
            self._loaded = False  # TinyDB already changed the cached data; forget it
            raise

    def close(self) -> None:
        self._finish_removing()
        if self._list_at_close is not None:
            listing, self._list_at_close = self._list_at_close, None
            listing()

    def _finish_removing(self) -> None:
        if self._removing is not None:
            self._removing.join()
            self._removing = None

    def _in_the_form_saved(self, replaced: Path) -> bool:
        """Is the file a save replaces in the form the save writes: plain, or sealed with this very header (key
        and passphrases)? Only then may it live on a moment under a second name. Else, if netjournal were killed
        then, that copy would be plain beside an encrypted journal, or open with a passphrase since changed: a
        save over an older plain copy a sync tool put back, over a fork kept sealed, or one that encrypts."""
        found = read_regular(replaced, _HEAD_READ)  # never blocks on a FIFO put in the journal's place
        if found is None:
            return False
        head = found[1]
        if self._key is None:
            return not is_sealed(head)
        first_end = head.find(b"\n") + 1
        header_end = head.find(b"\n", first_end) if first_end else -1
        return (is_sealed(head) and header_end > 0
                and head[first_end:header_end] == self._key.header.render())

    def _after_save(self, jobs: list[Callable[[], None]]) -> None:
        """Run what a save leaves to do: in a thread in the app (`remove_old_later`), else now."""
        if not jobs:
            return
        if self.remove_old_later:
            # Not a daemon: a process that ends right after a save still finishes them before it exits.
            thread = threading.Thread(target=_run_all, args=(jobs,), name="netjournal-after-save")
            try:
                thread.start()
            except RuntimeError:  # no thread to be had (the interpreter is shutting down): do them now
                _run_all(jobs)
                return
            self._removing = thread
        else:
            _run_all(jobs)

    # --- transactions ------------------------------------------------------------------

    @contextmanager
    def transaction(self, reload: bool = True) -> Iterator[None]:
        """Hold the lock for a read-check-write; everything written inside is saved once, at the end."""
        if self._depth > 0:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._locked():
            if reload:
                self.refresh()
            self._depth = 1
            self._dirty = False
            try:
                yield
                if self._dirty:
                    self._flush()
            except BaseException:
                # Memory may hold a half-applied change. The lock is still held, so the file is what this process
                # last saw: read it again now, so that memory is never both untrusted and the last state seen.
                self._loaded = False
                try:
                    self._load()
                except (JournalError, _NotADescendant):
                    pass  # the next read tries again and reports what is wrong
                else:
                    for callback in self.on_reload:  # what was kept of the memory replaced (TinyDB's next ids)
                        callback()
                raise
            finally:
                self._depth = 0
                self._dirty = False

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock file beside the journal (re-entrant within this storage)."""
        from filelock import FileLock, Timeout

        lock_path = Path(str(self.path) + ".lock")
        _refuse_odd_lock_path(lock_path)  # each time: it can be replaced while netjournal is open
        if self._lock is None:
            self._lock = FileLock(str(lock_path), timeout=self._lock_timeout, mode=FILE_MODE)
        try:
            self._lock.acquire()
        except Timeout:
            raise JournalBusy(
                f"{self.path} is being saved by another netjournal; gave up after {self._lock.timeout:g} s "
                f"(lock file {self._lock.lock_file})"
            ) from None
        except OSError as error:
            self._lock = None
            raise JournalWriteFailed(f"could not lock {lock_path}: {error.strerror or error}; nothing was saved") from None
        try:
            yield
        finally:
            self._lock.release()

    def refresh(self) -> bool:
        """Reload the file if somebody else changed it; True when it was reloaded."""
        if self._loaded and not self.changed_on_disk():
            return False
        try:
            self._load()
        except _NotADescendant as found:
            return self._keep_both(found)
        except JournalDamaged:
            self._rescue_memory()
            raise
        for callback in self.on_reload:
            callback()
        return True

    def changed_on_disk(self) -> bool:
        stamp = self._disk_stamp()
        if stamp != self._stamp:
            return True
        return stamp is not None and self._read_save_id() != self._head_id

    def _read_save_id(self) -> bytes | None:
        try:
            with open(self.path, "rb") as handle:
                return _save_id_in(handle.read(64))
        except OSError:
            return None

    # --- encryption ----------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    @property
    def key(self) -> JournalKey | None:
        return self._key

    def set_key(self, key: JournalKey | None) -> None:
        """Seal every save from now on with `key` (None: save plain). Call inside a transaction: its save writes
        the journal anew; `reseal_companions` then brings the backups and conflict copies along."""
        if self._depth == 0:
            raise RuntimeError("set_key is called inside a transaction")
        self._key = key
        self._passphrase = key.passphrase if key is not None else None
        if key is not None:
            crash.leave_out_messages()
        self._layout.forget()
        self._plain = None
        self._dirty = True

    def carry_on_with(self, key: JournalKey) -> bool:
        """Take up the journal again after another netjournal encrypted it (or again, with another passphrase)
        while this one had it open: `key` is the one its passphrase unlocks. Reloads it; True when reloaded."""
        self._key, self._passphrase, self._plain = key, key.passphrase, None
        crash.leave_out_messages()
        self._loaded = False
        return self.refresh()

    def companions(self) -> list[Path]:
        """The files beside the journal that hold its data: its backups and the conflict copies it kept."""
        return self.companions_of(self.path)

    @classmethod
    def companions_of(cls, path: Path) -> list[Path]:
        stem, suffix = _stem_and_suffix(path)
        pattern = glob.escape(stem) + ".conflict-*." + glob.escape(suffix)
        conflicts = sorted(p for p in path.parent.glob(pattern) if _CONFLICT_NAME.search(p.name))
        return [*cls.backups_of(path), *conflicts, *merged_copies_of(path)]

    def reseal_companions(self, previous: JournalKey | None) -> list[Path]:
        """Backups and conflict copies written again as the journal is now: sealed with its key, or plain.

        `previous` opens the ones sealed before (with the same data key, a passphrase change, or the key being
        taken away). A file neither key opens is left as it is and not counted. Returns the files rewritten.
        """
        done: list[Path] = []
        failed: list[str] = []
        with self._locked():
            for each in self.companions():
                try:
                    raw = each.read_bytes()
                    plain = raw
                    if is_sealed(raw):
                        key_id = key_id_of(raw)
                        opener = next((k for k in (self._key, previous) if k is not None
                                       and k.header.key_id == key_id), None)
                        if opener is None:
                            continue
                        plain = opener.open(raw)
                    if self._key is None and plain is raw:
                        continue  # plain already
                    save_id = (_save_id_in(plain[:64]) or os.urandom(8).hex().encode()).decode()
                    write_private_atomically(each, self._key.seal(plain, save_id) if self._key else plain)
                except OSError as error:  # a full disk, a name too long for a temp file beside it
                    failed.append(f"{each} ({error.strerror or error})")
                    continue
                except (EncryptionDamaged, JournalError):
                    failed.append(f"{each} (damaged: it does not open)")
                    continue
                done.append(each)
        if failed:
            now = "encrypted" if self._key is not None else "plain"
            raise JournalWriteFailed(
                f"the journal is {now} now, but {len(failed)} of the files beside it could not be made {now} too: "
                f"{'; '.join(failed)}. They were left as they were; free some space (or move them) and run the "
                "command again")
        return done

    def plain_companions(self) -> list[Path]:
        """Backups and conflict copies that are not encrypted (beside an encrypted journal, each is a leak)."""
        return self.plain_companions_of(self.path)

    @classmethod
    def plain_companions_of(cls, path: Path) -> list[Path]:
        from .crypto import file_is_sealed

        return [each for each in cls.companions_of(path) if not file_is_sealed(each)]

    def _tell_plain_companions(self) -> None:
        if self._key is None:
            return
        plain = self.plain_companions()
        if plain:
            self.notices.append(f"{len(plain)} of the files beside the encrypted journal are not encrypted: "
                                f"{', '.join(str(p) for p in plain)}. Run `netjournal encrypt` to encrypt them")

    # --- an older copy or a fork put in place of the journal ----------------------------------

    def _keep_both(self, found: "_NotADescendant") -> bool:
        """Keep what this process had and what is on disk now: the one further along as the journal.

        Returns True when the data in memory changed (the disk version was adopted).
        """
        with self._locked():
            # Under the lock, look again: another netjournal may have dealt with it already.
            if self._stamp_and_id() != (found.stamp, found.head_id):
                return self.refresh()
            try:
                if self._loaded and (self._seq or 0) >= (found.seq or 0):
                    # The usual case: a sync tool put an older copy back. What we had stays the journal, and the
                    # copy that came in is kept whole beside it first (once, however often saving is retried).
                    copy = self._keep_once(found, lambda target: write_private_atomically(target,
                                                                                          self._as_kept(found.raw)))
                    self._flush(backup=False)
                    self.notices.append(
                        f"{self.path} was replaced by a copy that does not include the latest changes (an older "
                        f"version put back by a sync tool, or a copy edited elsewhere). The journal keeps the newest "
                        f"state; the copy that replaced it is kept as {copy} (`netjournal merge` takes what it "
                        "adds in)."
                    )
                    return False
                # The copy on disk is further along: it stays, and what we had goes beside it. Memory that cannot
                # be trusted (a change had just failed half-way) is kept too: it is still the newest we saw.
                copy = self._keep_once(("ours", self._save_id), self._write_memory_to)
            except OSError as error:
                raise JournalWriteFailed(
                    f"{self.path} was replaced by a version that does not include what this netjournal last saw, "
                    f"and keeping both failed: {error.strerror or error}. Nothing was overwritten; free some space "
                    "and netjournal tries again"
                ) from None
            trusted, held = self._loaded, self._key
            self._adopt(found)
            sealed_again = self._keep_sealed(held)
            self.notices.append(
                f"{self.path} was replaced by a version that does not include some changes this netjournal saw (a "
                f"copy edited elsewhere). The journal now holds that version; what this window had"
                f"{'' if trusted else ' (with a change that had just failed to save)'} is kept as {copy} "
                "(`netjournal merge` takes what it adds in)."
                + (" That version was not encrypted, or under an older passphrase: it is now encrypted as the "
                   "journal was." if sealed_again else "")
            )
        for callback in self.on_reload:
            callback()
        return True

    def _as_kept(self, raw: bytes) -> bytes:
        """A file kept beside an encrypted journal is encrypted: a plain copy that came in is sealed with its key."""
        if self._key is None or is_sealed(raw):
            return raw
        return self._key.seal(raw, (_save_id_in(raw[:64]) or os.urandom(8).hex().encode()).decode())

    def _keep_sealed(self, held: JournalKey | None) -> bool:
        """After adopting a fork: an encrypted journal stays encrypted under the passphrase this window holds. A
        copy edited where it was never encrypted, or sealed with an older header (a passphrase changed here since),
        must not make it plain or bring the old passphrase back. A fork sealed with another data key, which the
        passphrase held opened, is followed as it is. True when the journal was saved again, sealed."""
        if held is None or self._key is held:
            return False
        if self._key is not None and (self._key.header.key_id != held.header.key_id
                                      or self._key.header.render() == held.header.render()):
            return False
        self._key, self._plain = held, None
        self._layout.forget()
        self._flush(backup=False)
        return True

    def _keep_once(self, version: Any, write: Callable[[Path], None]) -> Path:
        key = (version.stamp, version.head_id) if isinstance(version, _NotADescendant) else version
        if key not in self._kept:
            copy = self._conflict_copy_path()
            write(copy)
            self._kept[key] = copy
        return self._kept[key]

    def _rescue_memory(self) -> None:
        """The journal was removed, emptied or damaged while this process held it: keep what it held, once."""
        if not self._loaded or not self._existed:
            return
        key = ("damaged", self._disk_stamp())
        if key in self._kept:
            return
        try:
            copy = self._keep_once(key, self._write_memory_to)
        except OSError as error:
            self.notices.append(f"{self.path} was removed or damaged while netjournal had it open, and what this "
                                f"window holds could not be written beside it: {error.strerror or error}")
            self._kept[key] = self.path
            return
        self.notices.append(f"{self.path} was removed or damaged while netjournal had it open. What this window "
                            f"holds is saved as {copy}; copy it over the journal to carry on from there.")

    def _conflict_copy_path(self) -> Path:
        stem, dot, suffix = self.path.name.rpartition(".")
        if not dot:
            stem, suffix = self.path.name, "json"
        moment = datetime.now().strftime("%Y%m%d-%H%M%S")
        while True:
            copy = self.path.with_name(f"{stem}.conflict-{moment}-{os.urandom(2).hex()}.{suffix}")
            if not os.path.lexists(copy):
                return copy

    def _write_memory_to(self, target: Path) -> None:
        """What this process holds, with its own save record, so that the copy can be recognised later."""
        record = {"id": (self._save_id or os.urandom(8).hex().encode()).decode(), "seq": self._seq or 0,
                  "prev": self._earlier}
        plain = orjson.dumps({SAVE_ID_KEY: {"1": record}, **self._data})
        write_private_atomically(target, self._key.seal(plain, record["id"]) if self._key is not None else plain)

    # --- backups -------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backups of this journal, oldest first."""
        return self.backups_of(self.path)

    @staticmethod
    def backups_of(path: Path) -> list[Path]:
        found = path.parent.glob(glob.escape(path.name) + ".bak-*")
        # Only the names netjournal gives them: a copy the person made (journal.json.bak-old) is never rotated out.
        return sorted(p for p in found if _BACKUP_NAME.fullmatch(p.name[len(path.name):]))

    def newest_backup(self) -> Path | None:
        found = self.backups()
        return found[-1] if found else None

    def _backup_before_first_save_today(self) -> Path | None:
        """Keep the file about to be replaced as the day's backup; the backup's path when it is a hard link.

        The save replaces the journal by rename, so the file on disk now is exactly the backup wanted: a second
        name for it (a hard link) costs one directory entry, where a copy reads and writes the whole journal.
        Where the filesystem has no hard links (some network and FAT drives), it is copied as before.
        """
        if self._stamp is None:
            return None  # nothing on disk yet (a new journal)
        target = self.path.with_name(f"{self.path.name}.bak-{self._today():%Y%m%d}")
        if os.path.lexists(target):
            return None
        linked = self._link_backup(target)
        if not linked:
            raw = self.path.read_bytes()
            # Only the file this process loaded and checked is copied, never one that changed behind its back: a
            # damaged or emptied file must not become a backup and push a good one out.
            if not raw.strip() or self._disk_stamp() != self._stamp or len(raw) != self._stamp[2]:
                raise JournalConflict(f"{self.path} changed on disk while it was being saved; nothing was saved")
            write_private_atomically(target, raw)
        return target if linked else None

    def _rotate_backups(self) -> None:
        for old in self.backups()[:-BACKUPS_KEPT]:
            try:
                old.unlink()
            except OSError:
                pass

    def _unlink_if_still_the_journal(self, linked: Path) -> None:
        """A save that failed before its rename left the backup as the journal itself under a second name: take
        it back, or an edit made in place later would change the backup too (the next save links again). If the
        rename did happen, the link is the only name of the old file: it stays."""
        try:
            if os.stat(linked).st_ino == os.stat(self.path).st_ino:
                linked.unlink()
        except OSError:
            pass

    def _link_backup(self, target: Path) -> bool:
        """The journal linked as `target`, if it is the very file this process loaded (inode, time and size)."""
        try:
            os.link(self.path, target, follow_symlinks=False)
        except (OSError, NotImplementedError):  # no hard links on this drive (FAT, some network shares)
            return False  # the caller copies instead
        try:
            st = os.stat(target, follow_symlinks=False)
            same = (st.st_ino, st.st_mtime_ns, st.st_size) == self._stamp and st.st_size > 0
        except OSError:
            same = False
        if not same:  # replaced behind our back (a sync tool): that file must not become a backup
            try:
                target.unlink()
            except OSError:
                pass
            raise JournalConflict(f"{self.path} changed on disk while it was being saved; nothing was saved")
        return True

    # --- internals -----------------------------------------------------------------------

    def _make_folder(self) -> None:
        try:
            make_private_folder(self.path.parent)
            parent_is_folder, is_folder = self.path.parent.is_dir(), self.path.is_dir()
            odd = self.path.exists() and not self.path.is_file()
        except OSError as error:  # a name too long, a file where a folder should be, a read-only file system
            raise JournalWriteFailed(
                f"cannot use {self.path}: {error.strerror or error}"
                + (f" ({error.filename} is a file)" if isinstance(error, NotADirectoryError) else "")
            ) from None
        if not parent_is_folder:
            raise JournalWriteFailed(f"cannot use {self.path}: {self.path.parent} is not a folder")
        if is_folder:
            raise JournalWriteFailed(f"{self.path} is a folder, not a journal file; give the path of a file")
        if odd:
            raise JournalWriteFailed(f"{self.path} is not a regular file (a device or a pipe); give a journal file")

    def _make_files_private(self) -> None:
        """A journal or backup that others can read is made private now, and the person is told once."""
        for each in [self.path, *self.backups()]:
            try:
                found = stat.S_IMODE(os.stat(each).st_mode)
            except OSError:
                continue
            if not found & 0o077:
                continue
            try:
                os.chmod(each, FILE_MODE)
            except OSError as error:
                self.notices.append(f"{each} can be read by others (mode {found:o}) and could not be made private: "
                                    f"{error.strerror or error}. Run: chmod 600 {shlex.quote(str(each))}")
                continue
            self.notices.append(f"{each} could be read by other users of this computer (mode {found:o}); "
                                f"it is now private (600).")

    def _disk_stat(self) -> os.stat_result | None:
        try:
            return os.stat(self.path)
        except OSError:
            return None

    def _disk_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _stamp_and_id(self) -> tuple[tuple[int, int, int] | None, bytes | None]:
        """The stamp and the 64-byte save id, as `changed_on_disk` compares them."""
        return self._disk_stamp(), self._read_save_id()

    def _load(self) -> None:
        # Parsing makes millions of objects with no cycles between them. The garbage collector stays off until
        # they are frozen: walking the growing heap during the parse can double its time, and switching it back
        # on before the freeze makes the next allocation run a full collection over all of them (25 ms on
        # 50,000 interactions, spent in check_shape).
        with _collector_paused():
            self._load_and_freeze()

    def _load_and_freeze(self) -> None:
        stamp = self._disk_stamp()
        found = _LoadedFile(stamp)
        before = self._disk_stat() if self._checked is not None else None
        unchanged = False  # the bytes read are those of the file `before` describes
        if stamp is None:
            if self._existed:
                raise JournalDamaged(self.path, "the file disappeared while netjournal had it open; it will not "
                                     "be recreated from memory", self.newest_backup())
            data: Any = {}
        else:
            try:
                raw = self.path.read_bytes()
            except OSError as error:
                raise JournalWriteFailed(f"cannot read {self.path}: {error.strerror or error}") from None
            if before is not None:
                after = self._disk_stat()
                unchanged = after is not None and identity(after) == identity(before)
            # The stamp is taken before the read: if the file changes in between, the next read reloads again.
            if not raw.strip():
                # Only a path that does not exist starts a new journal: an empty file lost its content somewhere.
                reason = "the file was emptied while netjournal had it open" if self._existed else "the file is empty"
                raise JournalDamaged(self.path, reason, self.newest_backup())
            found.head_id = _save_id_in(raw[:64])
            found.raw = raw  # as it is on disk: a conflict copy of it is written as it was (sealed or not)
            if is_sealed(raw):
                raw = self._open_sealed(raw, found)
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as error:
                raise JournalDamaged(self.path, f"not valid JSON: {error}", self.newest_backup()) from None
            if isinstance(data, dict):
                found.read_save_record(data.pop(SAVE_ID_KEY, None))
        known = (unchanged and self._checked is not None
                 and self._checked.holds(self.path, before, found.head_id, found.raw))
        try:
            if known and self._prepare_checked is not None:  # its shape and records passed when it was listed
                data = self._prepare_checked(data)
            else:
                data = self._prepare(check_shape(data))
        except SchemaProblem as problem:
            raise JournalDamaged(self.path, str(problem), self.newest_backup()) from None
        if stamp is not None and self._existed and not self._descends_from_ours(found):
            found.data = data
            raise _NotADescendant(found)
        self._data = data
        self._take_identity(found)
        if unchanged and not known and self._checked is not None:
            self._checked.remember(self.path, before, found.head_id, found.raw)
        if self._share_keys:
            self._refill_loaded()
        # A large journal is millions of long-lived objects; without this every full garbage collection
        # walks all of them (70 ms on 50,000 interactions) at random moments. JSON data has no reference
        # cycles, so what a later reload replaces is still freed by reference counting.
        gc.freeze()

    def hold_in_less_memory(self, at_most: int | None = None) -> bool:
        """Hold the documents, now and after every reload, in dicts that share their keys (shared_keys.py): a
        fifth less memory for the loaded journal, for ~1-2 us a document. For a process that keeps the journal
        open (the app), once it has shown it. At most `at_most` documents are refilled per call (None: all), so
        that 250,000 of them (~0.7 s) need not hold up keys in between; True once there is nothing left to do."""
        if not self._share_keys:
            self._share_keys = True
            self._refilling = self._refill_steps(self._data)
        if self._refilling is None:
            return True
        with _collector_paused():
            for done in itertools.accumulate(self._refilling):
                if at_most is not None and done >= at_most:
                    return False
        self._refilling = None
        self._after_refill()
        return True

    def _refill_steps(self, data: dict[str, Any]) -> Iterator[int]:
        """Refill `data` REFILL_BATCH documents at a time, yielding how many each time; stopped when a reload
        replaced it (the reload refilled what it loaded: _refill_loaded)."""
        for name, table in list(data.items()):
            if isinstance(table, dict):
                holder, keys = self._holder(name), list(table)
                for start in range(0, len(keys), REFILL_BATCH):
                    if self._data is not data:
                        return
                    batch = keys[start:start + REFILL_BATCH]
                    refill(table, batch, holder)
                    yield len(batch)

    def _refill_loaded(self) -> None:
        """The data just loaded, refilled at once, as the app asked before: ~50 ms more on 50,000 conversations."""
        self._refilling = None
        for _ in self._refill_steps(self._data):
            pass
        self._after_refill()

    def _holder(self, table: str) -> type:
        holder = self._holders.get(table)
        if holder is None:
            holder = self._holders[table] = key_sharing_holder()
        return holder

    @staticmethod
    def _after_refill() -> None:
        give_back_freed_memory()
        gc.freeze()  # the new dicts, like the loaded ones, out of the collector's sight (see _load)

    def _open_sealed(self, raw: bytes, found: "_LoadedFile") -> bytes:
        """The plain bytes of an encrypted journal, with the key that opened it in `found.key`."""
        try:
            if self._key is not None:
                try:
                    found.key = self._key.for_file(raw)  # a new key is unlocked with the passphrase held
                except WrongPassphrase:
                    raise EncryptedJournal(self.path, while_open=True, again=True) from None
            elif isinstance(self._passphrase, JournalKey):
                found.key = self._passphrase.for_file(raw)
            elif self._passphrase is not None:
                found.key = unlock(raw, self._passphrase)
            else:
                raise EncryptedJournal(self.path, while_open=self._existed)
            return found.key.open(raw)
        except EncryptionDamaged as damage:
            raise JournalDamaged(self.path, f"encrypted, and {damage}", self.newest_backup()) from None
        except WrongPassphrase as wrong:
            raise WrongPassphrase(f"{wrong} for {self.path}; nothing was read or changed") from None

    def _take_identity(self, found: "_LoadedFile") -> None:
        self._layout.forget()  # new data in memory: the next save lays it out anew
        self._plain = None
        if found.stamp is not None:
            self._key = found.key  # as the file is: encrypted or decrypted by another netjournal, it is followed
        if self._key is not None:
            crash.leave_out_messages()  # a crash log is plain text on disk: no error message may quote the notes
        self._stamp, self._save_id, self._seq, self._earlier = found.stamp, found.save_id, found.seq, found.earlier
        self._head_id = found.head_id
        self._loaded = True
        self._existed = self._existed or found.stamp is not None

    def _adopt(self, found: "_NotADescendant") -> None:
        self._data = found.data
        self._take_identity(found)
        if self._share_keys:
            with _collector_paused():
                self._refill_loaded()

    def _descends_from_ours(self, found: "_LoadedFile") -> bool:
        """Is the file on disk what we saw, or a later save made on top of it?"""
        if self._seq is None or self._save_id is None:
            return True  # what we saw had no save count (a new journal, or written by an older netjournal)
        if found.save_id == self._save_id or self._save_id.decode()[:SHORT_ID] in found.earlier:
            return True
        # Not listed: an older copy, a fork, a copy from before save counts or edited without its save record, or
        # one more than SAVES_REMEMBERED saves ahead, which cannot be told from a fork. Keeping both is safe.
        return False

    def _flush(self, backup: bool = True) -> None:
        save_id = os.urandom(8).hex()
        seq = (self._seq or 0) + 1
        earlier = ([self._save_id.decode()[:SHORT_ID]] if self._save_id else []) + self._earlier[:SAVES_REMEMBERED - 1]
        # The save id goes first (dicts keep their order), so a 64-byte read finds it.
        record = {"id": save_id, "seq": seq, "prev": earlier}
        # `{"_save":{"1":{...}}`: the file's first bytes, before the tables (see file_layout).
        head = orjson.dumps({SAVE_ID_KEY: {"1": record}})[:-1]
        linked: Path | None = None
        try:
            if backup:
                before = self._disk_stat()
                linked = self._backup_before_first_save_today()
                if linked is not None and before is not None and (after := self._disk_stat()) is not None:
                    self._layout.linked(before, after)  # a second name moved the file's change time, nothing else
            self._finish_removing()
            remove_stray_temp_files(self.path)
            commits: list[Callable[[os.stat_result | None], None]] = []
            fill = self._fill_sealed if self._key is not None else self._fill
            old: list[Path] | None = [] if self.remove_old_later else None
            written = replace_privately(self.path, lambda fd: commits.append(fill(fd, head, record)),
                                        old_kept_as=old, old_may_stay=self._in_the_form_saved)
        except BaseException as error:
            if linked is not None:
                self._unlink_if_still_the_journal(linked)
            if not isinstance(error, OSError):
                raise
            raise JournalWriteFailed(
                f"could not save {self.path}: {error.strerror or error}; the file on disk is unchanged"
            ) from error
        # Only now that it is in place does the layout point into the new file: with its stat as the path has it
        # (the rename moved its change time), if that is still the file written.
        now = self._disk_stat()
        ours = now if now is not None and now.st_ino == written.st_ino else None
        commits[0](ours)
        if ours is not None and (ours.st_size, ours.st_mtime_ns) != (written.st_size, written.st_mtime_ns):
            ours = None  # written to in place since the rename: not only what we wrote
        later: list[Callable[[], None]] = []  # what can wait until the save is done
        if old:
            later.append(lambda: remove_quietly(old))
        self._list_at_close = None
        if self._checked is not None:
            # What was written is the checked data with this session's changes, each made through the model;
            # the test suite checks every save's data (NETJOURNAL_CHECK_SAVES), so the next opening need not.
            # Listed with the checksum of the file read back, while it is still the file written: in the app by
            # the thread after each save (a killed app has its last save listed), elsewhere once, at close.
            checked, listed = self._checked, self.path
            if ours is not None:
                written_as, written_id = ours, save_id.encode()
                listing = lambda: checked.remember_saved(listed, written_as, written_id)  # noqa: E731
            else:  # replaced by someone else already: theirs is checked when it is read
                listing = lambda: checked.forget(listed)  # noqa: E731
            if self.remove_old_later:
                later.append(listing)
            else:
                self._list_at_close = listing
        self._after_save(later)
        if backup:
            self._rotate_backups()
        self._stamp = self._disk_stamp()
        self._save_id = self._head_id = save_id.encode()
        self._seq, self._earlier = seq, earlier
        self._existed = True

    def _fill(self, fd: int, head: bytes, record: dict[str, Any]) -> Callable[[os.stat_result | None], None]:
        """Write the journal into the new file: untouched runs of documents copied from the previous file."""
        try:
            placed = self._layout.write(fd, head, self._data, self.path)
        except SourceChanged:  # the previous file changed in place while it was read: write it whole
            self._layout.forget()
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            placed = self._layout.write(fd, head, self._data, self.path)
        if checking_saves():
            self._check_records()
            check_written(fd, orjson.dumps({SAVE_ID_KEY: {"1": record}, **self._data}))
        return placed

    def _fill_sealed(self, fd: int, head: bytes, record: dict[str, Any]) -> Callable[[os.stat_result | None], None]:
        """Write the encrypted journal: its plain bytes reuse the untouched runs of the last save's (kept in memory:
        the file holds only ciphertext), and all of it is sealed anew with a fresh nonce."""
        assert self._key is not None
        try:
            rope, placed = self._layout.assemble(head, self._data, self._plain)
        except SourceChanged:  # never expected: the last plain bytes disagree with the layout; lay it out anew
            self._layout.forget()
            rope, placed = self._layout.assemble(head, self._data, None)
        for chunk in self._key.seal_parts(rope.parts, record["id"]):
            write_all(fd, chunk)
        if checking_saves():
            self._check_records()
            expected = orjson.dumps({SAVE_ID_KEY: {"1": record}, **self._data})
            check_written(fd, expected, opened_with=self._key)

        def commit(_stat: os.stat_result | None) -> None:
            placed()
            self._plain = rope
        return commit

    def _check_records(self) -> None:
        """NETJOURNAL_CHECK_SAVES: the data saved must pass the check of an opening, which a later opening of the
        file skips (see checked.py)."""
        if self._prepare_checked is None:
            return
        try:
            self._prepare(self._data)
        except SchemaProblem as problem:
            mismatches.append(f"saved data fails the record check: {problem}")
            raise SaveMismatch(mismatches[-1]) from None

    def check_records(self, what: str) -> None:
        """Run an opening's record check on the data in memory, before a change that did not come record by record
        through the model (`what`: "the merge") is saved: the next opening of a file we saved trusts it
        (checked.py). JournalError if a record fails; raised inside a transaction, nothing is saved."""
        try:
            self._prepare(check_shape(self._data))
        except SchemaProblem as problem:
            raise JournalError(f"{what} would save a record that fails the journal's check ({problem}); "
                               "nothing was saved") from None

    def layout_of(self, name: str, documents: dict[str, Any]) -> TableLayout | None:
        """What `_IntKeyView` tells about the documents an updater touches (see file_layout)."""
        return self._layout.tracking(name, documents)


class _LoadedFile:
    """What identifies one version of the journal file: its stamp and its save record."""

    def __init__(self, stamp: tuple[int, int, int] | None) -> None:
        self.stamp = stamp
        self.save_id: bytes | None = None
        self.head_id: bytes | None = None
        self.seq: int | None = None
        self.earlier: list[str] = []
        self.raw = b""
        self.data: dict[str, Any] = {}
        self.key: JournalKey | None = None  # what opened it, if it is encrypted

    def read_save_record(self, table: Any) -> None:
        record = next(iter(table.values()), None) if isinstance(table, dict) else None
        if not isinstance(record, dict):
            return
        save_id, seq, earlier = record.get("id"), record.get("seq"), record.get("prev")
        if isinstance(save_id, str) and _SAVE_ID_TEXT.match(save_id):
            self.save_id = save_id.encode()
        if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0:
            self.seq = seq
        if isinstance(earlier, list):
            self.earlier = [each[:SHORT_ID] for each in earlier[:SAVES_REMEMBERED] if isinstance(each, str)]


class _NotADescendant(Exception):
    """Raised inside a load: the file on disk does not come from what this process last saw."""

    def __init__(self, found: _LoadedFile) -> None:
        super().__init__("not a descendant")
        self.stamp, self.save_id, self.seq, self.earlier = found.stamp, found.save_id, found.seq, found.earlier
        self.head_id = found.head_id
        self.raw, self.data = found.raw, found.data
        self.key = found.key


_HEAD_READ = 16 * 1024  # an encrypted journal's first line and header; a longer header is not kept a moment


@contextmanager
def _collector_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _run_all(jobs: list[Callable[[], None]]) -> None:
    for job in jobs:
        job()


def _save_id_in(head: bytes) -> bytes | None:
    """The save id in the first 64 bytes of a journal file, plain or encrypted."""
    if is_sealed(head):
        return sealed_save_id(head)
    match = _SAVE_ID.match(head)
    return match.group(1) if match else None


def _journal_path(path: str | os.PathLike[str]) -> Path:
    """The real path of the journal: behind a symlink (a synced folder) it is saved where it really lives."""
    try:
        return expand_path(path).resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop: RuntimeError before Python 3.13, OSError after
        raise JournalWriteFailed(f"cannot use {path}: {getattr(error, 'strerror', None) or error}") from None


def _refuse_odd_lock_path(lock_path: Path) -> None:
    """The lock file is opened for writing: a folder, a symlink or a second name of another file in its place is
    refused, never opened (older filelock versions truncate it: a link to the journal would empty the journal)."""
    try:
        found = os.lstat(lock_path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalWriteFailed(f"cannot use the lock file {lock_path}: {error.strerror or error}") from None
    if stat.S_ISLNK(found.st_mode):
        raise JournalWriteFailed(f"{lock_path} is a symbolic link; netjournal will not follow it to lock the "
                                 "journal. Remove it and try again")
    if stat.S_ISDIR(found.st_mode):
        raise JournalWriteFailed(f"{lock_path} is a folder; netjournal needs it for its lock file. Remove it")
    if not stat.S_ISREG(found.st_mode) or found.st_nlink > 1:
        raise JournalWriteFailed(f"{lock_path} is not netjournal's lock file (it is a second name of another file, "
                                 "or not a regular file). Remove it and try again")


class _IntKeyView(MutableMapping):
    """Lets TinyDB's updaters use int doc ids on our str-keyed table in place.

    Stock TinyDB copies the whole table twice per write to convert keys; with 50,000 interactions that copy
    costs more than the save itself. Every document an updater reaches is told to the table's layout, so that the
    save serialises those runs again (a document read here may be changed in place by the updater).
    """

    __slots__ = ("_raw", "_layout")

    def __init__(self, raw: dict[str, Any], layout: TableLayout | None) -> None:
        self._raw = raw
        self._layout = layout

    def __getitem__(self, key: int) -> Any:
        found = self._raw[str(key)]
        if self._layout is not None:
            self._layout.touched(str(key))
        return found

    def __setitem__(self, key: int, value: Any) -> None:
        self._raw[str(key)] = value
        if self._layout is not None:
            self._layout.set(str(key))

    def __delitem__(self, key: int) -> None:
        del self._raw[str(key)]
        if self._layout is not None:
            self._layout.removed(str(key))

    def __contains__(self, key: object) -> bool:
        return str(key) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)


class InPlaceTable(Table):
    """A TinyDB table that updates its documents in place instead of copying the table."""

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        updater(_IntKeyView(raw, self._storage.layout_of(self.name, raw)))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()

    def raw_documents(self) -> dict[str, dict[str, Any]]:
        """The stored documents by doc id: the fast path for scans. Read-only: a document changed here, outside
        TinyDB's updaters, would not be saved (a save copies the runs it was not told about; file_layout.py)."""
        return self._read_table()  # type: ignore[return-value]

    def put_document(self, doc_id: int, document: dict[str, Any]) -> None:
        """Replace a document whole (TinyDB's update only adds and changes fields: one a merge takes from the
        other copy must lose the fields that copy's version does not have)."""
        def put(table: dict[int, Any]) -> None:
            table[doc_id] = document

        self._update_table(put)

    def forget_cached_ids(self) -> None:
        """After a reload from disk, doc ids and cached queries may belong to somebody else's data."""
        self._next_id = None
        self.clear_cache()


class _JournalDB(TinyDB):
    table_class = InPlaceTable


def open_database(path: str | os.PathLike[str], **options: Any) -> TinyDB:
    """The journal file as a TinyDB over SafeJSONStorage with in-place tables: the only place TinyDB is made."""
    return _JournalDB(path, storage=SafeJSONStorage, **options)
