"""SafeJSONStorage: the TinyDB storage that keeps the journal file safe.

Promises (DESIGN section 4):
- every save is atomic: a temp file beside the journal, fsync, os.replace, fsync of the folder;
- files are created 0600 and a folder we create 0700: the journal holds notes about real people;
- before the first save of each day the previous file is copied to `journal.json.bak-YYYYMMDD`, seven kept;
- every save happens inside `transaction()`, which holds a lock file beside the journal and reloads the file
  first if anybody else changed it, so a change is applied on top of the newest data, never over it;
- a damaged file (not JSON, wrong shape, newer schema) is never written; the error names the file and backup.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage
from tinydb.table import Table

from . import clock

BACKUPS_KEPT = 7
# Every save writes a fresh random id as the file's first bytes. Inode, mtime and size can all repeat
# (inodes alternate between two saves; some filesystems keep mtimes to the second), the id does not.
SAVE_ID_KEY = "_save"
_SAVE_ID = re.compile(rb'^\{"_save":\{"1":\{"id":"([0-9a-f]{16})"')
FILE_MODE = 0o600
FOLDER_MODE = 0o700


class JournalError(Exception):
    """An error a person can act on; its message is the one line we show them."""


class JournalDamaged(JournalError):
    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path, self.reason, self.backup = path, reason, backup
        where = f"newest backup: {backup}" if backup else "no backup exists yet"
        super().__init__(
            f"{path} is damaged ({reason}); it was left unchanged and will not be written. "
            f"The {where}. Run `netjournal check` for details."
        )


class JournalBusy(JournalError):
    pass


class JournalConflict(JournalError):
    pass


class JournalWriteFailed(JournalError):
    pass


class SchemaProblem(ValueError):
    """Raised by a `prepare` hook when the data is the wrong shape or from a newer version."""


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


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_private_atomically(path: Path, payload: bytes) -> None:
    """Write bytes so that `path` holds either the old or the new content, never a mix."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            if hasattr(os, "fchmod"):  # POSIX; Windows has no owner-only bits to set
                os.fchmod(fd, FILE_MODE)  # a stale temp file may have been created with other bits
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    _fsync_folder(path.parent)


class SafeJSONStorage(Storage):
    """TinyDB storage over one JSON file, cached in memory and re-read only when it changes."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        prepare: Prepare | None = None,
        lock_timeout: float = 5.0,
        today: Callable[[], date] = clock.today,
    ) -> None:
        super().__init__()
        # resolve(): a journal behind a symlink (a synced folder) is saved where it really lives.
        self.path = Path(path).expanduser().resolve()
        self._prepare = prepare or check_shape
        self._lock_timeout = lock_timeout
        self._lock: Any = None  # made at the first save: reading needs no lock, and start-up stays quick
        self._today = today
        self._data: dict[str, Any] = {}
        self._stamp: tuple[int, int, int] | None = None  # (inode, mtime_ns, size) of what `_data` holds
        self._save_id: bytes | None = None  # the save id of what `_data` holds
        self._loaded = False
        self._existed = False  # once the file existed, its disappearing is damage, not a new journal
        self._depth = 0
        self._dirty = False
        self.on_reload: list[Callable[[], None]] = []
        self._make_folder()
        self._load()

    # --- what TinyDB calls -------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        if self._depth == 0:
            try:
                self.refresh()
            except JournalDamaged:
                # Keep showing the last good data; saving stays refused (transaction() reloads and raises)
                # and an explicit refresh() reports the damage.
                pass
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self._depth > 0:
            self._data = data
            self._dirty = True
            return
        # A write outside a transaction was computed from data that may be stale; only save if it is not.
        try:
            with self.transaction(reload=False):
                if self.changed_on_disk():
                    raise JournalConflict(f"{self.path} changed on disk; reload before saving")
                self._data = data
                self._dirty = True
        except BaseException:
            self._loaded = False  # TinyDB already changed the cached data; forget it
            raise

    def close(self) -> None:
        pass

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
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(self.path) + ".lock", timeout=self._lock_timeout, mode=FILE_MODE)
        try:
            self._lock.acquire()
        except Timeout:
            raise JournalBusy(
                f"{self.path} is being saved by another netjournal; gave up after {self._lock.timeout:g} s "
                f"(lock file {self._lock.lock_file})"
            ) from None
        try:
            if reload:
                self.refresh()
            self._depth = 1
            self._dirty = False
            try:
                yield
                if self._dirty:
                    self._flush()
            except BaseException:
                # Memory may hold a half-applied change: forget it, the next read reloads the disk state.
                self._loaded = False
                raise
            finally:
                self._depth = 0
                self._dirty = False
        finally:
            self._lock.release()

    def refresh(self) -> bool:
        """Reload the file if somebody else changed it; True when it was reloaded."""
        if self._loaded and not self.changed_on_disk():
            return False
        self._load()
        for callback in self.on_reload:
            callback()
        return True

    def changed_on_disk(self) -> bool:
        stamp = self._disk_stamp()
        if stamp != self._stamp:
            return True
        return stamp is not None and self._read_save_id() != self._save_id

    def _read_save_id(self) -> bytes | None:
        try:
            with open(self.path, "rb") as handle:
                match = _SAVE_ID.match(handle.read(64))
        except OSError:
            return None
        return match.group(1) if match else None

    # --- backups -------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backups of this journal, oldest first."""
        return sorted(self.path.parent.glob(self.path.name + ".bak-*[0-9]"))

    def newest_backup(self) -> Path | None:
        found = self.backups()
        return found[-1] if found else None

    def _backup_before_first_save_today(self) -> None:
        if not self.path.exists():
            return
        target = self.path.with_name(f"{self.path.name}.bak-{self._today():%Y%m%d}")
        if target.exists():
            return
        write_private_atomically(target, self.path.read_bytes())
        for old in self.backups()[:-BACKUPS_KEPT]:
            try:
                old.unlink()
            except OSError:
                pass

    # --- internals -----------------------------------------------------------------------

    def _make_folder(self) -> None:
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, FOLDER_MODE)

    def _disk_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _load(self) -> None:
        # Parsing makes millions of objects with no cycles between them. The garbage collector stays off until
        # they are frozen: walking the growing heap during the parse can double its time, and switching it back
        # on before the freeze makes the next allocation run a full collection over all of them (25 ms on
        # 50,000 interactions, spent in check_shape).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._load_and_freeze()
        finally:
            if collecting:
                gc.enable()

    def _load_and_freeze(self) -> None:
        stamp = self._disk_stamp()
        save_id = None
        if stamp is None:
            if self._existed:
                raise JournalDamaged(self.path, "the file disappeared while netjournal had it open; it will not "
                                     "be recreated from memory", self.newest_backup())
            data: Any = {}
        else:
            raw = self.path.read_bytes()
            # The stamp is taken before the read: if the file changes in between, the next read reloads again.
            if not raw.strip():
                if self._existed:
                    raise JournalDamaged(self.path, "the file was emptied while netjournal had it open",
                                         self.newest_backup())
                data = {}
            else:
                try:
                    data = orjson.loads(raw)
                except orjson.JSONDecodeError as error:
                    raise JournalDamaged(self.path, f"not valid JSON: {error}", self.newest_backup()) from None
                match = _SAVE_ID.match(raw[:64])
                save_id = match.group(1) if match else None
                del raw
                if isinstance(data, dict):
                    data.pop(SAVE_ID_KEY, None)
        try:
            data = self._prepare(check_shape(data))
        except SchemaProblem as problem:
            raise JournalDamaged(self.path, str(problem), self.newest_backup()) from None
        self._data = data
        self._stamp = stamp
        self._save_id = save_id
        self._loaded = True
        # A large journal is millions of long-lived objects; without this every full garbage collection
        # walks all of them (70 ms on 50,000 interactions) at random moments. JSON data has no reference
        # cycles, so what a later reload replaces is still freed by reference counting.
        gc.freeze()
        self._existed = self._existed or stamp is not None

    def _flush(self) -> None:
        save_id = os.urandom(8).hex()
        # The save id goes first (dicts keep their order), so a 64-byte read finds it.
        payload = orjson.dumps({SAVE_ID_KEY: {"1": {"id": save_id}}, **self._data})
        try:
            self._backup_before_first_save_today()
            write_private_atomically(self.path, payload)
        except OSError as error:
            raise JournalWriteFailed(
                f"could not save {self.path}: {error.strerror or error}; the file on disk is unchanged"
            ) from error
        self._stamp = self._disk_stamp()
        self._save_id = save_id.encode()
        self._existed = True


class _IntKeyView(MutableMapping):
    """Lets TinyDB's updaters use int doc ids on our str-keyed table in place.

    Stock TinyDB copies the whole table twice per write to convert keys; with 50,000 interactions that copy
    costs more than the save itself.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, key: int) -> Any:
        return self._raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self._raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        del self._raw[str(key)]

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
        updater(_IntKeyView(raw))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()

    def raw_documents(self) -> dict[str, dict[str, Any]]:
        """The stored documents by doc id, read-only by convention: the fast path for scans."""
        return self._read_table()  # type: ignore[return-value]

    def forget_cached_ids(self) -> None:
        """After a reload from disk, doc ids and cached queries may belong to somebody else's data."""
        self._next_id = None
        self.clear_cache()

