"""Private files written whole: what netjournal writes holds notes about real people.

Every file is created 0600 and every folder 0700, whatever the umask; a file is written to a temp file with a fresh
random name beside it (O_EXCL | O_NOFOLLOW: never one planted in advance, never through a symlink), fsynced, and
put in place with one rename, so that a reader sees the old content or the new, never a mix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows has no symlinks to plant in the usual sense
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class PathProblem(ValueError):
    """A path a person gave that cannot be used; its message is the one line we show them."""


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


def make_private_folder(folder: Path) -> None:
    """Create `folder` and every missing folder above it, each 0700 whatever the umask."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            os.mkdir(each, FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(each, FOLDER_MODE)  # mkdir's mode is masked by the umask


def open_new_temp(path: Path) -> tuple[int, Path]:
    """A temp file beside `path` that nobody else can have prepared: a fresh random name, never a symlink."""
    while True:
        tmp = path.with_name(f"{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, FILE_MODE)
        except FileExistsError:
            continue
        return fd, tmp


def write_private_atomically(path: Path, payload: bytes) -> None:
    """Write bytes so that `path` holds either the old or the new content, never a mix."""
    replace_privately(path, lambda fd: write_all(fd, payload))


def replace_privately(path: Path, fill: Callable[[int], None], *, old_kept_as: list[Path] | None = None,
                      old_may_stay: Callable[[Path], bool] = lambda _second: True,
                      durable: bool = True) -> os.stat_result:
    """Put a new file at `path` as `write_private_atomically` does, its content written by `fill` into the temp
    file's descriptor (open for reading too). Returns the new file's stat, as `path` has it now.

    `durable=False` leaves out both fsyncs, for a file that is only a shortcut (losing it to a power cut costs
    time, never data): the rename still means a reader sees the old file or the new one, whole.

    With `old_kept_as`, the file being replaced keeps a second name (a temp name, appended to the list) through
    the rename, for the caller to remove when it has time: a rename over the last name of a large file frees its
    blocks before it returns (8 ms for 22 MB on ext4), and the person waits for the rename, not for that.
    `old_may_stay` is asked about that very file, under its second name: False, and it goes in the rename.
    """
    fd, tmp = open_new_temp(path)
    kept_before = len(old_kept_as) if old_kept_as is not None else 0
    try:
        try:
            if hasattr(os, "fchmod"):  # POSIX; Windows has no owner-only bits to set
                os.fchmod(fd, FILE_MODE)  # O_CREAT's mode is masked by the umask
            fill(fd)
            if durable:
                os.fsync(fd)
            written = os.fstat(fd)  # a rename keeps the inode, time and size
        finally:
            os.close(fd)
        if old_kept_as is not None:
            _keep_second_name(path, old_kept_as, old_may_stay)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        if old_kept_as is not None:  # the rename did not happen: the second name would be a stray copy
            remove_quietly(old_kept_as[kept_before:])
            del old_kept_as[kept_before:]
        raise
    if durable:
        _fsync_folder(path.parent)
    return written


def _keep_second_name(path: Path, kept: list[Path], may_stay: Callable[[Path], bool]) -> None:
    while True:
        second = path.with_name(f"{path.name}.{os.urandom(6).hex()}.tmp")  # a temp name: strays are cleaned away
        try:
            os.link(path, second, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # nothing to replace, or a filesystem without hard links: the rename frees it, as before
            return
        # Asked of the linked name, which is the very file the rename replaces, whatever happens to `path`.
        if may_stay(second):
            kept.append(second)
        else:
            remove_quietly([second])
        return


def remove_quietly(paths: list[Path]) -> None:
    for each in paths:
        try:
            os.unlink(each)
        except OSError:
            pass


def write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def expand_path(path: str | os.PathLike[str]) -> Path:
    """`~` and `~user` expanded; an unknown user is a clear error, not a traceback."""
    try:
        return Path(path).expanduser()
    except RuntimeError:  # Path.expanduser() for ~nosuchuser
        raise PathProblem(f"{path}: no such user folder (check what follows the ~)") from None


_LISTED_AT_MOST = 5000  # entries of one folder looked at while completing: a huge folder never stalls typing


def complete_path(text: str) -> str | None:
    """What `text` completes to as a path, as tab would in a shell; None when there is nothing to add.

    `~` and `~user` are expanded to look, but kept in what is returned (the text grows; it is not rewritten).
    Only the name after the last `/` is completed: as far as all the names that start with it agree; when they
    agree on no more, to the first of them in order, whole. A folder completed whole gets its trailing `/`, so the
    next completion goes on inside it. Hidden names are offered only when what is typed starts with a dot.
    """
    if not text or "\x00" in text:
        return None
    folder_text, slash, typed = text.rpartition("/")
    if not slash and typed.startswith("~"):  # `~` or `~user`: their folder, with its slash
        try:
            return text + "/" if expand_path(text).is_dir() else None
        except (PathProblem, OSError):
            return None
    try:
        folder = expand_path(folder_text + slash) if slash else Path(".")
        matches = []
        with os.scandir(folder) as entries:
            for number, entry in enumerate(entries):
                if number >= _LISTED_AT_MOST:
                    break
                if entry.name.startswith(typed) and (typed.startswith(".") or not entry.name.startswith(".")):
                    matches.append(entry)
    except (PathProblem, OSError, ValueError):  # no such folder, not allowed, a name too long
        return None
    if not matches:
        return None
    matches.sort(key=lambda entry: entry.name)
    shared = os.path.commonprefix([entry.name for entry in matches])
    if len(shared) > len(typed):
        completed, whole = shared, len(matches) == 1  # as far as every match agrees
    elif typed:
        completed, whole = matches[0].name, True  # they agree on no more than what is typed: the first, whole
    else:
        return None  # nothing typed after the slash, and nothing all the names share: nothing to choose by
    try:
        if whole and matches[0].is_dir():
            completed += "/"
    except OSError:
        pass
    result = folder_text + slash + completed
    return result if result != text else None
