"""Links between people in address books: vCard 4 RELATED (by name with VALUE=text, or a mailto: address) and
Apple's X-ABRELATEDNAMES with its labels become links; the vCard export writes them back as RELATED, and a round
trip keeps them. A related person who is not in the journal or the file is said in what the import leaves out."""

from __future__ import annotations

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Link
from netjournal.io.exporters import contacts_vcard
from netjournal.io.importers import apply_plan, plan_import, read_contacts
from netjournal.io.plan_words import plan_lines

from .conftest import TODAY
from .test_import_dates import crlf

VCARD4 = crlf(
    "BEGIN:VCARD", "VERSION:4.0", "FN:Bo Lind", "N:Lind;Bo;;;", "EMAIL:bo@example.org",
    "RELATED;TYPE=co-worker;VALUE=text:Ana Ruiz",
    "RELATED;TYPE=x-reports-to;VALUE=text:Kwame Mensah",
    "RELATED;TYPE=friend:mailto:cleo@example.org",  # a URI: matched by the address
    "RELATED:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",  # another card by its UID only: left out
    "RELATED;TYPE=spouse;VALUE=text:Nobody Known",
    "END:VCARD",
    "BEGIN:VCARD", "VERSION:4.0", "FN:Kwame Mensah", "N:Mensah;Kwame;;;", "END:VCARD",
)

APPLE = crlf(
    "BEGIN:VCARD", "VERSION:3.0", "N:Ruiz;Ana;;;", "FN:Ana Ruiz",
    "item1.X-ABRELATEDNAMES;type=pref:Kwame Mensah", "item1.X-ABLabel:_$!<Manager>!$_",
    "item2.X-ABRELATEDNAMES:Dev Patel", "item2.X-ABLabel:_$!<Assistant>!$_",
    "item3.X-ABRELATEDNAMES:Cleo", "item3.X-ABLabel:_$!<Sister>!$_",
    "END:VCARD",
)


def test_related_names_become_links(tmp_path, db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz"))
        cleo = journal.add_contact(Contact(name="Cleo Mensah", email="cleo@example.org"))
        source = tmp_path / "people.vcf"
        source.write_bytes(VCARD4)
        plan = plan_import(journal, read_contacts(source))
        assert [p.name for p in plan.added] == ["Bo Lind", "Kwame Mensah"]
        lines = plan_lines(plan)
        assert ("Links 3 pairs of people: Ana Ruiz works with Bo Lind, Bo Lind reports to Kwame Mensah and "
                "Bo Lind knows Cleo Mensah.") in lines
        assert "  card 1: Bo Lind is family of Nobody Known: nobody in the journal or the file" in lines
        apply_plan(journal, plan)
        bo, kwame = journal.resolve_name("Bo Lind"), journal.resolve_name("Kwame Mensah")
        assert {(link.kind, link.from_id, link.to_id) for link in journal.links()} == {
            ("works_with", min(ana.id, bo.id), max(ana.id, bo.id)), ("reports_to", bo.id, kwame.id),
            ("knows", min(bo.id, cleo.id), max(bo.id, cleo.id))}


def test_apple_labels_say_which_way_a_link_goes(tmp_path, db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        kwame = journal.add_contact(Contact(name="Kwame Mensah"))
        dev = journal.add_contact(Contact(name="Dev Patel"))
        journal.add_contact(Contact(name="Cleo Mensah"))
        journal.add_contact(Contact(name="Cleo Adams"))
        source = tmp_path / "apple.vcf"
        source.write_bytes(APPLE)
        plan = plan_import(journal, read_contacts(source))
        assert "  card 1: Ana Ruiz is family of Cleo: nobody in the journal or the file" in plan_lines(plan)
        apply_plan(journal, plan)
        ana = journal.resolve_name("Ana Ruiz")
        assert {(link.kind, link.from_id, link.to_id) for link in journal.links()} == {
            ("reports_to", ana.id, kwame.id),  # Kwame is her manager
            ("reports_to", dev.id, ana.id)}  # Dev is her assistant


def test_the_vcard_export_writes_links_and_a_round_trip_keeps_them(tmp_path, db_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz"))
        bo = journal.add_contact(Contact(name="Bo Lind"))
        kwame = journal.add_contact(Contact(name="Kwame Mensah"))
        journal.add_link(Link("reports_to", bo.id, kwame.id))
        journal.add_link(Link("influences", ana.id, kwame.id))
        journal.add_link(Link("family", ana.id, bo.id))
        exported = contacts_vcard(journal, version="4.0")
    assert "RELATED;TYPE=x-reports-to;VALUE=text:Kwame Mensah" in exported
    assert "RELATED;TYPE=x-manages;VALUE=text:Bo Lind" in exported
    assert "RELATED;TYPE=x-influenced-by;VALUE=text:Ana Ruiz" in exported
    assert exported.count("TYPE=kin") == 2  # on both cards
    copy = tmp_path / "copy.json"
    source = tmp_path / "out.vcf"
    source.write_text(exported, encoding="utf-8")
    with Journal(copy, today=lambda: TODAY) as other:
        apply_plan(other, plan_import(other, read_contacts(source)))
        names = {c.id: c.name for c in other.contacts()}
        assert sorted((link.kind, names[link.from_id], names[link.to_id]) if link.kind != "family" else
                      (link.kind, *sorted((names[link.from_id], names[link.to_id]))) for link in other.links()) == [
            ("family", "Ana Ruiz", "Bo Lind"), ("influences", "Ana Ruiz", "Kwame Mensah"),
            ("reports_to", "Bo Lind", "Kwame Mensah")]
        apply_plan(other, plan_import(other, read_contacts(source)))  # again: nothing twice
        assert len(other.links()) == 3
