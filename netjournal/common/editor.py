"""Edit a text in the person's own editor: which editor, a private temp file, the editor, the text read back.

The text is someone's reflection, so it is written to a file in a fresh folder of its own (0700, the file 0600),
and the folder goes when the editor is done, whatever happened: the editor crashed, quit with an error, or
something here raised. A folder rather than a lone file, because editors leave swap and backup files beside the
file they edit (vim's `.name.swp`, emacs's `name~`), and those hold the text too.

For an encrypted journal the text must never land on a disk: `memory_backed_folder()` finds a folder whose
file system lives in memory (tmpfs or ramfs: $XDG_RUNTIME_DIR, /dev/shm) to pass as `temp_root`, and the caller
refuses the editor where there is none. (Memory pages can still be swapped out, as any process's can; and an
editor set to keep swap, backup or undo files in a folder of its own writes them there.)

No Textual here: the TUI hands the terminal over (App.suspend) and calls `edit_text` inside.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from .files import FOLDER_MODE, write_private_atomically

# When neither $EDITOR nor $VISUAL is set: Debian's and Ubuntu's system-wide choice (`editor`, set with
# update-alternatives), then the two found on almost every Unix, the gentler first.
DEFAULT_EDITORS = ("editor", "nano", "vi")
# File systems whose files are held in memory and gone at shutdown.
MEMORY_FILESYSTEMS = frozenset({"tmpfs", "ramfs"})
MOUNTINFO = Path("/proc/self/mountinfo")


class EditorProblem(Exception):
    """The editor could not be used, or gave back nothing usable; the message is the one line we show."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The command to run, from $EDITOR, else $VISUAL (split as a shell would: `code --wait`), else a default."""
    environ = os.environ if environ is None else environ
    for variable in ("EDITOR", "VISUAL"):
        value = environ.get(variable, "")
        if not value.strip():
            continue
        try:
            words = shlex.split(value)
        except ValueError as error:  # an unclosed quote
            raise EditorProblem(f"${variable} cannot be read as a command ({error})") from None
        if words:
            return words
    for name in DEFAULT_EDITORS:
        found = shutil.which(name, path=environ.get("PATH", os.defpath))
        if found:
            return [found]
    raise EditorProblem("No editor found: set $EDITOR (for example EDITOR=nano)")


def memory_backed_folder(environ: Mapping[str, str] | None = None, mountinfo: Path = MOUNTINFO) -> Path | None:
    """The first of $XDG_RUNTIME_DIR and /dev/shm that is a folder we may write in on a memory file system, or None.

    None too where the mount table cannot be read (no /proc, as on macOS): what cannot be checked is not trusted.
    """
    environ = os.environ if environ is None else environ
    try:
        table = mountinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for candidate in (environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm"):
        if not candidate or not os.path.isabs(candidate):
            continue  # unset, or relative (the XDG rule: ignore it)
        folder = Path(candidate)
        try:
            usable = folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
            if usable and filesystem_type(folder, table) in MEMORY_FILESYSTEMS:
                return folder
        except OSError:
            continue
    return None


def filesystem_type(path: Path, mountinfo: str) -> str | None:
    """The type of the file system `path` is on, from the text of /proc/self/mountinfo.

    Found by the device number rather than by the longest mount point that prefixes the path: a folder mounted
    over twice, a bind mount or a symlink on the way would all fool a comparison of names.
    """
    device = os.stat(path).st_dev
    wanted = f"{os.major(device)}:{os.minor(device)}"
    for entry in mountinfo.splitlines():
        fields, separator, rest = entry.partition(" - ")  # optional fields before " - ", the type just after
        numbers = fields.split()
        if separator and len(numbers) > 2 and numbers[2] == wanted and rest.split():
            return rest.split()[0]
    return None


def edit_text(text: str, command: list[str], file_name: str = "text.md", temp_root: str | None = None) -> str | None:
    """What the editor saved, or None if it saved the text unchanged.

    Raises EditorProblem if the editor cannot be started, exits with an error (vim's `:cq` is "forget it"), or
    leaves something that is not UTF-8 text. The temp folder is removed in every case.
    """
    folder = Path(tempfile.mkdtemp(prefix="netjournal-edit-", dir=temp_root))
    try:
        os.chmod(folder, FOLDER_MODE)  # mkdtemp asks for 0700, but the umask could take bits away from it
        path = folder / Path(file_name).name
        write_private_atomically(path, text.encode("utf-8", "surrogatepass"))
        code = _run(command + [str(path)])
        if code != 0:
            how = f"was stopped (signal {-code})" if code < 0 else f"exited with code {code}"
            raise EditorProblem(f"The editor {how}")
        try:
            saved = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise EditorProblem("The editor left no file behind") from None
        except UnicodeDecodeError:
            raise EditorProblem("The editor saved something that is not UTF-8 text") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if saved.endswith("\n") and not text.endswith("\n"):
        saved = saved[:-1]  # most editors end the last line with a newline; the answer did not have one
    return None if saved == text else saved


def _run(command: list[str]) -> int:
    """Run the editor on this terminal and wait for it. Ctrl+C belongs to the editor while it runs: the editor
    gets it (same terminal), and netjournal ignores it rather than stopping with the person's text unsaved."""
    try:
        process = subprocess.Popen(command)
    except OSError as error:  # not installed, not executable
        raise EditorProblem(f"Cannot start the editor {command[0]!r}: {error.strerror or error}") from None
    in_main = threading.current_thread() is threading.main_thread()  # signal handlers live in the main thread
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        return process.wait()
    finally:
        if in_main:  # None: a handler not set from Python; Python's own is the usual one then
            signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
