"""Nothing lost: SIGKILL in the middle of saving, and several writers at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date

import orjson
import pytest

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction

SAVER = textwrap.dedent("""
    import sys
    from netjournal.core.journal import Journal
    from netjournal.core.model import Interaction
    journal = Journal(sys.argv[1])
    person = journal.resolve_name("Ana Ruiz").id
    start = int(sys.argv[2])
    for n in range(start, start + 100000):
        journal.log_interaction(Interaction(date="2026-11-20", with_=[person], topics=f"save {n}"))
        print(n, flush=True)  # printed only once the save has returned
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_saving_loses_nothing_that_returned(tmp_path):
    path = tmp_path / "journal.json"
    with Journal(path) as journal:
        journal.add_contact(Contact(name="Ana Ruiz", notes="padding " * 2000))  # a file that takes a while to write
    rng = random.Random(48)
    confirmed: set[int] = set()
    next_number = 0
    for _ in range(50):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(next_number)],
                                 stdout=subprocess.PIPE, text=True)
        wanted = rng.randint(1, 6)
        assert child.stdout is not None
        for _ in range(wanted):
            line = child.stdout.readline()
            if not line:
                break
            confirmed.add(int(line))
        time.sleep(rng.uniform(0, 0.02))  # land the kill at a random point of a later save
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        confirmed.update(int(line) for line in rest.split())
        next_number = max(confirmed, default=next_number) + 1000
        with Journal(path) as reopened:  # loads: not half-written, not damaged
            saved = {int(i.topics.split()[1]) for i in reopened.interactions()}
        assert confirmed <= saved
    assert len(confirmed) >= 50


READY_SAVER = SAVER.replace("start = int", "print('ready', flush=True)\nstart = int")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_in_the_first_save_of_each_day_leaves_good_backups(tmp_path):
    """Each writer lives on a new day, so its first save links the day's backup before replacing the file: killed
    anywhere in that, the journal and every backup still load, and nothing confirmed is lost."""
    from datetime import timedelta

    path = tmp_path / "journal.json"
    with Journal(path) as journal:
        journal.add_contact(Contact(name="Ana Ruiz", notes="padding " * 2000))
    rng = random.Random(26)
    first_save = _time_to_first_save(path, tmp_path / "calibration")
    seen: set[str] = set()
    confirmed: set[int] = set()
    next_number = 0
    for day in range(25):
        env = {**os.environ, "NETJOURNAL_TODAY": (date(2026, 11, 21) + timedelta(days=day)).isoformat()}
        child = subprocess.Popen([sys.executable, "-c", READY_SAVER, str(path), str(next_number)],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"  # loaded: its first save, with the backup, starts now
        time.sleep(rng.uniform(0, first_save * 1.2))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        confirmed.update(int(line) for line in rest.split())
        next_number = max(confirmed, default=next_number) + 1000
        with Journal(path) as reopened:
            saved = {int(i.topics.split()[1]) for i in reopened.interactions()}
        assert confirmed <= saved
        for backup in path.parent.glob("journal.json.bak-????????"):
            data = orjson.loads(backup.read_bytes())  # whole JSON: never half-written
            assert "meta" in data and [c["name"] for c in data.get("contacts", {}).values()] in ([], ["Ana Ruiz"])
            seen.add(backup.name)
    assert len(seen) >= 5  # the kills did not all land before the first save


def _time_to_first_save(path, folder) -> float:
    """How long a writer takes from "ready" to its first save returned, on a copy of the journal: on a busy machine
    it is longer, and the kills must still land inside that save, not all before it."""
    folder.mkdir()
    copy = folder / "journal.json"
    copy.write_bytes(path.read_bytes())
    child = subprocess.Popen([sys.executable, "-c", READY_SAVER, str(copy), "0"], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    started = time.monotonic()
    child.stdout.readline()
    taken = time.monotonic() - started
    child.kill()
    child.communicate()
    return max(taken, 0.03)


LOGGER = textwrap.dedent("""
    import sys
    from netjournal.cli import main
    db, tag = sys.argv[1], sys.argv[2]
    for n in range(50):
        code = main(["--db", db, "log", f"{tag} {n}", "--with", "ana", "--date", "2026-11-20"])
        if code:
            sys.exit(code)
""")


def test_two_cli_writers_and_an_open_journal_lose_nothing(tmp_path):
    path = tmp_path / "journal.json"
    journal = Journal(path, lock_timeout=30, today=lambda: date(2026, 11, 25))
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    writers = [subprocess.Popen([sys.executable, "-c", LOGGER, str(path), tag],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for tag in ("first", "second")]
    for n in range(50):  # the third writer keeps the journal open all along, as the TUI does
        journal.log_interaction(Interaction(date="2026-11-21", with_=[ana.id], topics=f"open {n}"))
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with Journal(path) as fresh:
        topics = {i.topics for i in fresh.interactions()}
    expected = {f"{tag} {n}" for tag in ("first", "second", "open") for n in range(50)}
    assert topics == expected
    journal.refresh()
    assert len(journal.interactions()) == 150  # the open journal sees the others' saves too
    assert not list(tmp_path.glob("*conflict*")) and not journal.take_notices()  # every save was a descendant


def test_threads_in_one_process_do_not_interleave_saves(tmp_path):
    path = tmp_path / "journal.json"
    journal = Journal(path, lock_timeout=30)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    other = Journal(path, lock_timeout=30)

    def write(j: Journal, tag: str) -> None:
        for n in range(20):
            j.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics=f"{tag} {n}"))

    threads = [threading.Thread(target=write, args=(j, tag)) for j, tag in ((journal, "a"), (other, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(Journal(path).interactions()) == 40
    assert not list(tmp_path.glob("*conflict*"))
    assert os.stat(path).st_mode & 0o777 == 0o600
