"""The person view as plain facts (reports.person), without Textual: what was learned, the value each way, the
timeline rows, and the same facts as text, JSON and in the Markdown export."""

from __future__ import annotations

import json

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, PassedOn, Share
from netjournal.reports.markdown import journal_markdown
from netjournal.reports.person import (GIVEN_TITLE, LEARNED_TITLE, RECEIVED_TITLE, person_json, person_text,
                                       person_view)

from .conftest import log


def value_network(journal: Journal) -> dict[str, Contact]:
    """Ana, with what you learned about her, value both ways, an item passed on, an introduction, and a person she
    introduced you to; plus an item passed on by a version that did not log passes yet."""
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health", notes="Plays golf\non Saturdays"))
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    cleo = journal.add_contact(Contact(name="Cleo Park", introduced_by=ana.id))
    log(journal, [ana], "2026-11-02", topics="her 10k", learned="runs with her daughter", got="a race discount")
    log(journal, [ana, ben], "2026-11-10", topics="budget review", business=True, learned="moving to Leeds in May",
        gave="the ward figures")
    log(journal, [ana], "2026-11-20", topics="coffee", next_time="ask about Leeds")
    share = journal.add_share(Share(title="Golf drills", link="https://example.org/golf"))
    journal.pass_on(share.id, ana.id, "2026-11-18")
    journal.add_share(Share(title="Old report", passed=[PassedOn(ana.id, "2026-01-05")]))  # no interaction
    journal.introduce(ana.id, ben.id, "both run the data team", "2026-11-21")
    return {"ana": ana, "ben": ben, "cleo": cleo}


def test_what_was_learned_and_the_value_each_way_newest_first(journal):
    people = value_network(journal)
    view = person_view(journal, people["ana"].id)
    assert [(e.date, e.text) for e in view.learned] == [("2026-11-10", "moving to Leeds in May"),
                                                        ("2026-11-02", "runs with her daughter")]
    assert [(e.date, e.text, e.source) for e in view.given] == [
        ("2026-11-21", "You introduced them to Ben Okafor: both run the data team", "introduction"),
        ("2026-11-18", "Passed on: Golf drills (https://example.org/golf)", "share"),
        ("2026-11-10", "the ward figures", "conversation"),
        ("2026-01-05", "Passed on: Old report", "share"),  # from the share queue: no conversation logged it
    ]
    assert view.given[0].people[0].name == "Ben Okafor"
    assert [(e.date, e.text, e.source) for e in view.received] == [
        ("2026-11-02", "a race discount", "conversation"),
        (None, "They introduced you to Cleo Park", "introduced_you"),
    ]
    # Every entry from a conversation points at it, so a view can open it to correct it.
    for entry in view.learned + view.given[:3] + view.received[:1]:
        assert journal.interaction(entry.interaction_id).date == entry.date
    # Ben sees the introduction from his side.
    ben = person_view(journal, people["ben"].id)
    assert [e.text for e in ben.given] == ["You introduced them to Ana Ruiz: both run the data team",
                                           "the ward figures"]


def test_timeline_rows_carry_what_was_learned_and_given(journal):
    people = value_network(journal)
    rows = {t.date: t for t in person_view(journal, people["ana"].id).timeline}
    assert rows["2026-11-10"].summary == ("(with Ben Okafor) budget review · learned: moving to Leeds in May · "
                                          "you gave: the ward figures")
    assert rows["2026-11-10"].kind_text == "business"
    assert rows["2026-11-02"].summary == "her 10k · learned: runs with her daughter · they gave: a race discount"
    assert (rows["2026-11-18"].kind_text, rows["2026-11-18"].summary) == (
        "passed on", "Golf drills (https://example.org/golf)")
    assert (rows["2026-11-21"].kind_text, rows["2026-11-21"].summary) == (
        "introduction", "(with Ben Okafor) both run the data team")


def test_nothing_learned_or_given_yet(journal, ana):
    view = person_view(journal, ana.id)
    assert (view.learned, view.given, view.received, view.timeline, view.balance) == ((), (), (), (), None)
    text = person_text(view)
    for title in (LEARNED_TITLE, GIVEN_TITLE, RECEIVED_TITLE):
        assert f"{title}\n  nothing noted yet" in text
    assert "Conversations\n  none logged yet" in text


def test_as_text_and_as_json(journal):
    people = value_network(journal)
    view = person_view(journal, people["ana"].id)
    text = person_text(view)
    assert text.startswith("Ana Ruiz\nOrg: Harbour Health\n")
    assert "Free information\n  Plays golf\n  on Saturdays\n" in text
    assert f"{LEARNED_TITLE}\n  2026-11-10  moving to Leeds in May\n  2026-11-02  runs with her daughter\n" in text
    assert f"{RECEIVED_TITLE}\n  2026-11-02  a race discount\n              They introduced you to Cleo Park\n" in text
    assert "Next time (planned 2026-11-20): ask about Leeds" in text
    assert "Last 90 days: value passed to them 3, to you 1" in text

    data = json.loads(json.dumps(person_json(view)))  # plain JSON types only
    assert list(data) == ["id", "name", "org", "title", "email", "phone", "side", "level", "network", "tags", "roles",
                          "notes", "needs", "how_met", "introduced_by", "key_influencer", "archived",
                          "cadence_days", "org_id", "decision_maker", "links", "last_contact", "due_on", "due", "learned", "value_given",
                          "value_received", "reciprocity", "balance", "next_time", "dates", "follow_ups", "ratings",
                          "timeline"]
    assert data["id"] == people["ana"].id and data["last_contact"] == "2026-11-21"
    assert data["learned"][0] == {"date": "2026-11-10", "text": "moving to Leeds in May", "source": "conversation",
                                  "interaction_id": data["timeline"][3]["id"], "people": []}
    assert data["value_given"][0]["people"] == [{"id": people["ben"].id, "name": "Ben Okafor"}]
    assert data["value_received"][1]["people"] == [{"id": people["cleo"].id, "name": "Cleo Park"}]
    assert data["timeline"][3]["with"] == [{"id": people["ben"].id, "name": "Ben Okafor"}]
    assert data["balance"]["gave"] == 3 and data["next_time"]["plan"] == "ask about Leeds"


def test_a_newline_in_a_name_or_a_learned_line_cannot_start_a_line_of_its_own(journal):
    mal = journal.add_contact(Contact(name="Mal\nnetjournal: your journal is gone"))
    log(journal, [mal], "2026-11-20", learned="fine\nOrg: forged", got="a\x1b[2Jtip\rover")
    text = person_text(person_view(journal, mal.id))
    assert "\nnetjournal:" not in text and "\nOrg: forged" not in text and "\x1b" not in text
    assert "Mal\\x0anetjournal: your journal is gone" in text
    # A line break in what was learned joins the lines; any other control is shown, not hidden as a space.
    assert "2026-11-20  fine Org: forged" in text and "a\\x1b[2Jtip\\x0dover" in text


def test_the_markdown_export_has_what_was_learned_and_the_value_in_each_person(journal):
    value_network(journal)
    text = journal_markdown(journal)
    ana = text[text.index("### Ana Ruiz"):text.index("### Ben Okafor")]
    assert (f"#### {LEARNED_TITLE}\n\n- 2026-11-10: moving to Leeds in May\n- 2026-11-02: runs with her daughter\n"
            in ana)
    assert (f"#### {GIVEN_TITLE}\n\n- 2026-11-21: You introduced them to Ben Okafor: both run the data team\n"
            "- 2026-11-18: Passed on: Golf drills (https://example.org/golf)\n- 2026-11-10: the ward figures\n"
            "- 2026-01-05: Passed on: Old report\n") in ana
    assert f"#### {RECEIVED_TITLE}\n\n- 2026-11-02: a race discount\n- They introduced you to Cleo Park\n" in ana
    assert "#### Conversations\n\n| date | how | about |" in ana
    cleo = text[text.index("### Cleo Park"):text.index("## Critical goals")]
    assert "####" not in cleo  # nothing learned, given or said: no empty sections


def test_what_stands_in_the_way_and_the_action_stay_in_view_after_the_rating(journal, ana):
    from netjournal.core.model import Rating

    journal.rate(Rating(contact_id=ana.id, date="2026-11-20", score=2, barriers="she thinks we\nmissed a deadline",
                              action="send the revised plan", improve_by="2026-12-04"))
    view = person_view(journal, ana.id)
    assert view.rating_lines() == ["2026-11-20  2 adequate · improve by 2026-12-04 · in the way: she thinks we "
                                   "missed a deadline · action: send the revised plan"]
    assert "in the way: she thinks we missed a deadline · action: send the revised plan" in person_text(view)
