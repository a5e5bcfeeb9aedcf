"""Contacts out to an address book (vCard 3.0) and the journal out to spreadsheets (CSV)."""

from __future__ import annotations

import csv
import glob
import io
import os
import stat
from pathlib import Path

from ..common.files import write_private_atomically
from ..core.errors import ExportRefused, JournalWriteFailed
from ..core.journal import Journal
from ..core.model import Contact

CONTACT_COLUMNS = ("id", "name", "org", "title", "email", "phone", "side", "network", "level", "tags", "notes",
                   "how_met", "introduced_by", "key_influencer", "cadence_days", "roles", "archived")
INTERACTION_COLUMNS = ("id", "date", "with", "channel", "formal", "business", "initiated_by", "topics",
                       "disclosure", "thanked", "gave", "got", "learned", "response", "next_time")


def _cell(value: object, names: dict[str, str] | None = None) -> str:
    if isinstance(value, list):
        return "; ".join(names.get(v, v) if names else str(v) for v in value)
    if value is None:
        return ""
    return str(value)


def contacts_csv(journal: Journal) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CONTACT_COLUMNS)
    for contact in journal.contacts(include_archived=True):
        record = contact.to_record()
        writer.writerow([_cell(record[column]) for column in CONTACT_COLUMNS])
    return out.getvalue()


def interactions_csv(journal: Journal) -> str:
    """One row per conversation, oldest first, with people's names (not ids) in `with`."""
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INTERACTION_COLUMNS)
    for interaction in reversed(journal.interactions()):
        record = interaction.to_record()
        writer.writerow([_cell(record[column], names if column == "with" else None)
                         for column in INTERACTION_COLUMNS])
    return out.getvalue()


def _vcard_date(stored: str, version: str) -> tuple[str, dict[str, str]]:
    """A stored yearly date as a vCard value and its parameters.

    4.0 writes a date without a year as `--MMDD` (RFC 6350); 3.0 has no such form, so it takes Apple's convention,
    which Apple, Google and netjournal's importer read: year 1604 with `X-APPLE-OMIT-YEAR=1604`.
    """
    if not stored.startswith("--"):
        return stored, {}
    month_day = stored[2:]
    if version == "4.0":
        return "--" + month_day.replace("-", ""), {}
    return f"1604-{month_day}", {"X-APPLE-OMIT-YEAR": "1604"}


def _add_dates(card, contact: Contact, version: str) -> None:
    """BDAY; ANNIVERSARY (4.0) or X-ANNIVERSARY (3.0); other dates as Apple's grouped X-ABDATE with X-ABLabel.

    A label of a birthday or anniversary rides in an X-ABLabel of the same group, so the round trip keeps it.
    """
    groups = 0
    for entry in contact.dates:
        name = {"birthday": "bday", "anniversary": "anniversary" if version == "4.0" else "x-anniversary"}.get(
            entry.kind, "x-abdate")
        group = None
        if entry.label or entry.kind == "other":
            groups += 1
            group = f"item{groups}"
        value, params = _vcard_date(entry.date, version)
        line = card.add(name, group=group) if group else card.add(name)
        line.value = value
        for key, param in params.items():
            line.params[key] = [param]
        if group and entry.label:
            card.add("x-ablabel", group=group).value = entry.label


# The RELATED type (RFC 6350, or netjournal's own x- type where vCard has no word) for a link seen from each side.
_RELATED_TYPE = {("works_with", True): "co-worker", ("works_with", False): "co-worker", ("family", True): "kin",
                 ("family", False): "kin", ("knows", True): "acquaintance", ("knows", False): "acquaintance",
                 ("reports_to", True): "x-reports-to", ("reports_to", False): "x-manages",
                 ("influences", True): "x-influences", ("influences", False): "x-influenced-by"}


def _add_related(card, contact_id: str, links: list, names: dict[str, str]) -> None:
    """RELATED;VALUE=text;TYPE=co-worker:Bo Lind for each link, by name: importing the file again links them
    again (a link already kept is kept once). People archived are not exported, nor links to them."""
    for link in links:
        other = link.other(contact_id)
        if other not in names:
            continue
        line = card.add("related")
        line.value = names[other]
        line.params["VALUE"] = ["text"]
        line.params["TYPE"] = [_RELATED_TYPE[(link.kind, link.from_id == contact_id)]]


def contacts_vcard(journal: Journal, version: str = "3.0") -> str:
    """Active contacts as vCard (3.0 unless asked for 4.0), importable by phone and desktop address books."""
    import vobject

    cards = []
    everyone = journal.contacts()
    names = {c.id: c.name for c in everyone}
    links: dict[str, list] = {}
    for link in journal.links():
        for side in (link.from_id, link.to_id):
            links.setdefault(side, []).append(link)
    for contact in everyone:
        card = vobject.vCard()
        if version != "3.0":
            card.add("version").value = version
        card.add("fn").value = contact.name
        parts = contact.name.rsplit(" ", 1)
        card.add("n").value = vobject.vcard.Name(family=parts[-1] if len(parts) > 1 else "",
                                                 given=parts[0] if len(parts) > 1 else contact.name)
        if contact.org:
            card.add("org").value = [contact.org]
        if contact.title:
            card.add("title").value = contact.title
        if contact.email:
            email = card.add("email")
            email.value = contact.email
            email.type_param = "INTERNET"
        if contact.phone:
            card.add("tel").value = contact.phone
        if contact.notes:
            card.add("note").value = contact.notes
        if contact.tags:
            card.add("categories").value = list(contact.tags)
        _add_dates(card, contact, version)
        _add_related(card, contact.id, links.get(contact.id, []), names)
        cards.append(card.serialize())
    return "".join(cards)


FORMATS = ("json", "markdown", "csv", "vcard", "ics")
SUFFIXES = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".vcf": "vcard",
            ".ics": "ics"}


def render_export(journal: Journal, fmt: str, target: Path | None, week: str | None = None,
                  month: str | None = None) -> list[tuple[Path | None, bytes]]:
    """What an export writes: (file, bytes) pairs; file None means standard output.

    csv writes contacts to the target and conversations beside it (NAME-interactions.csv).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if week and fmt != "markdown":
        raise ValueError(f"week: --week goes with --format markdown; {fmt} exports the whole journal")
    if month and fmt != "markdown":
        raise ValueError(f"month: --month goes with --format markdown; {fmt} exports the whole journal")
    if week and month:
        raise ValueError("month: give --week or --month, not both")
    if fmt == "csv":
        files: list[tuple[Path | None, bytes]] = [(target, contacts_csv(journal).encode("utf-8"))]
        if target is not None:
            files.append((target.with_name(f"{target.stem}-interactions.csv"), interactions_csv(journal).encode()))
        return files
    if fmt == "vcard":
        return [(target, contacts_vcard(journal).encode("utf-8"))]
    if fmt == "ics":  # dates and open follow-ups, for the person's own calendar
        from .ics_export import calendar_ics

        return [(target, calendar_ics(journal))]
    if fmt == "markdown":
        from ..reports.markdown import journal_markdown, reflection_markdown

        from ..reports.month import month_markdown

        if month:
            text = month_markdown(journal, month)
        else:
            text = reflection_markdown(journal, week) if week else journal_markdown(journal)
        return [(target, text.encode("utf-8"))]
    import orjson

    return [(target, orjson.dumps(journal.export(), option=orjson.OPT_INDENT_2) + b"\n")]


# --- where an export may be written ---------------------------------------------------------------------


def export_target_problem(target: Path, journal_path: Path) -> str | None:
    """Why writing an export to `target` would be unsafe, or None.

    An export must never replace the journal, one of its backups, its lock, a temp or conflict copy (whatever the
    path or link used to name it), a folder or a device.
    """
    try:
        return _export_target_problem(target, journal_path)
    except OSError as error:  # a name too long, a folder that cannot be read
        return f"{target} cannot be used ({error.strerror or error})"


def _export_target_problem(target: Path, journal_path: Path) -> str | None:
    try:
        real = target.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop: RuntimeError before Python 3.13, OSError after
        return f"{target} cannot be resolved ({getattr(error, 'strerror', None) or error})"
    if not real.parent.is_dir():
        return f"folder {target.parent} does not exist"
    journal_real = journal_path.resolve()
    own_prefixes = (journal_real.name + ".", journal_real.name.rpartition(".")[0] + ".conflict-")
    if real == journal_real or (real.parent == journal_real.parent and real.name.startswith(own_prefixes)):
        return f"{target} is the journal or one of its own files (backup, lock, temp); choose another name"
    try:
        found = os.stat(real)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{target} cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(found.st_mode):
        return f"{target} is a folder; give a file name"
    if not stat.S_ISREG(found.st_mode):
        return f"{target} is not a regular file (a device or a pipe)"
    for own in [journal_real, *journal_real.parent.glob(glob.escape(journal_real.name) + ".*")]:
        try:
            if os.path.samefile(real, own):  # a hard link to the journal has another name
                return f"{target} is the journal or one of its own files (a second link to {own}); choose another name"
        except OSError:
            continue
    return None


def write_export(target: Path, payload: bytes, journal_path: Path) -> Path:
    """Write one export file atomically and privately (it holds the same notes as the journal); returns its path."""
    problem = export_target_problem(target, journal_path)
    if problem:
        raise ExportRefused(f"nothing written: {problem}")
    real = target.resolve()
    try:
        write_private_atomically(real, payload)
    except OSError as error:
        raise JournalWriteFailed(f"could not write {target}: {error.strerror or error}; nothing was written") from None
    return real
