"""The journal's foundation: the storage, its tables, transactions and generic record access."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ... import __version__
from ...common import clock
from ...common.device import this_device
from .. import migrations
from ...settings.content import Role, builtin_roles
from ..merge import Conflict, merge
from ..model import CONFLICTS, STAMPS, TOMBSTONES, Record, deletion_counted, stamp_time, tombstone_key, utc_now
from ..errors import JournalError
from ..storage import SafeJSONStorage, open_database

if TYPE_CHECKING:
    from ..crypto import JournalKey


R = TypeVar("R", bound=Record)


class RecordGone(JournalError):
    """The record a form edited was removed by another netjournal while the form was open."""


class EditConflict(JournalError):
    """Both this form and another netjournal changed the same fields, differently: a person must choose.

    `conflicts` names each field with its value as the form loaded it (base), the form's (mine) and the newest
    saved one (theirs). `save_with({key: "mine" | "theirs"})` saves again with those choices, on top of the
    newest record (which may raise EditConflict again if yet another save came in meanwhile).
    """

    def __init__(self, what: str, conflicts: Sequence[Conflict],
                 retry: Callable[[Mapping[str, str]], Any]) -> None:
        self.what = what
        self.conflicts = tuple(conflicts)
        self._retry = retry
        fields = ", ".join(c.label for c in self.conflicts)
        super().__init__(f"{what} was changed by another netjournal meanwhile, and so was it here: "
                         f"{fields}; choose which to keep")

    def save_with(self, resolutions: Mapping[str, str]) -> Any:
        return self._retry(resolutions)


# Never taken from a form: a record keeps its id and creation time, and `updated_at` says when it was saved.
_FIXED = ("id", "created_at", "updated_at")


APPENDS_KEPT = 256  # conversations remembered for views to catch up with


class JournalCore:
    """What every area shares: the storage, its tables, one transaction per change, generic record access."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 5.0,
        today: Callable[[], date] = clock.today,
        roles: Iterable[Role] | None = None,
        passphrase: str | JournalKey | None = None,  # a key: unlocked already (a recovery key)
    ) -> None:
        self.today = today
        # The network roles a contact may have: the built-in ones and the user's own.
        self.roles: tuple[Role, ...] = tuple(roles) if roles is not None else builtin_roles()
        self.role_ids = tuple(r.id for r in self.roles)
        self._db = open_database(path, prepare=migrations.prepare, prepare_checked=migrations.upgrade,
                                 lock_timeout=lock_timeout, today=today,
                                 passphrase=passphrase)
        self._storage: SafeJSONStorage = self._db.storage  # type: ignore[assignment]
        self._tables = {name: self._db.table(name) for name in
                        ("meta", "contacts", "interactions", "ratings", "week_goals", "reflections",
                         "shares", "focus_goals", "follow_ups", "meetings", "organisations", "links",
                          "month_goals", TOMBSTONES, CONFLICTS)}
        self._storage.on_reload.append(self._after_reload)
        self.revision = 0  # grows with every save or reload, so views know when to redraw
        self._dates_cache: dict[str, tuple[tuple[int, int], dict[str, str]]] = {}  # "first"/"last" -> (log, dates)
        self._ranges: dict[tuple[Any, Any], tuple[tuple[int, int], tuple[Any, ...]]] = {}  # see interactions_between
        # The conversations logged lately, each with the log's write count after it: what a view kept from the log
        # needs to catch up when logging is all that happened since (see _logged_since).
        self._appended: list[tuple[int, dict[str, Any]]] = []
        self._views: dict[Any, tuple[tuple[Any, ...], Any]] = {}  # see _kept
        # For _kept: every write (even inside a batch, before the revision moves), and each table's own; the
        # epoch moves when memory is read from the file again (a reload, a change that failed).
        self._writes = 0
        self._table_writes: dict[str, int] = {}
        self._epoch = 0
        self._ids_seen: dict[str, tuple[Any, int, set[str]]] = {}  # see _known_ids
        self._stone_index: tuple[Any, dict[tuple[str, str], dict[str, int]]] = (None, {})  # see _deleted_versions
        self._ensure_meta()

    @property
    def path(self) -> Path:
        return self._storage.path

    def close(self) -> None:
        self._db.close()

    def shorten_saves(self) -> None:
        """Someone waits for each save (the app): the file a save replaces is removed by a thread just after it,
        not within the save. Closing the journal waits for the last such removal."""
        self._storage.remove_old_later = True

    def hold_in_less_memory(self, at_most: int | None = None) -> bool:
        """The journal stays open (the app): hold its records, now and after every reload, in a fifth less
        memory (core/shared_keys.py), at most `at_most` of them per call; True once all are. ~1-2 us a record,
        so the app calls it once the journal is on screen, a slice at a time."""
        return self._storage.hold_in_less_memory(at_most)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- change tracking -----------------------------------------------------------------

    def refresh(self) -> bool:
        """Pick up changes another process saved; True when something changed."""
        return self._storage.refresh()

    def take_notices(self) -> list[str]:
        """What the person should be told once: a file made private, a conflict copy kept beside the journal."""
        return self._storage.take_notices()

    def _after_reload(self) -> None:
        for table in self._tables.values():
            table.forget_cached_ids()  # type: ignore[attr-defined]
        self._epoch += 1
        self.revision += 1

    @contextmanager
    def _change(self) -> Iterator[None]:
        try:
            with self._storage.transaction():
                yield
        except BaseException:
            # The storage read the file again: views kept of what the change had written are of nothing now.
            self._epoch += 1
            raise
        self.revision += 1

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many changes into one locked read-check-write and one save (imports, the demo)."""
        with self._change():
            yield

    # --- encryption at rest (core/crypto.py) ------------------------------------------------

    @property
    def encrypted(self) -> bool:
        return self._storage.encrypted

    @property
    def encryption_key(self) -> "JournalKey | None":
        """The unlocked key of an encrypted journal (its header says how it is sealed); None when plain."""
        return self._storage.key

    def key_for(self, passphrase: str) -> "JournalKey":
        """The key the journal on disk opens with under `passphrase` (WrongPassphrase if it does not); changes
        nothing, so it can run off the UI thread while the key is derived. For `carry_on_with`."""
        from ..crypto import file_is_sealed, unlock

        if not file_is_sealed(self.path):  # a regular file only: a pipe put there would block
            raise ValueError(f"{self.path} is not encrypted now; nothing to unlock")
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise ValueError(f"cannot read {self.path}: {error.strerror or error}") from None
        return unlock(raw, passphrase)

    def carry_on_with(self, key: "JournalKey") -> None:
        """Go on with the journal another netjournal encrypted anew while this one had it open."""
        self._storage.carry_on_with(key)

    @property
    def unlocked_with(self) -> str | None:
        """The passphrase that unlocked this journal (for --remember to keep in the keyring); None if plain or
        unlocked with a recovery key."""
        key = self._storage.key
        return key.passphrase if key is not None else None

    def encrypt(self, passphrase: str, *, recovery: bool = False) -> tuple[str | None, list[Path]]:
        """Seal the journal, its backups and conflict copies with a new key under `passphrase`.

        Returns the recovery key to show once (if asked for) and the backups and copies encrypted with it.
        """
        from ..crypto import new_key

        if self.encrypted:
            raise ValueError(f"{self.path} is encrypted already; `netjournal passphrase` changes its passphrase")
        if not passphrase:
            raise ValueError("the passphrase is empty; nothing was changed")
        key, recovery_text = new_key(passphrase, recovery=recovery)
        self._set_key(key)
        return recovery_text, self._storage.reseal_companions(None)

    @staticmethod
    def plain_files_beside(path: Path) -> list[Path]:
        """Backups and conflict copies of the journal at `path` that hold plain text, read without opening it
        (beside an encrypted journal: an `encrypt` interrupted)."""
        return SafeJSONStorage.plain_companions_of(_resolved(path))

    def encrypt_companions(self) -> list[Path]:
        """Finish what an interrupted `encrypt` left: seal the plain backups and conflict copies with the key."""
        if not self.encrypted:
            raise ValueError(f"{self.path} is not encrypted")
        return self._storage.reseal_companions(None)

    def decrypt(self) -> list[Path]:
        """Save the journal, its backups and conflict copies as plain JSON again; returns the copies changed."""
        previous = self._storage.key
        if previous is None:
            raise ValueError(f"{self.path} is not encrypted")
        self._set_key(None)
        return self._storage.reseal_companions(previous)

    def change_passphrase(self, passphrase: str) -> list[Path]:
        """The same key under a new passphrase (the recovery key still works); backups follow."""
        previous = self._storage.key
        if previous is None:
            raise ValueError(f"{self.path} is not encrypted; `netjournal encrypt` encrypts it")
        if not passphrase:
            raise ValueError("the passphrase is empty; nothing was changed")
        self._set_key(previous.with_passphrase(passphrase))
        return self._storage.reseal_companions(previous)

    def sealed_for_export(self, payload: bytes) -> bytes:
        """An export kept as the journal is: sealed with its key (same format, same passphrase) when it is
        encrypted, as it is when not."""
        key = self._storage.key
        return key.seal(payload, os.urandom(8).hex()) if key is not None else payload

    def _set_key(self, key: Any) -> None:
        with self._change():
            self._storage.set_key(key)

    def _ensure_meta(self) -> None:
        if self._tables["meta"].all():
            return
        with self._change():
            if not self._tables["meta"].all():
                self._tables["meta"].insert({
                    "schema_version": migrations.SCHEMA_VERSION,
                    "created_at": utc_now(),
                    "app_version": __version__,
                })

    def meta(self) -> dict[str, Any]:
        docs = self._tables["meta"].all()
        return dict(docs[0]) if docs else {}

    # --- generic helpers ------------------------------------------------------------------

    def _kept(self, key: Any, compute: Callable[[], Any], tables: tuple[str, ...] = ()) -> Any:
        """A value worked out from the journal, kept until it changes: Today asks for the same ones every time it
        redraws, and each is a pass over 50,000 records. Every write is part of the key, so a change inside a
        batch (before the revision moves: a person added, then named) is seen too. Callers must not change
        what they get back.

        A value read from `tables` only is kept until one of those changes: the people, unchanged by logging a
        conversation, are not built again after every save. It must not depend on the day either."""
        self.refresh()
        if tables:
            stamp: tuple[Any, ...] = (self._epoch, *(self._table_writes.get(name, 0) for name in tables))
        else:
            stamp = (self.revision, self._writes)
        kept = self._views.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        value = compute()
        if len(self._views) > 64:  # weeks looked at in the Week pane: a few; never grows without bound
            self._views.clear()
        self._views[key] = (stamp, value)
        return value

    def _docs(self, table: str) -> Iterable[dict[str, Any]]:
        return self._tables[table].raw_documents().values()  # type: ignore[attr-defined]

    def _doc_id(self, table: str, record_id: str) -> int:
        for doc_id, doc in self._tables[table].raw_documents().items():  # type: ignore[attr-defined]
            if doc.get("id") == record_id:
                return int(doc_id)
        raise JournalError(f"no {table[:-1].replace('_', ' ')} with id {record_id!r}")

    def _get(self, kind: type[R], record_id: str) -> R:
        doc_id = self._doc_id(kind.TABLE, record_id)
        return kind.from_stored(self._tables[kind.TABLE].get(doc_id=doc_id))  # type: ignore[return-value]

    def _all(self, kind: type[R]) -> list[R]:
        return [kind.from_stored(doc) for doc in self._docs(kind.TABLE)]  # type: ignore[misc]

    def _find(self, kind: type[R], record_id: str) -> R | None:
        for doc in self._docs(kind.TABLE):
            if doc.get("id") == record_id:
                return kind.from_stored(doc)  # type: ignore[return-value]
        return None

    def _merged(self, kind: type[R], base: R, mine: R, resolutions: Mapping[str, str] | None,
                again: Callable[[R, R], R], *, what: str, sets: Iterable[str] = (),
                unordered: Iterable[str] = (), fixed: Iterable[str] = ()) -> tuple[R, R]:
        """Inside a change: the newest stored record, and `mine`'s changes (from `base`) applied on top of it.

        The result is validated as a whole (`from_record`). A record removed meanwhile is `RecordGone`; fields
        both sides changed differently, and not settled by `resolutions`, are an `EditConflict` whose
        `save_with()` calls `again(newest, merged with the choices)`: the choices become the new "mine", the
        newest record the new base, so a save that lands while the person is choosing is merged too.
        """
        theirs = self._find(kind, base.id)  # type: ignore[attr-defined]
        if theirs is None:
            raise RecordGone(f"{what} was removed by another netjournal meanwhile; your changes were not saved")
        options: dict[str, Any] = dict(sets=tuple(sets), unordered=tuple(unordered), fixed=_FIXED + tuple(fixed))
        docs = base.to_record(), mine.to_record(), theirs.to_record()
        merged = merge(*docs, resolutions=resolutions, **options)
        if merged.conflicts:
            def retry(chosen: Mapping[str, str]) -> R:
                settled = merge(*docs, resolutions={**(resolutions or {}), **chosen}, **options)
                if settled.conflicts:
                    raise EditConflict(what, settled.conflicts, retry)
                return again(theirs, kind.from_record(settled.values))

            raise EditConflict(what, merged.conflicts, retry)
        return theirs, kind.from_record(merged.values)

    def _insert(self, record: Record) -> None:
        table = self._tables[record.TABLE]
        known = self._known_ids(record.TABLE)
        if record.id in known:  # type: ignore[attr-defined]
            raise JournalError(f"a record with id {record.id!r} already exists")  # type: ignore[attr-defined]
        stored = record.to_record()
        self._stamp(stored, previous=None, table=record.TABLE)
        table.insert(stored)
        self._wrote(record.TABLE)
        if record.TABLE == "interactions":
            self._appended.append((self._table_writes["interactions"], stored))
            del self._appended[:-APPENDS_KEPT]
        known.add(record.id)  # type: ignore[attr-defined]
        raw = table.raw_documents()  # type: ignore[attr-defined]
        self._ids_seen[record.TABLE] = (raw, len(raw), known)

    def _known_ids(self, table: str) -> set[str]:
        """The ids in a table, kept from save to save: checking a new id against 50,000 conversations one by one
        cost 5 ms of every save. Rebuilt when the table is another object (a reload) or another size."""
        raw = self._tables[table].raw_documents()  # type: ignore[attr-defined]
        seen = self._ids_seen.get(table)
        if seen is None or seen[0] is not raw or seen[1] != len(raw):
            seen = (raw, len(raw), {doc.get("id") for doc in raw.values()})
            self._ids_seen[table] = seen
        return seen[2]

    def _replace(self, record: Record) -> None:
        doc_id = self._doc_id(record.TABLE, record.id)  # type: ignore[attr-defined]
        table = self._tables[record.TABLE]
        previous = table.raw_documents()[str(doc_id)]  # type: ignore[attr-defined]
        stamped = self._stamp(record.to_record(), previous=previous)
        table.update(stamped, doc_ids=[doc_id])
        if hasattr(record, "updated_at"):
            record.updated_at = stamped["updated_at"]  # what callers show is what was saved
        self._wrote(record.TABLE)

    def _stamp(self, stored: dict[str, Any], *, previous: dict[str, Any] | None,
               table: str | None = None) -> dict[str, Any]:
        """Say on a record being written which device wrote it and when, and count the write: `versions` has,
        per device, how many writes of the record it made (or saw), and `fields` which write last set each field
        changed since the record was made, and when (`laptop:3@2026-11-25T09:12:03.042+00:00`). What a merge
        of two copies of the journal goes by (core/copies.py): a version that counts every write the other
        counts is built on it; one that does not, changed apart.

        A new record keeps an `updated_at` it was given (the demo's, an import's); every other write is now, to
        the millisecond. A record made again with the id of one deleted here (undo) counts on from the deletion,
        so that the deletion does not remove it again from a copy it reaches."""
        me = this_device()
        stored["device"] = me
        if previous is not None or "updated_at" not in stored:
            stored["updated_at"] = stamp_time()
        if previous is None:
            versions = dict(self._deleted_versions(table, stored["id"])) if table is not None else {}
            versions[me] = versions.get(me, 0) + 1
            stored["versions"] = versions
            return stored
        versions = dict(previous.get("versions") or {})
        count = versions[me] = versions.get(me, 0) + 1
        fields = dict(previous.get("fields") or {})
        for name, value in stored.items():
            if name not in STAMPS and previous.get(name) != value:
                fields[name] = f"{me}:{count}@{stored['updated_at']}"
        stored["versions"], stored["fields"] = versions, fields
        return stored

    def _deleted_versions(self, table: str, record_id: str) -> dict[str, int]:
        """The writes a deletion of this record here had seen (all of its tombstones together), or none."""
        stones = self._tables[TOMBSTONES].raw_documents()  # type: ignore[attr-defined]
        if not stones:
            return {}
        # Every new record asks: the tombstones are indexed once, and again only when they change.
        stamp = (id(stones), self._epoch, self._table_writes.get(TOMBSTONES, 0), len(stones))
        if self._stone_index[0] != stamp:
            index: dict[tuple[str, str], dict[str, int]] = {}
            for stone in stones.values():
                seen = index.setdefault((stone["table"], stone["record"]), {})
                for device, count in (stone.get("versions") or {}).items():
                    seen[device] = max(seen.get(device, 0), count)
            self._stone_index = (stamp, index)
        return self._stone_index[1].get((table, tombstone_key(table, record_id)), {})

    def _log_stamp(self) -> tuple[int, int]:
        """Which state of the log a view was worked out from: moves with every write to it and every reload."""
        return (self._epoch, self._table_writes.get("interactions", 0))

    def _logged_since(self, stamp: tuple[int, int]) -> list[dict[str, Any]] | None:
        """The conversations logged since the log stood at `stamp`, when logging them is all that changed it
        (no edit, deletion or reload since, and no more than APPENDS_KEPT); None when a view must be worked out
        again. A conversation logged in the app should not cost three passes over 50,000 to show."""
        epoch, writes = stamp
        if epoch != self._epoch:
            return None
        now = self._table_writes.get("interactions", 0)
        new = [stored for count, stored in self._appended if writes < count <= now]
        return new if len(new) == now - writes else None

    def _wrote(self, table: str) -> None:
        self._writes += 1
        self._table_writes[table] = self._table_writes.get(table, 0) + 1

    def _remove(self, table: str, record_ids: Iterable[str], *, tombstones: bool = True) -> None:
        record_ids = list(record_ids)
        if not record_ids:
            return
        wanted = set(record_ids)  # one pass over the table, not one per record (a merge drops hundreds)
        stored = self._tables[table].raw_documents()  # type: ignore[attr-defined]
        going = {int(doc_id): doc for doc_id, doc in stored.items() if doc.get("id") in wanted}
        if len(going) != len(wanted):
            for record_id in record_ids:
                self._doc_id(table, record_id)  # says which one is not there
        doc_ids = list(going)
        seen = {doc["id"]: doc.get("versions") or {} for doc in going.values()}
        self._tables[table].remove(doc_ids=doc_ids)
        self._wrote(table)
        self._ids_seen.pop(table, None)
        if tombstones:
            # A tombstone says only which record went, when and where: forgetting a person leaves no name.
            when, device = stamp_time(), this_device()
            # It also counts the writes of the record the deletion had seen, and itself as one more: a merge
            # keeps only a version made after seeing it (the record made again) and drops every other.
            self._tables[TOMBSTONES].insert_multiple(
                {"table": table, "record": tombstone_key(table, record_id), "deleted_at": when, "device": device,
                 "versions": deletion_counted(seen[record_id], device)}
                for record_id in wanted)
            self._wrote(TOMBSTONES)
        conflicts = self._tables[CONFLICTS]
        if conflicts.raw_documents():  # type: ignore[attr-defined]
            gone = set(record_ids)  # what two copies said of a deleted record goes with it
            stale = [int(doc_id) for doc_id, doc in conflicts.raw_documents().items()  # type: ignore[attr-defined]
                     if doc["table"] == table and doc["record_id"] in gone]
            if stale:
                conflicts.remove(doc_ids=stale)
                self._wrote(CONFLICTS)

    def _contact_ids(self) -> set[str]:
        return {doc["id"] for doc in self._docs("contacts")}

    def _require_contacts(self, ids: Iterable[str], field_name: str) -> None:
        known = self._contact_ids()
        for contact_id in ids:
            if contact_id not in known:
                raise ValueError(f"{field_name}: no contact with id {contact_id!r}")


def _changed(base: Record, newest: Record) -> bool:
    """Whether a record was changed since `base` was loaded (ids and save times aside)."""
    def fields(record: Record) -> dict[str, Any]:
        return {k: v for k, v in record.to_record().items() if k not in _FIXED}

    return fields(base) != fields(newest)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(path)
