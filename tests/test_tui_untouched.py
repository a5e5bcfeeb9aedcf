"""A form saved without touching a field keeps exactly what was stored in it: people (ids), roles, tags.

The fields that hold people, roles or tags show them as text; reading that text back (names split at commas,
a name matched to the nearest person, only the roles this computer knows) must never change a field the person
did not touch. And a field the person did edit reads names with commas in them, archived people and roles this
computer does not know without surprises. Driven with real keys; every check is on the file on disk.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from textual.widgets import Input, SelectionList, Static

from netjournal.settings.content import Role, builtin_roles
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, FocusGoal, Interaction, Share
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.confirm import ConfirmScreen
from netjournal.tui.forms.conflict import ConflictScreen
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.focus_goals_form import FocusGoalsForm
from netjournal.tui.forms.goal_form import GoalForm
from netjournal.tui.forms.introduction_form import IntroductionForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.forms.pass_on_form import PassOnForm
from netjournal.tui.forms.role_picker import RolePicker
from netjournal.tui.forms.share_form import ShareForm
from netjournal.tui.screens.main import MainScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text
from .test_tui_value import type_text

BOARD_ALLY = Role(id="board_ally", name="Board ally", key="w", description="on the board")


async def opened(pilot, form):
    """Open a form as its screen would, and wait until it is drawn and has taken note of its values."""
    pilot.app.push_screen(form)
    for _ in range(3):
        await pilot.pause()
    return form


async def saved(pilot) -> None:
    await pilot.press("ctrl+s")
    for _ in range(3):
        await pilot.pause()


def errors(app) -> list[str]:
    return [str(label.render()) for label in app.screen.query(".field-error.-shown")]


def stored(path, table: str, record_id: str) -> dict:
    return next(doc for doc in disk(path)[table] if doc["id"] == record_id)


def talk_with(journal: Journal, *people: Contact) -> Interaction:
    return journal.log_interaction(Interaction(date="2026-11-20", with_=[p.id for p in people], topics="budget"))


# --- 1. an archived person is not moved to an active one whose name starts the same -----------------------


def archived_ana(path) -> tuple[Journal, Contact, Contact, Interaction]:
    journal = Journal(path)
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour"))
    lopez = journal.add_contact(Contact(name="Ana Ruiz-Lopez", org="Tidewater"))
    talk = talk_with(journal, ana)
    journal.archive_contact(ana.id)
    return journal, ana, lopez, talk


async def test_an_untouched_correction_keeps_an_archived_person(db_path):
    journal, ana, _, talk = archived_ana(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, LogForm(journal, interaction=talk))
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    assert stored(db_path, "interactions", talk.id)["with"] == [ana.id]


async def test_enter_on_an_archived_persons_full_name_keeps_them(db_path):
    journal, ana, _, talk = archived_ana(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, LogForm(journal, interaction=talk))
        await pilot.press("shift+tab", "end", "enter")  # enter completes a name: "Ana Ruiz" is complete already
        assert form.query_one("#field-with", Input).value == "Ana Ruiz"
        await saved(pilot)
    assert stored(db_path, "interactions", talk.id)["with"] == [ana.id]


async def test_adding_a_person_beside_an_archived_one_keeps_the_archived_one(db_path):
    journal, ana, _, talk = archived_ana(db_path)
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, LogForm(journal, interaction=talk))
        await pilot.press("shift+tab", "end")  # a correction opens on its topic; the names are just above
        await type_text(pilot, ", Ben")
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    assert stored(db_path, "interactions", talk.id)["with"] == [ana.id, ben.id]


# --- 2. and 3. names with a comma in them ----------------------------------------------------------------


def kim_and_lee(path) -> tuple[Journal, Contact, Contact]:
    journal = Journal(path)
    kim = journal.add_contact(Contact(name="Kim, Lee", org="Harbour"))  # 'Last, First', as CSV exports write
    lee = journal.add_contact(Contact(name="Lee", org="Tidewater"))
    return journal, kim, lee


def mbas(path) -> tuple[Journal, Contact, Contact]:
    journal = Journal(path)
    ana = journal.add_contact(Contact(name="Ana Ruiz, MBA", org="Harbour"))
    ben = journal.add_contact(Contact(name="Ben Okafor, MBA", org="Tidewater"))
    return journal, ana, ben


async def test_an_untouched_correction_does_not_split_a_name_at_its_comma(db_path):
    journal, kim, _ = kim_and_lee(db_path)
    talk = talk_with(journal, kim)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, LogForm(journal, interaction=talk))
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    assert stored(db_path, "interactions", talk.id)["with"] == [kim.id]


async def test_an_untouched_correction_with_comma_suffixes_saves(db_path):
    journal, ana, _ = mbas(db_path)
    talk = talk_with(journal, ana)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, LogForm(journal, interaction=talk))
        await pilot.press("tab")  # from the topic on to the date: the date changes, the people do not
        await type_text(pilot, "2026-11-19")
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    saved_talk = stored(db_path, "interactions", talk.id)
    assert saved_talk["with"] == [ana.id] and saved_talk["date"] == "2026-11-19"


async def test_a_person_with_a_comma_is_completed_and_saved(db_path):
    journal, ana, ben = mbas(db_path)
    talk = talk_with(journal, ana)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, LogForm(journal, interaction=talk))
        await pilot.press("shift+tab", "end")
        await type_text(pilot, ", Ben")
        await pilot.press("enter")  # completes the name, as a form that reads back as that one person
        assert form.query_one("#field-with", Input).value == "Ana Ruiz, MBA, Ben Okafor, MBA"
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    assert stored(db_path, "interactions", talk.id)["with"] == [ana.id, ben.id]


async def test_a_new_conversation_with_a_comma_name_typed_in_full(db_path):
    journal, kim, lee = kim_and_lee(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, LogForm(journal))
        await type_text(pilot, "Kim, Lee")  # one person's full name, not Kim and Lee
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
        await opened(pilot, LogForm(journal))
        await type_text(pilot, "Lee, Kim, Lee")  # Lee, and the start of Kim, Lee's name
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    assert sorted((talk["with"] for talk in disk(db_path)["interactions"]), key=len) == [[kim.id], [lee.id, kim.id]]


async def test_a_new_conversation_prefilled_with_a_comma_name(db_path):
    journal, kim, _ = kim_and_lee(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, LogForm(journal, [kim]))
        await saved(pilot)
        assert not isinstance(app.screen, LogForm), errors(app)
    (talk,) = disk(db_path)["interactions"]
    assert talk["with"] == [kim.id]


# --- 4. roles this computer does not know -----------------------------------------------------------------


def ana_with_a_role_from_elsewhere(path) -> tuple[Journal, Contact]:
    with Journal(path, roles=[*builtin_roles(), BOARD_ALLY]) as laptop:  # the laptop, with its roles.yaml
        ana = laptop.add_contact(Contact(name="Ana", roles=["board_ally", "supporter"]))
    return Journal(path), ana  # this computer: no roles.yaml (or one that was skipped)


async def test_a_role_not_defined_here_is_kept_when_the_phone_changes(db_path):
    journal, ana = ana_with_a_role_from_elsewhere(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, ContactForm(journal, journal.contact(ana.id)))
        roles = form.query_one("#field-roles", SelectionList)
        shown = [str(roles.get_option_at_index(i).prompt) for i in range(roles.option_count)]
        assert "board_ally (not defined on this computer)" in shown
        form.query_one("#field-phone", Input).focus()
        await type_text(pilot, "555 0100")
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
    person = stored(db_path, "contacts", ana.id)
    assert person["phone"] == "555 0100" and person["roles"] == ["board_ally", "supporter"]


async def test_a_role_not_defined_here_goes_when_the_person_unticks_it(db_path):
    journal, ana = ana_with_a_role_from_elsewhere(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, ContactForm(journal, journal.contact(ana.id)))
        roles = form.query_one("#field-roles", SelectionList)
        roles.focus()
        await pilot.press("end", "space")  # the role from elsewhere is listed last
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
    assert stored(db_path, "contacts", ana.id)["roles"] == ["supporter"]


async def test_the_role_picker_keeps_a_role_not_defined_here(db_path):
    journal, ana = ana_with_a_role_from_elsewhere(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "o")
        assert isinstance(app.screen, RolePicker)
        assert "board_ally (not defined on this computer)" in str(app.screen.query_one("#role-lines", Static).content)
        await pilot.press("c", "enter")  # coach or mentor on
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert stored(db_path, "contacts", ana.id)["roles"] == ["board_ally", "supporter", "coach_mentor"]


# --- 5. tags with a comma in them -------------------------------------------------------------------------


def ana_sails(path) -> tuple[Journal, Contact]:
    result = subprocess.run([sys.executable, "-m", "netjournal", "--db", str(path), "add", "Ana",
                             "--tag", "sailing, racing", "--tag", "golf"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    journal = Journal(path)
    return journal, journal.contacts()[0]


async def test_an_untouched_person_keeps_a_tag_with_a_comma(db_path):
    journal, ana = ana_sails(db_path)
    assert ana.tags == ["sailing, racing", "golf"]
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ContactForm(journal, ana))
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
    assert stored(db_path, "contacts", ana.id)["tags"] == ["sailing, racing", "golf"]


async def test_a_tag_added_beside_a_tag_with_a_comma_keeps_it_whole(db_path):
    journal, ana = ana_sails(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, ContactForm(journal, ana))
        form.query_one("#field-tags", Input).focus()
        await pilot.press("end")
        await type_text(pilot, ", choir")
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
    assert stored(db_path, "contacts", ana.id)["tags"] == ["sailing, racing", "golf", "choir"]


async def test_an_untouched_share_item_keeps_a_tag_with_a_comma(db_path):
    journal = Journal(db_path)
    share = journal.add_share(Share(title="Regatta results", tags=["sailing, racing"]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ShareForm(journal, share))
        await pilot.press("end")
        await type_text(pilot, " 2026")  # the title changes, the tags do not
        await saved(pilot)
        assert not isinstance(app.screen, ShareForm), errors(app)
    item = stored(db_path, "shares", share.id)
    assert item["title"] == "Regatta results 2026" and item["tags"] == ["sailing, racing"]


# --- 6. the other fields that hold people ------------------------------------------------------------------


async def test_an_untouched_person_keeps_an_archived_introducer(db_path):
    journal, ana, _, _ = archived_ana(db_path)
    dev = journal.add_contact(Contact(name="Dev Patel", introduced_by=ana.id))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, ContactForm(journal, dev))
        assert form.query_one("#field-introduced_by", Input).value == "Ana Ruiz"
        await pilot.press("end")
        await type_text(pilot, " Jr")  # the name changes, the introducer does not
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
    person = stored(db_path, "contacts", dev.id)
    assert person["name"] == "Dev Patel Jr" and person["introduced_by"] == ana.id


async def test_an_introducer_with_a_comma_is_kept_and_can_be_typed(db_path):
    journal, kim, lee = kim_and_lee(db_path)
    dev = journal.add_contact(Contact(name="Dev Patel", introduced_by=kim.id))
    cleo = journal.add_contact(Contact(name="Cleo Mensah"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ContactForm(journal, dev))
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
        form = await opened(pilot, ContactForm(journal, journal.contact(cleo.id)))
        form.query_one("#field-introduced_by", Input).focus()
        await type_text(pilot, "Kim, Lee")
        await saved(pilot)
        assert not isinstance(app.screen, ContactForm), errors(app)
    assert stored(db_path, "contacts", dev.id)["introduced_by"] == kim.id
    assert stored(db_path, "contacts", cleo.id)["introduced_by"] == kim.id


async def test_an_untouched_critical_goal_keeps_its_people(db_path):
    journal, kim, lee = kim_and_lee(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    lopez = journal.add_contact(Contact(name="Ana Ruiz-Lopez"))
    journal.archive_contact(ana.id)
    goal = journal.add_focus_goal(FocusGoal(text="Sign the data agreement", helps=[kim.id], hinders=[ana.id]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, FocusGoalsForm(journal))
        form.query_one("#field-due_1", Input).focus()
        await type_text(pilot, "2027-01-07")
        await saved(pilot)
        assert not isinstance(app.screen, FocusGoalsForm), errors(app)
    saved_goal = stored(db_path, "focus_goals", goal.id)
    assert saved_goal["due"] == "2027-01-07"
    assert saved_goal["helps"] == [kim.id] and saved_goal["hinders"] == [ana.id]
    assert lopez.id not in saved_goal["hinders"] and lee.id not in saved_goal["helps"]


async def test_a_week_goal_with_a_person_whose_name_has_a_comma(db_path):
    journal, kim, _ = kim_and_lee(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, GoalForm(journal, "2026-W48"))
        await type_text(pilot, "Kim")
        await pilot.press("enter")  # completes the name
        assert form.query_one("#field-contact_id", Input).value == "Kim, Lee"
        await saved(pilot)
        assert not isinstance(app.screen, GoalForm), errors(app)
    assert [g["contact_id"] for g in disk(db_path)["week_goals"]] == [kim.id]


async def test_passing_on_to_the_suggested_person_with_a_comma(db_path):
    journal, ana, _ = mbas(db_path)
    share = journal.add_share(Share(title="Board papers"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, PassOnForm(journal, share, ana))
        await saved(pilot)
        assert not isinstance(app.screen, PassOnForm), errors(app)
    assert [p["contact_id"] for p in stored(db_path, "shares", share.id)["passed"]] == [ana.id]


async def test_introducing_two_people_with_commas_in_their_names(db_path):
    journal, ana, ben = mbas(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, IntroductionForm(journal, ana, ben))
        await type_text(pilot, "both sit on boards")
        await saved(pilot)
        assert not isinstance(app.screen, IntroductionForm), errors(app)
    (made,) = disk(db_path)["interactions"]
    assert made["with"] == [ana.id, ben.id]


# --- 7. a critical goal removed here while another window changed it ----------------------------------------


async def remove_a_goal_changed_elsewhere(pilot, db_path, journal: Journal) -> tuple[FocusGoal, Contact]:
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    goal = journal.add_focus_goal(FocusGoal(text="Lead the data team"))
    form = await opened(pilot, FocusGoalsForm(journal))
    with Journal(db_path) as other:  # another window changes the goal while the form is open
        other.save_focus_goals([dataclasses.replace(other.focus_goals()[0], helps=[ben.id],
                                                    text="Lead the data team by June")])
    form.query_one("#field-text_1", Input).focus()
    await pilot.press("end", "ctrl+u")  # clear the goal's text: remove it
    await saved(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    for _ in range(3):
        await pilot.pause()
    return goal, ben


async def test_removing_a_goal_changed_elsewhere_asks_again_with_the_newest_text(db_path):
    journal = Journal(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        goal, ben = await remove_a_goal_changed_elsewhere(pilot, db_path, journal)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "Lead the data team by June" in text and "Ben Okafor" in text
        await pilot.press("t", "enter")  # keep the goal as the other window saved it
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    (kept,) = disk(db_path)["focus_goals"]
    assert kept["text"] == "Lead the data team by June" and kept["helps"] == [ben.id]


async def test_removing_a_goal_changed_elsewhere_removes_it_when_the_person_says_so(db_path):
    journal = Journal(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await remove_a_goal_changed_elsewhere(pilot, db_path, journal)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("m", "enter")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert disk(db_path)["focus_goals"] == []


async def test_removing_a_goal_nobody_else_changed_does_not_ask_twice(db_path):
    journal = Journal(db_path)
    journal.add_focus_goal(FocusGoal(text="Lead the data team"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, FocusGoalsForm(journal))
        form.query_one("#field-text_1", Input).focus()
        await pilot.press("end", "ctrl+u")
        await saved(pilot)
        await pilot.press("y")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert disk(db_path)["focus_goals"] == []
