"""A loaded journal held in less memory: its documents refilled into dicts that share one table of keys.

orjson gives every document a dict with a key table of its own: 632 bytes for a conversation's 18 keys, before
any value, and a journal is mostly conversations (31 MB of dicts on 50,000). CPython shares one key table among
the attribute dicts of a class's instances (PEP 412): a conversation refilled into such a dict takes 288 bytes.
It is still a plain `dict` with the same items in the same order, so whatever reads, changes or saves it (orjson
writes the same bytes) cannot tell the difference. A class shares at most 30 keys, and a shared dict reserves
room for all of them, so a small document (the meta table's) or one whose keys no longer fit would take more
refilled: such a document is left as it was.

The dicts orjson made are freed by the refill, but the C allocator keeps the freed memory until asked to give it
back; `give_back_freed_memory` asks (glibc's malloc_trim; elsewhere nothing happens).
"""

from __future__ import annotations

import sys
from typing import Any


def key_sharing_holder() -> type:
    """A class whose instances' dicts share the keys of the first document refilled: one per table, kept for as
    long as the table (a class is freed only by the garbage collector, and the refilled data is frozen out of
    its sight, so one made at every reload would never be freed)."""
    return type("StoredDocument", (), {})


def refill(documents: dict[str, Any], keys: list[str], holder: type) -> None:
    """Refill the documents under `keys` as they are now (a table may be refilled a slice at a time between other
    work): a key no longer there is skipped, and a document added since is left as it is."""
    for key in keys:
        document = documents.get(key)
        if type(document) is dict:
            refilled = holder().__dict__
            # Item by item: `update(document)` would copy the other dict's own key table wholesale.
            refilled.update(document.items())
            if sys.getsizeof(refilled) < sys.getsizeof(document):
                documents[key] = refilled


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system, so that what was freed leaves the resident memory."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # a Python built without libffi has none

        trim = ctypes.CDLL(None).malloc_trim
    except (ImportError, AttributeError, OSError):  # or not glibc (musl has no malloc_trim)
        return
    trim(0)
