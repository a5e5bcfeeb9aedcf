"""Prompts pane and weekly reflection with real keys: reasons, another prompt, write, close, reopen."""

from __future__ import annotations

from textual.widgets import OptionList, TextArea

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, Reflection, ReflectionAnswer, previous_week, week_key
from netjournal.tui.app import NetJournalApp
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.screens.reflection import ReflectionScreen

from .test_tui_contacts import SIZE, disk
from .test_tui_main import screen_text


def prompts_shown(app) -> list[str]:
    from textual.content import Content

    options = app.screen.query_one("#prompts-list", OptionList)
    return [Content.from_markup(options.get_option_at_index(i).prompt).plain for i in range(options.option_count)]


def one_sided(path) -> Journal:
    journal = Journal(path)
    sam = journal.add_contact(Contact(name="Sam Lee", roles=["information_source", "coach_mentor", "expert_advisor",
                                                             "supporter", "feedback_advisor", "ally"]))
    for days in (2, 5, 9, 14, 20):
        journal.log_interaction(Interaction(date=journal.today().fromordinal(journal.today().toordinal() - days),
                                            with_=[sam.id]))
    return journal


async def test_prompts_pane_gives_reasons_and_another(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = prompts_shown(app)
        assert 3 <= len(shown) <= 5
        assert any("Sam Lee" in text and "because you started the last 5 conversations with Sam Lee" in text
                   for text in shown)
        await pilot.press("n")
        assert prompts_shown(app) != shown


async def test_write_a_reflection_close_and_find_it_again(db_path):
    journal = one_sided(db_path)
    week = week_key(journal.today())
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, ReflectionScreen)
        assert "conversations" in screen_text(app)  # the week's facts at the top
        first = app.screen.query_one("#answer-1", TextArea)
        assert first.has_focus
        await pilot.press(*"Sam talked about his allotment")
        await pilot.pause(1.2)  # saved as you go, without pressing anything
        saved = disk(db_path)["reflections"]
        assert saved[0]["week"] == week and saved[0]["answers"][0]["answer"] == "Sam talked about his allotment"
        app.screen.query_one("#reflection-notes", TextArea).focus()
        await pilot.press(*"A quiet week")
    # The app closed while the notes were still being typed: nothing is lost.
    assert disk(db_path)["reflections"][0]["notes"] == "A quiet week"

    app = NetJournalApp(Journal(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam talked about his allotment"
        assert app.screen.query_one("#reflection-notes", TextArea).text == "A quiet week"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert "1 answered" in screen_text(app)


async def test_enter_on_a_prompt_opens_the_reflection_there(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "enter")
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.query_one("#answer-2", TextArea).has_focus


async def test_past_weeks_are_browsable(db_path):
    journal = one_sided(db_path)
    last_week = previous_week(week_key(journal.today()))
    journal.save_reflection(Reflection(week=last_week, answers=[
        ReflectionAnswer("free-info", "What did you learn?", "Sam keeps bees")], notes="busy"))
    app = NetJournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "shift+tab")  # from the first answer up to the week's facts
        await pilot.press("left_square_bracket")
        assert app.screen.week == last_week
        assert app.screen.query_one("#answer-1", TextArea).text == "Sam keeps bees"
        assert "1. What did you learn?" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert app.screen.week == week_key(journal.today())
        app.screen.query_one("#reflection-notes", TextArea).focus()
        await pilot.press(*"[draft]", "ctrl+pageup")  # brackets type into an answer; ctrl+page up still moves
        assert app.screen.week == last_week
    notes = {r["week"]: r["notes"] for r in disk(db_path)["reflections"]}
    assert notes[week_key(journal.today())] == "[draft]" and notes[last_week] == "busy"


async def test_a_broken_user_prompt_file_is_named_and_the_app_still_starts(db_path, private_settings):
    broken = private_settings / "reflection_tips.yaml"
    broken.write_text("prompts:\n  - id: mine\n    source: RB-2\n    level: 9\n    theme: rating\n    text: hi\n")
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(f"{broken}:2: level must be 1 to 5, not 9" in m for m in messages)
        await pilot.press("3")
        assert len(prompts_shown(app)) >= 3  # the built-in prompts


async def test_enter_after_n_opens_the_prompt_that_is_shown(db_path):
    app = NetJournalApp(one_sided(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "n", "end")
        shown = prompts_shown(app)[-1].split("\n")[0]
        await pilot.press("enter")
        assert isinstance(app.screen, ReflectionScreen)
        focused = app.screen.focused
        number = int(focused.id.split("-")[1])
        assert app.screen.questions[number - 1][1] == shown
