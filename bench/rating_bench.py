"""Rating pass speed on a large synthetic journal, headless: from a rating key to the next card on screen,
and to the rating durably on disk.

    python bench/rating_bench.py [--contacts 2000] [--interactions 50000] [--keys 20]

Keys are pressed one at a time, as a person would, each after the previous rating reached the disk.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

from synthetic import add_size_arguments, percentile, sized, synthetic_journal

from netjournal.core.journal import Journal  # noqa: E402  (synthetic puts the repository on the path)
from netjournal.tui.app import NetJournalApp  # noqa: E402
from netjournal.tui.screens.rating_pass import RatingPassScreen  # noqa: E402


async def run(path: Path, keys: int) -> tuple[list[float], list[float]]:
    painted: list[float] = []
    saved: list[float] = []
    show = RatingPassScreen.show_card
    flush = RatingPassScreen.flush

    def timed_show(self: RatingPassScreen) -> None:
        show(self)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    def timed_flush(self: RatingPassScreen) -> None:
        waiting = bool(self._pending)
        flush(self)
        if waiting:
            saved.append(time.perf_counter())

    RatingPassScreen.show_card = timed_show  # type: ignore[method-assign]
    RatingPassScreen.flush = timed_flush  # type: ignore[method-assign]
    journal = Journal(path)
    app = NetJournalApp(journal)
    to_card: list[float] = []
    to_disk: list[float] = []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await pilot.pause(0.5)
        for _ in range(keys):
            painted.clear()
            saved.clear()
            pressed = time.perf_counter()
            await pilot.press("4")
            while not painted or not saved:
                await pilot.pause(0.001)
            to_card.append(painted[0] - pressed)
            to_disk.append(saved[0] - pressed)
    on_disk = orjson.loads(path.read_bytes()).get("ratings", {})
    assert len(on_disk) >= keys, f"only {len(on_disk)} ratings on disk"
    return to_card, to_disk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--keys", type=int, default=20)
    args = sized(parser.parse_args())
    path = Path(tempfile.mkdtemp(prefix="netjournal-rating-")) / "journal.json"
    path.write_bytes(orjson.dumps(synthetic_journal(args.contacts, args.interactions)))
    from netjournal.core.model import Rating

    # An earlier save today makes the day's backup copy, so no timed save does.

    warm = Journal(path)
    warm.rate(Rating(contact_id=warm.contacts()[-1].id, date=warm.today(), score=3))
    warm.close()
    to_card, to_disk = asyncio.run(run(path, args.keys))
    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions; {args.keys} keys")
    print(f"rating key to next card painted: median {statistics.median(to_card) * 1000:6.1f} ms, "
          f"p95 {percentile(to_card, 0.95) * 1000:6.1f} ms (target: median <= 50 ms)")
    print(f"rating key to rating on disk:    median {statistics.median(to_disk) * 1000:6.1f} ms, "
          f"p95 {percentile(to_disk, 0.95) * 1000:6.1f} ms")
    for leftover in path.parent.iterdir():
        leftover.unlink()
    path.parent.rmdir()
    sys.exit(0)


if __name__ == "__main__":
    main()
