"""The demo network loads, looks current, and a broken demo file names file and line."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.settings.content import ContentError
from netjournal.io.demo import build_demo
from netjournal.insights.facts import summarise_week
from netjournal.core.journal import Journal
from netjournal.core.model import week_key


def test_demo_is_a_believable_current_network(tmp_path):
    today = date(2026, 11, 25)
    journal = Journal(tmp_path / "demo.json", today=lambda: today)
    build_demo(journal)
    people = journal.contacts()
    assert 20 <= len(people) <= 30
    interactions = journal.interactions()
    assert len(interactions) >= 100
    assert interactions[0].date <= today.isoformat() and interactions[-1].date >= "2026-08-20"
    assert {p.side for p in people} == {"internal", "external"}
    assert journal.search("golf")
    assert journal.week_goals(week_key(today)) and journal.reflections()
    filled = {role for p in people for role in p.roles}
    assert "feedback_advisor" not in filled  # the demo shows a role gap on purpose
    week = summarise_week(week_key(today), interactions, journal.week_goals(week_key(today)), journal.ratings(),
                          journal.first_contact_dates())
    assert week.goals_met or week.goals_open


def test_a_broken_demo_file_names_file_and_line(tmp_path):
    broken = tmp_path / "demo.yaml"
    broken.write_text("contacts:\n  - key: ana\n    name: Ana\n    shoe_size: 38\n")
    with pytest.raises(ContentError, match=r"demo.yaml:2: unknown key shoe_size"):
        build_demo(Journal(tmp_path / "j.json"), broken)
