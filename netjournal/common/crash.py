"""When netjournal itself fails: the details go to a private crash log, the person gets one line naming it.

A traceback on the terminal helps nobody who uses netjournal and may show their notes (Textual prints local
variables); the log keeps it, readable by them only, for a bug report.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): an internal software error
LOGS_KEPT = 20
# Set once an encrypted journal is opened: the log is plain text on disk, and an error's message may quote a
# person's notes (a KeyError of a name), so only where it failed is written, never what it said.
_messages_left_out = False


def leave_out_messages() -> None:
    global _messages_left_out
    _messages_left_out = True


def _stack_only(error: BaseException) -> str:
    """The traceback of `error` and of the errors it came from, each message replaced by a note."""
    chain: list[BaseException] = []
    found: BaseException | None = error
    while found is not None and all(found is not seen for seen in chain):
        chain.append(found)
        found = found.__cause__ or found.__context__
    parts: list[str] = []
    for each in reversed(chain):
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(each.__traceback__))
        parts.append(f"{type(each).__module__}.{type(each).__qualname__}: (message left out: the journal is "
                     "encrypted)\n\n")
    return "".join(parts)


def crash_folder() -> Path:
    """The user's state folder (~/.local/state/netjournal on Linux): logs, not settings or data."""
    from platformdirs import user_state_path

    return user_state_path("netjournal", appauthor=False)


def write_crash_log(error: BaseException, where: str) -> Path | None:
    """Write the traceback of `error` to a new 0600 file; None when even that fails (a full or read-only disk)."""
    try:
        from .. import __version__

        folder = crash_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        text = (f"netjournal {__version__} crashed in {where} at {datetime.now().isoformat(timespec='seconds')}\n"
                f"Python {platform.python_version()} on {platform.platform()}\n\n"
                + (_stack_only(error) if _messages_left_out else "".join(traceback.format_exception(error))))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
        for old in sorted(folder.glob("crash-*.log"))[:-LOGS_KEPT]:
            old.unlink(missing_ok=True)
        return path
    except Exception:  # noqa: BLE001 - reporting a crash must not crash
        return None


def report(error: BaseException, where: str) -> int:
    """One line on stderr for an unexpected error, the details in a crash log; the exit code to use."""
    path = write_crash_log(error, where)
    details = f"details in {path}" if path else "the details could not be written to a crash log"
    # The type only: the message may hold a person's notes, or text that is not safe on a terminal.
    line = f"netjournal: internal error ({type(error).__name__}); {details}"
    try:
        print(line, file=sys.stderr)
    except Exception:  # noqa: BLE001 - no stderr to tell: the exit code still says it
        pass
    return EXIT_INTERNAL
