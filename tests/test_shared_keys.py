"""A journal held in less memory (core/shared_keys.py) reads, changes and saves exactly as before."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from netjournal.core import storage
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.core.shared_keys import key_sharing_holder, refill
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.log_form import LogForm

from .conftest import TODAY, log


def shares_keys(document: dict) -> bool:
    """Refilled: smaller than the same items in a dict of its own (a copy of an unshared dict is as big)."""
    return sys.getsizeof(document) < sys.getsizeof(dict(document))


def own_key_table_size(document: dict) -> int:
    """What the same document takes as orjson makes it: a dict with a key table of its own."""
    return sys.getsizeof(orjson.loads(orjson.dumps(document)))


def conversation(number: int) -> dict:
    """A document with as many keys as a stored conversation has, where a shared key table pays."""
    return {"date": f"2026-11-{number:02d}", "channel": "coffee", "formal": False, "business": False,
            "initiated_by": "me", "topics": f"talk {number}", "disclosure": False, "thanked": False, "gave": "",
            "got": "", "learned": "", "response": "", "next_time": "", "kind": "conversation", "event": "",
            "id": str(number), "created_at": "2026-11-30T09:00:00+00:00", "with": ["a", "b"]}


def test_refilled_documents_are_equal_plain_dicts_in_their_own_key_order():
    other_order = dict(reversed(list(conversation(3).items())))
    fewer = {"date": "2026-11-04", "id": "4"}
    more = {**conversation(5), "extra": "a key the others lack"}
    table = {"1": conversation(1), "2": conversation(2), "3": other_order, "4": fewer, "5": more, "6": {},
             "7": ["not a document"],  # left alone: the shape check reports such things, not this
             "8": conversation(8)}
    before = orjson.dumps(table)
    copies = {key: list(doc.items()) if isinstance(doc, dict) else doc for key, doc in table.items()}
    refill(table, list(table), key_sharing_holder())
    assert orjson.dumps(table) == before  # the same bytes: a save cannot tell the difference
    assert {key: list(doc.items()) if isinstance(doc, dict) else doc for key, doc in table.items()} == copies
    assert all(type(doc) is dict for key, doc in table.items() if key != "7")
    assert sys.getsizeof(table["1"]) < own_key_table_size(table["1"]) / 2
    assert sys.getsizeof(table["8"]) < own_key_table_size(table["8"]) / 2
    # Another order or more keys (imported, merged or edited documents) never costs more than before, and a
    # small document, for which room for every shared key would cost more than its own table, is left as it was.
    for key in ("3", "4", "5", "6"):
        assert sys.getsizeof(table[key]) <= own_key_table_size(table[key])
    assert not shares_keys(table["4"]) and not shares_keys(table["6"])
    table["2"]["topics"] = "changed"
    table["2"]["new"] = 1
    del table["2"]["with"]
    assert list(table["2"].items())[-3:] == [("id", "2"), ("created_at", "2026-11-30T09:00:00+00:00"), ("new", 1)]
    assert table["2"]["topics"] == "changed" and table["1"]["topics"] == "talk 1"  # keys are shared, not values


def test_a_journal_held_in_less_memory_saves_the_same_bytes_and_stays_so_after_a_reload(db_path):
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz", notes="plays cello"))
    for day in range(1, 21):
        log(journal, [ana], f"2026-11-{day:02d}", topics=f"talk {day}")
    journal.close()
    journal = Journal(db_path)
    stored = journal._storage._data["interactions"]  # the storage's own documents, as held
    first_id = next(iter(stored))
    before = sys.getsizeof(stored[first_id])

    journal.hold_in_less_memory()
    assert sys.getsizeof(stored[first_id]) < before
    talk = journal.interactions()[-1]
    assert talk.topics == "talk 1" and [c.name for c in journal.contacts()] == ["Ana Ruiz"]

    talk.topics = "talk one, edited"
    journal.update_interaction(talk)
    log(journal, [ana], TODAY.isoformat(), topics="today")
    on_disk = orjson.loads(db_path.read_bytes())
    on_disk.pop("_save", None)
    held = dict(journal._storage._data)
    assert on_disk == orjson.loads(orjson.dumps(held))
    assert [t.topics for t in journal.interactions()][:1] == ["today"]
    assert "talk one, edited" in {t.topics for t in journal.interactions()}

    other = Journal(db_path)  # another running copy saves; this one reloads and holds the new data the same way
    log(other, [other.contact(ana.id)], TODAY.isoformat(), topics="from the other copy")
    other.close()
    assert journal.refresh()
    reloaded = journal._storage._data["interactions"]
    assert reloaded is not stored and len(reloaded) == 22
    assert all(sys.getsizeof(doc) < own_key_table_size(doc) for doc in reloaded.values())
    assert "from the other copy" in {t.topics for t in journal.interactions()}
    journal.close()


def compact(document: dict) -> bool:
    return shares_keys(document) and sys.getsizeof(document) < own_key_table_size(document)


def test_a_slice_at_a_time_with_saves_and_a_reload_in_between(db_path, monkeypatch):
    monkeypatch.setattr(storage, "REFILL_BATCH", 2)  # slices of 7 end within a batch: 8 refilled, then 16, ...
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    for day in range(1, 21):
        log(journal, [ana], f"2026-11-{day:02d}", topics=f"talk {day}")
    journal.close()
    journal = Journal(db_path)
    held = journal._storage._data["interactions"]
    assert not any(compact(doc) for doc in held.values())

    assert journal.hold_in_less_memory(at_most=7) is False
    assert 0 < sum(compact(doc) for doc in held.values()) < 20
    talk = journal.interactions()[0]  # the newest, not yet refilled: changed between two slices
    talk.topics = "changed between two slices"
    journal.update_interaction(talk)
    log(journal, [ana], TODAY.isoformat(), topics="logged between two slices")
    while not journal.hold_in_less_memory(at_most=7):
        pass
    topics = {t.topics for t in journal.interactions()}
    assert {"changed between two slices", "logged between two slices", "talk 1"} <= topics and len(topics) == 21
    assert sum(compact(doc) for doc in held.values()) >= 19  # the ones there at the start (one was replaced)

    other = Journal(db_path)
    log(other, [other.contact(ana.id)], TODAY.isoformat(), topics="from the other copy")
    other.close()
    assert journal.refresh()  # a reload after the app asked: refilled at once, whole
    assert all(compact(doc) for doc in journal._storage._data["interactions"].values())
    assert journal.hold_in_less_memory(at_most=7) is True
    on_disk = orjson.loads(db_path.read_bytes())
    on_disk.pop("_save", None)
    assert on_disk == orjson.loads(orjson.dumps(dict(journal._storage._data)))
    journal.close()


async def test_the_app_holds_the_journal_in_less_memory_once_it_is_on_screen_and_logs_as_before(db_path,
                                                                                                 monkeypatch):
    from netjournal.tui import app as app_module

    monkeypatch.setattr(app_module, "REFILL_SLICE", 3)  # a slice at a time, as for 250,000 conversations
    monkeypatch.setattr(storage, "REFILL_BATCH", 1)
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    for day in range(1, 11):
        log(journal, [ana], f"2026-11-{day:02d}", topics="budget")
    journal.close()
    journal = Journal(db_path)  # as the app opens it: the documents as orjson made them
    assert not any(shares_keys(doc) for doc in journal._storage._data["interactions"].values())
    app = NetJournalApp(journal)
    async with app.run_test(size=(140, 45)) as pilot:
        held = journal._storage._data["interactions"]
        for _ in range(100):
            if all(shares_keys(doc) for doc in held.values()):
                break
            await pilot.pause(0.02)
        assert all(shares_keys(doc) for doc in held.values())
        await pilot.press("l")  # Ana is selected: log a conversation with her
        assert isinstance(app.screen, LogForm)
        await pilot.press(*"cello concert", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogForm)
    talks = orjson.loads(db_path.read_bytes())["interactions"]
    assert sorted(t["topics"] for t in talks.values()) == ["budget"] * 10 + ["cello concert"]


def stored_document_classes() -> int:
    return sum(cls.__name__ == "StoredDocument" for cls in object.__subclasses__())


def test_reloads_reuse_each_table_s_class_so_nothing_piles_up(db_path):
    """The app reloads whenever another window, the command line or a sync tool saves, for as long as it is open."""
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    journal.hold_in_less_memory()
    before = stored_document_classes()
    for day in range(1, 21):
        with Journal(db_path) as other:
            log(other, [other.contact(ana.id)], f"2026-11-{day:02d}", topics=f"talk {day}")
        assert journal.refresh()
    assert stored_document_classes() - before <= len(journal._storage._data)  # one per table at most
    assert all(compact(doc) for doc in journal._storage._data["interactions"].values())
    journal.close()


def test_a_version_adopted_from_a_fork_is_held_the_same_way(db_path, tmp_path):
    """A copy edited elsewhere, further along than the open journal, put in its place (a sync tool): the open
    journal keeps what it had beside it and adopts the copy, held as everything it loads is."""
    import os
    import shutil

    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    log(journal, [ana], "2026-11-01", topics="one")
    journal.hold_in_less_memory()
    fork = tmp_path / "elsewhere.json"
    shutil.copy(db_path, fork)
    log(journal, [ana], "2026-11-02", topics="two")
    with Journal(fork) as elsewhere:
        for day, topics in ((3, "three"), (4, "four"), (5, "five")):
            log(elsewhere, [elsewhere.contact(ana.id)], f"2026-11-0{day}", topics=topics)
    os.replace(fork, db_path)
    assert journal.refresh()
    assert {t.topics for t in journal.interactions()} == {"one", "three", "four", "five"}
    assert journal.take_notices()  # "... what this window had is kept as ..."
    assert all(compact(doc) for doc in journal._storage._data["interactions"].values())
    journal.close()


def built_the_old_way(record: dict) -> Interaction:
    """Interaction.from_stored before records shared their keys: the object's dict a copy of a plain one."""
    from netjournal.core.model import _stored_layout

    defaults, _lists, _factories = _stored_layout(Interaction)
    talk = object.__new__(Interaction)
    talk.__dict__.update({**defaults, **record})
    talk.with_ = list(talk.__dict__.pop("with", []))
    return talk


def test_records_built_from_stored_documents_share_keys_in_a_new_process():
    """What the app keeps (half a year of conversations for the prompts), built as in a fresh app: in half the
    memory, whatever stamps the stored documents carry."""
    import subprocess

    probe = (
        "import sys\n"
        "from netjournal.core.model import Interaction\n"
        "from tests.test_shared_keys import conversation, built_the_old_way\n"
        "stamps = ({}, {'updated_at': 'u'}, {'device': 'd', 'updated_at': 'u', 'versions': {'d': 2}})\n"
        "docs = [{**conversation(n % 28 + 1), **stamps[n % 3]} for n in range(2000)]\n"
        "new = sum(sys.getsizeof(vars(Interaction.from_stored(doc))) for doc in docs)\n"
        "old = sum(sys.getsizeof(vars(built_the_old_way(doc))) for doc in docs)\n"
        "print(new / old)\n")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parent.parent).stdout
    assert float(shown) < 0.7


def test_a_record_whose_keys_do_not_fit_its_class_s_is_never_larger_than_before():
    odd = [{**conversation(n), **{f"extra_{n}_{k}": k for k in range(n % 12)}} for n in range(1, 40)]
    reordered = [dict(reversed(list(conversation(n).items()))) for n in range(1, 10)]
    for doc in odd + reordered + [conversation(3)]:
        talk = Interaction.from_stored(doc)
        assert sys.getsizeof(vars(talk)) <= sys.getsizeof(vars(built_the_old_way(doc)))
        assert talk == built_the_old_way(doc) and vars(talk) == vars(built_the_old_way(doc))
