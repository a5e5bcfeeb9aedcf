"""Journal.edit_*: a form's changes applied on top of what another netjournal saved meanwhile, in one save."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.core.journal import EditConflict, Journal, RecordGone
from netjournal.core.model import Contact, FocusGoal, Interaction, Rating, Reflection, ReflectionAnswer, Share

from .conftest import TODAY


def other_process(journal: Journal) -> Journal:
    """A second netjournal on the same file: a second window, or the command line."""
    return Journal(journal.path, today=lambda: TODAY)


def edited(record, **changes):
    """What a form returns: the record as loaded, with the fields the person changed."""
    if "with_" in changes:
        changes["with"] = changes.pop("with_")
    return type(record).from_record({**record.to_record(), **changes})


# --- people ---------------------------------------------------------------------------------------------


def test_a_stale_contact_form_keeps_what_an_import_saved(journal, ana):
    base = journal.contact(ana.id)  # the form opens
    with other_process(journal) as other:  # netjournal import ana.vcf
        imported = other.contact(ana.id)
        imported.email, imported.phone, imported.notes = "ana@harbour.example", "+44 20 7946 0000", "new notes"
        other.update_contact(imported)
    saved = journal.edit_contact(base, edited(base, title="Head of Nursing"))
    with other_process(journal) as fresh:
        on_disk = fresh.contact(ana.id)
    for person in (saved, on_disk):
        assert person.title == "Head of Nursing"
        assert (person.email, person.phone, person.notes) == ("ana@harbour.example", "+44 20 7946 0000",
                                                              "new notes")


def test_both_changed_the_notes_is_a_conflict_and_nothing_is_saved(journal, ana):
    base = journal.contact(ana.id)
    with other_process(journal) as other:
        other.update_contact(edited(other.contact(ana.id), notes="Runs the Harbour 10k"))
    before = journal.path.read_bytes()
    with pytest.raises(EditConflict) as raised:
        journal.edit_contact(base, edited(base, notes="Plays golf and sails", title="Director"))
    conflict = raised.value
    assert [(c.field, c.label, c.base, c.mine, c.theirs) for c in conflict.conflicts] == [
        ("notes", "Free information", "Plays golf on Saturdays", "Plays golf and sails", "Runs the Harbour 10k")]
    assert "Ana Ruiz was changed by another netjournal meanwhile" in str(conflict)
    assert journal.path.read_bytes() == before


@pytest.mark.parametrize("choice, notes", [("mine", "Plays golf and sails"), ("theirs", "Runs the Harbour 10k")])
def test_resolutions_settle_a_conflict_in_the_same_save(journal, ana, choice, notes):
    base = journal.contact(ana.id)
    with other_process(journal) as other:
        other.update_contact(edited(other.contact(ana.id), notes="Runs the Harbour 10k"))
    saved = journal.edit_contact(base, edited(base, notes="Plays golf and sails", title="Director"),
                                 resolutions={"notes": choice})
    assert (saved.notes, saved.title) == (notes, "Director")
    assert other_process(journal).contact(ana.id).notes == notes


def test_save_with_after_the_dialog_merges_what_came_in_while_choosing(journal, ana):
    base = journal.contact(ana.id)
    other = other_process(journal)
    other.update_contact(edited(other.contact(ana.id), notes="Runs the Harbour 10k"))
    with pytest.raises(EditConflict) as raised:
        journal.edit_contact(base, edited(base, notes="Plays golf and sails", title="Director"))
    # While the person chooses, the other window saves again: a phone number, and the notes once more.
    other.update_contact(edited(other.contact(ana.id), phone="555 0100"))
    saved = raised.value.save_with({"notes": "mine"})
    assert (saved.notes, saved.title, saved.phone) == ("Plays golf and sails", "Director", "555 0100")

    base = journal.contact(ana.id)
    other.update_contact(edited(other.contact(ana.id), org="Tidewater"))
    with pytest.raises(EditConflict) as raised:
        journal.edit_contact(base, edited(base, org="Northgate"))
    other.update_contact(edited(other.contact(ana.id), org="City Council"))  # changed again meanwhile
    with pytest.raises(EditConflict) as again:
        raised.value.save_with({"org": "mine"})  # chosen over Tidewater, not over a value never shown
    assert [(c.base, c.mine, c.theirs) for c in again.value.conflicts] == [
        ("Tidewater", "Northgate", "City Council")]
    assert journal.contact(ana.id).org == "City Council"
    # Taking theirs accepts the other side's value, so its newer one stands without asking again.
    other.update_contact(edited(other.contact(ana.id), org="Harbour Health"))
    assert again.value.save_with({"org": "theirs"}).org == "Harbour Health"


def test_a_person_removed_meanwhile_is_not_brought_back(journal, ana):
    base = journal.contact(ana.id)
    with other_process(journal) as other:
        other.forget_contact(ana.id)
    before = journal.path.read_bytes()
    with pytest.raises(RecordGone, match="^Ana Ruiz was removed by another netjournal meanwhile; "
                                         "your changes were not saved$"):
        journal.edit_contact(base, edited(base, title="Director"))
    assert journal.path.read_bytes() == before
    assert journal.contacts(include_archived=True) == []


def test_tags_and_roles_merge_item_by_item(journal, ana):
    base = journal.contact(ana.id)
    with other_process(journal) as other:
        other.update_contact(edited(other.contact(ana.id), tags=["running", "choir"], roles=["ally"]))
    saved = journal.edit_contact(base, edited(base, tags=["golf"], roles=["supporter"]))
    assert saved.tags == ["choir", "golf"]  # running removed here, choir added there, golf added here
    assert saved.roles == ["ally", "supporter"]


def test_a_role_another_computer_defines_is_kept_but_not_added(journal, ana):
    from netjournal.settings.content import Role, builtin_roles

    board = Role(id="board_ally", name="Board ally", key="w", description="on the board")
    with Journal(journal.path, roles=[*builtin_roles(), board]) as laptop:  # its roles.yaml defines board_ally
        laptop.edit_contact(laptop.contact(ana.id), edited(laptop.contact(ana.id), roles=["board_ally"]))
    base = journal.contact(ana.id)  # this computer does not define it
    saved = journal.edit_contact(base, edited(base, phone="555 0100", roles=["board_ally", "supporter"]))
    assert saved.roles == ["board_ally", "supporter"] and saved.phone == "555 0100"
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    with pytest.raises(ValueError, match="^roles: 'board_ally' is not one of"):
        journal.edit_contact(ben, edited(ben, roles=["board_ally"]))


def test_archived_meanwhile_stays_archived(journal, ana):
    base = journal.contact(ana.id)
    other_process(journal).archive_contact(ana.id)
    assert journal.edit_contact(base, edited(base, title="Director")).archived


def test_the_merged_person_is_checked_as_a_whole(journal, ana):
    base = journal.contact(ana.id)
    with pytest.raises(ValueError, match="roles: 'wizard' is not one of"):
        journal.edit_contact(base, Contact.from_stored({**base.to_record(), "roles": ["wizard"]}))


# --- conversations, shares, ratings --------------------------------------------------------------------


def test_a_corrected_conversation_keeps_what_was_added_meanwhile(journal, ana):
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="her race"))
    with other_process(journal) as other:
        other.update_interaction(edited(other.interaction(talk.id), next_time="ask about the knee"))
    saved = journal.edit_interaction(talk, edited(talk, learned="she has a new coach"))
    assert (saved.topics, saved.learned, saved.next_time) == ("her race", "she has a new coach",
                                                              "ask about the knee")


def test_two_corrections_of_who_it_was_with_conflict(journal, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    cleo = journal.add_contact(Contact(name="Cleo Mensah"))
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id]))
    with other_process(journal) as other:
        other.update_interaction(edited(other.interaction(talk.id), with_=[cleo.id]))
    with pytest.raises(EditConflict) as raised:
        journal.edit_interaction(talk, edited(talk, with_=[ben.id]))
    assert [(c.field, c.mine, c.theirs) for c in raised.value.conflicts] == [("with", [ben.id], [cleo.id])]
    assert raised.value.save_with({"with": "mine"}).with_ == [ben.id]


def test_a_conversation_deleted_meanwhile_stays_deleted(journal, ana):
    talk = journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id]))
    other_process(journal).delete_interaction(talk.id)
    with pytest.raises(RecordGone, match="^The conversation of 2026-11-20 was removed by another netjournal"):
        journal.edit_interaction(talk, edited(talk, topics="budget"))
    assert journal.interactions() == []


def test_correcting_a_pass_moves_it_on_the_newest_item(journal, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    share = journal.add_share(Share(title="Marathon nutrition"))
    given = journal.pass_on(share.id, ana.id, "2026-11-20")
    with other_process(journal) as other:
        other.update_share(edited(other.share(share.id), note="chapter 3 is the useful one"))
    journal.edit_interaction(given, edited(given, with_=[ben.id]))
    item = journal.share(share.id)
    assert item.note == "chapter 3 is the useful one"
    assert [(p.contact_id, p.interaction_id) for p in item.passed] == [(ben.id, given.id)]


def test_an_edited_share_keeps_passes_and_tags_saved_meanwhile(journal, ana):
    share = journal.add_share(Share(title="Marathon nutrition", tags=["running"]))
    base = journal.share(share.id)
    with other_process(journal) as other:
        other.pass_on(share.id, ana.id, "2026-11-20")
        other.update_share(edited(other.share(share.id), tags=["running", "food"]))
    saved = journal.edit_share(base, edited(base, title="Marathon nutrition, 2nd edition", tags=["running", "diet"]))
    assert saved.title == "Marathon nutrition, 2nd edition"
    assert saved.tags == ["running", "food", "diet"]
    assert [p.contact_id for p in saved.passed] == [ana.id]


def test_a_share_removed_meanwhile_stays_removed(journal):
    share = journal.add_share(Share(title="Marathon nutrition"))
    other_process(journal).delete_share(share.id)
    with pytest.raises(RecordGone, match="^The shared item 'Marathon nutrition' was removed"):
        journal.edit_share(share, edited(share, note="good"))
    assert journal.shares() == []


def test_rating_details_go_on_top_of_the_newest_rating(journal, ana):
    rating = journal.rate(Rating(contact_id=ana.id, date="2026-11-25", score=2))
    with other_process(journal) as other:
        other.update_rating(edited(rating, plan="lunch monthly"))
    saved = journal.edit_rating(rating, edited(rating, barriers="only big meetings", improve_by="2027-01-15"))
    assert (saved.plan, saved.barriers, saved.improve_by) == ("lunch monthly", "only big meetings", "2027-01-15")


# --- the reflection ------------------------------------------------------------------------------------


def test_an_answer_written_in_another_window_is_not_wiped(journal):
    journal.save_reflection(Reflection(week="2026-W48", answers=[ReflectionAnswer("p1", "Who helped?", "Ana")]))
    base = journal.reflection("2026-W48")
    with other_process(journal) as other:
        other.edit_reflection(base, Reflection(week="2026-W48", answers=[
            ReflectionAnswer("p1", "Who helped?", "Ana"), ReflectionAnswer("p2", "Who is new?", "Dev")]))
    mine = Reflection(week="2026-W48", answers=[ReflectionAnswer("p1", "Who helped?", "Ana and Ben")],
                      notes="busy week")
    saved = journal.edit_reflection(base, mine)
    assert [(a.prompt_id, a.prompt, a.answer) for a in saved.answers] == [
        ("p1", "Who helped?", "Ana and Ben"), ("p2", "Who is new?", "Dev")]
    assert saved.notes == "busy week" and saved.id == base.id


def test_a_first_reflection_merges_with_one_written_meanwhile(journal):
    other_process(journal).save_reflection(Reflection(week="2026-W48", notes="from the other window"))
    saved = journal.edit_reflection(None, Reflection(week="2026-W48", answers=[
        ReflectionAnswer("p1", "Who helped?", "Ana")]))
    assert saved.notes == "from the other window" and [a.answer for a in saved.answers] == ["Ana"]
    assert len(journal.reflections()) == 1


def test_the_same_answer_written_twice_is_a_conflict_named_by_its_prompt(journal):
    base = journal.reflection("2026-W48")
    other_process(journal).save_reflection(Reflection(week="2026-W48", answers=[
        ReflectionAnswer("p1", "Who helped?", "Ben")]))
    with pytest.raises(EditConflict) as raised:
        journal.edit_reflection(base, Reflection(week="2026-W48", answers=[
            ReflectionAnswer("p1", "Who helped?", "Ana")]))
    [conflict] = raised.value.conflicts
    assert (conflict.key, conflict.label, conflict.mine, conflict.theirs) == (
        "answer:p1", "Answer to: Who helped?", "Ana", "Ben")
    assert [a.answer for a in raised.value.save_with({"answer:p1": "mine"}).answers] == ["Ana"]


def test_an_emptied_answer_is_removed(journal):
    journal.save_reflection(Reflection(week="2026-W48", answers=[ReflectionAnswer("p1", "Who helped?", "Ana")]))
    base = journal.reflection("2026-W48")
    saved = journal.edit_reflection(base, Reflection(week="2026-W48", answers=[
        ReflectionAnswer("p1", "Who helped?", "")]))
    assert saved.answers == []


# --- critical goals ------------------------------------------------------------------------------------


def test_critical_goals_merge_one_by_one(journal, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    first = journal.add_focus_goal(FocusGoal(text="Sign the data-sharing agreement", helps=[ana.id]))
    second = journal.add_focus_goal(FocusGoal(text="Run a joint clinic"))
    with other_process(journal) as other:
        other.save_focus_goals([edited(other._get(FocusGoal, first.id), due="2027-01-07")])
    saved = journal.edit_focus_goals([
        (first, edited(first, helps=[ana.id, ben.id])),
        (second, None),
        (None, FocusGoal(text="Find a mentor")),
    ])
    goals = {g.text: g for g in journal.focus_goals()}
    assert set(goals) == {"Sign the data-sharing agreement", "Find a mentor"}
    assert goals["Sign the data-sharing agreement"].due == "2027-01-07"
    assert goals["Sign the data-sharing agreement"].helps == [ana.id, ben.id]
    assert len(saved) == 2


def test_a_critical_goal_conflict_is_keyed_by_the_goal(journal):
    goal = journal.add_focus_goal(FocusGoal(text="Sign the agreement"))
    other_process(journal).save_focus_goals([edited(goal, due="2027-01-07")])
    before = journal.path.read_bytes()
    with pytest.raises(EditConflict) as raised:
        journal.edit_focus_goals([(goal, edited(goal, due="2027-02-01")), (None, FocusGoal(text="A new one"))])
    [conflict] = raised.value.conflicts
    assert (conflict.key, conflict.label) == (f"{goal.id}:due", "Goal 1: Due date")
    assert journal.path.read_bytes() == before
    raised.value.save_with({conflict.key: "theirs"})
    assert sorted((g.text, g.due) for g in journal.focus_goals()) == [
        ("A new one", None), ("Sign the agreement", "2027-01-07")]


def test_a_goal_removed_here_and_changed_meanwhile_is_asked_about(journal, ana):
    goal = journal.add_focus_goal(FocusGoal(text="Lead the data team"))
    newer = edited(goal, text="Lead the data team by June", helps=[ana.id])
    other_process(journal).save_focus_goals([newer])
    before = journal.path.read_bytes()
    with pytest.raises(EditConflict) as raised:
        journal.edit_focus_goals([(goal, None)])
    [conflict] = raised.value.conflicts
    assert (conflict.key, conflict.field, conflict.mine) == (f"{goal.id}:goal", "goal", None)
    assert conflict.theirs == newer and conflict.label == "Goal 1: removed here, changed elsewhere"
    assert journal.path.read_bytes() == before
    raised.value.save_with({conflict.key: "theirs"})
    assert journal.focus_goals() == [newer]
    with pytest.raises(EditConflict) as again:  # the form, still showing the old goal, removes it again
        journal.edit_focus_goals([(goal, None)])
    again.value.save_with({f"{goal.id}:goal": "mine"})
    assert journal.focus_goals() == []


def test_a_goal_removed_here_and_untouched_elsewhere_is_removed(journal):
    goal = journal.add_focus_goal(FocusGoal(text="Lead the data team"))
    journal.edit_focus_goals([(goal, None)])
    assert journal.focus_goals() == []


def test_a_critical_goal_removed_meanwhile_is_not_brought_back(journal):
    goal = journal.add_focus_goal(FocusGoal(text="Sign the agreement"))
    other_process(journal).save_focus_goals([], removed=[goal.id])
    with pytest.raises(RecordGone, match="^The goal 'Sign the agreement' was removed"):
        journal.edit_focus_goals([(goal, edited(goal, due="2027-02-01"))])
    assert journal.focus_goals() == []
    journal.edit_focus_goals([(goal, None)])  # removing it again: nothing to do


# --- a property, through the journal and the file -------------------------------------------------------

TEXT_FIELDS = ("org", "title", "email", "phone", "notes", "needs", "how_met")
tag_lists = st.lists(st.sampled_from(["running", "golf", "choir"]), unique=True)
field_values = st.fixed_dictionaries({}, optional={name: st.sampled_from(["", f"a@{name}.example", f"b@{name}.example"])
                                                   for name in TEXT_FIELDS})  # valid in every field


@settings(max_examples=40, deadline=None)
@given(mine=field_values, theirs=field_values, tags=st.tuples(tag_lists, tag_lists))
def test_nothing_either_side_changed_alone_is_lost(mine, theirs, tags):
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder) / "journal.json", today=lambda: TODAY)
        base = journal.add_contact(Contact(name="Ana Ruiz", tags=["running"], notes="golf"))
        other = other_process(journal)
        other.update_contact(edited(base, **theirs, tags=tags[1]))
        try:
            saved = journal.edit_contact(base, edited(base, **mine, tags=tags[0]))
        except EditConflict as conflict:
            both = {name for name in TEXT_FIELDS if mine.get(name, getattr(base, name)) != getattr(base, name)
                    and theirs.get(name, getattr(base, name)) != getattr(base, name)
                    and mine.get(name) != theirs.get(name)}
            assert {c.field for c in conflict.conflicts} == both
            return
        on_disk = other_process(journal).contact(base.id)
        assert on_disk.to_record() == saved.to_record()
        for name in TEXT_FIELDS:
            was = getattr(base, name)
            if mine.get(name, was) != was:
                assert getattr(saved, name) == mine[name]
            elif theirs.get(name, was) != was:
                assert getattr(saved, name) == theirs[name]
            else:
                assert getattr(saved, name) == was
        added = (set(tags[0]) - {"running"}) | (set(tags[1]) - {"running"})
        kept = "running" in tags[0] and "running" in tags[1]
        assert set(saved.tags) == added | ({"running"} if kept else set())
