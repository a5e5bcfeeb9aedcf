"""The forms that look ahead, pressed as a person would: a plan with a date becomes a follow-up, open follow-ups
are ticked off while logging, a share passed on asks for one, and a person's birthday is edited. Each test checks
the screen and the journal file on disk. The day is pinned (conftest: Wednesday 2026-11-25)."""

from __future__ import annotations

from textual.widgets import Input, SelectionList

from netjournal.core.journal import Journal
from netjournal.core.model import FollowUp, ImportantDate, Interaction, Share
from netjournal.tui.app import NetJournalApp
from netjournal.tui.forms.contact_form import ContactForm
from netjournal.tui.forms.log_form import LogForm
from netjournal.tui.forms.pass_on_form import PassOnForm
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.person import PersonScreen
from netjournal.tui.screens.value import ValueScreen

from .conftest import TODAY
from .test_tui_contacts import disk
from .test_tui_form_keys import SIZE, drawn, person_id
from .test_tui_stale_forms import people  # Ana Ruiz, Ben Okafor, Cleo Mensah
from .test_tui_value import type_text

FRIDAY = "2026-11-27"  # "fri" on Wednesday 2026-11-25


async def tab_to(pilot, field_id: str, most: int = 30) -> None:
    """Tab until the field has focus, as a person would (at most `most` presses)."""
    for _ in range(most):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"{field_id} was never reached with tab")


def error_under(app, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}").render()).strip()


# --- a plan with a date: a follow-up -------------------------------------------------------------


async def test_a_plan_by_fri_becomes_a_follow_up_due_the_coming_friday(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", *"budget")
        await tab_to(pilot, "field-next_time")
        await type_text(pilot, "send the slides")
        await pilot.press("tab", *"fri", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    saved = disk(db_path)
    [talk] = saved["interactions"]
    [follow_up] = saved["follow_ups"]
    assert talk["next_time"] == "send the slides"
    assert (follow_up["contact_id"], follow_up["what"], follow_up["due"], follow_up["from_interaction"],
            follow_up["done_on"]) == (person_id(db_path, "Ana Ruiz"), "send the slides", FRIDAY, talk["id"], None)


async def test_a_plan_with_a_date_for_two_people_is_a_follow_up_for_each(db_path):
    journal = people(db_path)
    ana, ben = journal.resolve_name("Ana Ruiz"), journal.resolve_name("Ben Okafor")
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(LogForm(journal, [ana, ben]))
        await pilot.pause()
        await pilot.press(*"budget")
        await tab_to(pilot, "field-next_time")
        await type_text(pilot, "send them the slides")
        await pilot.press("tab")
        await type_text(pilot, "in 2 weeks")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogForm)
    follow_ups = disk(db_path)["follow_ups"]
    assert sorted((f["contact_id"], f["what"], f["due"]) for f in follow_ups) == sorted(
        [(ana.id, "send them the slides", "2026-12-09"), (ben.id, "send them the slides", "2026-12-09")])


async def test_a_date_without_a_plan_is_an_error_in_the_form_and_nothing_is_saved(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", *"budget")
        await tab_to(pilot, "field-next_by")
        await pilot.press(*"fri", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
        assert "a date needs a plan" in error_under(app, "next_time")
        await tab_to(pilot, "field-next_by")
        await pilot.press(*"yesterday", "ctrl+s")  # a date ahead, please
        await pilot.pause()
        assert isinstance(app.screen, LogForm)
    assert not disk(db_path).get("interactions") and not disk(db_path).get("follow_ups")


async def test_correcting_a_conversation_keeps_one_follow_up_for_its_plan(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="lunch",
                                               next_time="send the slides"))
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the slides", due=FRIDAY, from_interaction=talk.id))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")  # Ana's view, then the conversation in her timeline
        assert isinstance(app.screen, LogForm)
        assert app.screen.query_one("#field-next_by", Input).value == FRIDAY
        # Its own plan is not offered as done in it.
        assert not app.screen.query_one("#open-follow-ups").display
        await pilot.press(*" and budget", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("enter")  # again, now moving the date
        assert isinstance(app.screen, LogForm)
        await tab_to(pilot, "field-next_by")
        await type_text(pilot, "in 2 weeks")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    saved = disk(db_path)
    [follow_up] = saved["follow_ups"]
    assert (follow_up["what"], follow_up["due"]) == ("send the slides", "2026-12-09")
    assert saved["interactions"][0]["topics"] == "lunch and budget"


# --- open follow-ups ticked off while logging ------------------------------------------------------


async def test_logging_with_a_person_offers_their_open_follow_ups_and_ticks_one_done(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    article = journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the article", due="2026-11-24"))
    intro = journal.add_follow_up(FollowUp(contact_id=ana.id, what="introduce her to Ben", due="2026-12-04"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", *"budget")
        assert "send the article (overdue 1d)" in drawn(app)
        listed = app.screen.query_one("#field-done", SelectionList)
        assert listed.selected == []  # none ticked until the person says so
        await pilot.press("tab", "space", "ctrl+s")  # the first, the soonest due
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    follow_ups = {f["id"]: f for f in disk(db_path)["follow_ups"]}
    assert follow_ups[article.id]["done_on"] == TODAY.isoformat()
    assert follow_ups[intro.id]["done_on"] is None


async def test_l_the_topic_and_ctrl_s_leaves_open_follow_ups_open(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the article", due="2026-11-24"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", *"budget", "ctrl+s")  # the fast path is the same keys with follow-ups open
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    saved = disk(db_path)
    assert [t["topics"] for t in saved["interactions"]] == ["budget"]
    assert [f["done_on"] for f in saved["follow_ups"]] == [None]


# --- a person's dates in the person form ---------------------------------------------------------------


def dates_of(path, name: str) -> list[dict]:
    return next(c for c in disk(path)["contacts"] if c["name"] == name)["dates"]


async def test_a_birthday_typed_in_the_person_form_is_saved_shown_again_and_removed(db_path):
    app = NetJournalApp(people(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")  # Ana's view, then her form
        assert isinstance(app.screen, ContactForm)
        await tab_to(pilot, "field-birthday")
        await type_text(pilot, "1985-04-12")
        await pilot.press("tab")
        await type_text(pilot, "06-20")  # an anniversary without its year
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert dates_of(db_path, "Ana Ruiz") == [{"kind": "birthday", "date": "1985-04-12", "label": ""},
                                                  {"kind": "anniversary", "date": "--06-20", "label": ""}]
        await pilot.press("e")
        assert app.screen.query_one("#field-birthday", Input).value == "1985-04-12"
        assert app.screen.query_one("#field-anniversary", Input).value == "06-20"
        await tab_to(pilot, "field-birthday")  # tab selects the field's text: backspace empties it
        await pilot.press("backspace", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    assert dates_of(db_path, "Ana Ruiz") == [{"kind": "anniversary", "date": "--06-20", "label": ""}]


async def test_a_bad_birthday_is_an_error_under_it_and_nothing_is_saved(db_path):
    app = NetJournalApp(people(db_path))
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        await tab_to(pilot, "field-birthday")
        await type_text(pilot, "13-45")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert "'13-45' is not a day of the year" in error_under(app, "birthday")
        assert app.focused.id == "field-birthday"
    assert db_path.read_bytes() == before


async def test_other_dates_are_kept_and_a_date_saved_elsewhere_meanwhile_is_not_lost(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    ana.dates = [ImportantDate("other", "2019-03-01", "started at Harbour")]
    journal.edit_contact(journal.contact(ana.id), ana)
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#field-dates").text == "started at Harbour: 2019-03-01"
        # Another netjournal gives her a birthday while this form is open.
        other = Journal(db_path)
        mine = other.contact(ana.id)
        mine.dates = [*mine.dates, ImportantDate("birthday", "--04-12")]
        other.edit_contact(other.contact(ana.id), mine)
        await tab_to(pilot, "field-org")
        await type_text(pilot, "Harbour Trust")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    [saved] = [c for c in disk(db_path)["contacts"] if c["id"] == ana.id]
    assert saved["org"] == "Harbour Trust"
    assert saved["dates"] == [{"kind": "other", "date": "2019-03-01", "label": "started at Harbour"},
                              {"kind": "birthday", "date": "--04-12", "label": ""}]


# --- passing a share on, with a follow-up ------------------------------------------------------------------


async def test_passing_on_with_in_a_week_ticked_adds_a_follow_up_from_the_share(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    share = journal.add_share(Share(title="Golf rules quiz", tags=["golf"]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PassOnForm(journal, share, ana))
        await pilot.pause()
        assert app.screen.query_one("#field-follow_up", Input).value == "ask what they thought of Golf rules quiz"
        await tab_to(pilot, "field-in_a_week")
        await pilot.press("space")
        assert app.screen.query_one("#field-follow_up_by", Input).value == "in a week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PassOnForm)
    saved = disk(db_path)
    [given] = saved["interactions"]
    [follow_up] = saved["follow_ups"]
    assert given["kind"] == "share"
    assert (follow_up["contact_id"], follow_up["what"], follow_up["due"], follow_up["from_interaction"]) == (
        ana.id, "ask what they thought of Golf rules quiz", "2026-12-02", given["id"])


async def test_passing_on_without_a_date_asks_for_no_follow_up_and_a_bad_date_saves_nothing(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    share = journal.add_share(Share(title="Golf rules quiz", tags=["golf"]))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PassOnForm(journal, share, ana))
        await pilot.pause()
        await tab_to(pilot, "field-follow_up_by")
        await pilot.press(*"someday", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PassOnForm)
        assert "'someday' is not a date" in error_under(app, "follow_up_by")
        assert not disk(db_path).get("interactions")
        await pilot.press(*["backspace"] * len("someday"), "ctrl+s")  # no date: passed on, no follow-up
        await pilot.pause()
        assert not isinstance(app.screen, PassOnForm)
    saved = disk(db_path)
    assert len(saved["interactions"]) == 1 and not saved.get("follow_ups")


async def test_a_plan_dated_in_a_correction_saved_after_the_conflict_dialog_still_becomes_a_follow_up(db_path):
    journal = people(db_path)
    ana = journal.resolve_name("Ana Ruiz")
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="her race"))
    done = journal.add_follow_up(FollowUp(contact_id=ana.id, what="send the article", due="2026-11-24"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, LogForm)
        other = Journal(db_path)  # another window corrects the topic meanwhile
        changed = other.interaction(talk.id)
        changed.topics = "the budget"
        other.update_interaction(changed)
        await type_text(pilot, " in the rain")
        await pilot.press("tab", "space")  # the open follow-up: done in it
        await tab_to(pilot, "field-next_time")
        await type_text(pilot, "send the slides")
        await pilot.press("tab", *"fri", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConflictScreen"
        await pilot.press("m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    saved = disk(db_path)
    assert saved["interactions"][0]["topics"] == "her race in the rain"
    follow_ups = {f["what"]: f for f in saved["follow_ups"]}
    assert (follow_ups["send the slides"]["due"], follow_ups["send the slides"]["from_interaction"]) == (
        FRIDAY, talk.id)
    assert follow_ups[done.what]["done_on"] == "2026-11-20"  # on the conversation's day
