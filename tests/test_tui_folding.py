"""Issue #14 in the TUI, pressing the real keys: names fold case and accents everywhere (bug 2), someone
archived is asked about when logging and `forget` takes the name in any case (bug 10), and escape from a person
found by search comes back to the results (friction)."""

from __future__ import annotations

import unicodedata

from textual.widgets import Input, Label, OptionList

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.confirm import ConfirmScreen, TypeToConfirmScreen
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.rating_pass import RatingPassScreen
from netjournal.tui.screens.search import SearchScreen

from .conftest import TODAY
from .test_tui_contacts import SIZE, disk, names_on_disk, table_names
from .test_tui_main import screen_text
from .test_tui_palette_themes import palette


def accented(path) -> Journal:
    journal = Journal(path)
    jose = journal.add_contact(Contact(name="José Álvarez", org="Clínica Norte", tags=["Café culture"]))
    journal.add_contact(Contact(name="Ana Ruiz", org="Harbour", notes="Met her through JOSE at the choir"))
    journal.add_contact(Contact(name="Jürgen Groß", org="Tidewater"))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[jose.id], topics="Coffee on the Straße"))
    return journal


def person_id(db_path, name: str) -> str:
    return next(c["id"] for c in disk(db_path)["contacts"] if c["name"] == name)


async def test_ctrl_f_jose_opens_jose_alvarez_and_escape_returns_to_the_results(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", *"jose", "enter")  # six keys: enter in the box opens the first hit
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "José Álvarez"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-text", Input).value == "jose"
        assert "2 found for “jose”" in screen_text(app)

        await pilot.press("down", "enter")  # the second hit: Ana, whose notes mention him
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "Ana Ruiz"
        await pilot.press("escape")
        await pilot.pause()
        hits = app.screen.query_one("#search-hits", OptionList)
        assert hits.has_focus
        assert "Met her through JOSE" in str(hits.get_option_at_index(hits.highlighted).prompt)
        await pilot.press("escape")  # and escape again closes the search
        assert isinstance(app.screen, MainScreen)


async def test_search_folds_the_words_of_conversations_and_shows_them_as_written(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", *"STRASSE")
        await pilot.pause()
        text = screen_text(app)
        assert "Conversations (1)" in text and "2026-11-20  José Álvarez" in text
        assert "Coffee on the Straße" in text


async def test_a_person_changed_from_the_search_is_shown_changed_back_in_the_results(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", *"jurgen", "enter", "x")  # archive Jürgen from his view
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and "Jürgen Groß" in screen_text(app)
        await pilot.press("enter", "F", *"JURGEN GROSS", "enter")  # forget him: the name, folded, confirms
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "Nothing mentions “jurgen”" in screen_text(app)
    assert "Jürgen Groß" not in names_on_disk(db_path)


async def test_slash_alvarez_filters_the_contacts_pane_to_jose(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"alvarez")
        await pilot.pause()
        assert table_names(app) == ["José Álvarez"]
        await pilot.press("ctrl+a", "ctrl+k", *"gross tide")  # folded, word by word
        assert table_names(app) == ["Jürgen Groß"]
        await pilot.press("ctrl+a", "ctrl+k", *"cafe")  # an interest tag
        assert table_names(app) == ["José Álvarez"]


async def test_log_with_jose_completes_to_the_stored_name(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"jose", "enter")  # away from Contacts: nobody pre-filled
        assert app.screen.query_one("#field-with", Input).value.startswith("José Álvarez")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [logged] = [i for i in disk(db_path)["interactions"] if i["date"] == TODAY.isoformat()]
    assert logged["with"] == [person_id(db_path, "José Álvarez")]


async def test_ghost_text_taken_with_right_writes_the_stored_name(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"jurgen g")
        await pilot.pause()
        field = app.screen.query_one("#field-with", Input)
        assert field._suggestion == "jurgen groß"  # the ghost text continues the letters typed
        assert "jurgen groß" in "".join(s.text for s in field.render_line(0))
        await pilot.press("right")  # taking it writes the name as stored
        assert field.value == "Jürgen Groß"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [logged] = [i for i in disk(db_path)["interactions"] if i["date"] == TODAY.isoformat()]
    assert logged["with"] == [person_id(db_path, "Jürgen Groß")]


async def test_log_with_alv_in_six_keys(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"j", "ctrl+s")  # `j` is José and Jürgen: not saved
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
        assert str(app.screen.query_one("#error-with", Label).render()) == (
            "'j' matches several contacts: José Álvarez (Clínica Norte), Jürgen Groß (Tidewater); "
            "give more of the name")
        await pilot.press("ctrl+a", "ctrl+k", *"alv", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [logged] = [i for i in disk(db_path)["interactions"] if i["date"] == TODAY.isoformat()]
    assert logged["with"] == [person_id(db_path, "José Álvarez")]


async def test_the_palette_finds_jose_without_the_accent(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "open jose alv")
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "José Álvarez"


async def test_adding_jose_again_without_accents_or_in_nfd_asks_first(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"jose alvarez", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "José Álvarez (Clínica Norte) is already in your journal" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, ContactForm)
        await pilot.press("ctrl+a", "ctrl+k", *unicodedata.normalize("NFD", "José Álvarez"), "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n", "escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert names_on_disk(db_path) == sorted(["José Álvarez", "Ana Ruiz", "Jürgen Groß"])


async def test_logging_with_someone_archived_asks_first(db_path):
    journal = accented(db_path)
    journal.archive_contact(journal.resolve_name("Jürgen Groß").id)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"jurgen", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Jürgen Groß is archived. Log this conversation anyway?" in screen_text(app)
        await pilot.press("n")  # go back: the form as it was, nothing saved
        assert isinstance(app.screen, LogForm) and app.screen.query_one("#field-with", Input).value == "jurgen"
        assert len(disk(db_path)["interactions"]) == 1
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    data = disk(db_path)
    jurgen = next(c for c in data["contacts"] if c["name"] == "Jürgen Groß")
    assert [i["with"] for i in data["interactions"] if i["date"] == TODAY.isoformat()] == [[jurgen["id"]]]
    assert jurgen["archived"] is True


async def test_forget_takes_the_name_in_any_case_and_without_accents(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter", "F")  # José, second in the table
        assert isinstance(app.screen, TypeToConfirmScreen)
        await pilot.press(*"jose", "enter")
        assert isinstance(app.screen, TypeToConfirmScreen)  # not the whole name: nothing happens
        assert "That is not José Álvarez" in str(app.screen.query_one("#typed-error", Label).render())
        await pilot.press("ctrl+a", "ctrl+k", *"jose ALVAREZ", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and "José Álvarez" not in table_names(app)
    assert "José Álvarez" not in names_on_disk(db_path)


async def test_a_rating_pass_by_tag_folds_the_tag(db_path):
    app = NetJournalApp(accented(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "T", *"cafe culture", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingPassScreen)
        assert str(app.screen.query_one("#pass-count", Label).render()) == "1 of 1"
        assert "José Álvarez" in str(app.screen.query_one("#pass-card").render())
        assert "Café culture" in screen_text(app)
