"""Import and export from the TUI with real keys: the import plan in words before anything is written, tab that
completes file names, and one week exported on its own."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Label, Static

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, Reflection, ReflectionAnswer
from netjournal.io.importers import plan_import, read_contacts
from netjournal.io.plan_words import plan_lines
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.export_screen import ExportScreen
from netjournal.tui.forms.import_screen import ImportPlanScreen, ImportScreen
from netjournal.tui.path_input import PathInput
from netjournal.tui.screens.main import MainScreen

from .test_tui_contacts import SIZE, disk, names_on_disk
from .test_tui_palette_themes import palette

PEOPLE_CSV = """name,org,title,email,phone,tags,notes
Ana Ruiz,Harbour Health,,ana@example.org,,running;golf,
Ben Okafor,City Council,,ben@example.org,,,
Cleo Park,,,,,,
"""


async def wait_for(pilot, condition, tries: int = 50) -> None:
    """Reading a file runs off the UI thread: wait until what it leads to is on screen."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.1)
    assert condition()


def shown(screen) -> list[str]:
    return [str(static.render()) for static in screen.query(Static) if static.display]


async def plan_of(pilot, app, tmp_path):
    """From the main screen: the palette's import, the file name typed and completed with tab, enter."""
    await palette(pilot, "import contacts")
    assert isinstance(app.screen, ImportScreen)
    await pilot.press(*f"{tmp_path}/peo")  # the folder typed, the name completed
    await pilot.press("tab")
    assert app.screen.query_one("#import-file", Input).value == f"{tmp_path}/people.csv"
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportPlanScreen))


@pytest.fixture
def journal_and_file(tmp_path, db_path):
    journal = Journal(db_path)
    journal.add_contact(Contact(name="Ana Ruiz", email="ana@example.org", tags=["running"]))
    (tmp_path / "people.csv").write_text(PEOPLE_CSV)
    return journal, tmp_path / "people.csv"


async def test_the_import_plan_lists_who_is_added_and_merged_in_words_and_y_writes_it(journal_and_file, db_path,
                                                                                       tmp_path):
    journal, source = journal_and_file
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await plan_of(pilot, app, tmp_path)
        text = shown(app.screen)
        assert text[0] == "Import people.csv?"
        # The same words as `netjournal import --dry-run` (tests/test_import.py), one sentence or person a line.
        assert text[1:4] == ["Adds 2 people: Ben Okafor and Cleo Park.",
                             "Adds what is new to 1 person already in the journal:",
                             "Ana Ruiz (line 2): adds the interest golf; fills in the organisation Harbour Health"]
        assert [line.strip() for line in plan_lines(plan_of_file(db_path, source))] == text[1:4]
        assert db_path.read_bytes() == before  # the plan is on screen; nothing is written yet
        await pilot.press("y")  # one key writes it
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "The import added 2 people and what was new to 1 person already in the journal." in [
            str(n.message) for n in app._notifications]
        table_names = {str(app.screen.query_one("#contacts-table").get_row_at(i)[0])
                       for i in range(app.screen.query_one("#contacts-table").row_count)}
        assert {"Ana Ruiz", "Ben Okafor", "Cleo Park"} <= table_names
    assert names_on_disk(db_path) == ["Ana Ruiz", "Ben Okafor", "Cleo Park"]
    ana = next(c for c in disk(db_path)["contacts"] if c["name"] == "Ana Ruiz")
    assert (ana["org"], ana["tags"]) == ("Harbour Health", ["running", "golf"])


def plan_of_file(db_path, source):
    return plan_import(Journal(db_path), read_contacts(source))


@pytest.mark.parametrize("key", ["n", "escape"])
async def test_cancelling_the_import_plan_leaves_the_journal_byte_identical(journal_and_file, db_path, tmp_path, key):
    journal, _ = journal_and_file
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await plan_of(pilot, app, tmp_path)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert str(app.screen.query_one("#import-result", Label).render()) == \
            "Nothing imported: the journal is as it was."
        assert app.screen.focused is app.screen.query_one("#import-file")  # to try another file
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#contacts-table").row_count == 1
    assert db_path.read_bytes() == before


async def test_an_import_with_nothing_new_says_so_and_asks_nothing(journal_and_file, db_path, tmp_path):
    journal, source = journal_and_file
    source.write_text("name,email\nAna Ruiz,ana@example.org\n")
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "import contacts")
        await pilot.press(*f"{tmp_path}/peo", "tab", "enter")
        result = app.screen.query_one("#import-result", Label)
        await wait_for(pilot, lambda: "Nothing to import" in str(result.render()))
        assert isinstance(app.screen, ImportScreen)
        assert str(result.render()).splitlines() == [
            "Nothing to import.", "Adds nobody and changes nobody.",
            "Leaves 1 person as they are, with nothing new in the file: Ana Ruiz."]
    assert db_path.read_bytes() == before


async def test_tab_completes_a_file_name_and_moves_on_when_there_is_nothing_to_complete(db_path, tmp_path,
                                                                                        monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "weekly.md").write_text("")
    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "export the journal")
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one("#export-file", PathInput)
        assert app.screen.focused is field
        await pilot.press("ctrl+a", "ctrl+k", *"~/rep")
        await pilot.pause(0.2)
        assert field._suggestion == "~/reports/"  # shown as ghost text after the cursor while typing
        await pilot.press("tab")  # ~ is the home folder; a folder completes with its slash
        assert field.value == "~/reports/" and app.screen.focused is field
        await pilot.press("w", "tab")  # pressed at once, before the ghost text arrives: completes all the same
        assert field.value == "~/reports/weekly.md" and app.screen.focused is field
        await pilot.press("tab")  # nothing more to complete: tab moves on, as everywhere
        assert app.screen.focused is app.screen.query_one("#export-one-week", Checkbox)
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k", *f"{tmp_path}/zz", "tab")  # no match: moves on too
        assert field.value == f"{tmp_path}/zz" and app.screen.focused is app.screen.query_one(Checkbox)


def a_week_to_export(db_path) -> Journal:
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    journal.log_interaction(Interaction(date="2026-11-18", with_=[ana.id], topics="her marathon"))
    journal.save_reflection(Reflection(week="2026-W47", answers=[
        ReflectionAnswer("p1", "Who did you learn something from?", "Ana: she trains at six every morning")]))
    return journal


async def test_a_week_exports_from_the_tui_the_week_the_this_week_pane_shows(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = NetJournalApp(a_week_to_export(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "left_square_bracket")  # the This week pane shows last week, 2026-W47
        await palette(pilot, "export a week")
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-week", Input).value == "2026-W47"
        assert app.screen.query_one("#export-file", Input).value == "~/netjournal-2026-W47.md"
        assert app.screen.query_one(Checkbox).value is True
        await pilot.press("enter")  # one key writes it
        assert str(app.screen.query_one("#export-result", Label).render()).startswith(
            f"Written week 2026-W47: {tmp_path}/netjournal-2026-W47.md")
    text = (tmp_path / "netjournal-2026-W47.md").read_text()
    assert text.startswith("# Reflection 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)")
    assert "1 conversation: " in text and "Ana: she trains at six every morning" in text
    assert (tmp_path / "netjournal-2026-W47.md").stat().st_mode & 0o077 == 0  # private, as every export


async def test_the_export_form_turns_to_one_week_in_three_keys(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = NetJournalApp(a_week_to_export(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "export the journal")
        field = app.screen.query_one("#export-file", Input)
        assert field.value == "~/netjournal-export.md"
        assert app.screen.query_one("#export-week", Input).value == "2026-W48"  # this week, by default
        await pilot.press("tab", "space", "ctrl+s")  # Only the week (the suggested name follows), and write
        assert field.value == "~/netjournal-2026-W48.md"
        assert (tmp_path / "netjournal-2026-W48.md").read_text().startswith("# Reflection 2026-W48")
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"2026-W47")  # another week: the name follows again
        assert field.value == "~/netjournal-2026-W47.md"
        await pilot.press("ctrl+s")
        assert (tmp_path / "netjournal-2026-W47.md").read_text().startswith("# Reflection 2026-W47")
        assert not (tmp_path / "netjournal-export.md").exists()


@pytest.mark.parametrize(("file", "week", "error"), [
    ("week.json", "2026-W47", "Nothing written: a week is written as Markdown; end the name with .md"),
    ("week.md", "2026-W60", "Nothing written: week: 2026 has no week 60"),
    ("week.md", "last week", "Nothing written: week: 'last week' is not an ISO week (use e.g. 2026-W48)"),
])
async def test_a_week_export_that_cannot_be_written_says_why_and_writes_nothing(db_path, tmp_path, file, week,
                                                                                  error):
    app = NetJournalApp(a_week_to_export(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "export a week")
        await pilot.press("ctrl+a", "ctrl+k", *f"{tmp_path}/{file}", "tab", "tab", "ctrl+a", "ctrl+k", *week, "enter")
        assert str(app.screen.query_one("#export-result", Label).render()) == error
    assert not [path for path in tmp_path.iterdir() if path.name.startswith("week")]



# --- an encrypted journal's export ---------------------------------------------------------------------------------

PASSPHRASE = "correct horse"


@pytest.fixture
def encrypted_week(db_path, monkeypatch) -> Journal:
    """a_week_to_export(), encrypted (with quick key derivation, as in test_encryption.py)."""
    from netjournal.core import crypto

    monkeypatch.setattr(crypto, "ARGON2ID", {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1})
    monkeypatch.setattr(crypto, "SCRYPT", {"name": "scrypt", "n": 16, "r": 1, "p": 1})
    journal = a_week_to_export(db_path)
    journal.encrypt(PASSPHRASE)
    return journal


def opened(path) -> str:
    """An encrypted export opened as a person would: with the journal's passphrase."""
    from netjournal.core import crypto

    raw = path.read_bytes()
    return crypto.unlock(raw, PASSPHRASE).open(raw).decode("utf-8")


async def test_an_encrypted_journals_export_is_encrypted_and_the_screen_says_so(encrypted_week, tmp_path):
    app = NetJournalApp(encrypted_week)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "export the journal")
        assert "The export is encrypted, as the journal is: its passphrase opens it." in shown(
            app.screen)
        assert app.screen.query_one("#export-plain", Checkbox).value is False
        await pilot.press("ctrl+a", "ctrl+k", *f"{tmp_path}/people.csv", "ctrl+s")
        assert str(app.screen.query_one("#export-result", Label).render()).startswith(
            f"Written (encrypted): {tmp_path}/people.csv, {tmp_path}/people-interactions.csv")
    for name in ("people.csv", "people-interactions.csv"):
        raw = (tmp_path / name).read_bytes()
        assert raw.startswith(b"netjournal-encrypted 1 ") and b"Ana Ruiz" not in raw and b"marathon" not in raw
        assert (tmp_path / name).stat().st_mode & 0o077 == 0
    assert "Ana Ruiz" in opened(tmp_path / "people.csv")
    assert "her marathon" in opened(tmp_path / "people-interactions.csv")


async def test_a_plain_export_of_an_encrypted_journal_is_asked_for_and_warned_about(encrypted_week, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = NetJournalApp(encrypted_week)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "export a week")
        await pilot.press("tab", "tab", "tab")  # past Only the week and the week, to Plain
        plain_box = app.screen.query_one("#export-plain", Checkbox)
        assert app.screen.focused is plain_box
        await pilot.press("space")
        await pilot.pause()
        assert plain_box.value is True
        warning = app.screen.query_one("#export-sealing")
        assert str(warning.render()) == "Not encrypted: anyone who can read the file can read your notes."
        assert warning.has_class("-warning")
        await pilot.press("ctrl+s")
        assert str(app.screen.query_one("#export-result", Label).render()).startswith(
            f"Written week 2026-W48 (not encrypted): {tmp_path}/netjournal-2026-W48.md")
        await pilot.press("space")  # Plain unticked (it kept the focus): encrypted again, and the line says so
        await pilot.pause()
        assert str(warning.render()).startswith("The export is encrypted, as the journal is")
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k", *"2026-W47", "ctrl+s")
    assert (tmp_path / "netjournal-2026-W48.md").read_text().startswith("# Reflection 2026-W48")
    assert "Ana: she trains at six every morning" in opened(tmp_path / "netjournal-2026-W47.md")
    assert b"trains at six" not in (tmp_path / "netjournal-2026-W47.md").read_bytes()
