"""Copies and conflicts in the app, pressed as a person would: C shows the copies a sync tool left beside the
journal with what merging each would change, m merges them (each kept aside afterwards), and the fields both
copies changed differently are kept (k, K) or given the other copy's value (o). Each test checks the screen and
the journal file on disk."""

from __future__ import annotations

import shutil
import stat

import orjson

from netjournal.core.model import Contact
from netjournal.tui.app import NetJournalApp
from netjournal.tui.screens.copies import CopiesScreen
from netjournal.tui.screens.main import MainScreen

from .test_copies import SYNC_TOOL_NAMES, merge, opened, set_notes, two_copies  # noqa: F401  (two_copies: a fixture)
from .test_tui_form_keys import SIZE
from .test_tui_organisations import card_text, table_text


def people_on_disk(path) -> dict[str, dict]:
    data = orjson.loads(path.read_bytes())
    return {doc["name"]: doc for doc in data["contacts"].values()}


def conflicts_on_disk(path) -> list[dict]:
    return list(orjson.loads(path.read_bytes()).get("conflicts", {}).values())


def diverge(two_copies, monkeypatch) -> tuple:
    """Both devices changed Ana's notes apart; the desktop also added Dana. The desktop's file lies beside the
    laptop's journal as Syncthing leaves it."""
    laptop, desktop, ana, _ = two_copies
    for path, device in ((laptop, "laptop"), (desktop, "desktop")):
        set_notes(path, device, ana.id, f"the {device}'s notes", monkeypatch)
    with opened(desktop, "desktop", monkeypatch) as journal:
        journal.add_contact(Contact(name="Dana Lee"))
    copy = laptop.parent / SYNC_TOOL_NAMES[0]
    shutil.copy(desktop, copy)
    return laptop, copy, ana


async def test_C_shows_a_found_copy_and_m_merges_it_then_o_takes_the_other_value(two_copies, monkeypatch):
    laptop, copy, ana = diverge(two_copies, monkeypatch)
    before = laptop.read_bytes()
    app = NetJournalApp(opened(laptop, "laptop", monkeypatch))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, CopiesScreen)
        assert table_text(app, "copies-table") == [
            f"{copy.name} | 1 person added; 1 person changed; 1 field changed differently"]
        assert table_text(app, "conflicts-table") == []
        assert laptop.read_bytes() == before  # looking changes nothing

        await pilot.press("m")
        await pilot.pause()
        assert "Dana Lee" in people_on_disk(laptop)
        assert not copy.exists()
        (kept,) = laptop.parent.glob("journal.json.merged-*")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert table_text(app, "copies-table") == []
        # Which value was written last depends on the clock: the other one is listed.
        notes = people_on_disk(laptop)["Ana Ruiz"]["notes"]
        other = "the laptop's notes" if notes == "the desktop's notes" else "the desktop's notes"
        assert table_text(app, "conflicts-table") == [f"Ana Ruiz | notes | {notes} | {other}"]
        assert app.screen.focused.id == "conflicts-table"
        detail = card_text(app, "conflict-detail")
        assert f"Kept  {notes}" in detail and f"Other {other}" in detail

        await pilot.press("o")
        await pilot.pause()
        assert people_on_disk(laptop)["Ana Ruiz"]["notes"] == other
        assert conflicts_on_disk(laptop) == []
        assert table_text(app, "conflicts-table") == []
        assert "agree as far as it knows" in card_text(app, "conflict-detail")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Dana Lee" in " ".join(table_text(app, "contacts-table"))


async def test_k_keeps_one_value_and_K_keeps_the_rest(two_copies, monkeypatch):
    laptop, desktop, ana, ben = two_copies
    for path, device in ((laptop, "laptop"), (desktop, "desktop")):
        with opened(path, device, monkeypatch) as journal:
            for contact_id in (ana.id, ben.id):
                edited = journal.contact(contact_id)
                edited.notes, edited.title = f"{device} notes", f"{device} title"
                journal.update_contact(edited)
    merge(laptop, desktop, "laptop", monkeypatch)
    assert len(conflicts_on_disk(laptop)) == 4
    app = NetJournalApp(opened(laptop, "laptop", monkeypatch))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        assert len(table_text(app, "conflicts-table")) == 4
        assert app.screen.focused.id == "conflicts-table"  # no copies: the conflicts are what waits
        kept_on_disk = people_on_disk(laptop)
        await pilot.press("k")
        await pilot.pause()
        assert len(conflicts_on_disk(laptop)) == 3 and len(table_text(app, "conflicts-table")) == 3
        await pilot.press("K")
        await pilot.pause()
        assert conflicts_on_disk(laptop) == [] and table_text(app, "conflicts-table") == []
        assert people_on_disk(laptop) == kept_on_disk  # keeping changes no person
        await pilot.press("k")  # nothing left: said, not a traceback
        await pilot.pause()


async def test_a_copy_that_cannot_be_merged_says_why_and_m_changes_nothing(two_copies, monkeypatch):
    laptop, _, _, _ = two_copies
    broken = laptop.parent / SYNC_TOOL_NAMES[1]
    broken.write_text("{not json")
    before = laptop.read_bytes()
    app = NetJournalApp(opened(laptop, "laptop", monkeypatch))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("C")
        await pilot.pause()
        (row,) = table_text(app, "copies-table")
        assert row.startswith(f"{broken.name} | cannot be merged: is not a journal (not valid JSON")
        await pilot.press("m")
        await pilot.pause()
        assert app._notifications and "None of the copies can be merged" in list(app._notifications)[-1].message
    assert laptop.read_bytes() == before and broken.exists()


async def test_values_from_another_copy_are_shown_not_obeyed(two_copies, monkeypatch):
    """A value from the other device's file reaches the screen with its control characters shown and its
    brackets as text."""
    laptop, desktop, ana, _ = two_copies
    for path, device, notes in ((laptop, "laptop", "plain"), (desktop, "desktop", "[red]x[/] \x1b[2J bell\x07")):
        set_notes(path, device, ana.id, notes, monkeypatch)
    merge(laptop, desktop, "laptop", monkeypatch)
    app = NetJournalApp(opened(laptop, "laptop", monkeypatch))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        (row,) = table_text(app, "conflicts-table")
        shown = card_text(app, "conflict-detail")
        for text in (row, shown):
            assert "\x1b" not in text and "\x07" not in text and "[red]x[/]" in text


async def test_a_copy_written_again_after_it_was_shown_is_shown_again_not_merged(two_copies, monkeypatch):
    laptop, copy, _ = diverge(two_copies, monkeypatch)
    app = NetJournalApp(opened(laptop, "laptop", monkeypatch))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("C")
        await pilot.pause()
        with opened(copy, "desktop", monkeypatch) as journal:  # the sync tool brings a newer version of it
            journal.add_contact(Contact(name="Eli Stone"))
        before = laptop.read_bytes()
        await pilot.press("m")
        await pilot.pause()
        assert laptop.read_bytes() == before and copy.exists()
        assert "changed since it was shown; nothing was merged" in list(app._notifications)[-1].message
        assert table_text(app, "copies-table") == [
            f"{copy.name} | 2 people added; 1 person changed; 1 field changed differently"]
        await pilot.press("m")
        await pilot.pause()
        assert {"Dana Lee", "Eli Stone"} <= set(people_on_disk(laptop))
