"""What start-up does to be quick must not change what the app shows or how it behaves afterwards."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.tui.app import NetJournalApp, breakpoint_classes
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.unlock import UnlockApp

TUI = Path(__file__).resolve().parent.parent / "netjournal" / "tui"


def test_every_style_file_is_read_at_start_up_or_after_the_first_frame():
    listed = {Path(p).resolve() for p in NetJournalApp.CSS_PATH + NetJournalApp.LATER_CSS}
    # The passphrase dialog is an app of its own, run before this one (tui/unlock.py): its style is its own.
    assert {p.resolve() for p in TUI.rglob("*.tcss")} == listed | {Path(UnlockApp.CSS_PATH).resolve()}
    assert not set(map(str, NetJournalApp.CSS_PATH)) & set(map(str, NetJournalApp.LATER_CSS))


@pytest.mark.parametrize("width, expected", [(0, ["-narrow"]), (109, ["-narrow"]), (110, ["-wide"]), (300, ["-wide"])])
def test_breakpoint_classes_follow_textuals_rule(width, expected):
    assert breakpoint_classes(width, NetJournalApp.HORIZONTAL_BREAKPOINTS) == expected


async def test_main_screen_starts_with_its_width_class_and_still_follows_resizes(tmp_path):
    journal = Journal(tmp_path / "journal.json")
    journal.add_contact(Contact(name="Ana Ruiz"))
    app = NetJournalApp(journal)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.has_class("-narrow") and not app.screen.has_class("-wide")
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert app.screen.has_class("-wide") and not app.screen.has_class("-narrow")


async def test_collector_runs_again_once_the_main_screen_is_painted(tmp_path):
    assert gc.isenabled()
    app = NetJournalApp(Journal(tmp_path / "journal.json"))
    async with app.run_test() as pilot:
        for _ in range(50):
            if gc.isenabled():
                break
            await pilot.pause(0.02)
        assert gc.isenabled()
        # The other screens' styles are in the stylesheet by then: opening a form re-parses nothing.
        assert all(app.stylesheet.has_source(str(path), "") for path in NetJournalApp.LATER_CSS)
    assert gc.isenabled()


def test_what_only_later_panes_and_checks_need_is_not_loaded_before_the_first_frame():
    """Start-up is a feature: the prompt choice and the value insights are imported when those panes draw (just
    after the first frame), and the record checks are built at the first check, which opening a file netjournal
    saved itself skips."""
    import subprocess
    import sys

    probe = ("import sys\nimport netjournal.tui.app\nfrom netjournal.core import schema\n"
             "print(sorted(m for m in ('netjournal.insights.weekly', 'netjournal.insights.value', "
             "'netjournal.insights.prompts', 'netjournal.insights.organisations') if m in sys.modules))\n"
             "print(sum(shape._all_fast is not None for shape in schema.SHAPES.values()))\n")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert shown.split("\n")[:2] == ["[]", "0"]
