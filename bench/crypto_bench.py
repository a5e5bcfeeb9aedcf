"""Encryption figures on a large synthetic journal: the journal encrypted beside the same journal plain.

    python bench/crypto_bench.py [--large | --contacts 2000 --interactions 50000] [--repeat 20] [--runs 3]

One synthetic journal is written twice, plain and encrypted (the real Argon2id settings of core/crypto.py).
Printed, each ratio from figures taken in the same run:
- persisting one conversation: a save in the encrypted journal and one in the plain journal in turn, `--repeat`
  times, median and p95, with the floor (the encrypted file's bytes written, fsynced and renamed, right after each
  encrypted save); then where an encrypted save's time goes: AES-GCM over the whole plain bytes, the write, and
  what orjson.dumps of the whole journal would cost (a save that serialised everything anew);
- unlocking: one key derivation alone, the passphrase to the plain bytes (derivation, unwrapping the data key,
  AES-GCM of the file), and Journal(path, passphrase=...) beside Journal(path) of the plain copy, `--runs` times;
- start-up, each a fresh process as in startup_bench (its bare app and its netjournal child, imported from it): the
  TUI on the encrypted journal to the contacts shown, beside a bare Textual app + orjson.loads of the plain bytes +
  one key derivation, and beside the TUI on the plain journal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import startup_bench  # noqa: E402
from netjournal.core import crypto  # noqa: E402
from netjournal.core.journal import Journal  # noqa: E402
from netjournal.core.model import Interaction  # noqa: E402
from startup_bench import BARE, NETJOURNAL, spawn  # noqa: E402
from storage_bench import ms, time_floor, time_saves  # noqa: E402
from synthetic import add_size_arguments, percentile, sized, synthetic_journal  # noqa: E402

PASSPHRASE = "correct horse battery staple"

# startup_bench's child opens the journal with Journal(sys.argv[2]); this one gives the passphrase (its third
# argument), as the TUI does once it has it. Everything else it times is the same code.
_OPENS_PLAIN = "Journal(sys.argv[2])"
assert NETJOURNAL.count(_OPENS_PLAIN) == 1, "startup_bench's child changed: update crypto_bench"
NETJOURNAL_ENCRYPTED = NETJOURNAL.replace(_OPENS_PLAIN, "Journal(sys.argv[2], passphrase=sys.argv[3])")
# The children import netjournal from this checkout, wherever the bench is started from.
startup_bench.CHILD_ENV["PYTHONPATH"] = str(ROOT)

med = statistics.median


def journal_file(path: Path, payload: bytes, person: str, passphrase: str | None = None) -> bytes:
    """`payload` written at `path`, one conversation logged by netjournal (so that both copies have the day's
    backup already and the same contents), and encrypted there if a passphrase is given; returns the file's bytes."""
    path.write_bytes(payload)
    with Journal(path) as journal:
        journal.log_interaction(Interaction(date=date.today(), with_=[person], topics="set-up"))
        if passphrase is not None:
            journal.encrypt(passphrase)
    return path.read_bytes()


# The steps of a save, each timed inside real saves by a wrapper around the function that does it.
SAVE_STEPS = (
    ("lay out", "what changed serialised (plain: the rest copied into the file)"),
    ("AES-GCM", "the whole plain journal encrypted"),
    ("write", "the sealed bytes written (plain: inside 'lay out')"),
    ("fsync", "the new file and its folder"),
    ("rest", "lock, rename, backup check, bookkeeping"),
)


@contextmanager
def steps_timed(spent: dict[str, float]):
    """While inside, the time each save step takes is added to `spent` (wrappers put in, then taken out)."""
    from netjournal.core import file_layout, storage

    wrapped = [(file_layout.FileLayout, "write", "lay out"), (file_layout.FileLayout, "assemble", "lay out"),
               (crypto.JournalKey, "seal_parts", "AES-GCM"), (storage, "write_all", "write"), (os, "fsync", "fsync")]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _step in wrapped]

    def timed(real, step):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                spent[step] += time.perf_counter() - started
        return wrapper
    for (owner, name, real), (_owner, _name, step) in zip(originals, wrapped):
        setattr(owner, name, timed(real, step))
    try:
        yield
    finally:
        for owner, name, real in originals:
            setattr(owner, name, real)


def time_persisting(plain_path: Path, sealed_path: Path, person: str, repeat: int) -> dict[str, object]:
    """Saves in the plain and the encrypted journal in turn (same disk, same load), and the floor of each
    encrypted save; then, in further saves, the time of each step of a save."""
    plain, sealed = Journal(plain_path), Journal(sealed_path, passphrase=PASSPHRASE)
    # Warm: the first save after opening builds indexes; the encrypted journal's first save also has no plain
    # bytes of an earlier save to reuse yet. (The day's backup was made when the files were set up.)
    first_plain = time_saves(plain, person, 1, "warm-up")[0]
    first_sealed = time_saves(sealed, person, 1, "warm-up")[0]
    time_saves(plain, person, 1, "warm-up")
    time_saves(sealed, person, 1, "warm-up")
    saves_plain, saves_sealed, floor = [], [], []
    floor_path = sealed_path.with_name("floor.json")
    for n in range(repeat):
        saves_plain += time_saves(plain, person, 1, f"bench {n}")
        saves_sealed += time_saves(sealed, person, 1, f"bench {n}")
        floor += time_floor(floor_path, sealed_path.read_bytes(), 1)
    floor_path.unlink()

    steps: dict[str, dict[str, list[float]]] = {"plain": {}, "sealed": {}}
    for n in range(repeat):
        for kind, journal in (("plain", plain), ("sealed", sealed)):
            spent = dict.fromkeys((step for step, _why in SAVE_STEPS), 0.0)
            with steps_timed(spent):
                total = time_saves(journal, person, 1, f"steps {n}")[0]
            spent["rest"] = total - sum(spent.values())
            for step, seconds in spent.items():
                steps[kind].setdefault(step, []).append(seconds)

    dumps = []  # what a save that serialised the whole journal anew would spend on that alone
    for _ in range(5):
        started = time.perf_counter()
        orjson.dumps(sealed._storage._data)
        dumps.append(time.perf_counter() - started)
    plain.close()
    sealed.close()
    return {"first_plain": first_plain, "first_sealed": first_sealed, "plain": saves_plain, "sealed": saves_sealed,
            "floor": floor, "dumps": med(dumps),
            "steps": {kind: {step: med(times) for step, times in found.items()} for kind, found in steps.items()}}


def time_unlocking(plain_path: Path, sealed_path: Path, runs: int) -> dict[str, float]:
    raw = sealed_path.read_bytes()
    kdf = orjson.loads(raw.split(b"\n", 2)[1])["wraps"][0]["kdf"]
    derivations, unlocks, box_opens, opens_plain, opens_sealed = [], [], [], [], []
    for _ in range(max(runs, 5)):
        started = time.perf_counter()
        crypto._derive(kdf, PASSPHRASE)
        derivations.append(time.perf_counter() - started)
        started = time.perf_counter()
        key = crypto.unlock(raw, PASSPHRASE)
        unlocked = time.perf_counter()
        key.open(raw)
        box_opens.append(time.perf_counter() - unlocked)
        unlocks.append(time.perf_counter() - started)
    for _ in range(runs):  # in turn, so that both meet the same load
        started = time.perf_counter()
        Journal(plain_path).close()
        opens_plain.append(time.perf_counter() - started)
        started = time.perf_counter()
        Journal(sealed_path, passphrase=PASSPHRASE).close()
        opens_sealed.append(time.perf_counter() - started)
    return {"derive": med(derivations), "unlock": med(unlocks), "box_open": med(box_opens),
            "open_plain": med(opens_plain), "open_sealed": med(opens_sealed)}


def time_startup(plain_path: Path, sealed_path: Path, runs: int) -> dict[str, float]:
    """Fresh processes, one uncounted run of each first (bytecode written, caches warm); the journals are put
    back as they were after each run, since the child saves once."""
    payload, sealed_bytes = plain_path.read_bytes(), sealed_path.read_bytes()
    loads = []
    for _ in range(runs):
        started = time.perf_counter()
        orjson.loads(plain_path.read_bytes())
        loads.append(time.perf_counter() - started)
    spawn(BARE)
    spawn(NETJOURNAL, str(plain_path))
    spawn(NETJOURNAL_ENCRYPTED, str(sealed_path), PASSPHRASE)
    bare, plain, sealed = [], [], []
    for _ in range(runs):
        plain_path.write_bytes(payload)
        sealed_path.write_bytes(sealed_bytes)
        bare.append([float(v) for v in spawn(BARE)])
        plain.append([float(v) for v in spawn(NETJOURNAL, str(plain_path))])
        sealed.append([float(v) for v in spawn(NETJOURNAL_ENCRYPTED, str(sealed_path), PASSPHRASE)])

    def column(rows: list[list[float]], index: int) -> float:
        return med(row[index] for row in rows)
    return {"loads": med(loads), "bare": column(bare, 0), "plain": column(plain, 0), "sealed": column(sealed, 0),
            "plain_disk": column(plain, 2), "sealed_disk": column(sealed, 2),
            "plain_screen": column(plain, 3), "sealed_screen": column(sealed, 3),
            "plain_resident": column(plain, 1), "sealed_resident": column(sealed, 1)}


def row(label: str, encrypted: float, plain: float | None, target: str = "") -> None:
    ratio = f"{encrypted / plain:6.2f}x" if plain else ""
    print(f"{label:40}{ms(encrypted):>12}{ms(plain) if plain is not None else '':>12}{ratio:>9}   {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser)
    parser.add_argument("--repeat", type=int, default=20, help="saves of each kind, in turn")
    parser.add_argument("--runs", type=int, default=3, help="opens and fresh-process start-ups of each kind")
    args = sized(parser.parse_args())

    folder = Path(tempfile.mkdtemp(prefix="netjournal-crypto-bench-"))
    data = synthetic_journal(args.contacts, args.interactions)
    person = next(iter(data["contacts"].values()))["id"]
    payload = orjson.dumps(data)
    del data
    plain_path, sealed_path = folder / "plain.json", folder / "sealed.json"
    journal_file(plain_path, payload, person)
    sealed_bytes = journal_file(sealed_path, payload, person, PASSPHRASE)
    kdf = orjson.loads(sealed_bytes.split(b"\n", 2)[1])["wraps"][0]["kdf"]
    settings = ", ".join(f"{k} {v}" for k, v in kdf.items() if k not in ("name", "salt"))
    print(f"synthetic journal: {args.contacts:,} contacts, {args.interactions:,} interactions, "
          f"{len(payload) / 1e6:.1f} MB plain, {len(sealed_bytes) / 1e6:.1f} MB encrypted; key derivation "
          f"{kdf['name']} ({settings})")

    saves = time_persisting(plain_path, sealed_path, person, args.repeat)
    unlocking = time_unlocking(plain_path, sealed_path, args.runs)
    started = time_startup(plain_path, sealed_path, args.runs)

    print(f"\n{'':40}{'encrypted':>12}{'plain':>12}{'ratio':>9}")
    save_sealed, save_plain = med(saves["sealed"]), med(saves["plain"])
    row("persist one conversation, median", save_sealed, save_plain, "target <= 1.3x")
    row("persist one conversation, p95", percentile(saves["sealed"], 0.95), percentile(saves["plain"], 0.95))
    print(f"{'  floor: the same bytes written, fsynced':40}{ms(med(saves['floor'])):>12}")
    row("first save after opening", saves["first_sealed"], saves["first_plain"])
    row("load: Journal(path[, passphrase])", unlocking["open_sealed"], unlocking["open_plain"])
    row("start-up to the contacts shown", started["sealed"], started["plain"])
    row("log form: save key to disk", started["sealed_disk"], started["plain_disk"])
    row("log form: save key to main screen", started["sealed_screen"], started["plain_screen"])
    print(f"{'resident memory after start-up':40}{started['sealed_resident'] / 1024:9.0f} MB"
          f"{started['plain_resident'] / 1024:9.0f} MB")

    print(f"\nthe steps of a save, medians of {args.repeat} more saves of each (timed inside them):")
    for step, why in SAVE_STEPS:
        print(f"  {step:38}{ms(saves['steps']['sealed'][step]):>12}{ms(saves['steps']['plain'][step]):>12}   {why}")
    print(f"  {'(orjson.dumps of the whole journal)':38}{ms(saves['dumps']):>12}{'':12}   a save that serialised "
          "everything anew")

    kdf_time = unlocking["derive"]
    print(f"\n{'key derivation alone':50}{ms(kdf_time)}")
    print(f"{'AES-GCM open of the whole file alone':50}{ms(unlocking['box_open'])}")
    print(f"{'unlocking: passphrase to the plain bytes':50}{ms(unlocking['unlock'])}   "
          f"(derivation, data key unwrapped, file opened; target <= 600 ms)")
    print(f"{'Journal(path, passphrase) beyond Journal(path)':50}"
          f"{ms(unlocking['open_sealed'] - unlocking['open_plain'])}   (the same, inside the whole load)")
    baseline = started["bare"] + started["loads"] + kdf_time
    print(f"\n{'bare Textual app start':50}{ms(started['bare'])}")
    print(f"{'orjson.loads of the plain file':50}{ms(started['loads'])}")
    print(f"{'netjournal start, encrypted, to data shown':50}{ms(started['sealed'])}   "
          f"({started['sealed'] / baseline:.2f}x bare + loads + one derivation; target <= 1.4x)")
    print(f"{'netjournal start, plain, to data shown':50}{ms(started['plain'])}   "
          f"({started['plain'] / (started['bare'] + started['loads']):.2f}x bare + loads; "
          f"encrypted: {started['sealed'] / (started['plain'] + kdf_time):.2f}x this + one derivation)")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
