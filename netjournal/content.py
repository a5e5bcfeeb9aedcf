"""The content files in data/ (YAML), loaded and validated.

Errors name the file and the line so that a person editing their own copy can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


class ContentError(ValueError):
    pass


def resource_dir(name: str) -> Path:
    """`data/` or `themes/`: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise ContentError(f"netjournal's {name}/ folder is missing from {package} (a broken install?)")


def data_file(name: str) -> Path:
    return resource_dir("data") / name


class _Mapping(dict):
    """A YAML mapping that remembers the line it started on (1-based)."""

    line: int = 0


# libyaml's loader parses the 80 prompts in 4 ms instead of 37; marks (for line numbers) work the same.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(f"{where}: not valid YAML ({problem})") from None


def where(path: Path, item: Any) -> str:
    line = getattr(item, "line", 0)
    return f"{path}:{line}" if line else str(path)


def check_keys(path: Path, item: Any, required: set[str], optional: set[str]) -> None:
    if not isinstance(item, dict):
        raise ContentError(f"{where(path, item)}: expected a mapping, found {type(item).__name__}")
    missing = sorted(required - item.keys())
    if missing:
        raise ContentError(f"{where(path, item)}: missing {', '.join(missing)}")
    unknown = sorted(set(item) - required - optional)
    if unknown:
        raise ContentError(f"{where(path, item)}: unknown key {', '.join(unknown)}")


def list_under(path: Path, document: Any, key: str) -> list[Any]:
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise ContentError(f"{path}: expected a top-level `{key}:` list")
    return document[key]


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    key: str
    description: str
    find: str = ""


def load_roles(path: Path) -> list[Role]:
    roles: list[Role] = []
    for item in list_under(path, load_yaml(path), "roles"):
        check_keys(path, item, {"id", "name", "key", "description"}, {"find"})
        role = Role(**{k: str(v).strip() for k, v in item.items()})
        if not role.id or not role.name:
            raise ContentError(f"{where(path, item)}: id and name must not be empty")
        if len(role.key) != 1:
            raise ContentError(f"{where(path, item)}: key must be a single character, not {role.key!r}")
        if any(r.id == role.id for r in roles):
            raise ContentError(f"{where(path, item)}: role id {role.id!r} appears twice")
        if any(r.key == role.key for r in roles):
            raise ContentError(f"{where(path, item)}: key {role.key!r} is already used by another role")
        roles.append(role)
    return roles


def roles_with_user_file(user_file: Path | None) -> tuple[list[Role], list[str]]:
    """The built-in roles plus the user's own; a broken user file is reported and skipped."""
    roles = list(builtin_roles())
    if user_file is None or not user_file.exists():
        return roles, []
    try:
        extra = load_roles(user_file)
    except ContentError as error:
        return roles, [f"your roles were skipped: {error}"]
    taken_ids, taken_keys = {r.id for r in roles}, {r.key for r in roles}
    for role in extra:
        if role.id in taken_ids or role.key in taken_keys:
            return list(builtin_roles()), [f"your roles were skipped: {user_file}: role {role.id!r} reuses the id "
                                           "or key of a built-in role"]
        roles.append(role)
    return roles, []


@dataclass(frozen=True)
class Score:
    score: int
    label: str
    meaning: str
    todo: str
    details: str  # which details the rating pass asks for: barriers (1-2), plan (3), none (4)


def load_rating_scale(path: Path) -> list[Score]:
    scale: list[Score] = []
    for item in list_under(path, load_yaml(path), "scale"):
        check_keys(path, item, {"score", "label", "meaning", "todo", "details"}, set())
        if item["score"] not in (1, 2, 3, 4) or any(s.score == item["score"] for s in scale):
            raise ContentError(f"{where(path, item)}: score must be 1, 2, 3 or 4, once each")
        if item["details"] not in ("barriers", "plan", "none"):
            raise ContentError(f"{where(path, item)}: details must be barriers, plan or none")
        scale.append(Score(int(item["score"]), str(item["label"]), str(item["meaning"]).strip(),
                           str(item["todo"]).strip(), str(item["details"])))
    if len(scale) != 4:
        raise ContentError(f"{path}: the scale needs the four scores 1 to 4")
    return sorted(scale, key=lambda s: s.score)


@lru_cache(maxsize=1)
def rating_scale() -> tuple[Score, ...]:
    return tuple(load_rating_scale(data_file("rating_scale.yaml")))


@lru_cache(maxsize=1)
def builtin_roles() -> tuple[Role, ...]:
    return tuple(load_roles(data_file("roles.yaml")))


# --- reflection prompts ---------------------------------------------------------------------------

THEMES = ("free_information", "non_business", "disclosure", "reciprocity", "sharing", "rating", "roles", "breadth",
          "gratitude", "presence", "keep_live", "stakeholder_view", "partnership")
CONDITIONS = ("one_sided", "low_rating_no_date", "improve_by_past", "role_gap", "goal_missed", "no_new_person",
              "influencer_overdue", "narrow_network", "next_time_plan", "goal_alone")
# Which slot a condition's prompts may fill in: the person it is about ({name}), the empty role ({role}), or the
# critical goal nobody stands beside ({goal}).
SLOTS = {"role_gap": "{role}", "goal_alone": "{goal}", "no_new_person": None, "narrow_network": None}


@dataclass(frozen=True)
class Prompt:
    id: str
    source: str
    level: int
    theme: str
    text: str
    when: str | None = None

    def fill(self, name: str = "", role: str = "", goal: str = "") -> str:
        return self.text.replace("{name}", name).replace("{role}", role).replace("{goal}", goal)


def load_prompts(path: Path) -> list[Prompt]:
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for item in list_under(path, load_yaml(path), "prompts"):
        check_keys(path, item, {"id", "source", "level", "theme", "text"}, {"when"})
        place = where(path, item)
        prompt_id = str(item["id"]).strip()
        if not prompt_id or prompt_id in seen:
            raise ContentError(f"{place}: id {prompt_id!r} is empty or appears twice")
        seen.add(prompt_id)
        level = item["level"]
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise ContentError(f"{place}: level must be 1 to 5, not {level!r}")
        if item["theme"] not in THEMES:
            raise ContentError(f"{place}: theme {item['theme']!r} is not one of {', '.join(THEMES)}")
        when = item.get("when")
        if when is not None and when not in CONDITIONS:
            raise ContentError(f"{place}: when {when!r} is not one of {', '.join(CONDITIONS)}")
        text = str(item["text"]).strip()
        if not text:
            raise ContentError(f"{place}: text must not be empty")
        allowed = SLOTS.get(when, "{name}") if when else None
        for slot in ("{name}", "{role}", "{goal}"):
            if slot in text and slot != allowed:
                raise ContentError(f"{place}: {slot} can only be used by prompts whose condition names it")
        prompts.append(Prompt(prompt_id, str(item["source"]).strip(), level, str(item["theme"]), text, when))
    return prompts


@lru_cache(maxsize=1)
def builtin_prompts() -> tuple[Prompt, ...]:
    return tuple(load_prompts(data_file("reflection_tips.yaml")))


def prompts_with_user_file(user_file: Path | None) -> tuple[list[Prompt], list[str]]:
    """The built-in prompts plus the user's own (a user prompt with a built-in id replaces it).

    A broken user file is reported and skipped: the built-in prompts still work.
    """
    prompts = {p.id: p for p in builtin_prompts()}
    if user_file is None or not user_file.exists():
        return list(prompts.values()), []
    try:
        for prompt in load_prompts(user_file):
            prompts[prompt.id] = prompt
    except ContentError as error:
        return list(builtin_prompts()), [f"your prompts were skipped: {error}"]
    return list(prompts.values()), []
