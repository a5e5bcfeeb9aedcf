"""Two copies of one journal merged record by record: what a sync tool's conflict copy needs.

When a laptop and a desktop both change a synced journal while apart, Syncthing, Dropbox or Nextcloud keep both
files, and whichever is opened wins. `plan_merge` works out, without changing anything, what taking the other
copy in means for this one. Records are matched by their id and decided by the stamps the journal writes on every
record (schema 7): `versions` counts, per device, the writes of the record it made or saw, and `fields` says which
write last set each field changed since the record was made. A deletion leaves a tombstone with the versions it
had seen.

- A record only one copy has was added there, unless the other copy deleted it: a deletion (counted as a write
  of its own) wins over every version that had not seen it; only the record made again after it (undo) stays.
- Of two versions of a record, one that has seen every write the other has is built on it, and is taken whole.
- Two versions changed apart are merged field by field: a field set by a write the other side had seen, and then
  set again, takes the later value; a field both sides set apart keeps the value written last (`updated_at`), and
  the other value becomes a `CopyConflict` for the person to look at. The merged record counts every write of
  both, and is the same whichever copy is merged into which, so that two copies merged both ways agree at once.
- Records the app keeps one of (an organisation per name, a reflection per week, a week goal per person and
  week, a link per kind and pair, a calendar event once) but that each side made apart are one after the merge:
  the one made first, filled in from the other; what the other held that differs is listed as a conflict.

Clocks order only which of two values set apart was set last: everything one side had seen, the counts say, and
deletions never go by the clocks, so that any number of copies merged in any order agree. A merge itself is not a write: the
record it makes counts the writes of both and keeps the newer one's time, so it never outruns a deletion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from .model import STAMPS, SYNCED_TABLES, TOMBSTONES, deletion_counted, tombstone_key

Data = Mapping[str, Any]
Doc = dict[str, Any]
Versions = dict[str, int]


class CopiesDiffer(ValueError):
    """The other file cannot be merged as a copy of this journal."""


@dataclass(frozen=True)
class CopyConflict:
    """A field both copies changed, to different values: the value kept, and the one the other version had."""

    table: str
    record_id: str
    field: str
    kept: Any
    other: Any
    other_device: str  # "" for a record written before schema 7
    other_at: str


@dataclass
class MergePlan:
    """What taking the other copy in changes here, table by table."""

    put: dict[str, list[Doc]] = field(default_factory=dict)  # whole stored records, new or replacing ours
    drop: dict[str, list[str]] = field(default_factory=dict)  # record ids deleted in the other copy
    tombstones: list[Doc] = field(default_factory=list)  # the other copy's that this one lacks, and the merge's
    conflicts: list[CopyConflict] = field(default_factory=list)
    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)

    @property
    def removed(self) -> Counter[str]:
        return Counter({table: len(ids) for table, ids in self.drop.items() if ids})

    @property
    def empty(self) -> bool:
        return not (any(self.put.values()) or any(self.drop.values()) or self.tombstones)


def plan_merge(ours: Data, theirs: Data, *, device: str, now: str,
               valid: Callable[[str, Doc], bool] = lambda table, doc: True, base: Data | None = None) -> MergePlan:
    """What merging the tables of `theirs` into `ours` (both as stored: table -> doc id -> record) changes in
    ours. `device` and `now` stamp what the merge itself changes (two records made for one thing become one);
    `valid(table, doc)` says whether a record merged field by field can be kept (fields from two valid records
    may not fit together: then the version written last is kept whole, and every field it differs in is a
    conflict).

    `base` is the copy both were made from, when it is known (git's common ancestor): a record one side left as
    it was there is built on by the other side's version whole, and one side deleted while the other left it
    as it was goes, even where no stamps say so (records written before schema 7, a copy from an older
    netjournal)."""
    plan = MergePlan()
    our_stones, their_stones = _deleted(ours), _deleted(theirs)
    for table in SYNCED_TABLES:
        mine, other = _by_id(ours.get(table)), _by_id(theirs.get(table))
        before = _by_id(base.get(table)) if base is not None else {}
        puts, drops = plan.put.setdefault(table, []), plan.drop.setdefault(table, [])
        for record_id, there in other.items():
            here = mine.get(record_id)
            if here is None:
                if before.get(record_id) == there:  # deleted here, left as it was there
                    if tombstone_key(table, record_id) not in our_stones:
                        plan.tombstones.append(_stone_for(table, there, device=device, now=now))
                    continue
                if not _deletion_wins(our_stones.get(tombstone_key(table, record_id)), there):
                    puts.append(there)
                    plan.added[table] += 1
                continue
            if here == there or before.get(record_id) == there:  # the same, or changed only here
                continue
            # A version a deletion had not seen does not count, though both copies hold the record: the record
            # was made again (undo) on one side, and a version from before the deletion is not merged into it.
            stone = _either_stone(our_stones, their_stones, tombstone_key(table, record_id))
            here_gone, there_gone = _deletion_wins(stone, here), _deletion_wins(stone, there)
            if there_gone and not here_gone:
                continue
            # Both made again apart after deletions, each after its own: two versions of the record that came
            # back, merged as any two versions are.
            here_gone = here_gone and not there_gone
            if before.get(record_id) == here or here_gone:  # changed only there, or only there made again
                merged, conflicts = there, []
            else:
                merged, conflicts = _reconcile(table, here, there, valid=valid)
                if record_id in before:  # git's ancestor: each field changed on one side takes that side's
                    merged, conflicts = _against_ancestor(table, before[record_id], here, there, merged, conflicts,
                                                          valid=valid)
            if merged is not here:
                puts.append(merged)
                plan.changed[table] += 1
            plan.conflicts.extend(conflicts)
        for record_id, here in mine.items():
            if record_id not in other:
                stone = their_stones.get(tombstone_key(table, record_id))
                if stone is None and before.get(record_id) == here:  # deleted there, left as it was here
                    plan.tombstones.append(_stone_for(table, here, device=device, now=now))
                    drops.append(record_id)
                elif _deletion_wins(stone, here):
                    drops.append(record_id)
    for table, key in NATURAL_KEYS.items():
        _one_per_key(plan, ours, theirs, table, key, device=device, now=now)
    known = {_stone_identity(doc) for doc in _docs(ours.get(TOMBSTONES))}
    for doc in _docs(theirs.get(TOMBSTONES)):
        if _stone_identity(doc) not in known:
            known.add(_stone_identity(doc))
            plan.tombstones.append(dict(doc))
    plan.added += Counter()  # drops the counts that fell to zero
    plan.changed += Counter()
    return plan


def _reconcile(table: str, here: Doc, there: Doc,
               valid: Callable[[str, Doc], bool]) -> tuple[Doc, list[CopyConflict]]:
    """The record to keep of two different versions, and the fields both changed apart."""
    here_seen, there_seen = _versions(here), _versions(there)
    if here_seen != there_seen:
        if _covers(here_seen, there_seen):
            return here, []  # built on theirs
        if _covers(there_seen, here_seen):
            return there, []
    newer, older = (here, there) if _order(here) >= _order(there) else (there, here)
    newer_seen, older_seen = _versions(newer), _versions(older)
    merged: Doc = {}
    writes: dict[str, str] = {}
    conflicts: list[CopyConflict] = []
    for name in {**older, **newer}:
        if name in STAMPS:
            continue
        newer_write, older_write = _write_of(newer, name), _write_of(older, name)
        if name not in newer or name not in older or newer[name] == older[name]:
            merged[name] = newer.get(name, older.get(name))
            chosen = max(newer_write, older_write, key=_write_order)
        elif _saw(older_seen, newer_write) and not _saw(newer_seen, older_write):
            merged[name], chosen = older[name], older_write  # set again on the older side, after the newer's
        elif _saw(newer_seen, older_write) and not _saw(older_seen, newer_write):
            merged[name], chosen = newer[name], newer_write
        else:  # set on both sides apart: the value set last, the other listed
            first, last = sorted(((older_write, older), (newer_write, newer)),
                                 key=lambda pair: (_write_time(pair[0]) or pair[1].get("created_at") or "",
                                                   _order(pair[1])))
            merged[name], chosen = last[1][name], last[0]
            conflicts.append(_conflict(table, name, last[1], first[1]))
        if chosen:
            writes[name] = chosen
    if not valid(table, merged):
        merged = {name: value for name, value in newer.items() if name not in STAMPS}
        writes = dict(newer.get("fields") or {})
        conflicts = [_conflict(table, name, newer, older) for name in older
                     if name not in STAMPS and name in newer and newer[name] != older[name]]
    # Every write of both counted, the newer version's time and device: the same record from either side.
    merged.update(device=newer.get("device") or older.get("device") or "", updated_at=_at(newer) or _at(older),
                  versions=_joined(newer_seen, older_seen), fields=writes)
    if not merged["device"]:
        del merged["device"]
    if not merged["updated_at"]:
        del merged["updated_at"]
    return merged, conflicts


def _either_stone(ours: dict[str, tuple[Versions, str]], theirs: dict[str, tuple[Versions, str]],
                  key: str) -> tuple[Versions, str] | None:
    found = [stone for stone in (ours.get(key), theirs.get(key)) if stone is not None]
    if not found:
        return None
    return (_joined(*(stone[0] for stone in found)) if len(found) == 2 else found[0][0],
            max(stone[1] for stone in found))


_MISSING = object()


def _against_ancestor(table: str, base: Doc, here: Doc, there: Doc, merged: Doc, conflicts: list[CopyConflict],
                      valid: Callable[[str, Doc], bool]) -> tuple[Doc, list[CopyConflict]]:
    """`merged` (of two versions both changed since `base`) with every field one side left as `base` had it
    taking the other side's value, and every field both changed differently listed. The counts of writes cannot
    say this when both sides were written under one device name (two branches of one clone of a git repo)."""
    result = dict(merged)
    writes = dict(merged.get("fields") or {})
    one_side = {name for name in {*here, *there, *base} - set(STAMPS)
                if here.get(name, _MISSING) != there.get(name, _MISSING)
                and base.get(name, _MISSING) in (here.get(name, _MISSING), there.get(name, _MISSING))}
    # What the counts took for fields both set is, by the ancestor, a change on one side only: not a conflict.
    found = [conflict for conflict in conflicts if conflict.field not in one_side]
    listed = {conflict.field for conflict in found}
    for name in {*here, *there, *base} - set(STAMPS):
        was, mine, theirs = base.get(name, _MISSING), here.get(name, _MISSING), there.get(name, _MISSING)
        if mine == theirs:
            continue
        if mine == was or theirs == was:
            side = there if mine == was else here
            value = theirs if mine == was else mine
            if value is _MISSING:
                result.pop(name, None)
            else:
                result[name] = value
            if _write_of(side, name):
                writes[name] = _write_of(side, name)
        elif name not in listed:  # both changed it, differently: the value kept stays, the other is listed
            kept_side, other_side = (here, there) if result.get(name) == mine else (there, here)
            if name in kept_side and name in other_side:
                found.append(_conflict(table, name, kept_side, other_side))
    if result == merged:
        return merged, found
    result.update(fields=writes, versions=_joined(_versions(here), _versions(there)))
    if not valid(table, {k: v for k, v in result.items() if k not in STAMPS}):
        # The changes of both do not fit together: the version kept whole stays, and each change of the other
        # side it does not hold is listed, so that none goes without a trace.
        for name in sorted(one_side):
            changed = there if here.get(name, _MISSING) == base.get(name, _MISSING) else here
            if name in merged and name in changed and merged[name] != changed[name]:
                found.append(_conflict(table, name, merged, changed))
        return merged, found
    return result, found


def _write_of(doc: Doc, name: str) -> str:
    """The write that last set a field ("device:count"), or "" for its value when the record was made."""
    return (doc.get("fields") or {}).get(name, "")


def _write_order(write: str) -> tuple[str, int, str]:
    device, count = _write_count(write)
    return (_write_time(write), count, device)


def _write_count(write: str) -> tuple[str, int]:
    device, _, count = write.partition("@")[0].rpartition(":")
    return device, int(count) if count.isdecimal() else 0


def _write_time(write: str) -> str:
    return write.partition("@")[2]


def _saw(seen: Versions, write: str) -> bool:
    """Whether a version that counts `seen` writes had seen `write` (a value from when the record was made: yes)."""
    if not write:
        return True
    device, count = _write_count(write)
    return seen.get(device, 0) >= count


def _versions(doc: Doc) -> Versions:
    found = doc.get("versions")
    return found if isinstance(found, dict) else {}


def _covers(seen: Versions, other: Versions) -> bool:
    """Every write counted in `other` is counted in `seen`."""
    return all(seen.get(device, 0) >= count for device, count in other.items())


def _joined(one: Versions, other: Versions) -> Versions:
    return {device: max(one.get(device, 0), other.get(device, 0)) for device in sorted({*one, *other})}


def _at(doc: Doc) -> str:
    return doc.get("updated_at") or ""


def _conflict(table: str, name: str, newer: Doc, older: Doc) -> CopyConflict:
    return CopyConflict(table, str(newer.get("id", "")), name, newer[name], older[name],
                        older.get("device") or "", older.get("updated_at") or "")


def _order(doc: Doc) -> tuple[str, str, bytes]:
    """Which of two versions was written last; the same answer from either side, ties included."""
    return (_at(doc), doc.get("device") or "", orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))


# --- one record per thing ----------------------------------------------------------------------------------------


def _organisation_key(doc: Doc) -> Any:
    from ..common.folding import organisation_key

    return organisation_key(doc.get("name") or "") or None


# The records the app keeps one of for a thing, by that thing: made on each side apart, they are one after a merge.
NATURAL_KEYS: dict[str, Callable[[Doc], Any]] = {
    "organisations": _organisation_key,
    "reflections": lambda doc: doc.get("week"),
    "week_goals": lambda doc: (doc.get("week"), doc.get("contact_id")),
    "links": lambda doc: (doc.get("kind"), doc.get("from_id"), doc.get("to_id")),
    "meetings": lambda doc: doc.get("event") or None,
    "interactions": lambda doc: doc.get("event") or None,  # one calendar occurrence imported on both sides
    "month_goals": lambda doc: (doc.get("month"), doc.get("kind"), doc.get("org_id"), doc.get("contact_id"),
                                doc.get("activity_id"), " ".join(str(doc.get("text") or "").lower().split())),
}
# Where records point at those: table -> field holding one id, for the ids that move to the record kept.
POINTERS: dict[str, tuple[tuple[str, str], ...]] = {
    "organisations": (("contacts", "org_id"), ("month_goals", "org_id")),
    "interactions": (("follow_ups", "from_interaction"),),
}


def _one_per_key(plan: MergePlan, ours: Data, theirs: Data, table: str, key_of: Callable[[Doc], Any], *,
                 device: str, now: str) -> None:
    """Records of one thing made on each side apart become the one made first (the same in both directions),
    filled in from the other; the other goes, with a tombstone, and what pointed at it points at the one kept."""
    mine = _by_id(ours.get(table))
    dropped = set(plan.drop.get(table, ()))
    puts = plan.put.setdefault(table, [])
    put_ids = {doc["id"] for doc in puts}
    # What the table holds after the plan: ours (or their version of it), theirs that arrive.
    after = {doc["id"]: doc for doc in mine.values() if doc["id"] not in dropped}
    after.update({doc["id"]: doc for doc in puts})
    groups: dict[Any, list[Doc]] = {}
    for doc in after.values():
        key = key_of(doc)
        if key is not None:
            groups.setdefault(key, []).append(doc)
    moved: dict[str, str] = {}
    for docs in groups.values():
        if len(docs) < 2 or all(doc["id"] in mine and doc["id"] not in put_ids for doc in docs):
            continue  # one record, or only ours as they were: nothing this merge made
        docs.sort(key=lambda d: (d.get("created_at") or "", d["id"]))
        kept = docs[0]
        for other in docs[1:]:
            moved[other["id"]] = kept["id"]
            kept = _filled(table, kept, other, plan, device=device, now=now)
            if other["id"] in mine:
                plan.drop.setdefault(table, []).append(other["id"])
                plan.tombstones.append({"table": table, "record": tombstone_key(table, other["id"]),
                                        "deleted_at": now, "device": device,
                                        "versions": deletion_counted(_versions(other), device)})
            if other["id"] in put_ids:
                puts[:] = [d for d in puts if d["id"] != other["id"]]
                put_ids.discard(other["id"])
                if other["id"] not in mine:
                    plan.added[table] -= 1
                else:
                    plan.changed[table] -= 1
        if kept is not docs[0] or kept["id"] not in mine:
            puts[:] = [d for d in puts if d["id"] != kept["id"]] + [kept]
            if kept["id"] in mine and kept["id"] not in put_ids:
                plan.changed[table] += 1
            put_ids.add(kept["id"])
    # A record of theirs that this copy deleted (so not put) may be the one others point at: by its key.
    kept_by_key = {key_of(doc): doc["id"] for doc in after.values() if doc["id"] not in moved and key_of(doc)}
    for doc in _docs(theirs.get(table)):
        if doc["id"] not in after and doc["id"] not in moved and (key := key_of(doc)) in kept_by_key:
            moved[doc["id"]] = kept_by_key[key]
    if moved:
        _point_elsewhere(plan, ours, table, moved, device=device, now=now)


def _filled(table: str, kept: Doc, other: Doc, plan: MergePlan, *, device: str, now: str) -> Doc:
    """`kept` with the empty fields `other` has filled in; the values both have, differently, listed."""
    empty = (None, "", [], {}, False)
    fixed = ("id", "created_at", "updated_at")
    missing: Doc = {}
    for name, value in other.items():
        if name in STAMPS or name in fixed or value in empty or kept.get(name) == value:
            continue
        if kept.get(name) in empty:
            missing[name] = value
        elif isinstance(value, dict) and isinstance(kept.get(name), dict):  # an organisation's plan
            deeper = {k: v for k, v in value.items() if kept[name].get(k) in empty and v not in empty}
            if deeper:
                missing[name] = {**kept[name], **deeper}
        else:
            plan.conflicts.append(CopyConflict(table, kept["id"], name, kept.get(name), value,
                                               other.get("device") or "", other.get("updated_at") or ""))
    if not missing:
        return kept
    return _restamped({**kept, **missing}, kept, device=device, now=now)


def _point_elsewhere(plan: MergePlan, ours: Data, table: str, moved: dict[str, str], *, device: str,
                     now: str) -> None:
    for pointing, name in POINTERS.get(table, ()):
        puts = plan.put.setdefault(pointing, [])
        for index, doc in enumerate(puts):  # arriving (or merged): pointed at the kept one before it is put
            if doc.get(name) in moved:
                puts[index] = _restamped({**doc, name: moved[doc[name]]}, doc, device=device, now=now)
        settled = {doc["id"] for doc in puts} | set(plan.drop.get(pointing, ()))
        for doc in _docs(ours.get(pointing)):
            if doc.get(name) in moved and doc["id"] not in settled:
                puts.append(_restamped({**doc, name: moved[doc[name]]}, doc, device=device, now=now))
                plan.changed[pointing] += 1


def _restamped(doc: Doc, previous: Doc, *, device: str, now: str) -> Doc:
    """A record the merge itself changed: one more write by this device, on top of the version it changed."""
    versions = dict(_versions(previous))
    count = versions[device] = versions.get(device, 0) + 1
    writes = dict(previous.get("fields") or {})
    for name, value in doc.items():
        if name not in STAMPS and previous.get(name) != value:
            writes[name] = f"{device}:{count}@{now}"
    return {**doc, "device": device, "updated_at": now, "versions": versions, "fields": writes}


def _by_id(table: Any) -> dict[str, Doc]:
    return {doc["id"]: doc for doc in _docs(table)}


def _docs(table: Any) -> Iterable[Doc]:
    return table.values() if isinstance(table, dict) else ()


def _deleted(data: Data) -> dict[str, tuple[Versions, str]]:
    """Tombstone key -> every write of the record its deletions had seen, and when it was last deleted."""
    stones: dict[str, tuple[Versions, str]] = {}
    for doc in _docs(data.get(TOMBSTONES)):
        seen, when = stones.get(doc["record"], ({}, ""))
        stones[doc["record"]] = (_joined(seen, _versions(doc)), max(when, doc["deleted_at"]))
    return stones


def _deletion_wins(stone: tuple[Versions, str] | None, doc: Doc) -> bool:
    """A deletion wins over every version of the record but one made after seeing it (the record made again,
    whose counts go on from the tombstone's). Edits made apart lose however late they were: a deletion decided
    by the clocks would depend on which copies met first, and with three devices the copies would not agree.

    The strict comparison keeps tombstones written before they counted the deletion itself as a write: their
    counts equal those of the version they deleted, which must not come back."""
    if stone is None:
        return False
    seen, _ = stone
    found = _versions(doc)
    return not (_covers(found, seen) and found != seen)


def _stone_for(table: str, doc: Doc, *, device: str, now: str) -> Doc:
    """The tombstone of a deletion only the common ancestor shows (the side that deleted left none): it had seen
    every write of the record as the ancestor has it."""
    return {"table": table, "record": tombstone_key(table, doc["id"]), "deleted_at": now, "device": device,
            "versions": deletion_counted(_versions(doc), device)}


def _stone_identity(doc: Doc) -> tuple[str, str, str, str]:
    return (doc["table"], doc["record"], doc["deleted_at"], doc["device"])


def references(table: str, doc: Doc) -> tuple[set[str], set[str]]:
    """The contact ids and the conversation ids a stored record points at: after a merge, those that are gone
    (deleted in one copy, pointed at by a record from the other) are cleaned up as a deletion here would."""
    people: set[str] = set()
    conversations: set[str] = set()
    if table in ("interactions", "meetings"):
        people.update(doc.get("with") or ())
    if table in ("ratings", "week_goals", "follow_ups", "month_goals") and doc.get("contact_id"):
        people.add(doc["contact_id"])
    if table == "contacts" and doc.get("introduced_by"):
        people.add(doc["introduced_by"])
    if table == "focus_goals":
        people.update(doc.get("helps") or ())
        people.update(doc.get("hinders") or ())
    if table == "shares":
        for passed in doc.get("passed") or ():
            people.add(passed["contact_id"])
            if passed.get("interaction_id"):
                conversations.add(passed["interaction_id"])
    if table == "organisations" and (doc.get("plan") or {}).get("contact_id"):
        people.add(doc["plan"]["contact_id"])
    if table == "links":
        people.update((doc["from_id"], doc["to_id"]))
    if table == "follow_ups" and doc.get("from_interaction"):
        conversations.add(doc["from_interaction"])
    if table == "month_goals":
        for note in doc.get("notes") or ():
            conversations.update(note.get("interaction_ids") or ())
    return people, conversations


STAMPED_SINCE = 7  # the schema from which records are stamped and deletions leave tombstones


def read_copy(plain: bytes, source: Any, *, old_copy: bool = False) -> dict[str, Any]:
    """The tables of another copy of the journal, from its plain bytes, brought to this schema and checked as a
    journal is when it is opened. ValueError names `source` and what is wrong; nothing is changed."""
    from . import migrations
    from .errors import SchemaProblem
    from .storage import SAVE_ID_KEY, check_shape

    try:
        data = orjson.loads(plain)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"{source} is not a journal (not valid JSON: {error}); nothing was merged") from None
    if isinstance(data, dict):
        data.pop(SAVE_ID_KEY, None)
    try:
        data = check_shape(data)
        version = migrations.schema_version_of(data)
        data = migrations.prepare(data)
    except SchemaProblem as problem:
        raise ValueError(f"{source} cannot be merged: {problem}; nothing was merged") from None
    if version is None:
        raise ValueError(f"{source} is not a netjournal journal (it has no meta table); nothing was merged")
    if version < STAMPED_SINCE and not old_copy:
        raise CopiesDiffer(
            f"{source} was written by a netjournal from before merging (schema {version}): it cannot say what it "
            "deleted, so merging it would bring back what was deleted or forgotten since it was made. Nothing was "
            "merged; `netjournal --db FILE` opens it to look, and --old-copy merges it anyway")
    return data


def check_same_journal(ours: Mapping[str, Any], theirs: Mapping[str, Any], source: Any) -> None:
    """Refuse another journal: copies of one journal share the moment it was made (meta.created_at)."""
    made_here = next(iter((ours.get("meta") or {}).values()), {}).get("created_at")
    made_there = next(iter((theirs.get("meta") or {}).values()), {}).get("created_at")
    if made_here and made_there and made_here != made_there:
        raise CopiesDiffer(
            f"{source} is another journal, not a copy of this one (made {str(made_there)[:19]}, this one "
            f"{str(made_here)[:19]}); nothing was merged. --any-journal takes its records in all the same")
