"""The main screen driven as a person would, with the Pilot pressing real keys."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import DataTable, OptionList, Static

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, WeekGoal, week_key
from netjournal.tui.app import NetJournalApp
from netjournal.tui.panes.base import Pane

from .conftest import TODAY, run_cli


def screen_text(app: NetJournalApp) -> str:
    """Everything the panes show, as plain text."""
    parts = []
    screen = app.screen
    for table in screen.query(DataTable):
        for row in range(table.row_count):
            parts.append(" | ".join(str(cell) for cell in table.get_row_at(row)))
    for options in screen.query(OptionList):
        for index in range(options.option_count):
            prompt = options.get_option_at_index(index).prompt
            parts.append(Content.from_markup(prompt).plain if isinstance(prompt, str) else str(prompt))
    for static in screen.query(Static):
        if static.display:
            parts.append(str(static.render()))
    return "\n".join(parts)


def small_network(path) -> Journal:
    journal = Journal(path)
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health", roles=["supporter"], cadence_days=7))
    ben = journal.add_contact(Contact(name="Ben Okafor", org="Tidewater"))
    today = journal.today()
    journal.log_interaction(Interaction(date=today, with_=[ana.id], topics="her allotment"))
    journal.set_week_goal(WeekGoal(week=week_key(today), contact_id=ana.id, intent="ask about the allotment"))
    journal.set_week_goal(WeekGoal(week=week_key(today), contact_id=ben.id, intent="ask about his choir"))
    return journal


async def test_main_screen_shows_the_journal(db_path):
    app = NetJournalApp(small_network(db_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [["Ana Ruiz", "Harbour Health", "today", "", "in 7d"],
                        ["Ben Okafor", "Tidewater", "never", "", ""]]
        text = screen_text(app)
        assert "✓ met" in text and "Ana Ruiz" in text and "not yet" in text and "ask about his choir" in text
        assert "Supporter (1)\n  Ana Ruiz" in text and "Coach or mentor gap: nobody yet" in text
        assert f"✓ met {TODAY:%a}  Ana Ruiz\n    ask about the allotment" in text
        assert str(db_path) in app.sub_title


async def test_empty_journal_greets_with_ways_to_start(db_path):
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Your journal is empty" in text and "netjournal --demo" in text and "add a person" in text


async def test_number_keys_focus_panes_and_z_maximises(db_path):
    app = NetJournalApp(small_network(db_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("2")
        assert app.focused.id == "week-goals"
        await pilot.press("4")
        assert app.focused.id == "roles-people"
        await pilot.press("1")
        assert isinstance(app.focused, DataTable)
        await pilot.press("z")
        assert isinstance(app.screen.maximized, Pane) and app.screen.maximized.id == "contacts"
        await pilot.press("z")
        assert app.screen.maximized is None
        await pilot.press("tab")
        assert app.focused.id == "today-list"  # Today sits beside Contacts
        await pilot.press("tab")
        assert app.focused.id == "week-goals"


async def test_a_save_from_the_command_line_appears_without_restart(db_path):
    app = NetJournalApp(small_network(db_path))
    async with app.run_test(size=(140, 40)) as pilot:
        result = run_cli("--db", str(db_path), "add", "Cleo Mensah", "--org", "City Council")
        assert result.returncode == 0, result.stderr
        for _ in range(30):  # within a couple of seconds
            await pilot.pause(0.1)
            if "Cleo Mensah" in screen_text(app):
                break
        assert "Cleo Mensah | City Council" in screen_text(app)


async def test_a_file_damaged_while_open_is_reported_and_left_alone(db_path):
    app = NetJournalApp(small_network(db_path))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        db_path.write_bytes(b"{ not json")
        await pilot.pause(1.5)
        messages = [n.message for n in app._notifications]
        assert any(str(db_path) in m and "damaged" in m for m in messages)
    assert db_path.read_bytes() == b"{ not json"


async def test_ctrl_c_says_how_to_quit_in_words_not_markup(db_path):
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert app.is_running  # ctrl+c does not quit
    assert messages == ["Press q to quit netjournal."]
