"""A save reuses the previous file's bytes for the documents it did not touch, and still writes exactly
`orjson.dumps` of the data: checked here directly, on top of the NETJOURNAL_CHECK_SAVES check every test runs with."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.core import file_layout
from netjournal.core.file_layout import RUN_SIZE
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.core.storage import SAVE_ID_KEY, open_database

from .conftest import TODAY
from .test_crash_and_concurrency import SAVER  # a writer that logs and prints each save once it returned


def expected_bytes(path) -> bytes:
    """What the file must be: its own data written by orjson, the save record first, in the file's order."""
    return orjson.dumps(orjson.loads(path.read_bytes()))


def copied_and_serialised(monkeypatch) -> dict[str, int]:
    """Count the bytes a save copies from the previous file and the bytes it writes from memory."""
    counts = {"copied": 0, "written": 0}
    copying = [False]
    real_copy, real_write = file_layout._copy_range, file_layout.write_all

    def copy(source, fd, offset, length, prefix):
        counts["copied"] += length
        copying[0] = True
        try:
            real_copy(source, fd, offset, length, prefix)
        finally:
            copying[0] = False

    def write(fd, payload):
        if not copying[0]:
            counts["written"] += len(payload)
        real_write(fd, payload)
    monkeypatch.setattr(file_layout, "_copy_range", copy)
    monkeypatch.setattr(file_layout, "write_all", write)
    return counts


def many_conversations(path, count: int) -> Journal:
    journal = Journal(path, today=lambda: TODAY)
    with journal.batch():
        ana = journal.add_contact(Contact(name="Ana Ruiz"))
        for n in range(count):
            journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics=f"talk {n}"))
    return journal


def test_a_save_copies_the_untouched_runs_and_serialises_only_the_touched_one(tmp_path, monkeypatch):
    path = tmp_path / "journal.json"
    journal = many_conversations(path, RUN_SIZE * 8)
    counts = copied_and_serialised(monkeypatch)
    ana = journal.resolve_name("Ana Ruiz")
    journal.log_interaction(Interaction(date="2026-11-21", with_=[ana.id], topics="one more"))
    size = path.stat().st_size
    assert path.read_bytes() == expected_bytes(path)
    assert counts["copied"] > size * 0.8  # the other conversations came from the previous file
    assert counts["written"] < size * 0.2
    assert "one more" in path.read_text()


def test_edits_and_removals_in_the_middle_of_a_table_are_written(tmp_path):
    path = tmp_path / "journal.json"
    journal = many_conversations(path, RUN_SIZE * 3 + 10)
    talks = journal.interactions()
    middle = next(t for t in talks if t.topics == f"talk {RUN_SIZE + 5}")
    middle.topics = "changed in the middle"
    journal.update_interaction(middle)
    journal.delete_interaction(next(t for t in talks if t.topics == "talk 3").id)
    journal.delete_interaction(next(t for t in talks if t.topics == f"talk {RUN_SIZE * 2}").id)
    raw = path.read_bytes()
    assert raw == expected_bytes(path)
    text = raw.decode()
    assert "changed in the middle" in text and '"talk 3"' not in text and f'"talk {RUN_SIZE * 2}"' not in text
    with Journal(path, today=lambda: TODAY) as reopened:
        assert len(reopened.interactions()) == RUN_SIZE * 3 + 8


def test_a_full_disk_while_copying_fails_the_save_and_changes_nothing(tmp_path, monkeypatch):
    import errno

    from netjournal.core.errors import JournalWriteFailed

    path = tmp_path / "journal.json"
    journal = many_conversations(path, RUN_SIZE * 2)
    before = path.read_bytes()

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(file_layout, "_copy_range", full)
    with pytest.raises(JournalWriteFailed, match="No space left"):
        journal.log_interaction(Interaction(date="2026-11-21", with_=[journal.resolve_name("Ana").id], topics="x"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.undo()
    journal.log_interaction(Interaction(date="2026-11-21", with_=[journal.resolve_name("Ana").id], topics="x"))
    assert path.read_bytes() == expected_bytes(path) and '"x"' in path.read_text()


def test_a_previous_file_changed_while_it_is_copied_is_not_mixed_in(tmp_path, monkeypatch):
    path = tmp_path / "journal.json"
    journal = many_conversations(path, RUN_SIZE * 2)
    real = file_layout._write_pieces

    def touched_meanwhile(fd, pieces, source):
        real(fd, pieces, source)
        if source is not None:  # another program writes into the file in place while it is read
            os.utime(path, ns=(1, 1))
    monkeypatch.setattr(file_layout, "_write_pieces", touched_meanwhile)
    counts = copied_and_serialised(monkeypatch)
    journal.log_interaction(Interaction(date="2026-11-21", with_=[journal.resolve_name("Ana").id], topics="x"))
    assert path.read_bytes() == expected_bytes(path)
    assert counts["written"] >= path.stat().st_size  # written whole, after the copy that could not be trusted


@pytest.mark.parametrize("edit", [b'"TALK 3"', b' talk 3"'], ids=["same size", "no longer JSON"])
def test_an_edit_in_place_with_its_time_put_back_is_never_mixed_in(tmp_path, monkeypatch, edit):
    """Another program writes into the journal in place, keeps its size and puts its modification time back
    (touch -r, or a drive that keeps times to the second): the change time still moved, so the next save writes
    what netjournal holds, whole, never a file half its own and half the other's (here: not even JSON)."""
    path = tmp_path / "journal.json"
    journal = many_conversations(path, RUN_SIZE * 2)
    before = path.stat()
    raw = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.seek(raw.index(b'"talk 3"'))
        handle.write(edit)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    counts = copied_and_serialised(monkeypatch)
    journal.log_interaction(Interaction(date="2026-11-21", with_=[journal.resolve_name("Ana").id], topics="x"))
    saved = path.read_bytes()
    assert saved == expected_bytes(path) and b"TALK 3" not in saved and b'"talk 3"' in saved
    assert counts["copied"] == 0


def test_the_days_backup_link_keeps_the_previous_file_reusable(tmp_path, monkeypatch):
    """The first save of a day gives the previous file a second name (which moves its change time): its runs are
    still copied, so that save costs no more than the others."""
    from datetime import timedelta

    path = tmp_path / "journal.json"
    day = [TODAY]
    journal = Journal(path, today=lambda: day[0])
    with journal.batch():
        ana = journal.add_contact(Contact(name="Ana Ruiz"))
        for n in range(RUN_SIZE * 3):
            journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics=f"talk {n}"))
    day[0] += timedelta(days=1)
    counts = copied_and_serialised(monkeypatch)
    journal.log_interaction(Interaction(date="2026-11-21", with_=[ana.id], topics="a new day"))
    assert path.with_name(f"journal.json.bak-{day[0]:%Y%m%d}").exists()
    assert counts["copied"] > path.stat().st_size * 0.8
    assert path.read_bytes() == expected_bytes(path)


def test_a_failed_save_forgets_the_doc_ids_it_had_worked_out(tmp_path, monkeypatch):
    """A change that removed the newest conversations and logged one, then failed to save: memory is read from the
    file again, and the next conversation gets a doc id that is free in it (it used to be refused)."""
    import errno

    from netjournal.core.errors import JournalWriteFailed

    path = tmp_path / "journal.json"
    many_conversations(path, 10).close()
    journal = Journal(path, today=lambda: TODAY)
    ana = journal.resolve_name("Ana Ruiz")
    newest = sorted(journal.interactions(), key=lambda t: int(t.topics.split()[1]))[-2:]

    def full(fd, payload):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(file_layout, "write_all", full)
    with pytest.raises(JournalWriteFailed):
        with journal.batch():
            for talk in newest:
                journal.delete_interaction(talk.id)
            journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="in the failed batch"))
    monkeypatch.undo()
    journal.log_interaction(Interaction(date="2026-11-21", with_=[ana.id], topics="next"))
    with Journal(path, today=lambda: TODAY) as reopened:
        topics = {t.topics for t in reopened.interactions()}
    assert {"talk 8", "talk 9", "next"} <= topics and "in the failed batch" not in topics


def test_a_journal_replaced_by_another_copy_is_laid_out_anew(tmp_path):
    path = tmp_path / "journal.json"
    journal = many_conversations(path, RUN_SIZE * 2)
    with Journal(path, today=lambda: TODAY) as other:  # a second window saves: the file is another one now
        other.add_contact(Contact(name="Bo Lind"))
    journal.log_interaction(Interaction(date="2026-11-21", with_=[journal.resolve_name("Ana").id], topics="x"))
    assert path.read_bytes() == expected_bytes(path)
    with Journal(path, today=lambda: TODAY) as reopened:
        assert {c.name for c in reopened.contacts()} == {"Ana Ruiz", "Bo Lind"}


# Operations on raw TinyDB tables, as the journal's areas make them: insert, update by id, remove by id,
# conditional update, truncate, drop table.
operation = st.one_of(
    st.tuples(st.just("insert"), st.sampled_from(["a", "b"]), st.integers(0, 3)),
    st.tuples(st.just("update"), st.sampled_from(["a", "b"]), st.integers(0, 10_000)),
    st.tuples(st.just("remove"), st.sampled_from(["a", "b"]), st.integers(0, 10_000)),
    st.tuples(st.just("update_where"), st.sampled_from(["a", "b"]), st.integers(0, 9)),
    st.tuples(st.just("truncate"), st.sampled_from(["a", "b"]), st.just(0)),
    st.tuples(st.just("drop"), st.sampled_from(["a", "b"]), st.just(0)),
)


def apply_change(db, rng: random.Random, kind: str, name: str, number: int) -> None:
    """One raw TinyDB change as the journal's areas make them."""
    from tinydb import Query

    table = db.table(name)
    ids = [doc.doc_id for doc in table.all()]
    if kind == "insert":
        table.insert_multiple({"n": rng.randint(0, 9), "new": True} for _ in range(number + 1))
    elif kind == "update" and ids:
        fields = {"text": f"edit {rng.random()}", f"k{number % 3}": number}
        table.update(fields, doc_ids=[ids[number % len(ids)]])
    elif kind == "remove" and ids:
        table.remove(doc_ids=[ids[number % len(ids)]])
    elif kind == "update_where":
        table.update({"hit": number}, Query().n == number)
    elif kind == "truncate":
        table.truncate()
    elif kind == "drop":
        db.drop_table(name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(operation, min_size=1, max_size=6), min_size=1, max_size=8), st.integers(0, 2**32))
def test_any_sequence_of_changes_is_saved_as_orjson_writes_it(tmp_path_factory, saves, seed):
    path = tmp_path_factory.mktemp("layout") / "journal.json"
    db = open_database(path)
    rng = random.Random(seed)
    storage = db.storage
    with storage.transaction():
        for name in ("a", "b"):
            db.table(name).insert_multiple({"n": n, "text": "x" * rng.randint(0, 30)} for n in range(RUN_SIZE + 50))
    for save in saves:
        with storage.transaction():
            for change in save:
                apply_change(db, rng, *change)
        raw = path.read_bytes()
        data = orjson.loads(raw)
        assert raw == orjson.dumps(data)
        memory = {name: {str(doc.doc_id): dict(doc) for doc in db.table(name).all()} for name in ("a", "b")}
        assert {name: data.get(name, {}) for name in ("a", "b")} == memory
        assert next(iter(data)) == SAVE_ID_KEY


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_runs_are_copied_loses_nothing(tmp_path):
    """The kill test on the save path that copies the previous file's runs: a journal of many runs, each writer
    killed during a later save (its first save after opening writes whole; the later ones copy)."""
    path = tmp_path / "journal.json"
    many_conversations(path, RUN_SIZE * 12).close()
    rng = random.Random(18)
    confirmed: set[int] = set()
    next_number = 0
    for _ in range(15):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(next_number)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for _ in range(rng.randint(2, 5)):
            line = child.stdout.readline()
            if not line:
                break
            confirmed.add(int(line))
        time.sleep(rng.uniform(0, 0.01))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        confirmed.update(int(line) for line in rest.split())
        next_number = max(confirmed, default=next_number) + 1000
        raw = path.read_bytes()
        assert raw == orjson.dumps(orjson.loads(raw))  # whole, and exactly as orjson writes it
        with Journal(path) as reopened:
            saved = {int(i.topics.split()[1]) for i in reopened.interactions() if i.topics.startswith("save")}
            assert len(reopened.interactions()) >= RUN_SIZE * 12
        assert confirmed <= saved
    assert len(confirmed) >= 30
