"""Tables that use the width they have, sorting each column both ways, home/end, undoing a dropped goal, and
toasts that do not pile up: driven with real keys, checked on the screen and in the file."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, OptionList

from netjournal.core.journal import Journal
from netjournal.core.model import STAMPS, Contact, Interaction, Rating, WeekGoal, week_key
from netjournal.tui.app import MOST_TOASTS, NetJournalApp
from netjournal.tui.tables import fit_text_columns

from .test_tui_contacts import disk, table_names
from .test_tui_week import week_text

LONG_ORG = "Coastal University, School of Health Sciences"  # 45 cells
LONG_NAME = "Maximiliane Oyelaran-Whitcombe"  # 30 cells


def wide_network(path) -> Journal:
    """Four people: long organisation names, a long name, a key influencer; last talks 2 to 60 days ago."""
    journal = Journal(path)
    today = journal.today()
    people = [
        journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health", cadence_days=30)),
        journal.add_contact(Contact(name="Ben Okafor", org="Tidewater Health Information Agency", cadence_days=7,
                                    key_influencer=True)),
        journal.add_contact(Contact(name="Cleo Mensah", org=LONG_ORG)),
        journal.add_contact(Contact(name=LONG_NAME, org="Harbourside City Council, Public Health", cadence_days=90)),
    ]
    for person, days_ago in zip(people, (2, 20, 60, 9)):
        journal.log_interaction(Interaction(date=today - timedelta(days=days_ago), with_=[person.id],
                                            topics="catch-up"))
    journal.rate(Rating(contact_id=people[0].id, date=today, score=4))
    journal.rate(Rating(contact_id=people[1].id, date=today, score=2, improve_by=today + timedelta(days=30)))
    return journal


def table_lines(app: NetJournalApp) -> list[str]:
    """The Contacts table as it is drawn on the screen, line by line (header first)."""
    table = app.screen.query_one("#contacts-table", DataTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def line_of(app: NetJournalApp, name: str) -> str:
    return next(line for line in table_lines(app) if line.lstrip().startswith(name))


# --- widths --------------------------------------------------------------------------------------------------


def test_text_columns_get_what_they_need_when_it_fits_and_the_first_comes_first():
    assert fit_text_columns(80, {"name": 20, "org": 45}, keep={"org": 10}) == {"name": 20, "org": 45}
    assert fit_text_columns(31, {"name": 20, "org": 45}, keep={"org": 10}) == {"name": 20, "org": 11}
    assert fit_text_columns(25, {"name": 20, "org": 45}, keep={"org": 10}) == {"name": 15, "org": 10}
    assert fit_text_columns(25, {"name": 20, "org": 6}, keep={"org": 10}) == {"name": 19, "org": 6}


async def test_at_200_columns_org_and_names_are_whole(db_path):
    app = NetJournalApp(wide_network(db_path))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        for name, org in (("Cleo Mensah", LONG_ORG), (LONG_NAME, "Harbourside City Council, Public Health"),
                          ("Ben Okafor ★", "Tidewater Health Information Agency")):
            line = line_of(app, name)
            assert org in line and "…" not in line, line
        header = table_lines(app)[0]
        assert all(word in header for word in ("Name", "Org", "Last", "Rating", "Due"))


async def test_at_80_columns_the_short_columns_stay_and_org_is_cut_with_an_ellipsis(db_path):
    app = NetJournalApp(wide_network(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = table_lines(app)[0]
        assert all(word in header for word in ("Name", "Org", "Last", "Rating", "Due")), header
        line = line_of(app, "Cleo Mensah")
        assert "Coastal U" in line and "…" in line and "60d ago" in line, line
        assert LONG_NAME in line_of(app, LONG_NAME)  # the name first: it is whole while Org is cut
        assert "in 28d" in line_of(app, "Ana Ruiz")  # Due still on screen


async def test_archived_names_are_whole_at_120_columns(db_path):
    journal = wide_network(db_path)
    journal.add_contact(Contact(name="Rosalind Fitzwilliam", org="Northgate Hospitals Trust"))
    app = NetJournalApp(journal)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("end", "x")  # archive the last one listed
        await pilot.pause()
        assert "Rosalind Fitzwilliam" not in table_names(app)
        await pilot.press("full_stop")  # show archived people too
        await pilot.pause()
        line = line_of(app, "Rosalind Fitzwilliam")
        assert "Rosalind Fitzwilliam " in line and line.rstrip().endswith("archived"), line
        assert "with archived" in app.screen.query_one("#contacts").border_subtitle
    saved = next(c for c in disk(db_path)["contacts"] if c["name"] == "Rosalind Fitzwilliam")
    assert saved["archived"] is True


async def test_resizing_the_terminal_refits_the_columns(db_path):
    app = NetJournalApp(wide_network(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "…" in line_of(app, "Cleo Mensah")
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert LONG_ORG in line_of(app, "Cleo Mensah")


# --- sorting -------------------------------------------------------------------------------------------------


def caption(app: NetJournalApp) -> str:
    return app.screen.query_one("#contacts").border_subtitle


async def test_s_sorts_each_column_both_ways_and_says_so(db_path):
    app = NetJournalApp(wide_network(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert table_names(app) == ["Ana Ruiz", "Ben Okafor ★", "Cleo Mensah", LONG_NAME]
        assert "sort: name A-Z" in caption(app) and "Name ▲" in table_lines(app)[0]
        await pilot.press("S")  # due first: Ben (every 7 days, 20 days ago) is 13 days late; Cleo has no interval
        assert table_names(app) == ["Ben Okafor ★", "Ana Ruiz", LONG_NAME, "Cleo Mensah"]
        assert "sort: due first" in caption(app) and "Due ▲" in table_lines(app)[0]
        await pilot.press("S")  # the same column the other way; nobody without an interval is moved up
        assert table_names(app) == [LONG_NAME, "Ana Ruiz", "Ben Okafor ★", "Cleo Mensah"]
        assert "sort: due last" in caption(app) and "Due ▼" in table_lines(app)[0]
        await pilot.press("S")  # last contact, oldest first: the neglected
        assert table_names(app) == ["Cleo Mensah", "Ben Okafor ★", LONG_NAME, "Ana Ruiz"]
        assert "sort: last contact, oldest first" in caption(app) and "Last ▲" in table_lines(app)[0]
        table = app.screen.query_one("#contacts-table", DataTable)
        assert table.cursor_row == 0  # a new order is read from the top
        await pilot.press("S")
        assert table_names(app) == ["Ana Ruiz", LONG_NAME, "Ben Okafor ★", "Cleo Mensah"]
        assert "sort: last contact, newest first" in caption(app) and "Last ▼" in table_lines(app)[0]
        await pilot.press("S", "S")  # lowest rating, then highest; the unrated last both ways
        assert table_names(app) == ["Ana Ruiz", "Ben Okafor ★", "Cleo Mensah", LONG_NAME]
        assert "sort: highest rating first" in caption(app)
        await pilot.press("S", "S", "S")  # organisation A-Z, Z-A, then name Z-A
        assert table_names(app) == [LONG_NAME, "Cleo Mensah", "Ben Okafor ★", "Ana Ruiz"]
        assert "sort: name Z-A" in caption(app) and "Name ▼" in table_lines(app)[0]
        await pilot.press("S")  # and round to the start
        assert "sort: name A-Z" in caption(app)
    assert db_path.read_bytes() == before  # sorting writes nothing


async def test_clicking_the_same_header_again_reverses(db_path):
    app = NetJournalApp(wide_network(db_path))
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        header = table_lines(app)[0]
        where = (header.index("Last") + 1, 0)
        await pilot.click("#contacts-table", offset=where)
        assert table_names(app)[0] == "Cleo Mensah"  # 60 days ago
        await pilot.click("#contacts-table", offset=where)
        assert table_names(app)[0] == "Ana Ruiz"  # 2 days ago
        assert "sort: last contact, newest first" in caption(app)


# --- home and end --------------------------------------------------------------------------------------------


async def test_home_and_end_jump_to_the_first_and_last_row(db_path):
    journal = wide_network(db_path)
    ana, ben = journal.resolve_name("Ana Ruiz"), journal.resolve_name("Ben Okafor")
    week = week_key(journal.today())
    journal.set_week_goal(WeekGoal(week=week, contact_id=ana.id))
    journal.set_week_goal(WeekGoal(week=week, contact_id=ben.id))
    app = NetJournalApp(journal)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#contacts-table", DataTable)
        await pilot.press("end")
        assert table.cursor_row == 3 and str(table.get_row_at(3)[0]) == LONG_NAME
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("2", "end")
        goals = app.screen.query_one("#week-goals", OptionList)
        assert goals.highlighted == 1
        await pilot.press("home")
        assert goals.highlighted == 0


async def test_end_while_a_long_table_is_still_filling_reaches_the_last_person(tmp_path):
    journal = Journal(tmp_path / "journal.json")
    with journal.batch():
        for n in range(600):
            journal.add_contact(Contact(name=f"Person {n:04d}"))
    app = NetJournalApp(journal)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        table = app.screen.query_one("#contacts-table", DataTable)
        assert table.row_count == 600
        assert str(table.get_row_at(table.cursor_row)[0]) == "Person 0599"


# --- undoing a dropped goal ----------------------------------------------------------------------------------


def goals_in_file(path) -> list[dict]:
    return disk(path).get("week_goals", [])


def fields_only(docs: list[dict]) -> list[dict]:
    """Records without the stamps the journal writes on them (which device, when, the count of writes)."""
    return [{k: v for k, v in doc.items() if k not in STAMPS} for doc in docs]


async def test_a_dropped_goal_comes_back_with_u_exactly_as_it_was(db_path):
    journal = wide_network(db_path)
    week = week_key(journal.today())
    ana, ben = journal.resolve_name("Ana Ruiz"), journal.resolve_name("Ben Okafor")
    journal.set_week_goal(WeekGoal(week=week, contact_id=ana.id, intent="how the long run went"))
    journal.set_week_goal(WeekGoal(week=week, contact_id=ben.id, intent="his choir concert"))
    before = sorted(goals_in_file(db_path), key=lambda g: g["id"])
    app = NetJournalApp(journal)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.press("2", "down", "d")  # drop Ben
        await pilot.pause()
        assert [g["contact_id"] for g in goals_in_file(db_path)] == [ana.id]
        assert "Ben Okafor" not in week_text(app)
        assert f"Dropped Ben Okafor from {week}. Press u to undo." in [n.message for n in app._notifications]
        await pilot.press("u")
        await pilot.pause()
        # Same id, week and intent; its stamps say it was written again (so a merge does not delete it again).
        assert sorted(fields_only(goals_in_file(db_path)), key=lambda g: g["id"]) == fields_only(before)
        assert "Ben Okafor" in week_text(app) and "his choir concert" in week_text(app)
        goals = app.screen.query_one("#week-goals", OptionList)
        assert goals.get_option_at_index(goals.highlighted).id == next(g["id"] for g in before
                                                                       if g["contact_id"] == ben.id)
        await pilot.press("u")  # nothing more to undo here: u is undo archive again
        await pilot.pause()
        assert "Nothing to undo." in [n.message for n in app._notifications]
    assert sorted(fields_only(goals_in_file(db_path)), key=lambda g: g["id"]) == fields_only(before)


async def test_undo_does_not_bring_back_a_goal_chosen_again_meanwhile(db_path):
    journal = wide_network(db_path)
    week = week_key(journal.today())
    ana = journal.resolve_name("Ana Ruiz")
    journal.set_week_goal(WeekGoal(week=week, contact_id=ana.id, intent="the first intent"))
    app = NetJournalApp(journal)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.press("2", "d")
        await pilot.pause()
        other = Journal(db_path)  # another window chooses her again, with another intent
        other.set_week_goal(WeekGoal(week=week, contact_id=ana.id, intent="the second intent"))
        await pilot.pause(1.2)
        await pilot.press("u")
        await pilot.pause()
        assert f"Not restored: Ana Ruiz was chosen for {week} again meanwhile." in [
            n.message for n in app._notifications]
    assert [g["intent"] for g in goals_in_file(db_path)] == ["the second intent"]


# --- toasts --------------------------------------------------------------------------------------------------


def toasts_on_screen(app: NetJournalApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_the_same_notice_again_replaces_its_toast(db_path):
    app = NetJournalApp(wide_network(db_path))
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("u", "u", "u", "u", "u")  # nothing to undo, five times
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Nothing to undo."]
        assert toasts_on_screen(app) == ["Nothing to undo."]


async def test_a_burst_of_notices_shows_the_newest_few_and_keeps_errors(db_path):
    app = NetJournalApp(wide_network(db_path))
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        app.notify("The file could not be read", severity="error")
        await pilot.press("t", "t", "t", "t", "t")  # five themes in a row: five different notices
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == MOST_TOASTS
        assert messages[0] == "The file could not be read"  # errors are not pushed out by the count
        assert messages[-1] == f"Theme: {app.theme}"  # the newest is shown
        assert len(toasts_on_screen(app)) == MOST_TOASTS
