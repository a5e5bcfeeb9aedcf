"""Shares, introductions and critical goals through the Journal, checked on the file on disk."""

from __future__ import annotations

import pytest

from netjournal.core.model import Contact, FocusGoal, Share

from .conftest import TODAY
from .test_journal import on_disk


@pytest.fixture
def ben(journal):
    return journal.add_contact(Contact(name="Ben Okafor", tags=["python"], needs="a mentor for public speaking"))


def test_passing_on_logs_a_gave_interaction_and_marks_the_item(journal, db_path, ana):
    share = journal.add_share(Share(title="Marathon nutrition", link="https://example.org/food", tags=["running"],
                                    note="the part on gels"))
    given = journal.pass_on(share.id, ana.id, "2026-11-24")
    saved = on_disk(db_path)
    (talk,) = saved["interactions"].values()
    assert talk["kind"] == "share" and talk["with"] == [ana.id] and talk["date"] == "2026-11-24"
    assert talk["gave"] == "Marathon nutrition (https://example.org/food)" and talk["topics"] == "the part on gels"
    assert talk["initiated_by"] == "me" and talk["channel"] == "message"
    (stored,) = saved["shares"].values()
    assert stored["passed"] == [{"contact_id": ana.id, "date": "2026-11-24", "interaction_id": given.id}]
    assert journal.last_contact_dates()[ana.id] == "2026-11-24"  # passing value on restarts the interval


def test_the_same_item_twice_to_one_person_is_refused(journal, db_path, ana):
    share = journal.add_share(Share(title="Marathon nutrition"))
    journal.pass_on(share.id, ana.id, TODAY)
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="to: Ana Ruiz already had this on 2026-11-25"):
        journal.pass_on(share.id, ana.id, TODAY)
    assert db_path.read_bytes() == before


def test_a_pass_in_the_future_or_to_nobody_changes_nothing(journal, db_path, ana):
    share = journal.add_share(Share(title="Marathon nutrition"))
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="date: 2026-11-26 is in the future"):
        journal.pass_on(share.id, ana.id, "2026-11-26")
    with pytest.raises(Exception, match="no contact with id 'nobody'"):
        journal.pass_on(share.id, "nobody", TODAY)
    assert db_path.read_bytes() == before


def test_deleting_the_gave_interaction_takes_the_pass_back(journal, ana):
    share = journal.add_share(Share(title="Marathon nutrition"))
    given = journal.pass_on(share.id, ana.id, TODAY)
    journal.delete_interaction(given.id)
    assert journal.share(share.id).passed == []


def test_editing_an_item_keeps_its_passes(journal, ana):
    share = journal.add_share(Share(title="Marathon nutrition"))
    journal.pass_on(share.id, ana.id, TODAY)
    journal.update_share(Share(title="Marathon nutrition, 2nd edition", id=share.id, created_at=share.created_at))
    assert journal.share(share.id).title == "Marathon nutrition, 2nd edition"
    assert [p.contact_id for p in journal.share(share.id).passed] == [ana.id]


def test_an_introduction_is_one_interaction_with_both(journal, db_path, ana, ben):
    made = journal.introduce(ana.id, ben.id, "both training for the spring marathon", "2026-11-23")
    (talk,) = on_disk(db_path)["interactions"].values()
    assert talk["kind"] == "introduction" and sorted(talk["with"]) == sorted([ana.id, ben.id])
    assert talk["gave"] == "an introduction: both training for the spring marathon"
    assert journal.introductions(ana.id) == [made] and journal.introductions(ben.id) == [made]
    with pytest.raises(ValueError, match="because: say why"):
        journal.introduce(ana.id, ben.id, "  ", TODAY)
    with pytest.raises(ValueError, match="second: choose two different people"):
        journal.introduce(ana.id, ana.id, "x", TODAY)


def test_forgetting_one_side_of_an_introduction_keeps_the_value_given_to_the_other(journal, ana, ben):
    journal.introduce(ana.id, ben.id, "marathon", TODAY)
    journal.forget_contact(ana.id)
    (left,) = journal.interactions(ben.id)
    assert left.kind == "introduction" and left.with_ == [ben.id]
    journal.update_interaction(left)  # still valid: it can be corrected


def test_the_same_introduction_twice_is_refused(journal, db_path, ana, ben):
    journal.introduce(ana.id, ben.id, "marathon", "2026-11-20")
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="second: you introduced them to each other on 2026-11-20 already"):
        journal.introduce(ben.id, ana.id, "again", TODAY)
    assert db_path.read_bytes() == before


def test_correcting_a_passed_on_interaction_moves_its_pass(journal, db_path, ana, ben):
    share = journal.add_share(Share(title="Marathon nutrition"))
    given = journal.pass_on(share.id, ana.id, TODAY)
    given.with_, given.date = [ben.id], "2026-11-20"
    journal.update_interaction(given)
    assert [(p.contact_id, p.date) for p in journal.share(share.id).passed] == [(ben.id, "2026-11-20")]
    journal.pass_on(share.id, ana.id, TODAY)  # Ana never had it after all
    given.with_ = [ana.id]
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="with: Ana Ruiz already had 'Marathon nutrition' on 2026-11-25"):
        journal.update_interaction(given)
    assert db_path.read_bytes() == before
    given.with_ = [ana.id, ben.id]
    with pytest.raises(ValueError, match="with: an item is passed on to one person at a time"):
        given.__post_init__()


def test_an_older_file_with_any_text_as_a_link_still_opens(journal, db_path):
    journal.add_share(Share(title="Intranet page"))
    data = on_disk(db_path)
    next(iter(data["shares"].values()))["link"] = "intranet page 42"  # older versions took any text
    import orjson

    db_path.write_bytes(orjson.dumps(data))
    journal.refresh()
    assert journal.shares()[0].link == "intranet page 42"


def test_at_most_three_open_critical_goals(journal, db_path, ana, ben):
    for text in ("Sign the agreement", "Fund the pilot", "Hire an analyst"):
        journal.add_focus_goal(FocusGoal(text=text, helps=[ana.id]))
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="text: you already have 3 open critical goals"):
        journal.add_focus_goal(FocusGoal(text="A fourth"))
    assert db_path.read_bytes() == before
    first = journal.focus_goals()[0]
    first.done = True
    journal.save_focus_goals([first, FocusGoal(text="A fourth", hinders=[ben.id])])  # done frees a place
    stored = on_disk(db_path)["focus_goals"].values()
    assert sorted((g["text"], g["done"]) for g in stored)[0] == ("A fourth", False)
    assert len([g for g in stored if not g["done"]]) == 3
    journal.save_focus_goals([], removed=[first.id])
    assert first.id not in {g.id for g in journal.focus_goals()}


def test_a_person_cannot_help_and_hinder_one_goal(journal, ana):
    with pytest.raises(ValueError, match="hinders: the same person cannot both help and hinder"):
        FocusGoal(text="Sign the agreement", helps=[ana.id], hinders=[ana.id])


def test_search_finds_needs_and_shares(journal, ana, ben):
    journal.add_share(Share(title="Speaking without slides", tags=["speaking"]))
    kinds = {(hit.kind, hit.title) for hit in journal.search("speaking")}
    assert kinds == {("contact", "Ben Okafor"), ("share", "Speaking without slides")}
