"""The user's config.yaml: small, validated, and never a reason not to start.

A bad value or an unknown key gives a message naming it, and the default is used instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .content import ContentError, load_yaml, read_text, where
from ..common.shown import found, short


@dataclass(frozen=True)
class Config:
    weekly_target: int = 2  # people chosen for a non-business conversation each week
    theme: str = ""  # the theme to start with (t and --theme still change it)
    keep_in_touch_days: int = 0  # filled in for new people (0: no interval unless you give one)
    # binding id -> keys, e.g. {"log-interaction": "ctrl+l"} for people whose tmux or terminal takes a key
    keymap: dict[str, str] = field(default_factory=dict)


_LIMITS = {"weekly_target": (1, 10), "keep_in_touch_days": (0, 3650)}


def default_config_path() -> Path:
    configured = os.environ.get("NETJOURNAL_CONFIG")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_config_path

    return user_config_path("netjournal", appauthor=False) / "config.yaml"


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The config, and one message per problem found in the file (the defaults stand in for bad values)."""
    path = path or default_config_path()
    try:
        if not path.exists():
            return Config(), []
    except OSError:  # a name the system refuses (too long): read_text below says so
        pass
    try:
        document = load_yaml(path)
    except ContentError as error:
        return Config(), [f"config ignored: {error}"]
    if document is None:
        return Config(), []
    if not isinstance(document, dict):
        return Config(), [f"config ignored: {path}: expected a mapping of settings"]
    values: dict[str, object] = {}
    problems: list[str] = []
    for key, value in document.items():
        if not isinstance(key, str):
            problems.append(f"config: {where(path, document)}: a setting's name must be text, not {found(key)}")
            continue
        if key == "theme":
            if isinstance(value, str) and value.strip():
                values["theme"] = value.strip()
            else:
                problems.append(f"config: {path}: theme must be a theme's name; using the default")
            continue
        if key == "keymap":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                      for k, v in value.items()):
                problems.append(f"config: {path}: keymap must map binding ids to keys, e.g. "
                                "log-interaction: ctrl+l; using the default keys")
            else:
                values["keymap"] = {k: v.strip() for k, v in value.items()}
            continue
        if key not in _LIMITS:
            problems.append(f"config: {where(path, document)}: unknown setting {short(key)} "
                            f"(known: {', '.join(sorted([*_LIMITS, 'keymap', 'theme']))})")
            continue
        low, high = _LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"config: {path}: {key} must be a whole number from {low} to {high}, not {found(value)}; "
                            f"using {getattr(Config, key)}")
            continue
        values[key] = value
    return Config(**values), problems  # type: ignore[arg-type]


def user_roles_path() -> Path:
    """Your own network roles, beside config.yaml; same format as data/roles.yaml."""
    return default_config_path().parent / "roles.yaml"


def user_prompts_path() -> Path:
    """Your own reflection prompts, beside config.yaml; same format as data/reflection_tips.yaml."""
    return default_config_path().parent / "reflection_tips.yaml"


def user_themes_path() -> Path:
    """Your own themes: one YAML file each in a themes/ folder beside config.yaml."""
    return default_config_path().parent / "themes"


def ui_state_path() -> Path:
    """What the app remembers between sessions (the theme chosen with t), beside config.yaml."""
    return default_config_path().parent / "ui-state.json"


def load_ui_state() -> dict[str, str]:
    import json

    try:
        state = json.loads(read_text(ui_state_path(), limit=64 * 1024))
    except (ContentError, ValueError, RecursionError):
        return {}  # no state yet, or a damaged one: start from the defaults
    return {k: v for k, v in state.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(state, dict) else {}


def save_ui_state(state: dict[str, str]) -> None:
    import json

    from ..common.files import make_private_folder, write_private_atomically

    path = ui_state_path()
    make_private_folder(path.parent)  # the config folder is 0700, like the journal's
    write_private_atomically(path, json.dumps(state, indent=2).encode("utf-8"))
