"""Contacts, the person view and the forms, driven with real keys; each test checks the screen and the disk."""

from __future__ import annotations

from datetime import timedelta

import orjson
from textual.widgets import DataTable, Input, Label

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.confirm import ConfirmScreen, TypeToConfirmScreen
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.search import SearchScreen

from .conftest import TODAY
from .test_tui_main import screen_text

SIZE = (140, 45)


def disk(path) -> dict:
    data = orjson.loads(path.read_bytes())
    return {table: list(docs.values()) for table, docs in data.items()}


def names_on_disk(path) -> list[str]:
    return sorted(c["name"] for c in disk(path)["contacts"])


def table_names(app: NetJournalApp) -> list[str]:
    table = app.screen.query_one("#contacts-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def network(path) -> Journal:
    journal = Journal(path)
    today = journal.today()
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health", notes="Plays golf on Saturdays",
                                      tags=["running"], cadence_days=30))
    ben = journal.add_contact(Contact(name="Ben Okafor", org="Tidewater", cadence_days=7))
    journal.add_contact(Contact(name="Cleo Mensah", org="City Council"))
    journal.log_interaction(Interaction(date=today - timedelta(days=2), with_=[ana.id], topics="her 10k race",
                                        next_time="ask how the knee is"))
    journal.log_interaction(Interaction(date=today - timedelta(days=20), with_=[ben.id], topics="budget",
                                        business=True))
    return journal


async def test_add_a_person(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Dev Patel", "tab", *"Northgate Trust", "tab", *"Chief Nurse")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Dev Patel" in table_names(app)
    saved = next(c for c in disk(db_path)["contacts"] if c["name"] == "Dev Patel")
    assert (saved["org"], saved["title"]) == ("Northgate Trust", "Chief Nurse")


async def test_add_form_shows_errors_beside_the_field_and_saves_nothing(db_path):
    app = NetJournalApp(network(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert str(app.screen.query_one("#error-name", Label).render()) == "must not be empty"
        assert app.screen.focused.id == "field-name"
        await pilot.press(*"Dev Patel")
        app.screen.query_one("#field-email", Input).value = "dev-at-northgate"
        app.screen.query_one("#field-cadence_days", Input).value = "weekly"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not an email address" in str(app.screen.query_one("#error-email", Label).render())
        assert isinstance(app.screen, ContactForm)
        app.screen.query_one("#field-email", Input).value = "dev@example.org"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a whole number of days" in str(app.screen.query_one("#error-cadence_days", Label).render())
        assert str(app.screen.query_one("#error-email", Label).render()) == ""
    assert db_path.read_bytes() == before


async def test_a_name_already_in_the_journal_asks_first(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"ana ruiz", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ana Ruiz (Harbour Health) is already in your journal" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, ContactForm)
        assert names_on_disk(db_path).count("Ana Ruiz") == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [n.casefold() for n in names_on_disk(db_path)].count("ana ruiz") == 2


async def test_edit_a_person(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e")  # Ben Okafor
        assert isinstance(app.screen, ContactForm)
        await pilot.press("tab", *"Harbour Health", "ctrl+s")  # focus selects the old org: typing replaces it
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ben = next(c for c in disk(db_path)["contacts"] if c["name"] == "Ben Okafor")
    assert ben["org"] == "Harbour Health" and ben["cadence_days"] == 7


async def test_five_keystroke_log(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # away from the Contacts pane: nobody is pre-filled
        await pilot.press("l", *"cle", "ctrl+s")  # five keys
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert str(app.screen.query_one("#contacts-table", DataTable).get_row_at(2)[2]) == "today"
    data = disk(db_path)
    cleo = next(c for c in data["contacts"] if c["name"] == "Cleo Mensah")
    logged = [i for i in data["interactions"] if cleo["id"] in i["with"]]
    assert len(logged) == 1
    talk = logged[0]
    assert (talk["date"], talk["channel"], talk["formal"], talk["business"], talk["initiated_by"]) == (
        TODAY.isoformat(), "in_person", False, False, "me")


async def test_log_prefills_the_selected_person_and_shows_the_last_plan(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # Ana Ruiz is selected in the Contacts pane
        assert isinstance(app.screen, LogForm)
        assert app.screen.query_one("#field-with", Input).value == "Ana Ruiz, "
        assert "you planned: ask how the knee is" in screen_text(app)
        assert app.screen.focused.id == "field-topics"  # she is known: the topic is what is left to type
        await pilot.press("shift+tab", "end", *"be", "enter")  # back to the names; enter completes a second one
        assert app.screen.query_one("#field-with", Input).value == "Ana Ruiz, Ben Okafor"
        assert app.screen.focused.id == "field-topics"  # and moves on
        await pilot.press("ctrl+s")
        await pilot.pause()
    talk = max(disk(db_path)["interactions"], key=lambda i: i["created_at"] + i["date"])
    assert len(talk["with"]) == 2


async def test_log_with_date_words_and_every_field(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"ben", "enter", *"his choir concert", "tab", *"yesterday")
        form = app.screen
        # every other field is one tab away; set them as a person would by typing
        for field, text in (("learned", "sings bass"), ("gave", "a venue tip"),
                            ("got", "a contact at the council"), ("response", "warm"),
                            ("next_time", "ask about the recording")):
            form.query_one(f"#field-{field}", Input).focus()
            await pilot.press(*text)
        form.query_one("#field-disclosure").focus()
        await pilot.press("space")
        form.query_one("#field-they_started").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("l", *"ben", "enter", "tab", *"mon", "ctrl+s")  # the name, the topic, the date
        await pilot.pause()
    talks = [i for i in disk(db_path)["interactions"] if i["topics"] in ("his choir concert", "")]
    concert = next(i for i in talks if i["topics"] == "his choir concert")
    assert concert["date"] == (TODAY - timedelta(days=1)).isoformat()
    assert (concert["learned"], concert["gave"], concert["got"], concert["response"], concert["next_time"]) == (
        "sings bass", "a venue tip", "a contact at the council", "warm", "ask about the recording")
    assert concert["disclosure"] is True and concert["initiated_by"] == "them"
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert any(i["date"] == monday.isoformat() for i in talks if i is not concert)


async def test_log_errors_stay_in_the_form(db_path):
    app = NetJournalApp(network(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"zed", "ctrl+s")
        await pilot.pause()
        assert "no contact named 'zed'" in str(app.screen.query_one("#error-with", Label).render())
        app.screen.query_one("#field-with", Input).value = "ben"
        app.screen.query_one("#field-date", Input).value = "someday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'someday' is not a date" in str(app.screen.query_one("#error-date", Label).render())
        app.screen.query_one("#field-date", Input).value = (TODAY + timedelta(days=3)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is in the future" in str(app.screen.query_one("#error-date", Label).render())
        assert isinstance(app.screen, LogForm)
    assert db_path.read_bytes() == before


async def test_cancel_asks_only_when_something_was_typed(db_path):
    app = NetJournalApp(network(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a", *"Zoe", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#field-name", Input).value == "Zoe"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, MainScreen)
    assert db_path.read_bytes() == before


async def test_archive_and_undo(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "x")
        await pilot.pause()
        assert table_names(app) == ["Ana Ruiz", "Cleo Mensah"]
        assert next(c for c in disk(db_path)["contacts"] if c["name"] == "Ben Okafor")["archived"] is True
        await pilot.press("full_stop")
        assert "Ben Okafor" in table_names(app)  # dim, with "archived" in the Due column
        await pilot.press("full_stop", "u")
        await pilot.pause()
        assert table_names(app) == ["Ana Ruiz", "Ben Okafor", "Cleo Mensah"]
    assert all(c["archived"] is False for c in disk(db_path)["contacts"])


async def test_filter_as_you_type(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"golf")
        await pilot.pause()
        assert table_names(app) == ["Ana Ruiz"]  # her notes mention golf
        await pilot.press("ctrl+a", "ctrl+k", *"tide")
        assert table_names(app) == ["Ben Okafor"]  # by organisation
        await pilot.press("escape")
        assert table_names(app) == ["Ana Ruiz", "Ben Okafor", "Cleo Mensah"]


async def test_due_people_can_be_listed_first(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#contacts-table", DataTable)
        assert str(table.get_row_at(1)[4]) == "13d late"  # Ben: every 7 days, last talk 20 days ago
        await pilot.press("S")  # sort: due first
        assert table_names(app)[0] == "Ben Okafor"
        assert "1 due" in app.screen.query_one("#contacts").border_subtitle
        await pilot.press("2", "l", *"ben", "ctrl+s")  # a conversation restarts the interval
        await pilot.pause()
        assert str(table.get_row_at(table.get_row_index(next(
            c["id"] for c in disk(db_path)["contacts"] if c["name"] == "Ben Okafor")))[4]) == "in 7d"


async def test_search_everything_jumps_to_the_person(db_path):
    journal = network(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", *"golf")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "People (1)" in screen_text(app) and "Plays golf on Saturdays" in screen_text(app)
        await pilot.press("enter")  # enter in the search box opens the first hit
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "Ana Ruiz"


async def test_person_view_and_correcting_the_record(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert "Plays golf on Saturdays" in text and "you started your only conversation" in text
        assert "Next time" in text and "ask how the knee is" in text
        await pilot.press("enter")  # the newest conversation in the timeline
        assert isinstance(app.screen, LogForm)
        topics = app.screen.query_one("#field-topics", Input)
        topics.value = "her 10k race and her knee"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "her 10k race and her knee" in screen_text(app)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    ana = next(c for c in disk(db_path)["contacts"] if c["name"] == "Ana Ruiz")
    assert not [i for i in disk(db_path)["interactions"] if ana["id"] in i["with"]]


async def test_forget_a_person_after_typing_their_name(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "F")
        assert isinstance(app.screen, TypeToConfirmScreen)
        await pilot.press(*"Ana", "enter")
        assert isinstance(app.screen, TypeToConfirmScreen)  # not the full name: nothing happens
        assert "Ana Ruiz" in names_on_disk(db_path)
        await pilot.press("ctrl+a", "ctrl+k", *"Ana Ruiz", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Ana Ruiz" not in table_names(app)
    assert "Ana Ruiz" not in db_path.read_text()


async def test_two_thousand_people_fill_the_table(tmp_path):
    path = tmp_path / "big.json"
    journal = Journal(path)
    with journal.batch():
        for n in range(2000):
            journal.add_contact(Contact(name=f"Person {n:04d}", org=f"Org {n % 40}", cadence_days=30))
    app = NetJournalApp(Journal(path))
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#contacts-table", DataTable)
        for _ in range(100):  # the first screenful comes at once, the rest in chunks
            await pilot.pause(0.02)
            if table.row_count == 2000:
                break
        assert table.row_count == 2000
        assert str(table.get_row_at(1999)[0]) == "Person 1999"
        await pilot.press("slash", *"0042")
        assert table_names(app) == ["Person 0042"]


async def test_a_form_keeps_its_text_while_another_process_saves(db_path):
    from .conftest import run_cli

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "l", *"ben", "tab", "tab")
        app.screen.query_one("#field-topics", Input).focus()
        await pilot.press(*"his choir")
        result = run_cli("--db", str(db_path), "add", "Dana Fox")
        assert result.returncode == 0, result.stderr
        await pilot.pause(1.5)  # the poll has reloaded the journal and redrawn the main screen
        assert isinstance(app.screen, LogForm)
        assert app.screen.query_one("#field-topics", Input).value == "his choir"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Dana Fox" in table_names(app)
    assert "Dana Fox" in names_on_disk(db_path)
    assert any(i["topics"] == "his choir" for i in disk(db_path)["interactions"])
