"""`netjournal check`: explain what is wrong with a journal file, without ever writing it."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TextIO

from ..common.counted import counted
from . import migrations, schema
from .model import RECORD_TYPES, FocusGoal
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


def check_file(path: Path, out: TextIO) -> int:
    path = Path(path).expanduser()
    if not path.exists():
        out.write(f"{path}: no journal here yet (it is created the first time netjournal opens it)\n")
        return EXIT_PROBLEMS
    stored_version = None
    try:
        if not path.is_file():  # a folder or a pipe: the storage below refuses it without reading (a pipe blocks)
            raise OSError
        import orjson

        stored_version = migrations.schema_version_of(orjson.loads(path.read_bytes()))
    except Exception:  # noqa: BLE001 - the storage below says precisely what is wrong
        pass
    try:
        # Upgraded but not yet checked record by record, so that every wrong field can be listed, not the first;
        # and never made private here: check changes no file.
        storage = SafeJSONStorage(path, prepare=migrations.upgrade, make_private=False)
    except JournalDamaged as damaged:
        return _damaged(out, path, [damaged.reason], damaged.backup)
    data = storage.read()
    wrong = schema.problems(data)
    if wrong:
        return _damaged(out, path, [str(problem) for problem in wrong], storage.newest_backup(),
                        f" ({counted(len(wrong), 'wrongly typed, missing or unknown field')})")
    problems = find_problems(data)
    counts = ", ".join(counted(len(data.get(k.TABLE, {})), k.TABLE.replace('_', ' ')[:-1]) for k in RECORD_TYPES)
    mode = stat.S_IMODE(path.stat().st_mode)
    out.write(f"{path}: {'ok' if not problems else counted(len(problems), 'problem')}\n")
    out.write(f"  schema {stored_version or migrations.SCHEMA_VERSION}")
    if stored_version and stored_version < migrations.SCHEMA_VERSION:
        out.write(f" (upgraded to {migrations.SCHEMA_VERSION} at the next save; today's backup keeps the old file)")
    out.write(f"\n  {counts}\n")
    out.write(f"  permissions {mode:o}" + ("" if mode & 0o077 == 0 else " (readable by others: chmod 600 it)") + "\n")
    out.write(f"  newest backup: {storage.newest_backup() or 'none yet'}\n")
    for problem in problems[:50]:
        out.write(f"  problem: {problem}\n")
    if len(problems) > 50:
        out.write(f"  ... and {len(problems) - 50} more\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _damaged(out: TextIO, path: Path, problems: list[str], backup: Path | None, summary: str = "") -> int:
    """A file netjournal refuses to open: every problem, one a line, and what to do."""
    out.write(f"{path}: DAMAGED{summary}\n")
    for problem in problems:
        out.write(f"  problem: {problem}\n")
    out.write(f"  newest backup: {backup or 'none'}\n")
    out.write("  The file was not changed. netjournal will not open or write it until it is repaired or replaced,\n"
              "  for example by correcting the fields above in a text editor, or by copying the backup over it.\n")
    return EXIT_DAMAGED
