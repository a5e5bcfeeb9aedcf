"""Organisations and the links between people, in the journal (no Textual)."""

from __future__ import annotations

import orjson
import pytest

from netjournal.common.folding import organisation_key
from netjournal.core.journal import EditConflict, Journal, OrganisationNotFound
from netjournal.core.model import Contact, Link, Organisation, OrgPlan

from .conftest import TODAY


@pytest.mark.parametrize("one, other", [
    ("Northgate Inc.", "northgate"), ("Northgate Ltd", "NORTHGATE"), ("Acme, Inc.", "Acme"),
    ("Société Générale", "SOCIETE GENERALE"), ("Societe Generale SA", "société générale"),
    ("Smith & Co.", "smith"), ("Ørsted A/S", "orsted a s"), ("  Acme   Labs ", "acme labs"),
])
def test_spellings_of_one_organisation_share_a_key(one, other):
    assert organisation_key(one) == organisation_key(other)


@pytest.mark.parametrize("one, other", [
    ("Tidewater", "Tidewater Health"), ("Acme", "Acme Labs"), ("Ltd", "Inc"), ("C++ Guild", "C# Guild"),
    ("Canal+", "Canal"), ("टाटा", "टीटी"),  # signs and vowel signs are part of a name, not punctuation
])
def test_other_organisations_do_not(one, other):
    assert organisation_key(one) != organisation_key(other)


def test_adding_a_person_finds_or_creates_their_organisation(journal: Journal, db_path):
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate Inc."))
    ben = journal.add_contact(Contact(name="Ben Okafor", org="northgate"))
    cleo = journal.add_contact(Contact(name="Cleo Mensah"))
    assert ana.org_id and ben.org_id == ana.org_id and cleo.org_id is None
    [northgate] = journal.organisations()
    assert northgate.name == "Northgate Inc." and ben.org == "northgate"  # the person's spelling stays theirs
    stored = orjson.loads(db_path.read_bytes())
    assert [o["name"] for o in stored["organisations"].values()] == ["Northgate Inc."]

    moved = journal.contact(ben.id)
    moved.org = "Tidewater"
    journal.update_contact(moved)
    assert journal.contact(ben.id).org_id == journal.organisation_named("tidewater").id
    gone = journal.contact(ana.id)
    gone.org = ""
    journal.update_contact(gone)
    assert journal.contact(ana.id).org_id is None
    assert [o.name for o in journal.organisations()] == ["Northgate Inc.", "Tidewater"]  # kept, now empty


def test_organisations_by_rank_then_name(journal: Journal):
    for name, rank in (("Zeta", None), ("Alpha", None), ("Northgate", 2), ("Council", 1)):
        journal.add_organisation(Organisation(name=name, rank=rank))
    assert [o.name for o in journal.organisations()] == ["Council", "Northgate", "Alpha", "Zeta"]


def test_a_second_organisation_with_the_same_name_is_refused(journal: Journal):
    journal.add_organisation(Organisation(name="Northgate Inc."))
    with pytest.raises(ValueError, match="already an organisation"):
        journal.add_organisation(Organisation(name="NORTHGATE"))
    assert len(journal.organisations()) == 1


def test_renaming_an_organisation_renames_it_on_its_people(journal: Journal):
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="northgate"))
    before = journal.organisation(ana.org_id)
    mine = Organisation.from_record({**before.to_record(), "name": "Northgate Holdings", "rank": 1})
    journal.edit_organisation(before, mine)
    assert journal.contact(ana.id).org == "Northgate Holdings"
    assert journal.contact(ana.id).org_id == before.id
    assert journal.organisation(before.id).rank == 1


def test_two_edits_of_one_field_ask_which_to_keep(journal: Journal):
    council = journal.add_organisation(Organisation(name="City Council"))
    theirs = Organisation.from_record({**council.to_record(), "mandate": "housing"})
    journal.edit_organisation(council, theirs)
    mine = Organisation.from_record({**council.to_record(), "mandate": "transport", "rank": 3})
    with pytest.raises(EditConflict) as conflict:
        journal.edit_organisation(council, mine)
    assert [c.label for c in conflict.value.conflicts] == ["mandate"]
    conflict.value.save_with({"mandate": "mine"})
    assert journal.organisation(council.id).mandate == "transport" and journal.organisation(council.id).rank == 3


def test_issues_are_dated_and_validated(journal: Journal):
    council = journal.add_organisation(Organisation(name="City Council"))
    journal.add_org_issue(council.id, "  the budget   is cut ")
    [issue] = journal.organisation(council.id).open_issues
    assert (issue.date, issue.text) == (TODAY.isoformat(), "the budget is cut")
    with pytest.raises(ValueError, match="issue: must not be empty"):
        journal.add_org_issue(council.id, "  ")
    assert len(journal.organisation(council.id).issues) == 1


@pytest.mark.parametrize("fields, message", [
    ({"rank": 0}, "rank: must be between 1"), ({"rank": "first"}, "rank: 'first' is not a whole number"),
    ({"kind": "friend"}, "kind: 'friend' is not one of client"), ({"involvement": "owner"}, "involvement"),
    ({"name": " "}, "name: must not be empty"), ({"cadence_days": 0}, "cadence_days"),
    ({"plan": {"by": "soon"}}, "plan.by: 'soon' is not a date"),
])
def test_bad_values_are_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        Organisation(**{"name": "Council", **fields})


def test_resolving_an_organisation_by_name(journal: Journal):
    for name in ("Northgate Inc.", "North Star", "Tidewater Health"):
        journal.add_organisation(Organisation(name=name))
    assert journal.resolve_organisation("NORTHGATE LTD").name == "Northgate Inc."
    assert journal.resolve_organisation("tide").name == "Tidewater Health"
    assert journal.resolve_organisation("health").name == "Tidewater Health"
    with pytest.raises(OrganisationNotFound, match="several organisations: North Star, Northgate Inc."):
        journal.resolve_organisation("north")
    with pytest.raises(OrganisationNotFound, match="no organisation named 'Harbour'"):
        journal.resolve_organisation("Harbour")


def test_links_are_kept_once_and_seen_from_both_sides(journal: Journal, db_path):
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    bo = journal.add_contact(Contact(name="Bo Lind"))
    kwame = journal.add_contact(Contact(name="Kwame Mensah", decision_maker=True))
    journal.add_link(Link("influences", bo.id, kwame.id))
    journal.add_link(Link("works_with", kwame.id, ana.id))
    journal.add_link(Link("works_with", ana.id, kwame.id, note="same floor"))  # the same link: its note updated
    assert len(journal.links()) == 2
    assert [(link.kind, link.other(kwame.id)) for link in journal.links(kwame.id)] == \
        [("influences", bo.id), ("works_with", ana.id)]
    assert journal.links(ana.id)[0].note == "same floor"
    with pytest.raises(ValueError, match="between two different people"):
        journal.add_link(Link("knows", ana.id, ana.id))
    with pytest.raises(ValueError, match="no contact with id 'gone'"):
        journal.add_link(Link("knows", ana.id, "gone"))
    assert len(orjson.loads(db_path.read_bytes())["links"]) == 2


def test_forgetting_a_person_removes_their_links_and_plan_contact(journal: Journal, db_path):
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
    bo = journal.add_contact(Contact(name="Bo Lind", org="Northgate"))
    journal.add_link(Link("reports_to", bo.id, ana.id))
    northgate = journal.organisation(ana.org_id)
    journal.edit_organisation(northgate, Organisation.from_record(
        {**northgate.to_record(), "plan": OrgPlan("a pilot", contact_id=ana.id).__dict__}))
    journal.forget_contact(ana.id)
    assert journal.links() == [] and journal.organisation(northgate.id).plan.contact_id is None
    assert b"Ana Ruiz" not in db_path.read_bytes() and ana.id.encode() not in db_path.read_bytes()
    assert [m.name for m in journal.members(northgate.id)] == ["Bo Lind"]


def test_members_decision_makers_first(journal: Journal):
    journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
    kwame = journal.add_contact(Contact(name="Kwame Mensah", org="Northgate", decision_maker=True))
    assert [m.name for m in journal.members(kwame.org_id)] == ["Kwame Mensah", "Ana Ruiz"]


def test_the_json_export_carries_organisations_and_links(journal: Journal):
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
    bo = journal.add_contact(Contact(name="Bo Lind"))
    journal.add_link(Link("knows", ana.id, bo.id))
    exported = journal.export()
    assert [o["name"] for o in exported["organisations"]] == ["Northgate"]
    assert exported["organisations"][0]["plan"] == {"objectives": "", "measures": "", "by": None, "contact_id": None}
    assert [(link["kind"], {link["from_id"], link["to_id"]}) for link in exported["links"]] == \
        [("knows", {ana.id, bo.id})]
    assert exported["contacts"][0]["org_id"] == exported["organisations"][0]["id"]


# --- the flags and this month's counts, on a hand-made network where the answers are known -----------------


def test_flags_and_month_counts_on_a_known_network(journal: Journal):
    from netjournal.core.model import Interaction, OrgIssue
    from netjournal.insights.organisations import org_summaries

    def person(name: str, org: str, **fields) -> Contact:
        return journal.add_contact(Contact(name=name, org=org, **fields))

    def talk(day: str, *people: Contact, formal: bool = False) -> None:
        journal.log_interaction(Interaction(date=day, with_=[p.id for p in people], formal=formal))

    alone = person("Ana Ruiz", "Alpha")  # one person: single-threaded; ranked, nobody met this month
    talk("2026-10-31", alone)  # the last day of October: not this month
    decider = person("Kwame Mensah", "Beta", decision_maker=True)
    colleague = person("Bo Lind", "Beta")
    talk("2026-11-01", decider, colleague, formal=True)  # the first of November (ISO week 2026-W44 began in October)
    talk("2026-11-20", colleague)
    talk("2026-11-21", colleague, decider, formal=True)
    gamma = [person("Cleo Mensah", "Gamma"), person("Dev Patel", "Gamma")]
    talk("2026-11-05", *gamma)
    delta = [person("Eve Adams", "Delta"), person("Farid Haddad", "Delta")]
    talk("2026-11-12", delta[0])
    for name, rank in (("Alpha", 1), ("Beta", 2)):
        org = journal.organisation_named(name)
        journal.edit_organisation(org, Organisation.from_record({**org.to_record(), "rank": rank}))
    for name, issues in (("Gamma", [OrgIssue("2026-11-10", "budget cut")]),
                         ("Delta", [OrgIssue("2026-11-10", "new director"),
                                    OrgIssue("2026-11-20", "merger", resolved=True)])):
        org = journal.organisation_named(name)
        journal.edit_organisation(org, Organisation.from_record(
            {**org.to_record(), "issues": [i.__dict__ for i in issues]}))

    summaries = {s.organisation.name: s for s in org_summaries(journal, TODAY)}
    assert list(summaries) == ["Alpha", "Beta", "Delta", "Gamma"]  # ranked first, then by name
    assert summaries["Alpha"].flags == ["single-threaded", "no contact this month"]
    assert (summaries["Alpha"].formal_this_month, summaries["Alpha"].informal_this_month) == (0, 0)
    assert summaries["Beta"].flags == ["decision maker never met informally"]  # met twice, formally both times
    assert (summaries["Beta"].formal_this_month, summaries["Beta"].informal_this_month) == (2, 1)
    assert summaries["Beta"].last_contact == "2026-11-21"
    assert [p.name for p in summaries["Beta"].people] == ["Kwame Mensah", "Bo Lind"]
    assert summaries["Gamma"].flags == ["open issue not followed up"]  # heard on the 10th, last talk the 5th
    assert summaries["Delta"].flags == []  # talked on the 12th, after the issue; the other is resolved

    talk("2026-11-24", decider)  # an informal word with the decision maker clears that flag
    assert summaries_flags(journal, "Beta") == []


def summaries_flags(journal: Journal, name: str) -> list[str]:
    from netjournal.insights.organisations import org_summaries

    return next(s.flags for s in org_summaries(journal, TODAY) if s.organisation.name == name)


def test_who_could_introduce_you_to_a_decision_maker_you_have_not_met(journal: Journal):
    from netjournal.core.model import Interaction
    from netjournal.insights.organisations import introductions_to_ask

    kwame = journal.add_contact(Contact(name="Kwame Mensah", org="Council", decision_maker=True))
    bo = journal.add_contact(Contact(name="Bo Lind", org="Council"))
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    stranger = journal.add_contact(Contact(name="Zed Stranger"))  # never met either: no use as a go-between
    for person in (bo, ana):
        journal.log_interaction(Interaction(date="2026-11-20", with_=[person.id]))
    journal.add_link(Link("reports_to", kwame.id, bo.id))
    journal.add_link(Link("knows", ana.id, kwame.id))
    journal.add_link(Link("influences", ana.id, kwame.id))  # a closer link (knows) is the one said
    journal.add_link(Link("knows", stranger.id, kwame.id))
    assert [a.text for a in introductions_to_ask(journal)] == [
        "Ana Ruiz knows Kwame Mensah: ask Ana Ruiz to introduce you (Council)",
        "Kwame Mensah reports to Bo Lind: ask Bo Lind to introduce you (Council)",
    ]
    journal.log_interaction(Interaction(date="2026-11-24", with_=[kwame.id]))  # met now: nothing to ask
    assert introductions_to_ask(journal) == []


def test_check_names_links_and_organisations_that_point_at_nobody(tmp_path):
    from netjournal.core.check import find_problems

    path = tmp_path / "journal.json"
    with Journal(path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
        bo = journal.add_contact(Contact(name="Bo Lind"))
        journal.add_link(Link("knows", ana.id, bo.id))
    data = orjson.loads(path.read_bytes())
    next(iter(data["links"].values()))["to_id"] = "gone"
    next(iter(data["contacts"].values()))["org_id"] = "nowhere"
    problems = find_problems(data)
    assert any("links id" in p and "refers to contact 'gone'" in p for p in problems)
    assert any(f"contacts id {ana.id}: belongs to organisation 'nowhere'" in p for p in problems)


# --- themes heard: the words that recur in the last 90 days' conversations there ---------------------------


def test_themes_heard_at_an_organisation_with_their_conversations(journal: Journal):
    from netjournal.core.model import Interaction
    from netjournal.insights.organisations import Theme, ThemeSource, themes_heard

    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
    bo = journal.add_contact(Contact(name="Bo Lind", org="Northgate"))
    kwame = journal.add_contact(Contact(name="Kwame Mensah", org="City Council"))
    outsider = journal.add_contact(Contact(name="Zed Stranger"))

    def talk(day: str, *people: Contact, topics: str = "", learned: str = "", kind: str = "conversation"):
        return journal.log_interaction(Interaction(date=day, with_=[p.id for p in people], topics=topics,
                                                   learned=learned, kind=kind))

    first = talk("2026-09-10", ana, topics="Talked about the BUDGET at the meeting")
    second = talk("2026-10-02", bo, outsider, topics="Said the port budget is cut",
                  learned="the Café reopens and the Café raises prices")
    third = talk("2026-11-20", ana, bo, topics="Budget: the port budget review",
                 learned="The cafe and the port budget")
    talk("2026-08-27", ana, topics="café budget")  # 90 days before today (25 Nov): outside the window
    talk("2026-11-21", kwame, topics="budget café housing")  # another organisation's
    talk("2026-11-22", kwame, ana, topics="housing plans")  # hers too: heard at Northgate once, at the Council
    talk("2026-11-23", outsider, topics="housing")  # nobody from Northgate there
    talk("2026-11-24", ana, topics="housing again", kind="introduction")  # not a conversation
    talk("2026-11-24", bo, topics="the talked said about meeting call 2026 on it")  # only stop words and numbers

    themes = themes_heard(journal, ana.org_id, TODAY)
    assert [(t.word, t.count) for t in themes] == [("budget", 3), ("port budget", 2), ("Café", 2)]
    budget = themes[0]
    assert isinstance(budget, Theme) and budget.sources == (  # newest first, each conversation once
        ThemeSource(third.id, "2026-11-20", ("Ana Ruiz", "Bo Lind"), "Budget: the port budget review"),
        ThemeSource(second.id, "2026-10-02", ("Bo Lind", "Zed Stranger"), "Said the port budget is cut"),
        ThemeSource(first.id, "2026-09-10", ("Ana Ruiz",), "Talked about the BUDGET at the meeting"),
    )
    assert [s.date for s in themes[2].sources] == ["2026-11-20", "2026-10-02"]  # café and cafe are one word
    words = {t.word.casefold() for t in themes}
    assert "port" not in words  # only ever heard as "port budget"
    assert "review" not in words and "housing" not in words and "prices" not in words  # once at Northgate
    assert not words & {"talked", "said", "about", "meeting", "call", "the", "2026"}

    # 89 days back is inside the window: the cafe of 27 August counts once the window is a day longer.
    assert [(t.word, t.count) for t in themes_heard(journal, ana.org_id, TODAY, days=91)][:3] == \
        [("budget", 4), ("Café", 3), ("port budget", 2)]
    assert themes_heard(journal, ana.org_id, TODAY, most=1) == themes[:1]
    council = themes_heard(journal, kwame.org_id, TODAY)
    assert [(t.word, t.count) for t in council] == [("housing", 2)]


def test_themes_fold_spellings_and_leave_out_names_and_short_words(journal: Journal):
    from netjournal.core.model import Interaction
    from netjournal.insights.organisations import themes_heard

    ines = journal.add_contact(Contact(name="Inês Moreira", org="Saúde Norte"))
    for day, topics in (("2026-11-02", "Inês's RÉSUMÉ of the long-term plan; EU 5G"),
                        ("2026-11-09", "resume\u0301 of the long term plan, Saúde EU 5G"),  # NFD accent
                        ("2026-11-16", "Ines asked about the résumé - long-term plan")):
        journal.log_interaction(Interaction(date=day, with_=[ines.id], topics=topics))
    themes = themes_heard(journal, ines.org_id, TODAY)
    # The most written spelling of each; her name, the organisation's, "EU" and "5G" are no themes. Two-word
    # phrases: "long-term plan", heard whole each time, is heard as "long-term" (its words go with it).
    assert [(t.word, t.count) for t in themes] == [("résumé", 3), ("long-term", 3)]


def test_no_themes_for_an_organisation_without_repeats(journal: Journal):
    from netjournal.core.model import Interaction
    from netjournal.insights.organisations import themes_heard

    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Northgate"))
    empty = journal.add_organisation(Organisation(name="Harbour"))
    journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics="budget"))
    assert themes_heard(journal, ana.org_id, TODAY) == [] and themes_heard(journal, empty.id, TODAY) == []
