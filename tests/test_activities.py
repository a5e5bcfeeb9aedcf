"""The catalogue of the guides' developmental activities (data/activities.yaml): complete, well formed, in our words."""

from __future__ import annotations

import re

import pytest

from netjournal.settings.content import (
    ACTIVITY_LEVELS,
    GUIDES,
    ContentError,
    activities,
    activity,
    load_activities,
)

from .conftest import REPO

SHARED = REPO.parent / "shared"
# The RB and EEP ids of ../shared/ACTIVITIES.md, kept here too so the tests also run without shared/ beside.
IDS = [f"RB-{n}" for n in range(1, 21)] + [f"EEP-{n}" for n in range(1, 11)]
# Where each guide puts each activity (the guides' "Level 1", "Level 2-3", "Level 4-5", "Level 4", "Level 5").
LEVELS = {**{f"RB-{n}": "1" for n in range(1, 8)}, **{f"RB-{n}": "2-3" for n in range(8, 17)},
          **{f"RB-{n}": "4-5" for n in range(17, 21)}, **{f"EEP-{n}": "1" for n in range(1, 5)},
          **{f"EEP-{n}": "2-3" for n in range(5, 9)}, "EEP-9": "4", "EEP-10": "5"}
GUIDE_OF = {"RB": "relationship building", "EEP": "engaging external partners"}
RUN = 8  # words in a row that may not be shared with a seed text


def shared_ids() -> list[str]:
    path = SHARED / "ACTIVITIES.md"
    if not path.exists():
        return IDS
    return re.findall(r"^\| ((?:RB|EEP)-\d+) \|", path.read_text(encoding="utf-8"), re.MULTILINE)


def test_the_ids_kept_here_match_the_shared_design():
    if not (SHARED / "ACTIVITIES.md").exists():
        pytest.skip("../shared/ACTIVITIES.md is not beside this checkout")
    assert sorted(shared_ids()) == sorted(IDS)


def test_every_rb_and_eep_activity_is_in_the_catalogue_once_and_nothing_else():
    ids = [a.id for a in activities()]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(shared_ids())


def test_every_entry_is_filled_in_and_well_formed():
    for entry in activities():
        for field in ("id", "guide", "level", "title", "practice", "evidence"):
            value = getattr(entry, field)
            assert isinstance(value, str) and value.strip() == value and value, (entry.id, field)
        assert len(entry.title) < 60, entry.id
        assert entry.level in {"1", "2-3", "4-5", "4", "5"} and entry.level in ACTIVITY_LEVELS, entry.id
        assert entry.guide in GUIDES and entry.guide == GUIDE_OF[entry.id.split("-")[0]], entry.id
        assert entry.level == LEVELS[entry.id], entry.id
        assert entry.evidence.count(". ") == 0, f"{entry.id}: evidence is one short sentence"


def test_the_catalogue_keeps_the_file_order():
    assert [a.id for a in activities()] == IDS


@pytest.mark.parametrize("asked", ["EEP-4", "eep-4", "Eep-4", " eep-4 "])
def test_lookup_ignores_case(asked):
    assert activity(asked) is activities()[23] and activities()[23].id == "EEP-4"


def test_lookup_of_an_unknown_id_is_none():
    assert activity("RB-21") is None and activity("") is None and activity("RUN-1") is None


def words(text: str) -> list[str]:
    """Lowercase words without punctuation; "don't" and "don’t" are the same word."""
    return re.findall(r"[a-z0-9]+", re.sub(r"['’‘]", "", text.lower()))


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def test_the_catalogue_is_in_our_own_words():
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds/ is not beside this checkout")
    copied = set().union(*(runs(seed.read_text(encoding="utf-8")) for seed in seeds))
    assert len(copied) > 1000  # the seeds were read
    for entry in activities():
        for field in ("title", "practice", "evidence"):
            shared = runs(getattr(entry, field)) & copied
            assert not shared, f"{entry.id} {field} copies the seeds: {' '.join(sorted(shared)[0])!r}"


def test_the_own_words_check_catches_a_copied_sentence():
    seed = "Set a goal to have at least one conversation each week with the person - not including business."
    assert runs("Try this: set a GOAL to have at least one conversation, each week!") & runs(seed)
    assert not runs("Have one conversation a week with each that stays off work topics.") & runs(seed)


ENTRY = "  - id: {id}\n    guide: relationship building\n    level: \"1\"\n    title: t\n    practice: p\n    evidence: e\n"


@pytest.mark.parametrize(("body", "message"), [
    ("activities:\n" + ENTRY.format(id="RB-1") + ENTRY.format(id="RB-1"), ":8: id 'RB-1' appears twice"),
    ("activities:\n" + ENTRY.format(id="RB-1") + ENTRY.format(id="rb-1"), ":8: id 'rb-1' appears twice"),
    ("activities:\n" + ENTRY.format(id="RB-1").replace("    evidence: e\n", ""), ":2: missing evidence"),
    ("activities:\n" + ENTRY.format(id="RB-1").replace("title: t", "title: '  '"), ":2: title must not be empty"),
    ("activities:\n" + ENTRY.format(id='""'), ":2: id must not be empty"),
    ("activities:\n" + ENTRY.format(id="RB-1").replace('level: "1"', "level: 1"), ':2: level must be text, not 1'),
    ("activities:\n" + ENTRY.format(id="RB-1").replace('level: "1"', 'level: "6"'), ":2: level '6' is not one of"),
    ("activities:\n" + ENTRY.format(id="RB-1").replace("guide: relationship building", "guide: cooking"),
     ":2: guide 'cooking' is not one of"),
    ("activities:\n" + ENTRY.format(id="RB-1").replace("title: t", "title: " + "x" * 60),
     ":2: title must be under 60 characters"),
    ("activities:\n" + ENTRY.format(id="RB-1") + "    colour: red\n", ":2: unknown key colour"),
    ("activities: [\n", ":2: not valid YAML"),
])
def test_bad_activity_files_name_file_and_entry(tmp_path, body, message):
    path = tmp_path / "activities.yaml"
    path.write_text(body)
    with pytest.raises(ValueError) as error:  # a ContentError, which is a ValueError
        load_activities(path)
    assert isinstance(error.value, ContentError)
    assert str(error.value).startswith(str(path)) and message in str(error.value), str(error.value)
