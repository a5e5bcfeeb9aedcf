"""The monthly review in the app, pressed as a person would: M opens it, g sets a goal, n writes down an action,
space ticks an own goal, d drops one, [ and ] change the month. Each test checks the screen and the journal file on
disk; every day is the pinned TODAY (2026-11-25)."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Select, SelectionList, Static

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, MonthGoal, Organisation, PracticeNote
from netjournal.settings.content import activities
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.confirm import ConfirmScreen
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.forms.month_goal_form import KIND_WORDS, MonthGoalForm, PracticeNoteForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.month import MonthScreen
from netjournal.tui.screens.organisations import OrganisationScreen
from netjournal.tui.screens.person import PersonScreen

from .conftest import TODAY
from .test_tui_contacts import disk
from .test_tui_follow_up_forms import error_under, tab_to
from .test_tui_form_keys import SIZE
from .test_tui_organisations import table_text
from .test_tui_value import type_text


def network(db_path) -> Journal:
    """Northgate (rank 1: Ana and Bo), the City Council (Kwame); in November a formal meeting with Ana and Bo and
    an informal coffee with Bo; in October a call with Ana."""
    journal = Journal(db_path, today=lambda: TODAY)
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate Inc."))
    bo = journal.add_contact(Contact(name="Bo Lind", org="northgate"))
    journal.add_contact(Contact(name="Kwame Mensah", org="City Council"))
    northgate = journal.organisation_named("Northgate Inc.")
    journal.edit_organisation(northgate, Organisation(**{**northgate.__dict__, "rank": 1}))
    journal.log_interaction(Interaction(date="2026-10-14", with_=[ana.id], channel="call", topics="the tender"))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id, bo.id], topics="the port budget",
                                        formal=True, business=True))
    journal.log_interaction(Interaction(date="2026-11-23", with_=[bo.id], topics="his allotment"))
    return journal


def month_goals(db_path) -> list[dict]:
    return disk(db_path).get("month_goals", [])


def goal_rows(app) -> list[str]:
    return table_text(app, "month-goals")


async def open_month(pilot) -> None:
    await pilot.press("M")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MonthScreen)


async def choose_kind(pilot, words: str) -> None:
    """Open the Kind select and move to the choice that starts with these words, with the arrows, as a person
    would, and choose it with enter."""
    select = pilot.app.screen.query_one("#field-kind", Select)
    await tab_to(pilot, "field-kind")
    await pilot.press("enter")
    await pilot.pause()
    kinds = list(KIND_WORDS)
    current = kinds.index(select.value)
    wanted = next(n for n, kind in enumerate(kinds) if KIND_WORDS[kind].startswith(words))
    await pilot.press(*(["down"] * (wanted - current) if wanted >= current else ["up"] * (current - wanted)))
    await pilot.press("enter")
    await pilot.pause()
    assert select.value == kinds[wanted]


async def set_goal_with(pilot, who: str) -> None:
    """g, the organisation or person typed in With, ctrl+s."""
    await pilot.press("g")
    await pilot.pause()
    await tab_to(pilot, "field-with")
    await type_text(pilot, who)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_m_opens_the_month_with_organisation_and_person_counts(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        assert app.screen.title == "Month 2026-11 (1 Nov - 30 Nov 2026, so far)"
        orgs = table_text(app, "month-organisations")
        # Northgate: one formal meeting, one informal coffee; in October one (informal) call.
        assert orgs == ["Northgate Inc. | 1 | 1 | 1 | 1 informal | 2 in person"]
        people = table_text(app, "month-people")
        assert people[0] == "Bo Lind | 1 | 1 | none | 2 in person | new"
        assert people[1] == "Ana Ruiz | 1 | - | 1 informal | 1 in person | "
        summary = str(app.screen.query_one("#month-summary", Static).render())
        assert "Conversations: 2 (1 informal, 1 formal) · 2026-10: 1 (1 informal, 0 formal)" in summary
        assert "New people met: Bo Lind" in summary
        assert "0 days this month, 0 this quarter (the guides suggest at least one a quarter)" in summary

        await pilot.press("enter")  # on Northgate
        await pilot.pause()
        assert isinstance(app.screen, OrganisationScreen)
        await pilot.press("escape", "tab", "enter")  # People: Bo Lind
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.contact_id == app.journal.resolve_name("Bo Lind").id
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_opens_the_month(db_path):
    from .test_tui_palette_themes import palette

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "month")
        assert isinstance(app.screen, MonthScreen)


async def test_an_informal_goal_set_with_g_is_met_once_a_conversation_is_logged(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, MonthGoalForm)
        await choose_kind(pilot, "informal contacts with")
        await tab_to(pilot, "field-with")
        await type_text(pilot, "north")
        await pilot.press("enter")  # completes the organisation's name and moves on to the count
        assert app.screen.query_one("#field-with", Input).value == "Northgate Inc."
        assert app.focused.id == "field-count"
        await pilot.press("backspace", "2", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        await pilot.pause()
        # One informal contact (the coffee with Bo) of the two: still open.
        assert goal_rows(app) == ["open | at least 2 informal contacts with Northgate Inc. | 1 of 2"]
        [goal] = month_goals(db_path)
        northgate = app.journal.organisation_named("Northgate Inc.")
        assert (goal["month"], goal["kind"], goal["count"], goal["org_id"], goal["contact_id"]) == (
            "2026-11", "informal", 2, northgate.id, None)

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("l")  # Ana Ruiz is selected in the Contacts pane; informal unless ticked formal
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
        await type_text(pilot, "lunch by the harbour")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await open_month(pilot)
        assert goal_rows(app) == ["met | at least 2 informal contacts with Northgate Inc. | 2 of 2"]
        assert app.screen.sub_title == "goals: 1 of 1 met"


async def test_the_screen_follows_a_change_saved_elsewhere(db_path):
    journal = network(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        assert goal_rows(app) == []
        other = Journal(db_path, today=lambda: TODAY)  # the command line, or a second window
        other.add_month_goal(MonthGoal(month="2026-11", kind="new_people", count=1))
        app.check_for_changes()
        await pilot.pause()
        await pilot.pause()
        assert goal_rows(app) == ["met | meet at least 1 new person | 1 of 1"]


async def test_an_activity_goal_and_a_note_linked_to_a_conversation(db_path):
    journal = network(db_path)
    coffee = next(t for t in journal.interactions() if t.topics == "his allotment")
    catalogue = activities()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        await pilot.press("g")
        await pilot.pause()
        await choose_kind(pilot, "an activity from the guides")
        assert not app.screen.query_one("#group-with").display  # no "with" for an activity
        await tab_to(pilot, "field-activity")
        activity_list = app.screen.query_one("#field-activity", OptionList)
        assert activity_list.option_count == len(catalogue)
        assert activity_list.get_option_at_index(0).prompt.plain.startswith(f"{catalogue[0].id} level ")
        assert catalogue[0].practice in activity_list.get_option_at_index(0).prompt.plain
        await pilot.press("down")  # the second activity
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        await pilot.pause()
        [goal] = month_goals(db_path)
        assert (goal["kind"], goal["activity_id"], goal["notes"]) == ("activity", catalogue[1].id, [])
        assert goal_rows(app) == [f"open | practise {catalogue[1].id}: {catalogue[1].title} | "
                                  "0 actions written down"]
        assert catalogue[1].practice in str(app.screen.query_one("#month-goal-help", Static).render())

        await pilot.press("n")  # from the Organisations table: goes to Goals first, and says so
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen) and app.focused.id == "month-goals"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PracticeNoteForm)
        listed = app.screen.query_one("#field-conversations", SelectionList)
        # The month's conversations only (not October's call), newest first.
        assert [str(listed.get_option_at_index(n).prompt) for n in range(listed.option_count)] == [
            "2026-11-23 · Bo Lind · his allotment", "2026-11-20 · Ana Ruiz, Bo Lind · the port budget"]
        await type_text(pilot, "asked Bo what he grows")
        await pilot.press("tab")
        await type_text(pilot, "he invited me to the allotment open day")
        await tab_to(pilot, "field-conversations")
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        await pilot.pause()
        assert goal_rows(app) == [
            f"met | practise {catalogue[1].id}: {catalogue[1].title} | 1 action written down",
            " |   2026-11-25: asked Bo what he grows -> he invited me to the allotment open day | "]
    [goal] = month_goals(db_path)
    assert goal["notes"] == [{"date": "2026-11-25", "action": "asked Bo what he grows",
                              "result": "he invited me to the allotment open day",
                              "interaction_ids": [coffee.id]}]


async def test_bad_input_shows_in_the_form_and_writes_nothing(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        before = db_path.read_bytes()
        await set_goal_with(pilot, "Nowhere Ltd")
        assert isinstance(app.screen, MonthGoalForm)
        assert error_under(app, "with") == "no organisation or person named 'Nowhere Ltd'"
        assert db_path.read_bytes() == before

        app.screen.query_one("#field-with", Input).value = "Northgate Inc."
        await tab_to(pilot, "field-count")
        await pilot.press("backspace", "0", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MonthGoalForm)
        assert error_under(app, "with") == ""  # the old error is gone; the new one is under the count
        assert error_under(app, "count").startswith("must be a whole number from 1 to")
        assert app.focused.id == "field-count"
        assert db_path.read_bytes() == before

        await choose_kind(pilot, "my own goal")
        await pilot.press("ctrl+s")  # no words
        await pilot.pause()
        assert error_under(app, "text") == "say what the goal is"
        assert db_path.read_bytes() == before
        await pilot.press("escape")  # something was typed: it asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
    assert db_path.read_bytes() == before


async def test_a_goal_set_again_changes_its_count_and_keeps_its_notes(db_path):
    journal = network(db_path)
    northgate = journal.organisation_named("Northgate Inc.")
    goal = journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", count=1, org_id=northgate.id))
    journal.add_practice_note(goal.id, PracticeNote("2026-11-23", "coffee with Bo"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        before = db_path.read_bytes()
        await set_goal_with(pilot, "Northgate Inc.")  # the same count: nothing to change, and the form says so
        assert isinstance(app.screen, MonthGoalForm)
        assert error_under(app, "kind") == "2026-11 already has this goal, for 1; give another count to change it"
        assert db_path.read_bytes() == before
        await tab_to(pilot, "field-count")
        await pilot.press("backspace", "3", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        await pilot.pause()
        assert goal_rows(app)[0] == "open | at least 3 informal contacts with Northgate Inc. | 1 of 3"
    (stored,) = month_goals(db_path)
    assert (stored["id"], stored["count"], [n["action"] for n in stored["notes"]]) == (goal.id, 3, ["coffee with Bo"])


async def test_space_ticks_only_an_own_goal_and_d_drops_after_asking(db_path):
    journal = network(db_path)
    journal.add_month_goal(MonthGoal(month="2026-11", kind="events", count=1))
    own = journal.add_month_goal(MonthGoal(month="2026-11", kind="own", text="thank the port's director"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_month(pilot)
        app.screen.query_one("#month-goals", DataTable).focus()
        assert goal_rows(app) == ["open | go to at least 1 event | 0 of 1",
                                  "open | thank the port's director | not done yet"]
        await pilot.press("space")  # the events goal: met from the log, not by hand
        await pilot.pause()
        assert any("met from the log" in n.message for n in app._notifications)
        assert [g["done"] for g in month_goals(db_path)] == [False, False]
        await pilot.press("down", "space")
        await pilot.pause()
        await pilot.pause()
        assert goal_rows(app)[1] == "met | thank the port's director | done"
        assert next(g for g in month_goals(db_path) if g["id"] == own.id)["done"] is True
        await pilot.press("space")  # and back
        await pilot.pause()
        await pilot.pause()
        assert goal_rows(app)[1] == "open | thank the port's director | not done yet"

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # kept
        await pilot.pause()
        assert len(month_goals(db_path)) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert goal_rows(app) == ["open | go to at least 1 event | 0 of 1"]
    assert [g["kind"] for g in month_goals(db_path)] == ["events"]


async def test_brackets_go_to_the_month_before_and_after(db_path):
    journal = network(db_path)
    journal.add_month_goal(MonthGoal(month="2026-10", kind="new_people", count=2))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.title == "Month 2026-10 (1 Oct - 31 Oct 2026)"
        assert table_text(app, "month-people") == ["Ana Ruiz | - | 1 | none | 1 call | new"]
        # October is over: a goal not met then was missed.
        assert goal_rows(app) == ["missed | meet at least 2 new people | 1 of 2"]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.screen.title == "Month 2026-12 (1 Dec - 31 Dec 2026)"
        assert table_text(app, "month-people") == [] and goal_rows(app) == []
        assert table_text(app, "month-organisations") == ["Northgate Inc. | 1 | - | - | 1 formal, 1 informal | -"]


async def test_m_again_opens_this_month_with_what_changed_while_it_was_closed(db_path):
    """The month screen is kept between openings (it opens faster): it must not show a stale month."""
    journal = network(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        first = app.screen
        await pilot.press("left_square_bracket", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        other = Journal(db_path, today=lambda: TODAY)  # the command line, while the month is closed
        (kwame,) = other.find_contacts("Kwame Mensah")
        other.log_interaction(Interaction(date="2026-11-24", with_=[kwame.id], channel="event"))
        app.check_for_changes()
        await pilot.pause()
        await open_month(pilot)
        assert app.screen is first  # the same screen, shown again...
        assert app.screen.title == "Month 2026-11 (1 Nov - 30 Nov 2026, so far)"  # ...on this month
        assert "Kwame Mensah | - | 1 | none | 1 event | new" in table_text(app, "month-people")
        assert app.screen.query_one("#month-organisations", DataTable).has_focus


async def test_stored_markup_and_control_characters_show_as_typed(db_path):
    journal = Journal(db_path, today=lambda: TODAY)
    sneaky = journal.add_contact(Contact(name="[bold]x[/]\x1b[31m", org="[red]Evil[/] Corp"))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[sneaky.id], topics="[link=x]y[/link]\x07"))
    org = journal.organisation_named("[red]Evil[/] Corp")
    journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", count=1, org_id=org.id))
    own = journal.add_month_goal(MonthGoal(month="2026-11", kind="own", text="[b]win[/] \\"))
    from netjournal.core.model import PracticeNote

    journal.add_practice_note(own.id, PracticeNote(date="2026-11-21", action="[i]asked[/]\x1b]52;c;x\x07",
                                                   result="[/]"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_month(pilot)
        assert table_text(app, "month-people")[0].startswith("[bold]x[/]␛[31m | ")
        assert table_text(app, "month-organisations")[0].startswith("[red]Evil[/] Corp | ")
        summary = str(app.screen.query_one("#month-summary", Static).render())
        assert "New people met: [bold]x[/]␛[31m" in summary
        assert goal_rows(app) == ["met | at least 1 informal contact with [red]Evil[/] Corp | 1 of 1",
                                  "open | [b]win[/] \\ | not done yet",
                                  " |   2026-11-21: [i]asked[/]␛]52;c;x␇ -> [/] | "]
        app.screen.query_one("#month-goals", DataTable).focus()
        await pilot.press("down", "n")
        await pilot.pause()
        assert isinstance(app.screen, PracticeNoteForm)
        listed = app.screen.query_one("#field-conversations", SelectionList)
        assert str(listed.get_option_at_index(0).prompt) == "2026-11-20 · [bold]x[/]␛[31m · [link=x]y[/link]␇"
        assert "[b]win[/] \\" in str(app.screen.query_one(".form-title", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        drawn = app.export_screenshot()  # what the month screen draws: the words, no control characters
        assert "[bold]x[/]␛[31m" in drawn.replace("&#160;", " ") and "\x1b" not in drawn and "\x07" not in drawn
