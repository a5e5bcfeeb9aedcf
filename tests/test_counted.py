"""Counted words read as a person writes them: one helper for every count the TUI, the CLI and the reports show."""

from __future__ import annotations

import pytest

from netjournal.common.counted import counted, noun, times


@pytest.mark.parametrize(("n", "expected"), [(0, "0 conversations"), (1, "1 conversation"), (2, "2 conversations"),
                                             (1000, "1,000 conversations"), (-1, "-1 conversations")])
def test_counted_agrees_with_the_number(n, expected):
    assert counted(n, "conversation") == expected


def test_irregular_plurals_phrases_and_a_word_for_none():
    assert counted(1, "person", "people") == "1 person"
    assert counted(2, "person", "people") == "2 people"
    assert counted(1, "match", "matches") == "1 match" and counted(3, "match", "matches") == "3 matches"
    assert counted(0, "person", "people", zero="nobody") == "nobody"
    assert counted(1, "person", "people", zero="nobody") == "1 person"  # the word for none is for none only
    assert noun(1, "relationship leans", "relationships lean") == "relationship leans"
    assert noun(4, "relationship leans", "relationships lean") == "relationships lean"
    assert noun(0, "day") == "days"


@pytest.mark.parametrize(("n", "expected"), [(0, "0 times"), (1, "once"), (2, "twice"), (3, "3 times"),
                                             (12, "12 times"), (1500, "1,500 times")])
def test_times_says_once_and_twice(n, expected):
    assert times(n) == expected
