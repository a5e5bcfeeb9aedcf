"""The journal's records as dataclasses, their validation, and the calendar helpers.

Nothing here knows about TinyDB or Textual: records go in and out as plain dicts
(`to_record` / `from_record`) so the storage layer stays a detail.
"""

from __future__ import annotations

import calendar
import dataclasses
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar, Iterable

from ..common import clock

SIDES = ("internal", "external")
NETWORKS = ("formal", "informal")
LEVELS = ("up", "peer", "down", "outside")
CHANNELS = ("in_person", "video", "call", "message", "email", "event")
INITIATORS = ("me", "them")
# What an interaction was: a conversation, something passed on from the share queue, or an introduction of
# two people to each other (both are in `with`). Only conversations can meet a weekly goal.
KINDS = ("conversation", "share", "introduction")
SCORES = (1, 2, 3, 4)
# The dates a person keeps about someone: a birthday, an anniversary (a wedding, a work anniversary), or another
# date with a label of its own ("started at Acme").
DATE_KINDS = ("birthday", "anniversary", "other")
# What an organisation is to the person, and how far it takes part in their work (the partners guide's kinds of
# involvement, from least to most).
ORG_KINDS = ("client", "partner", "stakeholder", "supplier", "internal_unit", "community_group")
INVOLVEMENTS = ("informed", "consulted", "involved", "partner")
RANKS = (1, 999)  # strategic value: 1 is the most strategic
# How two people stand to each other. `reports_to` and `influences` have a direction (from -> to); the others are
# the same seen from either side, and are stored with the two ids in order so that each is kept once.
LINK_KINDS = ("reports_to", "influences", "works_with", "family", "knows")
MUTUAL_LINKS = ("works_with", "family", "knows")
LINK_WORDS = {"reports_to": "reports to", "influences": "influences", "works_with": "works with",
              "family": "is family of", "knows": "knows"}  # "A <words> B", read from the link's `from` side

# What a monthly goal asks for. Counted goals are met from the log; an activity is met once an action is written
# down; a goal in the person's own words is ticked by hand.
MONTH_GOAL_KINDS = ("informal", "contacts", "new_people", "events", "new_at_events", "activity", "own")
MONTH_GOAL_COUNT = (1, 99)
ACTIVITY_ID = re.compile(r"^[A-Z]{2,5}-\d{1,3}$")  # RB-7, EEP-4: the ids of the guides' activities
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")


def new_id() -> str:
    """A short random hex id: stable across saves, unlike TinyDB's reusable doc_id."""
    return os.urandom(4).hex()  # os, not secrets: the same source, without importing hashlib at start-up


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def stamp_time() -> str:
    """When a record was written, for merging copies: to the millisecond (`2026-11-25T09:12:03.042+00:00`)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# --- dates and ISO weeks ---------------------------------------------------------------


# The dates a journal holds. Far enough either side for any date a person means, near enough that the arithmetic
# on them (a keep-in-touch interval of up to ten years, the weeks either side) never leaves what `date` can hold;
# and a typing slip such as 0026-11-20 is caught where it is typed.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def date_in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _in_range(day: date, field_name: str) -> date:
    if not date_in_range(day):
        raise ValueError(f"{field_name}: {day.isoformat()} is out of range (years {FIRST_YEAR} to {LAST_YEAR})")
    return day


def parse_iso_date(value: str, field_name: str = "date") -> date:
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{field_name}: {_short(value)} is not a date (use YYYY-MM-DD)") from None
    return _in_range(day, field_name)


# What the two kinds of date field accept, for their error messages.
PAST_WORDS = "today, yesterday, mon (the last one), 3 days ago, 2 weeks ago or YYYY-MM-DD"
PLANNED_WORDS = "tomorrow, fri (the coming one), next week, in 2 weeks, next month or YYYY-MM-DD"

_COUNT = r"(\d{1,4}|a|an|one)"  # four digits at most: "in 99999999 days" is a slip, not a plan
_AGO = re.compile(rf"^{_COUNT} (day|week)s? ago$")
_IN = re.compile(rf"^in {_COUNT} (day|week|month)s?$")


def _count(text: str) -> int:
    return 1 if text in ("a", "an", "one") else int(text)


def _weekday(word: str) -> int | None:
    """Monday 0 .. Sunday 6 for a weekday's name or its first three letters or more (`fri`, `frid`)."""
    if len(word) >= 3:
        for index, name in enumerate(WEEKDAYS):
            if name.startswith(word):
                return index
    return None


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day_words(word: str, today: date) -> tuple[date, str] | None:
    """A date word other than a bare weekday: the date and whether it lies behind ("past") or ahead
    ("planned"), or both ways ("today"). None when the word is not one of them."""
    if word == "today":
        return today, "today"
    if word == "yesterday":
        return today - timedelta(days=1), "past"
    if word == "tomorrow":
        return today + timedelta(days=1), "planned"
    if word == "next week":  # the start of next week: Monday
        return today + timedelta(days=7 - today.weekday()), "planned"
    if word == "next month":  # the start of next month, as next week is the start of next week
        return _add_months(today.replace(day=1), 1), "planned"
    if word.startswith("next ") and (index := _weekday(word[5:])) is not None:
        return today + timedelta(days=7 - today.weekday() + index), "planned"  # that day of next week
    if match := _AGO.match(word):
        days = _count(match.group(1)) * (7 if match.group(2) == "week" else 1)
        return today - timedelta(days=days), "past"
    if match := _IN.match(word):
        number, unit = _count(match.group(1)), match.group(2)
        if unit == "month":
            return _add_months(today, number), "planned"
        return today + timedelta(days=number * (7 if unit == "week" else 1)), "planned"
    return None


def _read_day(text: str, today: date | None, field_name: str, planned: bool) -> date:
    today = today or clock.today()
    word = " ".join(str(text).strip().lower().split())  # "next  week" is next week
    examples = PLANNED_WORDS if planned else PAST_WORDS
    if not word:
        raise ValueError(f"{field_name}: empty; use {examples}")
    index = _weekday(word)
    if index is not None:
        if planned:  # the coming one; the day's own name means a week from today (today is "today")
            return _in_range(today + timedelta(days=(index - today.weekday() - 1) % 7 + 1), field_name)
        return today - timedelta(days=(today.weekday() - index) % 7)  # the most recent one, today included
    try:
        found = _day_words(word, today)
    except (OverflowError, ValueError):  # "in 9999 months" from a late year: beyond what a date holds
        raise ValueError(f"{field_name}: {_short(text)} is too far away; use {examples}") from None
    if found is not None:
        day, way = found
        if planned and way == "past":
            raise ValueError(f"{field_name}: {_short(text)} is in the past; a planned date is ahead: {examples}")
        if not planned and way == "planned":
            raise ValueError(f"{field_name}: {_short(text)} is ahead; give a day that has come: {examples}")
        return _in_range(day, field_name)
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise ValueError(f"{field_name}: {_short(text)} is not a date; use {examples}") from None
    return _in_range(day, field_name)


def parse_day(text: str, today: date | None = None, field_name: str = "date") -> date:
    """A date that has come, as a person types it: a conversation's, a rating's.

    Accepts `today`, `yesterday`, weekday names or their first three letters (the most recent such day, today
    included), `3 days ago`, `2 weeks ago` and ISO dates. Words for days ahead (`tomorrow`) are an error.
    """
    return _read_day(text, today, field_name, planned=False)


def parse_planned_day(text: str, today: date | None = None, field_name: str = "date") -> date:
    """A date ahead, as a person planning types it: an improve-by date, a goal's due date.

    `fri` is the coming Friday: on a Wednesday two days on, on a Friday a week on (someone planning who means
    today types `today`). `tomorrow`; `next week` and `next month` are the first day of each (Monday, the 1st);
    `next fri` is Friday of next week; `in 3 days`, `in 2 weeks`, `in 3 months` (the same day of the month, or
    the month's last); ISO dates, in the past too (a goal already overdue stays as it was). Words for days
    behind (`yesterday`, `3 days ago`) are an error.
    """
    return _read_day(text, today, field_name, planned=True)


def week_key(day: date) -> str:
    """The ISO week a day falls in, as `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    """Validate an ISO week key; returns it normalised."""
    match = _WEEK_KEY.match(str(text).strip())
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            _in_range(date.fromisocalendar(year, week, 1), "week")
            return f"{year}-W{week:02d}"
        except ValueError as error:
            if str(error).startswith("week: "):
                raise
            raise ValueError(f"week: {year} has no week {week}") from None
    raise ValueError(f"week: {_short(text)} is not an ISO week (use e.g. 2026-W48)")


def parse_month(text: str) -> str:
    """Validate a month key (`2026-11`); returns it normalised."""
    match = _MONTH_KEY.match(str(text).strip())
    if match and 1 <= int(match.group(2)) <= 12:
        _in_range(date(int(match.group(1)), int(match.group(2)), 1), "month")
        return match.group(0)
    raise ValueError(f"month: {_short(text)} is not a month (use YYYY-MM, e.g. 2026-11)")


MONTH_WORDS = "YYYY-MM, this, last or next"


def read_month(text: str, today: date) -> str:
    """A month as a person types it: `2026-11`, `this`, `last` or `next` (month optional: `last month`)."""
    words = " ".join(str(text).lower().split())
    words = words[:-6] if words.endswith(" month") else words
    shift = {"this": 0, "last": -1, "previous": -1, "next": 1}.get(words)
    if shift is not None:
        return shift_month(month_key(today), shift)
    try:
        return parse_month(words)
    except ValueError:
        raise ValueError(f"month: {_short(text)} is not a month (use {MONTH_WORDS})") from None


def month_in_range(text: str) -> bool:
    try:
        return parse_month(text) == text
    except ValueError:
        return False


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_dates(key: str) -> tuple[date, date]:
    """The first and the last day of a month."""
    key = parse_month(key)
    first = date(int(key[:4]), int(key[5:]), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def shift_month(key: str, months: int) -> str:
    key = parse_month(key)
    index = int(key[:4]) * 12 + int(key[5:]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def week_in_range(text: str) -> bool:
    """A week key exactly as `parse_week` writes it, in range: what a stored week must be."""
    try:
        return parse_week(text) == text
    except ValueError:
        return False


def week_start(key: str) -> date:
    key = parse_week(key)
    return date.fromisocalendar(int(key[:4]), int(key[6:]), 1)


def week_dates(key: str) -> list[date]:
    """Monday to Sunday of an ISO week."""
    monday = week_start(key)
    return [monday + timedelta(days=offset) for offset in range(7)]


def shift_week(key: str, weeks: int) -> str:
    return week_key(week_start(key) + timedelta(weeks=weeks))


def previous_week(key: str) -> str:
    return shift_week(key, -1)


def next_week(key: str) -> str:
    return shift_week(key, 1)


# --- dates that come round every year (birthdays, anniversaries) ---------------------------

# A date kept about a person is a full ISO date, or the vCard form without a year (`--04-12`) when the year is
# not known.
_YEARLESS = re.compile(r"^--(\d{2})-(\d{2})$")
_YEARLESS_INPUT = re.compile(r"^-{0,2}(\d{2})-?(\d{2})$")  # 04-12, --04-12, --0412
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 19850412, as some vCards write BDAY


def parse_yearly_date(value: Any, field_name: str = "date") -> str:
    """A birthday or anniversary as stored: `1985-04-12`, or `--04-12` when the year is not known.

    Accepts the forms address books write: `1985-04-12`, `19850412`, `1985-04-12T00:00:00`, `--04-12`, `--0412`,
    and the form a person types without a year, `04-12`. 29 February is a date with or without a year.
    """
    text = "" if value is None else str(value).strip()
    if isinstance(value, date):
        return _in_range(value, field_name).isoformat()[:10]
    if not text:
        raise ValueError(f"{field_name}: must not be empty; use YYYY-MM-DD, or MM-DD when the year is not known")
    yearless = _YEARLESS_INPUT.match(text)
    if yearless:
        month, day = int(yearless.group(1)), int(yearless.group(2))
        try:
            date(2000, month, day)  # a leap year: 02-29 is a date without a year
        except ValueError:
            raise ValueError(f"{field_name}: {_short(text)} is not a day of the year (use MM-DD)") from None
        return f"--{month:02d}-{day:02d}"
    compact = _COMPACT.match(text)
    if compact:
        text = f"{compact.group(1)}-{compact.group(2)}-{compact.group(3)}"
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]  # a time after the date says nothing about a birthday
    return parse_iso_date(text, field_name).isoformat()


def yearly_month_day(stored: str) -> tuple[int | None, int, int]:
    """(year or None, month, day) of a stored yearly date."""
    yearless = _YEARLESS.match(stored)
    if yearless:
        return None, int(yearless.group(1)), int(yearless.group(2))
    return int(stored[:4]), int(stored[5:7]), int(stored[8:10])


def _on_year(year: int, month: int, day: int) -> date:
    """That day in `year`; 29 February falls on the 28th in years without one."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_occurrence(stored: str, today: date) -> date:
    """The next time a yearly date comes round, today included."""
    _, month, day = yearly_month_day(stored)
    this_year = _on_year(today.year, month, day)
    return this_year if this_year >= today else _on_year(today.year + 1, month, day)


def years_on(stored: str, day: date) -> int | None:
    """How many years a yearly date is on `day` (the age a birthday turns then); None without a year."""
    year, _, _ = yearly_month_day(stored)
    return None if year is None else day.year - year


# --- validation helpers ----------------------------------------------------------------


def _short(value: Any, limit: int = 40) -> str:
    """A value for an error message: its repr, cut short, so that a huge value never floods the terminal."""
    if isinstance(value, str):
        text = repr(value[: limit + 1])
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return "a very large number"
    elif value is None or isinstance(value, (int, float)):
        text = repr(value)
    else:
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[:limit] + "…"


def _require_text(value: Any, field_name: str) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValueError(f"{field_name}: must not be empty")
    return text


def _one_of(value: Any, allowed: Iterable[Any], field_name: str, allow_empty: bool = False) -> Any:
    allowed = tuple(allowed)
    if allow_empty and value in ("", None):
        return ""
    if value not in allowed:
        choices = ", ".join(str(a) for a in allowed)
        raise ValueError(f"{field_name}: {_short(value)} is not one of {choices}")
    return value


def _optional_date(value: Any, field_name: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return _in_range(value, field_name).isoformat()[:10]  # [:10]: a datetime is a date too
    return parse_iso_date(value, field_name).isoformat()


def _date_text(value: Any, field_name: str) -> str:
    if isinstance(value, date):
        return _in_range(value, field_name).isoformat()[:10]
    return parse_iso_date(_require_text(value, field_name), field_name).isoformat()


def _string_list(value: Any, field_name: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{field_name}: expected a list")
    seen: list[str] = []
    for item in value:
        text = str(item).strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def _bool(value: Any, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"{field_name}: expected true or false, got {_short(value)}")


class Record:
    """Shared conversion between a dataclass and its stored dict."""

    TABLE: ClassVar[str] = ""

    def to_record(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_record(cls, record: dict[str, Any]):
        """A record from outside (a form, an import, `netjournal check`): every field validated."""
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{key: value for key, value in record.items() if key in names})

    @classmethod
    def from_stored(cls, record: dict[str, Any]):
        """A record the journal validated when it was saved: rebuilt without validating again.

        Reading 2,000 contacts this way takes milliseconds instead of a tenth of a second. Lists are
        copied, so changing the returned object never changes the stored data behind it.
        """
        defaults, list_fields, factories = _stored_layout(cls)
        values = {**defaults, **record}
        for name in list_fields:
            value = values.get(name)
            values[name] = list(value) if value else []
        for name, factory in factories:
            if name not in values:
                values[name] = factory()
        obj = object.__new__(cls)
        # Item by item, the object's dict shares its class's key table (PEP 412): 224 bytes instead of 464 for a
        # conversation, and the app keeps thousands (half a year's for the prompts). Where the class's keys no
        # longer fit this record's (at most 30 are shared), the dict made is larger: then the plain one is kept.
        shared = obj.__dict__
        shared.update(values.items())
        if sys.getsizeof(shared) > sys.getsizeof(values):
            obj.__dict__ = values
        return obj


_LAYOUTS: dict[type, tuple[dict[str, Any], tuple[str, ...], tuple[tuple[str, Any], ...]]] = {}


def _stored_layout(cls: type) -> tuple[dict[str, Any], tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """Per record class, worked out once: plain defaults, list fields, and other default factories."""
    layout = _LAYOUTS.get(cls)
    if layout is None:
        defaults: dict[str, Any] = {}
        lists: list[str] = []
        factories: list[tuple[str, Any]] = []
        for f in dataclasses.fields(cls):
            if f.default_factory is list:  # type: ignore[comparison-overlap]
                lists.append(f.name)
            elif f.default_factory is not dataclasses.MISSING:
                factories.append((f.name, f.default_factory))
            elif f.default is not dataclasses.MISSING:
                defaults[f.name] = f.default
        layout = _LAYOUTS[cls] = (defaults, tuple(lists), tuple(factories))
    return layout


# --- the records ------------------------------------------------------------------------


@dataclass
class ImportantDate:
    """A date that comes round every year for a person: a birthday, an anniversary, another with a label."""

    kind: str
    date: str  # YYYY-MM-DD, or --MM-DD without a year
    label: str = ""

    def __post_init__(self) -> None:
        self.kind = _one_of(self.kind, DATE_KINDS, "dates.kind")
        self.date = parse_yearly_date(self.date, f"{self.kind}" if self.kind != "other" else "date")
        self.label = "" if self.label is None else " ".join(str(self.label).split())

    @property
    def what(self) -> str:
        """What the date is, in words: "birthday", "wedding anniversary", "started at Acme"."""
        if self.kind == "other":
            return self.label or "date"
        return f"{self.label} {self.kind}" if self.label and self.label.casefold() != self.kind else self.kind


def _stored_date(record: dict[str, Any]) -> ImportantDate:
    """A date the journal validated when it was saved, rebuilt without parsing it again (Today reads every
    person's dates on each refresh)."""
    entry = object.__new__(ImportantDate)
    entry.__dict__.update({"label": "", **record})
    return entry


def _important_dates(values: Any) -> list[ImportantDate]:
    if values in (None, ""):
        return []
    if not isinstance(values, (list, tuple)):
        raise ValueError("dates: expected a list")
    found: list[ImportantDate] = []
    for item in values:
        if isinstance(item, dict):
            try:
                item = ImportantDate(**item)
            except TypeError:
                raise ValueError("dates: each date needs kind, date and label") from None
        if not isinstance(item, ImportantDate):
            raise ValueError("dates: each date needs kind, date and label")
        if item not in found:
            found.append(item)
    return found


@dataclass
class Contact(Record):
    TABLE: ClassVar[str] = "contacts"
    CADENCE_DAYS: ClassVar[tuple[int, int]] = (1, 3650)  # the keep-in-touch interval: a day to ten years

    name: str
    org: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    side: str = ""
    network: str = ""
    level: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    needs: str = ""  # what they are looking for or need help with: introductions match it to others' interests
    how_met: str = ""
    introduced_by: str | None = None
    key_influencer: bool = False
    cadence_days: int | None = None
    roles: list[str] = field(default_factory=list)
    archived: bool = False
    dates: list[ImportantDate] = field(default_factory=list)
    # The organisation `org` names, kept by the journal: set from `org` whenever a person is saved.
    org_id: str | None = None
    decision_maker: bool = False  # decides for their organisation (the guides: know who decides and who influences)
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "Contact":
        contact = super().from_stored(record)
        if contact.dates:  # most people have none: only theirs are rebuilt, unvalidated like the rest
            contact.dates = [_stored_date(d) if isinstance(d, dict) else d for d in contact.dates]
        return contact

    @property
    def birthday(self) -> ImportantDate | None:
        return next((d for d in self.dates if d.kind == "birthday"), None)

    def __post_init__(self) -> None:
        self.name = _require_text(self.name, "name")
        for name in ("org", "title", "email", "phone", "notes", "needs", "how_met"):
            setattr(self, name, "" if getattr(self, name) is None else str(getattr(self, name)).strip())
        if self.email and ("@" not in self.email or " " in self.email):
            raise ValueError(f"email: {_short(self.email)} is not an email address")
        self.side = _one_of(self.side, SIDES, "side", allow_empty=True)
        self.network = _one_of(self.network, NETWORKS, "network", allow_empty=True)
        self.level = _one_of(self.level, LEVELS, "level", allow_empty=True)
        self.tags = _string_list(self.tags, "tags")
        self.roles = _string_list(self.roles, "roles")
        self.dates = _important_dates(self.dates)
        if sum(1 for d in self.dates if d.kind == "birthday") > 1:
            raise ValueError("birthday: a person has one birthday")
        self.introduced_by = self.introduced_by or None
        self.org_id = self.org_id or None
        self.key_influencer = _bool(self.key_influencer, "key_influencer")
        self.decision_maker = _bool(self.decision_maker, "decision_maker")
        self.archived = _bool(self.archived, "archived")
        if self.cadence_days in ("", None):
            self.cadence_days = None
        else:
            try:
                days = int(self.cadence_days)
            except (TypeError, ValueError, OverflowError):
                raise ValueError(f"cadence_days: {_short(self.cadence_days)} is not a whole number of days") from None
            low, high = self.CADENCE_DAYS
            if not low <= days <= high:
                raise ValueError(f"cadence_days: must be between {low} and {high} days")
            self.cadence_days = days

    def check_roles(self, known_roles: Iterable[str]) -> None:
        known = tuple(known_roles)
        for role in self.roles:
            _one_of(role, known, "roles")


@dataclass
class Interaction(Record):
    TABLE: ClassVar[str] = "interactions"

    date: str
    with_: list[str]
    channel: str = "in_person"
    formal: bool = False
    business: bool = False
    initiated_by: str = "me"
    topics: str = ""
    disclosure: bool = False
    thanked: bool = False
    gave: str = ""
    got: str = ""
    learned: str = ""
    response: str = ""
    next_time: str = ""
    kind: str = "conversation"
    # The calendar event a conversation was logged from, as `UID@start` (one occurrence of a recurring meeting):
    # importing the same calendar again finds it and adds nothing twice. Empty when it was typed.
    event: str = ""
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("topics", "gave", "got", "learned", "response", "next_time")

    def __post_init__(self) -> None:
        self.date = _date_text(self.date, "date")
        self.with_ = _string_list(self.with_, "with")
        if not self.with_:
            raise ValueError("with: a conversation needs at least one person")
        self.channel = _one_of(self.channel, CHANNELS, "channel")
        self.initiated_by = _one_of(self.initiated_by, INITIATORS, "initiated_by")
        self.kind = _one_of(self.kind, KINDS, "kind")
        # An introduction is made between two people; one of them may since have been forgotten.
        if self.kind == "introduction" and len(self.with_) > 2:
            raise ValueError("with: an introduction is between two people")
        if self.kind == "share" and len(self.with_) != 1:
            raise ValueError("with: an item is passed on to one person at a time")
        for name in ("formal", "business", "disclosure", "thanked"):
            setattr(self, name, _bool(getattr(self, name), name))
        self.event = "" if self.event is None else str(self.event)
        for name in self.TEXT_FIELDS:
            value = getattr(self, name)
            setattr(self, name, "" if value is None else str(value).strip())

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date)

    # `with` is a Python keyword, so the attribute is `with_` and the stored field `with`.
    def to_record(self) -> dict[str, Any]:
        record = dataclasses.asdict(self)
        record["with"] = record.pop("with_")
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Interaction":
        record = dict(record)
        record["with_"] = record.pop("with", [])
        return super().from_record(record)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "Interaction":
        interaction = super().from_stored(record)
        interaction.with_ = list(interaction.__dict__.pop("with", []))
        return interaction


@dataclass
class Rating(Record):
    TABLE: ClassVar[str] = "ratings"

    contact_id: str
    date: str
    score: int
    barriers: str = ""
    action: str = ""
    improve_by: str | None = None
    plan: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.contact_id = _require_text(self.contact_id, "contact_id")
        self.date = _date_text(self.date, "date")
        if isinstance(self.score, bool) or not isinstance(self.score, (int, str)):
            raise ValueError(f"score: {_short(self.score)} is not a score from 1 to 4")
        try:
            score = int(self.score)
        except ValueError:
            raise ValueError(f"score: {_short(self.score)} is not a score from 1 to 4") from None
        if score not in SCORES:
            from ..settings.content import rating_words  # only here: the scale is a content file

            raise ValueError(f"score: {score} is outside 1-4 ({', '.join(rating_words().values())})")
        self.score = score
        self.improve_by = _optional_date(self.improve_by, "improve_by")
        for name in ("barriers", "action", "plan"):
            value = getattr(self, name)
            setattr(self, name, "" if value is None else str(value).strip())


@dataclass
class WeekGoal(Record):
    TABLE: ClassVar[str] = "week_goals"

    week: str
    contact_id: str
    intent: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.week = parse_week(self.week)
        self.contact_id = _require_text(self.contact_id, "contact_id")
        self.intent = (self.intent or "").strip()


@dataclass
class ReflectionAnswer:
    prompt_id: str
    prompt: str
    answer: str = ""


@dataclass
class Reflection(Record):
    TABLE: ClassVar[str] = "reflections"

    week: str
    answers: list[ReflectionAnswer] = field(default_factory=list)
    notes: str = ""
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "Reflection":
        return cls.from_record(record)  # few records, with nested answers: the full path is fine

    def __post_init__(self) -> None:
        self.week = parse_week(self.week)
        answers = []
        for item in self.answers or []:
            if isinstance(item, dict):
                item = ReflectionAnswer(**item)
            if not isinstance(item, ReflectionAnswer):
                raise ValueError("answers: each answer needs prompt_id, prompt and answer")
            item.prompt_id = _require_text(item.prompt_id, "answers.prompt_id")
            answers.append(item)
        self.answers = answers
        self.notes = self.notes or ""


@dataclass
class PassedOn:
    contact_id: str
    date: str
    interaction_id: str | None = None  # the "gave" interaction logged when it was passed on


@dataclass
class Share(Record):
    TABLE: ClassVar[str] = "shares"

    title: str
    link: str = ""
    note: str = ""
    tags: list[str] = field(default_factory=list)
    passed: list[PassedOn] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "Share":
        # Not validated again: a file an older version wrote (any text as a link) must still open and export.
        share = super().from_stored(record)
        share.passed = [PassedOn(**p) if isinstance(p, dict) else p for p in share.passed]
        return share

    def __post_init__(self) -> None:
        self.title = _require_text(self.title, "title")
        self.link = "" if self.link is None else str(self.link).strip()
        self.note = "" if self.note is None else str(self.note).strip()
        if self.link and (" " in self.link or "." not in self.link and ":" not in self.link):
            raise ValueError(f"link: {_short(self.link)} is not a web address or file path")
        self.tags = _string_list(self.tags, "tags")
        passed = []
        for item in self.passed or []:
            if isinstance(item, dict):
                item = PassedOn(**item)
            item.contact_id = _require_text(item.contact_id, "passed.contact_id")
            item.date = _date_text(item.date, "passed.date")
            passed.append(item)
        self.passed = passed


@dataclass
class FocusGoal(Record):
    """A critical goal for the coming months and the people who could help or hinder it (career allies)."""

    TABLE: ClassVar[str] = "focus_goals"
    MOST_OPEN: ClassVar[int] = 3  # the exercise asks for up to three; more would blur the focus

    text: str
    due: str | None = None
    helps: list[str] = field(default_factory=list)
    hinders: list[str] = field(default_factory=list)
    done: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = _require_text(self.text, "text")
        self.due = _optional_date(self.due, "due")
        self.helps = _string_list(self.helps, "helps")
        self.hinders = _string_list(self.hinders, "hinders")
        self.done = _bool(self.done, "done")
        both = set(self.helps) & set(self.hinders)
        if both:
            raise ValueError("hinders: the same person cannot both help and hinder one goal")


@dataclass
class FollowUp(Record):
    """Something to do for or with a person by a date: "send Ana the article", "ask what Raj thought"."""

    TABLE: ClassVar[str] = "follow_ups"

    contact_id: str
    what: str
    due: str
    done_on: str | None = None
    from_interaction: str | None = None  # the conversation (or item passed on) it came out of
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        self.contact_id = _require_text(self.contact_id, "contact_id")
        self.what = " ".join(_require_text(self.what, "what").split())
        self.due = _date_text(self.due, "due")
        self.done_on = _optional_date(self.done_on, "done_on")
        self.from_interaction = self.from_interaction or None

    @property
    def open(self) -> bool:
        return self.done_on is None


@dataclass
class Meeting(Record):
    """A meeting ahead, from an imported calendar, with people in the journal: shown on its day in Today, where
    one key logs it once it has happened."""

    TABLE: ClassVar[str] = "meetings"

    event: str  # UID@start, as on the conversation it becomes
    start: str  # YYYY-MM-DDTHH:MM in the meeting's own zone, or YYYY-MM-DD for a meeting all day
    title: str
    with_: list[str]
    channel: str = "in_person"
    formal: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.event = _require_text(self.event, "event")
        self.start = str(self.start).strip()
        _date_text(self.start[:10], "start")
        self.title = " ".join(str(self.title or "").split()) or "(no title)"
        self.with_ = _string_list(self.with_, "with")
        if not self.with_:
            raise ValueError("with: a meeting needs at least one person from the journal")
        self.channel = _one_of(self.channel, CHANNELS, "channel")
        self.formal = _bool(self.formal, "formal")

    @property
    def day(self) -> str:
        return self.start[:10]

    def to_record(self) -> dict[str, Any]:
        record = dataclasses.asdict(self)
        record["with"] = record.pop("with_")
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Meeting":
        record = dict(record)
        record["with_"] = record.pop("with", [])
        return super().from_record(record)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "Meeting":
        meeting = super().from_stored(record)
        meeting.with_ = list(meeting.__dict__.pop("with", []))
        return meeting


@dataclass
class OrgIssue:
    """A critical issue or trend heard from an organisation, on the day it was heard."""

    date: str
    text: str
    resolved: bool = False  # followed up and settled: no longer flagged


@dataclass
class OrgPlan:
    """What the person means to achieve with an organisation, how they will know, by when, and through whom."""

    objectives: str = ""
    measures: str = ""
    by: str | None = None
    contact_id: str | None = None  # our primary contact there

    @property
    def empty(self) -> bool:
        return not (self.objectives or self.measures or self.by or self.contact_id)


def _org_issue(item: Any) -> OrgIssue:
    if isinstance(item, dict):
        try:
            item = OrgIssue(**item)
        except TypeError:
            raise ValueError("issues: each issue needs a date and a text") from None
    if not isinstance(item, OrgIssue):
        raise ValueError("issues: each issue needs a date and a text")
    item.date = _date_text(item.date, "issues.date")
    item.text = " ".join(_require_text(item.text, "issue").split())
    item.resolved = _bool(item.resolved, "issues.resolved")
    return item


def _org_plan(value: Any) -> OrgPlan:
    if value in (None, ""):
        return OrgPlan()
    if isinstance(value, dict):
        try:
            value = OrgPlan(**value)
        except TypeError:
            raise ValueError("plan: expected objectives, measures, by and contact_id") from None
    if not isinstance(value, OrgPlan):
        raise ValueError("plan: expected objectives, measures, by and contact_id")
    value.objectives = "" if value.objectives is None else str(value.objectives).strip()
    value.measures = "" if value.measures is None else str(value.measures).strip()
    value.by = _optional_date(value.by, "plan.by")
    value.contact_id = value.contact_id or None
    return value


def _optional_rank(value: Any) -> int | None:
    if value in ("", None):
        return None
    if isinstance(value, bool):
        raise ValueError(f"rank: {_short(value)} is not a whole number")
    try:
        rank = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"rank: {_short(value)} is not a whole number (1 is the most strategic)") from None
    low, high = RANKS
    if not low <= rank <= high:
        raise ValueError(f"rank: must be between {low} (the most strategic) and {high}")
    return rank


@dataclass
class Organisation(Record):
    """A client, partner or stakeholder organisation: what it is for, what it needs, what it is worried about,
    how strategic it is, and the plan for working with it. People belong to it through their `org_id`."""

    TABLE: ClassVar[str] = "organisations"

    name: str
    kind: str = ""
    mandate: str = ""  # what they are for and where they are heading
    needs: str = ""
    issues: list[OrgIssue] = field(default_factory=list)
    rank: int | None = None
    involvement: str = ""
    plan: OrgPlan = field(default_factory=OrgPlan)
    cadence_days: int | None = None  # how often to be in touch with someone there
    archived: bool = False
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "Organisation":
        return cls.from_record(record)  # a hundred or so, with nested parts: the full path is fine

    def to_record(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def __post_init__(self) -> None:
        self.name = " ".join(_require_text(self.name, "name").split())
        self.kind = _one_of(self.kind, ORG_KINDS, "kind", allow_empty=True)
        self.involvement = _one_of(self.involvement, INVOLVEMENTS, "involvement", allow_empty=True)
        for name in ("mandate", "needs"):
            value = getattr(self, name)
            setattr(self, name, "" if value is None else str(value).strip())
        if not isinstance(self.issues, (list, tuple)):
            raise ValueError("issues: expected a list")
        self.issues = [_org_issue(item) for item in self.issues]
        self.rank = _optional_rank(self.rank)
        self.plan = _org_plan(self.plan)
        if self.cadence_days in ("", None):
            self.cadence_days = None
        else:
            low, high = Contact.CADENCE_DAYS
            typed = str(self.cadence_days).strip()
            if isinstance(self.cadence_days, bool) or not (typed.isascii() and typed.isdigit()) \
                    or not low <= int(self.cadence_days) <= high:
                raise ValueError(f"cadence_days: must be a whole number of days from {low} to {high}")
            self.cadence_days = int(self.cadence_days)
        self.archived = _bool(self.archived, "archived")

    @property
    def open_issues(self) -> list[OrgIssue]:
        return [issue for issue in self.issues if not issue.resolved]


@dataclass
class Link(Record):
    """How one person stands to another: Bo reports to Kwame, Ana influences Kwame, Ana and Bo work together."""

    TABLE: ClassVar[str] = "links"

    kind: str
    from_id: str
    to_id: str
    note: str = ""
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        self.kind = _one_of(self.kind, LINK_KINDS, "kind")
        self.from_id = _require_text(self.from_id, "from_id")
        self.to_id = _require_text(self.to_id, "to_id")
        if self.from_id == self.to_id:
            raise ValueError("a link is between two different people")
        if self.kind in MUTUAL_LINKS and self.to_id < self.from_id:
            self.from_id, self.to_id = self.to_id, self.from_id  # one way of writing it, so it is stored once
        self.note = " ".join(str(self.note or "").split())

    @property
    def mutual(self) -> bool:
        return self.kind in MUTUAL_LINKS

    def other(self, contact_id: str) -> str:
        return self.to_id if contact_id == self.from_id else self.from_id


@dataclass
class PracticeNote:
    """For an activity practised this month: what was done, what came of it, and the conversations it came from."""

    date: str
    action: str
    result: str = ""
    interaction_ids: list[str] = field(default_factory=list)

    def checked(self) -> "PracticeNote":
        """A copy with every field checked as a load checks it; a ValueError names the field that is wrong."""
        return _practice_note(dataclasses.replace(self, interaction_ids=list(self.interaction_ids or [])))


def _practice_note(item: Any) -> PracticeNote:
    if isinstance(item, dict):
        try:
            item = PracticeNote(**item)
        except TypeError:
            raise ValueError("notes: each note needs a date and an action") from None
    if not isinstance(item, PracticeNote):
        raise ValueError("notes: each note needs a date and an action")
    item.date = _date_text(item.date, "notes.date")
    item.action = _require_text(item.action, "action").strip()
    item.result = "" if item.result is None else str(item.result).strip()
    item.interaction_ids = _string_list(item.interaction_ids, "notes.interaction_ids")
    return item


@dataclass
class MonthGoal(Record):
    """A goal for one month: "two informal contacts with Northgate", "meet a new person at each event", or one
    of the guides' activities to practise, with the actions taken and their results."""

    TABLE: ClassVar[str] = "month_goals"

    month: str
    kind: str
    count: int = 1
    org_id: str | None = None  # informal / contacts: with anyone at this organisation...
    contact_id: str | None = None  # ...or with this person
    activity_id: str = ""
    text: str = ""  # an own goal's words, or why this goal
    done: bool = False  # an own goal, ticked by hand
    notes: list[PracticeNote] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)

    @classmethod
    def from_stored(cls, record: dict[str, Any]) -> "MonthGoal":
        return cls.from_record(record)  # a handful a month, with nested notes: the full path is fine

    def to_record(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def __post_init__(self) -> None:
        self.month = parse_month(self.month)
        self.kind = _one_of(self.kind, MONTH_GOAL_KINDS, "kind")
        low, high = MONTH_GOAL_COUNT
        typed = str(self.count).strip()
        if isinstance(self.count, bool) or not (typed.isascii() and typed.isdigit()) or not low <= int(typed) <= high:
            raise ValueError(f"count: must be a whole number from {low} to {high}")
        self.count = int(typed)
        self.org_id = self.org_id or None
        self.contact_id = self.contact_id or None
        self.activity_id = str(self.activity_id or "").strip().upper()
        self.text = " ".join(str(self.text or "").split())
        self.done = _bool(self.done, "done")
        if not isinstance(self.notes, (list, tuple)):
            raise ValueError("notes: expected a list")
        self.notes = [_practice_note(item) for item in self.notes]
        if self.kind in ("informal", "contacts"):
            if (self.org_id is None) == (self.contact_id is None):
                raise ValueError("with: name one organisation or one person")
        elif self.org_id or self.contact_id:
            raise ValueError(f"with: a goal of kind {self.kind} is not about one organisation or person")
        if self.kind == "activity":
            if not ACTIVITY_ID.match(self.activity_id):
                raise ValueError(f"activity: {_short(self.activity_id)} is not an activity id (e.g. EEP-4)")
        elif self.activity_id:
            raise ValueError("activity: only an activity goal names an activity")
        if self.kind == "own" and not self.text:
            raise ValueError("text: say what the goal is")


RECORD_TYPES: tuple[type[Record], ...] = (Contact, Interaction, Rating, WeekGoal, Reflection, Share, FocusGoal,
                                          FollowUp, Meeting, Organisation, Link, MonthGoal)
# The tables whose records a merge of two copies of the journal takes record by record.
SYNCED_TABLES: tuple[str, ...] = tuple(t.TABLE for t in RECORD_TYPES)
TOMBSTONES = "tombstones"
CONFLICTS = "conflicts"  # fields two merged copies changed differently, until the person settles them
# What the journal writes on each record of those tables besides its fields (see JournalCore._stamp).
STAMPS = ("updated_at", "device", "versions", "fields")


def tombstone_key(table: str, record_id: str) -> str:
    """How a tombstone names the record it stands for: a hash of its table and id. A merge hashes the ids it
    meets to find them. The id is not in the file for a glance or a search to find; someone who has it (from an
    old backup) can still hash it and see that the record was deleted."""
    from hashlib import blake2s  # here: hashlib is not imported at start-up (see new_id)

    return blake2s(f"{table}:{record_id}".encode(), digest_size=8).hexdigest()


def deletion_counted(seen: dict[str, int], device: str) -> dict[str, int]:
    """A tombstone's versions: the writes of the record the deletion had seen, and the deletion itself as one
    more write of `device`. Only a version made after seeing the deletion (the record made again) counts it:
    an edit made elsewhere without knowing of the deletion never does, however late, so it loses."""
    counted = dict(seen)
    counted[device] = counted.get(device, 0) + 1
    return counted


TABLES: tuple[str, ...] = ("meta", *SYNCED_TABLES, TOMBSTONES, CONFLICTS)
