"""A journal written by schema 4 (before organisations and links) opens as schema 5: each distinct `org` text
becomes one organisation, spellings that differ only in case, accents, punctuation or "Inc."/"Ltd" are one, and
every person keeps their `org` text exactly as typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from netjournal.core import migrations
from netjournal.core.journal import Journal
from netjournal.core.model import Contact

from .conftest import TODAY

DATA = Path(__file__).parent / "data"


def test_version_4_file_is_migrated(tmp_path):
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v4.json", path)
    original = path.read_bytes()
    stored = orjson.loads(original)
    assert stored["meta"]["1"]["schema_version"] == 4 and "organisations" not in stored and "links" not in stored
    assert all("org_id" not in c and "decision_maker" not in c for c in stored["contacts"].values())

    journal = Journal(path, today=lambda: TODAY)
    groups = {o.name: sorted(m.name for m in journal.members(o.id)) for o in journal.organisations()}
    assert groups == {
        "Northgate Inc.": ["Ana Ruiz", "Ben Okafor", "Cleo Mensah"],  # Inc., lower case, Ltd: one organisation
        "Société Générale": ["Dev Patel", "Eve Adams"],  # with and without accents, in capitals
        "Acme, Inc.": ["Iris Chen", "Jon Berg"],
        "Tidewater Health": ["Farid Haddad"],  # another organisation than Tidewater
        "Tidewater": ["Gina Rossi"],
        "Ltd": ["Kai Moreau"],  # a name that is only a legal form stays a name
    }
    people = {c.name: c for c in journal.contacts()}
    assert people["Hugo Lind"].org == "" and people["Hugo Lind"].org_id is None
    assert not any(c.decision_maker for c in people.values())
    assert path.read_bytes() == original  # loading alone writes nothing

    journal.add_contact(Contact(name="Zoe Park", org="NORTHGATE"))  # joins the organisation that is there
    saved = orjson.loads(path.read_bytes())
    assert saved["meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION  # through 5 to today's
    assert saved["links"] == {} and len(saved["organisations"]) == 6
    names = {o["id"]: o["name"] for o in saved["organisations"].values()}
    for number, before in stored["contacts"].items():  # every person as schema 4 wrote them, org text included
        after = saved["contacts"][number]
        assert {k: v for k, v in after.items() if k not in ("org_id", "decision_maker")} == before
        assert after["decision_maker"] is False
        assert (after["org_id"] is None) == (before["org"] == "")
    zoe = next(c for c in saved["contacts"].values() if c["name"] == "Zoe Park")
    assert names[zoe["org_id"]] == "Northgate Inc." and zoe["org"] == "NORTHGATE"
    assert (tmp_path / "journal.json.bak-20261125").read_bytes() == original  # the schema 4 file, kept


def test_the_upgrade_gives_the_same_ids_at_every_load(tmp_path):
    """Until the next save writes schema 5, every load upgrades in memory: the app and a command opening the same
    file must see the same organisations."""
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v4.json", path)
    seen = []
    for _ in range(2):
        with Journal(path, today=lambda: TODAY) as journal:
            seen.append({o.name: o.id for o in journal.organisations()}
                        | {c.name: c.org_id for c in journal.contacts()})
    assert seen[0] == seen[1] and len(set(o for o in seen[0].values() if o)) == 6
