"""Which device this is: a short random name, kept per machine, stamped on every record it saves.

A journal synced between a laptop and a desktop (Syncthing, Dropbox, git) is one file with two lives; when both
changed it while apart, a merge needs to know which side changed a record and when. The name lives on the
machine (the user's state folder), never in the journal: a synced journal would carry it to the other device.
It is random, so it says nothing about the machine or the person. `NETJOURNAL_DEVICE` overrides it (two devices
on one machine, in tests and for people who want to name theirs).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DEVICE_VARIABLE = "NETJOURNAL_DEVICE"
DEVICE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")

_known: dict[str, str] = {}  # the device file's path -> its name, read once per process


def device_file() -> Path:
    """Beside the crash logs: ~/.local/state/netjournal/device on Linux."""
    from platformdirs import user_state_path

    return user_state_path("netjournal", appauthor=False) / "device"


def this_device() -> str:
    """This machine's device name, made and kept on first use."""
    named = os.environ.get(DEVICE_VARIABLE, "").strip().lower()
    if named:
        if not DEVICE_NAME.match(named):
            raise ValueError(f"{DEVICE_VARIABLE} is {named[:40]!r}: it must be 1-32 letters, digits or '-', "
                             "starting with a letter or digit")
        return named
    path = device_file()
    key = str(path)
    if key not in _known:
        _known[key] = _read_or_make(path)
    return _known[key]


def _read_or_make(path: Path) -> str:
    try:
        name = path.read_text(encoding="ascii").strip()
        if DEVICE_NAME.match(name):
            return name
    except (OSError, UnicodeDecodeError):
        pass
    name = os.urandom(4).hex()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Made whole under a temporary name, then linked in: two netjournals starting at once agree on one name.
        temporary = path.with_name(f"device.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, name.encode("ascii") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another netjournal made it first: take theirs
        finally:
            temporary.unlink(missing_ok=True)
        kept = path.read_text(encoding="ascii").strip()
        return kept if DEVICE_NAME.match(kept) else name
    except (OSError, UnicodeDecodeError):
        # A read-only or full state folder must not stop a save: a name that stays the same on this machine,
        # hashed so that it does not say the machine's name.
        import socket
        from hashlib import blake2s

        return blake2s(socket.gethostname().encode(), digest_size=4).hexdigest()
