"""SVG snapshots of the screens a person sees most, with the demo journal, in one dark and one light theme.

pytest-textual-snapshot renders the app headless, exports the screen as SVG and compares it with the file under
tests/__snapshots__/test_snapshots/. A snapshot that changes is a change on screen: open the report the plugin
writes (snapshot_report.html) and look at it before accepting it with `--snapshot-update` (README, development
notes). Never re-record them blindly.

Everything that reaches the screen is pinned, so that the SVGs are the same on any machine and any day:
- the day: NETJOURNAL_TODAY (conftest's autouse `pinned_day`); the demo's dates are relative to it;
- the demo itself: data/demo.yaml, built fresh for each test;
- the clock that stamps created_at: same-day conversations are listed in that order (see `fixed_clock`);
- the journal's path in the header: a temp folder in a test, so the header shows SHOWN_PATH instead;
- the theme (given, and the remembered one is in conftest's private config folder), the terminal size,
  NO_COLOR, the cursor blink and any toast.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from netjournal.core.journal import Journal
from netjournal.core.model import utc_now
from netjournal.io.demo import build_demo
from netjournal.tui.app import NetJournalApp

from .conftest import TODAY

THEMES = ["netjournal-dusk", "netjournal-paper"]  # one dark, one light (themes/*.yaml)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
# Each screen as a person opens it from the main screen: the keys pressed, nothing else.
SCREENS = {
    "main": [],
    "person": ["enter"],  # the person selected in the Contacts pane (the first row)
    "log": ["l"],  # from the Contacts pane, so the selected person is filled in
    "rating": ["r"],
    "reflection": ["w"],
    "value": ["v"],
    "organisations": ["O"],
    "organisation": ["O", "enter"],  # the first by rank: Northgate Hospitals Trust
    "month": ["M"],  # the monthly review of the pinned day's month
    "help": ["question_mark"],
}
SHOWN_PATH = "~/journal.json"


class _FixedClock(datetime):
    """`datetime` as the stamping code sees it: always 09:00 UTC on the pinned day."""

    @classmethod
    def now(cls, tz=None):
        return datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=timezone.utc).astimezone(tz)


@pytest.fixture
def fixed_clock(monkeypatch):
    """created_at and updated_at stamps from a fixed instant instead of the real UTC time.

    Conversations on the same day are listed by created_at (the person view shows two on one day): a demo build
    that happened to straddle a second would swap them. The stamping function reads `datetime` from its own
    module's globals at each call (the records' default factories hold the function itself, so patching the
    function's name would not reach them); patched there, wherever that module lives.
    """
    monkeypatch.setitem(utc_now.__globals__, "datetime", _FixedClock)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, tmp_path, monkeypatch, fixed_clock, screen, theme, size):
    monkeypatch.delenv("NO_COLOR", raising=False)  # Textual draws in monochrome when it is set
    journal = Journal(tmp_path / "journal.json")
    build_demo(journal)
    app = NetJournalApp(journal, theme_name=theme)

    async def open_screen(pilot) -> None:
        app.sub_title = SHOWN_PATH
        await pilot.press(*SCREENS[screen])
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # the cursor shown, not caught mid-blink
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=open_screen)
