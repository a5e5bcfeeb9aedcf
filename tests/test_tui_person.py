"""The person view, driven with real keys: what you learned about them and the value each way in the card and the
timeline, and a timeline whose text columns use the width they have."""

from __future__ import annotations

import orjson
import pytest
from textual.widgets import DataTable, Input

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.reports.person import GIVEN_TITLE, LEARNED_TITLE, RECEIVED_TITLE
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.person import ABOUT_AT_LEAST, PersonScreen

from .conftest import TODAY
from .test_person_view import value_network
from .test_tui_main import screen_text


def card(app: NetJournalApp) -> str:
    return str(app.screen.query_one("#person-card").render())


def shown_rows(table: DataTable) -> list[str]:
    """The table's lines as the terminal shows them (header first)."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_the_person_view_shows_what_you_learned_and_the_value_each_way(db_path):
    journal = Journal(db_path, today=lambda: TODAY)
    value_network(journal)
    app = NetJournalApp(journal)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")  # Ana Ruiz, the first in the Contacts pane
        await pilot.pause()  # the timeline is fitted to its width once it has one
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "Ana Ruiz"
        text = card(app)
        assert (f"{LEARNED_TITLE}\n2026-11-10  moving to Leeds in May\n2026-11-02  runs with her daughter\n"
                in text)
        assert (f"{GIVEN_TITLE}\n2026-11-21  You introduced them to Ben Okafor: both run the data team\n"
                "2026-11-18  Passed on: Golf drills (https://example.org/golf)\n2026-11-10  the ward figures\n"
                "2026-01-05  Passed on: Old report\n") in text
        assert f"{RECEIVED_TITLE}\n2026-11-02  a race discount\nThey introduced you to Cleo Park\n" in text
        timeline = app.screen.query_one("#person-timeline", DataTable)
        about = [str(timeline.get_row_at(i)[4]) for i in range(timeline.row_count)]
        assert about[3] == ("(with Ben Okafor) budget review · learned: moving to Leeds in May · "
                            "you gave: the ward figures")
        assert about[4] == "her 10k · learned: runs with her daughter · they gave: a race discount"
        shown = "\n".join(shown_rows(timeline))  # on screen, not only in the table
        assert "budget review · learned: moving to Leeds in May · you gave: the" in shown
        assert "her 10k · learned: runs with her daughter · they gave: a race discount" in shown

        # Correct what was learned in the conversation of 2026-11-10: the card and the timeline follow.
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(app.screen, LogForm)
        learned = app.screen.query_one("#field-learned", Input)
        assert learned.value == "moving to Leeds in May"
        learned.focus()
        await pilot.press("end", "space", *"next", "space", *"spring")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "2026-11-10  moving to Leeds in May next spring\n" in card(app)
        assert "learned: moving to Leeds in May next spring" in screen_text(app)
    saved = orjson.loads(db_path.read_bytes())
    assert "moving to Leeds in May next spring" in [i["learned"] for i in saved["interactions"].values()]


async def test_nothing_yet_says_where_it_comes_from(db_path):
    journal = Journal(db_path, today=lambda: TODAY)
    journal.add_contact(Contact(name="Ana Ruiz"))
    app = NetJournalApp(journal)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("enter")
        text = card(app)
        assert f"{LEARNED_TITLE}\nNothing yet: note it when you log a conversation (l)" in text
        assert f"{GIVEN_TITLE}\nNothing yet: log what you pass along (l)" in text
        assert f"{RECEIVED_TITLE}\nNothing yet: log what they pass to you (l)" in text


LONG_TOPIC = ("the regional data strategy, who sits on the new board, what the consultation asks of us, and her "
              "view of the timetable for the community dashboard")


def long_timeline(path) -> Journal:
    journal = Journal(path, today=lambda: TODAY)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics=LONG_TOPIC, formal=True,
                                        learned="her daughter starts school in January"))
    journal.log_interaction(Interaction(date="2026-11-23", with_=[ana.id], topics="coffee", initiated_by="them"))
    return journal


def column_widths(table: DataTable) -> dict[str, int]:
    return {str(key.value): column.get_render_width(table) for key, column in table.columns.items()}


@pytest.mark.parametrize("size", [(80, 24), (120, 35), (200, 60)])
async def test_the_timeline_kind_and_about_use_the_width_they_have(db_path, size):
    app = NetJournalApp(long_timeline(db_path))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#person-timeline", DataTable)
        lines = shown_rows(table)
        assert "non-business, formal" in lines[2]  # the Kind column is as wide as the longest kind
        assert lines[0].split() == ["Date", "How", "Kind", "Started", "About"]
        widths = column_widths(table)
        assert sum(widths.values()) == table.size.width  # About takes what the others leave, and no more
        assert widths["about"] - 2 >= ABOUT_AT_LEAST
        about = lines[2][lines[0].index("About"):].rstrip()
        assert len(about) == widths["about"] - 2  # (less its padding)
        summary = f"{LONG_TOPIC} · learned: her daughter starts school in January"
        assert about.endswith("…") and summary.startswith(about[:-1])  # cut where the column ends, and says so


async def test_the_timeline_fits_again_when_the_terminal_grows(db_path):
    app = NetJournalApp(long_timeline(db_path))
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#person-timeline", DataTable)
        narrow = column_widths(table)["about"]
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        await pilot.pause()
        widths = column_widths(table)
        assert widths["about"] > narrow + 40 and sum(widths.values()) == table.size.width
