"""Merging two copies of a large journal that were changed apart (`netjournal merge`).

    python bench/merge_bench.py [--large | --contacts 2000 --interactions 50000] [--changes 500] [--runs 3]

One synthetic journal is copied to a "laptop" and a "desktop" file; each side then makes `--changes` changes in
one batch (a third edits people's notes, a third logs conversations, a sixth deletes conversations, a sixth edits
conversations; a tenth of the people edited are edited on both sides, so there are conflicts). Printed, `--runs`
times on fresh copies, median:
- the merge inside an open journal, in its parts: reading the other copy (orjson + the schema check), working out
  the plan, applying it and saving;
- `netjournal merge` as a person runs it, a fresh process, beside `netjournal list --json > /dev/null` on the
  same journal (a process that opens the journal and reads everyone: what any command costs);
- the plan's counts, so that the figures are of the work they claim.
Target (issue 17): 500 changes on each side of the 2,000 / 50,000 journal merged in at most 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netjournal.core.copies import plan_merge, read_copy  # noqa: E402
from netjournal.core.journal import Journal  # noqa: E402
from netjournal.core.model import Contact, Interaction  # noqa: E402
from synthetic import add_size_arguments, sized, synthetic_journal  # noqa: E402

med = statistics.median


def change(path: Path, device: str, changes: int, seed: int, shared: list[str]) -> None:
    """`changes` changes on one device, in one batch (one save)."""
    os.environ["NETJOURNAL_DEVICE"] = device
    rng = random.Random(seed)
    with Journal(path, today=date.today) as journal:
        people = journal.contacts(ordered=False)
        conversations = journal.interactions()
        with journal.batch():
            for n in range(changes):
                kind = n % 6
                if kind in (0, 1):  # a third: people's notes, some of them the people the other side edits too
                    person = (journal.contact(rng.choice(shared)) if rng.random() < 0.1
                              else rng.choice(people))
                    person.notes = f"{device} note {n}"
                    journal.update_contact(person)
                elif kind in (2, 3):
                    journal.log_interaction(Interaction(date=date.today().isoformat(),
                                                        with_=[rng.choice(people).id], topics=f"{device} {n}"))
                elif kind == 4:
                    gone = conversations.pop(rng.randrange(len(conversations)))
                    journal.delete_interaction(gone.id)
                else:
                    edited = conversations[rng.randrange(len(conversations))]
                    edited.learned = f"{device} learned {n}"
                    journal.update_interaction(edited)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_size_arguments(parser)
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = sized(parser.parse_args())
    contacts, interactions = args.contacts, args.interactions
    folder = Path(tempfile.mkdtemp(prefix="merge-bench-"))
    common = folder / "common.json"
    common.write_bytes(orjson.dumps(synthetic_journal(contacts, interactions)))
    with Journal(common, today=date.today) as journal:  # saved once by netjournal: its save record and stamps
        journal.add_contact(Contact(name="Bench Start"))
        shared = [c.id for c in journal.contacts(ordered=False)[:50]]
    size = common.stat().st_size / 1e6
    print(f"{contacts:,} people, {interactions:,} conversations ({size:.1f} MB); {args.changes} changes per side")

    parts: dict[str, list[float]] = {"read": [], "plan": [], "apply+save": [], "in-process total": [],
                                     "netjournal merge": [], "netjournal list --json": []}
    counts = None
    for run in range(args.runs):
        laptop, desktop = folder / f"laptop{run}.json", folder / f"desktop{run}.json"
        shutil.copy(common, laptop)
        shutil.copy(common, desktop)
        change(laptop, "laptop", args.changes, seed=run, shared=shared)
        change(desktop, "desktop", args.changes, seed=1000 + run, shared=shared)
        cli_copy = folder / f"cli{run}.json"
        shutil.copy(laptop, cli_copy)

        os.environ["NETJOURNAL_DEVICE"] = "laptop"
        with Journal(laptop, today=date.today) as journal:
            started = time.perf_counter()
            other = read_copy(desktop.read_bytes(), desktop)
            read = time.perf_counter()
            ours = {t: journal._tables[t].raw_documents() for t in journal._tables}  # noqa: SLF001 - timing only
            plan_merge(ours, other, device="laptop", now="2026-01-01T00:00:00.000+00:00")
            planned = time.perf_counter()
            plan = journal.merge_copy(other)
            done = time.perf_counter()
        parts["read"].append(read - started)
        parts["plan"].append(planned - read)
        parts["apply+save"].append(done - planned - (planned - read))  # merge_copy plans again: counted once
        parts["in-process total"].append(done - started - (planned - read))
        counts = plan

        env = {**os.environ, "NETJOURNAL_DEVICE": "laptop", "PYTHONPATH": str(ROOT)}
        for name, argv in (("netjournal merge", ["merge", str(desktop)]), ("netjournal list --json", ["list", "--json"])):
            started = time.perf_counter()
            done_process = subprocess.run([sys.executable, "-m", "netjournal", "--db", str(cli_copy), *argv],
                                          env=env, capture_output=True)
            parts[name].append(time.perf_counter() - started)
            if done_process.returncode != 0:
                raise SystemExit(done_process.stderr.decode())
        for path in (laptop, desktop, cli_copy):
            for each in folder.glob(path.name + "*"):
                each.unlink()

    assert counts is not None
    print(f"plan: added {dict(counts.added)}, changed {dict(counts.changed)}, removed {dict(counts.removed)}, "
          f"{len(counts.conflicts)} conflicts")
    for name, values in parts.items():
        print(f"  {name:<24} {med(values) * 1000:8.1f} ms median of {len(values)}")
    total = med(parts["netjournal merge"])
    baseline = med(parts["netjournal list --json"])
    print(f"netjournal merge {total:.2f} s against the 2 s target; {total / baseline:.2f}x a command that only "
          f"opens the journal and lists everyone ({baseline:.2f} s)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
