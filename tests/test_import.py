"""Importers on hand-made files that imitate real exports, re-imports, and random or truncated input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.io.importers import ImportFileError, apply_plan, plan_import, read_contacts
from netjournal.io.plan_words import and_list, plan_headline, plan_lines
from netjournal.core.journal import Journal
from netjournal.core.model import Contact

from .conftest import run_cli

FILES = Path(__file__).parent / "data" / "imports"


def imported(journal: Journal, name: str) -> Contact:
    return next(c for c in journal.contacts() if c.name == name)


def test_vcard_from_a_phone(journal):
    people = read_contacts(FILES / "phone-export.vcf")
    assert [p.name for p in people] == ["Ana Ruíz", "王芳", "Ben Okafor"]  # several cards, non-ASCII names
    apply_plan(journal, plan_import(journal, people))
    ana = imported(journal, "Ana Ruíz")
    assert ana.org == "Harbour Health, Data, Analytics"  # escaped comma, org units
    assert ana.email == "ana@example.org" and ana.phone == "+44 1632 960 101"  # grouped item1.EMAIL
    assert ana.tags == ["running", "family"] and ana.title == "Head of Analytics"
    assert "has two kids. Her daughter started school this year and she volunteers" in ana.notes  # folded line
    assert [(d.kind, d.date) for d in ana.dates] == [("birthday", "1985-04-12")]  # a date, not a note
    assert "Birthday" not in ana.notes and "Other emails: ana.home@example.org" in ana.notes
    assert "/9j/" not in ana.notes  # the photo is ignored


def test_linkedin_connections_with_notes_before_the_header(journal):
    plan = plan_import(journal, read_contacts(FILES / "Connections.csv"))
    assert [c.name for c in plan.added] == ["Priya Raman", "Marcus Oyelaran"]
    assert plan.skipped == [("line 7", "no name")]
    apply_plan(journal, plan)
    marcus = imported(journal, "Marcus Oyelaran")
    assert (marcus.org, marcus.email) == ("Tidewater Health Information Agency, Data Office", "marcus@example.org")
    assert marcus.how_met == "LinkedIn, connected 01 Feb 2023" and imported(journal, "Priya Raman").email == ""


def test_google_and_plain_csv(journal):
    apply_plan(journal, plan_import(journal, read_contacts(FILES / "google.csv")))
    cleo = imported(journal, "Cleo Mensah")
    assert (cleo.org, cleo.title, cleo.email, cleo.phone) == ("City Council", "Policy Lead", "cleo@example.org",
                                                              "+44 7700 900123")
    assert cleo.tags == ["Choir"] and cleo.birthday.date == "1990-06-01" and "Birthday" not in cleo.notes
    apply_plan(journal, plan_import(journal, read_contacts(FILES / "people.csv")))
    dev = imported(journal, "Dev Patel")
    assert dev.tags == ["cricket", "cooking"] and dev.notes == "Two kids, one at university"
    assert imported(journal, "Eve Adams").org == ""


def test_reimport_adds_nobody_twice_and_never_overwrites_a_note(journal):
    apply_plan(journal, plan_import(journal, read_contacts(FILES / "people.csv")))
    dev = imported(journal, "Dev Patel")
    dev.notes = "My own note: prefers mornings"
    dev.phone = ""
    journal.update_contact(dev)
    again = plan_import(journal, read_contacts(FILES / "people.csv"))
    assert again.added == [] and sorted(again.unchanged) == ["Dev Patel", "Eve Adams"]
    apply_plan(journal, again)
    assert len(journal.contacts()) == 2
    assert imported(journal, "Dev Patel").notes == "My own note: prefers mornings"


def test_a_match_by_email_fills_only_empty_fields(journal):
    journal.add_contact(Contact(name="Marcus O.", email="marcus@example.org", notes="Golf on Saturdays"))
    plan = plan_import(journal, read_contacts(FILES / "Connections.csv"))
    assert [c.name for c, _ in plan.merged] == ["Marcus O."]
    assert plan.merged[0][1] == ["how_met", "org", "title"]
    apply_plan(journal, plan)
    marcus = imported(journal, "Marcus O.")
    assert marcus.notes == "Golf on Saturdays" and marcus.title == "Chief Data Officer"


def test_a_save_between_planning_and_applying_an_import_is_kept(journal, db_path):
    journal.add_contact(Contact(name="Marcus O.", email="marcus@example.org", notes="Golf on Saturdays"))
    plan = plan_import(journal, read_contacts(FILES / "Connections.csv"))  # fills org, title, how_met
    with Journal(db_path) as other:  # meanwhile, another window edits him
        marcus = next(c for c in other.contacts() if c.name == "Marcus O.")
        marcus.title, marcus.phone, marcus.tags = "Head of Data", "+44 20 7946 0000", ["chess"]
        other.update_contact(marcus)
    apply_plan(journal, plan)
    marcus = Journal(db_path).contacts()[0]
    assert (marcus.title, marcus.phone, marcus.tags) == ("Head of Data", "+44 20 7946 0000", ["chess"])
    assert marcus.org and marcus.how_met and marcus.notes == "Golf on Saturdays"


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "photo.vcf", "not a text file"),
    (b"hello there\nno cards here\n", "contacts.vcf", "no BEGIN:VCARD"),
    (b"BEGIN:VCARD\nVERSION:3.0\nFN:Ana\n", "cut.vcf", "not a readable vCard"),
    (b"colour,size\nred,big\n", "things.csv", "no header row with a name column"),
])
def test_a_file_that_is_not_what_it_claims(tmp_path, db_path, content, name, message):
    Journal(db_path).add_contact(Contact(name="Ana"))
    before = db_path.read_bytes()
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("--db", str(db_path), "import", str(path))
    assert result.returncode == 1 and message in result.stderr and result.stderr.count("\n") == 1
    assert str(path) in result.stderr
    assert db_path.read_bytes() == before


def test_import_command_summary_and_dry_run(tmp_path, db_path):
    source = tmp_path / "Connections.csv"
    shutil.copy(FILES / "Connections.csv", source)
    Journal(db_path).add_contact(Contact(name="Marcus O.", email="marcus@example.org"))
    before = db_path.read_bytes()
    dry = run_cli("--db", str(db_path), "import", str(source), "--dry-run")
    # The same words the TUI shows before it asks (test_tui_import_export.py), then what the dry run did not do.
    assert dry.returncode == 0 and dry.stdout.splitlines() == plan_lines(
        plan_import(Journal(db_path), read_contacts(source))) + ["Nothing was written (--dry-run)."]
    assert dry.stdout.splitlines()[:2] == ["Adds 1 person: Priya Raman.",
                                           "Adds what is new to 1 person already in the journal:"]
    assert db_path.read_bytes() == before
    done = run_cli("--db", str(db_path), "import", str(source))
    assert done.stdout.splitlines() == [
        "Added 1 person: Priya Raman.",
        "Added what was new to 1 person already in the journal:",
        "  Marcus O. (line 6: Marcus Oyelaran, the same email): filled in the organisation Tidewater Health "
        "Information Agency, Data Office; the title Chief Data Officer; how you met (LinkedIn, connected 01 Feb "
        "2023); the free information “LinkedIn: https://www.linkedin.com/in/moyelaran”",
        "Left out what it could not use:",
        "  line 7: no name",
    ]
    again = run_cli("--db", str(db_path), "import", str(source))
    assert again.stdout.splitlines()[:2] == [
        "Added nobody and changed nobody.",
        "Left 2 people as they were, with nothing new in the file: Priya Raman and Marcus O."]  # one full stop


PLAN_CSV = """name,org,title,email,phone,tags,notes
Ana Ruiz,Harbour Health,,ana@example.org,,running;golf,
A. Ruiz,,Head of Data,ana@example.org,,,
Ben Okafor,City Council,,ben@example.org,,,
Cleo Park,,,,,,
Dev Patel,Acme,,dev@example.org,,,
,Acme,,nobody@example.org,,,
"""


def planned(journal: Journal, tmp_path: Path, text: str = PLAN_CSV):
    source = tmp_path / "people.csv"
    source.write_text(text)
    return plan_import(journal, read_contacts(source))


def test_the_plan_in_words_says_who_is_added_and_what_each_merge_fills(journal, tmp_path):
    journal.add_contact(Contact(name="Ana Ruiz", email="ana@example.org", tags=["running"]))
    journal.add_contact(Contact(name="Dev Patel", org="Acme", email="dev@example.org"))
    plan = planned(journal, tmp_path)
    assert plan_lines(plan) == [
        "Adds 2 people: Ben Okafor and Cleo Park.",
        "Adds what is new to 1 person already in the journal:",
        # Who in the file went into whom, and why; what changes, in the form's words: no field names.
        "  Ana Ruiz (line 2; line 3: A. Ruiz, the same email): adds the interest golf; fills in the organisation "
        "Harbour Health and the title Head of Data",
        "Leaves 1 person as they are, with nothing new in the file: Dev Patel.",
        "Leaves out what it cannot use:",
        "  line 7: no name",
    ]
    assert plan_headline(plan) == "adds 2 people and what is new to 1 person already in the journal"
    assert plan_lines(plan, done=True)[:3] == [
        "Added 2 people: Ben Okafor and Cleo Park.",
        "Added what was new to 1 person already in the journal:",
        "  Ana Ruiz (line 2; line 3: A. Ruiz, the same email): added the interest golf; filled in the organisation "
        "Harbour Health and the title Head of Data",
    ]


def test_the_plan_in_words_when_there_is_nothing_to_do_and_when_there_is_a_lot(journal, tmp_path):
    assert plan_lines(planned(journal, tmp_path, "name,notes\n,no name here\n")) == [
        "Adds nobody and changes nobody.", "Leaves out what it cannot use:", "  line 2: no name"]
    many = planned(journal, tmp_path, "name\n" + "".join(f"Person {n:02d}\n" for n in range(30)))
    assert plan_lines(many, done=True, limit=3) == ["Added 30 people: Person 00, Person 01, Person 02 and 27 more."]
    assert plan_lines(many)[0].endswith("Person 28 and Person 29.")  # before confirming: every name


def test_the_plan_in_words_keeps_names_with_commas_apart_and_quotes_a_note_by_its_start(journal, tmp_path):
    journal.add_contact(Contact(name="Kim, Lee", email="kim@example.org"))
    plan = planned(journal, tmp_path, 'name,email,org,tags,notes\n"Kim, Lee",kim@example.org,"Acme, Ltd",a;b;c,'
                                      '"Met at the conference in Leeds where she gave the keynote on data sharing\n'
                                      'and more"\n"Ana, MBA",,,,\nBen,,,,\n')
    assert plan_lines(plan) == [
        "Adds 2 people: Ana, MBA; Ben.",
        "Adds what is new to 1 person already in the journal:",
        "  Kim, Lee (line 2): adds the interests a, b and c; fills in the organisation Acme, Ltd; the free "
        "information “Met at the conference in Leeds where she gave the…”",
    ]
    assert and_list(["Ana, MBA", "Ben", "Cleo"]) == "Ana, MBA; Ben; Cleo"
    assert and_list(["Ana", "Ben", "Cleo"]) == "Ana, Ben and Cleo"


def check_never_crashes_or_half_writes(tmp_path_factory, name: str, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    journal = Journal(folder / "journal.json")
    journal.add_contact(Contact(name="Existing Person", email="existing@example.org"))
    before = (folder / "journal.json").read_bytes()
    path = folder / name
    path.write_bytes(data)
    try:
        plan = plan_import(journal, read_contacts(path))
    except ImportFileError:
        assert (folder / "journal.json").read_bytes() == before  # one clear error, nothing written
        return
    apply_plan(journal, plan)
    assert len(Journal(folder / "journal.json").contacts()) == 1 + len(plan.added)  # all of the plan, or none


GOOD = {name: (FILES / name).read_bytes() for name in ("phone-export.vcf", "Connections.csv", "google.csv",
                                                        "people.csv")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(GOOD)), cut=st.floats(0, 1))
def test_truncated_exports(tmp_path_factory, name, cut):
    data = GOOD[name]
    check_never_crashes_or_half_writes(tmp_path_factory, name, data[: int(len(data) * cut)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["x.vcf", "x.csv"]), data=st.one_of(
    st.binary(max_size=400),
    st.text(alphabet=st.sampled_from("BEGIN:VCARD\nEND:FN;N,ORG\\=\"' é王\r:.;-1"), max_size=400).map(str.encode)))
def test_random_input(tmp_path_factory, name, data):
    check_never_crashes_or_half_writes(tmp_path_factory, name, data)


def test_vcard_round_trip_into_an_empty_journal(tmp_path, db_path):
    source = Journal(db_path)
    apply_plan(source, plan_import(source, read_contacts(FILES / "phone-export.vcf")))
    apply_plan(source, plan_import(source, read_contacts(FILES / "google.csv")))
    exported = tmp_path / "everyone.vcf"
    result = run_cli("--db", str(db_path), "export", "--format", "vcard", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    fresh = Journal(tmp_path / "fresh.json")
    apply_plan(fresh, plan_import(fresh, read_contacts(exported)))

    def people(journal):
        return sorted((c.name, c.org, c.title, c.email, c.phone, tuple(c.tags), c.notes) for c in journal.contacts())

    assert people(fresh) == people(source)


def test_csv_export_writes_contacts_and_conversations(tmp_path, db_path):
    from netjournal.core.model import Interaction

    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana, the runner", tags=["golf", "choir"]))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="her race, and the kids"))
    target = tmp_path / "journal.csv"
    result = run_cli("--db", str(db_path), "export", "--format", "csv", "-o", str(target))
    assert result.returncode == 0, result.stderr
    import csv

    contacts = list(csv.DictReader(target.open()))
    talks = list(csv.DictReader((tmp_path / "journal-interactions.csv").open()))
    assert contacts[0]["name"] == "Ana, the runner" and contacts[0]["tags"] == "golf; choir"
    assert talks[0]["with"] == "Ana, the runner" and talks[0]["topics"] == "her race, and the kids"
    assert (tmp_path / "journal-interactions.csv").stat().st_mode & 0o077 == 0


def test_the_plan_in_words_on_the_command_line_keeps_each_name_on_its_line(journal, tmp_path):
    plan = planned(journal, tmp_path, 'name,notes\n"Eve\nnetjournal: your journal is damaged\x1b[2J",\n')
    assert plan.summary(dry_run=True).splitlines() == [
        "Adds 1 person: Eve\\x0anetjournal: your journal is damaged\\x1b[2J.", "Nothing was written (--dry-run)."]


@pytest.mark.parametrize(("first", "last"), [("First Name", "Last Name"), ("Given Name", "Family Name"),
                                             ("first_name", "last_name")])
def test_a_csv_with_first_and_last_name_columns(tmp_path, db_path, first, last):
    """A spreadsheet that keeps the name in two columns, without LinkedIn's URL column, is a plain list."""
    path = tmp_path / "people.csv"
    path.write_text(f"{first},{last},Email,Company\nAna,Ruiz,ana@harbour.example,Harbour Health\n"
                    f"Ben,,ben@example.org,\n,Okafor-Lee,,\n", encoding="utf-8")
    result = run_cli("--db", str(db_path), "import", str(path))
    assert result.returncode == 0, result.stderr
    people = {c.name: c for c in Journal(db_path).contacts()}
    assert sorted(people) == ["Ana Ruiz", "Ben", "Okafor-Lee"]
    assert (people["Ana Ruiz"].email, people["Ana Ruiz"].org) == ("ana@harbour.example", "Harbour Health")
    assert people["Ben"].email == "ben@example.org"
