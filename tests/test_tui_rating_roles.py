"""The rating pass with every key, and assigning roles in the role map, checked on screen and on disk."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, Label, OptionList

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Rating
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.role_picker import RolePicker
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.rating_pass import RatingPassScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text


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


async def test_a_full_rating_pass_with_every_key(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RatingPassScreen)
        # Lowest last rating first, never rated last, Finn (rated 3 days ago) not at all.
        assert str(app.screen.query_one("#pass-count", Label).render()) == "1 of 5"
        assert "Eve" in card(app) and "Last rating: 1 (poor)" in card(app)

        await pilot.press("2")  # Eve: 1 -> 2; a 2 asks for barriers, an action and a date
        await pilot.pause()
        assert app.screen.query_one("#detail-barriers", Input).has_focus
        await pilot.press(*"we only meet in big meetings", "enter", *"invite her to lunch", "enter")
        await pilot.press(*"soon", "enter")
        assert "improve_by: 'soon' is not a date" in str(app.screen.query_one("#detail-error", Label).render())
        app.screen.query_one("#detail-improve_by", Input).value = "2027-01-15"
        await pilot.press("enter")
        await pilot.pause()
        assert "Ben" in card(app) and str(app.screen.query_one("#pass-count", Label).render()) == "2 of 5"

        await pilot.press("1")  # Ben: 2 -> 1, then enter on empty details keeps the rating alone
        await pilot.press("enter")
        assert "Ana" in card(app)
        await pilot.press("3", *"lunch once a month", "enter")  # Ana: a 3 asks for a plan
        assert "Cleo" in card(app)
        await pilot.press("s")  # skip Cleo
        assert "Dev" in card(app) and "Not rated before" in card(app)
        await pilot.press("4")  # Dev: first rating, no details asked
        await pilot.pause()
        assert "Nobody left to rate" in card(app)
        await pilot.press("u")  # take Dev's rating back: his card again
        await pilot.pause()
        assert "Dev" in card(app)
        await pilot.press("escape")  # the summary
        await pilot.pause()
        summary = card(app)
        assert "Rated 3 people, 2 changed." in summary  # Ana stayed at 3
        assert "Skipped: 1; not reached: 1." in summary  # Cleo skipped, Dev taken back
        assert "Went down: Ben (2 → 1)" in summary and "Went up: Eve (1 → 2)" in summary
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    saved = ratings_on_disk(db_path)
    eve = saved["Eve"][-1]
    assert (eve["score"], eve["barriers"], eve["action"], eve["improve_by"]) == (
        2, "we only meet in big meetings", "invite her to lunch", "2027-01-15")
    assert (saved["Ben"][-1]["score"], saved["Ben"][-1]["barriers"]) == (1, "")
    assert (saved["Ana"][-1]["score"], saved["Ana"][-1]["plan"]) == (3, "lunch once a month")
    assert len(saved["Cleo"]) == 1 and "Dev" not in saved  # skipped; undone


async def test_escape_on_details_keeps_the_rating(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "1", *"no time", "escape")
        await pilot.pause()
        assert "Ben" in card(app)
    eve = ratings_on_disk(db_path)["Eve"][-1]
    assert eve["score"] == 1 and eve["barriers"] == ""


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
    from textual.widgets import DataTable

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
