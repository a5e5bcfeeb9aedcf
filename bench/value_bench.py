"""Passing-along-value speed on a large synthetic journal: the matching itself, and the screen, headless.

    python bench/value_bench.py [--contacts 2000] [--interactions 50000] [--shares 50] [--seekers 200]

Printed, as medians:
- suggest_recipients for one queued item over every person and the last 90 days of the log;
- introduction_matches with `--seekers` people who noted what they are looking for;
- the 90-day give-and-take figures;
- in the app: from `v` to the value screen painted with the share queue and the first item's suggestions
  (the first time, and again), and from a cursor move in the queue to the next item's suggestions painted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import orjson

from synthetic import WORDS, add_size_arguments, percentile, sized, synthetic_journal

from netjournal.core.journal import Journal  # noqa: E402  (synthetic puts the repository on the path)
from netjournal.core.model import Share, new_id, utc_now  # noqa: E402
from netjournal.insights.value import BALANCE_DAYS, balances, introduction_matches, suggest_recipients  # noqa: E402


def add_value_data(data: dict, shares: int, seekers: int, seed: int = 11) -> None:
    """Queued items with tags, and people who say what they are looking for."""
    rng = random.Random(seed)
    data["shares"] = {
        str(n + 1): Share(title=" ".join(rng.choices(WORDS, k=6)), note=" ".join(rng.choices(WORDS, k=10)),
                          tags=rng.sample(WORDS, 2), id=new_id(), created_at=utc_now()).to_record()
        for n in range(shares)
    }
    for doc in rng.sample(list(data["contacts"].values()), seekers):
        doc["needs"] = " ".join(rng.choices(WORDS, k=4))


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


async def screen_times(path: Path, moves: int) -> tuple[float, float, list[float]]:
    from netjournal.tui.app import NetJournalApp
    from netjournal.tui.screens.value import ValueScreen

    painted: list[float] = []
    show_share = ValueScreen._show_share

    def timed_show(self: ValueScreen) -> None:
        show_share(self)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    ValueScreen._show_share = timed_show  # type: ignore[method-assign]
    app = NetJournalApp(Journal(path))

    async def press_until_painted(pilot, key: str) -> float:
        painted.clear()
        pressed = time.perf_counter()
        await pilot.press(key)
        while not painted or not isinstance(app.screen, ValueScreen):
            await pilot.pause(0.001)
        return painted[-1] - pressed

    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause(0.5)
        opened = await press_until_painted(pilot, "v")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause(0.3)
        again = await press_until_painted(pilot, "v")
        await pilot.pause(0.3)
        moved = [await press_until_painted(pilot, "down") for _ in range(moves)]
    return opened, again, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--shares", type=int, default=50)
    parser.add_argument("--seekers", type=int, default=200)
    args = sized(parser.parse_args())
    data = synthetic_journal(args.contacts, args.interactions)
    add_value_data(data, args.shares, args.seekers)
    path = Path(tempfile.mkdtemp(prefix="netjournal-value-")) / "journal.json"
    path.write_bytes(orjson.dumps(data))

    journal = Journal(path)
    today = journal.today()
    people = journal.contacts()
    recent = journal.interactions(since=today - timedelta(days=BALANCE_DAYS))
    shares = journal.shares()
    suggest = timed(lambda: [suggest_recipients(s, people, recent, today) for s in shares[:10]], 3)
    matches = timed(lambda: introduction_matches(people, journal.introductions()), 3)
    figures = timed(lambda: balances(recent, today), 5)
    journal.close()
    opened, again, moved = asyncio.run(screen_times(path, 15))

    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions "
          f"({len(recent):,} in the last {BALANCE_DAYS} days), {args.shares} shares, {args.seekers} looking for "
          "something")
    print(f"suggest_recipients, one item:  median {statistics.median(suggest) * 100:6.1f} ms")
    print(f"introduction_matches:          median {statistics.median(matches) * 1000:6.1f} ms")
    print(f"give-and-take figures:         median {statistics.median(figures) * 1000:6.1f} ms")
    print(f"v to the value screen painted:        {opened * 1000:6.1f} ms the first time (imports, word "
          f"profiles), {again * 1000:6.1f} ms after")
    print(f"cursor move to suggestions painted: median {statistics.median(moved) * 1000:6.1f} ms, "
          f"p95 {percentile(moved, 0.95) * 1000:6.1f} ms")
    for leftover in path.parent.iterdir():
        leftover.unlink()
    path.parent.rmdir()


if __name__ == "__main__":
    main()
