"""Another copy of this journal taken in (`netjournal merge`), and the fields both copies changed differently,
kept for the person to settle (`netjournal conflicts`). The merge itself is worked out in core/copies.py."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...common.device import this_device
from ..copies import CopyConflict, MergePlan, check_same_journal, plan_merge, references
from ..errors import JournalError
from ..storage import found_copies_of, put_aside_merged
from ..model import CONFLICTS, RECORD_TYPES, SYNCED_TABLES, TOMBSTONES, new_id, stamp_time

_KINDS = {kind.TABLE: kind for kind in RECORD_TYPES}


class ConflictNotFound(JournalError):
    pass


def _fits(table: str, doc: dict[str, Any]) -> bool:
    """Whether fields merged from two versions still make a record the model accepts."""
    try:
        _KINDS[table].from_record(doc)
    except (TypeError, ValueError, KeyError):
        return False
    return True


class CopiesArea:
    # --- merging another copy -------------------------------------------------------------

    def merge_copy(self, other: Mapping[str, Any], *, dry_run: bool = False, any_journal: bool = False,
                   source: Any = "the other file") -> MergePlan:
        """Take in another copy of this journal (its tables, loaded and brought to this schema): what it added,
        changed and deleted, record by record; fields both copies changed differently keep the value written
        last and are listed in `conflicts()`. With `dry_run`, only say what would change. Another journal (not
        a copy of this one) is refused unless `any_journal`."""
        if not any_journal:
            check_same_journal({"meta": self._tables["meta"].raw_documents()}, other, source)
        if dry_run:
            self.refresh()
            return self._plan_with(other)
        with self._change():
            plan = self._plan_with(other)
            if not plan.empty or plan.conflicts:
                self._apply(plan)
        return plan

    def found_copies(self) -> list[Path]:
        """Other copies of this journal beside it (a sync tool's conflict copies, netjournal's own), oldest
        first."""
        return found_copies_of(self.path)

    def put_aside_merged(self, copy: Path) -> Path:
        """Move a copy that was merged out of the way, under journal.json.merged-..., kept as backups are; beside
        an encrypted journal, a plain copy is kept encrypted (a plain file there would be a leak)."""
        import os

        from ...common.files import write_private_atomically
        from ..crypto import is_sealed

        kept = put_aside_merged(self.path, copy)
        key = self._storage.key
        if key is not None:
            raw = kept.read_bytes()
            if not is_sealed(raw):
                write_private_atomically(kept, key.seal(raw, os.urandom(8).hex()))
        return kept

    def _plan_with(self, other: Mapping[str, Any]) -> MergePlan:
        ours = {table: self._tables[table].raw_documents() for table in (*SYNCED_TABLES, TOMBSTONES)}
        return plan_merge(ours, other, device=this_device(), now=stamp_time(), valid=_fits)

    def _apply(self, plan: MergePlan) -> None:
        for table, docs in plan.put.items():
            if not docs:
                continue
            stored = self._tables[table]
            doc_ids = {doc["id"]: int(doc_id) for doc_id, doc in stored.raw_documents().items()}
            for doc in docs:
                doc_id = doc_ids.get(doc["id"])
                if doc_id is None:
                    stored.insert(dict(doc))  # as the other copy has it: its stamps say who wrote it
                else:
                    stored.put_document(doc_id, dict(doc))
            self._wrote(table)
            self._ids_seen.pop(table, None)
        for table, record_ids in plan.drop.items():
            if record_ids:
                self._remove(table, record_ids, tombstones=False)  # the other copy's tombstones come along
        if plan.tombstones:
            self._tables[TOMBSTONES].insert_multiple(dict(doc) for doc in plan.tombstones)
            self._wrote(TOMBSTONES)
        self._keep_conflicts(plan.conflicts)
        self._clean_up_after_merge(plan)

    def _clean_up_after_merge(self, plan: MergePlan) -> None:
        """What one copy deleted may be pointed at by what the other added or changed: a conversation logged
        there with a person forgotten here. Each is cleaned up as the deletion would have done here."""
        people = {doc["id"] for doc in self._docs("contacts")}
        conversations = {doc["id"] for doc in self._docs("interactions")}
        gone_people = set(plan.drop.get("contacts", ()))
        gone_conversations = set(plan.drop.get("interactions", ()))
        for table, docs in plan.put.items():
            for doc in docs:
                pointed_people, pointed_conversations = references(table, doc)
                gone_people |= pointed_people - people
                gone_conversations |= pointed_conversations - conversations
        for contact_id in sorted(gone_people):
            self._forget_mentions(contact_id)
        for interaction_id in sorted(gone_conversations):
            self._unlink_interaction(interaction_id)

    # --- the fields both copies changed -----------------------------------------------------

    def _keep_conflicts(self, conflicts: list[CopyConflict]) -> None:
        table = self._tables[CONFLICTS]
        kept = {(d["table"], d["record_id"], d["field"], _same(d["other"])) for d in self._docs(CONFLICTS)}
        found_at = stamp_time()
        new = []
        for conflict in conflicts:
            key = (conflict.table, conflict.record_id, conflict.field, _same(conflict.other))
            if key in kept:
                continue  # the same copy merged twice lists it once
            kept.add(key)
            new.append({"table": conflict.table, "record_id": conflict.record_id, "field": conflict.field,
                        "kept": conflict.kept, "other": conflict.other, "other_device": conflict.other_device,
                        "other_at": conflict.other_at, "found_at": found_at, "id": new_id()})
        if new:
            table.insert_multiple(new)
            self._wrote(CONFLICTS)

    def conflicts(self) -> list[dict[str, Any]]:
        """The fields two merged copies changed differently, oldest first: each with the record's table and id,
        the field, the value kept and the other copy's, and which device wrote that one and when."""
        return sorted((dict(doc) for doc in self._docs(CONFLICTS)), key=lambda d: (d["found_at"], d["id"]))

    def settle_conflict(self, conflict_id: str, *, take_other: bool) -> dict[str, Any]:
        """Keep the value the merge kept, or put the other copy's back; either way the conflict is settled."""
        with self._change():
            conflict = next((dict(d) for d in self._docs(CONFLICTS) if d["id"] == conflict_id), None)
            if conflict is None:
                raise ConflictNotFound(f"no conflict with id {conflict_id!r} (settled already?)")
            if take_other:
                kind = _KINDS[conflict["table"]]
                record = self._find(kind, conflict["record_id"])
                if record is None:
                    raise ConflictNotFound(f"the {conflict['table'][:-1].replace('_', ' ')} it is about was deleted "
                                           "since; nothing to put back")
                values = record.to_record()
                values[conflict["field"]] = conflict["other"]
                self._replace(kind.from_record(values))
            self._drop_conflicts(lambda d: d["id"] == conflict_id)
        return conflict

    def _drop_conflicts(self, which: Any) -> None:
        raw = self._tables[CONFLICTS].raw_documents()
        doc_ids = [int(doc_id) for doc_id, doc in raw.items() if which(doc)]
        if doc_ids:
            self._tables[CONFLICTS].remove(doc_ids=doc_ids)
            self._wrote(CONFLICTS)


def _same(value: Any) -> str:
    """A value as a key: lists and objects compared by content."""
    import orjson

    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
