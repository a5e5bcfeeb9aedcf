"""Reviewing a calendar import in the TUI with real keys: the meetings as a list, space to skip one, `a` to add the
people met, enter to log the rest; nothing written before enter, and escape leaves the file byte-identical."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.calendar_review import CalendarReviewScreen
from netjournal.tui.forms.import_screen import ImportScreen
from netjournal.tui.screens.main import MainScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_import_export import wait_for
from .test_tui_palette_themes import palette

CALENDAR = Path(__file__).parent / "data" / "calendars" / "outlook.ics"


@pytest.fixture
def journal_and_calendar(tmp_path, db_path):
    journal = Journal(db_path)
    for contact in (Contact(name="Ana Ruiz", email="ana@example.org"),
                    Contact(name="Ben Okafor", email="ben@example.org"), Contact(name="José Álvarez")):
        journal.add_contact(contact)
    shutil.copy(CALENDAR, tmp_path / "work.ics")
    return journal, tmp_path / "work.ics"


def rows(app) -> list[str]:
    options = app.screen.query_one("#calendar-meetings", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def words(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def review(pilot, app, path: Path) -> None:
    await palette(pilot, "import contacts")
    assert isinstance(app.screen, ImportScreen)
    await pilot.press(*str(path), "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, CalendarReviewScreen))
    await pilot.pause()


# What each row ends with: how the meeting will be logged, "(video · formal · business)".
HOW = re.compile(r" +\([^()]* · [^()]* · [^()]*\)$")


async def test_review_skip_add_people_and_log_the_rest(journal_and_calendar, db_path):
    journal, path = journal_and_calendar
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await review(pilot, app, path)
        assert [HOW.sub("", row) for row in rows(app)] == [
            "[x] 2026-11-02 10:00  Weekly sync  with Ana Ruiz and Ben Okafor",
            "[x] 2026-11-17 14:00  Weekly sync (moved to Tuesday)  with Ana Ruiz and Ben Okafor",
            "[x] 2026-11-19 16:00  Catch-up with José  with José Álvarez",
            "[ ] 2026-11-20 08:30  Coffee with Cleo and Dan  nobody in your journal (Cleo Mensah and Dan Ito)",
            "[x] 2026-11-23 10:00  Weekly sync  with Ana Ruiz and Ben Okafor",
        ]
        assert rows(app)[0].endswith("(video · formal · business)")
        assert words(app, "#calendar-counts").startswith("Logs 4 meetings as conversations")
        assert "Keeps 2 meetings ahead for Today." in words(app, "#calendar-counts")
        assert words(app, "#calendar-people") == ("2 people you met are not in your journal: Cleo Mensah "
                                                  "<cleo@example.org> and Dan Ito <dan@example.org> (a adds them)")
        await pilot.press("down", "space")  # the moved weekly sync is left out
        assert rows(app)[1].startswith("[ ] 2026-11-17 14:00  Weekly sync (moved to Tuesday)  with Ana Ruiz and Ben")
        assert rows(app)[1].endswith("(skipped)")
        await pilot.press("a")  # Cleo and Dan are added, and their coffee comes in
        assert rows(app)[3].startswith("[x] 2026-11-20 08:30  Coffee with Cleo and Dan  with Cleo Mensah and Dan Ito")
        assert rows(app)[3].endswith("(in person · formal · business)")
        # The guesses are the person's to correct: the coffee was a call, informal and not business.
        await pilot.press("down", "b", "f", "c", "c")
        assert rows(app)[3].endswith("(call · informal · non-business)")
        assert words(app, "#calendar-counts").startswith("Logs 4 meetings as conversations")
        assert words(app, "#calendar-people").startswith("Adds 2 people you met: Cleo Mensah")
        assert db_path.read_bytes() == before  # all of it on screen; nothing written yet
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert "Logged 4 meetings, added 2 people; 2 meetings ahead kept for Today." in [
            str(n.message) for n in app._notifications]
    stored = disk(db_path)
    assert sorted((i["date"], i["topics"]) for i in stored["interactions"]) == [
        ("2026-11-02", "Weekly sync"), ("2026-11-19", "Catch-up with José"),
        ("2026-11-20", "Coffee with Cleo and Dan"), ("2026-11-23", "Weekly sync")]
    coffee = next(i for i in stored["interactions"] if i["topics"] == "Coffee with Cleo and Dan")
    assert (coffee["channel"], coffee["formal"], coffee["business"]) == ("call", False, False)
    assert sorted(c["name"] for c in stored["contacts"]) == ["Ana Ruiz", "Ben Okafor", "Cleo Mensah", "Dan Ito",
                                                             "José Álvarez"]
    assert [m["start"] for m in stored["meetings"]] == ["2026-11-30T10:00", "2026-12-07T10:00"]


async def test_escape_leaves_the_journal_byte_identical(journal_and_calendar, db_path):
    journal, path = journal_and_calendar
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await review(pilot, app, path)
        await pilot.press("space", "a", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert "Nothing imported: the journal is as it was." in str(app.screen.query_one("#import-result").render())
    assert db_path.read_bytes() == before


async def test_a_cut_off_calendar_is_one_line_on_the_import_screen(journal_and_calendar, db_path, tmp_path):
    journal, path = journal_and_calendar
    cut = tmp_path / "cut.ics"
    cut.write_bytes(path.read_bytes()[:2000])
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "import contacts")
        await pilot.press(*str(cut), "enter")
        result = app.screen.query_one("#import-result")
        await wait_for(pilot, lambda: "Nothing imported" in str(result.render()))
        assert str(result.render()) == f"Nothing imported: {cut}: the calendar is cut off (no END:VCALENDAR at the end)"
    assert db_path.read_bytes() == before
