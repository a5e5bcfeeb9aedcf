"""Themes cycle and are remembered; the command palette opens people and runs actions."""

from __future__ import annotations

from netjournal.journal import Journal
from netjournal.model import Contact
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.rating_pass import RatingPassScreen

from .test_tui_contacts import SIZE


async def test_t_cycles_themes_and_the_choice_is_remembered(db_path, private_settings):
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        first = app.theme
        assert first == "netjournal-dusk" and len(app.own_themes) >= 4
        await pilot.press("t")
        chosen = app.theme
        assert chosen != first and chosen in app.own_themes
    assert (private_settings / "ui-state.json").stat().st_mode & 0o077 == 0
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE):
        assert app.theme == chosen


async def test_user_themes_load_and_a_broken_one_is_named_and_skipped(db_path, private_settings):
    folder = private_settings / "themes"
    folder.mkdir()
    (folder / "bad.yaml").write_text("name: bad\nprimary: not-a-colour\n")
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#336699'\ndark: true\n")
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert any("bad.yaml: primary: 'not-a-colour' is not a colour" in n.message for n in app._notifications)
        assert app.theme == "netjournal-dusk" and "mine" in app.own_themes and "bad" not in app.own_themes


async def test_palette_opens_a_person_and_logs_with_them(db_path):
    journal = Journal(db_path)
    journal.add_contact(Contact(name="Ana Ruiz", org="Harbour"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"open ana")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "Ana Ruiz"
        await pilot.press("escape", "ctrl+p", *"log with ana")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
        await pilot.press("escape", "ctrl+p", *"rating pass")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingPassScreen)
