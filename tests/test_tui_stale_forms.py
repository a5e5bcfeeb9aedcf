"""A form left open while another netjournal saves: only what the person changed is saved, on top of the newest
record; a field both changed is asked about; a record removed meanwhile stays removed.

Driven with real keys. "Another netjournal" is `netjournal import` in a separate process, or a second Journal
on the same file (what a second window is). Every check is on the file on disk.
"""

from __future__ import annotations

import dataclasses

from textual.widgets import Input, Label, OptionList, TextArea

from netjournal.core.journal import Journal
from netjournal.core.model import (
    Contact,
    FocusGoal,
    Interaction,
    Reflection,
    ReflectionAnswer,
    Share,
    week_key,
)
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.conflict import ConflictScreen
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.focus_goals_form import FocusGoalsForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.forms.role_picker import RolePicker
from netjournal.tui.forms.share_form import ShareForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.reflection import ReflectionScreen
from netjournal.tui.screens.value import ValueScreen

from .conftest import run_cli
from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text
from .test_tui_value import type_text

VCARD = """BEGIN:VCARD
VERSION:3.0
FN:Ana Ruiz
ORG:Harbour Health
EMAIL:ana@harbour.example
TEL:+44 1632 960 101
NOTE:Two kids; training for the Harbour marathon
END:VCARD
"""


def people(path) -> Journal:
    journal = Journal(path)
    journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health"))
    journal.add_contact(Contact(name="Ben Okafor", org="Tidewater"))
    journal.add_contact(Contact(name="Cleo Mensah", org="City Council"))
    return journal


def elsewhere(path) -> Journal:
    """Another netjournal on the same file: a second window."""
    return Journal(path)


def change(journal: Journal, record, **fields):
    return type(record).from_record({**record.to_record(), **fields})


def on_disk(path, name: str) -> dict:
    return next(c for c in disk(path)["contacts"] if c["name"] == name)


def error_text(app) -> str:
    return str(app.screen.query_one("#error-form", Label).render())


async def open_contact_form(pilot) -> ContactForm:
    await pilot.press("1", "e")  # Ana: the first row
    form = pilot.app.screen
    assert isinstance(form, ContactForm) and form.contact.name == "Ana Ruiz"
    return form


# --- the person form ---------------------------------------------------------------------------------------


async def test_the_issue_an_import_while_the_form_is_open_is_kept(db_path, tmp_path):
    vcf = tmp_path / "ana.vcf"
    vcf.write_text(VCARD)
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_contact_form(pilot)
        imported = run_cli("--db", str(db_path), "import", str(vcf))  # meanwhile, in another process
        assert imported.returncode == 0, imported.stderr
        assert "Ana Ruiz (card 1): filled in the email ana@harbour.example, the phone" in imported.stdout
        await pilot.press("tab", "tab", *"Director")  # name, organisation, title
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ana = on_disk(db_path, "Ana Ruiz")
    assert ana["title"] == "Director"
    assert ana["email"] == "ana@harbour.example" and ana["phone"] == "+44 1632 960 101"
    assert ana["notes"] == "Two kids; training for the Harbour marathon"


async def both_change_the_notes(pilot, db_path) -> None:
    """The form and another window both change Ana's free information; the form also changes her title."""
    form = await open_contact_form(pilot)
    other = elsewhere(db_path)
    ana = other.resolve_name("Ana")
    other.update_contact(change(other, ana, notes="Runs the Harbour 10k", phone="555 0100"))
    await pilot.press("tab", "tab", *"Director")
    form.query_one("#field-notes", TextArea).focus()
    await pilot.press(*"Sails at weekends")
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_both_changed_the_notes_the_dialog_shows_both_and_mine_is_kept(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await both_change_the_notes(pilot, db_path)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "Free information" in text
        assert "mine   Sails at weekends" in text and "saved  Runs the Harbour 10k" in text
        assert "Title" not in text and "Phone" not in text  # only the field both changed is asked about
        await pilot.press("enter")  # nothing chosen yet: says so, saves nothing
        assert isinstance(app.screen, ConflictScreen)
        assert "Choose m (mine) or t (the saved one) for: Free information" in str(
            app.screen.query_one("#conflict-error", Label).render())
        await pilot.press("m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ana = on_disk(db_path, "Ana Ruiz")
    assert (ana["notes"], ana["title"], ana["phone"]) == ("Sails at weekends", "Director", "555 0100")


async def test_both_changed_the_notes_and_the_saved_one_is_taken(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await both_change_the_notes(pilot, db_path)
        await pilot.press("t", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ana = on_disk(db_path, "Ana Ruiz")
    assert (ana["notes"], ana["title"], ana["phone"]) == ("Runs the Harbour 10k", "Director", "555 0100")


async def test_escape_in_the_dialog_goes_back_to_the_form_and_saves_nothing(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_contact_form(pilot)
        other = elsewhere(db_path)
        other.update_contact(change(other, other.resolve_name("Ana"), notes="Runs the Harbour 10k"))
        before = db_path.read_bytes()
        form.query_one("#field-notes", TextArea).focus()
        await pilot.press(*"Sails at weekends", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("m", "escape")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-notes", TextArea).text == "Sails at weekends"  # what was typed is there
        assert db_path.read_bytes() == before
        await pilot.press("ctrl+s")  # asked again
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)


async def test_a_person_removed_meanwhile_is_an_error_not_a_resurrection(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_contact_form(pilot)
        other = elsewhere(db_path)
        other.forget_contact(other.resolve_name("Ana").id)
        before = db_path.read_bytes()
        await pilot.press("tab", "tab", *"Director", "ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert error_text(app) == ("Ana Ruiz was removed by another netjournal meanwhile; your changes were not "
                                   "saved")
    assert db_path.read_bytes() == before
    assert "Ana Ruiz" not in {c["name"] for c in disk(db_path)["contacts"]}


async def test_roles_chosen_while_another_window_added_one_are_merged(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana")
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "o")
        assert isinstance(app.screen, RolePicker)
        other = elsewhere(db_path)
        other.update_contact(change(other, other.contact(ana.id), roles=["supporter"], email="ana@harbour.example"))
        await pilot.press("c", "enter")  # coach or mentor on
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    saved = on_disk(db_path, "Ana Ruiz")
    assert saved["roles"] == ["supporter", "coach_mentor"] and saved["email"] == "ana@harbour.example"


async def test_roles_of_a_person_removed_meanwhile_are_not_saved(db_path):
    journal = people(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("1", "o")
        elsewhere(db_path).forget_contact(journal.resolve_name("Ana").id)
        before = db_path.read_bytes()
        await pilot.press("c", "enter")
        await pilot.pause()
        assert any("Roles not saved: Ana Ruiz was removed by another netjournal meanwhile" in n.message
                   for n in app._notifications)
    assert db_path.read_bytes() == before


# --- a conversation being corrected ----------------------------------------------------------------------


async def test_correcting_a_conversation_keeps_what_was_saved_meanwhile(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana")
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="her race"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter")
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("enter")  # correct the conversation
        form = app.screen
        assert isinstance(form, LogForm) and form.interaction.id == talk.id
        other = elsewhere(db_path)
        other.update_interaction(change(other, other.interaction(talk.id), next_time="ask about the knee",
                                        topics="her race and her knee"))
        form.query_one("#field-learned", Input).focus()
        await type_text(pilot, "she has a new coach")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    (saved,) = disk(db_path)["interactions"]
    assert saved["learned"] == "she has a new coach"
    assert saved["next_time"] == "ask about the knee" and saved["topics"] == "her race and her knee"


async def test_a_conversation_corrected_in_both_places_asks(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana")
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="her race"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter", "enter")
        form = app.screen
        other = elsewhere(db_path)
        other.update_interaction(change(other, other.interaction(talk.id), topics="the budget"))
        form.query_one("#field-topics", Input).focus()
        await pilot.press("end")
        await type_text(pilot, " in the rain")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert "mine   her race in the rain" in screen_text(app) and "saved  the budget" in screen_text(app)
        await pilot.press("m", "enter")
        await pilot.pause()
    assert disk(db_path)["interactions"][0]["topics"] == "her race in the rain"


async def test_a_conversation_deleted_meanwhile_stays_deleted(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana")
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="her race"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter", "enter")
        elsewhere(db_path).delete_interaction(talk.id)
        app.screen.query_one("#field-topics", Input).focus()
        await type_text(pilot, " and her knee")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
        assert error_text(app) == ("The conversation of 2026-11-20 was removed by another netjournal meanwhile; "
                                   "your changes were not saved")
    assert disk(db_path)["interactions"] == []


# --- a queued share item ------------------------------------------------------------------------------------


async def test_editing_a_share_item_keeps_a_pass_and_a_tag_saved_meanwhile(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana")
    share = journal.add_share(Share(title="Marathon nutrition", tags=["running"]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, ValueScreen)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ShareForm)
        other = elsewhere(db_path)
        other.pass_on(share.id, ana.id, "2026-11-24")
        other.update_share(change(other, other.share(share.id), tags=["running", "food"]))
        await pilot.press("end")
        await type_text(pilot, ", 2nd edition")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ValueScreen)
    (saved,) = disk(db_path)["shares"]
    assert saved["title"] == "Marathon nutrition, 2nd edition" and saved["tags"] == ["running", "food"]
    assert [p["contact_id"] for p in saved["passed"]] == [ana.id]


async def test_a_share_item_removed_meanwhile_stays_removed(db_path):
    journal = people(db_path)
    share = journal.add_share(Share(title="Marathon nutrition"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "e")
        elsewhere(db_path).delete_share(share.id)
        await type_text(pilot, "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ShareForm)
        assert error_text(app).startswith("The shared item 'Marathon nutrition' was removed by another netjournal")
    assert disk(db_path)["shares"] == []


# --- critical goals -----------------------------------------------------------------------------------------


async def test_a_critical_goal_keeps_a_date_and_a_helper_added_meanwhile(db_path):
    journal = people(db_path)
    ana, cleo = journal.resolve_name("Ana"), journal.resolve_name("Cleo")
    goal = journal.add_focus_goal(FocusGoal(text="Sign the data agreement", helps=[ana.id]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "c")
        form = app.screen
        assert isinstance(form, FocusGoalsForm)
        other = elsewhere(db_path)
        other.save_focus_goals([dataclasses.replace(goal, due="2027-01-07", helps=[ana.id, cleo.id])])
        form.query_one("#field-helps_1", Input).focus()
        await pilot.press("end")
        await type_text(pilot, ", Ben Okafor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    (saved,) = disk(db_path)["focus_goals"]
    ben = journal.resolve_name("Ben")
    assert saved["due"] == "2027-01-07" and saved["helps"] == [ana.id, cleo.id, ben.id]


async def test_a_critical_goal_dated_in_both_places_asks(db_path):
    journal = people(db_path)
    goal = journal.add_focus_goal(FocusGoal(text="Sign the data agreement"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "c")
        form = app.screen
        elsewhere(db_path).save_focus_goals([dataclasses.replace(goal, due="2027-01-07")])
        form.query_one("#field-due_1", Input).focus()
        await type_text(pilot, "2027-02-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "Goal 1: Due date" in text and "mine   2027-02-01" in text and "saved  2027-01-07" in text
        await pilot.press("t", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [g["due"] for g in disk(db_path)["focus_goals"]] == ["2027-01-07"]


# --- the weekly reflection ----------------------------------------------------------------------------------


async def test_an_answer_written_in_another_window_is_not_wiped(db_path):
    journal = people(db_path)
    week = week_key(journal.today())
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        (first_id, first_prompt), (second_id, second_prompt) = screen.questions[:2]
        await pilot.press(*"Ana helped most")  # the first answer has the focus
        elsewhere(db_path).save_reflection(Reflection(week=week, notes="From the other window", answers=[
            ReflectionAnswer(second_id, second_prompt, "Ben is new")]))
        await pilot.pause(1.2)  # saved as you go
        saved = disk(db_path)["reflections"][0]
        assert {a["prompt_id"]: a["answer"] for a in saved["answers"]} == {first_id: "Ana helped most",
                                                                         second_id: "Ben is new"}
        assert saved["notes"] == "From the other window"
        # ...and what the other window wrote is on screen now.
        assert screen.query_one("#answer-2", TextArea).text == "Ben is new"
        assert screen.query_one("#reflection-notes", TextArea).text == "From the other window"
        await pilot.press(*" and Cleo", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    saved = disk(db_path)["reflections"][0]
    assert {a["prompt_id"]: a["answer"] for a in saved["answers"]} == {first_id: "Ana helped most and Cleo",
                                                                     second_id: "Ben is new"}


async def test_the_same_answer_written_in_two_windows_asks(db_path):
    journal = people(db_path)
    week = week_key(journal.today())
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        screen = app.screen
        first_id, first_prompt = screen.questions[0]
        await pilot.press(*"Ana helped most")
        elsewhere(db_path).save_reflection(Reflection(week=week, answers=[
            ReflectionAnswer(first_id, first_prompt, "Ben helped most")]))
        await pilot.pause(1.2)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert f"Answer to: {first_prompt}" in text
        assert "mine   Ana helped most" in text and "saved  Ben helped most" in text
        before = db_path.read_bytes()
        await pilot.press("escape")  # back to the reflection: nothing saved, the typing still there
        await pilot.pause()
        assert app.screen is screen and db_path.read_bytes() == before
        assert screen.query_one("#answer-1", TextArea).text == "Ana helped most"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("t", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#answer-1", TextArea).text == "Ben helped most"  # the choice is on screen
    (saved,) = disk(db_path)["reflections"]
    assert [a["answer"] for a in saved["answers"]] == ["Ben helped most"]


async def test_closing_the_app_with_an_answer_written_in_both_places_keeps_both(db_path):
    journal = people(db_path)
    week = week_key(journal.today())
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        first_id, first_prompt = app.screen.questions[0]
        await pilot.press(*"Ana helped most")
        elsewhere(db_path).save_reflection(Reflection(week=week, answers=[
            ReflectionAnswer(first_id, first_prompt, "Ben helped most")]))
    (saved,) = disk(db_path)["reflections"]  # nobody could be asked: neither text is lost
    assert [a["answer"] for a in saved["answers"]] == ["Ben helped most\n\nAna helped most"]
