"""The keys of the forms, pressed as a person would: logging with a known person, enter in a name field, and
what a form shows at 80x24 (errors the full width of the form, the keys line whole). Each test counts the keys
it presses, and checks the screen and the file on disk."""

from __future__ import annotations

import json

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input

from netjournal.core.model import Interaction, WeekGoal, week_key
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.focus_goals_form import FocusGoalsForm
from netjournal.tui.forms.goal_form import GoalForm
from netjournal.tui.forms.introduction_form import IntroductionForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen

from .conftest import TODAY
from .test_tui_contacts import disk
from .test_tui_main import screen_text
from .test_tui_stale_forms import people  # Ana Ruiz, Ben Okafor, Cleo Mensah
from .test_tui_value import type_text

SIZE = (120, 35)
SMALL = (80, 24)


def person_id(path, name: str) -> str:
    return next(c["id"] for c in disk(path)["contacts"] if c["name"] == name)


def talks(path) -> list[dict]:
    return disk(path).get("interactions", [])


def drawn(app: NetJournalApp) -> str:
    """What the terminal shows now, line by line, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def last_contact(app: NetJournalApp, name: str) -> str:
    table = app.screen.query_one("#contacts-table", DataTable)
    row = next(table.get_row_at(i) for i in range(table.row_count) if str(table.get_row_at(i)[0]) == name)
    return str(row[2])


# --- logging with a known person: l, the topic, ctrl+s ------------------------------------------------------


async def test_log_with_the_selected_contact_is_l_the_topic_and_ctrl_s(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")  # Ben Okafor, in the Contacts pane
        await pilot.press("l", *"budget", "ctrl+s")  # 8 keys: l, the 6 letters of the topic, ctrl+s
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert last_contact(app, "Ben Okafor") == "today"
    [talk] = talks(db_path)
    assert (talk["with"], talk["topics"], talk["date"]) == ([person_id(db_path, "Ben Okafor")], "budget",
                                                            TODAY.isoformat())


async def test_the_form_opens_on_the_topic_with_the_person_in_its_title(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LogForm)
        assert app.screen.focused.id == "field-topics"
        assert app.screen.query_one("#field-with", Input).value == "Ana Ruiz, "
        # At 80x24 the fields scroll to the topic; who it is with stays in sight in the title.
        assert "Log a conversation with Ana Ruiz" in drawn(app)
        assert "What it was about" in drawn(app)


@pytest.mark.parametrize("key", ["l", "enter"])
async def test_log_from_a_this_week_goal_is_one_key_the_topic_and_ctrl_s(db_path, key):
    journal = people(db_path)
    week = week_key(journal.today())
    for name in ("Ana Ruiz", "Ben Okafor"):
        journal.set_week_goal(WeekGoal(week=week, contact_id=journal.resolve_name(name).id))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "down")  # This week; the second goal: Ben Okafor
        await pilot.press(key, *"choir", "ctrl+s")  # 7 keys: l (or enter), the 5 letters of the topic, ctrl+s
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert f"✓ met {TODAY:%a}  Ben Okafor" in screen_text(app)
        assert "· not yet  Ana Ruiz" in screen_text(app)
    [talk] = talks(db_path)
    assert (talk["with"], talk["topics"], talk["date"]) == ([person_id(db_path, "Ben Okafor")], "choir",
                                                            TODAY.isoformat())


async def test_l_on_a_past_weeks_goal_logs_with_that_person_today(db_path):
    journal = people(db_path)
    last_week = week_key(journal.today() - timedelta(days=7))
    journal.set_week_goal(WeekGoal(week=last_week, contact_id=journal.resolve_name("Cleo Mensah").id))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "left_square_bracket")  # last week: Cleo, missed
        assert "✗ missed  Cleo Mensah" in screen_text(app)
        await pilot.press("l", *"lunch", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [talk] = talks(db_path)
    assert (talk["with"], talk["topics"], talk["date"]) == ([person_id(db_path, "Cleo Mensah")], "lunch",
                                                            TODAY.isoformat())


async def test_with_nobody_known_the_form_starts_in_with_and_enter_moves_on_to_the_topic(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l")  # This week has no goals: nobody to fill in
        assert app.screen.focused.id == "field-with"
        await pilot.press(*"cle", "enter")  # the name completed; on to what it was about
        assert app.screen.query_one("#field-with", Input).value == "Cleo Mensah"
        assert app.screen.focused.id == "field-topics"
        await pilot.press(*"bins", "ctrl+s")  # 11 keys in all: l, cle, enter, bins, ctrl+s
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert last_contact(app, "Cleo Mensah") == "today"
    [talk] = talks(db_path)
    assert (talk["with"], talk["topics"]) == ([person_id(db_path, "Cleo Mensah")], "bins")


async def test_correcting_a_conversation_opens_on_its_topic(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="lunch", channel="call"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")  # Ana's view, then the conversation in her timeline
        assert isinstance(app.screen, LogForm)
        assert app.screen.focused.id == "field-topics"
        assert "Correct a conversation with Ana Ruiz" in drawn(app)
        await pilot.press(*" and budget", "ctrl+s")  # the cursor waits at the end: typing adds, never replaces
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "lunch and budget" in screen_text(app)
    [saved] = talks(db_path)
    assert (saved["id"], saved["with"], saved["topics"], saved["date"], saved["channel"]) == (
        talk.id, [ana.id], "lunch and budget", "2026-11-20", "call")


async def test_a_key_typed_in_an_edit_form_adds_to_the_name_and_never_replaces_it(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", *" M", "ctrl+s")  # edit the selected person: the focus is in the name, at its end
        await pilot.pause()
    saved = next(c for c in json.loads(db_path.read_text())["contacts"].values() if c["id"] == ana.id)
    assert saved["name"] == "Ana Ruiz M"


# --- enter in a name field: the completion, then the next field, in every form -------------------------------


async def test_enter_in_the_log_forms_names_completes_and_moves_on(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # Ana Ruiz filled in, the focus on the topic
        await pilot.press("shift+tab", "end", *"be", "enter")  # back to the names, a second one, enter
        form = app.screen
        assert form.query_one("#field-with", Input).value == "Ana Ruiz, Ben Okafor"
        assert form.focused.id == "field-topics"
        assert "Log a conversation with Ana Ruiz, Ben Okafor" in drawn(app)
        await pilot.press("enter")  # enter in the topic: on to the date, nothing saved
        assert form.focused.id == "field-date" and isinstance(app.screen, LogForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
    [talk] = talks(db_path)
    assert talk["with"] == [person_id(db_path, "Ana Ruiz"), person_id(db_path, "Ben Okafor")]


async def test_enter_in_the_introduction_forms_names_completes_and_moves_on(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "i")  # Ana's view; introduce her
        form = app.screen
        assert isinstance(form, IntroductionForm) and form.focused.id == "field-second"
        await pilot.press(*"be", "enter")
        assert form.query_one("#field-second", Input).value == "Ben Okafor"
        assert form.focused.id == "field-because"
        await type_text(pilot, "both run data teams")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    [talk] = talks(db_path)
    assert sorted(talk["with"]) == sorted([person_id(db_path, "Ana Ruiz"), person_id(db_path, "Ben Okafor")])


async def test_enter_in_the_goal_forms_name_completes_and_moves_on(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "g", *"cle", "enter")
        form = app.screen
        assert isinstance(form, GoalForm)
        assert form.query_one("#field-contact_id", Input).value == "Cleo Mensah"
        assert form.focused.id == "field-intent"
        await pilot.press(*"bins", "enter")  # enter in the form's last field saves it, as before
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Cleo Mensah" in screen_text(app)
    [goal] = disk(db_path)["week_goals"]
    assert (goal["contact_id"], goal["intent"]) == (person_id(db_path, "Cleo Mensah"), "bins")


async def test_enter_in_a_critical_goals_names_completes_and_moves_on(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "c")
        form = app.screen
        assert isinstance(form, FocusGoalsForm)
        await type_text(pilot, "Run the pilot")
        await pilot.press("tab", *"an", "enter")  # who could help: Ana, then on to who could hinder
        assert form.query_one("#field-helps_1", Input).value == "Ana Ruiz"
        assert form.focused.id == "field-hinders_1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [goal] = disk(db_path)["focus_goals"]
    assert (goal["text"], goal["helps"]) == ("Run the pilot", [person_id(db_path, "Ana Ruiz")])


async def test_enter_on_a_name_that_does_not_complete_moves_on_and_ctrl_s_says_why(db_path):
    app = NetJournalApp(people(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"zed", "enter")
        assert app.screen.query_one("#field-with", Input).value == "zed"  # left as typed
        assert app.screen.focused.id == "field-topics"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogForm) and app.screen.focused.id == "field-with"
        assert "no contact named 'zed'" in drawn(app)
    assert db_path.read_bytes() == before


# --- 80x24: errors the full width of the form, the keys line whole --------------------------------------------


async def test_a_long_error_beside_another_field_wraps_across_the_form_at_80x24(db_path):
    app = NetJournalApp(people(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("2", "l", *"ben", "enter", "tab")  # the name, the topic, the date
        await type_text(pilot, "someday-after-the-quarterly-review-is-done")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogForm)
        error, fields = form.query_one("#error-date"), form.query_one(".form-fields")
        assert error.region.width >= fields.region.width - 2  # the form's width (less its scroll bar), not half
        screen = drawn(app)
        # The whole message is on screen, wrapped at words: its start and its end.
        assert "is not a date" in screen and "YYYY-MM-DD" in screen
        assert "2 weeks ago or" in screen
    assert db_path.read_bytes() == before


async def test_the_log_forms_keys_line_is_whole_at_80x24(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("l")
        assert "ctrl+s save · escape cancel · tab next field" in drawn(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("4", "c")  # a form whose keys line is longer than 80 columns wraps onto two lines
        screen = drawn(app)
        assert "ctrl+s save · escape cancel · tab next field" in screen
        assert "clear a goal's text to remove it" in " ".join(line.strip("█ ") for line in screen.splitlines())
