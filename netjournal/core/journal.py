"""Journal: the one interface to stored data.

Callers get and give dataclasses from `model`; no TinyDB query, table name or dict shape leaks out.
Every change runs inside one storage transaction: the lock is held, the newest file is read first,
references are checked against it, and the result is saved once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..common.folding import find_folded, fold
from .model import RECORD_TYPES, STAMPS, Interaction

from .areas.base import EditConflict, JournalCore, RecordGone, R  # noqa: F401 - callers import them from here
from .areas.ahead import AheadArea, FollowUpNotFound  # noqa: F401
from .areas.contacts import ContactsArea, NameAmbiguous, NameNotFound, display_name  # noqa: F401
from .areas.conversations import ConversationsArea
from .areas.copies import ConflictNotFound, CopiesArea  # noqa: F401
from .areas.months import MonthGoalNotFound, MonthsArea  # noqa: F401
from .areas.organisations import OrganisationNotFound, OrganisationsArea  # noqa: F401
from .areas.ratings import RatingsArea
from .areas.value import ValueArea
from .areas.weeks import WeeksArea


@dataclass(frozen=True)
class SearchHit:
    kind: str  # contact | interaction | follow_up | reflection | share
    record_id: str
    contact_ids: tuple[str, ...]
    title: str
    snippet: str


def default_journal_path() -> Path:
    """$NETJOURNAL_DB, else the platform's user data folder."""
    configured = os.environ.get("NETJOURNAL_DB")
    if configured:
        return Path(configured)  # the storage expands ~ (and says so clearly when ~user does not exist)
    from platformdirs import user_data_path

    return user_data_path("netjournal", appauthor=False) / "journal.json"


class Journal(ContactsArea, ConversationsArea, RatingsArea, WeeksArea, ValueArea, AheadArea, OrganisationsArea,
              MonthsArea, CopiesArea, JournalCore):
    """The one interface to stored data, made of one area per kind of record (core/areas/): a new kind of
    record is a new area file and one more base class here, not more lines in one class."""

    # --- search and export ------------------------------------------------------------------

    def search(self, text: str) -> list[SearchHit]:
        """Every person, conversation, follow-up, reflection and queued item that mentions `text`, folded: any case, with or
        without accents (`alvarez` finds Álvarez, `strasse` Straße)."""
        needle = fold(text)
        if not needle:
            return []
        hits: list[SearchHit] = []
        for doc in self._docs("contacts"):
            fields = [doc.get("name", ""), doc.get("org", ""), doc.get("title", ""), doc.get("notes", ""),
                      doc.get("needs", ""), doc.get("how_met", ""), " ".join(doc.get("tags", []))]
            snippet = _first_match(fields, needle)
            if snippet is not None:
                hits.append(SearchHit("contact", doc["id"], (doc["id"],), doc["name"], snippet))
        for doc in self._docs("interactions"):
            snippet = _first_match([doc.get(f, "") for f in Interaction.TEXT_FIELDS], needle)
            if snippet is not None:
                hits.append(SearchHit("interaction", doc["id"], tuple(doc["with"]), doc["date"], snippet))
        for doc in self._docs("follow_ups"):
            snippet = _first_match([doc["what"]], needle)
            if snippet is not None:
                title = f"done {doc['done_on']}" if doc.get("done_on") else f"due {doc['due']}"
                hits.append(SearchHit("follow_up", doc["id"], (doc["contact_id"],), title, snippet))
        for doc in self._docs("reflections"):
            texts = [a.get("answer", "") for a in doc.get("answers", [])] + [doc.get("notes", "")]
            snippet = _first_match(texts, needle)
            if snippet is not None:
                hits.append(SearchHit("reflection", doc["id"], (), doc["week"], snippet))
        for doc in self._docs("shares"):
            snippet = _first_match([doc.get("title", ""), doc.get("note", ""), doc.get("link", ""),
                                    " ".join(doc.get("tags", []))], needle)
            if snippet is not None:
                hits.append(SearchHit("share", doc["id"], (), doc["title"], snippet))
        return hits

    def export(self) -> dict[str, Any]:
        """Every table under its name, records with the fields of DESIGN section 3 (no TinyDB doc ids), and
        which device last wrote each and when, where the journal knows it."""
        result: dict[str, Any] = {"meta": self.meta()}
        for kind in RECORD_TYPES:
            result[kind.TABLE] = [
                {**kind.from_stored(doc).to_record(), **{key: doc[key] for key in STAMPS if key in doc}}
                for doc in self._docs(kind.TABLE)]
        return result



def _first_match(texts: Iterable[str], needle: str) -> str | None:
    """The stored words around the first folded match of `needle`, or None."""
    for text in texts:
        found = find_folded(text, needle)
        if found is not None:
            start = max(0, found[0] - 30)
            end = min(len(text), found[1] + 50)
            return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")
    return None
