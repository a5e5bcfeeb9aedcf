"""Organisations and links in the app, pressed as a person would: O opens the list, a adds an organisation,
enter opens one, i notes an issue, e edits the plan; k in a person's view links two people; the person form
marks a decision maker. Each test checks the screen and the journal file on disk."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Select, Static

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.link_form import LinkForm
from netjournal.tui.forms.organisation_form import IssueForm, OrganisationForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.organisations import OrganisationScreen, OrganisationsScreen
from netjournal.tui.screens.person import PersonScreen

from .conftest import TODAY
from .test_tui_contacts import disk
from .test_tui_follow_up_forms import tab_to
from .test_tui_form_keys import SIZE
from .test_tui_value import type_text


def network(db_path) -> Journal:
    """Northgate (Ana decides there, Bo works there), the City Council (Kwame alone), and a conversation."""
    journal = Journal(db_path, today=lambda: TODAY)
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate Inc.", decision_maker=True))
    bo = journal.add_contact(Contact(name="Bo Lind", org="northgate"))
    journal.add_contact(Contact(name="Kwame Mensah", org="City Council"))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id, bo.id], topics="the port budget",
                                        formal=True, business=True))
    return journal


def table_text(app, table_id: str) -> list[str]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [" | ".join(str(c) for c in table.get_row_at(n)) for n in range(table.row_count)]


async def open_northgate(pilot) -> None:
    """O, then the second organisation by rank and name: Northgate Inc."""
    await pilot.press("O")
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OrganisationScreen)


def card_text(app, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def test_adding_an_organisation_from_the_list(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationsScreen)
        rows = table_text(app, "organisations-table")
        assert [row.split(" | ")[0] for row in rows] == ["City Council", "Northgate Inc."]
        assert rows[0].endswith("| 1 person") and rows[1].endswith("| decider formal")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationForm)
        await type_text(pilot, "Harbour Health")
        await tab_to(pilot, "field-rank")
        await type_text(pilot, "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must be between 1" in str(app.screen.query_one("#error-rank").render())  # stays open, says why
        assert "Harbour Health" not in db_path.read_text()
        await pilot.press("backspace", "1")
        await tab_to(pilot, "field-mandate")
        await type_text(pilot, "care closer to home")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationsScreen)
        await pilot.pause()
        assert table_text(app, "organisations-table")[0].startswith("Harbour Health | 1 | ")
    [harbour] = [o for o in disk(db_path)["organisations"] if o["name"] == "Harbour Health"]
    assert (harbour["rank"], harbour["mandate"]) == (1, "care closer to home")


async def test_o_again_shows_what_changed_while_the_list_was_closed(db_path):
    """The list is kept between openings (it opens faster): it must not show stale rows or a stale cursor."""
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        await pilot.pause()
        first = app.screen
        await pilot.press("down", "escape")
        Journal(db_path, today=lambda: TODAY).add_contact(Contact(name="Lena Ek", org="Harbour Health"))
        app.check_for_changes()
        await pilot.pause()
        await pilot.press("O")
        await pilot.pause()
        assert app.screen is first
        assert [row.split(" | ")[0] for row in table_text(app, "organisations-table")] == [
            "City Council", "Harbour Health", "Northgate Inc."]
        table = app.screen.query_one("#organisations-table", DataTable)
        assert table.has_focus and table.cursor_row == 0


async def test_the_kept_organisation_view_shows_the_organisation_chosen_each_time(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O", "enter")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, OrganisationScreen) and first.title == "City Council"
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        assert app.screen is first and first.title == "Northgate Inc."
        people = [row.split(" | ")[0] for row in table_text(app, "organisation-people")]
        assert people == ["Ana Ruiz · decision maker", "Bo Lind"]  # Northgate's, not City Council's
        assert "Northgate Inc." in card_text(app, "organisation-card")
        table = app.screen.query_one("#organisation-people", DataTable)
        assert table.has_focus and table.cursor_row == 0


async def test_an_organisation_view_notes_an_issue_and_edits_the_plan(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_northgate(pilot)
        people = table_text(app, "organisation-people")
        assert people[0].startswith("Ana Ruiz · decision maker") and people[1].startswith("Bo Lind")
        assert table_text(app, "organisation-timeline")[0].startswith("2026-11-20 | formal | Ana Ruiz, Bo Lind")
        assert "decision maker never met informally" in card_text(app, "organisation-card")

        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, IssueForm)
        await type_text(pilot, "funding for the pilot ends in June")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationScreen)
        await pilot.pause()
        card = card_text(app, "organisation-card")
        assert "2026-11-25  funding for the pilot ends in June" in card and "open issue not followed up" in card

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationForm)
        await tab_to(pilot, "field-objectives")
        await type_text(pilot, "a joint pilot")
        await tab_to(pilot, "field-plan_by")
        await type_text(pilot, "next month")
        await tab_to(pilot, "field-contact_id")
        await type_text(pilot, "ana")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OrganisationScreen)
        await pilot.pause()
        card = card_text(app, "organisation-card")
        assert "Objectives: a joint pilot" in card and "By: 2026-12-01" in card and "Primary contact: Ana Ruiz" in card
    [northgate] = [o for o in disk(db_path)["organisations"] if o["name"] == "Northgate Inc."]
    assert northgate["issues"] == [{"date": "2026-11-25", "text": "funding for the pilot ends in June",
                                    "resolved": False}]
    assert northgate["plan"]["objectives"] == "a joint pilot" and northgate["plan"]["by"] == "2026-12-01"
    assert northgate["plan"]["contact_id"] == next(c["id"] for c in disk(db_path)["contacts"]
                                                    if c["name"] == "Ana Ruiz")


async def test_linking_two_people_from_a_persons_view(db_path):
    journal = network(db_path)
    bo = journal.resolve_name("Bo Lind")
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PersonScreen(journal, bo.id))
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, LinkForm)
        assert app.screen.query_one("#field-kind", Select).value == "2"  # "influences" to start with
        await pilot.press("enter", "up", "up", "enter")  # open the choices, up to "reports to", choose it
        await pilot.pause()
        await tab_to(pilot, "field-to_id")
        await type_text(pilot, "ana")
        await pilot.press("tab")
        await type_text(pilot, "since May")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        await pilot.pause()
        assert "Links: reports to Ana Ruiz (since May)" in card_text(app, "person-card")
    [link] = disk(db_path)["links"]
    assert (link["kind"], link["from_id"], link["to_id"], link["note"]) == (
        "reports_to", bo.id, journal.resolve_name("Ana Ruiz").id, "since May")


async def test_the_person_form_marks_a_decision_maker_and_keeps_it(db_path):
    journal = network(db_path)
    kwame, ana = journal.resolve_name("Kwame Mensah"), journal.resolve_name("Ana Ruiz")
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ContactForm(journal, kwame))
        await pilot.pause()
        await tab_to(pilot, "field-decision_maker")
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
        app.push_screen(ContactForm(journal, journal.contact(ana.id)))  # saved untouched: still a decision maker
        await pilot.pause()
        assert app.screen.query_one("#field-decision_maker", Checkbox).value is True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    people = {c["name"]: c for c in disk(db_path)["contacts"]}
    assert people["Kwame Mensah"]["decision_maker"] is True and people["Ana Ruiz"]["decision_maker"] is True
    assert people["Ana Ruiz"]["org_id"] == people["Bo Lind"]["org_id"]


async def test_the_palette_opens_organisations(db_path):
    from .test_tui_palette_themes import palette

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "organisations")
        assert isinstance(app.screen, OrganisationsScreen)


async def test_an_organisation_view_shows_the_themes_heard_there(db_path):
    journal = network(db_path)  # Ana and Bo talked about "the port budget" on the 20th
    ana, kwame = journal.resolve_name("Ana Ruiz"), journal.resolve_name("Kwame Mensah")
    cleo = journal.add_contact(Contact(name="Cleo [b]Mensah[/b]\x1b]52;c;x\x07", org="Northgate Inc."))
    journal.log_interaction(Interaction(date="2026-11-05", with_=[cleo.id], topics="Port budget, and the ferry"))
    journal.log_interaction(Interaction(date="2026-11-12", with_=[ana.id], topics="talked about the ferry"))
    journal.log_interaction(Interaction(date="2026-11-13", with_=[kwame.id], topics="ferry port budget"))  # Council
    journal.log_interaction(Interaction(date="2026-08-01", with_=[ana.id], topics="ferry"))  # too long ago
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_northgate(pilot)
        card = card_text(app, "organisation-card")
        lines = card.splitlines()
        at = lines.index("Themes heard (90 days)")
        assert lines.index("Issues and trends (i adds one)") < at < lines.index("Plan")
        # Each theme with the conversations it came from; as many for each, the one heard more lately first. The
        # name is shown as written, never read as markup nor sent to the terminal as control characters.
        assert lines[at + 1:at + 4] == [
            "port budget (2): 2026-11-20 Ana Ruiz, Bo Lind; 2026-11-05 Cleo [b]Mensah[/b]␛]52;c;x␇",
            "ferry (2): 2026-11-12 Ana Ruiz; 2026-11-05 Cleo [b]Mensah[/b]␛]52;c;x␇",
            "",
        ]
        assert "\x1b" not in card and "\x07" not in card

        journal.log_interaction(Interaction(date="2026-11-24", with_=[ana.id], topics="the ferry timetable"))
        app.refresh_views()
        await pilot.pause()
        card = card_text(app, "organisation-card")
        assert "\nferry (3): 2026-11-24 Ana Ruiz; 2026-11-12 Ana Ruiz; 2026-11-05 Cleo" in card
        assert card.index("ferry (3)") < card.index("port budget (2)")

        await pilot.press("escape", "up", "enter")  # the City Council: one conversation there, no theme yet
        await pilot.pause()
        card = card_text(app, "organisation-card")
        assert "Themes heard (90 days)\nNone yet: a word heard in two conversations or more shows here" in card
