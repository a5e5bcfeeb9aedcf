"""The three-way merge a form's save goes through: mine changed from base, applied on top of theirs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.core.merge import Conflict, merge, merge_set

FIELDS = ("title", "email", "notes", "tags", "with")
SETS = ("tags",)
UNORDERED = ("with",)

values = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "a", "b", "c"]))
lists = st.lists(st.sampled_from(["golf", "choir", "sailing", "chess"]), unique=True, max_size=4)


@st.composite
def records(draw, base=None):
    """A record as `to_record()` gives it: every field, scalars and lists; drawn from `base`, each field is
    often left as it was there."""
    record = {}
    for field in FIELDS:
        if base is not None and draw(st.booleans()):
            record[field] = base[field]  # unchanged
        elif field in SETS + UNORDERED:
            record[field] = draw(lists)
        else:
            record[field] = draw(values)
    return record


def unordered(record):
    """Who a conversation was with in any order is the same value: a new order alone is no change."""
    return {k: sorted(v) if k in UNORDERED else v for k, v in record.items()}


def merged(base, mine, theirs, **options):
    return merge(base, mine, theirs, sets=SETS, unordered=UNORDERED, **options)


def test_the_issue_a_title_changed_here_and_contact_details_imported_there():
    base = {"name": "Ana Ruiz", "title": "", "email": "", "phone": "", "notes": ""}
    mine = {**base, "title": "Head of Nursing"}
    theirs = {**base, "email": "ana@harbour.example", "phone": "+44 20 7946 0000", "notes": "met at the gala"}
    result = merged(base, mine, theirs)
    assert result.conflicts == ()
    assert result.values == {**theirs, "title": "Head of Nursing"}
    assert result.changed == ("title",)


def test_both_changed_a_field_differently_is_a_conflict_with_all_three_values():
    result = merged({"notes": "golf"}, {"notes": "golf, choir"}, {"notes": "sailing"})
    assert result.conflicts == (Conflict("notes", "golf", "golf, choir", "sailing"),)
    assert result.conflicts[0].label == "Free information"
    assert result.conflicts[0].key == "notes"
    assert result.values["notes"] == "sailing"  # unresolved: nothing of mine is in the values


def test_both_changed_a_field_alike_is_no_conflict():
    result = merged({"notes": "golf"}, {"notes": "choir"}, {"notes": "choir"})
    assert result.conflicts == () and result.values == {"notes": "choir"}


@pytest.mark.parametrize("choice, expected", [("mine", "choir"), ("theirs", "sailing")])
def test_a_resolution_settles_a_conflict(choice, expected):
    result = merged({"notes": "golf"}, {"notes": "choir"}, {"notes": "sailing"}, resolutions={"notes": choice})
    assert result.conflicts == () and result.values == {"notes": expected}


def test_a_resolution_is_mine_or_theirs():
    with pytest.raises(ValueError, match="notes: a conflict is settled with 'mine' or 'theirs'"):
        merged({"notes": "a"}, {"notes": "b"}, {"notes": "c"}, resolutions={"notes": "both"})


def test_a_resolution_for_a_field_without_conflict_is_ignored():
    result = merged({"notes": "a"}, {"notes": "b"}, {"notes": "a"}, resolutions={"notes": "theirs"})
    assert result.values == {"notes": "b"}


def test_tags_merge_item_by_item():
    base = {"tags": ["golf", "chess"]}
    mine = {"tags": ["golf", "choir"]}  # removed chess, added choir
    theirs = {"tags": ["golf", "chess", "sailing"]}  # added sailing
    result = merged(base, mine, theirs)
    assert result.conflicts == ()
    assert result.values["tags"] == ["golf", "sailing", "choir"]


def test_who_it_was_with_is_one_value_compared_without_order():
    reordered = merged({"with": ["a", "b"]}, {"with": ["b", "a"]}, {"with": ["a", "b", "c"]})
    assert reordered.changed == () and reordered.values["with"] == ["a", "b", "c"]
    corrected = merged({"with": ["ana"]}, {"with": ["ben"]}, {"with": ["cleo"]})
    assert [c.field for c in corrected.conflicts] == ["with"]


def test_fixed_fields_always_come_from_theirs():
    result = merge({"id": "1", "passed": []}, {"id": "2", "passed": [1]}, {"id": "1", "passed": [2]},
                   fixed=("id", "passed"))
    assert result.values == {"id": "1", "passed": [2]} and result.changed == ()


def test_a_field_missing_on_one_side_counts_as_the_missing_value():
    result = merge({}, {"answer:p1": "yes"}, {"answer:p2": "no"}, missing="")
    assert result.values == {"answer:p1": "yes", "answer:p2": "no"}
    cleared = merge({"answer:p1": "yes"}, {"answer:p1": ""}, {"answer:p1": "yes"}, missing="")
    assert cleared.values == {"answer:p1": ""}


def test_merge_set_keeps_the_order_of_the_only_side_that_changed():
    assert merge_set(["a", "b"], ["b", "a", "c"], ["a", "b"]) == ["b", "a", "c"]
    assert merge_set(["a", "b"], ["a", "b"], ["c", "b"]) == ["c", "b"]


# --- properties ------------------------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.data())
def test_the_other_side_changed_nothing_so_the_result_is_mine(data):
    base = data.draw(records())
    mine = data.draw(records(base))
    result = merged(base, mine, dict(base))
    assert result.conflicts == ()
    assert unordered(result.values) == unordered(mine)


@settings(max_examples=300)
@given(st.data())
def test_i_changed_nothing_so_the_result_is_theirs(data):
    base = data.draw(records())
    theirs = data.draw(records(base))
    result = merged(base, dict(base), theirs)
    assert result.conflicts == () and result.changed == ()
    assert result.values == theirs


@settings(max_examples=500)
@given(st.data())
def test_a_field_only_one_side_changed_is_never_lost(data):
    base = data.draw(records())
    mine = data.draw(records(base))
    theirs = data.draw(records(base))
    result = merged(base, mine, theirs)
    conflicted = {c.field for c in result.conflicts}
    for field in FIELDS:
        was, now, saved = base.get(field), mine.get(field), theirs.get(field)
        got = result.values.get(field)
        if field in SETS and all(isinstance(v, list) for v in (was, now, saved)):
            assert field not in conflicted
            assert set(got) == (set(saved) - (set(was) - set(now))) | (set(now) - set(was))
        elif field in UNORDERED and all(isinstance(v, list) for v in (was, now, saved)):
            if sorted(now) == sorted(was):
                assert got == saved
            elif sorted(saved) == sorted(was):
                assert got == now
        elif now == was:
            assert got == saved and field not in conflicted  # only they changed it (or nobody)
        elif saved == was or saved == now:
            assert got == now and field not in conflicted  # only I changed it (or we agree)
        else:
            assert field in conflicted and got == saved  # both, differently: asked, not chosen


@settings(max_examples=300)
@given(st.data(), st.sampled_from(["mine", "theirs"]))
def test_resolving_every_conflict_leaves_none_and_takes_the_chosen_side(data, choice):
    base = data.draw(records())
    mine = data.draw(records(base))
    theirs = data.draw(records(base))
    first = merged(base, mine, theirs)
    settled = merged(base, mine, theirs, resolutions={c.key: choice for c in first.conflicts})
    assert settled.conflicts == ()
    for conflict in first.conflicts:
        assert settled.values.get(conflict.field) == (conflict.mine if choice == "mine" else conflict.theirs)
