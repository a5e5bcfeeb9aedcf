"""What a person does by accident or over a long day: odd names, twins, archived people, midnight."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import DataTable, Input

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, WeekGoal, week_key
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.confirm import TypeToConfirmScreen
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen

from .test_tui_contacts import SIZE, disk, table_names
from .test_tui_main import screen_text

ODD = "Jo [/] [b]Bloggs[/b] \\"


async def test_names_that_look_like_markup_are_shown_as_typed(db_path):
    journal = Journal(db_path)
    jo = journal.add_contact(Contact(name=ODD, org="[Acme]", notes="Coach at [Harbour] FC", roles=["ally"]))
    journal.set_week_goal(WeekGoal(week=week_key(journal.today()), contact_id=jo.id, intent="[ask] about FC"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert ODD in table_names(app)[0] and "[ask] about FC" in text and f"  {ODD}" in text
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert ODD in text and "Org: [Acme]" in text and "Coach at [Harbour] FC" in text
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm) and f"Edit {ODD}" in screen_text(app)
        await pilot.press("escape", "x")
        await pilot.pause()
        assert any(ODD in n.message for n in app._notifications)
        await pilot.press("x", "F")
        assert isinstance(app.screen, TypeToConfirmScreen)
        app.screen.query_one(Input).value = ODD
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert disk(db_path)["contacts"] == []


async def test_two_people_with_the_same_name_can_both_be_logged(db_path):
    journal = Journal(db_path)
    harbour = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour"))
    journal.add_contact(Contact(name="Ana Ruiz", org="Tidewater"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # the first Ana Ruiz is selected
        assert app.screen.query_one("#field-with", Input).value == "Ana Ruiz (Harbour), "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("2", "l", *"ana ruiz (t", "enter")
        assert app.screen.query_one("#field-with", Input).value == "Ana Ruiz (Tidewater)"
        await pilot.press("ctrl+s")
        await pilot.pause()
    talks = disk(db_path)["interactions"]
    assert len(talks) == 2 and {t["with"][0] for t in talks} == {harbour.id, next(
        c["id"] for c in disk(db_path)["contacts"] if c["org"] == "Tidewater")}


async def test_a_conversation_with_someone_since_archived_can_be_corrected(db_path):
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    journal.log_interaction(Interaction(date=journal.today(), with_=[ana.id, ben.id], topics="lunch"))
    journal.archive_contact(ben.id)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")  # Ana, then the conversation
        assert isinstance(app.screen, LogForm)
        app.screen.query_one("#field-topics", Input).value = "lunch at the harbour"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    assert disk(db_path)["interactions"][0]["topics"] == "lunch at the harbour"


async def test_archive_keeps_the_cursor_in_place_and_undo_brings_them_back_selected(db_path):
    journal = Journal(db_path)
    for name in ("Ana", "Ben", "Cleo", "Dev"):
        journal.add_contact(Contact(name=name))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "x")  # Cleo
        await pilot.pause()
        table = app.screen.query_one("#contacts-table", DataTable)
        assert table_names(app) == ["Ana", "Ben", "Dev"] and table.cursor_row == 2  # now on Dev, not Ana
        await pilot.press("u")
        await pilot.pause()
        await pilot.pause()
        assert table_names(app)[table.cursor_row] == "Cleo"


async def test_keys_reach_the_screen_on_an_empty_journal(db_path):
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Ana", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert table_names(app) == ["Ana"]


async def test_after_midnight_today_and_this_week_move_on(db_path):
    day = [date(2026, 11, 29)]  # a Sunday
    journal = Journal(db_path, today=lambda: day[0])
    ana = journal.add_contact(Contact(name="Ana", cadence_days=7))
    journal.log_interaction(Interaction(date=day[0], with_=[ana.id]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "2026-W48" in screen_text(app)
        day[0] = date(2026, 11, 30)
        await pilot.pause(1.5)
        table = app.screen.query_one("#contacts-table", DataTable)
        assert str(table.get_row_at(0)[2]) == "yesterday" and str(table.get_row_at(0)[4]) == "in 6d"
        assert "2026-W49" in screen_text(app) and "this week" in screen_text(app)


async def test_forgotten_in_another_window_while_a_form_is_open(db_path):
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "e", *"x")
        Journal(db_path).forget_contact(ana.id)
        await pilot.pause(1.5)
        assert isinstance(app.screen, ContactForm)  # what is being typed is not thrown away
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("forgotten in another window" in n.message for n in app._notifications)
