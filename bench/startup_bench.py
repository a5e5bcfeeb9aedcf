"""Start-up and save-key figures for the TUI on a large synthetic journal, headless.

    python bench/startup_bench.py [--large | --contacts 2000 --interactions 50000] [--runs 3]

Each run is a fresh process, with compiled bytecode as an installed copy has it, after one uncounted run
of each that writes it. Printed, as medians of the runs:
- netjournal: from process spawn to the first painted frame with contact rows in it;
- a bare Textual app: from process spawn to its first painted frame;
- orjson.loads of the same file;
- in the log form: from the save key to the record on disk, and to the main screen painted again;
- resident memory (VmRSS) of netjournal and of the bare app a second after their first frame.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import orjson

from synthetic import add_size_arguments, sized, synthetic_journal

# Resident memory as the system counts it (not tracemalloc, which misses what the allocator keeps).
RESIDENT = textwrap.dedent("""
    def resident_kb():
        with open("/proc/self/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
""")

BARE = RESIDENT + textwrap.dedent("""
    import asyncio, os, sys, time
    from textual.app import App
    from textual.widgets import Static

    shown = []

    class Bare(App):
        def compose(self):
            yield Static("hello")

        def on_mount(self):
            self.call_after_refresh(lambda: shown.append(time.time()))  # the first frame is painted

    async def main():
        async with Bare().run_test(size=(140, 45)) as pilot:
            while not shown:
                await pilot.pause(0.005)
            await pilot.pause(1.0)
            print(shown[0] - float(sys.argv[1]), resident_kb(), flush=True)
        os._exit(0)

    asyncio.run(main())
""")

NETJOURNAL = RESIDENT + textwrap.dedent("""
    import asyncio, os, sys, time
    from netjournal.core.journal import Journal
    from netjournal.tui.app import NetJournalApp
    from textual.widgets import DataTable

    from netjournal.tui.panes.contacts import ContactsPane

    # Measure when the first frame with contact rows is painted: right after the refresh that follows
    # the Contacts pane's first draw.
    shown = []
    draw = ContactsPane.show_data
    def timed_draw(self):
        draw(self)
        if not shown:
            self.call_after_refresh(lambda: shown.append(time.time()))
    ContactsPane.show_data = timed_draw

    async def main():
        journal = Journal(sys.argv[2])
        app = NetJournalApp(journal)
        async with app.run_test(size=(140, 45)) as pilot:
            while not shown:
                await pilot.pause(0.005)
            assert app.screen.query_one("#contacts-table").row_count
            await pilot.pause(1.0)  # settled: the panes drawn, any work after the first frame done
            print(shown[0] - float(sys.argv[1]), resident_kb(), flush=True)

            # One earlier save today, so the timed one is not also making the day's backup copy.
            from netjournal.core.model import Interaction
            journal.log_interaction(Interaction(date=journal.today(), with_=[journal.contacts()[0].id]))
            # On disk: when the storage's save returns (the form saves inside a batch, so log_interaction
            # returns before anything is written).
            from netjournal.core.storage import SafeJSONStorage
            saved_at = []
            flush = SafeJSONStorage._flush
            def timed_flush(self, *args, **kwargs):
                flush(self, *args, **kwargs)
                saved_at.append(time.perf_counter())
            SafeJSONStorage._flush = timed_flush
            await pilot.press("2", "l", *"Person 00001")
            main_screen = app.screen_stack[-2]
            painted = []
            # The first frame painted once the main screen is back (pilot.press itself waits for more).
            type(main_screen).on_screen_resume = lambda self: self.call_after_refresh(
                lambda: painted.append(time.perf_counter()))
            pressed = time.perf_counter()
            await pilot.press("ctrl+s")
            while not painted:
                await pilot.pause(0.001)
            redrawn = painted[0]
            print(saved_at[0] - pressed, redrawn - pressed, flush=True)
        os._exit(0)

    asyncio.run(main())
""")


# As an installed copy runs: with compiled bytecode. Textual's modules came with theirs from pip; a source
# checkout run with PYTHONDONTWRITEBYTECODE would compile netjournal's on every start (~35 ms) and measure
# something no installed user pays. One run of each, not counted, writes the bytecode first.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def spawn(script: str, *args: str) -> list[str]:
    started = time.time()
    result = subprocess.run([sys.executable, "-c", script, repr(started), *args], capture_output=True, text=True,
                            check=True, timeout=120, env=CHILD_ENV)
    return result.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--runs", type=int, default=3)
    args = sized(parser.parse_args())

    folder = Path(tempfile.mkdtemp(prefix="netjournal-startup-"))
    path = folder / "journal.json"
    data = synthetic_journal(args.contacts, args.interactions)
    payload = orjson.dumps(data)
    del data
    path.write_bytes(payload)
    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions, "
          f"{len(payload) / 1e6:.1f} MB; {args.runs} cold starts each")

    loads = []
    for _ in range(args.runs):
        started = time.perf_counter()
        orjson.loads(path.read_bytes())
        loads.append(time.perf_counter() - started)
    spawn(BARE)
    spawn(NETJOURNAL, str(path))  # not counted: bytecode written, caches warm, as on a second start
    path.write_bytes(payload)
    bare, bare_resident = [], []
    for _ in range(args.runs):
        start, resident = (float(v) for v in spawn(BARE))
        bare.append(start)
        bare_resident.append(resident)
    ours, ours_resident, to_disk, to_screen = [], [], [], []
    for _ in range(args.runs):
        start, resident, disk, screen = (float(v) for v in spawn(NETJOURNAL, str(path)))
        ours.append(start)
        ours_resident.append(resident)
        to_disk.append(disk)
        to_screen.append(screen)
        path.write_bytes(payload)  # the next run starts from the same file

    med = statistics.median
    print(f"\nbare Textual app start            {med(bare) * 1000:8.0f} ms")
    print(f"orjson.loads of the file          {med(loads) * 1000:8.0f} ms")
    print(f"netjournal start to data shown    {med(ours) * 1000:8.0f} ms   "
          f"({med(ours) / (med(bare) + med(loads)):.2f}x bare + loads; target <= 1.4x)")
    print(f"log form: save key to disk        {med(to_disk) * 1000:8.0f} ms")
    print(f"log form: save key to main screen {med(to_screen) * 1000:8.0f} ms   (target <= 60 ms)")
    size_mb = len(payload) / 2**20
    print(f"resident memory after start-up    {med(ours_resident) / 1024:8.0f} MB   ({med(ours_resident) / 1024 / size_mb:.1f}x "
          f"the {size_mb:.0f} MB file, target <= 3x; a bare Textual app: {med(bare_resident) / 1024:.0f} MB)")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
