"""Schema 7: what a merge of two copies of the journal will go by. Every record written says which device wrote
it and when; a deletion leaves a tombstone that holds nothing of the record; the device's name is kept on the
machine, never in the journal; a schema 6 file opens unchanged."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from netjournal.common import device
from netjournal.core import migrations, schema
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Rating, tombstone_key

from .conftest import TODAY, log, run_cli

DATA = Path(__file__).parent / "data"


def stored(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def only(table: dict) -> dict:
    (doc,) = table.values()
    return doc


def test_every_record_written_says_which_device_and_when(journal, db_path, monkeypatch):
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    log(journal, [ana], "2026-11-20", topics="the marathon")
    journal.rate(Rating(contact_id=ana.id, date="2026-11-21", score=3))
    data = stored(db_path)
    for table in ("contacts", "interactions", "ratings"):
        doc = only(data[table])
        assert doc["device"] == "this-device", table
        assert abs(datetime.fromisoformat(doc["updated_at"]) - datetime.now(timezone.utc)) < timedelta(minutes=5)

    monkeypatch.setenv("NETJOURNAL_DEVICE", "desktop")  # the same journal, changed on another device
    conversation = journal.interactions()[0]
    conversation.topics = "the marathon, and her knee"
    journal.update_interaction(conversation)
    data = stored(db_path)
    assert only(data["interactions"])["device"] == "desktop"
    assert only(data["contacts"])["device"] == "this-device"  # untouched records keep theirs
    assert schema.problems(data) == []


def test_a_record_counts_each_device_s_writes_and_which_write_set_each_field(journal, db_path, monkeypatch):
    """`versions`: how many writes of the record each device made or saw; `fields`: which write last set each
    field changed since the record was made, and when. A merge tells from them what each side had seen."""
    def ana_stored() -> dict:
        return only(stored(db_path)["contacts"])

    monkeypatch.setenv("NETJOURNAL_DEVICE", "laptop")
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    assert ana_stored()["versions"] == {"laptop": 1} and "fields" not in ana_stored()
    journal.archive_contact(ana.id)
    at = ana_stored()["updated_at"]
    assert ana_stored()["versions"] == {"laptop": 2} and ana_stored()["fields"] == {"archived": f"laptop:2@{at}"}
    monkeypatch.setenv("NETJOURNAL_DEVICE", "desktop")
    edited = journal.contact(ana.id)
    edited.notes = "runs marathons"
    journal.update_contact(edited)
    later = ana_stored()["updated_at"]
    assert ana_stored()["versions"] == {"laptop": 2, "desktop": 1}
    assert ana_stored()["fields"] == {"archived": f"laptop:2@{at}", "notes": f"desktop:1@{later}"}
    assert later > at and len(later) == len("2026-11-25T09:12:03.042+00:00")
    assert schema.problems(stored(db_path)) == []


def test_a_record_made_again_after_its_deletion_counts_on_from_it(journal, db_path):
    """Undo of a deletion puts the record back with its id: it must count every write the tombstone saw, or a
    merge with a copy holding that tombstone would delete it again."""
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    logged = log(journal, [ana], "2026-11-20")
    journal.update_interaction(logged)
    journal.delete_interaction(logged.id)
    journal.log_interaction(logged)  # the same conversation, the same id
    # Two writes, the deletion counted as the third, the conversation made again the fourth.
    assert only(stored(db_path)["interactions"])["versions"] == {"this-device": 4}


def test_an_edit_moves_updated_at_even_where_the_model_has_its_own(journal, db_path):
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    made = only(stored(db_path)["contacts"])
    made["updated_at"] = "2020-01-01T00:00:00+00:00"  # as an old record would say
    db_path.write_bytes(orjson.dumps(stored(db_path) | {"contacts": {"1": made}}))
    journal.refresh()
    journal.archive_contact(ana.id)
    assert only(stored(db_path)["contacts"])["updated_at"] > "2026"


def test_a_deletion_leaves_a_tombstone_with_nothing_of_the_record(journal, db_path):
    ana = journal.add_contact(Contact(name="Ana Ruiz", notes="two kids; runs marathons"))
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    alone = log(journal, [ana], "2026-11-20", topics="her knee surgery")
    shared = log(journal, [ana, ben], "2026-11-21")
    rating = journal.rate(Rating(contact_id=ana.id, date="2026-11-21", score=2))
    journal.forget_contact(ana.id)

    data = stored(db_path)
    stones = list(data["tombstones"].values())
    assert sorted((s["table"], s["record"]) for s in stones) == sorted([
        ("contacts", tombstone_key("contacts", ana.id)),
        ("interactions", tombstone_key("interactions", alone.id)),
        ("ratings", tombstone_key("ratings", rating.id))])
    assert all(set(s) == {"table", "record", "deleted_at", "device", "versions"} and s["device"] == "this-device"
               and s["versions"] == {"this-device": 2} for s in stones)  # each written once here, then deleted
    text = db_path.read_text()
    for gone in (ana.id, alone.id, "Ana Ruiz", "marathons", "knee"):
        assert gone not in text
    # The conversation with Ben stays, without Ana, and says it was changed here.
    kept = only(data["interactions"])
    assert kept["id"] == shared.id and kept["with"] == [ben.id] and kept["device"] == "this-device"


def test_deleting_one_conversation_leaves_one_tombstone(journal, db_path):
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    first = log(journal, [ana], "2026-11-20")
    log(journal, [ana], "2026-11-21")
    journal.delete_interaction(first.id)
    stone = only(stored(db_path)["tombstones"])
    assert stone["table"] == "interactions" and stone["record"] == tombstone_key("interactions", first.id)
    assert stone["deleted_at"][:4] >= "2026"


def test_a_schema_6_file_opens_unchanged_and_is_stamped_as_it_is_changed(tmp_path):
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v6.json", path)
    original = path.read_bytes()
    before = orjson.loads(original)
    assert before["meta"]["1"]["schema_version"] == 6 and "tombstones" not in before
    assert not any(key in doc for table in before.values() for doc in table.values() for key in ("device",))
    # Unstamped records are what most of a large journal holds: they must pass the fast check.
    for table in ("contacts", "interactions", "organisations", "month_goals", "shares", "ratings"):
        assert schema.SHAPES[table].all_fast(list(before[table].values())), table

    with Journal(path, today=lambda: TODAY) as journal:
        assert path.read_bytes() == original  # opening alone writes nothing
        assert {c.name for c in journal.contacts()} == {"Ana Ruiz", "Ben Okafor", "Cleo Park"}
        assert len(journal.interactions()) == 2
        ben = next(c for c in journal.contacts() if c.name == "Ben Okafor")
        journal.add_contact(Contact(name="Dana Lee"))
        journal.forget_contact(ben.id)
    after = stored(path)
    assert after["meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION == 7
    dana = next(doc for doc in after["contacts"].values() if doc["name"] == "Dana Lee")
    assert dana["device"] == "this-device"
    ana = next(doc for number, doc in before["contacts"].items() if doc["name"] == "Ana Ruiz")
    assert next(doc for doc in after["contacts"].values() if doc["id"] == ana["id"]) == ana  # untouched: as it was
    assert {s["table"] for s in after["tombstones"].values()} == {"contacts"}


def test_stamps_are_checked_when_a_file_is_loaded(journal, db_path):
    log(journal, [journal.add_contact(Contact(name="Ana Ruiz"))], "2026-11-20")
    data = stored(db_path)
    only(data["contacts"])["device"] = "\x1b[2J a terminal escape"
    only(data["interactions"])["updated_at"] = "yesterday"
    problems = [str(p) for p in schema.problems(data)]
    assert any("device: expected a device name" in p for p in problems)
    assert any("updated_at: expected a time" in p for p in problems)
    assert all("\x1b" not in p for p in problems)
    contacts = schema.SHAPES["contacts"]
    assert not contacts.all_fast(list(data["contacts"].values()))
    stone = {"table": "contacts", "record": "Ana Ruiz", "deleted_at": "2026-11-25T10:00:00+00:00", "device": "x"}
    assert [p.field for p in schema.problems({"tombstones": {"1": stone}})] == ["record"]


def test_the_export_says_who_wrote_each_record_and_when(journal):
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    log(journal, [ana], "2026-11-20")
    exported = journal.export()
    for table in ("contacts", "interactions"):
        (record,) = exported[table]
        assert record.keys() >= {"updated_at", "device"} and "base" not in record  # nobody else wrote it
        assert record["device"] == "this-device"


# --- the device's name ------------------------------------------------------------------------------------------


@pytest.fixture
def machine_device(monkeypatch, tmp_path):
    monkeypatch.delenv("NETJOURNAL_DEVICE")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(device, "_known", {})
    return tmp_path / "state" / "netjournal" / "device"


def test_the_device_name_is_made_once_and_kept_private_on_the_machine(machine_device, db_path):
    name = device.this_device()
    assert device.DEVICE_NAME.match(name) and len(name) == 8
    assert machine_device.read_text().strip() == name
    assert stat.S_IMODE(machine_device.stat().st_mode) == 0o600
    device._known.clear()
    assert device.this_device() == name  # read again, not made again
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz"))
    assert only(stored(db_path)["contacts"])["device"] == name
    assert not list(machine_device.parent.glob("*.tmp"))


def test_two_netjournals_starting_at_once_agree_on_one_name(machine_device):
    names: list[str] = []

    def start() -> None:
        names.append(device._read_or_make(machine_device))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(names)) == 1 and machine_device.read_text().strip() == names[0]


def test_a_state_folder_that_cannot_be_written_does_not_stop_a_save(machine_device, db_path):
    machine_device.parent.parent.mkdir(parents=True)
    machine_device.parent.write_text("a file where the folder should be")
    first = device.this_device()
    device._known.clear()
    assert device.this_device() == first  # the same name every time on this machine
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz"))
    assert only(stored(db_path)["contacts"])["device"] == first


def test_a_device_name_given_in_the_environment_must_be_a_name(db_path):
    done = run_cli("--db", str(db_path), "add", "Ana Ruiz", env={"NETJOURNAL_DEVICE": "my laptop!"})
    assert done.returncode != 0
    assert "NETJOURNAL_DEVICE" in done.stderr and "Traceback" not in done.stderr
    assert not db_path.exists() or "Ana Ruiz" not in db_path.read_text()
    done = run_cli("--db", str(db_path), "add", "Ana Ruiz", env={"NETJOURNAL_DEVICE": "Work-Laptop"})
    assert done.returncode == 0, done.stderr
    assert only(stored(db_path)["contacts"])["device"] == "work-laptop"
    assert os.environ["NETJOURNAL_DEVICE"] == "this-device"
