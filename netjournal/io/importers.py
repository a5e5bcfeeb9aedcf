"""Bring contacts in from address books and LinkedIn: vCard, LinkedIn Connections.csv, Google and plain CSV.

Reading and planning never touch the journal; `apply_plan` writes the whole plan in one save. A file that is not
what it claims raises ImportFileError (one clear line) and nothing is written.

Re-importing the same file adds nobody twice: a person matches an existing contact by email, else by exact name
and organisation. A match only fills fields that are empty: a note the user wrote is never overwritten, and a date
is added only when the person has none of its kind.

Birthdays and anniversaries become `Contact.dates`; a date that cannot be read one way only goes to the notes as
the file wrote it, so nothing is lost and a person can correct it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..common.folding import fold
from ..core.journal import Journal
from ..common.safe_text import one_line_each
from ..core.model import LINK_WORDS, Contact, ImportantDate, Link, parse_yearly_date


class ImportFileError(ValueError):
    pass


@dataclass
class Incoming:
    """One person as a file describes them, before they meet the journal."""

    where: str  # "card 3", "line 12": for messages
    name: str
    org: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    how_met: str = ""
    dates: list[ImportantDate] = field(default_factory=list)
    # People the file says this one is related to: (link kind, the other's name or email, whether this person is
    # the link's `from` side: "reports to" the other, not "manages" them).
    related: list[tuple[str, str, bool]] = field(default_factory=list)

    def add_date(self, kind: str, value: str, label: str = "") -> None:
        """Keep a date the file gives; one that cannot be read (or a second birthday) goes to the notes as written."""
        label = " ".join(label.split())
        try:
            entry = ImportantDate(kind, parse_yearly_date(value, kind), label)
        except ValueError:
            entry = None
        if entry is not None and entry in self.dates:
            return  # the same date twice (X-ANNIVERSARY beside ANNIVERSARY)
        if entry is None or (kind == "birthday" and any(d.kind == "birthday" for d in self.dates)):
            self.notes.append(f"{label or kind.capitalize()}: {value}")
        else:
            self.dates.append(entry)


@dataclass(frozen=True)
class Source:
    """An entry of the file that matched somebody already in the journal, and why it is them."""

    where: str  # "card 3", "line 12"
    name: str  # as the file has it
    because: str  # "the same email", "the same name and organisation"


@dataclass
class ImportPlan:
    added: list[Contact] = field(default_factory=list)
    merged: list[tuple[Contact, list[str]]] = field(default_factory=list)  # the updated contact, fields filled
    unchanged: list[str] = field(default_factory=list)  # already in the journal with nothing new
    skipped: list[tuple[str, str]] = field(default_factory=list)  # where, why
    # Each merged person as the plan found them, so that applying the plan changes only the fields it filled,
    # on top of whatever was saved between planning and applying.
    bases: dict[str, Contact] = field(default_factory=dict)
    # Who in the file went into whom in the journal: contact id -> the file's entries that matched them.
    sources: dict[str, list[Source]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)  # from vCard RELATED, between people in the journal or the file
    names: dict[str, str] = field(default_factory=dict)  # the names of the people `links` join

    def summary(self, dry_run: bool = False) -> str:
        """The plan in words for the command line: what it would do (dry run, every line) or what it did."""
        from .plan_words import plan_lines

        lines = plan_lines(self) if dry_run else plan_lines(self, done=True, limit=20)
        if dry_run:
            lines.append("Nothing was written (--dry-run).")
        return one_line_each(lines)  # a newline in a name from the file cannot start a line of its own


# --- reading files ------------------------------------------------------------------------------------


Progress = Callable[[int, int], None]  # (done, total)


def read_contacts(path: Path, progress: Progress | None = None) -> list[Incoming]:
    """The people in a file, by its kind: .vcf is vCard; a .csv is LinkedIn, Google or plain by its header.

    `progress` hears how many vCards of how many are read (large address books take a while).
    """
    try:
        if not path.is_file():  # a folder, or a pipe that would make the import wait forever
            raise ImportFileError(f"{path}: not a file" if path.exists() else f"{path}: no such file")
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a text file in UTF-8 (is it really a contacts export?)") from None
    if "\x00" in text:
        raise ImportFileError(f"{path}: not a text file (it has NUL bytes)")
    suffix = path.suffix.casefold()
    if suffix in (".vcf", ".vcard") or text.lstrip().upper().startswith("BEGIN:VCARD"):
        return read_vcard(text, path, progress)
    if suffix == ".csv" or "," in text.split("\n", 1)[0]:
        return read_csv(text, path)
    raise ImportFileError(f"{path}: not a vCard (.vcf) or CSV file")


def read_vcard(text: str, path: Path, progress: Progress | None = None) -> list[Incoming]:
    import vobject  # imported here: only imports need it

    if "BEGIN:VCARD" not in text.upper():
        raise ImportFileError(f"{path}: not a vCard file (no BEGIN:VCARD)")
    people: list[Incoming] = []
    total = text.upper().count("BEGIN:VCARD")
    try:
        for number, card in enumerate(vobject.readComponents(text, ignoreUnreadable=False), start=1):
            if card.name.upper() != "VCARD":
                raise ImportFileError(f"{path}: card {number} is a {card.name}, not a VCARD")
            people.append(_from_vcard(card, f"card {number}"))
            if progress is not None and number % 25 == 0:
                progress(number, total)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - vobject raises many kinds for a broken file
        line = getattr(error, "lineNumber", None)
        where = f"{path}:{line}" if line else str(path)
        raise ImportFileError(f"{where}: not a readable vCard ({type(error).__name__}: {error})") from None
    if not people:
        raise ImportFileError(f"{path}: no contact cards in it")
    return people


def _values(card, key: str) -> list[str]:
    found = []
    for item in card.contents.get(key, []):
        value = item.value
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value if str(v).strip())
        text = str(value).strip()
        if text:
            found.append(text)
    return found


def _from_vcard(card, where: str) -> Incoming:
    name = (_values(card, "fn") or [""])[0]
    if not name and "n" in card.contents:
        n = card.n.value
        name = " ".join(part for part in (getattr(n, "given", ""), getattr(n, "family", "")) if part).strip()
    orgs = []
    for item in card.contents.get("org", []):
        value = item.value if isinstance(item.value, (list, tuple)) else [item.value]
        orgs.append(", ".join(str(v).strip() for v in value if str(v).strip()))
    notes = _values(card, "note")
    tags: list[str] = []
    for item in card.contents.get("categories", []):
        values = item.value if isinstance(item.value, (list, tuple)) else str(item.value).split(",")
        tags += [str(v).strip() for v in values if str(v).strip()]
    person = Incoming(where, name, org=(orgs or [""])[0], title=(_values(card, "title") or [""])[0],
                      emails=_values(card, "email"), phones=_values(card, "tel"), notes=notes, tags=tags)
    _vcard_dates(card, person)
    _vcard_related(card, person)
    return person


# vCard 4 RELATED types (RFC 6350), the types netjournal writes for the links vCard has no word for, and Apple's
# X-ABRELATEDNAMES labels: the link each makes, and whether the card's own person is its `from` side.
_RELATED = {
    "co-worker": ("works_with", True), "colleague": ("works_with", True),
    "kin": ("family", True), "child": ("family", True), "parent": ("family", True), "sibling": ("family", True),
    "spouse": ("family", True), "father": ("family", True), "mother": ("family", True), "brother": ("family", True),
    "sister": ("family", True), "partner": ("family", True),
    "friend": ("knows", True), "acquaintance": ("knows", True), "contact": ("knows", True), "met": ("knows", True),
    "neighbor": ("knows", True), "co-resident": ("knows", True),
    "x-reports-to": ("reports_to", True), "manager": ("reports_to", True),
    "x-manages": ("reports_to", False), "assistant": ("reports_to", False),
    "x-influences": ("influences", True), "x-influenced-by": ("influences", False),
}


def _vcard_related(card, person: Incoming) -> None:
    """RELATED (vCard 4: a name with VALUE=text, or a mailto: address) and Apple's X-ABRELATEDNAMES; a related
    person given only as a link to another card (urn:uuid:, http:) cannot be matched and is left out."""
    labels = _labels(card)
    for item in card.contents.get("related", []) + card.contents.get("x-abrelatednames", []):
        value = str(item.value).strip()
        if not value:
            continue
        if value.lower().startswith("mailto:"):
            value = value[7:]
        elif ":" in value.split(" ", 1)[0] and "@" not in value:  # urn:uuid:..., https://...: no name to match
            continue
        types = [str(t).strip().lower() for t in item.params.get("TYPE", [])]
        types += [labels.get((item.group or "").casefold(), "").lower()]
        kind, outgoing = next((_RELATED[t] for t in types if t in _RELATED), ("knows", True))
        person.related.append((kind, value, outgoing))


# Apple's labels for its own kinds of date are wrapped: `_$!<Anniversary>!$_`; a label the person typed is not.
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
# The year Apple writes for a date without one, with `X-APPLE-OMIT-YEAR=1604` beside it.
_OMITTED_YEAR = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")


def _labels(card) -> dict[str, str]:
    """`itemN` -> its X-ABLabel, unwrapped: the label of every property in that group."""
    labels = {}
    for item in card.contents.get("x-ablabel", []):
        if item.group:
            text = str(item.value).strip()
            wrapped = _APPLE_LABEL.match(text)
            labels[item.group.casefold()] = wrapped.group(1).strip() if wrapped else text
    return labels


def _date_value(item) -> str:
    """The date a property holds, as text; Apple's `X-APPLE-OMIT-YEAR=1604` with year 1604 means no year."""
    text = str(item.value).strip()
    omitted = [str(v).strip() for v in item.params.get("X-APPLE-OMIT-YEAR", [])]
    found = _OMITTED_YEAR.match(text)
    if found and found.group(1) in omitted:
        return f"--{found.group(2)}-{found.group(3)}"
    return text


def _vcard_dates(card, person: Incoming) -> None:
    """BDAY (3.0 and 4.0), ANNIVERSARY (4.0), X-ANNIVERSARY (and Outlook's and Evolution's names for it), and Apple's (and Google's) grouped X-ABDATE with
    its X-ABLabel: an `_$!<Anniversary>!$_` is an anniversary, any other label another date with that label."""
    labels = _labels(card)
    for key, kind in (("bday", "birthday"), ("anniversary", "anniversary"), ("x-anniversary", "anniversary"),
                      ("x-ms-anniversary", "anniversary"), ("x-evolution-anniversary", "anniversary"),
                      ("x-abdate", "other")):
        for item in card.contents.get(key, []):
            value = _date_value(item)
            if not value:
                continue
            label = labels.get((item.group or "").casefold(), "")
            if kind == "other" and label.casefold() == "anniversary":
                kind_here, label = "anniversary", ""
            elif kind != "other" and label.casefold() == kind:
                kind_here, label = kind, ""
            else:
                kind_here = kind
            person.add_date(kind_here, value, label)


LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def read_csv(text: str, path: Path) -> list[Incoming]:
    lines = text.splitlines()
    # LinkedIn's Connections.csv starts with a few lines of notes before its header.
    for index, line in enumerate(lines[:20]):
        if line.startswith("First Name,Last Name,URL"):
            return _read_linkedin("\n".join(lines[index:]), index, path)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise ImportFileError(f"{path}: not a readable CSV file ({error})") from None
    if not rows:
        raise ImportFileError(f"{path}: empty")
    header = [h.strip() for h in rows[0]]
    folded = [h.casefold() for h in header]
    # Google's own columns, not just a "Given Name": a plain list of given and family names keeps its Email column.
    if any(h.startswith(("e-mail 1 - ", "phone 1 - ", "organization 1 - ")) for h in folded) or \
            "group membership" in folded or ("first name" in folded and "organization name" in folded):
        return _read_google(header, rows[1:], path)
    return _read_plain(header, rows[1:], path)


def _read_linkedin(text: str, offset: int, path: Path) -> list[Incoming]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [h for h in ("First Name", "Last Name", "Company", "Position") if h not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(f"{path}: a LinkedIn export without {', '.join(missing)}")
    people = []
    try:
        for number, row in enumerate(reader, start=offset + 2):
            name = f"{(row.get('First Name') or '').strip()} {(row.get('Last Name') or '').strip()}".strip()
            connected = (row.get("Connected On") or "").strip()
            people.append(Incoming(
                f"line {number}", name, org=(row.get("Company") or "").strip(),
                title=(row.get("Position") or "").strip(),
                emails=[e for e in [(row.get("Email Address") or "").strip()] if e],
                notes=[f"LinkedIn: {row['URL'].strip()}"] if (row.get("URL") or "").strip() else [],
                how_met=f"LinkedIn, connected {connected}" if connected else "LinkedIn",
            ))
    except csv.Error as error:
        raise ImportFileError(f"{path}: not a readable CSV file ({error})") from None
    return people


def _multi(value: str) -> list[str]:
    """Google joins several values in one cell with ' ::: '."""
    return [part.strip() for part in value.split(":::") if part.strip()]


def _read_google(header: list[str], rows: list[list[str]], path: Path) -> list[Incoming]:
    people = []
    for number, row in enumerate(rows, start=2):
        cell = dict(zip(header, row))

        def get(*names: str) -> str:
            for name in names:
                if cell.get(name, "").strip():
                    return cell[name].strip()
            return ""

        name = get("Name") or " ".join(p for p in (get("Given Name", "First Name"), get("Additional Name", "Middle Name"),
                                                   get("Family Name", "Last Name")) if p)
        emails = [e for key in header if re.fullmatch(r"E-mail \d+ - Value", key) for e in _multi(cell.get(key, ""))]
        phones = [p for key in header if re.fullmatch(r"Phone \d+ - Value", key) for p in _multi(cell.get(key, ""))]
        groups = _multi(get("Group Membership", "Labels"))
        tags = [g.lstrip("* ").strip() for g in groups if g.strip() and "myContacts" not in g and "starred" not in g]
        notes = [get("Notes")] if get("Notes") else []
        person = Incoming(f"line {number}", name, org=get("Organization 1 - Name", "Organization Name"),
                          title=get("Organization 1 - Title", "Organization Title"), emails=emails,
                          phones=phones, notes=notes, tags=tags)
        if get("Birthday"):
            person.add_date("birthday", get("Birthday"))
        _google_events(header, cell, person)
        people.append(person)
    return people


def _google_events(header: list[str], cell: dict[str, str], person: Incoming) -> None:
    """Google's `Event 1 - Type` (or `- Label` in newer exports) and `Event 1 - Value`: an Anniversary, or another
    date with its type as the label ("Other", or what the person typed)."""
    for key in header:
        found = re.fullmatch(r"Event (\d+) - Value", key)
        if not found:
            continue
        number = found.group(1)
        types = _multi(cell.get(f"Event {number} - Type", "") or cell.get(f"Event {number} - Label", ""))
        for index, value in enumerate(_multi(cell.get(key, ""))):
            label = (types[index] if index < len(types) else "").lstrip("* ").strip()
            if label.casefold() == "anniversary":
                person.add_date("anniversary", value)
            else:
                person.add_date("other", value, label)


PLAIN_COLUMNS = {
    "name": ("name", "full name"), "org": ("org", "organisation", "organization", "company"),
    "title": ("title", "position", "job title"), "email": ("email", "e-mail", "email address"),
    "phone": ("phone", "telephone", "mobile"), "tags": ("tags", "interests", "categories"),
    "notes": ("notes", "note"),
    # A name in two columns, as many address books and spreadsheets keep it: joined, first name first.
    "first": ("first name", "first_name", "firstname", "given name", "given_name"),
    "last": ("last name", "last_name", "lastname", "family name", "family_name", "surname"),
}


def _read_plain(header: list[str], rows: list[list[str]], path: Path) -> list[Incoming]:
    folded = [h.casefold() for h in header]
    columns = {}
    for key, names in PLAIN_COLUMNS.items():
        for index, heading in enumerate(folded):
            if heading in names:
                columns[key] = index
                break
    if not {"name", "first", "last"} & columns.keys():
        raise ImportFileError(f"{path}: no header row with a name column (expected name, or first name and last "
                              "name, then org, title, email, phone, tags, notes)")
    people = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def get(key: str) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        name = get("name") or " ".join(part for part in (get("first"), get("last")) if part)
        people.append(Incoming(f"line {number}", name, org=get("org"), title=get("title"),
                               emails=[get("email")] if get("email") else [],
                               phones=[get("phone")] if get("phone") else [],
                               notes=[get("notes")] if get("notes") else [],
                               tags=[t.strip() for t in re.split(r"[;,]", get("tags")) if t.strip()]))
    return people


# --- planning and applying -------------------------------------------------------------------------------


def _contact_from(person: Incoming) -> tuple[Contact, list[str]]:
    """A Contact for a new person, and warnings for what had to be left out."""
    warnings = []
    notes = list(person.notes)
    email = ""
    for candidate in person.emails:
        if "@" in candidate and " " not in candidate:
            email = candidate
            break
        warnings.append(f"{candidate!r} is not an email address")
    others = [e for e in person.emails if e != email]
    if others:
        notes.append("Other emails: " + ", ".join(others))
    if len(person.phones) > 1:
        notes.append("Other phones: " + ", ".join(person.phones[1:]))
    contact = Contact(name=person.name, org=person.org, title=person.title, email=email,
                      phone=person.phones[0] if person.phones else "", tags=person.tags, notes="\n".join(notes),
                      how_met=person.how_met, dates=list(person.dates))
    return contact, warnings


def plan_import(journal: Journal, people: list[Incoming]) -> ImportPlan:
    plan = ImportPlan()
    known = journal.contacts(include_archived=True)
    by_email = {c.email.casefold(): c for c in known if c.email}
    by_name_org = {(fold(c.name), fold(c.org)): c for c in known}  # an NFD vCard name is the same name
    merged: dict[str, tuple[Contact, list[str]]] = {}
    became: list[tuple[Incoming, str]] = []  # each person of the file and the id they are in the journal
    for person in people:
        if not person.name.strip():
            plan.skipped.append((person.where, "no name"))
            continue
        try:
            incoming, warnings = _contact_from(person)
        except ValueError as error:
            plan.skipped.append((person.where, str(error)))
            continue
        for warning in warnings:
            plan.skipped.append((person.where, f"kept {person.name}, left out {warning}"))
        match = next((by_email[e.casefold()] for e in person.emails if e.casefold() in by_email), None)
        because = "the same email"
        if match is None:
            match = by_name_org.get((fold(incoming.name), fold(incoming.org)))
            because = "the same name and organisation" if incoming.org else "the same name"
        became.append((person, match.id if match is not None else incoming.id))
        if match is None:
            plan.added.append(incoming)
            if incoming.email:
                by_email[incoming.email.casefold()] = incoming
            by_name_org[(fold(incoming.name), fold(incoming.org))] = incoming
            continue
        if any(match is added for added in plan.added):
            plan.skipped.append((person.where, f"{person.name} appears twice in the file"))
            continue
        plan.bases.setdefault(match.id, match)
        plan.sources.setdefault(match.id, []).append(Source(person.where, person.name, because))
        current, filled = merged.get(match.id, (Contact.from_stored(match.to_record()), []))
        for name in ("org", "title", "email", "phone", "notes", "how_met"):
            if not getattr(current, name) and getattr(incoming, name):
                setattr(current, name, getattr(incoming, name))  # fill what is empty; never overwrite
                filled.append(name)
        new_tags = [t for t in incoming.tags if fold(t) not in {fold(x) for x in current.tags}]
        if new_tags:
            current.tags = current.tags + new_tags
            filled.append("tags")
        new_dates = [d for d in incoming.dates if not _has_date_like(current.dates, d)]
        if new_dates:
            current.dates = current.dates + new_dates  # added beside theirs; a date they keep is never replaced
            filled.append("dates")
        merged[match.id] = (current, filled)
    for contact, filled in merged.values():
        if filled:
            plan.merged.append((contact, sorted(set(filled))))
        else:
            plan.unchanged.append(contact.name)
    _plan_links(plan, known, became)
    return plan


def _plan_links(plan: ImportPlan, known: list[Contact], became: list[tuple[Incoming, str]]) -> None:
    """The links the file's RELATED names make, between people in the journal or added by this import; a name
    that is nobody there, or several people, is said in what the import leaves out."""
    if not any(person.related for person, _ in became):
        return
    everyone = known + plan.added
    by_name: dict[str, set[str]] = {}
    by_email: dict[str, str] = {}
    for contact in everyone:
        by_name.setdefault(fold(contact.name), set()).add(contact.id)
        if contact.email:
            by_email[contact.email.casefold()] = contact.id
    planned: set[tuple[str, str, str]] = set()
    for person, contact_id in became:
        for kind, other, outgoing in person.related:
            ids = {by_email[other.casefold()]} if other.casefold() in by_email else by_name.get(fold(other), set())
            if len(ids) != 1 or contact_id in ids:
                why = "several people" if len(ids) > 1 else "nobody in the journal or the file"
                said = f"{person.name} {LINK_WORDS[kind]} {other}" if outgoing else \
                    f"{other} {LINK_WORDS[kind]} {person.name}"
                plan.skipped.append((person.where, f"{said}: {why}"))
                continue
            other_id = next(iter(ids))
            link = Link(kind, contact_id, other_id) if outgoing else Link(kind, other_id, contact_id)
            if (link.kind, link.from_id, link.to_id) not in planned:
                planned.add((link.kind, link.from_id, link.to_id))
                plan.links.append(link)
    named = {contact.id: contact.name for contact in everyone}
    plan.names = {i: named[i] for link in plan.links for i in (link.from_id, link.to_id)}


def _has_date_like(kept: list[ImportantDate], entry: ImportantDate) -> bool:
    """A birthday or anniversary is there when one of that kind is; another date when one with its label is."""
    if entry.kind == "other":
        return any(d.kind == "other" and fold(d.label) == fold(entry.label) for d in kept)
    return any(d.kind == entry.kind for d in kept)


_THEIRS_EVERYWHERE = {f.name: "theirs" for f in fields(Contact)}


def apply_plan(journal: Journal, plan: ImportPlan) -> None:
    """Write the plan in one save: all of it or, if anything fails, none of it."""
    with journal.batch():
        for contact in plan.added:
            journal.add_contact(contact)
        for contact, _ in plan.merged:
            # An import only fills what was empty: where somebody saved the same field meanwhile, theirs stands.
            journal.edit_contact(plan.bases[contact.id], contact, resolutions=_THEIRS_EVERYWHERE)
        for link in plan.links:
            journal.add_link(link)  # one already kept is kept once
