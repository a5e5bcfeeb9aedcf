"""First and last conversation dates per person: the one pass over the log that the Contacts pane waits for."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction

from .conftest import TODAY

PEOPLE = 4
conversations = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60),  # days ago
              st.lists(st.integers(min_value=0, max_value=PEOPLE - 1), min_size=1, max_size=3, unique=True)),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(conversations)
def test_first_and_last_dates_match_min_and_max(logged):
    with tempfile.TemporaryDirectory() as folder, Journal(Path(folder) / "j.json", today=lambda: TODAY) as journal:
        with journal.batch():
            people = [journal.add_contact(Contact(name=f"Person {n}")) for n in range(PEOPLE)]
            for days_ago, who in logged:
                journal.log_interaction(Interaction(date=TODAY - timedelta(days=days_ago),
                                                    with_=[people[n].id for n in who]))
        days: dict[str, list[str]] = {}
        for days_ago, who in logged:
            for n in who:
                days.setdefault(people[n].id, []).append((TODAY - timedelta(days=days_ago)).isoformat())
        assert journal.first_contact_dates() == {person: min(seen) for person, seen in days.items()}
        assert journal.last_contact_dates() == {person: max(seen) for person, seen in days.items()}
