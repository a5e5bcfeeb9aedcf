"""Passing along value, driven with real keys: the share queue, introductions, critical goals, give and take."""

from __future__ import annotations

from datetime import timedelta

import pytest

from textual.widgets import DataTable

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, FocusGoal, Interaction
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.focus_goals_form import FocusGoalsForm
from netjournal.tui.forms.introduction_form import IntroductionForm
from netjournal.tui.forms.pass_on_form import PassOnForm
from netjournal.tui.forms.share_form import ShareForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.value import ValueScreen

from .test_tui_contacts import disk
from .test_tui_main import screen_text

SIZE = (150, 45)


def network(path) -> Journal:
    journal = Journal(path)
    journal.add_contact(Contact(name="Ana Ruiz", tags=["golf", "running"], notes="Training for a marathon"))
    journal.add_contact(Contact(name="Ben Okafor", title="Data engineer", needs="a mentor for public speaking"))
    journal.add_contact(Contact(name="Cleo Park", tags=["public speaking", "theatre"]))
    journal.add_contact(Contact(name="Dev Shah", notes="Organises the charity golf day"))
    return journal


def rows(app: NetJournalApp, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ",": "comma", ":": "colon", "/": "slash", ".": "full_stop",
                         "-": "minus"}.get(ch, ch) for ch in text])


async def test_add_an_item_see_who_would_value_it_and_pass_it_on(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, ShareForm)
        await type_text(pilot, "Golf swing drills")
        await pilot.press("tab")
        await type_text(pilot, "https://example.org/golf")
        await pilot.press("tab")
        await type_text(pilot, "ten minutes a day")
        await pilot.press("tab")
        await type_text(pilot, "golf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ValueScreen)
        assert rows(app, "#share-items") == [["Golf swing drills", "golf", "-"]]
        suggestions = rows(app, "#share-suggestions")
        assert [row[:2] for row in suggestions] == [["Ana Ruiz", "interests: golf"],
                                                    ["Dev Shah", "notes mention 'golf'"]]
        assert app.focused is app.screen.query_one("#share-suggestions", DataTable)
        await pilot.press("enter")  # pass it on to Ana, the best match
        assert isinstance(app.screen, PassOnForm)
        assert "Why Ana Ruiz: interests: golf" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ValueScreen)
        assert rows(app, "#share-items") == [["Golf swing drills", "golf", "1"]]
        assert [row[0] for row in rows(app, "#share-suggestions")] == ["Dev Shah"]  # Ana has it now
        assert "Passed on to Ana Ruiz" in screen_text(app)
    saved = disk(db_path)
    (share,) = saved["shares"]
    assert share["title"] == "Golf swing drills" and share["link"] == "https://example.org/golf"
    assert share["note"] == "ten minutes a day" and share["tags"] == ["golf"]
    (talk,) = saved["interactions"]
    ana = next(c for c in saved["contacts"] if c["name"] == "Ana Ruiz")
    assert talk["kind"] == "share" and talk["with"] == [ana["id"]] and talk["gave"].startswith("Golf swing drills")
    assert share["passed"] == [{"contact_id": ana["id"], "date": talk["date"], "interaction_id": talk["id"]}]


async def test_someone_given_something_this_week_is_marked(db_path):
    journal = network(db_path)
    ana = journal.resolve_name("Ana")
    yesterday = journal.today() - timedelta(days=1)
    journal.log_interaction(Interaction(date=yesterday, with_=[ana.id], gave="a running podcast"))
    from netjournal.core.model import Share

    journal.add_share(Share(title="Golf rules quiz", tags=["golf"]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert [row[0::2] for row in rows(app, "#share-suggestions")] == [["Dev Shah", ""],
                                                                          ["Ana Ruiz", yesterday.isoformat()]]
        await pilot.press("tab", "down", "enter")  # the suggestions, then Ana
        assert isinstance(app.screen, PassOnForm)
        assert f"You already passed Ana Ruiz something on {yesterday}" in screen_text(app)


async def test_a_bad_pass_on_shows_the_error_and_saves_nothing(db_path):
    journal = network(db_path)
    from netjournal.core.model import Share

    journal.add_share(Share(title="Golf rules quiz", tags=["golf"]))
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "p")
        assert isinstance(app.screen, PassOnForm)
        await type_text(pilot, "Zed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PassOnForm)
        assert "no contact named 'Zed'" in str(app.screen.query_one("#error-to").render())
    assert db_path.read_bytes() == before


async def test_record_an_introduction_from_a_suggested_match(db_path):
    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "3")
        await app.workers.wait_for_complete()  # the matches are found off the UI thread
        await pilot.pause()
        assert "1 possible introduction for 1 person looking for something" in screen_text(app)
        assert rows(app, "#intro-matches") == [["Ben Okafor", "a mentor for public speaking", "Cleo Park",
                                                 "interests: public speaking"]]
        await pilot.press("enter")
        assert isinstance(app.screen, IntroductionForm)
        assert app.focused.id == "field-because"  # both names are filled in
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "say why they should meet" in str(app.screen.query_one("#error-because").render())
        await type_text(pilot, "she coaches speakers at her club")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ValueScreen)
        assert rows(app, "#intro-matches") == []  # introduced now
        assert "No new introductions for the person looking for something" in screen_text(app)
        assert rows(app, "#intro-made")[0][1:] == ["Ben Okafor and Cleo Park", "she coaches speakers at her club"]
        await pilot.press("escape", "ctrl+f")
        await type_text(pilot, "Cleo")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "You introduced them to Ben Okafor" in screen_text(app)
    (talk,) = disk(db_path)["interactions"]
    assert talk["kind"] == "introduction" and len(talk["with"]) == 2 and talk["channel"] == "email"
    assert talk["gave"] == "an introduction: she coaches speakers at her club"


async def test_edit_critical_goals_in_the_role_map(db_path):
    journal = network(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert "Critical goals none yet" in screen_text(app)
        await pilot.press("c")
        assert isinstance(app.screen, FocusGoalsForm)
        await type_text(pilot, "Sign the data agreement")
        await pilot.press("tab")
        await type_text(pilot, "Ana, Ben")
        await pilot.press("tab")
        await type_text(pilot, "Ana")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the same person cannot both help and hinder" in str(app.screen.query_one("#error-hinders_1").render())
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "Dev")
        await pilot.press("tab", "tab")  # the date, then the second goal (Done is for goals already saved)
        await type_text(pilot, "Fund the pilot")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        text = screen_text(app)
        assert "1. Sign the data agreement\n   helps: Ana Ruiz, Ben Okafor\n   hinders: Dev Shah" in text
        assert "2. Fund the pilot\n   nobody beside it yet" in text
    goals = {g["text"]: g for g in disk(db_path)["focus_goals"]}
    ids = {c["name"]: c["id"] for c in disk(db_path)["contacts"]}
    assert goals["Sign the data agreement"]["helps"] == [ids["Ana Ruiz"], ids["Ben Okafor"]]
    assert goals["Sign the data agreement"]["hinders"] == [ids["Dev Shah"]]
    assert goals["Fund the pilot"]["helps"] == [] and goals["Fund the pilot"]["done"] is False


async def test_a_goal_with_nobody_beside_it_becomes_a_prompt(db_path):
    journal = network(db_path)
    journal.add_focus_goal(FocusGoal(text="Publish the annual report"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Publish the annual report" in text and "nobody is written beside your critical goal" in text


async def test_clearing_a_goal_asks_before_removing_it(db_path):
    journal = network(db_path)
    journal.add_focus_goal(FocusGoal(text="Publish the annual report"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "c", "end", "ctrl+u", "ctrl+s")  # clear the goal's text
        await pilot.pause()
        assert "Remove the goal 'Publish the annual report'?" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, FocusGoalsForm)
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert disk(db_path)["focus_goals"] == []


async def test_give_and_take_lists_one_sided_relationships(db_path):
    journal = network(db_path)
    ana, cleo = journal.resolve_name("Ana"), journal.resolve_name("Cleo")
    today = journal.today()
    for days in (3, 10, 17):
        journal.log_interaction(Interaction(date=today - timedelta(days=days), with_=[ana.id], gave="a link",
                                            initiated_by="them" if days == 10 else "me"))
        journal.log_interaction(Interaction(date=today - timedelta(days=days), with_=[cleo.id], initiated_by="them",
                                            got="advice"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "2")
        await pilot.pause()
        text = screen_text(app)
        assert "Last 90 days: 2 relationships lean one way" in text
        assert rows(app, "#balance-table") == [
            ["Cleo Park", "0 / 3", "0 / 3", "they passed you something 3 times, you passed nothing back; "
                                            "they started all 3 conversations"],
            ["Ana Ruiz", "3 / 0", "2 / 1", "you passed them something 3 times, nothing came back"]]
        detail = app.screen.query_one("#balance-detail")
        assert str(detail.render()).startswith("Cleo Park: they passed you something 3 times, you passed "
                                               "nothing back; they started all 3 conversations. Try: offer value")
        await pilot.press("down")  # the line under the table follows the cursor
        assert str(detail.render()).startswith("Ana Ruiz: you passed them something 3 times, nothing came back. "
                                               "Try: ask them for their view")
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen) and app.screen.title == "Ana Ruiz"


async def test_fourteen_to_two_leans_one_way_and_the_screen_says_the_rule(db_path):
    """Bug 4: 14 conversations you started to their 2 was "balanced"; 3 to 1 is give and take."""
    journal = network(db_path)
    ana, ben = journal.resolve_name("Ana"), journal.resolve_name("Ben")
    today = journal.today()
    for day in range(16):
        journal.log_interaction(Interaction(date=today - timedelta(days=day * 5), with_=[ana.id],
                                            initiated_by="them" if day in (4, 11) else "me"))
    for day in range(4):
        journal.log_interaction(Interaction(date=today - timedelta(days=day * 7), with_=[ben.id],
                                            initiated_by="them" if day == 2 else "me"))
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "2")
        await pilot.pause()
        text = screen_text(app)
        assert ("A relationship leans one way when one side starts, or gives, more than 3 times as often as the "
                "other (3 or more in all).") in text
        assert "Last 90 days: 1 relationship leans one way" in text
        assert rows(app, "#balance-table") == [["Ana Ruiz", "0 / 0", "14 / 2", "you started 14 of 16 conversations"],
                                               ["Ben Okafor", "0 / 0", "3 / 1", "balanced"]]
        assert str(app.screen.query_one("#balance-detail").render()) == (
            "Ana Ruiz: you started 14 of 16 conversations. Try: leave room for them to reach out; if nothing "
            "comes, let it rest")
        await pilot.press("down")
        assert str(app.screen.query_one("#balance-detail").render()) == (
            "Ben Okafor: give and take (nothing passed along either way; you started 3 of 4 conversations).")
        await pilot.press("up", "enter")  # the person view flags the same relationship by the same rule
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert "they started 1 of your last 6 conversations (one-sided?)" in text
        assert "you started 14 of 16 conversations: leave room for them to reach out" in text
    assert db_path.read_bytes() == before  # looking changes nothing


async def test_after_removing_an_item_the_cursor_stays_on_its_neighbour(db_path):
    journal = network(db_path)
    from netjournal.core.model import Share

    for title in ("First", "Second", "Third", "Fourth"):
        journal.add_share(Share(title=title, created_at=f"2026-01-0{len(journal.shares()) + 1}T00:00:00+00:00"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "down", "down")  # newest first: Fourth, Third, Second
        await pilot.press("delete")
        assert "Remove 'Second' from the share queue?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert [row[0] for row in rows(app, "#share-items")] == ["Fourth", "Third", "First"]
        assert app.screen.selected_share.title == "First"
    assert sorted(s["title"] for s in disk(db_path)["shares"]) == ["First", "Fourth", "Third"]


async def test_the_palette_switches_tabs_of_an_open_value_screen(db_path):
    from .test_tui_palette_themes import palette

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await palette(pilot, "Give and take")
        assert isinstance(app.screen, ValueScreen)
        assert app.screen.query_one("#value-tabs").active == "balance"
        assert len([s for s in app.screen_stack if isinstance(s, ValueScreen)]) == 1


async def test_an_archived_person_gets_nothing_passed_on(db_path):
    journal = network(db_path)
    from netjournal.core.model import Share

    journal.add_share(Share(title="Golf rules quiz", tags=["golf"]))
    journal.archive_contact(journal.resolve_name("Cleo").id)
    before = db_path.read_bytes()
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "p")
        await type_text(pilot, "Cleo Park")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PassOnForm)
        assert "Cleo Park is archived; restore them first" in str(app.screen.query_one("#error-to").render())
    assert db_path.read_bytes() == before


async def test_an_archived_helper_stays_beside_the_goal_marked_archived(db_path):
    journal = network(db_path)
    ana = journal.resolve_name("Ana")
    journal.add_focus_goal(FocusGoal(text="Sign the data agreement", helps=[ana.id]))
    journal.archive_contact(ana.id)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "helps: Ana Ruiz (archived)" in screen_text(app)


async def test_the_introductions_count_follows_an_introduction_at_once(db_path):
    """Bug 8: after recording an introduction the count said as many people as before were still waiting."""
    journal = network(db_path)
    journal.add_contact(Contact(name="Eve Stone", needs="golf lessons"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#intro-status")
        assert str(status.render()) == "3 possible introductions for 2 people looking for something"
        assert [row[0] + " -> " + row[2] for row in rows(app, "#intro-matches")] == [
            "Ben Okafor -> Cleo Park", "Eve Stone -> Ana Ruiz", "Eve Stone -> Dev Shah"]
        stale = list(app.screen.matches.values())  # what a search started before the introduction finds
        await pilot.press("enter")  # Ben and Cleo
        assert isinstance(app.screen, IntroductionForm)
        await type_text(pilot, "she coaches speakers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        # At once: no waiting for the search of the whole network that runs off the UI thread.
        assert isinstance(app.screen, ValueScreen)
        assert str(status.render()) == "2 possible introductions for 1 of the 2 people looking for something"
        assert [row[0] for row in rows(app, "#intro-matches")] == ["Eve Stone", "Eve Stone"]
        assert rows(app, "#intro-made")[0][1] == "Ben Okafor and Cleo Park"
        # An older search that ends late does not bring the old count back.
        app.screen._fill_introductions(app.screen._intro_request - 1, journal.contacts(), [], stale)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(status.render()) == "2 possible introductions for 1 of the 2 people looking for something"
        await pilot.press("enter", *"golf club", "ctrl+s")  # Eve and Ana
        await pilot.pause()
        await pilot.pause()
        assert str(status.render()) == "1 possible introduction for 1 of the 2 people looking for something"
    ids = {c["name"]: c["id"] for c in disk(db_path)["contacts"]}
    made = sorted(sorted(i["with"]) for i in disk(db_path)["interactions"] if i["kind"] == "introduction")
    assert made == sorted([sorted([ids["Ben Okafor"], ids["Cleo Park"]]), sorted([ids["Eve Stone"], ids["Ana Ruiz"]])])


def long_reasons(path) -> Journal:
    """A network whose needs and reasons are longer than a narrow column."""
    journal = Journal(path)
    journal.add_contact(Contact(name="Bongani Dlamini", needs="volunteers to take photography at the street "
                                                              "festival in the old harbour district next spring"))
    journal.add_contact(Contact(name="Mei Chen", tags=["photography", "festivals"], title="Volunteer coordinator"))
    from netjournal.core.model import Share

    journal.add_share(Share(title="A field guide to street photography at festivals", tags=["photography"],
                            note="volunteers harbour festival photography"))
    return journal


@pytest.mark.parametrize("size", [(80, 24), (120, 35), (200, 60)])
async def test_tables_use_the_width_they_have(db_path, size):
    from rich.text import Text

    from netjournal.tui.tables import FitTable

    app = NetJournalApp(long_reasons(db_path))
    async with app.run_test(size=size) as pilot:
        for tab, table_id in (("1", "#share-suggestions"), ("3", "#intro-matches")):
            await pilot.press("v" if tab == "1" else tab)
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one(table_id, FitTable)
            used = sum(column.get_render_width(table) for column in table.columns.values())
            # Every column in sight (nothing pushed past the edge), and the width taken, not left empty.
            assert table.size.width - table.styles.scrollbar_size_vertical - 1 <= used <= table.size.width
            why = table.columns[next(k for k in table.columns if k.value == "why")]
            longest = max(Text.from_markup(str(c)).cell_len if not isinstance(c, Text) else c.cell_len
                          for c in table.get_column(why.key))
            if size[0] >= 120 and table_id == "#intro-matches":
                assert why.width >= longest  # the Why is whole at 120 columns and wider
            if size[0] == 200:
                assert why.width >= longest
        detail = str(app.screen.query_one("#intro-detail").render())
        reason = app.screen.matches[next(iter(app.screen.matches))].reason
        assert reason in detail.replace("\n", " ")  # in full under the table, whatever the width


def test_text_columns_share_out_the_room():
    from netjournal.tui.tables import share_out

    assert share_out(60, [10, 30], [8, 8]) == [10, 50]  # each gets what it needs; the rest to the last
    assert share_out(30, [10, 40], [8, 8]) == [10, 20]  # the first served whole, the next takes what is left
    assert share_out(30, [40, 40], [8, 8]) == [22, 8]  # not enough for both: the second keeps its floor
    assert share_out(30, [40, 40], [8, 8], first=[1, 0]) == [8, 22]  # served in the order of importance
    assert share_out(40, [18, 90], [18, 8]) == [18, 22]  # a name keeps its floor beside a long text
    assert share_out(10, [40, 40], [8, 8]) == [8, 8]  # below the floors: the floors (the table scrolls)


async def test_the_value_screen_fits_80_by_24(tmp_path):
    """Friction: at 80x24 every part of each tab is inside its box, and what is cut short is shown in full."""
    from netjournal.io.demo import build_demo

    journal = Journal(tmp_path / "journal.json")
    build_demo(journal)
    app = NetJournalApp(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()

        def inside(box_selector: str, *parts: str) -> None:
            box = app.screen.query_one(box_selector).content_region
            for part in parts:
                widget = app.screen.query_one(part)
                assert widget.region.height > 0 and box.contains_region(widget.region), part

        inside("#queue-items-box", "#share-items")
        inside("#queue-detail-box", "#share-detail-box", "#share-suggestions")
        # The oldest item, passed on three times, is the last row; its text is longer than its room: tab reaches
        # it and the arrow keys scroll it.
        table = app.screen.query_one("#share-items", DataTable)
        assert app.focused is table
        await pilot.press(*["down"] * (table.row_count - 1))
        await pilot.pause()
        assert "A practical guide to synthetic data" in str(app.screen.query_one("#share-detail").render())
        box = app.screen.query_one("#share-detail-box")
        assert box.max_scroll_y > 0
        await pilot.press("tab")
        assert app.focused is box
        await pilot.press("down", "down")
        assert box.scroll_y > 0
        await pilot.press("2")
        await pilot.pause()
        balance_box = "#balance .value-box"
        inside(balance_box, "#balance-summary", "#balance-table", "#balance-detail")
        summary = str(app.screen.query_one("#balance-summary").render())
        assert "more than 3 times as often as the other (3 or more in all)." in summary.replace("\n", " ")
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        inside("#introductions .value-box", "#intro-status", "#intro-matches", "#intro-detail", "#intro-made")
        title = app.screen.query_one("#introductions .section-title")
        assert title.region.height == 2  # its keys wrap onto a second line instead of being cut


async def test_counted_words_after_passing_one_thing_on(db_path):
    """Bug 9: "Value given 1 times"; the week's facts say it as a person would."""
    from netjournal.tui.screens.reflection import ReflectionScreen

    app = NetJournalApp(network(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await type_text(pilot, "Golf drills")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "golf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")  # to Ana, the best match
        assert isinstance(app.screen, PassOnForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert rows(app, "#share-items") == [["Golf drills", "golf", "1"]]
        await pilot.press("escape", "w")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        text = screen_text(app)
        assert "Value given once, none received" in text and "1 conversation:" in text
        assert "1 times" not in text and "0 times" not in text
    (given,) = disk(db_path)["interactions"]
    assert given["kind"] == "share" and given["gave"].startswith("Golf drills")
