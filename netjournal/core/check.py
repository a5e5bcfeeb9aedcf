"""`netjournal check`: explain what is wrong with a journal file, without ever writing it.

An encrypted journal is unlocked first; the storage verifies its header's checksum and its authentication tag
before a byte of it is parsed, so that a wrong passphrase (WrongPassphrase, raised to the caller) is told apart from
a changed or cut file (damage).
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, TextIO

from ..common.counted import counted
from . import crypto, migrations, schema
from .model import CONFLICTS, RECORD_TYPES, FocusGoal
from .errors import JournalDamaged
from .storage import SafeJSONStorage

EXIT_OK, EXIT_PROBLEMS, EXIT_DAMAGED = 0, 1, 3


def find_problems(data: dict) -> list[str]:
    """Records that do not validate, and references to people who are not in the journal."""
    problems: list[str] = []
    records: dict[str, list] = {}
    for kind in RECORD_TYPES:
        for doc_id, doc in data.get(kind.TABLE, {}).items():
            try:
                records.setdefault(kind.TABLE, []).append(kind.from_record(doc))
            except (TypeError, ValueError) as error:
                problems.append(f"{kind.TABLE} #{doc_id} (id {doc.get('id', '?')}): {error}")
    contact_ids = {c.id for c in records.get("contacts", [])}

    def refer(table: str, record, ids) -> None:
        for contact_id in ids:
            if contact_id not in contact_ids:
                problems.append(f"{table} id {record.id}: refers to contact {contact_id!r}, who is not in the journal")

    for interaction in records.get("interactions", []):
        refer("interactions", interaction, interaction.with_)
    for meeting in records.get("meetings", []):
        refer("meetings", meeting, meeting.with_)
    for table in ("ratings", "week_goals", "follow_ups"):
        for record in records.get(table, []):
            refer(table, record, [record.contact_id])
    for contact in records.get("contacts", []):
        refer("contacts", contact, [contact.introduced_by] if contact.introduced_by else [])
    for goal in records.get("focus_goals", []):
        refer("focus_goals", goal, goal.helps + goal.hinders)
    interaction_ids = {i.id for i in records.get("interactions", [])}
    for share in records.get("shares", []):
        refer("shares", share, [p.contact_id for p in share.passed])
        for passed in share.passed:
            if passed.interaction_id and passed.interaction_id not in interaction_ids:
                problems.append(f"shares id {share.id}: the pass to {passed.contact_id!r} refers to interaction "
                                f"{passed.interaction_id!r}, which is not in the journal")
    for follow_up in records.get("follow_ups", []):
        if follow_up.from_interaction and follow_up.from_interaction not in interaction_ids:
            problems.append(f"follow_ups id {follow_up.id}: comes from interaction {follow_up.from_interaction!r}, "
                            "which is not in the journal")
    for link in records.get("links", []):
        refer("links", link, [link.from_id, link.to_id])
    org_ids = {o.id for o in records.get("organisations", [])}
    for organisation in records.get("organisations", []):
        refer("organisations", organisation, [organisation.plan.contact_id] if organisation.plan.contact_id else [])
    for contact in records.get("contacts", []):
        if contact.org_id and contact.org_id not in org_ids:
            problems.append(f"contacts id {contact.id}: belongs to organisation {contact.org_id!r}, which is not in "
                            "the journal")
    for goal in records.get("month_goals", []):
        refer("month_goals", goal, [goal.contact_id] if goal.contact_id else [])
        if goal.org_id and goal.org_id not in org_ids:
            problems.append(f"month_goals id {goal.id}: is about organisation {goal.org_id!r}, which is not in the "
                            "journal")
        for note in goal.notes:
            for interaction_id in note.interaction_ids:
                if interaction_id not in interaction_ids:
                    problems.append(f"month_goals id {goal.id}: a note refers to interaction {interaction_id!r}, "
                                    "which is not in the journal")
    open_goals = [g for g in records.get("focus_goals", []) if not g.done]
    if len(open_goals) > FocusGoal.MOST_OPEN:
        problems.append(f"focus_goals: {len(open_goals)} open critical goals; netjournal keeps at most "
                        f"{FocusGoal.MOST_OPEN} (mark some done)")
    return problems


def key_words(key: crypto.JournalKey | None) -> str:
    """How an encrypted journal is sealed, in words: "AES-256-GCM, key from argon2id (64 MiB, 4 passes, 4 lanes)"."""
    if key is None:
        return "not encrypted"
    wrap = next((w for w in key.header.wraps if w.get("by") == "passphrase"), None)
    kdf: Any = wrap.get("kdf") if wrap is not None else None
    how = "a recovery key only"
    if isinstance(kdf, dict) and kdf.get("name") == "argon2id":
        how = (f"argon2id ({_mib(kdf.get('memory_kib'))}, {_count(kdf.get('iterations'), 'pass', 'passes')}, "
               f"{_count(kdf.get('lanes'), 'lane')})")
    elif isinstance(kdf, dict) and kdf.get("name") == "scrypt":
        how = f"scrypt (N={kdf.get('n')}, r={kdf.get('r')}, p={kdf.get('p')})"
    recovery = ", and a recovery key" if key.has_recovery and wrap is not None else ""
    return f"{crypto.CIPHER}, key from {how}{recovery}"


def _count(n: Any, singular: str, plural: str | None = None) -> str:
    return counted(n, singular, plural) if isinstance(n, int) else f"{n} {plural or singular + 's'}"


def _mib(kib: Any) -> str:
    return f"{kib // 1024} MiB" if isinstance(kib, int) and kib % 1024 == 0 else f"{kib} KiB"


def check_file(path: Path, out: TextIO, passphrase: str | crypto.JournalKey | None = None) -> int:
    """Report on the file; an encrypted one raises EncryptedJournal without a passphrase, WrongPassphrase with a
    wrong one (nothing is written to `out` before either, so that the caller can ask and call again)."""
    path = Path(path).expanduser()
    if not path.exists():
        out.write(f"{path}: no journal here yet (it is created the first time netjournal opens it)\n")
        return EXIT_PROBLEMS
    stored_version = None
    raw = b""
    try:
        if not path.is_file():  # a folder or a pipe: the storage below refuses it without reading (a pipe blocks)
            raise OSError
        raw = path.read_bytes()
        if not crypto.is_sealed(raw):  # an encrypted one is read once the storage has verified it
            import orjson

            stored_version = migrations.schema_version_of(orjson.loads(raw))
    except Exception:  # noqa: BLE001 - the storage below says precisely what is wrong
        pass
    if crypto.is_sealed(raw) and passphrase is None:
        try:
            crypto.check_header(raw)  # damage that needs no passphrase to see is told without asking for one
        except crypto.EncryptionDamaged as damage:
            storage_backups = SafeJSONStorage.backups_of(path)
            return _damaged(out, path, [f"encrypted, and {damage}"], storage_backups[-1] if storage_backups else None,
                            sealed=True)
        raise crypto.EncryptedJournal(path)
    try:
        # Upgraded but not yet checked record by record, so that every wrong field can be listed, not the first;
        # and never made private here: check changes no file. An encrypted one: the storage checks the header's
        # sum (damage), unlocks (WrongPassphrase goes to the caller), verifies the tag (damage), then parses.
        storage = SafeJSONStorage(path, prepare=migrations.upgrade, make_private=False, passphrase=passphrase)
    except JournalDamaged as damaged:
        return _damaged(out, path, [damaged.reason], damaged.backup, sealed=crypto.is_sealed(raw))
    key = storage.key
    if key is not None:
        stored_version = _stored_version_of_sealed(key, raw)
    data = storage.read()
    wrong = schema.problems(data)
    if wrong:
        return _damaged(out, path, [str(problem) for problem in wrong], storage.newest_backup(),
                        f" ({counted(len(wrong), 'wrongly typed, missing or unknown field')})")
    problems = find_problems(data)
    problems += _plain_companions(storage) if key is not None else _sealed_companions(storage)
    if key is not None:
        problems += _companions_out_of_step(storage, key)
    counts = ", ".join(counted(len(data.get(k.TABLE, {})), k.TABLE.replace('_', ' ')[:-1]) for k in RECORD_TYPES)
    mode = stat.S_IMODE(path.stat().st_mode)
    out.write(f"{path}: {'ok' if not problems else counted(len(problems), 'problem')}\n")
    if key is not None:
        out.write(f"  encrypted ({key_words(key)}): authentication verified\n")
    out.write(f"  schema {stored_version or migrations.SCHEMA_VERSION}")
    if stored_version and stored_version < migrations.SCHEMA_VERSION:
        out.write(f" (upgraded to {migrations.SCHEMA_VERSION} at the next save; today's backup keeps the old file)")
    out.write(f"\n  {counts}\n")
    waiting = len(data.get(CONFLICTS, {}))
    if waiting:
        out.write(f"  {counted(waiting, 'field')} two merged copies changed differently, to look at: "
                  "`netjournal conflicts`\n")
    out.write(f"  permissions {mode:o}" + ("" if mode & 0o077 == 0 else " (readable by others: chmod 600 it)") + "\n")
    out.write(f"  newest backup: {storage.newest_backup() or 'none yet'}\n")
    for problem in problems[:50]:
        out.write(f"  problem: {problem}\n")
    if len(problems) > 50:
        out.write(f"  ... and {len(problems) - 50} more\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _damaged(out: TextIO, path: Path, problems: list[str], backup: Path | None, summary: str = "",
             sealed: bool = False) -> int:
    """A file netjournal refuses to open: every problem, one a line, and what to do."""
    out.write(f"{path}: DAMAGED{summary}\n")
    for problem in problems:
        out.write(f"  problem: {problem}\n")
    out.write(f"  newest backup: {backup or 'none'}\n")
    if any("newer netjournal" in problem for problem in problems):
        # A good journal from a newer version: a backup copied over it would throw its newest changes away.
        out.write("  The file was not changed. Open it with the newer netjournal that wrote it (upgrade this one);\n"
                  "  do not copy a backup over it.\n")
    elif sealed:
        out.write("  The file was not changed. An encrypted file cannot be mended by hand: netjournal will not open\n"
                  "  or write it until it is replaced, for example by copying the backup over it.\n")
    else:
        out.write("  The file was not changed. netjournal will not open or write it until it is repaired or replaced,\n"
                  "  for example by correcting the fields above in a text editor, or by copying the backup over it.\n")
    return EXIT_DAMAGED


def _stored_version_of_sealed(key: crypto.JournalKey, raw: bytes) -> int | None:
    """The schema version the encrypted file holds (the storage verified it; `raw` is the bytes read before)."""
    try:
        import orjson

        return migrations.schema_version_of(orjson.loads(key.for_file(raw).open(raw)))
    except Exception:  # noqa: BLE001 - the file changed in between: the version is only shown
        return None


def _plain_companions(storage: SafeJSONStorage) -> list[str]:
    """Backups and conflict copies of an encrypted journal that are not encrypted: its notes, readable."""
    return [f"{each} is not encrypted, beside an encrypted journal (`netjournal encrypt` was interrupted, or it "
            "was copied back by hand): remove it, or run `netjournal decrypt` then `netjournal encrypt`"
            for each in storage.companions() if not crypto.file_is_sealed(each)]


def _companions_out_of_step(storage: SafeJSONStorage, key: crypto.JournalKey) -> list[str]:
    """Encrypted backups and conflict copies that the journal's passphrase no longer opens: an interrupted
    `passphrase` (the old passphrase still opens them) or `decrypt` then `encrypt` (another key)."""
    found = []
    for each in storage.companions():
        try:
            raw = each.read_bytes()
        except OSError:
            continue
        if not crypto.is_sealed(raw):
            continue  # told by _plain_companions
        standing = crypto.opens_like(key, raw)
        if standing == "older wrap":
            found.append(f"{each} opens only with an earlier passphrase (`netjournal passphrase` was interrupted): "
                         "run `netjournal passphrase` again, giving the new passphrase, to bring it along")
        elif standing == "other key":
            found.append(f"{each} is encrypted with another key than the journal's (an earlier encryption): open "
                         "it with `netjournal unseal` and the passphrase it had, or remove it")
        elif standing == "damaged":
            found.append(f"{each} is damaged: it does not open; remove it")
    return found


def _sealed_companions(storage: SafeJSONStorage) -> list[str]:
    """Backups and conflict copies still encrypted beside a plain journal (an interrupted `decrypt`)."""
    return [f"{each} is still encrypted, beside a plain journal (`netjournal decrypt` was interrupted): read it with "
            "`netjournal unseal`, or remove it"
            for each in storage.companions() if crypto.file_is_sealed(each)]
