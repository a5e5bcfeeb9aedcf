"""A journal written by schema 3 (before dates, follow-ups and meetings) opens as schema 4: a birthday that an
earlier import put into the notes moves into `dates` when it can be read one way only; every other line stays."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from netjournal.core import migrations
from netjournal.core.journal import Journal
from netjournal.core.model import Contact

from .conftest import TODAY

DATA = Path(__file__).parent / "data"


def test_version_3_file_is_migrated(tmp_path):
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v3.json", path)
    original = path.read_bytes()
    stored = orjson.loads(original)
    assert stored["meta"]["1"]["schema_version"] == 3 and "follow_ups" not in stored and "meetings" not in stored
    assert all("dates" not in c for c in stored["contacts"].values())
    assert all("event" not in i for i in stored["interactions"].values())

    journal = Journal(path, today=lambda: TODAY)
    people = {c.name: c for c in journal.contacts()}
    assert [(d.kind, d.date) for d in people["Ana Ruiz"].dates] == [("birthday", "1985-04-12")]
    assert people["Ana Ruiz"].notes == "Runs marathons\n  - a 10k in May\n\nTwo kids, one at school"
    assert [(d.kind, d.date) for d in people["Ben Okafor"].dates] == [("birthday", "--04-12")]  # no year
    assert people["Ben Okafor"].notes == "Prefers mornings"
    assert people["Cleo Mensah"].dates == []  # 12/04/1985: April or December, for a person to say
    assert people["Cleo Mensah"].notes == "Sings in a choir\nBirthday: 12/04/1985"
    assert people["Dev Patel"].dates == []  # two birthdays: neither is chosen for them
    assert people["Dev Patel"].notes == ("Met at PyCon\nBirthday: 1979-03-12\nBirthday: 1979-12-03\n"
                                         "Other emails: dev@example.com")
    assert journal.interactions()[0].event == ""
    assert journal.follow_ups(include_done=True) == [] and journal.meetings() == []
    assert path.read_bytes() == original  # loading alone writes nothing

    journal.add_contact(Contact(name="Eve Adams"))
    saved = orjson.loads(path.read_bytes())
    assert saved["meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION  # through 4 to the newest
    contacts = {c["name"]: c for c in saved["contacts"].values()}
    assert contacts["Ana Ruiz"]["dates"] == [{"kind": "birthday", "date": "1985-04-12", "label": ""}]
    assert contacts["Ana Ruiz"]["notes"] == "Runs marathons\n  - a 10k in May\n\nTwo kids, one at school"
    assert contacts["Ben Okafor"]["dates"] == [{"kind": "birthday", "date": "--04-12", "label": ""}]
    assert contacts["Cleo Mensah"]["dates"] == [] and contacts["Dev Patel"]["dates"] == []
    assert contacts["Cleo Mensah"]["notes"] == stored["contacts"]["3"]["notes"]
    assert contacts["Dev Patel"]["notes"] == stored["contacts"]["4"]["notes"]
    assert all(i["event"] == "" for i in saved["interactions"].values())
    assert saved["follow_ups"] == {} and saved["meetings"] == {}
    assert (tmp_path / "journal.json.bak-20261125").read_bytes() == original  # the schema 3 file, kept
    # Everything else about each person is as schema 3 wrote it.
    for number, before in stored["contacts"].items():
        after = saved["contacts"][number]
        assert {k: v for k, v in after.items() if k not in ("dates", "notes", "org_id", "decision_maker")} == \
            {k: v for k, v in before.items() if k != "notes"}
