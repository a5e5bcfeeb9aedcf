"""The This week pane with real keys: choose, drop, log and see it met, move between weeks, carry over."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, OptionList

from netjournal.settings.config import Config
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, WeekGoal, next_week, previous_week, week_key
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.goal_form import GoalForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.main import MainScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text


def week_of(journal: Journal) -> str:
    return week_key(journal.today())


def people(path) -> Journal:
    journal = Journal(path)
    journal.add_contact(Contact(name="Ana Ruiz", tags=["running"], notes="Training for a marathon"))
    journal.add_contact(Contact(name="Ben Okafor", tags=["choir"]))
    return journal


def goals_on_disk(path) -> list[tuple[str, str, str]]:
    data = disk(path)
    names = {c["id"]: c["name"] for c in data["contacts"]}
    return sorted((g["week"], names[g["contact_id"]], g["intent"]) for g in data.get("week_goals", []))


def week_text(app) -> str:
    """What the This week pane shows, as plain text."""
    from textual.content import Content
    from textual.widgets import Static

    pane = app.screen.query_one("#week")
    parts = [str(s.render()) for s in pane.query(Static) if s.display]
    options = pane.query_one(OptionList)
    for index in range(options.option_count):
        parts.append(Content.from_markup(options.get_option_at_index(index).prompt).plain)
    return "\n".join(parts)


async def test_choose_and_drop_a_person(db_path):
    journal = people(db_path)
    week = week_of(journal)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert "Choose 2 more people for a non-business talk (g); your target is 2 a week." in week_text(app)
        await pilot.press("g")
        assert isinstance(app.screen, GoalForm)
        await pilot.press(*"ana", "enter")
        assert app.screen.query_one("#field-contact_id", Input).value == "Ana Ruiz"
        assert "Training for a marathon" in screen_text(app)  # conversation starters while choosing
        await pilot.press(*"how the long run went", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert goals_on_disk(db_path) == [(week, "Ana Ruiz", "how the long run went")]
        text = week_text(app)
        assert "· not yet  Ana Ruiz" in text and "how the long run went" in text
        assert "starters: running · Training for a marathon" in text
        assert "Choose 1 more person" in text
        await pilot.press("d")
        await pilot.pause()
        assert goals_on_disk(db_path) == []


async def test_a_non_business_conversation_flips_the_goal_to_met(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    journal.set_week_goal(WeekGoal(week=week_of(journal), contact_id=ana.id, intent="the marathon"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        # An email does not count (the run-book essay: emails do not qualify).
        journal.log_interaction(Interaction(date=journal.today(), with_=[ana.id], channel="email"))
        app.refresh_views()
        await pilot.pause()
        assert "· not yet  Ana Ruiz" in week_text(app)
        await pilot.press("enter")  # log the conversation for the goal under the cursor
        assert isinstance(app.screen, LogForm)
        assert app.screen.query_one("#field-with", Input).value == "Ana Ruiz, "
        assert app.screen.query_one("#field-business").value is False
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert f"✓ met {journal.today():%a}  Ana Ruiz" in week_text(app)
        assert "1 of 1 met" in app.screen.query_one("#week").border_subtitle


async def test_a_conversation_logged_elsewhere_shows_without_reload(db_path):
    from .conftest import run_cli

    journal = people(db_path)
    ben = journal.resolve_name("Ben Okafor")
    journal.set_week_goal(WeekGoal(week=week_of(journal), contact_id=ben.id))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        result = run_cli("--db", str(db_path), "log", "his choir concert", "--with", "ben", "--channel", "call")
        assert result.returncode == 0, result.stderr
        expected = f"✓ met {journal.today():%a}  Ben Okafor"
        for _ in range(30):
            await pilot.pause(0.1)
            if expected in week_text(app):
                break
        assert expected in week_text(app)


async def test_moving_between_weeks(db_path):
    journal = people(db_path)
    this_week = week_of(journal)
    ana = journal.resolve_name("Ana Ruiz")
    journal.set_week_goal(WeekGoal(week=previous_week(this_week), contact_id=ana.id, intent="her race"))
    app = NetJournalApp(journal, config=Config(weekly_target=1))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("2", "left_square_bracket")
        text = week_text(app)
        assert f"{previous_week(this_week)}" in text and "past week, read-only" in text
        assert "✗ missed  Ana Ruiz" in text
        await pilot.press("g", "d")
        assert isinstance(app.screen, MainScreen)  # past weeks cannot be changed: g and d are not offered there
        assert goals_on_disk(db_path) == [(previous_week(this_week), "Ana Ruiz", "her race")]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "planning ahead" in week_text(app)
        await pilot.press("g", *"ben", "enter", "ctrl+s")
        await pilot.pause()
        assert (next_week(this_week), "Ben Okafor", "") in goals_on_disk(db_path)
        await pilot.press("left_square_bracket")
        assert "this week" in week_text(app)


def footer_keys(app) -> dict[str, str]:
    """The keys the footer offers, with their words."""
    from textual.widgets._footer import FooterKey

    return {key.key: key.description for key in app.screen.query(FooterKey)}


async def test_a_past_week_with_nobody_chosen_speaks_of_the_past_and_offers_no_choosing(db_path):
    journal = people(db_path)
    this_week = week_of(journal)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert "Nobody chosen for this week yet." in week_text(app)
        assert footer_keys(app)["g"] == "Choose" and footer_keys(app)["d"] == "Drop"
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        past = previous_week(previous_week(previous_week(this_week)))
        text = week_text(app)
        assert f"Nobody was chosen for {past}." in text and "yet" not in text and "Choose" not in text
        assert "g" not in footer_keys(app) and "d" not in footer_keys(app)
        await pilot.press("g")  # not offered, and does nothing
        assert isinstance(app.screen, MainScreen) and goals_on_disk(db_path) == []
        for _ in range(4):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert f"Nobody chosen for {next_week(this_week)} yet." in week_text(app)  # planning ahead
        assert footer_keys(app)["g"] == "Choose"


async def test_last_weeks_unmet_goals_are_offered_not_copied(db_path):
    journal = people(db_path)
    this_week = week_of(journal)
    ana, ben = journal.resolve_name("Ana"), journal.resolve_name("Ben")
    last = previous_week(this_week)
    journal.set_week_goal(WeekGoal(week=last, contact_id=ana.id, intent="her race"))
    journal.set_week_goal(WeekGoal(week=last, contact_id=ben.id, intent="the concert"))
    last_monday = journal.today() - timedelta(days=journal.today().weekday() + 7)
    journal.log_interaction(Interaction(date=last_monday, with_=[ben.id]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert "Not met last week: Ana Ruiz. Press c to carry them over." in week_text(app)
        assert goals_on_disk(db_path) == sorted([(last, "Ana Ruiz", "her race"), (last, "Ben Okafor", "the concert")])
        await pilot.press("c")
        await pilot.pause()
        assert (this_week, "Ana Ruiz", "her race") in goals_on_disk(db_path)
        assert "Not met last week" not in week_text(app)


async def test_history_grid_and_streak(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana")
    week = week_of(journal)
    for back in (1, 2, 3):
        goal_week = week
        for _ in range(back):
            goal_week = previous_week(goal_week)
        journal.set_week_goal(WeekGoal(week=goal_week, contact_id=ana.id))
        journal.log_interaction(Interaction(date=journal.today() - timedelta(weeks=back), with_=[ana.id]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        row = next(line for line in week_text(app).splitlines() if line.startswith("Ana Ruiz"))
        assert row.split()[-8:] == ["✓", "✓", "✓", "·", "3", "in", "a", "row"]  # this week not chosen yet
        options = app.screen.query_one("#week-goals", OptionList)
        assert options.option_count == 1  # nobody chosen this week yet: the empty line
