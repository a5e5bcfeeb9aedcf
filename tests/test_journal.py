"""Journal: the typed interface above storage, tested on real files without any UI."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.core import migrations
from netjournal.core.journal import Journal, NameAmbiguous, NameNotFound
from netjournal.core.model import (
    Contact,
    FocusGoal,
    Interaction,
    Rating,
    Reflection,
    ReflectionAnswer,
    Share,
    WeekGoal,
    week_key,
)
from netjournal.core.storage import JournalError

from .conftest import TODAY, log

DATA = Path(__file__).parent / "data"


def on_disk(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def test_new_journal_records_its_schema(journal, db_path):
    meta = on_disk(db_path)["meta"]["1"]
    assert meta["schema_version"] == migrations.SCHEMA_VERSION
    assert meta["app_version"] and meta["created_at"]


def test_contacts_have_stable_string_ids(journal, db_path, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor", introduced_by=ana.id))
    stored = {c["name"]: c for c in on_disk(db_path)["contacts"].values()}
    assert stored["Ben Okafor"]["introduced_by"] == ana.id == stored["Ana Ruiz"]["id"]
    assert len(ana.id) == 8 and ana.id != ben.id
    journal.forget_contact(ana.id)
    carl = journal.add_contact(Contact(name="Carl"))
    # TinyDB may reuse Ana's doc id; our ids and references never point at the wrong person.
    assert journal.contact(ben.id).introduced_by is None
    assert carl.id != ana.id


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda j, a: j.add_contact(Contact(name="Ben", roles=["oracle"])), "roles: 'oracle'"),
        (lambda j, a: j.add_contact(Contact(name="Ben", introduced_by="nobody")), "introduced_by: no contact"),
        (lambda j, a: j.log_interaction(Interaction(date="2026-11-24", with_=["nobody"])), "with: no contact"),
        (lambda j, a: j.log_interaction(Interaction(date="2026-12-01", with_=[a.id])), "date: 2026-12-01 is in the future"),
        (lambda j, a: j.rate(Rating(contact_id="nobody", date="2026-11-24", score=3)), "contact_id: no contact"),
        (lambda j, a: j.set_week_goal(WeekGoal(week="2026-W48", contact_id="nobody")), "contact_id: no contact"),
        (lambda j, a: j.add_focus_goal(FocusGoal(text="ship", helps=["nobody"])), "helps: no contact"),
    ],
)
def test_validation_errors_change_nothing(journal, db_path, ana, call, message):
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match=message):
        call(journal, ana)
    assert db_path.read_bytes() == before


def test_log_and_list_interactions(journal, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    log(journal, [ana], "2026-11-20", topics="marathon")
    log(journal, [ana, ben], "2026-11-24", business=True, topics="budget")
    assert [i.topics for i in journal.interactions(ana.id)] == ["budget", "marathon"]
    assert [i.topics for i in journal.interactions(ben.id)] == ["budget"]
    assert journal.last_contact_dates() == {ana.id: "2026-11-24", ben.id: "2026-11-24"}
    assert [i.topics for i in journal.interactions_in_week("2026-W47")] == ["marathon"]


def test_edit_and_delete_an_interaction(journal, ana):
    interaction = log(journal, [ana], "2026-11-20", topics="marathon")
    interaction.topics = "her marathon, and her daughter's first race"
    journal.update_interaction(interaction)
    assert journal.interaction(interaction.id).topics.endswith("first race")
    journal.delete_interaction(interaction.id)
    assert journal.interactions() == []
    with pytest.raises(JournalError, match="no interaction with id"):
        journal.delete_interaction(interaction.id)


def test_archive_hides_and_restores(journal, ana):
    journal.archive_contact(ana.id)
    assert journal.contacts() == []
    assert [c.name for c in journal.contacts(include_archived=True)] == ["Ana Ruiz"]
    journal.archive_contact(ana.id, archived=False)
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]


def test_forget_removes_every_mention(journal, db_path, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor", introduced_by=ana.id))
    log(journal, [ana], "2026-11-20")
    shared = log(journal, [ana, ben], "2026-11-21")
    journal.rate(Rating(contact_id=ana.id, date="2026-11-21", score=2))
    journal.set_week_goal(WeekGoal(week="2026-W48", contact_id=ana.id))
    journal.add_focus_goal(FocusGoal(text="launch", helps=[ana.id, ben.id]))
    journal.forget_contact(ana.id)
    text = db_path.read_text()
    assert ana.id not in text and "Ana Ruiz" not in text
    assert [i.with_ for i in journal.interactions()] == [[ben.id]]
    assert journal.interaction(shared.id).with_ == [ben.id]


def test_names_resolve_or_list_candidates(journal, ana):
    journal.add_contact(Contact(name="Ana Lopez", org="Tidewater"))
    journal.add_contact(Contact(name="Ben Okafor"))
    assert journal.resolve_name("ben").name == "Ben Okafor"
    assert journal.resolve_name("OKAFOR").name == "Ben Okafor"
    assert journal.resolve_name("ana ruiz").name == "Ana Ruiz"
    with pytest.raises(NameAmbiguous) as ambiguous:
        journal.resolve_name("ana")
    assert ambiguous.value.candidates == ["Ana Lopez (Tidewater)", "Ana Ruiz (Harbour Health)"]
    with pytest.raises(NameNotFound) as unknown:
        journal.resolve_name("Ben Okafr")
    assert unknown.value.candidates == ["Ben Okafor"]


def test_a_full_name_beats_the_start_of_another_even_when_archived(journal, ana):
    lopez = journal.add_contact(Contact(name="Ana Ruiz-Lopez", org="Tidewater"))
    journal.archive_contact(ana.id)
    assert journal.resolve_name("Ana Ruiz").id == ana.id
    assert journal.resolve_name("ana  ruiz").id == ana.id
    assert journal.resolve_name("Ana Ruiz-").id == lopez.id
    assert journal.resolve_name("Ana").id == lopez.id  # the start of a name: active people first, as before
    twin = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
    assert journal.resolve_name("Ana Ruiz").id == twin.id  # the same full name: the active one, as before


def test_one_week_goal_per_person_and_week(journal, ana):
    journal.set_week_goal(WeekGoal(week="2026-W48", contact_id=ana.id, intent="ask about the race"))
    with pytest.raises(ValueError, match="Ana Ruiz is already a goal for 2026-W48"):
        journal.set_week_goal(WeekGoal(week="2026-W48", contact_id=ana.id))
    journal.set_week_goal(WeekGoal(week="2026-W49", contact_id=ana.id))
    assert [g.intent for g in journal.week_goals("2026-W48")] == ["ask about the race"]


def test_reflection_is_one_per_week(journal):
    first = journal.save_reflection(Reflection(week="2026-W48", answers=[
        ReflectionAnswer("nonbusiness", "What did you learn?", "Ana runs with her daughter")]))
    journal.save_reflection(Reflection(week="2026-W48", notes="quiet week"))
    saved = journal.reflection("2026-W48")
    assert saved.id == first.id and saved.notes == "quiet week"
    assert len(journal.reflections()) == 1


def test_search_finds_notes_tags_interactions_and_reflections(journal, ana):
    ben = journal.add_contact(Contact(name="Ben Okafor", tags=["Golf"]))
    log(journal, [ben], "2026-11-20", learned="his golf club has a junior section")
    journal.save_reflection(Reflection(week="2026-W48", notes="Golf came up twice this week"))
    hits = journal.search("golf")
    assert sorted((h.kind, h.title) for h in hits) == [
        ("contact", "Ana Ruiz"), ("contact", "Ben Okafor"), ("interaction", "2026-11-20"),
        ("reflection", "2026-W48")]
    assert journal.search("  ") == []


def test_export_has_every_table_with_design_fields(journal, ana):
    log(journal, [ana], "2026-11-20")
    journal.add_share(Share(title="Data sharing report", tags=["data"]))
    exported = journal.export()
    assert set(exported) == {"meta", "contacts", "interactions", "ratings", "week_goals", "reflections",
                             "shares", "focus_goals", "follow_ups", "meetings", "organisations", "links",
                             "month_goals"}
    interaction = exported["interactions"][0]
    assert interaction["with"] == [ana.id]
    assert set(interaction) >= {"id", "date", "with", "channel", "formal", "business", "initiated_by", "topics",
                                "disclosure", "thanked", "gave", "got", "learned", "response", "next_time",
                                "created_at"}


def test_version_1_file_is_migrated(tmp_path):
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v1.json", path)
    original = path.read_bytes()
    journal = Journal(path, today=lambda: TODAY)
    ana = journal.resolve_name("Ana Ruiz")
    assert ana.tags == ["running", "golf"]
    assert journal.interactions(ana.id)[0].learned == "runs with her daughter"
    assert path.read_bytes() == original  # loading alone writes nothing
    journal.add_contact(Contact(name="Cleo"))
    saved = on_disk(path)
    assert saved["meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION  # v1 -> v2 -> v3 in one load
    assert saved["interactions"]["1"]["with"] == ["a1b2c3d4"] and "contact_id" not in saved["interactions"]["1"]
    assert (tmp_path / "journal.json.bak-20261125").read_bytes() == original


def test_version_2_file_is_migrated(tmp_path):
    """v3 adds needs, interaction kinds and the interaction behind each pass; older data keeps its meaning."""
    path = tmp_path / "journal.json"
    shutil.copy(DATA / "journal-v2.json", path)
    original = path.read_bytes()
    journal = Journal(path, today=lambda: TODAY)
    ana = journal.resolve_name("Ana Ruiz")
    assert ana.needs == ""
    talk = journal.interactions(ana.id)[0]
    assert talk.kind == "conversation" and talk.gave == "a training plan"
    (share,) = journal.shares()
    assert [(p.contact_id, p.date, p.interaction_id) for p in share.passed] == [(ana.id, "2026-11-19", None)]
    assert journal.focus_goals()[0].hinders == [journal.resolve_name("Ben").id]
    assert path.read_bytes() == original
    journal.add_contact(Contact(name="Cleo"))
    saved = on_disk(path)
    assert saved["meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION
    assert saved["contacts"]["1"]["needs"] == "" and saved["interactions"]["1"]["kind"] == "conversation"
    assert saved["shares"]["1"]["passed"][0]["interaction_id"] is None


def test_a_repeated_id_is_refused_however_the_table_changed(journal, db_path):
    """The ids of a table are kept between saves (a save no longer scans 50,000 ids); they must stay right after
    our own inserts and removals and after another process's save."""
    first = journal.log_interaction(Interaction(date="2026-11-20", with_=[journal.add_contact(Contact(name="Ana")).id]))
    with pytest.raises(JournalError, match="already exists"):
        journal.log_interaction(Interaction(date="2026-11-21", with_=first.with_, id=first.id))
    journal.delete_interaction(first.id)
    journal.log_interaction(Interaction(date="2026-11-21", with_=first.with_, id=first.id))  # free again
    with Journal(db_path) as other:
        theirs = other.log_interaction(Interaction(date="2026-11-22", with_=first.with_))
    with pytest.raises(JournalError, match="already exists"):
        journal.log_interaction(Interaction(date="2026-11-23", with_=first.with_, id=theirs.id))


# --- kept people (by_name, everyone, resolve_name) --------------------------------------------

def test_kept_people_see_a_person_added_inside_the_same_batch(journal):
    journal.by_name()  # kept before the batch
    with journal.batch():
        added = journal.add_contact(Contact(name="Kim Lee"))
        assert journal.resolve_name("Kim Lee").id == added.id
        assert [c.name for c in journal.by_name()] == ["Kim Lee"]


def test_kept_people_forget_a_change_that_failed(journal, ana):
    journal.by_name()
    with pytest.raises(RuntimeError):
        with journal.batch():
            journal.add_contact(Contact(name="Kim Lee"))
            assert len(journal.by_name()) == 2
            raise RuntimeError("the save failed")
    assert [c.name for c in journal.by_name(include_archived=True)] == ["Ana Ruiz"]
    with pytest.raises(NameNotFound):
        journal.resolve_name("Kim Lee")


def test_kept_people_follow_edits_and_archiving_but_not_conversations(journal, ana):
    kept = journal.by_name()
    log(journal, [ana], "2026-11-20")
    assert journal.by_name() is kept  # a conversation leaves the people as they were: not built again
    journal.archive_contact(ana.id)
    assert journal.by_name() == ()
    assert [c.archived for c in journal.by_name(include_archived=True)] == [True]


def test_resolve_name_gives_a_record_to_change_not_the_kept_one(journal, ana):
    found = journal.resolve_name("Ana Ruiz")
    found.name, found.tags = "Someone Else", ["changed"]
    assert [(c.name, c.tags) for c in journal.by_name()] == [("Ana Ruiz", ["running"])]
    assert journal.resolve_name("ana").name == "Ana Ruiz"


def test_views_kept_from_the_log_catch_up_with_what_is_logged_edited_and_deleted(tmp_path):
    """interactions_between and the first/last/informal dates fold newly logged conversations into what they kept;
    after any edit, deletion, reload or failed change they are worked out again. Either way they equal a fresh
    journal's answer after every step."""
    import random

    from netjournal.core.model import Interaction as Talk

    path = tmp_path / "journal.json"
    journal = Journal(path, today=lambda: TODAY)
    people = [journal.add_contact(Contact(name=f"Person {n}")) for n in range(6)]
    rng = random.Random(3)
    since, until = date(2026, 10, 1), date(2026, 11, 20)

    def day() -> str:
        return (date(2026, 9, 20) + timedelta(days=rng.randint(0, 66))).isoformat()

    def views(of: Journal):
        return ([t.id for t in of.interactions_between(since, until)], of.last_contact_dates(),
                of.first_contact_dates(), of.last_informal_dates())

    for step in range(60):
        talks = journal.interactions()
        choice = rng.random()
        if choice < 0.6 or not talks:
            with_ = [p.id for p in rng.sample(people, rng.choice([1, 2]))]
            journal.log_interaction(Talk(date=day(), with_=with_, formal=rng.random() < 0.5))
        elif choice < 0.75:
            talk = rng.choice(talks)
            talk.date = day()
            journal.update_interaction(talk)
        elif choice < 0.9:
            journal.delete_interaction(rng.choice(talks).id)
        else:
            with Journal(path, today=lambda: TODAY) as other:  # another window logs: this one reloads
                other.log_interaction(Talk(date=day(), with_=[people[0].id]))
        if step % 3 == 0 or choice >= 0.6:
            shown = views(journal)
            with Journal(path, today=lambda: TODAY) as fresh:
                assert shown == views(fresh), step


@pytest.mark.parametrize("second_turns", [False, True])
def test_newest_first_does_not_hang_on_whether_the_clock_s_second_turned_between_two_logs(tmp_path,
                                                                                          second_turns):
    """created_at is kept to the second. Two conversations logged for one day, one after the other, are listed
    the later first whether or not the second turned between them: in every list and in the kept ranges."""
    journal = Journal(tmp_path / "journal.json", today=lambda: TODAY)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    since, until = date(2026, 11, 1), date(2026, 11, 30)
    journal.interactions_between(since, until)  # kept, then caught up with what is logged next
    stamps = ["2026-11-20T09:00:00+00:00", "2026-11-20T09:00:01+00:00" if second_turns else
              "2026-11-20T09:00:00+00:00"]
    for topics, stamp in zip(("first", "second"), stamps):
        journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics=topics, created_at=stamp))
    week = week_key(date(2026, 11, 20))
    lists = [journal.interactions(), journal.interactions(contact_id=ana.id), journal.interactions_in_week(week),
             journal.week_interactions(week, frozenset([ana.id])), journal.interactions_between(since, until),
             journal.interactions_with_any(frozenset([ana.id]))]
    with Journal(tmp_path / "journal.json", today=lambda: TODAY) as again:
        lists.append(again.interactions_between(since, until))
    assert [[t.topics for t in found] for found in lists] == [["second", "first"]] * len(lists)
    journal.close()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["2026-11-20", "2026-11-21", "2026-11-22"]), st.sampled_from("ab")),
                max_size=12),
       st.lists(st.tuples(st.sampled_from(["2026-11-20", "2026-11-21", "2026-11-23"]), st.sampled_from("ab")),
                min_size=1, max_size=4))
def test_conversations_added_to_a_kept_range_land_where_sorting_again_puts_them(kept_keys, added_keys):
    from netjournal.core.areas.conversations import _with_added

    def made(keys, tag):
        return [Interaction(date=day, with_=["c"], topics=f"{tag}{n}", created_at=at) for n, (day, at) in
                enumerate(keys)]
    stored = made(kept_keys, "k")  # stored before every added one, in this order
    kept = sorted(reversed(stored), key=lambda i: (i.date, i.created_at), reverse=True)
    added = made(added_keys, "a")
    expected = sorted(reversed([*stored, *added]), key=lambda i: (i.date, i.created_at), reverse=True)
    assert [i.topics for i in _with_added(tuple(kept), added)] == [i.topics for i in expected]
