"""A large synthetic journal in the stored shape, shared by the bench scripts."""

from __future__ import annotations

import atexit
import os
import random
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# What netjournal keeps in the state folder (the device name, the list of checked files, crash logs) goes to a
# folder of the bench's own, for this run and the processes it starts: a bench never touches the user's.
_STATE = tempfile.mkdtemp(prefix="netjournal-bench-state-")
os.environ["XDG_STATE_HOME"] = _STATE
os.environ.setdefault("NETJOURNAL_DEVICE", "bench")
atexit.register(shutil.rmtree, _STATE, True)

from netjournal.core import migrations  # noqa: E402
from netjournal.core.model import CHANNELS, Contact, Interaction, new_id, utc_now  # noqa: E402

WORDS = ("budget roadmap marathon golf choir allotment daughter school hiring data sharing council hospital "
         "research vendor contract dashboard privacy audit sailing cricket garden holiday conference").split()


# The sizes the performance targets are set for: a heavy user's journal (22 MB) and five times that (107 MB).
SIZES = {"default": (2_000, 50_000), "large": (10_000, 250_000)}


def add_size_arguments(parser) -> None:
    """--contacts and --interactions, or --large for the 10,000 / 250,000 journal."""
    parser.add_argument("--large", action="store_true",
                        help="10,000 people and 250,000 conversations (107 MB) instead of 2,000 and 50,000 (22 MB)")
    parser.add_argument("--contacts", type=int, default=None)
    parser.add_argument("--interactions", type=int, default=None)


def sized(args):
    """The parsed arguments with --contacts and --interactions filled in from --large or the default size."""
    contacts, interactions = SIZES["large" if args.large else "default"]
    args.contacts = args.contacts if args.contacts is not None else contacts
    args.interactions = args.interactions if args.interactions is not None else interactions
    return args


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def synthetic_journal(contacts: int, interactions: int, seed: int = 7) -> dict:
    """A journal file's data in the stored shape, built directly (logging 50,000 one by one takes minutes)."""
    rng = random.Random(seed)
    today = date.today()
    people = [
        Contact(name=f"Person {n:05d}", org=f"Org {n % 97}", title="Manager", tags=rng.sample(WORDS, 3),
                notes=" ".join(rng.choices(WORDS, k=25)), cadence_days=rng.choice([7, 14, 30, None]))
        for n in range(contacts)
    ]
    data: dict = {
        "meta": {"1": {"schema_version": migrations.SCHEMA_VERSION, "created_at": utc_now(), "app_version": "bench"}},
        "contacts": {str(n + 1): p.to_record() for n, p in enumerate(people)},
        "interactions": {},
    }
    table = data["interactions"]
    # Ids are 8 hex digits: among 50,000 of them two alike turn up in one journal of four. netjournal never
    # saves a second record with an id it has (and refuses a file that has one), so neither does this.
    seen = {p.id for p in people}
    for n in range(interactions):
        with_ = [p.id for p in rng.sample(people, rng.choice([1, 1, 1, 2]))]
        record = Interaction(
            date=today - timedelta(days=rng.randint(0, 1000)), with_=with_, channel=rng.choice(CHANNELS),
            formal=rng.random() < 0.4, business=rng.random() < 0.6, initiated_by=rng.choice(("me", "them")),
            topics=" ".join(rng.choices(WORDS, k=8)), learned=" ".join(rng.choices(WORDS, k=5)) if n % 3 else "",
            next_time=" ".join(rng.choices(WORDS, k=4)) if n % 5 == 0 else "",
        ).to_record()
        while record["id"] in seen:
            record["id"] = new_id()
        seen.add(record["id"])
        table[str(n + 1)] = record
    return data
