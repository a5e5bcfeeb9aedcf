"""The content files in data/ (YAML), loaded and validated.

Errors name the file and the line so that a person editing their own copy can fix it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..common.shown import found, label, short

# No file netjournal reads besides the journal comes near this; a bigger one is the wrong file, or an attack.
MAX_BYTES = 1024 * 1024


class ContentError(ValueError):
    pass


def resource_dir(name: str) -> Path:
    """`data/` or `themes/`: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parent.parent  # netjournal/, from netjournal/settings/content.py
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise ContentError(f"netjournal's {name}/ folder is missing from {package} (a broken install?)")


def data_file(name: str) -> Path:
    return resource_dir("data") / name


class _Mapping(dict):
    """A YAML mapping that remembers the line it started on (1-based)."""

    line: int = 0


class _AliasFound(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


# libyaml's loader parses the 80 prompts in 4 ms instead of 37; marks (for line numbers) work the same.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that keeps line numbers and refuses aliases.

    An alias (`*name`) reuses a value anchored elsewhere (`&name`); nine lines of them make a billion values
    ("billion laughs") that anything walking the result, even an error message, spends minutes and gigabytes
    on. None of netjournal's files needs them, so any alias refuses the file, before anything is built.
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return self.construct_document(node)


def _refuse_aliases(root: yaml.Node) -> None:
    """Walk the composed nodes once: a node reached twice was reached through an alias."""
    seen: set[int] = set()
    waiting = [root]
    while waiting:
        node = waiting.pop()
        if id(node) in seen:
            raise _AliasFound(node.start_mark.line + 1)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            waiting.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                waiting.extend((key, value))


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """A settings or content file's text: a regular file, at most `limit` bytes, UTF-8; else ContentError."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ContentError(f"{path}: not a regular file")
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # never more: /dev/zero or a huge file named by mistake
    except OSError as error:
        raise ContentError(f"{path}: cannot read ({error.strerror or error})") from None
    if len(raw) > limit:
        raise ContentError(f"{path}: larger than {limit // 1024:,} KiB; netjournal reads no such file that big "
                           "(is it the right file?)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ContentError(f"{path}:{line}: not UTF-8 text (save it as UTF-8)") from None


def load_yaml(path: Path) -> Any:
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _AliasFound as alias:
        raise ContentError(f"{path}:{alias.line}: a YAML alias (*name) reuses the value anchored here; "
                           "netjournal's files do not accept aliases: write the value out") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(f"{where}: not valid YAML ({problem})") from None
    except RecursionError:
        raise ContentError(f"{path}: nested too deeply") from None
    except ValueError:  # from building a value: a number of more digits than Python converts (4,300)
        raise ContentError(f"{path}: not valid YAML (a value that cannot be read, such as a number thousands "
                           "of digits long)") from None


def where(path: Path, item: Any) -> str:
    line = getattr(item, "line", 0)
    return f"{path}:{line}" if line else str(path)


def check_keys(path: Path, item: Any, required: set[str], optional: set[str]) -> None:
    if not isinstance(item, dict):
        raise ContentError(f"{where(path, item)}: expected a mapping, found {type(item).__name__}")
    missing = sorted(required - item.keys())
    if missing:
        raise ContentError(f"{where(path, item)}: missing {', '.join(missing)}")
    unknown = sorted(label(key) if isinstance(key, str) else found(key)  # a key may be a number
                     for key in set(item) - required - optional)
    if unknown:
        raise ContentError(f"{where(path, item)}: unknown key {', '.join(unknown)}")


def text_of(path: Path, item: Any, key: str, *, empty: bool = True) -> str:
    """`item[key]` when it is text (stripped); a number, a list or true/false is refused with where it is."""
    value = item[key]
    if not isinstance(value, str):
        hint = f' (put it in quotes: {key}: "{value}")' if isinstance(value, (int, float, bool)) \
            and len(str(value)) < 20 else ""
        raise ContentError(f"{where(path, item)}: {key} must be text, not {found(value)}{hint}")
    text = value.strip()
    if not text and not empty:
        raise ContentError(f"{where(path, item)}: {key} must not be empty")
    return text


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
        role = Role(**{k: text_of(path, item, k, empty=k not in ("id", "name")) for k in item})
        if len(role.key) != 1:
            raise ContentError(f"{where(path, item)}: key must be a single character, not {short(role.key)}")
        if any(r.id == role.id for r in roles):
            raise ContentError(f"{where(path, item)}: role id {short(role.id)} appears twice")
        if any(r.key == role.key for r in roles):
            raise ContentError(f"{where(path, item)}: key {short(role.key)} is already used by another role")
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
            return list(builtin_roles()), [f"your roles were skipped: {user_file}: role {short(role.id)} reuses the "
                                           "id or key of a built-in role"]
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
        score = item["score"]
        if type(score) is not int or score not in (1, 2, 3, 4) or any(s.score == score for s in scale):
            raise ContentError(f"{where(path, item)}: score must be 1, 2, 3 or 4, once each")
        texts = {key: text_of(path, item, key) for key in ("label", "meaning", "todo", "details")}
        if texts["details"] not in ("barriers", "plan", "none"):
            raise ContentError(f"{where(path, item)}: details must be barriers, plan or none")
        scale.append(Score(score, texts["label"], texts["meaning"], texts["todo"], texts["details"]))
    if len(scale) != 4:
        raise ContentError(f"{path}: the scale needs the four scores 1 to 4")
    return sorted(scale, key=lambda s: s.score)


@lru_cache(maxsize=1)
def rating_scale() -> tuple[Score, ...]:
    return tuple(load_rating_scale(data_file("rating_scale.yaml")))


def score_of(score: int) -> Score:
    """One score of the scale: its word, what it means, what to do and which details a rating pass asks for."""
    return next(s for s in rating_scale() if s.score == score)


def rating_words() -> dict[int, str]:
    """How every screen and the command line name each score, "3 good": the scale's one word, in one place."""
    return {s.score: f"{s.score} {s.label}" for s in rating_scale()}


@lru_cache(maxsize=1)
def builtin_roles() -> tuple[Role, ...]:
    return tuple(load_roles(data_file("roles.yaml")))


# --- reflection prompts ---------------------------------------------------------------------------

THEMES = ("free_information", "non_business", "disclosure", "reciprocity", "sharing", "rating", "roles", "breadth",
          "gratitude", "presence", "keep_live", "stakeholder_view", "partnership")
CONDITIONS = ("one_sided", "low_rating_no_date", "improve_by_past", "role_gap", "goal_missed", "no_new_person",
              "influencer_overdue", "narrow_network", "next_time_plan", "goal_alone", "stakeholder_quiet",
              "single_threaded_key", "activity_unpractised")
# Which slot a condition's prompts may fill in: the person or organisation it is about ({name}), the empty role
# ({role}), or the goal nobody stands beside or the activity not yet practised ({goal}).
SLOTS = {"role_gap": "{role}", "goal_alone": "{goal}", "activity_unpractised": "{goal}", "no_new_person": None,
         "narrow_network": None}


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
        prompt_id = text_of(path, item, "id", empty=False)
        if prompt_id in seen:
            raise ContentError(f"{place}: id {short(prompt_id)} appears twice")
        seen.add(prompt_id)
        level = item["level"]
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise ContentError(f"{place}: level must be 1 to 5, not {found(level)}")
        theme = text_of(path, item, "theme")
        if theme not in THEMES:
            raise ContentError(f"{place}: theme {short(theme)} is not one of {', '.join(THEMES)}")
        when = item.get("when")
        if when is not None and (not isinstance(when, str) or when not in CONDITIONS):
            raise ContentError(f"{place}: when {found(when)} is not one of {', '.join(CONDITIONS)}")
        text = text_of(path, item, "text", empty=False)
        source = text_of(path, item, "source")
        allowed = SLOTS.get(when, "{name}") if when else None
        for slot in ("{name}", "{role}", "{goal}"):
            if slot in text and slot != allowed:
                raise ContentError(f"{place}: {slot} can only be used by prompts whose condition names it")
        prompts.append(Prompt(prompt_id, source, level, theme, text, when))
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


# --- developmental activities ---------------------------------------------------------------------

GUIDES = ("relationship building", "engaging external partners")
# Where each guide puts an activity: relationship building groups them 1, 2-3 and 4-5; engaging external
# partners 1, 2-3, 4 and 5.
ACTIVITY_LEVELS = ("1", "2-3", "4-5", "4", "5")
ACTIVITY_FIELDS = ("id", "guide", "level", "title", "practice", "evidence")
TITLE_LIMIT = 60


@dataclass(frozen=True)
class Activity:
    """One developmental activity of the guides, to choose and practise for a month."""

    id: str  # as in shared/ACTIVITIES.md: RB-1..RB-20, EEP-1..EEP-10
    guide: str  # one of GUIDES
    level: str  # one of ACTIVITY_LEVELS, text: "2-3" is not a number
    title: str  # a short imperative, under TITLE_LIMIT characters
    practice: str  # what to do this month
    evidence: str  # what to write down as the result


def load_activities(path: Path) -> list[Activity]:
    activities: list[Activity] = []
    seen: set[str] = set()
    for item in list_under(path, load_yaml(path), "activities"):
        check_keys(path, item, set(ACTIVITY_FIELDS), set())
        place = where(path, item)
        texts = {key: text_of(path, item, key, empty=False) for key in ACTIVITY_FIELDS}
        if texts["id"].casefold() in seen:  # looked up without regard to case, so "rb-1" and "RB-1" clash
            raise ContentError(f"{place}: id {short(texts['id'])} appears twice")
        seen.add(texts["id"].casefold())
        if texts["guide"] not in GUIDES:
            raise ContentError(f"{place}: guide {short(texts['guide'])} is not one of {', '.join(GUIDES)}")
        if texts["level"] not in ACTIVITY_LEVELS:
            raise ContentError(f"{place}: level {short(texts['level'])} is not one of "
                               f"{', '.join(ACTIVITY_LEVELS)} (in quotes)")
        if len(texts["title"]) >= TITLE_LIMIT:
            raise ContentError(f"{place}: title must be under {TITLE_LIMIT} characters, not {len(texts['title'])}")
        activities.append(Activity(**texts))
    return activities


@lru_cache(maxsize=1)
def activities() -> tuple[Activity, ...]:
    """The guides' developmental activities, in the order of data/activities.yaml."""
    return tuple(load_activities(data_file("activities.yaml")))


@lru_cache(maxsize=1)
def _activities_by_id() -> dict[str, Activity]:
    return {a.id.casefold(): a for a in activities()}


def activity(activity_id: str) -> Activity | None:
    """The activity with this id, in any case ("eep-4" finds EEP-4); None when there is none."""
    return _activities_by_id().get(activity_id.strip().casefold())
