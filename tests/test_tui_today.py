"""Today and follow-ups with real keys: f adds one, d marks it done from Today, n snoozes, o opens the person, and a
meeting today is logged from its line (and leaves Today)."""

from __future__ import annotations

from datetime import timedelta

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, FollowUp, Meeting
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.follow_up_form import FollowUpForm, SnoozeForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.panes.today import TodayPane
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen

from .conftest import TODAY
from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text


def people(path) -> tuple[Journal, Contact, Contact]:
    journal = Journal(path, today=lambda: TODAY)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    return journal, ana, ben


def follow_ups_on_disk(path) -> list[dict]:
    return disk(path).get("follow_ups", [])


def today_lines(app) -> list[str]:
    pane = app.screen.query_one(TodayPane)
    options = pane.query_one("#today-list")
    return [str(options.get_option_at_index(n).prompt).strip() for n in range(options.option_count)]


async def move_to(pilot, app, text: str) -> None:
    """Put Today's cursor on the line that says `text`."""
    options = app.screen.query_one(TodayPane).query_one("#today-list")
    lines = today_lines(app)
    index = next(n for n, line in enumerate(lines) if text in line)
    options.highlighted = index
    await pilot.pause()


async def test_empty_today_says_so(db_path):
    journal, _, _ = people(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("Nothing due today or this week" in line for line in today_lines(app))


async def test_f_adds_a_follow_up_and_d_marks_it_done_from_today(db_path):
    journal, ana, _ = people(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "f")  # from an empty Today: nobody filled in
        assert isinstance(app.screen, FollowUpForm)
        await pilot.press(*"ana", "enter", *"send the deck", "enter", *"yesterday", "enter")
        await pilot.pause()
        # Date words look forward: yesterday is an error in the form, and nothing is saved.
        assert isinstance(app.screen, FollowUpForm)
        assert "is in the past" in str(app.screen.query_one("#error-due").render())
        assert follow_ups_on_disk(db_path) == []
        await pilot.press(*["backspace"] * 9, *"fri", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        saved = follow_ups_on_disk(db_path)
        assert [(f["contact_id"], f["what"], f["due"], f["done_on"]) for f in saved] == [
            (ana.id, "send the deck", "2026-11-27", None)]  # TODAY is a Wednesday
        await pilot.pause()
        assert "Ana Ruiz: send the deck (due Friday)" in today_lines(app)

        await pilot.press("5")
        await move_to(pilot, app, "send the deck")
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert follow_ups_on_disk(db_path)[0]["done_on"] == TODAY.isoformat()
        assert not any("send the deck" in line for line in today_lines(app))


async def test_f_on_the_contacts_pane_is_for_the_person_selected(db_path):
    journal, ana, _ = people(db_path)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FollowUpForm)
        await pilot.press(*"ring about the grant", "enter", *"in 2 weeks", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert [(f["contact_id"], f["what"], f["due"]) for f in follow_ups_on_disk(db_path)] == [
            (ana.id, "ring about the grant", (TODAY + timedelta(days=14)).isoformat())]


async def test_snooze_a_follow_up_from_today(db_path):
    journal, ana, ben = people(db_path)
    journal.add_follow_up(FollowUp(contact_id=ben.id, what="ask about the choir", due=TODAY.isoformat()))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await move_to(pilot, app, "ask about the choir")
        await pilot.press("n")
        assert isinstance(app.screen, SnoozeForm)
        await pilot.press("down", "enter")  # a week
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert follow_ups_on_disk(db_path)[0]["due"] == (TODAY + timedelta(days=7)).isoformat()
        await pilot.pause()
        assert not any("ask about the choir" in line for line in today_lines(app))  # beyond the week shown

        journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the deck", due=TODAY.isoformat()))
        app.refresh_views()
        await pilot.pause()
        await move_to(pilot, app, "send the deck")
        await pilot.press("n", "tab", *"in 3 days", "enter")
        await pilot.pause()
        due = {f["what"]: f["due"] for f in follow_ups_on_disk(db_path)}
        assert due["send the deck"] == (TODAY + timedelta(days=3)).isoformat()
        await pilot.pause()
        assert "Ana Ruiz: send the deck (due Saturday)" in today_lines(app)


async def test_open_a_person_from_today_and_their_follow_ups(db_path):
    journal, ana, _ = people(db_path)
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the deck", due=TODAY.isoformat()))
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="old one", due="2026-11-01", done_on="2026-11-02"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await move_to(pilot, app, "send the deck")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.contact_id == ana.id
        text = screen_text(app)
        assert text.index("send the deck (due today)") < text.index("old one (done 2026-11-02)")  # open first
        # f there is for that person.
        await pilot.press("f")
        assert isinstance(app.screen, FollowUpForm)
        await pilot.press(*"call back", "enter", *"tomorrow", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert {(f["contact_id"], f["what"]) for f in follow_ups_on_disk(db_path)} >= {(ana.id, "call back")}
        await pilot.pause()
        assert "call back (due tomorrow)" in screen_text(app)
        # Drop asks first.
        app.screen.query_one("#person-follow-ups").focus()
        app.screen.query_one("#person-follow-ups").highlighted = 0
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert len(follow_ups_on_disk(db_path)) == 2


async def test_log_a_meeting_from_today(db_path):
    journal, ana, ben = people(db_path)
    journal.keep_meetings([Meeting(event="abc@2026-11-25T10:00", start="2026-11-25T10:00", title="Budget review",
                                   with_=[ana.id, ben.id], channel="video", formal=True)])
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert "10:00 Budget review with Ana Ruiz, Ben Okafor" in today_lines(app)
        await move_to(pilot, app, "Budget review")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        [talk] = disk(db_path)["interactions"]
        assert (talk["event"], talk["topics"], talk["channel"], talk["formal"], talk["business"], talk["date"]) == (
            "abc@2026-11-25T10:00", "Budget review", "video", True, True, TODAY.isoformat())
        assert sorted(talk["with"]) == sorted([ana.id, ben.id])
        await pilot.pause()
        assert not any("Budget review" in line for line in today_lines(app))


async def test_logging_from_a_follow_up_line_offers_it_ticked(db_path):
    """l on a follow-up in Today logs a conversation with that person, with the follow-up ticked done: 3 keys and
    the topic do both. Space would untick it; here it stays, and the save marks it done on the day logged."""
    journal, ana, _ = people(db_path)
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the deck", due=TODAY.isoformat()))
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="ask about Lisbon", due=TODAY.isoformat()))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await move_to(pilot, app, "send the deck")
        await pilot.press("l")
        assert isinstance(app.screen, LogForm)
        await pilot.press(*"sent the deck over coffee", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        done = {f["what"]: f["done_on"] for f in follow_ups_on_disk(db_path)}
        assert done == {"send the deck": TODAY.isoformat(), "ask about Lisbon": None}
        assert [i["topics"] for i in disk(db_path)["interactions"]] == ["sent the deck over coffee"]
        await pilot.pause()
        assert not any("send the deck" in line for line in today_lines(app))
        assert any("ask about Lisbon" in line for line in today_lines(app))


async def test_search_finds_a_follow_up_and_opens_its_person(db_path):
    """ctrl+f finds what a follow-up says (accents folded) and enter opens the person it is for."""
    journal, ana, _ = people(db_path)
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the Málaga figures", due=TODAY.isoformat()))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", *"malaga")
        await pilot.pause()
        text = screen_text(app)
        assert "Follow-ups (1)" in text and f"due {TODAY.isoformat()}  Ana Ruiz" in text
        assert "send the Málaga figures" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.contact.id == ana.id
