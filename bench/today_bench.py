"""Today's speed on a large synthetic journal: `today_view` (what the Today pane and `netjournal today` show).

    python bench/today_bench.py [--contacts 2000] [--interactions 50000] [--follow-ups 300] [--runs 30]

The journal from synthetic.py gets a birthday or anniversary for about one person in three, a few hundred
follow-ups (some done, some overdue), this week's goals and a few meetings today. The first call is timed on its
own (caches are cold), then the median and p95 of the repeated calls. Target: at most 30 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import orjson

from synthetic import add_size_arguments, percentile, sized, synthetic_journal

from netjournal.core.journal import Journal  # noqa: E402  (synthetic puts the repository on the path)
from netjournal.core.model import FollowUp, ImportantDate, Meeting, WeekGoal, new_id, week_key  # noqa: E402
from netjournal.insights.today import today_view  # noqa: E402

TARGET_MS = 30.0


def add_ahead(data: dict, follow_ups: int, seed: int = 11) -> dict[str, int]:
    """Dates, follow-ups, week goals and meetings in the stored shape, beside what synthetic.py built."""
    rng = random.Random(seed)
    today = date.today()
    contacts = list(data["contacts"].values())
    dated = 0
    for person in contacts:
        if rng.random() < 0.33:
            year = rng.choice([None, rng.randint(1950, 2004)])
            day = date(2000, 1, 1) + timedelta(days=rng.randint(0, 365))  # 2000 is a leap year: 29 Feb too
            stored = f"--{day:%m-%d}" if year is None else f"{year}-{day:%m-%d}"
            if year and (day.month, day.day) == (2, 29):  # only a leap year holds it
                stored = "2000-02-29"
            kind = rng.choice(["birthday", "birthday", "anniversary"])
            person["dates"] = [ImportantDate(kind, stored, "wedding" if kind == "anniversary" else "").__dict__]
            dated += 1
    seen = {c["id"] for c in contacts} | {i["id"] for i in data["interactions"].values()}

    def fresh() -> str:
        while (made := new_id()) in seen:
            pass
        seen.add(made)
        return made

    data["follow_ups"] = {}
    for n in range(follow_ups):
        due = today + timedelta(days=rng.randint(-30, 60))
        record = FollowUp(contact_id=rng.choice(contacts)["id"], what=f"send the note {n}", due=due.isoformat(),
                          done_on=today.isoformat() if rng.random() < 0.3 else None, id=fresh()).to_record()
        data["follow_ups"][str(n + 1)] = record
    week = week_key(today)
    data["week_goals"] = {str(n + 1): WeekGoal(week=week, contact_id=c["id"], intent="catch up", id=fresh()).to_record()
                          for n, c in enumerate(rng.sample(contacts, 10))}
    data["meetings"] = {str(n + 1): Meeting(event=f"uid{n}@{today}T{9 + n:02d}:00", start=f"{today}T{9 + n:02d}:00",
                                            title=f"Meeting {n}", with_=[c["id"]], id=fresh()).to_record()
                        for n, c in enumerate(rng.sample(contacts, 5))}
    return {"dated": dated, "follow_ups": follow_ups}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--follow-ups", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--days", type=int, default=7)
    args = sized(parser.parse_args())
    data = synthetic_journal(args.contacts, args.interactions)
    added = add_ahead(data, args.follow_ups)
    path = Path(tempfile.mkdtemp(prefix="netjournal-today-")) / "journal.json"
    path.write_bytes(orjson.dumps(data))
    journal = Journal(path)
    started = time.perf_counter()
    view = today_view(journal, args.days)
    first = time.perf_counter() - started
    times: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        today_view(journal, args.days)
        times.append(time.perf_counter() - started)
    journal.close()
    median = statistics.median(times) * 1000
    print(f"synthetic journal: {args.contacts:,} contacts ({added['dated']:,} with a date), "
          f"{args.interactions:,} interactions, {added['follow_ups']} follow-ups; --days {args.days}")
    print(f"Today: {len(view.follow_ups)} follow-ups, {len(view.dates)} dates, {len(view.due)} people due, "
          f"{len(view.week_goals)} week goals, {len(view.meetings)} meetings")
    print(f"today_view first call: {first * 1000:6.1f} ms")
    print(f"today_view repeated:   median {median:6.1f} ms, p95 {percentile(times, 0.95) * 1000:6.1f} ms "
          f"(target: at most {TARGET_MS:.0f} ms) {'ok' if max(first * 1000, median) <= TARGET_MS else 'OVER'}")
    for leftover in path.parent.iterdir():
        leftover.unlink()
    path.parent.rmdir()
    sys.exit(0)


if __name__ == "__main__":
    main()
