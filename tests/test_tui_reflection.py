"""Prompts pane and weekly reflection with real keys: reasons, another prompt, write, close, reopen."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import OptionList, TextArea

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, Reflection, ReflectionAnswer, previous_week, week_key
from netjournal.tui.app import NetJournalApp
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.reflection import ReflectionScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text


def prompts_shown(app) -> list[str]:
    from textual.content import Content

    options = app.screen.query_one("#prompts-list", OptionList)
    return [Content.from_markup(options.get_option_at_index(i).prompt).plain for i in range(options.option_count)]


def one_sided(path) -> Journal:
    journal = Journal(path)
    sam = journal.add_contact(Contact(name="Sam Lee", roles=["information_source", "coach_mentor", "expert_advisor",
                                                             "supporter", "feedback_advisor", "ally"]))
    for days in (2, 5, 9, 14, 20):
        journal.log_interaction(Interaction(date=journal.today().fromordinal(journal.today().toordinal() - days),
                                            with_=[sam.id]))
    return journal


async def test_prompts_pane_gives_reasons_and_another(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = prompts_shown(app)
        assert 3 <= len(shown) <= 5
        assert any("Sam Lee" in text and "because you started the last 5 conversations with Sam Lee" in text
                   for text in shown)
        await pilot.press("n")
        assert prompts_shown(app) != shown


async def test_write_a_reflection_close_and_find_it_again(db_path):
    journal = one_sided(db_path)
    week = week_key(journal.today())
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, ReflectionScreen)
        assert "conversations" in screen_text(app)  # the week's facts at the top
        first = app.screen.query_one("#answer-1", TextArea)
        assert first.has_focus
        await pilot.press(*"Sam talked about his allotment")
        await pilot.pause(1.2)  # saved as you go, without pressing anything
        saved = disk(db_path)["reflections"]
        assert saved[0]["week"] == week and saved[0]["answers"][0]["answer"] == "Sam talked about his allotment"
        app.screen.query_one("#reflection-notes", TextArea).focus()
        await pilot.press(*"A quiet week")
    # The app closed while the notes were still being typed: nothing is lost.
    assert disk(db_path)["reflections"][0]["notes"] == "A quiet week"

    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam talked about his allotment"
        assert app.screen.query_one("#reflection-notes", TextArea).text == "A quiet week"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert "1 answered" in screen_text(app)


async def test_enter_on_a_prompt_opens_the_reflection_there(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "enter")
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.query_one("#answer-2", TextArea).has_focus


async def test_past_weeks_are_browsable(db_path):
    journal = one_sided(db_path)
    last_week = previous_week(week_key(journal.today()))
    journal.save_reflection(Reflection(week=last_week, answers=[
        ReflectionAnswer("free-info", "What did you learn?", "Sam keeps bees")], notes="busy"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "shift+tab")  # from the first answer up to the week's facts
        await pilot.press("left_square_bracket")
        assert app.screen.week == last_week
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam keeps bees"
        assert "1. What did you learn?" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert app.screen.week == week_key(journal.today())
        app.screen.query_one("#reflection-notes", TextArea).focus()
        await pilot.press(*"[draft]", "ctrl+pageup")  # brackets type into an answer; ctrl+page up still moves
        assert app.screen.week == last_week
    notes = {r["week"]: r["notes"] for r in disk(db_path)["reflections"]}
    assert notes[week_key(journal.today())] == "[draft]" and notes[last_week] == "busy"


async def test_a_broken_user_prompt_file_is_named_and_the_app_still_starts(db_path, private_settings):
    broken = private_settings / "reflection_tips.yaml"
    broken.write_text("prompts:\n  - id: mine\n    source: RB-2\n    level: 9\n    theme: rating\n    text: hi\n")
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(f"{broken}:2: level must be 1 to 5, not 9" in m for m in messages)
        await pilot.press("3")
        assert len(prompts_shown(app)) >= 3  # the built-in prompts


async def test_enter_after_n_opens_the_prompt_that_is_shown(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "n", "end")
        shown = prompts_shown(app)[-1].split("\n")[0]
        await pilot.press("enter")
        assert isinstance(app.screen, ReflectionScreen)
        focused = app.screen.focused
        number = int(focused.id.split("-")[1])
        assert app.screen.questions[number - 1][1] == shown


# --- answers that grow, the person's own editor, a new week from its top ------------------------------------------

LONG = "Sam talked about the allotment, the bees and the new greenhouse he is building with his daughter. "


def body(app):
    from textual.containers import VerticalScroll

    return app.screen.query_one("#reflection-body", VerticalScroll)


def cursor_in_view(app, area) -> bool:
    view = body(app).content_region
    return view.y <= area.cursor_screen_offset.y < view.bottom


async def test_answers_grow_with_what_is_written_and_the_cursor_stays_in_view(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        first = app.screen.query_one("#answer-1", TextArea)
        assert first.size.height == 3  # an empty answer has room for three lines
        await pilot.press(*LONG)
        await pilot.pause()
        lines = first.wrapped_document.height
        assert lines >= 2 and first.size.height == max(3, lines)
        await pilot.press(*LONG)  # soft-wrapped lines grow it line by line
        await pilot.pause()
        assert first.wrapped_document.height > lines and first.size.height == first.wrapped_document.height
        assert first.scroll_offset.y == 0  # the whole answer is in the box: it never scrolls inside
        grown = first.size.height
        await pilot.press("enter", *"A new line.")
        await pilot.pause()
        assert first.size.height == grown + 1
        assert cursor_in_view(app, first)
        notes = app.screen.query_one("#reflection-notes", TextArea)
        for _ in app.screen.questions:
            await pilot.press("tab")  # answer by answer, down to the notes
        assert notes.has_focus
        for number in range(1, 16):
            await pilot.press(*f"note {number}", "enter")
            await pilot.pause()
            assert cursor_in_view(app, notes)  # the screen scrolls to keep the cursor in sight
        assert notes.size.height == 16 and body(app).scroll_y > 0
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = disk(db_path)["reflections"][0]
    assert saved["answers"][0]["answer"] == LONG + LONG + "\nA new line."
    assert saved["notes"] == "".join(f"note {n}\n" for n in range(1, 16))


async def test_writing_a_reflection_costs_two_keys_besides_the_words(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", *"Sam keeps bees", "ctrl+s")  # open, type, save
        await pilot.pause()
        assert "Saved" in str(app.screen.query_one("#reflection-saved").render())
    assert disk(db_path)["reflections"][0]["answers"][0]["answer"] == "Sam keeps bees"


async def test_changing_week_starts_the_new_week_at_its_top(db_path):
    journal = one_sided(db_path)
    last_week = previous_week(week_key(journal.today()))
    journal.save_reflection(Reflection(week=last_week, notes="\n".join(f"line {n}" for n in range(30)), answers=[
        ReflectionAnswer("free-info", "What did you learn?", LONG * 12)]))
    app = NetJournalApp(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        for _ in app.screen.questions:
            await pilot.press("tab")
        for number in range(20):
            await pilot.press(*f"this week {number}", "enter")
        await pilot.pause()
        assert body(app).scroll_y > 0  # down at the notes
        await pilot.press("ctrl+pageup")  # from inside the notes
        await pilot.pause()
        assert app.screen.week == last_week and body(app).scroll_y == 0
        assert app.screen.query_one("#answer-1", TextArea).has_focus
        answer = app.screen.query_one("#answer-1", TextArea)
        await pilot.press(*["down"] * 20)  # to the end of the long answer: the screen follows the cursor
        await pilot.pause()
        assert body(app).scroll_y > 0 and cursor_in_view(app, answer)
        await pilot.press("shift+tab", "right_square_bracket")  # from the facts, with [ and ]
        await pilot.pause()
        assert app.screen.week == week_key(journal.today()) and body(app).scroll_y == 0


HONEY = "Sam keeps bees, and he gave me a jar of honey."


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Where the editing folder is made (the system's temp folder otherwise), to see that none is left behind."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def terminal(monkeypatch):
    """A terminal that can be handed over, as a real one can: run_test's headless driver says it cannot
    (Driver.can_suspend is False), so App.suspend() would refuse. Everything else of App.suspend runs as is."""
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda driver: True))


def editor_script(tmp_path, monkeypatch, body: str) -> None:
    """$EDITOR is a small script: it records the folder it was given (mode and path) and the text, then `body`."""
    path = tmp_path / "my editor"  # a space: $EDITOR is split as a shell would
    path.write_text(f"""#!/bin/sh
stat -c '%a' "$(dirname "$1")" > "{tmp_path}/folder-mode"
dirname "$1" > "{tmp_path}/folder"
cat "$1" > "{tmp_path}/given"
{body}
""")
    path.chmod(0o755)
    monkeypatch.setenv("EDITOR", f"'{path}'")


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_ctrl_e_writes_the_answer_in_my_editor(db_path, tmp_path, monkeypatch, temp_root, terminal):
    editor_script(tmp_path, monkeypatch, f"printf '{HONEY}\\n' > \"$1\"")
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", *"Sam", "ctrl+e")
        await pilot.pause()
        answer = app.screen.query_one("#answer-1", TextArea)
        assert answer.text == HONEY and answer.has_focus  # the editor's newline at the end is not kept
        assert (tmp_path / "given").read_text() == "Sam"
        assert (tmp_path / "folder-mode").read_text().strip() == "700"
        folder = (tmp_path / "folder").read_text().strip()
        assert folder.startswith(str(temp_root)) and not os.path.exists(folder)  # gone once the editor is done
        assert list(temp_root.iterdir()) == []
        await pilot.press("ctrl+z")  # taken back as typing would be
        assert answer.text == "Sam"
        await pilot.press("ctrl+y")
        assert answer.text == HONEY
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert disk(db_path)["reflections"][0]["answers"][0]["answer"] == HONEY


async def test_writing_a_reflection_in_the_editor_costs_three_keys(db_path, tmp_path, monkeypatch, temp_root,
                                                                    terminal):
    editor_script(tmp_path, monkeypatch, f"printf '{HONEY}' > \"$1\"")
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "ctrl+e", "ctrl+s")  # open, the editor (and what is typed there), save
        await pilot.pause()
    assert disk(db_path)["reflections"][0]["answers"][0]["answer"] == HONEY


async def test_ctrl_e_on_the_notes(db_path, tmp_path, monkeypatch, temp_root, terminal):
    editor_script(tmp_path, monkeypatch, "printf 'and a second paragraph.\\n' >> \"$1\"")
    journal = one_sided(db_path)
    journal.save_reflection(Reflection(week=week_key(journal.today()), notes="A quiet week,\n\n"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.press(*["tab"] * len(app.screen.questions), "ctrl+e", "escape")  # escape saves
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert (tmp_path / "given").read_text() == "A quiet week,\n\n"
    assert disk(db_path)["reflections"][0]["notes"] == "A quiet week,\n\nand a second paragraph.\n"


@pytest.mark.parametrize("body, toast", [
    ("echo half-written > \"$1\"; exit 3", "The editor exited with code 3: nothing changed."),
    (":", "Nothing changed in the editor."),
    ("cat \"$1\" > \"$1.new\"; echo >> \"$1.new\"; mv \"$1.new\" \"$1\"", "Nothing changed in the editor."),
])
async def test_an_editor_that_fails_or_changes_nothing_changes_nothing(db_path, tmp_path, monkeypatch, temp_root,
                                                                      terminal, body, toast):
    editor_script(tmp_path, monkeypatch, body)
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("w", *"Sam", "ctrl+e")
        await pilot.pause()
        assert toast in messages(app)
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam"
        assert list(temp_root.iterdir()) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert disk(db_path)["reflections"][0]["answers"][0]["answer"] == "Sam"


async def test_ctrl_e_says_why_when_there_is_no_editor_to_open(db_path, tmp_path, monkeypatch, temp_root):
    editor_script(tmp_path, monkeypatch, f"printf '{HONEY}' > \"$1\"")
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # run_test's terminal, like Textual Web's, cannot be handed to another program.
        await pilot.press("w", *"Sam", "ctrl+e")
        assert any("cannot open an editor here" in m for m in messages(app))
        assert not (tmp_path / "given").exists()
        # Neither $EDITOR nor $VISUAL, and no editor on the PATH.
        monkeypatch.delenv("EDITOR")
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        await pilot.press("ctrl+e")
        assert "No editor found: set $EDITOR (for example EDITOR=nano)" in messages(app)
        # Not in an answer or the notes.
        await pilot.press("shift+tab", "ctrl+e")
        assert any("Move to an answer or the notes first" in m for m in messages(app))
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam"
    assert list(temp_root.iterdir()) == []



@pytest.fixture
def encrypted_journal(db_path, monkeypatch) -> Journal:
    """one_sided(), encrypted (with quick key derivation, as in test_encryption.py)."""
    from netjournal.core import crypto

    monkeypatch.setattr(crypto, "ARGON2ID", {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1})
    monkeypatch.setattr(crypto, "SCRYPT", {"name": "scrypt", "n": 16, "r": 1, "p": 1})
    journal = one_sided(db_path)
    journal.encrypt("correct horse")
    return journal


async def test_an_encrypted_journals_answer_goes_to_the_editor_through_memory_only(db_path, tmp_path, monkeypatch,
                                                                                    temp_root, terminal,
                                                                                    encrypted_journal):
    from netjournal.common import editor

    memory = tmp_path / "memory"  # stands for /dev/shm: the test cannot mount a tmpfs
    memory.mkdir()
    monkeypatch.setattr(editor, "memory_backed_folder", lambda: memory)
    editor_script(tmp_path, monkeypatch, f"printf '{HONEY}\\n' > \"$1\"")
    app = NetJournalApp(encrypted_journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("w", *"Sam", "ctrl+e")
        await pilot.pause()
        assert app.screen.query_one("#answer-1", TextArea).text == HONEY
        assert Path((tmp_path / "folder").read_text().strip()).parent == memory
        assert f"This journal is encrypted: the editor's file was kept in memory ({memory}), never on disk, and " \
               "is gone now." in messages(app)
        assert list(memory.iterdir()) == [] and list(temp_root.iterdir()) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert HONEY.encode() not in db_path.read_bytes()
    with Journal(db_path, passphrase="correct horse") as reopened:
        assert reopened.reflection(week_key(reopened.today())).answers[0].answer == HONEY


async def test_an_encrypted_journal_without_a_memory_folder_keeps_the_editor_closed(db_path, tmp_path, monkeypatch,
                                                                                     temp_root, terminal,
                                                                                     encrypted_journal):
    from netjournal.common import editor

    monkeypatch.setattr(editor, "memory_backed_folder", lambda: None)
    editor_script(tmp_path, monkeypatch, f"printf '{HONEY}' > \"$1\"")
    app = NetJournalApp(encrypted_journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("w", *"Sam", "ctrl+e")
        await pilot.pause()
        assert ("This journal is encrypted and this computer has no memory-backed folder for the editor's file: "
                "type the answer here instead.") in messages(app)
        assert not (tmp_path / "given").exists()  # the editor never ran: no file was written for it
        assert list(temp_root.iterdir()) == []
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam"

def test_saved_at_is_shown_in_local_time(monkeypatch):
    import time

    from netjournal.tui.screens.reflection import local_time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert local_time("2026-11-25T07:25:00+00:00") == "2026-11-25 02:25"  # EST, as the person's clock says
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert local_time("written by hand") == "written by hand"
