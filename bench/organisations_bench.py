"""Organisations on a large synthetic journal: the migration of `org` text, the figures behind the Organisations
screen, and the screens themselves painted after their key.

    python bench/organisations_bench.py [--contacts 2000] [--interactions 50000] [--organisations 100] [--runs 20]

The journal from synthetic.py is written as schema 4 wrote it: each person's `org` one of `--organisations`
names, spelt several ways ("Organisation 7", "ORGANISATION 7 Ltd", "organisation 7, Inc."), and no
organisations table. Timed:
- the migration to schema 5 (one organisation per name, people linked): target at most 1 s;
- `org_summaries` (people, last contact, this month's formal/informal, flags, for every organisation) and
  `org_view` of the largest, the first call and the median of the repeated ones;
- in the app (Pilot, 140x45): `O` until the Organisations table is filled, and enter until an organisation's
  view is: target at most 100 ms each.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import random
import statistics
import tempfile
import time
from pathlib import Path

import orjson

from painting import paint_times
from synthetic import add_size_arguments, percentile, sized, synthetic_journal

from netjournal.core import migrations  # noqa: E402  (synthetic puts the repository on the path)
from netjournal.core.journal import Journal  # noqa: E402
from netjournal.core.model import Contact  # noqa: E402
from netjournal.insights.organisations import org_summaries  # noqa: E402
from netjournal.reports.organisations import org_view  # noqa: E402

MIGRATION_TARGET_MS = 1000.0
PAINT_TARGET_MS = 100.0


def as_schema_4(data: dict, organisations: int, seed: int = 5) -> None:
    """What schema 4 kept: `org` text only, written several ways per organisation."""
    rng = random.Random(seed)
    spellings = ("Organisation {n}", "ORGANISATION {n} Ltd", "organisation {n}, Inc.", "Organisation {n} Limited")
    for number, person in enumerate(data["contacts"].values()):
        person.pop("org_id", None)
        person.pop("decision_maker", None)
        person["org"] = rng.choice(spellings).format(n=number % organisations)
    data.pop("organisations", None)
    data.pop("links", None)
    next(iter(data["meta"].values()))["schema_version"] = 4


def shape_network(path: Path, seed: int = 9) -> None:
    """After the migration: ranks for a fifth of the organisations, a decision maker in each, some issues, and
    a few hundred links, as a person using the screens would have them."""
    rng = random.Random(seed)
    data = orjson.loads(path.read_bytes())
    people_by_org: dict[str, list[dict]] = {}
    for person in data["contacts"].values():
        people_by_org.setdefault(person["org_id"], []).append(person)
    for number, org in enumerate(data["organisations"].values()):
        if number % 5 == 0:
            org["rank"] = number // 5 + 1
        if number % 3 == 0:
            org["issues"] = [{"date": "2026-10-01", "text": "funding under review", "resolved": False}]
        rng.choice(people_by_org[org["id"]])["decision_maker"] = True
    people = list(data["contacts"].values())
    data["links"] = {str(n + 1): {"kind": rng.choice(["influences", "reports_to", "knows"]),
                                  "from_id": a["id"], "to_id": b["id"], "note": "", "id": f"l{n:07d}",
                                  "created_at": "2026-11-01T09:00:00+00:00"}
                     for n, (a, b) in enumerate(rng.sample(people, 2) for _ in range(300))}
    path.write_bytes(orjson.dumps(data))


def timed(call, runs: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    call()
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return first, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    args = sized(parser.parse_args())

    data = synthetic_journal(args.contacts, args.interactions)
    as_schema_4(data, args.organisations)
    migrations_times = []
    for _ in range(5):
        copied = copy.deepcopy(data)
        started = time.perf_counter()
        migrations._v4_to_v5(copied)
        migrations_times.append(time.perf_counter() - started)
    folder = Path(tempfile.mkdtemp(prefix="netjournal-orgs-"))
    path = folder / "journal.json"
    path.write_bytes(orjson.dumps(data))
    started = time.perf_counter()
    with Journal(path) as journal:  # loads the schema 4 file and migrates it; the first change saves schema 5
        opened = time.perf_counter() - started
        journal.add_contact(Contact(name="Bench Person", org="Organisation 1"))
    shape_network(path)

    with Journal(path) as journal:
        organisations = len(journal.organisations())
        first_list, list_times = timed(lambda: org_summaries(journal), args.runs)
        largest = max(org_summaries(journal), key=lambda s: len(s.people)).organisation.id
        first_view, view_times = timed(lambda: org_view(journal, largest), args.runs)
    from netjournal.tui.screens.organisations import OrganisationScreen, OrganisationsScreen

    listing, one = asyncio.run(paint_times(path, min(args.runs, 10),
                                           [("O", OrganisationsScreen), ("enter", OrganisationScreen)]))

    def ms(value: float) -> str:
        return f"{value * 1000:7.1f} ms"

    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions, {organisations} "
          f"organisations (from {args.organisations} names in 4 spellings), 300 links")
    migration = statistics.median(migrations_times)
    print(f"migration of org text (schema 4 -> 5): median {ms(migration)}  (target {MIGRATION_TARGET_MS:.0f} ms) "
          f"{'ok' if migration * 1000 <= MIGRATION_TARGET_MS else 'OVER'}")
    print(f"open the schema 4 file (load, migrate, check):   {ms(opened)}")
    print(f"org_summaries: first {ms(first_list)}, median {ms(statistics.median(list_times))}, "
          f"p95 {ms(percentile(list_times, 0.95))}")
    print(f"org_view (largest): first {ms(first_view)}, median {ms(statistics.median(view_times))}, "
          f"p95 {ms(percentile(view_times, 0.95))}")
    for what, values in (("O to the Organisations table", listing), ("enter to an organisation's view", one)):
        median = statistics.median(values) * 1000
        print(f"{what:32}: median {median:7.1f} ms, max {max(values) * 1000:7.1f} ms  "
              f"(target {PAINT_TARGET_MS:.0f} ms) {'ok' if median <= PAINT_TARGET_MS else 'OVER'}")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
