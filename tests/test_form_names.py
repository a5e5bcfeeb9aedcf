"""How the forms read a list typed as text: items split at commas, but never inside a known name or tag."""

from __future__ import annotations

import unicodedata

import pytest

from netjournal.core.model import Contact
from netjournal.tui.forms.lists import split_items
from netjournal.tui.forms.names import complete_last, complete_name, resolve_people


def test_split_items_splits_at_commas_and_drops_empty_items():
    assert split_items(" golf,choir , , sailing ,", lambda item: False) == ["golf", "choir", "sailing"]
    assert split_items("", lambda item: False) == []


def test_split_items_keeps_a_known_item_with_commas_whole():
    known = {"sailing, racing", "Kim, Lee", "Ana Ruiz, MBA"}.__contains__
    assert split_items("sailing, racing, golf", known) == ["sailing, racing", "golf"]
    assert split_items("golf, sailing, racing", known) == ["golf", "sailing, racing"]
    assert split_items("Ana Ruiz, MBA,Kim, Lee", known) == ["Ana Ruiz, MBA", "Kim, Lee"]
    assert split_items("Lee, Kim, Lee", known) == ["Lee", "Kim, Lee"]  # from the left
    assert split_items("sailing,racing", known) == ["sailing", "racing"]  # not the known item


def test_split_items_takes_the_longest_known_run():
    known = {"a, b", "a, b, c"}.__contains__
    assert split_items("a, b, c, d", known) == ["a, b, c", "d"]


@pytest.fixture
def commas(journal):
    people = {c.name: journal.add_contact(c) for c in (
        Contact(name="Kim, Lee", org="Harbour"), Contact(name="Lee", org="Tidewater"),
        Contact(name="Ana Ruiz, MBA", org="Harbour"), Contact(name="Ben Okafor, MBA", org="Tidewater"))}
    return people


def ids(people) -> list[str]:
    return [p.id for p in people]


def test_a_full_name_with_a_comma_is_one_person(journal, commas):
    assert ids(resolve_people(journal, "Kim, Lee", "with")) == [commas["Kim, Lee"].id]
    assert ids(resolve_people(journal, "kim,  lee, Lee", "with")) == [commas["Kim, Lee"].id, commas["Lee"].id]
    assert ids(resolve_people(journal, "Ana Ruiz, MBA, Ben Okafor, MBA", "with")) == [
        commas["Ana Ruiz, MBA"].id, commas["Ben Okafor, MBA"].id]
    assert ids(resolve_people(journal, "Kim, Lee (Harbour)", "with")) == [commas["Kim, Lee"].id]


def test_the_start_of_a_name_still_finds_the_person(journal, commas):
    assert ids(resolve_people(journal, "Ben, Ana Ruiz", "with")) == [
        commas["Ben Okafor, MBA"].id, commas["Ana Ruiz, MBA"].id]
    with pytest.raises(ValueError) as several:
        resolve_people(journal, "MBA", "with")
    # The candidates can be told apart, and typed as listed.
    assert str(several.value) == ("with: 'MBA' matches several contacts: Ana Ruiz, MBA (Harbour); "
                                  "Ben Okafor, MBA (Tidewater); give more of the name")
    assert ids(resolve_people(journal, "Ana Ruiz, MBA (Harbour)", "with")) == [commas["Ana Ruiz, MBA"].id]


def test_text_a_field_showed_for_a_person_means_that_person(journal):
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    twin = journal.add_contact(Contact(name="Ana Ruiz"))
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    with pytest.raises(ValueError, match="matches several contacts"):
        resolve_people(journal, "Ana Ruiz, Ben", "with")
    assert ids(resolve_people(journal, "Ana Ruiz, Ben", "with", {"Ana Ruiz": twin})) == [twin.id, ben.id]
    assert ana.id != twin.id


def test_completion_gives_a_name_that_reads_back_as_that_person(journal, commas):
    assert complete_name(journal, "Kim") == "Kim, Lee"
    assert complete_name(journal, "ben o") == "Ben Okafor, MBA"
    assert complete_name(journal, "ben o", keep_typed=True) == "ben okafor, MBA"
    assert complete_last(journal, "Ana Ruiz, MBA, Be") == ("Ana Ruiz, MBA, ", "Ben Okafor, MBA")
    assert complete_last(journal, "Ana Ruiz, MB") == ("", "Ana Ruiz, MBA")  # a name with a comma, being typed
    assert complete_last(journal, "Lee, Ki", keep_typed=True) == ("Lee, ", "Kim, Lee")
    assert complete_last(journal, "Lee, ") is None
    for text in ("Kim, Lee", "Ana Ruiz, MBA, Ben Okafor, MBA"):
        before, name = complete_last(journal, text)
        assert ids(resolve_people(journal, before + name, "with")) == ids(resolve_people(journal, text, "with"))


def test_a_full_name_is_complete_already_even_an_archived_ones(journal):
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour"))
    journal.add_contact(Contact(name="Ana Ruiz-Lopez", org="Tidewater"))
    journal.archive_contact(ana.id)
    assert complete_name(journal, "Ana Ruiz") == "Ana Ruiz"
    assert complete_name(journal, "ana ruiz", keep_typed=True) == "ana ruiz"
    assert complete_name(journal, "Ana Ruiz-") == "Ana Ruiz-Lopez"
    assert ids(resolve_people(journal, "Ana Ruiz", "with")) == [ana.id]


@pytest.fixture
def accented(journal):
    return {c.name: journal.add_contact(c) for c in (
        Contact(name="José Álvarez", org="Clínica Norte"), Contact(name="Jürgen Groß"),
        Contact(name=unicodedata.normalize("NFD", "Zoë Ng")))}


def test_completion_folds_accents_and_writes_the_stored_name(journal, accented):
    assert complete_name(journal, "jose") == "José Álvarez"
    assert complete_name(journal, "ALVA") == "José Álvarez"
    assert complete_name(journal, "jose alvarez") == "José Álvarez"  # typed in full: written as stored
    assert complete_name(journal, "gross") == "Jürgen Groß"
    assert complete_name(journal, "zoe") == unicodedata.normalize("NFD", "Zoë Ng")
    assert complete_last(journal, "Jürgen Groß, jos") == ("Jürgen Groß, ", "José Álvarez")
    assert ids(resolve_people(journal, "jose, jurgen gross", "with")) == [
        accented["José Álvarez"].id, accented["Jürgen Groß"].id]


def test_ghost_text_continues_the_letters_typed(journal, accented):
    assert complete_name(journal, "jose", keep_typed=True) == "jose Álvarez"
    assert complete_name(journal, "jurgen gro", keep_typed=True) == "jurgen groß"
    assert complete_name(journal, "juergen", keep_typed=True) is None
    assert complete_name(journal, "zo", keep_typed=True) == "zo" + unicodedata.normalize("NFD", "ë Ng")


def test_two_spellings_of_a_name_each_stay_reachable(journal, accented):
    plain = journal.add_contact(Contact(name="Jose Alvarez", org="Harbour"))
    assert complete_name(journal, "jose") is None  # two people
    assert complete_name(journal, "José Álvarez") == "José Álvarez"
    assert complete_name(journal, "jose alvarez") == "jose alvarez"
    assert ids(resolve_people(journal, "jose alvarez", "with")) == [plain.id]
    assert ids(resolve_people(journal, "José Álvarez", "with")) == [accented["José Álvarez"].id]
