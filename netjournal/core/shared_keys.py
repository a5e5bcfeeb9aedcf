"""A loaded journal held in less memory: its documents refilled into dicts that share one table of keys.

orjson gives every document a dict with a key table of its own: 632 bytes for a conversation's 18 keys, before
any value, and a journal is mostly conversations (31 MB of dicts on 50,000). CPython shares one key table among
the attribute dicts of a class's instances (PEP 412): a conversation refilled into such a dict takes 288 bytes.
It is still a plain `dict` with the same items in the same order, so whatever reads, changes or saves it (orjson
writes the same bytes) cannot tell the difference. A document whose keys come in another order or number simply
gets a key table of its own again (CPython converts it on the first key that does not fit), as it had before.

The dicts orjson made are freed by the refill, but the C allocator keeps the freed memory until asked to give it
back; `give_back_freed_memory` asks (glibc's malloc_trim; elsewhere nothing happens).
"""

from __future__ import annotations

import sys
from typing import Any


def share_keys(documents: dict[str, Any]) -> None:
    """Refill each of a table's documents, in place, into a dict sharing one key table with the others."""
    # A class of its own per table: its instances' dicts share the keys of the first document refilled.
    holder = type("StoredDocument", (), {})
    for key, document in list(documents.items()):
        if type(document) is not dict:
            continue
        refilled = holder().__dict__
        # Item by item: `update(document)` would copy the other dict's own key table wholesale.
        refilled.update(document.items())
        documents[key] = refilled


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system, so that what was freed leaves the resident memory."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc (musl has no malloc_trim)
        return
    trim(0)
