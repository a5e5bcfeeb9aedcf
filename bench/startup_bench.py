"""Start-up and save-key figures for the TUI on a large synthetic journal, headless.

    python bench/startup_bench.py [--large | --contacts 2000 --interactions 50000] [--runs 3]

Each run is a fresh process, with compiled bytecode as an installed copy has it, after one uncounted run
of each that writes it. Printed, as medians of the runs:
- netjournal: from process spawn to the first painted frame with contact rows in it, on a file as netjournal
  left it (its records checked when it was saved: core/checked.py), and on one another program wrote (checked
  record by record at the opening);
- a bare Textual app: from process spawn to its first painted frame;
- orjson.loads of the same file;
- in the log form: from the save key to the record on disk, and to the main screen painted again;
- resident memory (VmRSS) of the bare app a second after its first frame, and of netjournal a second after
  its start-up is done (every contact row added, and then the journal held in less memory: core/shared_keys.py).
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

# The moment a frame is painted: when the compositor hands its update to App._display, which writes it to the
# terminal (headless, it is computed all the same and then dropped). Timing a callback queued after the frame
# instead would also count whatever other callbacks run before it: panes that fill in after the first frame.
PAINTED = textwrap.dedent("""
    from textual.app import App
    display = App._display
    def timed_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and watch_paint(renderable):
            painted.append((time.perf_counter(), screen))
    App._display = timed_display
    painted = []
""")

BARE = RESIDENT + textwrap.dedent("""
    import asyncio, os, sys, time
    from textual.app import App
    from textual.widgets import Static
""") + PAINTED + textwrap.dedent("""
    def watch_paint(update):
        return not painted

    class Bare(App):
        def compose(self):
            yield Static("hello")

    async def main():
        async with Bare().run_test(size=(140, 45)) as pilot:
            while not painted:
                await pilot.pause(0.005)
            await pilot.pause(1.0)
            print(painted[0][0] - time.perf_counter() + time.time() - float(sys.argv[1]), resident_kb(), flush=True)
        os._exit(0)

    asyncio.run(main())
""")

NETJOURNAL = RESIDENT + textwrap.dedent("""
    import asyncio, os, sys, time
    from netjournal.core.journal import Journal
    from netjournal.tui.app import NetJournalApp
    from netjournal.tui.panes.contacts import ContactsPane
""") + PAINTED + textwrap.dedent("""
    # The first frame painted with contact rows: the first update after the Contacts pane drew its data; what it
    # shows is checked below (after the timing) for a person's name.
    contacts_drawn = []
    draw = ContactsPane.show_data
    def timed_draw(self):
        draw(self)
        contacts_drawn.append(True)
    ContactsPane.show_data = timed_draw
    first_frame = []
    def watch_paint(update):
        if contacts_drawn and not first_frame:
            first_frame.append(update)
            return True
        return bool(first_frame) and watching_screen_change[0]
    watching_screen_change = [False]

    # Start-up is done when the journal is held in less memory, the last of the work after the first frame.
    started_up = []
    hold = Journal.hold_in_less_memory
    def watched_hold(self, at_most=None):
        done = hold(self, at_most)
        if done:
            started_up.append(True)
        return done
    Journal.hold_in_less_memory = watched_hold

    async def main():
        journal = Journal(sys.argv[2])
        app = NetJournalApp(journal)
        async with app.run_test(size=(140, 45)) as pilot:
            while not painted:
                await pilot.pause(0.005)
            start = painted[0][0] - time.perf_counter() + time.time() - float(sys.argv[1])
            text = first_frame[0].render_segments(app.console)
            assert "Person 0" in text, "the first frame after the contacts were drawn shows no contact"
            # Settled: every contact row added (a screenful at a time; 10,000 take seconds), the journal then held
            # in less memory a slice at a time (core/shared_keys.py), and a second more.
            while not started_up:
                await pilot.pause(0.01)
            await pilot.pause(1.0)
            print(start, resident_kb(), flush=True)

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
            form = app.screen
            del painted[:]
            watching_screen_change[0] = True
            pressed = time.perf_counter()
            await pilot.press("ctrl+s")
            # The first frame painted once the main screen is on top again (pilot.press itself waits for more).
            while not any(screen is not form for _, screen in painted):
                await pilot.pause(0.001)
            redrawn = min(t for t, screen in painted if screen is not form)
            assert redrawn >= saved_at[0]
            print(saved_at[0] - pressed, redrawn - pressed, flush=True)
        os._exit(0)

    asyncio.run(main())
""")


# As an installed copy runs: with compiled bytecode. Textual's modules came with theirs from pip; a source
# checkout run with PYTHONDONTWRITEBYTECODE would compile netjournal's on every start (~35 ms) and measure
# something no installed user pays. One run of each, not counted, writes the bytecode first.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
# The children's state folder is the bench's own (synthetic.py sets it), not the user's.

# orjson.loads of the file as a new Python process does it, with the collector as Python sets it: in this
# process, after building the synthetic journal, it takes up to half as long again.
LOADS = textwrap.dedent("""
    import sys, time, orjson
    raw = open(sys.argv[2], "rb").read()
    started = time.perf_counter()
    orjson.loads(raw)
    print(time.perf_counter() - started)
""")

# Opens the journal once and closes it: its records are checked and the file is listed as checked, as a save does.
PRIME = "import sys\nfrom netjournal.core.journal import Journal\nJournal(sys.argv[2]).close()\n"


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
          f"{len(payload) / 1e6:.1f} MB; {args.runs} rounds of cold starts")

    spawn(BARE)
    spawn(NETJOURNAL, str(path))  # not counted: bytecode written, caches warm, as on a second start
    path.write_bytes(payload)
    # In rounds, each figure once per round, and each ratio taken within its round: this machine's speed drifts
    # by a third over minutes, and figures taken minutes apart would compare two different machines.
    loads, bare, bare_resident = [], [], []
    ours, ours_resident, to_disk, to_screen, changed = [], [], [], [], []
    ratio_ours, ratio_changed = [], []
    for _ in range(args.runs):
        loads.append(float(spawn(LOADS, str(path))[0]))
        start, resident = (float(v) for v in spawn(BARE))
        bare.append(start)
        bare_resident.append(resident)
        spawn(PRIME, str(path))
        start, resident, disk, screen = (float(v) for v in spawn(NETJOURNAL, str(path)))
        ours.append(start)
        ours_resident.append(resident)
        to_disk.append(disk)
        to_screen.append(screen)
        path.write_bytes(payload)  # as another program would write it: its records are checked at the opening
        changed.append(float(spawn(NETJOURNAL, str(path))[0]))
        path.write_bytes(payload)
        ratio_ours.append(ours[-1] / (bare[-1] + loads[-1]))
        ratio_changed.append(changed[-1] / (bare[-1] + loads[-1]))

    med = statistics.median
    print(f"\nbare Textual app start            {med(bare) * 1000:8.0f} ms   (fastest {min(bare) * 1000:.0f})")
    print(f"orjson.loads of the file          {med(loads) * 1000:8.0f} ms   (fastest {min(loads) * 1000:.0f}; "
          f"in a new process)")
    # Two readings of the ratio: the median of the rounds' own, and the fastest of each figure (what the code
    # costs when nothing else on the machine gets in the way).
    floor = min(bare) + min(loads)
    print(f"netjournal start to data shown    {med(ours) * 1000:8.0f} ms   "
          f"({med(ratio_ours):.2f}x bare + loads, the rounds {min(ratio_ours):.2f}-{max(ratio_ours):.2f}; "
          f"fastest {min(ours) * 1000:.0f} ms: {min(ours) / floor:.2f}x; target <= 1.4x)")
    print(f"  the file written by another program {med(changed) * 1000:5.0f} ms   "
          f"({med(ratio_changed):.2f}x, the rounds {min(ratio_changed):.2f}-{max(ratio_changed):.2f}; "
          f"fastest {min(changed) * 1000:.0f} ms: {min(changed) / floor:.2f}x; every record checked at the opening)")
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
