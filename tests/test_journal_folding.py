"""Issue #14 bug 2 in the Journal: names and searches fold case, accents, ß/ss, ø/o and NFC/NFD."""

from __future__ import annotations

import json
import unicodedata

import pytest

from netjournal.core.journal import NameAmbiguous, NameNotFound, display_name
from netjournal.core.model import Contact, Interaction, Reflection

NFD = unicodedata.normalize("NFD", "José Álvarez")


@pytest.fixture
def jose(journal):
    return journal.add_contact(Contact(name="José Álvarez", org="Clínica Norte",
                                       notes="Sings in a choir in Łódź"))


@pytest.mark.parametrize("typed", ["jose", "JOSE", "alvarez", "Álvarez", "jose alvarez", "jose a", NFD,
                                   unicodedata.normalize("NFD", "josé")])
def test_a_name_is_found_without_its_accents(journal, jose, typed):
    assert journal.resolve_name(typed).id == jose.id
    assert [c.id for c in journal.find_contacts(typed)] == [jose.id]


def test_name_and_org_as_forms_list_them_fold_too(journal, jose):
    journal.add_contact(Contact(name="José Álvarez", org="Harbour"))
    assert journal.resolve_name("jose alvarez (clinica norte)").id == jose.id


def test_letters_that_carry_their_mark_fold_too(journal):
    gross = journal.add_contact(Contact(name="Jürgen Groß"))
    oyvind = journal.add_contact(Contact(name="Øyvind Lie"))
    assert journal.resolve_name("gross").id == gross.id
    assert journal.resolve_name("jurgen").id == gross.id
    assert journal.resolve_name("oyvind").id == oyvind.id


def test_a_name_typed_with_its_accents_picks_the_person_spelt_so(journal, jose):
    plain = journal.add_contact(Contact(name="Jose Alvarez", org="Harbour"))
    assert journal.resolve_name("José Álvarez").id == jose.id
    assert journal.resolve_name(NFD).id == jose.id  # the same spelling, decomposed
    assert journal.resolve_name("jose alvarez").id == plain.id
    with pytest.raises(NameAmbiguous) as both:
        journal.resolve_name("jose")
    assert both.value.candidates == ["Jose Alvarez (Harbour)", "José Álvarez (Clínica Norte)"]


def test_an_unknown_name_suggests_the_accented_one(journal, jose):
    with pytest.raises(NameNotFound) as unknown:
        journal.resolve_name("jose alvares")
    assert unknown.value.candidates == ["José Álvarez"]


def test_namesakes_fold_nfc_and_nfd_and_accents(journal, jose, db_path):
    twin = journal.add_contact(Contact(name=NFD, org="Harbour"))
    stored = {c["name"] for c in json.loads(db_path.read_text())["contacts"].values()}
    assert stored == {"José Álvarez", NFD}  # two spellings on disk, as given
    assert {c.id for c in journal.namesakes("jose alvarez")} == {jose.id, twin.id}
    assert [c.id for c in journal.namesakes("José Álvarez", but=jose.id)] == [twin.id]
    assert journal.namesakes("José") == []
    # The two spell the same name: a form tells them apart by their organisations.
    everyone = journal.contacts()
    assert display_name(jose, everyone) == "José Álvarez (Clínica Norte)"


def test_search_folds_and_shows_the_stored_words(journal, jose):
    journal.log_interaction(Interaction(date="2026-11-20", with_=[jose.id], topics="Coffee near the Straße café"))
    journal.save_reflection(Reflection(week="2026-W48", notes="Asked ÁLVAREZ about the choir"))
    hits = journal.search("alvarez")
    assert [(h.kind, h.title) for h in hits] == [("contact", "José Álvarez"), ("reflection", "2026-W48")]
    assert hits[0].snippet == "José Álvarez"
    assert hits[1].snippet == "Asked ÁLVAREZ about the choir"
    [conversation] = journal.search("STRASSE CAFE")
    assert conversation.kind == "interaction" and conversation.snippet == "Coffee near the Straße café"
    assert [h.title for h in journal.search("lodz")] == ["José Álvarez"]
    assert journal.search(unicodedata.normalize("NFD", "álvarez"))[0].title == "José Álvarez"


def test_tags_and_words_fold_when_matching_value_and_rating_passes():
    from datetime import date

    from netjournal.core.model import Rating, Share
    from netjournal.insights.facts import rating_queue
    from netjournal.insights.value import suggest_recipients

    people = [Contact(name="Zoë", id="zoe", tags=["Café culture"], notes="Reads about Müller's essays"),
              Contact(name="Ana", id="ana", tags=["golf"])]
    found = suggest_recipients(Share(title="Muller on coffee", tags=["cafe culture"]), people, [], date(2026, 11, 25))
    assert [(s.contact_id, s.why) for s in found] == [("zoe", "interests: Café culture; notes mention 'muller'")]
    assert rating_queue(people, [Rating(contact_id="ana", date="2026-01-01", score=2)], date(2026, 11, 25),
                        tag="CAFE CULTURE") == ["zoe"]


def test_an_import_meets_the_same_person_spelt_in_nfd(journal, jose, tmp_path):
    from netjournal.io.importers import apply_plan, plan_import, read_contacts

    card = tmp_path / "jose.vcf"
    card.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:{NFD}\nORG:Clínica Norte\nEMAIL:jose@example.org\n"
                    "CATEGORIES:CHOIR\nEND:VCARD\n", encoding="utf-8")
    plan = plan_import(journal, read_contacts(card))
    assert plan.added == [] and [c.id for c, _ in plan.merged] == [jose.id]
    apply_plan(journal, plan)
    [saved] = journal.contacts()
    assert (saved.name, saved.email) == ("José Álvarez", "jose@example.org")  # the name kept as it was
