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


class _LineLoader(yaml.SafeLoader):
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


def load_roles(path: Path) -> list[Role]:
    roles: list[Role] = []
    for item in list_under(path, load_yaml(path), "roles"):
        check_keys(path, item, {"id", "name", "key", "description"}, set())
        role = Role(**{k: str(v).strip() for k, v in item.items()})
        if not role.id or not role.name:
            raise ContentError(f"{where(path, item)}: id and name must not be empty")
        if len(role.key) != 1:
            raise ContentError(f"{where(path, item)}: key must be a single character, not {role.key!r}")
        if any(r.id == role.id for r in roles):
            raise ContentError(f"{where(path, item)}: role id {role.id!r} appears twice")
        roles.append(role)
    return roles


@lru_cache(maxsize=1)
def builtin_roles() -> tuple[Role, ...]:
    return tuple(load_roles(data_file("roles.yaml")))
