"""Themes cycle and are remembered; the command palette opens people and runs actions."""

from __future__ import annotations

import json
from pathlib import Path

from textual.command import CommandList, CommandPalette

from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.rating_pass import RatingPassScreen

from .test_tui_contacts import SIZE

THEMES = Path(__file__).parent.parent / "themes"


async def palette(pilot, text: str) -> None:
    """Open the command palette, type, wait for the matches, and run the first one."""
    await pilot.press("ctrl+p", *text)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


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


async def test_the_palettes_theme_picker_offers_only_netjournals_themes(db_path, private_settings):
    folder = private_settings / "themes"
    folder.mkdir()
    (folder / "mine.yaml").write_text((THEMES / "netjournal-paper.yaml").read_text().replace("netjournal-paper", "mine"))
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "theme")  # Textual's "Theme" command: its picker lists every available theme
        assert isinstance(app.screen, CommandPalette)
        await pilot.pause(0.5)
        listed = app.screen.query_one(CommandList)
        offered = sorted(str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count))
        assert offered == sorted(app.own_themes) and "mine" in offered
        assert not any(name.startswith("textual") for name in offered)
        await pilot.press(*"textual-light")
        await pilot.pause(0.5)
        assert listed.option_count == 0
        await pilot.press("escape")
    assert not any(name.startswith("textual") for name in app.available_themes)


async def test_a_theme_chosen_in_the_palette_is_remembered(db_path, private_settings):
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "netjournal-dusk"
        await palette(pilot, "theme")
        await pilot.press(*"meadow")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "netjournal-meadow"
    assert json.loads((private_settings / "ui-state.json").read_text())["theme"] == "netjournal-meadow"
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE):
        assert app.theme == "netjournal-meadow"


async def test_a_theme_given_with_theme_is_used_but_not_remembered(db_path, private_settings):
    app = NetJournalApp(Journal(db_path), theme_name="netjournal-paper")
    async with app.run_test(size=SIZE):
        assert app.theme == "netjournal-paper"
    assert not (private_settings / "ui-state.json").exists()
    app = NetJournalApp(Journal(db_path), theme_name="textual-light")  # Textual's own: not offered
    async with app.run_test(size=SIZE):
        assert app.theme == "netjournal-dusk"


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
        await palette(pilot, "open ana")
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "Ana Ruiz"
        await pilot.press("escape")
        await palette(pilot, "log with ana")
        assert isinstance(app.screen, LogForm)
        await pilot.press("escape")
        await palette(pilot, "rating pass")
        assert isinstance(app.screen, RatingPassScreen)


async def test_keymap_from_config_rebinds_a_key(db_path):
    from netjournal.settings.config import Config

    app = NetJournalApp(Journal(db_path), config=Config(keymap={"log-interaction": "ctrl+l", "no-such-id": "x"}))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LogForm)
        assert any("no binding with id no-such-id" in n.message for n in app._notifications)


def test_every_binding_has_an_id_and_ids_are_unique():
    from netjournal.tui.keys import binding_classes

    seen: dict[str, str] = {}
    for cls in binding_classes():
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
            assert seen.setdefault(binding.id, cls.__name__) == cls.__name__, binding.id


def test_the_readme_lists_every_binding_id():
    from netjournal.tui.keys import binding_ids

    from .conftest import REPO

    readme = (REPO / "README.md").read_text()
    missing = sorted(binding_id for binding_id in binding_ids() if f"| `{binding_id}` |" not in readme)
    assert missing == []


async def test_import_from_the_palette(db_path):
    from textual.widgets import Input, Label

    from netjournal.tui.forms.import_screen import ImportPlanScreen, ImportScreen

    from .test_import import FILES

    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "import contacts")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one(Input).value = str(FILES / "does-not-exist.vcf")
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert "Nothing imported" in str(app.screen.query_one("#import-result", Label).render())
        app.screen.query_one(Input).value = str(FILES / "phone-export.vcf")
        await pilot.press("enter")
        for _ in range(40):  # the file is read off the UI thread, then the plan asks before writing
            await pilot.pause(0.1)
            if isinstance(app.screen, ImportPlanScreen):
                break
        assert isinstance(app.screen, ImportPlanScreen)  # tests/test_tui_import_export.py reads the plan
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
    assert len(Journal(db_path).contacts()) == 3


async def test_help_lists_every_key_with_the_keymap_applied(db_path):
    from textual.widgets import DataTable

    from netjournal.settings.config import Config
    from netjournal.tui.keys import binding_ids
    from netjournal.tui.screens.help import HelpScreen

    app = NetJournalApp(Journal(db_path), config=Config(keymap={"log-interaction": "ctrl+l"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert {row[3] for row in rows} == binding_ids()
        assert next(row for row in rows if row[3] == "log-interaction")[1] == "^l"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_export_from_the_palette(db_path, tmp_path):
    from textual.widgets import Input, Label

    journal = Journal(db_path)
    journal.add_contact(Contact(name="Ana Ruiz", notes="Two kids."))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "export the journal")
        app.screen.query_one(Input).value = str(tmp_path / "mine.txt")
        await pilot.press("enter")
        assert "Nothing written: end the name with" in str(app.screen.query_one("#export-result", Label).render())
        app.screen.query_one(Input).value = str(tmp_path / "mine.md")
        await pilot.press("enter")
        assert "Written:" in str(app.screen.query_one("#export-result", Label).render())
    assert "### Ana Ruiz" in (tmp_path / "mine.md").read_text() and "Two kids." in (tmp_path / "mine.md").read_text()
