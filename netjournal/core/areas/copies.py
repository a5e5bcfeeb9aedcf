"""Another copy of this journal taken in (`netjournal merge`), and the fields both copies changed differently,
kept for the person to settle (`netjournal conflicts`). The merge itself is worked out in core/copies.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
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


class ConflictDoesNotFit(JournalError):
    """The other copy's value of a field, put back, would make a record the model refuses."""


class CopyLocked(JournalError):
    """Another copy encrypted under a passphrase other than this journal's: it has to be asked for."""


MAX_COPY_BYTES = 2 * 1024**3  # far above any journal; a device or a runaway file is refused, not read to the end


def copy_bytes(source: Path) -> bytes:
    """The bytes of another copy: a regular file only (a FIFO would block with nothing written, /dev/zero never
    end), opened without following it into a device. ValueError says what is wrong."""
    import stat

    try:
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise ValueError(f"cannot read {source}: {error.strerror or error}; nothing was merged") from None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise ValueError(f"{source} is not a file (a folder, a pipe or a device); nothing was merged")
        if found.st_size > MAX_COPY_BYTES:
            raise ValueError(f"{source} is {found.st_size / 1024**3:.1f} GB: not a journal; nothing was merged")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_COPY_BYTES + 1)
    except OSError as error:
        raise ValueError(f"cannot read {source}: {error.strerror or error}; nothing was merged") from None
    finally:
        os.close(fd)


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
                   source: Any = "the other file", base: Mapping[str, Any] | None = None) -> MergePlan:
        """Take in another copy of this journal (its tables, loaded and brought to this schema): what it added,
        changed and deleted, record by record; fields both copies changed differently keep the value written
        last and are listed in `conflicts()`. With `dry_run`, only say what would change. Another journal (not
        a copy of this one) is refused unless `any_journal`. `base`: the copy both were made from, when known (git's
        common ancestor), for a three-way merge."""
        if not any_journal:
            check_same_journal({"meta": self._tables["meta"].raw_documents()}, other, source)
        if dry_run:
            self.refresh()
            return self._plan_with(other, base)
        with self._change():
            plan = self._plan_with(other, base)
            if not plan.empty or plan.conflicts:
                self._apply(plan)
                # Records came in from another file, past the model's constructors: checked as an opening would,
                # since the next opening of what we save skips that check. ~0.1 s at 50,000 conversations.
                self._storage.check_records("the merge")
        return plan

    def merge_copy_file(self, source: Path, *, dry_run: bool = False, old_copy: bool = False,
                        any_journal: bool = False, unseal: Callable[[Path, bytes], bytes] | None = None,
                        base: Mapping[str, Any] | None = None) -> MergePlan:
        """Merge (or with `dry_run`, plan) the copy in the file `source`, plain or encrypted. An encrypted copy
        opens with this journal's key; one under another passphrase goes to `unseal` (which asks for it), or
        without one, CopyLocked. ValueError or JournalError say why a file cannot be merged; nothing changes."""
        if source.exists() and source.resolve() == self.path.resolve():
            raise ValueError(f"{source} is the journal itself; give the other copy")
        return self.merge_copy(self.copy_tables(source, old_copy=old_copy, unseal=unseal), dry_run=dry_run,
                               any_journal=any_journal, source=source, base=base)

    def copy_tables(self, source: Path, *, old_copy: bool = False,
                    unseal: Callable[[Path, bytes], bytes] | None = None) -> dict[str, Any]:
        """The tables of another copy file (plain, or encrypted as `merge_copy_file` says), checked and brought
        to this schema; ValueError or JournalError says why it cannot be read."""
        from ..copies import read_copy
        from .. import crypto

        raw = copy_bytes(source)
        if crypto.is_sealed(raw):
            raw = self._opened_copy(source, raw, unseal)
        return read_copy(raw, source, old_copy=old_copy)

    def _opened_copy(self, source: Path, raw: bytes, unseal: Callable[[Path, bytes], bytes] | None) -> bytes:
        from .. import crypto

        try:
            crypto.check_header(raw)
        except crypto.EncryptionDamaged as damage:
            raise ValueError(f"{source} cannot be opened: {damage}; nothing was merged") from None
        key = self.encryption_key
        if key is not None:
            try:
                return key.for_file(raw).open(raw)
            except crypto.WrongPassphrase:
                pass  # encrypted with another key: its own passphrase is needed
            except crypto.EncryptionDamaged as damage:
                raise ValueError(f"{source} cannot be opened: {damage}; nothing was merged") from None
        if unseal is None:
            raise CopyLocked(f"{source} is encrypted with another passphrase than this journal's: "
                             f"`netjournal merge {source}` asks for it")
        return unseal(source, raw)

    def found_copies(self) -> list[Path]:
        """Other copies of this journal beside it (a sync tool's conflict copies, netjournal's own), oldest
        first."""
        return found_copies_of(self.path)

    def put_aside_merged(self, copy: Path) -> Path:
        """Move a copy that was merged out of the way, under journal.json.merged-..., kept as backups are; beside
        an encrypted journal, a plain copy is kept encrypted (a plain file there would be a leak)."""
        from ...common.files import write_private_atomically
        from ..crypto import is_sealed

        kept = put_aside_merged(self.path, copy)
        key = self._storage.key
        if key is not None:
            raw = kept.read_bytes()
            if not is_sealed(raw):
                write_private_atomically(kept, key.seal(raw, os.urandom(8).hex()))
        return kept

    def _plan_with(self, other: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> MergePlan:
        ours = {table: self._tables[table].raw_documents() for table in (*SYNCED_TABLES, TOMBSTONES)}
        return plan_merge(ours, other, device=this_device(), now=stamp_time(), valid=_fits, base=base)

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
        self._settle_orgs_after_merge({doc["id"] for doc in plan.put.get("contacts", ())})

    def _settle_orgs_after_merge(self, merged: set[str]) -> None:
        """A person's `org_id` points at the organisation their `org` names, as every edit keeps it. A merge can
        leave the two apart: the name from one copy and the id from another, or an id of an organisation of the
        same name that became one with another. Settled from the name, which only the person writes, so that
        copies merged in any order end pointing the same way. Only the people the merge wrote, and anyone left
        pointing at an organisation that is gone, are looked at: the others were settled by their last edit."""
        from ...common.folding import organisation_key
        from ..model import Contact

        names = {doc["id"]: organisation_key(doc.get("name") or "") for doc in self._docs("organisations")}
        for doc in list(self._docs("contacts")):
            org, org_id = doc.get("org") or "", doc.get("org_id")
            if doc["id"] not in merged and (org_id is None or org_id in names):
                continue
            if (not org and org_id is None) or (org and names.get(org_id) == organisation_key(org)):
                continue
            person = Contact.from_stored(doc)
            self._settle_org(person)  # type: ignore[attr-defined]
            self._replace(person)

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
                try:
                    settled = kind.from_record(values)
                except (TypeError, ValueError, KeyError) as error:
                    raise ConflictDoesNotFit(
                        f"the other copy's {conflict['field']} does not fit with the rest of the record as it is "
                        f"now ({error}); nothing was changed: keep this value, or change the record by hand"
                    ) from None
                self._replace(settled)
            self._drop_conflicts(lambda d: d["id"] == conflict_id)
        return conflict

    def keep_all_conflicts(self) -> int:
        """Keep every value the merges kept: all conflicts settled in one save. Returns how many there were."""
        with self._change():
            count = len(self._docs(CONFLICTS))
            self._drop_conflicts(lambda d: True)
        return count

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
