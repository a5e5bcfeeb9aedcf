"""Schema versions of the journal file and the forward-only steps between them.

Each step takes the whole data of version N and returns version N+1. They run in memory when a file is
loaded; the upgraded data reaches the disk with the next save, after that day's backup kept the old file.
A step changes only values of the shape it expects and leaves anything else as it found it: `schema.validate`,
run on the upgraded data, names what is wrong.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from . import schema
from ..common.folding import organisation_key
from .model import parse_yearly_date, utc_now
from .errors import SchemaProblem

SCHEMA_VERSION = 7

Data = dict[str, Any]


def _v1_to_v2(data: Data) -> Data:
    """Version 1 logged a conversation with one person (`contact_id`) and kept tags as one comma string.

    Version 2 allows several people per conversation (`with`, a list) and stores tags as a list.
    """
    for doc in data.get("interactions", {}).values():
        if "with" not in doc and "contact_id" in doc:
            person = doc.pop("contact_id")
            doc["with"] = [person] if person else []
    for doc in data.get("contacts", {}).values():
        tags = doc.get("tags")
        if isinstance(tags, str):
            doc["tags"] = [tag.strip() for tag in tags.split(",") if tag.strip()]
    return data


def _v2_to_v3(data: Data) -> Data:
    """Version 3 makes passing along value part of the log.

    Contacts gain `needs` (what they are looking for, matched for introductions); interactions gain `kind`
    (conversation, share or introduction); a share's passes point at the interaction that logged them.
    Every existing interaction was a conversation, and passes made before had no interaction.
    The version is bumped, not just defaulted, so an older netjournal refuses the file instead of
    dropping these fields when it saves a record.
    """
    for doc in data.get("contacts", {}).values():
        doc.setdefault("needs", "")
    for doc in data.get("interactions", {}).values():
        doc.setdefault("kind", "conversation")
    for doc in data.get("focus_goals", {}).values():
        # Version 3 refuses a person who both helps and hinders one goal; helping wins, as the kinder reading.
        helps, hinders = doc.get("helps"), doc.get("hinders")
        if isinstance(helps, list) and isinstance(hinders, list):
            doc["hinders"] = [c for c in hinders if c not in helps]
    for doc in data.get("shares", {}).values():
        passes = doc.get("passed")
        for passed in passes if isinstance(passes, list) else []:
            if isinstance(passed, dict):
                passed.setdefault("interaction_id", None)
    return data


# What earlier imports wrote into the notes for a vCard BDAY or a Google CSV Birthday, in the forms that can
# only mean one day: 1985-04-12, 19850412, 1985-04-12T00:00:00Z, --04-12, --0412. `12/04/1985` could be
# April or December and stays in the notes.
_BIRTHDAY_LINE = re.compile(r"^Birthday: *(\d{4}-?\d{2}-?\d{2}(?:T[\d:]*Z?)?|--\d{2}-?\d{2}) *$")


def _birthday_from_notes(doc: dict[str, Any]) -> None:
    """Move the one readable `Birthday:` line of a person's notes into their dates; leave every other line."""
    notes = doc.get("notes")
    if not isinstance(notes, str) or "Birthday:" not in notes:
        return
    lines = notes.split("\n")
    found = [(index, match) for index, line in enumerate(lines) if (match := _BIRTHDAY_LINE.match(line.strip()))]
    if len(found) != 1 or any(d.get("kind") == "birthday" for d in doc["dates"] if isinstance(d, dict)):
        return  # two birthdays, or one already kept: a person decides which is right
    index, match = found[0]
    try:
        day = parse_yearly_date(match.group(1).split("T")[0], "birthday")
    except ValueError:
        return  # 1985-02-30: not a day, so it stays where the person can read and correct it
    doc["dates"].append({"kind": "birthday", "date": day, "label": ""})
    del lines[index]
    doc["notes"] = "\n".join(lines).strip("\n")


def _v3_to_v4(data: Data) -> Data:
    """Version 4 looks ahead: dates kept about people, follow-ups, and meetings from a calendar.

    Contacts gain `dates` (birthdays and anniversaries), and a birthday an earlier import wrote into the notes
    moves there when it can be read one way only. Interactions gain `event` (the calendar event a conversation
    was logged from; empty for every earlier one). Two new tables: `follow_ups` and `meetings`, empty.
    """
    for doc in data.get("contacts", {}).values():
        if isinstance(doc, dict):
            if not isinstance(doc.get("dates"), list):
                doc.setdefault("dates", [])
            if isinstance(doc.get("dates"), list):
                _birthday_from_notes(doc)
    for doc in data.get("interactions", {}).values():
        if isinstance(doc, dict):
            doc.setdefault("event", "")
    data.setdefault("follow_ups", {})
    data.setdefault("meetings", {})
    return data


def _best_spelling(spellings: list[str]) -> str:
    """The name for an organisation several people's `org` spell differently: the most used spelling, one with
    capitals before one all in small letters or all in capitals, the first seen on a tie."""
    counts: dict[str, int] = {}
    for spelling in spellings:
        counts[spelling] = counts.get(spelling, 0) + 1
    mixed = lambda text: text != text.lower() and text != text.upper()  # noqa: E731
    return max(counts, key=lambda text: (counts[text], mixed(text), -spellings.index(text)))


def _v4_to_v5(data: Data) -> Data:
    """Version 5 knows organisations, and who influences whom.

    Each distinct `org` text becomes an organisation (spellings that differ only in case, accents, punctuation or
    a trailing "Inc."/"Ltd" are one), and its people point at it with `org_id`; their `org` text stays exactly as
    typed. Contacts gain `decision_maker` (false). New tables: `organisations` and `links` (empty).
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc in data.get("contacts", {}).values():
        if not isinstance(doc, dict):
            continue
        doc.setdefault("org_id", None)
        doc.setdefault("decision_maker", False)
        org = doc.get("org")
        if isinstance(org, str) and org.strip():
            groups.setdefault(organisation_key(org.strip()), []).append(doc)
    organisations = data.setdefault("organisations", {})
    data.setdefault("links", {})
    if not isinstance(organisations, dict):
        return data  # not a table: `schema.validate` names it
    now = utc_now()
    number = max((int(key) for key in organisations if key.isdecimal()), default=0)
    for key, members in groups.items():
        number += 1
        # From the name, not random: the upgrade runs in memory at every load until the next save writes it, and
        # two loads of one schema 4 file (the app and a command) must give its organisations the same ids.
        org_id = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        organisations[str(number)] = {
            "name": " ".join(_best_spelling([m["org"].strip() for m in members]).split()), "kind": "",
            "mandate": "", "needs": "", "issues": [], "rank": None, "involvement": "",
            "plan": {"objectives": "", "measures": "", "by": None, "contact_id": None}, "cadence_days": None,
            "archived": False, "id": org_id, "created_at": now, "updated_at": now,
        }
        for member in members:
            member["org_id"] = org_id
    return data


def _v5_to_v6(data: Data) -> Data:
    """Version 6 adds the `month_goals` table (monthly goals and the activities practised), which starts empty.

    Nothing in the older tables changes; the version is bumped so that an older netjournal refuses the file
    instead of saving it without the month's goals.
    """
    return data


def _v6_to_v7(data: Data) -> Data:
    """Version 7 stamps records for merging copies of the journal: each record written from now on says which
    device wrote it (`device`) and when (`updated_at`), and a deletion leaves a tombstone (table, record id, when,
    device) in the new `tombstones` table. A new `conflicts` table holds the fields two merged copies changed
    differently, until the person settles them (`netjournal conflicts`).

    Records saved before carry no stamp and are not given one: no device wrote them as far as a merge can tell,
    and stamping 50,000 conversations would grow the file for nothing. The version is bumped so that an older
    netjournal, which does not know the stamps, refuses the file instead of calling it damaged.
    """
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                 5: _v5_to_v6, 6: _v6_to_v7}


def schema_version_of(data: Data) -> int | None:
    meta = data.get("meta") or {}
    if not meta:
        return None
    version = next(iter(meta.values())).get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SchemaProblem(f"meta.schema_version is {version!r}, not a version number")
    return version


def prepare(data: Data) -> Data:
    """Bring freshly loaded data up to SCHEMA_VERSION and check every record: the storage's load hook.

    A wrongly typed or missing field refuses the file as damaged (SchemaProblem), before anything reads it.
    """
    data = upgrade(data)
    try:
        schema.validate(data)
    except ValueError as problem:
        raise SchemaProblem(str(problem)) from None
    return data


def upgrade(data: Data) -> Data:
    """Check the version of freshly loaded data and bring it up to SCHEMA_VERSION, without checking records.

    `netjournal check` loads with this, so that it can list every problem instead of the first.
    """
    version = schema_version_of(data)
    if version is None:
        if any(data.values()):
            raise SchemaProblem("it has records but no meta.schema_version; it is not a netjournal journal")
        return data
    if version > SCHEMA_VERSION:
        raise SchemaProblem(
            f"it was written by a newer netjournal (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); upgrade netjournal to open it"
        )
    meta = next(iter(data["meta"].values()))
    while version < SCHEMA_VERSION:
        try:
            data = MIGRATIONS[version](data)
        except Exception as error:  # noqa: BLE001 - a step met data it cannot read: the file is refused, not lost
            raise SchemaProblem(f"it could not be upgraded from schema {version} to {version + 1} "
                                f"({type(error).__name__}); it was left as it is") from None
        version += 1
        meta["schema_version"] = version
    return data
