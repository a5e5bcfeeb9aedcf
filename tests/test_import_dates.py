"""Birthdays, anniversaries and other dates in address-book exports: read into `Contact.dates`, written back by the
vCard export, and kept through a round trip. The files are written the way Apple Contacts, Google and Outlook
write them: CRLF line ends, folded lines, Apple's grouped labels and omitted year."""

from __future__ import annotations

from pathlib import Path

import pytest

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, ImportantDate
from netjournal.io.exporters import contacts_vcard
from netjournal.io.importers import apply_plan, plan_import, read_contacts
from netjournal.io.plan_words import plan_lines

from .conftest import TODAY


def crlf(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


APPLE = crlf(
    "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 18.1//EN",
    "N:Ruiz;Ana;;;", "FN:Ana Ruiz", "ORG:Harbour Health;",
    "item1.EMAIL;type=INTERNET;type=pref:ana@example.org",
    "BDAY;VALUE=date:1985-04-12",
    "item2.X-ABDATE;type=pref:2010-06-20", "item2.X-ABLabel:_$!<Anniversary>!$_",
    "item3.X-ABDATE:2015-09-0", " 1",  # folded in the middle of the value
    "item3.X-ABLabel:Started at Acme",
    "item4.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-11-30", "item4.X-ABLabel:_$!<Other>!$_",
    "NOTE:Runs marathons", "END:VCARD",
    "BEGIN:VCARD", "VERSION:3.0", "N:Okafor;Ben;;;", "FN:Ben Okafor",
    "BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-02-29",  # a birthday without a year, on 29 February
    "END:VCARD",
)

GOOGLE_VCARD = crlf(
    "BEGIN:VCARD", "VERSION:3.0", "FN:Cleo Mensah", "N:Mensah;Cleo;;;",
    "EMAIL;TYPE=INTERNET:cleo@example.org", "BDAY:--0601",
    "item1.X-ABDATE:2012-08-04", "item1.X-ABLabel:_$!<Anniversary>!$_",
    "CATEGORIES:myContacts", "END:VCARD",
)

OUTLOOK = crlf(
    "BEGIN:VCARD", "VERSION:2.1", "N;LANGUAGE=en-gb:Patel;Dev", "FN:Dev Patel", "ORG:City Council",
    "EMAIL;PREF;INTERNET:dev@example.org", "BDAY:19790312", "X-MS-ANNIVERSARY:20050521",
    "REV:20261101T101010Z", "END:VCARD",
)

VCARD_40 = crlf(
    "BEGIN:VCARD", "VERSION:4.0", "FN:Eve Adams", "BDAY:--0412", "ANNIVERSARY:20100620T000000Z",
    "X-ANNIVERSARY:2010-06-20",  # the same anniversary twice: kept once
    "END:VCARD",
)


def read(tmp_path: Path, content: bytes, name: str = "contacts.vcf"):
    path = tmp_path / name
    path.write_bytes(content)
    return read_contacts(path)


def dates_of(person) -> list[tuple[str, str, str]]:
    return [(d.kind, d.date, d.label) for d in person.dates]


def test_apple_contacts_birthday_anniversary_labelled_dates_and_omitted_year(tmp_path):
    ana, ben = read(tmp_path, APPLE)
    assert dates_of(ana) == [("birthday", "1985-04-12", ""), ("anniversary", "2010-06-20", ""),
                             ("other", "2015-09-01", "Started at Acme"), ("other", "--11-30", "Other")]
    assert ana.notes == ["Runs marathons"]  # no "Birthday:" line any more
    assert dates_of(ben) == [("birthday", "--02-29", "")]


def test_google_and_outlook_vcards_and_vcard_4(tmp_path):
    (cleo,) = read(tmp_path, GOOGLE_VCARD)
    assert dates_of(cleo) == [("birthday", "--06-01", ""), ("anniversary", "2012-08-04", "")]
    (dev,) = read(tmp_path, OUTLOOK)
    assert dates_of(dev) == [("birthday", "1979-03-12", ""), ("anniversary", "2005-05-21", "")]
    (eve,) = read(tmp_path, VCARD_40)
    assert dates_of(eve) == [("birthday", "--04-12", ""), ("anniversary", "2010-06-20", "")]


@pytest.mark.parametrize(("line", "expected"), [
    ("BDAY:1985-04-12", "1985-04-12"), ("BDAY:19850412", "1985-04-12"), ("BDAY;VALUE=date:1985-04-12", "1985-04-12"),
    ("BDAY:--0412", "--04-12"), ("BDAY:--04-12", "--04-12"), ("BDAY:1985-04-12T08:30:00Z", "1985-04-12"),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12", "--04-12"),
])
def test_every_form_of_bday(tmp_path, line, expected):
    (person,) = read(tmp_path, crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Ana", line, "END:VCARD"))
    assert dates_of(person) == [("birthday", expected, "")]


def test_an_unreadable_date_goes_to_the_notes_and_the_rest_of_the_file_is_read(tmp_path):
    people = read(tmp_path, crlf(
        "BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "NOTE:Met at the 10k", "BDAY:12/04/1985",
        "item1.X-ABDATE:sometime in May", "item1.X-ABLabel:Graduation", "X-ANNIVERSARY:1985-02-30", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:Ben", "BDAY:1990-01-02", "BDAY:1991-01-02", "END:VCARD"))
    ana, ben = people
    assert ana.dates == []
    assert ana.notes == ["Met at the 10k", "Birthday: 12/04/1985", "Anniversary: 1985-02-30",
                         "Graduation: sometime in May"]
    assert dates_of(ben) == [("birthday", "1990-01-02", "")] and ben.notes == ["Birthday: 1991-01-02"]


GOOGLE_CSV = (
    "Name,Given Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Event 1 - Type,Event 1 - Value,Event 2 - Type,Event 2 - Value\r\n"
    "Cleo Mensah,Cleo,Mensah,1990-06-01,Sings,* myContacts,* Work,cleo@example.org,Anniversary,2015-05-09,"
    "Graduation,2008-07-15\r\n"
    "Ben Okafor,Ben,Okafor, --04-12,,* myContacts,,,Other,2020-03-01,,\r\n"
    "Dev Patel,Dev,Patel,12/04/1985,,* myContacts,,,,,,\r\n"
)


def test_google_csv_birthday_and_event_columns(tmp_path):
    cleo, ben, dev = read(tmp_path, GOOGLE_CSV.encode(), "contacts.csv")
    assert dates_of(cleo) == [("birthday", "1990-06-01", ""), ("anniversary", "2015-05-09", ""),
                              ("other", "2008-07-15", "Graduation")]
    assert cleo.notes == ["Sings"]
    assert dates_of(ben) == [("birthday", "--04-12", ""), ("other", "2020-03-01", "Other")]
    assert dev.dates == [] and dev.notes == ["Birthday: 12/04/1985"]  # April or December: left for a person


def test_a_new_person_keeps_the_dates_and_the_json_file_has_them(tmp_path, journal, db_path):
    apply_plan(journal, plan_import(journal, read(tmp_path, APPLE)))
    import orjson

    saved = orjson.loads(db_path.read_bytes())
    ana = next(c for c in saved["contacts"].values() if c["name"] == "Ana Ruiz")
    assert ana["dates"][0] == {"kind": "birthday", "date": "1985-04-12", "label": ""}
    assert ana["notes"] == "Runs marathons"


def test_a_reimport_adds_dates_of_a_kind_they_lack_and_never_overwrites_one(tmp_path, journal):
    journal.add_contact(Contact(name="Ana Ruiz", email="ana@example.org",
                                dates=[ImportantDate("birthday", "1985-04-13")]))  # the person corrected it
    plan = plan_import(journal, read(tmp_path, APPLE))
    (after, filled), = plan.merged
    assert filled == ["dates", "notes", "org"]
    assert dates_of(after) == [("birthday", "1985-04-13", ""), ("anniversary", "2010-06-20", ""),
                               ("other", "2015-09-01", "Started at Acme"), ("other", "--11-30", "Other")]
    words = "\n".join(plan_lines(plan))
    assert ("fills in the organisation Harbour Health, the free information “Runs marathons”, the anniversary "
            "20 Jun 2010, the Started at Acme 1 Sep 2015 and the Other 30 Nov") in words
    apply_plan(journal, plan)
    again = plan_import(journal, read(tmp_path, APPLE))
    assert again.merged == [] and "Ana Ruiz" in again.unchanged  # nothing new the second time


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_export_then_import_into_a_fresh_journal_keeps_every_date(tmp_path, journal, version):
    kept = [ImportantDate("birthday", "--02-29"), ImportantDate("anniversary", "2010-06-20", "wedding"),
            ImportantDate("anniversary", "--07-07"), ImportantDate("other", "2015-09-01", "Started at Acme"),
            ImportantDate("other", "--11-30", "")]
    journal.add_contact(Contact(name="Ana Ruiz", email="ana@example.org", dates=kept))
    journal.add_contact(Contact(name="Ben Okafor", dates=[ImportantDate("birthday", "1979-03-12")]))
    text = contacts_vcard(journal, version)
    if version == "3.0":
        assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29" in text and "X-ANNIVERSARY" in text
    else:
        assert "BDAY:--0229" in text and "\nANNIVERSARY:--0707" in text.replace("\r\n", "\n")
    assert "X-ABDATE:2015-09-01" in text and "X-ABLABEL:Started at Acme" in text
    path = tmp_path / "out.vcf"
    path.write_text(text, encoding="utf-8")
    fresh = Journal(tmp_path / "fresh.json", today=lambda: TODAY)
    apply_plan(fresh, plan_import(fresh, read_contacts(path)))
    by_name = {c.name: c for c in fresh.contacts()}
    assert by_name["Ana Ruiz"].dates == kept and by_name["Ana Ruiz"].notes == ""
    assert dates_of(by_name["Ben Okafor"]) == [("birthday", "1979-03-12", "")]
