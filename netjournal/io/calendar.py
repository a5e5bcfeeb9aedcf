"""Meetings from a calendar export (.ics from Outlook, Google Calendar, Apple Calendar) as proposed conversations.

Reading and planning never touch the journal; `apply_calendar_plan` writes the whole plan in one batch. A file that
is not a whole calendar raises ImportFileError (one clear line) and nothing is written.

Each occurrence of a meeting is known by `UID@start` (the start of its slot in the series, in UTC), kept on the
conversation it becomes: importing the same or a newer export finds it and logs nothing twice.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..common.folding import fold
from ..common.safe_text import one_line_each
from ..core.journal import Journal
from ..core.model import Contact, Interaction, Meeting
from .importers import ImportFileError
from .plan_words import and_list, counted

AHEAD_DAYS = 30  # meetings ahead kept for Today: a month is what a calendar export says with some certainty

# Hosts of video meetings, and the properties Google and Outlook put a meeting's link in.
_VIDEO = re.compile(r"(teams\.microsoft\.com|teams\.live\.com|(?:^|[./])zoom\.(?:us|com)|meet\.google\.com|"
                    r"webex\.com|whereby\.com|gotomeeting\.com|meet\.jit\.si|chime\.aws)", re.IGNORECASE)
_VIDEO_PROPERTIES = ("X-NETJOURNAL-VIDEO", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-ONLINEMEETINGCONFLINK",
                     "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK", "CONFERENCE")
_TEXT_PROPERTIES = ("LOCATION", "DESCRIPTION", "URL", "X-ALT-DESC")
_VIDEO_MARK = "X-NETJOURNAL-VIDEO"  # a long description that had a video link, read before parsing

# Properties and parts the import never reads: left out before icalendar parses the file (it takes about 0.2 ms a
# line, and Outlook writes a dozen of these, a description and an HTML copy of it for every meeting).
_UNUSED = frozenset(("DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "CLASS", "PRIORITY", "TRANSP", "ATTACH",
                     "CATEGORIES", "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-IMPORTANCE",
                     "X-MICROSOFT-CDO-INTENDEDSTATUS", "X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-DISALLOW-COUNTER",
                     "X-MICROSOFT-CDO-APPT-SEQUENCE", "X-MICROSOFT-CDO-OWNERAPPTID", "X-MS-OLK-CONFTYPE",
                     "X-MS-OLK-AUTOFILLLOCATION", "X-MS-OLK-APPTSEQTIME", "X-MICROSOFT-LOCATIONS",
                     "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "X-APPLE-CREATOR-IDENTITY", "X-APPLE-CREATOR-TEAM-IDENTITY"))
# Read only for a video link (a meeting's room, its description): scanned as text, then left out.
_LONG_TEXT = frozenset(("DESCRIPTION", "X-ALT-DESC", "COMMENT", "LOCATION", "URL"))
_SERIES = frozenset(("RRULE", "RDATE", "RECURRENCE-ID"))


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str  # casefolded; "" when the calendar gives none

    @property
    def words(self) -> str:
        return f"{self.name} <{self.email}>" if self.email and self.email != self.name else self.name


@dataclass
class PlannedMeeting:
    """One occurrence of a meeting, as the plan proposes it."""

    event: str  # UID@start
    day: date
    start: str  # YYYY-MM-DDTHH:MM in the meeting's zone, or YYYY-MM-DD all day
    title: str
    channel: str
    formal: bool
    known: list[Contact]  # the people in it who are in the journal
    unknown: list[Attendee]  # the people in it who are not
    skip: bool = False  # the review can leave a meeting out
    business: bool = True  # a meeting in a work calendar is business unless the review says otherwise

    def with_words(self, add_people: bool = False) -> str:
        names = [c.name for c in self.known] + ([a.name for a in self.unknown] if add_people else [])
        return and_list(names)


@dataclass
class CalendarPlan:
    owner: str  # the calendar owner's email, casefolded ("" when nobody appears in any meeting)
    past: list[PlannedMeeting] = field(default_factory=list)  # to log, with somebody in the journal or unknown
    ahead: list[PlannedMeeting] = field(default_factory=list)  # to keep for Today
    already: list[PlannedMeeting] = field(default_factory=list)  # logged before
    unknown: dict[str, tuple[Attendee, str]] = field(default_factory=dict)  # key -> attendee, how met
    cancelled: int = 0
    declined: int = 0
    alone: int = 0
    add_people: bool = False

    def to_log(self, add_people: bool | None = None) -> list[PlannedMeeting]:
        """The past meetings that would be logged: with somebody known, or anybody when unknown people are added."""
        adding = self.add_people if add_people is None else add_people
        return [m for m in self.past if not m.skip and (m.known or (adding and m.unknown))]

    def to_keep(self, add_people: bool | None = None) -> list[PlannedMeeting]:
        adding = self.add_people if add_people is None else add_people
        return [m for m in self.ahead if m.known or (adding and m.unknown)]

    def summary(self, dry_run: bool = False) -> str:
        lines = calendar_lines(self, done=not dry_run)
        if dry_run:
            lines.append("Nothing was written (--dry-run).")
        return one_line_each(lines)


# --- reading ---------------------------------------------------------------------------------------------------


def read_calendar(path: Path):
    """The calendar in a file, read with icalendar; ImportFileError when it is not one whole calendar."""
    import icalendar  # imported here: only calendar imports need it

    try:
        if not path.is_file():
            raise ImportFileError(f"{path}: not a file" if path.exists() else f"{path}: no such file")
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a text file in UTF-8 (is it really a calendar export?)") from None
    if "\x00" in text:
        raise ImportFileError(f"{path}: not a text file (it has NUL bytes)")
    lines = _lean_lines(text)
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise ImportFileError(f"{path}: not a calendar (.ics) file (no BEGIN:VCALENDAR)")
    if lines[-1].strip().upper() != "END:VCALENDAR":  # a cut-off download would otherwise lose its last meetings
        raise ImportFileError(f"{path}: the calendar is cut off (no END:VCALENDAR at the end)")
    try:
        calendars = icalendar.Calendar.from_ical("\r\n".join(lines) + "\r\n", multiple=True)
    except Exception as error:  # noqa: BLE001 - icalendar raises many kinds for a broken file
        raise ImportFileError(f"{path}: not a readable calendar ({_reason(error)})") from None
    if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
        raise ImportFileError(f"{path}: not one calendar (.ics) file")
    # icalendar keeps a broken value and fails only when it is read: find it now, and name the event it is in.
    for component in calendars[0].walk():
        if component.errors:
            name, problem = component.errors[0]
            title = " ".join(str(component.get("SUMMARY") or "").split())[:60]
            where = f"{component.name} “{title}”" if title else str(component.name)
            problem = " ".join(str(problem).split())[:80]
            raise ImportFileError(f"{path}: not a readable calendar ({where}: {name} {problem})")
    return calendars[0]


def _windows_zones() -> dict[str, str]:
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # a later icalendar moved it: the file's own VTIMEZONE is used, only more slowly
        return {}
    return WINDOWS_TO_OLSON


def _lean_lines(text: str) -> list[str]:
    """The calendar's unfolded lines without what the import never reads.

    A VTIMEZONE for a Windows zone name (Outlook's `W. Europe Standard Time`) is left out too: icalendar then reads
    the name as the IANA zone it stands for (Europe/Berlin), with its whole history, instead of building a zone
    from the file's rules that start in 1601 and are walked from there for every time read (seconds for a year).
    """
    unfolded = re.sub(r"\r?\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    windows = _windows_zones()
    kept: list[str] = []
    skipping = ""  # the END: line that ends a part left out
    zone_start = -1
    event_ends: list[int] | None = None  # in a VEVENT: where its DTEND or DURATION lines are
    repeating = False
    for line in unfolded.split("\n"):
        if not line.strip():
            continue
        upper = line[:40].upper()
        if skipping:
            if upper.strip() == skipping:
                skipping = ""
            continue
        if upper.startswith("BEGIN:VALARM"):
            skipping = "END:VALARM"
            continue
        if upper.startswith("BEGIN:VTIMEZONE"):
            zone_start = len(kept)
        elif zone_start >= 0 and upper.startswith("TZID") and line.partition(":")[2].strip() in windows:
            del kept[zone_start:]
            zone_start = -1
            skipping = "END:VTIMEZONE"
            continue
        elif upper.startswith("END:VTIMEZONE"):
            zone_start = -1
        name = re.split(r"[;:]", upper, maxsplit=1)[0].strip()
        if name in _UNUSED:
            continue
        if name in _LONG_TEXT:
            if _VIDEO.search(line):
                kept.append(f"{_VIDEO_MARK}:TRUE")
            continue
        if name == "STATUS" and "CANCELLED" not in upper:  # only a cancelled meeting's status matters
            continue
        if upper.startswith("BEGIN:VEVENT"):
            event_ends, repeating = [], False
        elif event_ends is not None:
            if name in _SERIES:
                repeating = True
            elif name in ("DTEND", "DURATION"):
                event_ends.append(len(kept))
            elif upper.startswith("END:VEVENT"):
                if not repeating:  # a single meeting is placed by its start alone; a series needs its length
                    for index in reversed(event_ends):
                        del kept[index]
                event_ends = None
        kept.append(line)
    return kept


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _email(value) -> str:
    text = str(value or "").strip()
    if text.casefold().startswith("mailto:"):
        text = text[7:]
    return text.strip().casefold()


def _people(event) -> tuple[list[tuple[Attendee, str]], Attendee | None]:
    """The attendees with their PARTSTAT (rooms and resources left out), and the organizer."""
    found = []
    raw = event.get("ATTENDEE")
    for item in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        params = getattr(item, "params", {})
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
            continue
        email = _email(item)
        name = " ".join(str(params.get("CN", "")).strip().strip('"').split()) or email
        if name:
            found.append((Attendee(name, email), str(params.get("PARTSTAT", "")).upper()))
    organizer = None
    item = event.get("ORGANIZER")
    if item is not None:
        email = _email(item)
        name = " ".join(str(getattr(item, "params", {}).get("CN", "")).strip().strip('"').split()) or email
        if name:
            organizer = Attendee(name, email)
    return found, organizer


def guess_owner(calendar, people_of: dict | None = None) -> str:
    """The email in most events: the person whose calendar it is."""
    counts: Counter[str] = Counter()
    for event in calendar.walk("VEVENT"):
        attendees, organizer = people_of[id(event)] if people_of else _people(event)
        emails = {a.email for a, _ in attendees if a.email}
        if organizer is not None and organizer.email:
            emails.add(organizer.email)
        counts.update(emails)
    return counts.most_common(1)[0][0] if counts else ""


def _is_video(event) -> bool:
    if any(event.get(name) is not None for name in _VIDEO_PROPERTIES):
        return True
    return any(_VIDEO.search(str(event.get(name) or "")) for name in _TEXT_PROPERTIES)


def _calendar_zone(calendar) -> tzinfo | None:
    """Google gives times in UTC and says the calendar's zone in X-WR-TIMEZONE: a meeting's day is that zone's."""
    name = str(calendar.get("X-WR-TIMEZONE") or "").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return None


def _local(moment, zone: tzinfo | None):
    """A start as the person lived it: a date stays; UTC moves to the calendar's zone (else this machine's)."""
    if isinstance(moment, datetime) and moment.tzinfo is not None and moment.utcoffset() == timedelta(0) \
            and str(moment.tzinfo) in ("UTC", "utc", "Etc/UTC", "Z"):
        return moment.astimezone(zone) if zone is not None else moment.astimezone()
    return moment


def _slot(event, start) -> str:
    """The occurrence's key: its place in the series (RECURRENCE-ID) if it has one, else its start; UTC when zoned,
    so that an export in another zone, or with the meeting moved, names the same occurrence the same way."""
    recurrence = event.get("RECURRENCE-ID")
    moment = recurrence.dt if recurrence is not None else start
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.isoformat()


def _uid(event, start) -> str:
    uid = " ".join(str(event.get("UID") or "").split())
    if uid:
        return uid
    # No UID (rare: hand-made files): the title and first start name the event as well as anything can.
    seed = f"{event.get('SUMMARY') or ''}|{start}".encode()
    return "no-uid-" + hashlib.sha1(seed).hexdigest()[:12]


# --- planning --------------------------------------------------------------------------------------------------


class _People:
    """The journal's people by email and by folded name (a name only counts when it is one person's)."""

    def __init__(self, journal: Journal) -> None:
        self.by_email: dict[str, Contact] = {}
        self.by_name: dict[str, list[Contact]] = {}
        for contact in journal.contacts(include_archived=True):
            if contact.email:
                self.by_email.setdefault(contact.email.strip().casefold(), contact)
            self.by_name.setdefault(fold(contact.name), []).append(contact)

    def match(self, person: Attendee) -> Contact | None:
        if person.email and person.email in self.by_email:
            return self.by_email[person.email]
        same = self.by_name.get(fold(person.name), [])
        return same[0] if len(same) == 1 else None


def plan_calendar(journal: Journal, calendar, *, since: date | None = None, until: date | None = None,
                  me: str = "", add_people: bool = False) -> CalendarPlan:
    """What importing `calendar` would do. Past meetings between `since` and `until` (before today) are proposed
    as conversations; the next AHEAD_DAYS from today are kept as meetings ahead."""

    today = journal.today()
    # Each meeting's people, read once: the owner is guessed from them and a single meeting plans from them.
    people_of = {id(event): _people(event) for event in calendar.walk("VEVENT")}
    owner = _email(me) if me else guess_owner(calendar, people_of)
    plan = CalendarPlan(owner=owner, add_people=add_people)
    people = _People(journal)
    logged = journal.logged_events()
    zone = _calendar_zone(calendar)
    past_end = min(until + timedelta(days=1), today) if until else today
    ahead_end = today + timedelta(days=AHEAD_DAYS)
    start = since
    if start is None:  # from the first meeting in the file: a series that never ends still has a beginning
        starts = [e.get("DTSTART").dt for e in calendar.walk("VEVENT") if e.get("DTSTART") is not None]
        days = [s.date() if isinstance(s, datetime) else s for s in starts if isinstance(s, date)]
        start = min(days) if days else today
    try:
        occurrences = _occurrences(calendar, start, ahead_end)
    except Exception as error:  # noqa: BLE001 - a broken RRULE, a date out of range
        raise ImportFileError(f"not a readable calendar ({_reason(error)})") from None
    seen: set[str] = set()
    for event in occurrences:
        try:
            day, planned, why = _plan_one(event, plan.owner, people, zone, people_of.get(id(event)))
        except (ValueError, TypeError, AttributeError, OverflowError):  # an event without a usable start or title
            continue
        if day < today and (day < start or day >= past_end):
            continue
        if planned is None:
            if day < today:  # what was left out is told for the meetings asked about, not for those ahead
                setattr(plan, why, getattr(plan, why) + 1)
            continue
        if planned.event in seen:
            continue
        seen.add(planned.event)
        if planned.day < today:
            if planned.event in logged:
                plan.already.append(planned)
                continue
            plan.past.append(planned)
            for person in planned.unknown:
                plan.unknown.setdefault(_key(person), (person, f"met at {planned.title} on {planned.day.isoformat()}"))
        elif planned.day < ahead_end and planned.event not in logged:
            plan.ahead.append(planned)
    plan.past.sort(key=lambda m: m.start)
    plan.ahead.sort(key=lambda m: m.start)
    plan.already.sort(key=lambda m: m.start)
    return plan


def _occurrences(calendar, start: date, end: date) -> list:
    """The events between `start` and `end`: series expanded by recurring-ical-events, with their exceptions;
    a single meeting is its own occurrence (most of a calendar: expanding them too costs seconds a year)."""
    import icalendar
    import recurring_ical_events

    events = calendar.walk("VEVENT")
    series = {str(e.get("UID")) for e in events
              if e.get("RRULE") is not None or e.get("RDATE") is not None or e.get("RECURRENCE-ID") is not None}
    found = []
    for event in events:
        if str(event.get("UID")) in series:
            continue
        moment = event.get("DTSTART")
        if moment is None:
            continue
        day = moment.dt.date() if isinstance(moment.dt, datetime) else moment.dt
        if start - timedelta(days=1) <= day <= end:  # a day either side: the local day is settled later
            found.append(event)
    if series:
        repeating = icalendar.Calendar()
        for component in calendar.subcomponents:
            if component.name == "VTIMEZONE" or (component.name == "VEVENT" and str(component.get("UID")) in series):
                repeating.add_component(component)
        found += recurring_ical_events.of(repeating, skip_bad_series=True).between(start, end)
    return found


def _key(person: Attendee) -> str:
    return person.email or "name:" + fold(person.name)


def _plan_one(event, owner: str, people: _People, zone: tzinfo | None,
              read: tuple | None = None) -> tuple[date, PlannedMeeting | None, str]:
    """The occurrence's day, and the meeting it proposes or why none (the plan's count to raise)."""
    raw_start = event.get("DTSTART").dt
    start = _local(raw_start, zone)
    if isinstance(start, datetime):
        day, start_text = start.date(), start.strftime("%Y-%m-%dT%H:%M")
    else:
        day, start_text = start, start.isoformat()
    if str(event.get("STATUS") or "").upper() == "CANCELLED":
        return day, None, "cancelled"
    attendees, organizer = read if read is not None else _people(event)
    others: dict[str, Attendee] = {}
    for person, partstat in attendees:
        if owner and person.email == owner:
            if partstat == "DECLINED":
                return day, None, "declined"
            continue
        if partstat != "DECLINED":  # somebody who said no did not take part
            others.setdefault(_key(person), person)
    if organizer is not None and not (owner and organizer.email == owner):
        others.setdefault(_key(organizer), organizer)
    if not others:
        return day, None, "alone"
    known: list[Contact] = []
    unknown: list[Attendee] = []
    for person in others.values():
        contact = people.match(person)
        if contact is None:
            unknown.append(person)
        elif all(contact.id != c.id for c in known):
            known.append(contact)
    title = " ".join(str(event.get("SUMMARY") or "").split()) or "(no title)"
    return day, PlannedMeeting(
        event=f"{_uid(event, raw_start)}@{_slot(event, raw_start)}", day=day, start=start_text, title=title,
        channel="video" if _is_video(event) else "in_person", formal=len(others) + 1 > 2,
        known=known, unknown=unknown), ""


# --- applying --------------------------------------------------------------------------------------------------


def new_people(plan: CalendarPlan) -> dict[str, Contact]:
    """The people the plan would add, by their key, as contacts."""
    return {key: Contact(name=person.name, email=person.email, how_met=how_met)
            for key, (person, how_met) in plan.unknown.items()}


def apply_calendar_plan(journal: Journal, plan: CalendarPlan, add_people: bool | None = None) -> None:
    """Write the plan in one save: people added (when asked), meetings logged, meetings ahead kept."""
    adding = plan.add_people if add_people is None else add_people
    added = new_people(plan) if adding else {}

    def with_ids(meeting: PlannedMeeting) -> list[str]:
        ids = [c.id for c in meeting.known]
        ids += [added[_key(p)].id for p in meeting.unknown if _key(p) in added and added[_key(p)].id not in ids]
        return ids

    with journal.batch():
        for contact in added.values():
            journal.add_contact(contact)
        logged = set(journal.logged_events())  # a meeting somebody logged since the plan was made stays logged once
        for meeting in plan.to_log(adding):
            ids = with_ids(meeting)
            if not ids or meeting.event in logged:
                continue
            journal.log_interaction(Interaction(
                date=meeting.day.isoformat(), with_=ids, channel=meeting.channel, formal=meeting.formal,
                business=meeting.business, topics=meeting.title, event=meeting.event))
            logged.add(meeting.event)
        ahead = [Meeting(event=m.event, start=m.start, title=m.title, with_=with_ids(m), channel=m.channel,
                         formal=m.formal) for m in plan.to_keep(adding) if with_ids(m)]
        journal.keep_meetings(ahead)


# --- words -----------------------------------------------------------------------------------------------------


def meeting_words(meeting: PlannedMeeting, add_people: bool = False) -> str:
    when = meeting.start.replace("T", " ")
    who = meeting.with_words(add_people)
    return f"{when} {meeting.title}: with {who}" if who else f"{when} {meeting.title}"


def logged_words(number: int) -> str:
    """`1 meeting as a conversation`, `3 meetings as conversations`."""
    return counted(number, "meeting as a conversation", "meetings as conversations")


def calendar_lines(plan: CalendarPlan, *, done: bool = False, limit: int | None = None) -> list[str]:
    """The plan in words: what it does (shown before it is applied) or what it did."""
    adding = plan.add_people
    lines: list[str] = []

    def listed(items: list[str]) -> list[str]:
        if limit is None or len(items) <= limit:
            return [f"  {item}" for item in items]
        return [f"  {item}" for item in items[:limit]] + [f"  and {len(items) - limit} more"]

    logging = plan.to_log()
    if logging:
        verb = "Logged" if done else "Logs"
        lines.append(f"{verb} {logged_words(len(logging))}:")
        lines += listed([meeting_words(m, adding) for m in logging])
    else:
        lines.append("Logged no meetings." if done else "Logs no meetings.")
    keeping = plan.to_keep()
    if keeping:
        verb = "Kept" if done else "Keeps"
        lines.append(f"{verb} {counted(len(keeping), 'meeting', 'meetings')} ahead for Today:")
        lines += listed([meeting_words(m, adding) for m in keeping])
    if plan.unknown:
        people = [person.words for person, _ in plan.unknown.values()]
        if adding:
            lines.append(f"{'Added' if done else 'Adds'} {counted(len(people), 'person', 'people')} you met:")
        else:
            number = counted(len(people), "person you met is", "people you met are")
            lines.append(f"{number} not in your journal (--add-people adds them):")
        lines += listed(people)
    unmatched = [m for m in plan.past if not m.known and not adding]
    if unmatched:
        lines.append(f"{'Left' if done else 'Leaves'} out {counted(len(unmatched), 'meeting', 'meetings')} "
                     "with nobody from your journal.")
    if plan.already:
        lines.append(f"{counted(len(plan.already), 'meeting is', 'meetings are')} already in the journal.")
    left = [counted(plan.cancelled, "cancelled", "cancelled") if plan.cancelled else "",
            f"{plan.declined} you declined" if plan.declined else "",
            f"{plan.alone} with nobody else" if plan.alone else ""]
    left = [part for part in left if part]
    if left:
        total = plan.cancelled + plan.declined + plan.alone
        lines.append(f"{'Skipped' if done else 'Skips'} {counted(total, 'event', 'events')}: {and_list(left)}.")
    return lines
