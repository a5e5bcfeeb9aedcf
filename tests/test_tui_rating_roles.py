"""The rating pass with every key, and assigning roles in the role map, checked on screen and on disk."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Label, OptionList

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Rating
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.role_picker import RolePicker
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.rating_pass import RatingPassScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text
from .test_tui_value import type_text


def ratings_on_disk(path) -> dict[str, list[dict]]:
    data = disk(path)
    names = {c["id"]: c["name"] for c in data["contacts"]}
    found: dict[str, list[dict]] = {}
    for rating in sorted(data.get("ratings", []), key=lambda r: r["date"]):
        found.setdefault(names[rating["contact_id"]], []).append(rating)
    return found


def network(path) -> Journal:
    journal = Journal(path)
    old = journal.today() - timedelta(days=60)
    for name, score in (("Ana", 3), ("Ben", 2), ("Cleo", 4), ("Dev", None), ("Eve", 1)):
        person = journal.add_contact(Contact(name=name, tags=["golf"] if name in ("Ana", "Cleo") else []))
        if score is not None:
            journal.rate(Rating(contact_id=person.id, date=old, score=score))
    recent = journal.add_contact(Contact(name="Finn"))
    journal.rate(Rating(contact_id=recent.id, date=journal.today() - timedelta(days=3), score=4))
    return journal


def card(app) -> str:
    return str(app.screen.query_one("#pass-card").render())


def last_rated(app) -> str:
    return str(app.screen.query_one("#pass-last").render())


def count(app) -> str:
    return str(app.screen.query_one("#pass-count", Label).render())


def error(app) -> str:
    return str(app.screen.query_one("#detail-error", Label).render())


async def test_a_full_rating_pass_with_every_key(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RatingPassScreen)
        # Lowest last rating first, never rated last, Finn (rated 3 days ago) not at all.
        assert count(app) == "1 of 5"
        assert "Eve" in card(app) and "Last rating: 1 poor" in card(app)

        await pilot.press("2")  # Eve: 1 -> 2, saved, and Ben's card at once
        await pilot.pause()
        assert "Ben" in card(app) and count(app) == "2 of 5"
        assert "Rated Eve 2 adequate · d adds barriers, an action, a date" in last_rated(app)
        await pilot.press("d")  # Eve's details, on demand: barriers, an action, an improve-by date
        assert not app.screen.query_one("#pass-card").display
        assert "Eve rated 2 adequate. Name what stands in the way" in str(
            app.screen.query_one("#pass-details-title").render())
        assert app.screen.query_one("#detail-barriers", Input).has_focus
        await type_text(pilot, "we only meet in big meetings")
        await pilot.press("enter")
        await type_text(pilot, "invite her to lunch")
        await pilot.press("enter")
        await type_text(pilot, "soon")
        await pilot.press("enter")
        assert "Improve by: 'soon' is not a date; use tomorrow, fri (the coming one), next week" in error(app)
        await pilot.press("ctrl+u", *"fri", "enter")  # the coming Friday
        await pilot.pause()
        assert "Ben" in card(app) and count(app) == "2 of 5"  # back on the card the pass is at
        assert "Rated Eve 2 adequate · d change its details" in last_rated(app)

        await pilot.press("1", "3")  # Ben: 2 -> 1; Ana stays at 3
        assert "Cleo" in card(app)
        await pilot.press("d")  # a 3 asks for a plan
        assert app.screen.query_one("#detail-plan", Input).has_focus
        assert not app.screen.query_one("#detail-improve_by", Input).parent.display  # no date for a 3
        await type_text(pilot, "lunch once a month")
        await pilot.press("enter")
        assert "Cleo" in card(app)
        await pilot.press("s")  # skip Cleo
        assert "Dev" in card(app) and "Not rated before" in card(app)
        await pilot.press("4")  # Dev: first rating
        await pilot.pause()
        assert "Nobody left to rate" in card(app)
        await pilot.press("d")  # a 4 has nothing to add
        await pilot.pause()
        assert "Dev is a 4 great: nothing to add" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("u")  # take Dev's rating back: his card again
        await pilot.pause()
        assert "Dev" in card(app)

        await pilot.press("escape")  # the end of the sweep: Ben (a 1) has no improve-by date yet
        await pilot.pause()
        assert count(app) == "Improve-by dates: 1 of 1"
        assert "Ben rated 1 poor" in str(app.screen.query_one("#pass-details-title").render())
        await pilot.press("escape")  # leave Ben without one: the summary
        await pilot.pause()
        summary = card(app)
        assert "Rated 3 people, 2 changed." in summary  # Ana stayed at 3
        assert "Skipped: 1; not reached: 1." in summary  # Cleo skipped, Dev taken back
        assert "Went down: Ben (2 → 1)" in summary and "Went up: Eve (1 → 2)" in summary
        assert "No improve-by date yet: Ben" in summary
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        table = app.screen.query_one("#contacts-table", DataTable)
        eve = next(table.get_row(key) for key in table.rows if str(table.get_row(key)[0]) == "Eve")
        assert str(eve[3]) == "2 adequate" and str(eve[4]) != "improve!"  # bug 1: "fri" was last Friday

    saved = ratings_on_disk(db_path)
    eve = saved["Eve"][-1]
    assert (eve["score"], eve["barriers"], eve["action"], eve["improve_by"]) == (
        2, "we only meet in big meetings", "invite her to lunch", "2026-11-27")
    assert (saved["Ben"][-1]["score"], saved["Ben"][-1]["barriers"], saved["Ben"][-1]["improve_by"]) == (1, "", None)
    assert (saved["Ana"][-1]["score"], saved["Ana"][-1]["plan"]) == (3, "lunch once a month")
    assert len(saved["Cleo"]) == 1 and "Dev" not in saved  # skipped; undone


async def test_five_people_rated_with_five_keys(db_path):
    """The sweep: one key per person for every score, each saved at once (no details box in the way)."""
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert count(app) == "1 of 5"
        await pilot.press("1", "3", "2", "4", "3")  # the five keys: Eve, Ben, Ana, Cleo, Dev
        await pilot.pause()
        assert "Nobody left to rate" in card(app) and "Rated Dev 3 good" in last_rated(app)
        saved = {name: ratings[-1]["score"] for name, ratings in ratings_on_disk(db_path).items()}
        assert saved == {"Eve": 1, "Ben": 3, "Ana": 2, "Cleo": 4, "Dev": 3, "Finn": 4}
        assert isinstance(app.screen, RatingPassScreen)  # saved while the pass is still open


async def test_the_second_round_asks_only_for_the_missing_dates(db_path):
    """After the sweep: the 1s and 2s still without an improve-by date, one at a time; escape leaves one."""
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1", "2", "2", "4", "3")  # Eve 1, Ben 2, Ana 2, Cleo 4, Dev 3
        await pilot.press("escape")  # 1 key: the second round, over Eve, Ben and Ana
        await pilot.pause()
        assert count(app) == "Improve-by dates: 1 of 3" and "Eve rated 1 poor" in str(
            app.screen.query_one("#pass-details-title").render())
        assert app.screen.query_one("#detail-improve_by", Input).has_focus  # the round is for the date
        await pilot.press(*"fri", "enter")  # 4 keys: Eve's date
        await pilot.pause()
        assert count(app) == "Improve-by dates: 2 of 3" and "Ben rated 2 adequate" in str(
            app.screen.query_one("#pass-details-title").render())
        await pilot.press("escape")  # 1 key: Ben is left without a date
        await pilot.pause()
        assert count(app) == "Improve-by dates: 3 of 3"
        await pilot.press("shift+tab", "shift+tab")  # Ana: the barriers and the action too
        await type_text(pilot, "no time")
        await pilot.press("enter")  # enter moves on; in the date it saves
        await type_text(pilot, "coffee")
        await pilot.press("enter")
        await pilot.press(*"in", "space", "2", "space", *"weeks", "enter")
        await pilot.pause()
        summary = card(app)
        assert "Rating pass done" in summary and "No improve-by date yet: Ben" in summary
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    saved = {name: ratings[-1] for name, ratings in ratings_on_disk(db_path).items()}
    assert (saved["Eve"]["score"], saved["Eve"]["barriers"], saved["Eve"]["improve_by"]) == (1, "", "2026-11-27")
    assert (saved["Ben"]["score"], saved["Ben"]["improve_by"]) == (2, None)
    assert (saved["Ana"]["barriers"], saved["Ana"]["action"], saved["Ana"]["improve_by"]) == (
        "no time", "coffee", "2026-12-09")


async def test_a_second_round_with_nothing_to_ask_goes_straight_to_the_summary(db_path):
    journal = network(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "2", "d", "enter", "enter", *"tomorrow", "enter")  # Eve's date given at once
        await pilot.press("3", "escape")
        await pilot.pause()
        assert "Rating pass done" in card(app) and "No improve-by date" not in card(app)
    assert ratings_on_disk(db_path)["Eve"][-1]["improve_by"] == "2026-11-26"


async def test_a_past_word_is_no_improve_by_date_and_nothing_is_saved(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1", "d", "enter", "enter")
        await type_text(pilot, "yesterday")
        await pilot.press("enter")
        await pilot.pause()
        assert "Improve by: 'yesterday' is in the past; a planned date is ahead: tomorrow, fri" in error(app)
        assert app.screen.query_one("#detail-improve_by", Input).has_focus  # still open, to correct it
        await pilot.press("escape")  # back to Ben's card; Eve keeps her 1 without details
        assert "Ben" in card(app)
    eve = ratings_on_disk(db_path)["Eve"][-1]
    assert (eve["score"], eve["improve_by"]) == (1, None)


async def test_escape_on_details_keeps_the_rating(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1", "d")
        await type_text(pilot, "no time")
        await pilot.press("escape")
        await pilot.pause()
        assert "Ben" in card(app) and count(app) == "2 of 5"
        await pilot.press("u")  # undo still takes back the last rating
        await pilot.pause()
        assert "Eve" in card(app)
    assert len(ratings_on_disk(db_path)["Eve"]) == 1  # only the rating from before the pass


async def test_the_footer_the_card_and_the_contacts_table_name_the_scores_alike(db_path):
    from textual.widgets._footer import FooterKey

    journal = network(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#contacts-table", DataTable)
        in_table = {str(table.get_row(key)[3]) for key in table.rows} - {""}
        assert in_table == {"1 poor", "2 adequate", "3 good", "4 great"}
        await pilot.press("r")
        await pilot.pause()
        footer = {key.key: key.description for key in app.screen.query(FooterKey)}
        # word for word, case too
        assert [f"{n} {footer[str(n)]}" for n in (1, 2, 3, 4)] == [
            "1 poor", "2 adequate", "3 good", "4 great"]
        assert "1 poor  2 adequate  3 good  4 great" in card(app)
        assert footer["escape"] == "Finish"  # in 80 columns, beside the four scores


async def test_everyone_and_by_tag(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "A")
        assert str(app.screen.query_one("#pass-count", Label).render()) == "1 of 6"  # Finn too
        await pilot.press("T", *"golf", "enter")
        assert str(app.screen.query_one("#pass-count", Label).render()) == "1 of 2"
        assert "Ana" in card(app)


async def test_a_rating_still_waiting_is_written_when_the_app_closes(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "4")
    assert ratings_on_disk(db_path)["Eve"][-1]["score"] == 4


async def test_assign_roles_in_the_role_map(db_path):
    journal = Journal(db_path)
    journal.add_contact(Contact(name="Ana", roles=["supporter"]))
    journal.add_contact(Contact(name="Ben"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        options = app.screen.query_one("#roles-people", OptionList)
        ben = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == "-:" +
                   journal.resolve_name("Ben").id)
        options.highlighted = ben
        await pilot.press("o")
        assert isinstance(app.screen, RolePicker)
        await pilot.press("c", "f", "c", "i", "enter")  # coach on, feedback on, coach off, information source on
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        text = screen_text(app)
        assert "Information source (1)\n  Ben" in text and "Performance-feedback advisor (1)\n  Ben" in text
        assert "Coach or mentor gap: nobody yet" in text
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen)
    roles = {c["name"]: c["roles"] for c in disk(db_path)["contacts"]}
    assert roles == {"Ana": ["supporter"], "Ben": ["information_source", "feedback_advisor"]}


async def test_a_passed_improve_by_date_shows_as_due(db_path):
    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana"))
    journal.add_contact(Contact(name="Ben"))
    journal.rate(Rating(contact_id=ana.id, date=journal.today() - timedelta(days=40), score=2,
                        improve_by=journal.today() - timedelta(days=5)))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#contacts-table", DataTable)
        assert str(table.get_row_at(0)[4]) == "improve!"
        assert "1 due" in app.screen.query_one("#contacts").border_subtitle


async def test_o_in_the_contacts_pane_assigns_roles_too(db_path):
    journal = Journal(db_path)
    journal.add_contact(Contact(name="Ana"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, RolePicker)
        await pilot.press("a", "enter")
        await pilot.pause()
    assert disk(db_path)["contacts"][0]["roles"] == ["ally"]


async def test_after_the_summary_only_escape_acts_and_undo_after_a_new_queue(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "4", "A", "u")  # rate Eve, rebuild the queue for everyone, take Eve back
        await pilot.pause()
        assert "Eve" in card(app)
        await pilot.press("escape", "s", "1")
        await pilot.pause()
        assert "Rating pass done" in card(app)  # s and 1 do nothing once the summary is up
    assert "Eve" not in ratings_on_disk(db_path) or len(ratings_on_disk(db_path)["Eve"]) == 1


async def test_the_palette_does_not_open_a_second_reflection(db_path):
    from netjournal.tui.screens.reflection import ReflectionScreen

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "ctrl+p", *"weekly reflection")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert sum(isinstance(s, ReflectionScreen) for s in app.screen_stack) == 1


async def test_a_critical_goals_due_date_reads_words_ahead(db_path):
    """Planned dates read forward everywhere: a goal's due date too (bug 1)."""
    from netjournal.tui.forms.focus_goals_form import FocusGoalsForm

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "c")
        assert isinstance(app.screen, FocusGoalsForm)
        await type_text(pilot, "Sign the data agreement")
        await pilot.press("tab", "tab", "tab")  # past who could help and hinder, to the date
        await type_text(pilot, "yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'yesterday' is in the past; a planned date is ahead: tomorrow, fri" in str(
            app.screen.query_one("#error-due_1").render())
        assert "focus_goals" not in disk(db_path) or disk(db_path)["focus_goals"] == []
        await pilot.press("ctrl+u")
        await type_text(pilot, "fri")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "1. Sign the data agreement by 2026-11-27" in screen_text(app)
    (goal,) = disk(db_path)["focus_goals"]
    assert goal["due"] == "2026-11-27"
