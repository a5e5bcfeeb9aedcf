"""Journal files this netjournal checked record by record already, so that opening one again unchanged skips the check.

Checking every record costs a third of loading a large journal (~95 ms of ~260 on 50,000 conversations), and
most starts open the very file the last run saved. A file counts as unchanged when its device, inode, size,
modification time, change time, save id and the CRC-32 of its bytes are all what they were when it was checked or
written by a save. The system sets the change time on every write, rename or chmod, and no program can set it back
(unlike the modification time), so a file edited in any way since, even in place to the same size, is checked
again; the CRC (12 ms for 22 MB, against ~120 ms of checks) catches what changes bytes without the filesystem
knowing: a bit flipped on a failing disk or stick, a filesystem whose times are coarse or missing. So is every file
after netjournal is upgraded or its record checks change (`checker_mark`).

The list lives in the state folder beside the device name (~/.local/state/netjournal/checked.json on Linux), one
entry for each of the last few journals opened. Losing it, or finding it damaged, only means the next opening checks
the file again; so it is written without fsync, and only the journal's own saves carry the durability promises.
"""

from __future__ import annotations

import glob
import os
import stat
import zlib
from pathlib import Path

import orjson

from ..common.files import make_private_folder, remove_quietly, replace_privately, write_all

FILE_NAME = "checked.json"
JOURNALS_KEPT = 16  # the journals remembered; one person rarely opens more than a few
_LIMIT = 64 * 1024  # a list longer than this is not ours: it is ignored


def default_list_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("netjournal", appauthor=False) / FILE_NAME


def checker_mark() -> str:
    """What the record check is: changing netjournal's version or the files that define the check checks again."""
    from .. import __version__
    from . import migrations, model, schema

    stamps = []
    for module in (schema, model, migrations):
        try:
            stamps.append(str(os.stat(module.__file__ or "").st_mtime_ns))
        except OSError:
            stamps.append("?")
    return f"{__version__}:{migrations.SCHEMA_VERSION}:{':'.join(stamps)}"


def identity(found: os.stat_result) -> list[int]:
    """Every part of a file's stat that a change to it moves."""
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def _entry(mark: str, found: os.stat_result, save_id: bytes | None, crc: int) -> list:
    # The save id (the file's first bytes, new at every save) as well: on a kernel whose change times are coarse,
    # a second save within the same tick could otherwise keep every figure of the stat.
    return [mark, *identity(found), save_id.decode("ascii", "replace") if save_id else None, crc]


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: Path, limit: int) -> tuple[os.stat_result, bytes] | None:
    """A regular file's stat and first `limit` + 1 bytes; None for anything else (a FIFO or a device would block
    or never end, a symlink could point anywhere)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return found, b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


class CheckedFiles:
    """The list of journal files known to pass the record check as they are now."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_list_path()
        self._mark: str | None = None

    def _read(self) -> dict[str, list]:
        found = read_regular(self.path, _LIMIT)
        try:
            listed = orjson.loads(found[1]) if found is not None and len(found[1]) <= _LIMIT else None
        except orjson.JSONDecodeError:
            return {}
        if not isinstance(listed, dict):
            return {}
        return {key: value for key, value in listed.items() if isinstance(value, list)}

    def mark(self) -> str:
        if self._mark is None:
            self._mark = checker_mark()
        return self._mark

    def holds(self, journal: Path, found: os.stat_result | None, save_id: bytes | None, content: bytes) -> bool:
        """Did this netjournal check (or save) this very file, with these bytes, unchanged since?"""
        if found is None:
            return False
        entry = self._read().get(os.path.abspath(journal))
        if not entry or entry[:-1] != _entry(self.mark(), found, save_id, 0)[:-1]:
            return False  # the checksum is worked out only for a file that could be the one listed
        return entry[-1] == zlib.crc32(content)

    def remember(self, journal: Path, found: os.stat_result | None, save_id: bytes | None, content: bytes) -> None:
        """Note that the file as `found`, holding `content`, passed the check (or was written from checked data).
        Never raises: the list is only a shortcut."""
        if found is None:
            return
        try:
            listed = self._read()
            key = os.path.abspath(journal)
            listed.pop(key, None)
            listed[key] = _entry(self.mark(), found, save_id, zlib.crc32(content))
            kept = dict(list(listed.items())[-JOURNALS_KEPT:])  # newest last
            self._write(orjson.dumps(kept))
        except (OSError, ValueError, TypeError):
            pass

    def remember_saved(self, journal: Path, written: os.stat_result, save_id: bytes) -> None:
        """List the file a save just put in place, read back (from the page cache) to take its checksum; only if
        it is still that very file, unchanged while it was read. Never raises."""
        found = read_regular(journal, written.st_size)
        if found is None or identity(found[0]) != identity(written) or len(found[1]) != written.st_size:
            self.forget(journal)
            return
        again = _stat_or_none(journal)
        if again is None or identity(again) != identity(written):
            self.forget(journal)
            return
        self.remember(journal, written, save_id, found[1])

    def forget(self, journal: Path) -> None:
        try:
            listed = self._read()
            if listed.pop(os.path.abspath(journal), None) is not None:
                self._write(orjson.dumps(listed))
        except (OSError, ValueError, TypeError):
            pass

    def _write(self, payload: bytes) -> None:
        # (called with the list read just before: two netjournals writing at once only lose a shortcut)
        make_private_folder(self.path.parent)
        # left by a run killed mid-write
        remove_quietly([Path(stray) for stray in glob.glob(glob.escape(str(self.path)) + ".*.tmp")])
        replace_privately(self.path, lambda fd: write_all(fd, payload), durable=False)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path, follow_symlinks=False)
    except OSError:
        return None
