"""Planning a calendar import on a large synthetic journal: a year of a busy calendar, read and planned.

    python bench/calendar_bench.py [--contacts 2000] [--interactions 50000] [--events 2500] [--series 20]

The calendar is written the way Outlook exports it (a Windows zone name, attendees with CN and mailto, weekly
series with an EXDATE and a moved occurrence); attendees are people of the journal by email or name, and some
strangers. Timed: reading the file and planning the import, as `netjournal import FILE.ics --dry-run` does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson

from synthetic import add_size_arguments, percentile, sized, synthetic_journal

from netjournal.core.journal import Journal  # noqa: E402  (synthetic puts the repository on the path)
from netjournal.io.calendar import plan_calendar, read_calendar  # noqa: E402

ZONE = "W. Europe Standard Time"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def busy_calendar(contacts: int, events: int, series: int, seed: int = 11) -> str:
    """A year of meetings ending a month from today: `events` single meetings and `series` weekly ones."""
    rng = random.Random(seed)
    today = date.today()
    first = today - timedelta(days=335)
    me = 'ORGANIZER;CN="Sam Reyes":mailto:sam@example.org'

    def attendee(n: int) -> str:
        if n >= contacts:  # somebody not in the journal
            return f'ATTENDEE;CN="Guest {n}";PARTSTAT=ACCEPTED:mailto:guest{n}@elsewhere.example'
        return f'ATTENDEE;CN="Person {n:05d}";PARTSTAT=ACCEPTED:mailto:p{n}@example.org'

    lines = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0",
             "BEGIN:VTIMEZONE", f"TZID:{ZONE}", "BEGIN:STANDARD", "DTSTART:16011028T030000",
             "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
             "BEGIN:DAYLIGHT", "DTSTART:16010325T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
             "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE"]
    for n in range(events):
        day = first + timedelta(days=rng.randint(0, 364))
        start = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 30)))
        people = rng.sample(range(contacts + 200), rng.choice((1, 1, 2, 3, 5)))
        lines += ["BEGIN:VEVENT", f"UID:single-{n}@bench", f"SUMMARY:Meeting {n} about the roadmap", me,
                  'ATTENDEE;CN="Sam Reyes";PARTSTAT=ACCEPTED:mailto:sam@example.org',
                  *(attendee(p) for p in people),
                  f"DTSTART;TZID={ZONE}:{_stamp(start)}", f"DTEND;TZID={ZONE}:{_stamp(start + timedelta(hours=1))}",
                  "LOCATION:https://teams.microsoft.com/l/meetup-join/x" if n % 2 else "LOCATION:Room 4",
                  "STATUS:CANCELLED" if n % 50 == 0 else "STATUS:CONFIRMED", "END:VEVENT"]
    for n in range(series):
        start = datetime(first.year, first.month, first.day, 9 + n % 8, 0) + timedelta(days=n % 7)
        people = rng.sample(range(contacts), 3)
        uid = f"series-{n}@bench"
        body = [me, *(attendee(p) for p in people), f"UID:{uid}"]
        lines += ["BEGIN:VEVENT", *body, f"SUMMARY:Weekly {n}", "RRULE:FREQ=WEEKLY;COUNT=52",
                  f"EXDATE;TZID={ZONE}:{_stamp(start + timedelta(weeks=3))}",
                  f"DTSTART;TZID={ZONE}:{_stamp(start)}", f"DTEND;TZID={ZONE}:{_stamp(start + timedelta(hours=1))}",
                  "END:VEVENT",
                  "BEGIN:VEVENT", *body, f"SUMMARY:Weekly {n} (moved)",
                  f"RECURRENCE-ID;TZID={ZONE}:{_stamp(start + timedelta(weeks=5))}",
                  f"DTSTART;TZID={ZONE}:{_stamp(start + timedelta(weeks=5, days=1))}",
                  f"DTEND;TZID={ZONE}:{_stamp(start + timedelta(weeks=5, days=1, hours=1))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--events", type=int, default=2500)
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = sized(parser.parse_args())
    folder = Path(tempfile.mkdtemp(prefix="netjournal-calendar-"))
    path = folder / "journal.json"
    data = synthetic_journal(args.contacts, args.interactions)
    for record in data["contacts"].values():  # half of the people match by email, the rest by name
        number = int(record["name"].split()[1])
        if number % 2:
            record["email"] = f"p{number}@example.org"
    path.write_bytes(orjson.dumps(data))
    ics = folder / "calendar.ics"
    ics.write_text(busy_calendar(args.contacts, args.events, args.series), encoding="utf-8")
    journal = Journal(path)
    reads, plans, totals = [], [], []
    plan = None
    for _ in range(args.runs):
        began = time.perf_counter()
        calendar = read_calendar(ics)
        read = time.perf_counter()
        plan = plan_calendar(journal, calendar)
        done = time.perf_counter()
        reads.append(read - began)
        plans.append(done - read)
        totals.append(done - began)
    journal.close()
    assert plan is not None
    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions; calendar: "
          f"{args.events:,} events and {args.series} weekly series ({ics.stat().st_size / 1e6:.1f} MB), "
          f"{args.runs} runs")
    print(f"plan: {len(plan.to_log())} meetings to log, {len(plan.to_keep())} ahead, {len(plan.unknown)} unknown "
          f"people, {plan.cancelled} cancelled")
    lines = ics.read_text(encoding="utf-8").count("\n")
    print(f"read the .ics:        median {statistics.median(reads) * 1000:7.1f} ms "
          f"({lines:,} lines in the file: icalendar's parser)")
    print(f"plan the import:      median {statistics.median(plans) * 1000:7.1f} ms (series expanded, people matched)")
    print(f"read and plan:        median {statistics.median(totals) * 1000:7.1f} ms, "
          f"p95 {percentile(totals, 0.95) * 1000:7.1f} ms (target: <= 2000 ms)")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
    sys.exit(0)


if __name__ == "__main__":
    main()
