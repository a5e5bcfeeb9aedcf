"""Dates and open follow-ups out to a calendar (iCalendar, RFC 5545), with `icalendar`.

Each person's dates become yearly all-day events and each open follow-up an all-day event on its due day with an
alarm at 9:00. Every event's UID comes from the record it shows (the person's id and the date's kind and label,
the follow-up's id), so importing a newer export into the same calendar updates the events instead of adding
them twice.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone

from .. import __version__
from ..core.journal import Journal
from ..core.model import Contact, ImportantDate, yearly_month_day
from ..reports.today import date_title, follow_up_title

PRODID = f"-//netjournal//netjournal {__version__}//EN"
UID_DOMAIN = "netjournal"
YEARLESS_START = 2000  # a date kept without a year starts in a leap year, so 29 February is a day in it
ALARM_AT = timedelta(hours=9)  # from the start of an all-day event: 9:00 that day, in the calendar's own zone

# Names come from other people's vCards: a calendar shows text as it is, so characters that act instead of
# showing (C0 and C1 controls, bidi overrides and isolates, line separators) are left out. Newlines stay in text
# that may hold them; icalendar writes them as `\n`.
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _text(value: str, one_line: bool = True) -> str:
    text = _CONTROLS.sub("", value)
    return " ".join(text.split()) if one_line else text


def date_uid(contact: Contact, entry: ImportantDate, taken: set[str]) -> str:
    """`date-<contact id>-<kind>-<hash of the label>@netjournal`: the same date keeps its UID when its day is
    corrected; a second date of the same kind and label gets `-2`."""
    label = hashlib.sha1(entry.label.casefold().encode("utf-8")).hexdigest()[:8]
    base = f"date-{contact.id}-{entry.kind}-{label}"
    uid, n = base, 1
    while uid in taken:
        n += 1
        uid = f"{base}-{n}"
    taken.add(uid)
    return f"{uid}@{UID_DOMAIN}"


def follow_up_uid(follow_up_id: str) -> str:
    return f"follow-up-{follow_up_id}@{UID_DOMAIN}"


def _date_event(contact: Contact, entry: ImportantDate, uid: str, stamp: datetime):
    from icalendar import Event

    year, month, day = yearly_month_day(entry.date)
    start = date(year or YEARLESS_START, month, day)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", _text(date_title(entry, contact.name)))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    if (month, day) == (2, 29):  # netjournal keeps it on 28 February in other years: the last day of February
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("transp", "TRANSPARENT")  # a birthday does not make the person busy
    event.add("categories", [entry.kind])
    return event


def calendar_ics(journal: Journal, now: datetime | None = None) -> bytes:
    """The people's dates and the open follow-ups as one iCalendar file (CRLF lines, UTF-8).

    Archived people and their follow-ups are left out, as Today leaves them out.
    """
    from icalendar import Alarm, Calendar, Event

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "netjournal")
    people = {c.id: c for c in journal.contacts()}
    for contact in people.values():
        taken: set[str] = set()
        for entry in contact.dates:
            calendar.add_component(_date_event(contact, entry, date_uid(contact, entry, taken), stamp))
    for follow_up in journal.follow_ups():
        contact = people.get(follow_up.contact_id)
        if contact is None:
            continue
        due = date.fromisoformat(follow_up.due)
        title = _text(follow_up_title(follow_up, contact.name))
        event = Event()
        event.add("uid", follow_up_uid(follow_up.id))
        event.add("dtstamp", stamp)
        event.add("summary", title)
        event.add("description", _text(f"{follow_up.what}\nnetjournal done {follow_up.id}", one_line=False))
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["follow-up"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", ALARM_AT)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
