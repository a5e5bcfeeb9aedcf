"""The shipped content files load, and the prompts cover every activity and theme of the guides."""

from __future__ import annotations

import re

import pytest

from netjournal.settings.content import (
    CONDITIONS,
    THEMES,
    ContentError,
    builtin_prompts,
    builtin_roles,
    load_prompts,
)

from .conftest import REPO

# The activity ids of ../shared/ACTIVITIES.md, kept here too so the test also runs without shared/ beside.
ACTIVITY_IDS = ([f"RB-{n}" for n in range(1, 21)] + [f"EEP-{n}" for n in range(1, 11)]
                + [f"RUN-{n}" for n in range(1, 4)] + [f"ALLY-{n}" for n in range(1, 8)]
                + [f"VALUE-{n}" for n in range(1, 6)])


def test_activity_list_matches_the_shared_design():
    shared = REPO.parent / "shared" / "ACTIVITIES.md"
    if not shared.exists():
        pytest.skip("../shared/ACTIVITIES.md is not beside this checkout")
    found = re.findall(r"^\| ((?:RB|EEP|RUN|ALLY|VALUE)-\d+) \|", shared.read_text(), re.MULTILINE)
    assert sorted(found) == sorted(ACTIVITY_IDS)


def test_shipped_prompts_cover_every_activity_theme_and_condition():
    prompts = builtin_prompts()
    assert len(prompts) >= 40
    assert len({p.id for p in prompts}) == len(prompts)
    assert {p.source for p in prompts} >= set(ACTIVITY_IDS)
    assert {p.source for p in prompts} <= set(ACTIVITY_IDS)
    assert {p.theme for p in prompts} == set(THEMES)
    for condition in CONDITIONS:
        assert sum(1 for p in prompts if p.when == condition) >= 2, condition
    assert all(1 <= p.level <= 5 and p.text for p in prompts)
    assert len({p.level for p in prompts}) >= 4


def test_roles_file():
    assert [r.id for r in builtin_roles()] == ["information_source", "coach_mentor", "expert_advisor", "supporter",
                                                "feedback_advisor", "ally"]


@pytest.mark.parametrize(("body", "message"), [
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: nope\n    text: x\n", ":2: theme 'nope'"),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: rating\n    text: hi {name}\n",
     ":2: {name} can only be used"),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: rating\n    text: x\n    when: rainy\n",
     ":2: when 'rainy'"),
    ("prompts:\n  - id: a\n    source: RB-1\n    theme: rating\n    text: x\n", ":2: missing level"),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: rating\n    text: x\n    colour: red\n",
     ":2: unknown key colour"),
    ("prompts: [\n", ":2: not valid YAML"),
])
def test_bad_prompt_files_name_file_and_line(tmp_path, body, message):
    path = tmp_path / "reflection_tips.yaml"
    path.write_text(body)
    with pytest.raises(ContentError) as error:
        load_prompts(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)
