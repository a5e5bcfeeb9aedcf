"""Journal files this netjournal checked record by record already, so that opening one again unchanged skips the check.

Checking every record costs a third of loading a large journal (~95 ms of ~260 on 50,000 conversations), and
most starts open the very file the last run saved. A file counts as unchanged when its device, inode, size,
modification time and change time are all what they were when it was checked or written by a save. The system sets
the change time on every write, rename or chmod, and no program can set it back (unlike the modification time), so
a file edited in any way since, even in place to the same size, is checked again. So is every file after netjournal
is upgraded or its record checks change (`checker_mark`).

The list lives in the state folder beside the device name (~/.local/state/netjournal/checked.json on Linux), one
entry for each of the last few journals opened. Losing it, or finding it damaged, only means the next opening checks
the file again; so it is written without fsync, and only the journal's own saves carry the durability promises.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import orjson

from ..common.files import make_private_folder, open_new_temp, write_all

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


def _entry(mark: str, found: os.stat_result, save_id: bytes | None) -> list:
    # The save id (the file's first bytes, new at every save) as well: on a kernel whose change times are coarse,
    # a second save within the same tick could otherwise keep every figure of the stat.
    return [mark, *identity(found), save_id.decode("ascii", "replace") if save_id else None]


class CheckedFiles:
    """The list of journal files known to pass the record check as they are now."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_list_path()
        self._mark: str | None = None

    def _read(self) -> dict[str, list]:
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(_LIMIT + 1)
            listed = orjson.loads(raw) if len(raw) <= _LIMIT else None
        except (OSError, orjson.JSONDecodeError):
            return {}
        if not isinstance(listed, dict):
            return {}
        return {key: value for key, value in listed.items() if isinstance(value, list)}

    def mark(self) -> str:
        if self._mark is None:
            self._mark = checker_mark()
        return self._mark

    def holds(self, journal: Path, found: os.stat_result | None, save_id: bytes | None) -> bool:
        """Did this netjournal check (or save) this very file, unchanged since?"""
        if found is None:
            return False
        entry = self._read().get(os.path.abspath(journal))
        return entry == _entry(self.mark(), found, save_id)

    def remember(self, journal: Path, found: os.stat_result | None, save_id: bytes | None) -> None:
        """Note that the file as `found` passed the check (or was written from checked data). Never raises: the
        list is only a shortcut."""
        if found is None:
            return
        try:
            listed = self._read()
            key = os.path.abspath(journal)
            listed.pop(key, None)
            listed[key] = _entry(self.mark(), found, save_id)
            kept = dict(list(listed.items())[-JOURNALS_KEPT:])  # newest last
            self._write(orjson.dumps(kept))
        except (OSError, ValueError, TypeError):
            pass

    def forget(self, journal: Path) -> None:
        try:
            listed = self._read()
            if listed.pop(os.path.abspath(journal), None) is not None:
                self._write(orjson.dumps(listed))
        except (OSError, ValueError, TypeError):
            pass

    def _write(self, payload: bytes) -> None:
        make_private_folder(self.path.parent)
        for stray in glob.glob(glob.escape(str(self.path)) + ".*.tmp"):  # left by a run killed mid-write
            try:
                os.unlink(stray)
            except OSError:
                pass
        fd, tmp = open_new_temp(self.path)
        try:
            try:
                write_all(fd, payload)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except BaseException:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise
