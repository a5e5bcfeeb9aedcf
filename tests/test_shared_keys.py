"""A journal held in less memory (core/shared_keys.py) reads, changes and saves exactly as before."""

from __future__ import annotations

import sys

import orjson

from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.core.shared_keys import share_keys
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.log_form import LogForm

from .conftest import TODAY, log


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
    share_keys(table)
    assert orjson.dumps(table) == before  # the same bytes: a save cannot tell the difference
    assert {key: list(doc.items()) if isinstance(doc, dict) else doc for key, doc in table.items()} == copies
    assert all(type(doc) is dict for key, doc in table.items() if key != "7")
    assert sys.getsizeof(table["1"]) < own_key_table_size(table["1"]) / 2
    assert sys.getsizeof(table["8"]) < own_key_table_size(table["8"]) / 2
    # Another order or more keys (imported, merged or edited documents) never costs more than before.
    assert sys.getsizeof(table["3"]) <= own_key_table_size(table["3"])
    assert sys.getsizeof(table["5"]) <= own_key_table_size(table["5"])
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


async def test_the_app_holds_the_journal_in_less_memory_once_it_is_on_screen_and_logs_as_before(db_path):
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    log(journal, [ana], "2026-11-20", topics="budget")
    app = NetJournalApp(journal)
    async with app.run_test(size=(140, 45)) as pilot:
        for _ in range(100):
            held = journal._storage._data["interactions"]
            if all(sys.getsizeof(doc) < own_key_table_size(doc) for doc in held.values()):
                break
            await pilot.pause(0.02)
        assert all(sys.getsizeof(doc) < own_key_table_size(doc) for doc in held.values())
        await pilot.press("l")  # Ana is selected: log a conversation with her
        assert isinstance(app.screen, LogForm)
        await pilot.press(*"cello concert", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogForm)
    talks = orjson.loads(db_path.read_bytes())["interactions"]
    assert sorted(t["topics"] for t in talks.values()) == ["budget", "cello concert"]
