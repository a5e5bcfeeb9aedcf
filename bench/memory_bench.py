"""Where the resident memory of an open journal goes, step by step, each step in a fresh process.

    python bench/memory_bench.py [--large | --contacts 2000 --interactions 50000]

Prints the resident memory (VmRSS, what the system counts, not tracemalloc) of:
- Python with netjournal's and Textual's code imported, before any data, and the app running on an empty journal;
- the same with the journal open (as the command line holds it);
- after `hold_in_less_memory()`, a slice at a time as the app does it once it has shown the journal
  (core/shared_keys.py), and how long that took;
- the objects in the file as orjson makes them, and as plain bytes, for scale.
The whole app after start-up (these plus the panes) is `startup_bench.py`'s last line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import orjson

from synthetic import add_size_arguments, sized, synthetic_journal

STEPS = textwrap.dedent("""
    import gc, sys, time
    def resident_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    import orjson
    import netjournal.tui.app  # noqa: F401 - the code the app runs, imported as it is before any data
    from netjournal.core.journal import Journal
    print("imports", resident_mb())
    journal = Journal(sys.argv[1])
    journal.contacts()
    print("open", resident_mb())
    from netjournal.tui.app import REFILL_SLICE
    slices = []
    while True:  # a slice at a time, as the app does it
        started = time.perf_counter()
        done = journal.hold_in_less_memory(at_most=REFILL_SLICE)
        slices.append((time.perf_counter() - started) * 1000)
        if done:
            break
    print("held", resident_mb(), sum(slices), max(slices), len(slices))
""")

EMPTY_APP = textwrap.dedent("""
    import asyncio, sys
    def resident_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    from netjournal.core.journal import Journal
    from netjournal.tui.app import NetJournalApp
    async def main():
        async with NetJournalApp(Journal(sys.argv[1])).run_test(size=(140, 45)) as pilot:
            await pilot.pause(1.0)
            print("app", resident_mb())
    asyncio.run(main())
""")

PARSED = textwrap.dedent("""
    import sys
    def resident_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    import orjson
    before = resident_mb()
    with open(sys.argv[1], "rb") as file:
        raw = file.read()
    data = orjson.loads(raw)
    del raw
    print("parsed", resident_mb() - before)
""")


def run(script: str, path: Path) -> dict[str, list[float]]:
    shown = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parent.parent).stdout
    return {line.split()[0]: [float(n) for n in line.split()[1:]] for line in shown.splitlines()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    args = sized(parser.parse_args())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.json"
        path.write_bytes(orjson.dumps(synthetic_journal(args.contacts, args.interactions)))
        size = path.stat().st_size / 2**20  # MiB, as the resident figures (VmRSS is in KiB)
        run(STEPS, path)  # once uncounted: the first opening checks every record and lists the file as checked
        steps = run(STEPS, path)
        parsed = run(PARSED, path)["parsed"][0]
        empty_app = run(EMPTY_APP, Path(folder) / "empty.json")["app"][0]
    imports, opened, (held, took, longest, count) = steps["imports"][0], steps["open"][0], steps["held"]
    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions, {size:.1f} MB\n")
    print(f"code imported, no data              {imports:6.0f} MB")
    print(f"the app on an empty journal         {empty_app:6.0f} MB   {empty_app / size:.1f}x this file before any data")
    print(f"journal open (the command line)     {opened:6.0f} MB   data {opened - imports:5.0f} MB: "
          f"{(opened - imports) / size:.1f}x the file")
    print(f"documents sharing keys (the app)    {held:6.0f} MB   data {held - imports:5.0f} MB: "
          f"{(held - imports) / size:.1f}x the file; took {took:.0f} ms in {count:.0f} slices, "
          f"the longest {longest:.0f} ms")
    print(f"orjson.loads of the file alone                 data {parsed:5.0f} MB: {parsed / size:.1f}x the file")


if __name__ == "__main__":
    main()
