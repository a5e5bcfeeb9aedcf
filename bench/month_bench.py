"""The monthly review on a large synthetic journal: the review itself, the month screen painted after `M`, and
what the organisation and month conditions add to the week's prompts.

    python bench/month_bench.py [--contacts 2000] [--interactions 50000] [--organisations 100] [--runs 20]

The journal is organisations_bench's (schema 4 `org` text in several spellings, migrated, then ranks, decision
makers, issues and links), with goals set for last month and this month: informal contacts with three
organisations, contacts with a person, new people, events, new people at each event, two activities (one with a
note), one goal in the person's own words. Timed:
- `month_review` for last month (a whole month) and this month (so far): target at most 50 ms;
- in the app (Pilot, 140x45): `M` until the month screen is painted, the first time (the screen is made) and
  again (it is kept), with nothing changed in between and with a conversation logged in between: target at most
  100 ms;
- `week_prompts` with the new conditions beside the baseline, the same call without organisations and goals.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from datetime import timedelta
from pathlib import Path

import orjson

from organisations_bench import as_schema_4, shape_network, timed
from painting import paint_times
from synthetic import add_size_arguments, percentile, sized, synthetic_journal

from netjournal.core.journal import Journal  # noqa: E402  (synthetic puts the repository on the path)
from netjournal.core.model import (  # noqa: E402
    Contact, Interaction, MonthGoal, PracticeNote, month_dates, month_key, previous_week, shift_month, week_dates,
    week_key,
)
from netjournal.insights import weekly  # noqa: E402
from netjournal.insights.month import month_review  # noqa: E402
from netjournal.insights.prompts import RECENT_DAYS, choose_prompts, find_reasons  # noqa: E402
from netjournal.settings.content import builtin_prompts  # noqa: E402

REVIEW_TARGET_MS = 50.0
PAINT_TARGET_MS = 100.0


def set_goals(journal: Journal) -> None:
    organisations = [o for o in journal.organisations() if o.rank is not None][:3]
    person = journal.contacts()[0]
    this = month_key(journal.today())
    for month in (shift_month(this, -1), this):
        for organisation in organisations:
            journal.add_month_goal(MonthGoal(month=month, kind="informal", count=2, org_id=organisation.id))
        journal.add_month_goal(MonthGoal(month=month, kind="contacts", count=3, contact_id=person.id))
        for kind in ("new_people", "events", "new_at_events"):
            journal.add_month_goal(MonthGoal(month=month, kind=kind))
        journal.add_month_goal(MonthGoal(month=month, kind="activity", activity_id="EEP-4"))
        practised = journal.add_month_goal(MonthGoal(month=month, kind="activity", activity_id="RB-11"))
        day = min(journal.today(), month_dates(month)[1])  # a note is dated in its goal's month
        journal.add_practice_note(practised.id, PracticeNote(day.isoformat(), "asked for an introduction",
                                                             "met their finance lead"))
        journal.add_month_goal(MonthGoal(month=month, kind="own", text="write the partner plan"))


def baseline_week_prompts(journal: Journal, prompts: list, week: str) -> list:
    """`week_prompts` as it was before the organisation and month conditions: the same call without them."""
    end = min(week_dates(week)[-1], journal.today())
    recent = journal.interactions(since=end - timedelta(days=RECENT_DAYS), until=end)
    reasons = find_reasons(
        journal.contacts(), recent, [r for r in journal.ratings() if r.date <= end.isoformat()],
        journal.week_goals(previous_week(week_key(end))), journal.first_contact_dates(),
        {role.id: role.name for role in journal.roles}, end, journal.focus_goals(include_done=False))
    return choose_prompts(prompts, reasons, week)


def log_one(journal: Journal) -> None:
    """A conversation logged between openings, so the month is drawn again when M is pressed."""
    person = journal.contacts()[1]
    journal.log_interaction(Interaction(date=journal.today().isoformat(), with_=[person.id], topics="a quick call"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    args = sized(parser.parse_args())

    data = synthetic_journal(args.contacts, args.interactions)
    as_schema_4(data, args.organisations)
    folder = Path(tempfile.mkdtemp(prefix="netjournal-month-"))
    path = folder / "journal.json"
    path.write_bytes(orjson.dumps(data))
    with Journal(path) as journal:  # migrates; the first change saves today's schema
        journal.add_contact(Contact(name="Bench Person", org="Organisation 1"))
    shape_network(path)

    prompts = builtin_prompts()
    with Journal(path) as journal:
        set_goals(journal)
        this = month_key(journal.today())
        last = shift_month(this, -1)
        week = week_key(journal.today())
        reviews = {month: timed(lambda month=month: month_review(journal, month), args.runs) for month in (last, this)}
        sizes = {month: month_review(journal, month) for month in (last, this)}
        before = timed(lambda: baseline_week_prompts(journal, prompts, week), args.runs)
        after = timed(lambda: weekly.week_prompts(journal, prompts, week), args.runs)
        conditions = sorted({c.reason.condition for c in weekly.week_prompts(journal, prompts, week) if c.reason})
    from netjournal.tui.screens.month import MonthScreen

    runs = min(args.runs, 10)
    (unchanged,) = asyncio.run(paint_times(path, runs, [("M", MonthScreen)]))
    (changed,) = asyncio.run(paint_times(path, runs, [("M", MonthScreen)], between=log_one))

    def ms(value: float) -> str:
        return f"{value * 1000:7.1f} ms"

    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions, "
          f"{args.organisations} organisations, 300 links, 10 goals a month")
    for month, (first, times) in reviews.items():
        review = sizes[month]
        median = statistics.median(times)
        print(f"month_review {month} ({review.this.total:,} conversations, {len(review.people):,} people, "
              f"{len(review.organisations)} organisations): first {ms(first)}, median {ms(median)}, "
              f"p95 {ms(percentile(times, 0.95))}  (target {REVIEW_TARGET_MS:.0f} ms) "
              f"{'ok' if median * 1000 <= REVIEW_TARGET_MS else 'OVER'}")
    for what, paints in (("nothing changed since", unchanged), ("a conversation logged since", changed)):
        median = statistics.median(paints[1:]) * 1000
        print(f"M to the month screen painted, {what:27}: first {paints[0] * 1000:7.1f} ms, then median "
              f"{statistics.median(paints[1:]) * 1000:7.1f} ms, max {max(paints[1:]) * 1000:7.1f} ms  "
              f"(target {PAINT_TARGET_MS:.0f} ms) {'ok' if median <= PAINT_TARGET_MS else 'OVER'}")
    print(f"week_prompts: baseline (no organisation or month conditions) median "
          f"{ms(statistics.median(before[1]))}; with them median {ms(statistics.median(after[1]))}  "
          f"(conditions holding: {', '.join(conditions)})")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
