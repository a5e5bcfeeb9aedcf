"""Storage figures on a large synthetic journal: ours beside stock TinyDB JSONStorage, and the bare floor.

    python bench/storage_bench.py [--large | --contacts 2000 --interactions 50000] [--repeat 20]

Prints file size, load time, the time to persist one new interaction (median and p95), the floor (the same
bytes written with a bare write + fsync + rename, each floor save right after one of ours, so that both meet the
same disk and the same load), the first save after opening, the first save of a new day with
the journal left open (with the day's backup, against that day's later saves), and the peak memory of loading
against orjson.loads.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netjournal.core.journal import Journal  # noqa: E402
from netjournal.core.model import Interaction  # noqa: E402
from synthetic import add_size_arguments, percentile, sized, synthetic_journal  # noqa: E402

def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def time_saves(journal: Journal, person: str, repeat: int, label: str) -> list[float]:
    """Each of `repeat` saves of one new conversation, timed."""
    saves = []
    for n in range(repeat):
        started = time.perf_counter()
        journal.log_interaction(Interaction(date=date.today(), with_=[person], topics=f"{label} {n}"))
        saves.append(time.perf_counter() - started)
    return saves


def time_new_day(path: Path, person: str, repeat: int) -> tuple[float, float, float]:
    """The app left open overnight: after warm saves on one day, the first save of the next (with the day's
    backup), beside that day's later saves; and the backup step within it, timed on its own."""
    from datetime import timedelta

    from netjournal.core import storage

    taken: list[float] = []
    real = storage.SafeJSONStorage._backup_before_first_save_today

    def timed(self):
        started = time.perf_counter()
        try:
            return real(self)
        finally:
            taken.append(time.perf_counter() - started)
    day = [date.today() + timedelta(days=1)]
    storage.SafeJSONStorage._backup_before_first_save_today = timed
    try:
        journal = Journal(path, today=lambda: day[0])
        for n in range(3):  # warm: the indexes a first save after opening builds
            journal.log_interaction(Interaction(date=date.today(), with_=[person], topics=f"warm {n}"))
        day[0] += timedelta(days=1)
        taken.clear()
        started = time.perf_counter()
        journal.log_interaction(Interaction(date=date.today(), with_=[person], topics="a new day"))
        first = time.perf_counter() - started
        backup = sum(taken)
        later = time_saves(journal, person, repeat, "later")
        journal.close()
    finally:
        storage.SafeJSONStorage._backup_before_first_save_today = real
    return first, backup, statistics.median(later)


def time_ours(path: Path, person: str, repeat: int, floor_path: Path
              ) -> tuple[float, float, list[float], list[float], list[float]]:
    started = time.perf_counter()
    journal = Journal(path)
    load = time.perf_counter() - started
    started = time.perf_counter()
    journal.log_interaction(Interaction(date=date.today(), with_=[person], topics="warm-up"))
    first = time.perf_counter() - started  # includes the day's first backup
    saves, floor = [], []
    for n in range(repeat):  # ours and the floor in turn, each floor save writing the bytes ours just wrote
        saves += time_saves(journal, person, 1, f"bench {n}")
        floor += time_floor(floor_path, path.read_bytes(), 1)
    # As the app saves: the file replaced is removed by a thread after the save (Journal.shorten_saves).
    journal.shorten_saves()
    in_app = []
    for n in range(repeat):
        in_app += time_saves(journal, person, 1, f"app {n}")
        floor += time_floor(floor_path, path.read_bytes(), 1)
    journal.close()
    return load, first, saves, floor, in_app


def time_stock(path: Path, person: str, repeat: int) -> tuple[float, list[float]]:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    started = time.perf_counter()
    db = TinyDB(path, storage=JSONStorage)
    table = db.table("interactions")
    len(table)  # stock TinyDB reads the file on demand
    load = time.perf_counter() - started
    saves = []
    for n in range(repeat):
        record = Interaction(date=date.today(), with_=[person], topics=f"bench {n}").to_record()
        started = time.perf_counter()
        table.insert(record)
        saves.append(time.perf_counter() - started)
    db.close()
    return load, saves


def time_floor(path: Path, payload: bytes, repeat: int) -> list[float]:
    """The least any safe save can cost: the same bytes, written, fsynced and renamed into place."""
    tmp = path.with_name(path.name + ".floor-tmp")
    saves = []
    for _ in range(repeat):
        started = time.perf_counter()
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        saves.append(time.perf_counter() - started)
    return saves


def peak_memory(action) -> int:
    gc.collect()
    tracemalloc.start()
    kept = action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--repeat", type=int, default=20)
    args = sized(parser.parse_args())

    folder = Path(tempfile.mkdtemp(prefix="netjournal-bench-"))
    data = synthetic_journal(args.contacts, args.interactions)
    person = next(iter(data["contacts"].values()))["id"]
    payload = orjson.dumps(data)
    ours_path, stock_path, floor_path = folder / "ours.json", folder / "stock.json", folder / "floor.json"
    for path in (ours_path, stock_path, floor_path):
        path.write_bytes(payload)
    del data

    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions, "
          f"{len(payload) / 1e6:.1f} MB")
    load_ours, first_ours, saves_ours, saves_floor, saves_app = time_ours(ours_path, person, args.repeat, floor_path)
    new_day, backup_step, same_day = time_new_day(ours_path, person, args.repeat)
    load_stock, saves_stock = time_stock(stock_path, person, min(args.repeat, 5))  # seconds a save at 250,000

    print(f"\n{'':34}{'netjournal':>12}{'stock TinyDB':>14}{'bare floor':>13}")
    print(f"{'load':34}{ms(load_ours):>12}{ms(load_stock):>14}")
    print(f"{'persist one interaction, median':34}{ms(statistics.median(saves_ours)):>12}"
          f"{ms(statistics.median(saves_stock)):>14}{ms(statistics.median(saves_floor)):>13}")
    print(f"{'persist one interaction, p95':34}{ms(percentile(saves_ours, 0.95)):>12}"
          f"{ms(percentile(saves_stock, 0.95)):>14}{ms(percentile(saves_floor, 0.95)):>13}")
    print(f"{'persist, as the app saves, median':34}{ms(statistics.median(saves_app)):>12}{'':14}"
          f"{ms(statistics.median(saves_floor)):>13}   (the replaced file removed just after the save)")
    print(f"{'first save after opening (+backup)':34}{ms(first_ours):>12}   (indexes built on first use)")
    print(f"{'first save of a new day, app open':34}{ms(new_day):>12}   ({new_day / same_day:.2f}x that day's later "
          f"saves, median {ms(same_day).strip()}, target <= 1.5x; the backup in it: {ms(backup_step).strip()}, a "
          "hard link to the file the save replaces)")
    ratio_floor = statistics.median(saves_ours) / statistics.median(saves_floor)
    ratio_stock = statistics.median(saves_stock) / statistics.median(saves_ours)
    ratio_app = statistics.median(saves_app) / statistics.median(saves_floor)
    print(f"\nours / floor: {ratio_floor:.2f}x, in the app {ratio_app:.2f}x (target <= 1.5x)   stock / ours: {ratio_stock:.1f}x (target >= 6x)")

    raw_path = ours_path
    peak_orjson = peak_memory(lambda: orjson.loads(raw_path.read_bytes()))
    peak_ours = peak_memory(lambda: Journal(raw_path))
    print(f"peak memory of loading: orjson.loads {peak_orjson / 1e6:.0f} MB, Journal {peak_ours / 1e6:.0f} MB "
          f"({peak_ours / peak_orjson:.2f}x, target <= 1.5x)")
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
