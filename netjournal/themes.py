"""Colour themes from YAML files (themes/ shipped with netjournal, and the user's own folder).

A broken theme file never stops the app: `load_themes` returns the good themes and one error per bad file.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from .content import ContentError, check_keys, load_yaml, resource_dir

_THEME_FIELDS = {f.name for f in fields(Theme)}
_COLOUR_FIELDS = {"primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
                  "surface", "panel", "boost"}


def load_theme(path: Path) -> Theme:
    item = load_yaml(path)
    check_keys(path, item, {"name", "primary"}, _THEME_FIELDS - {"name", "primary"})
    for key in _COLOUR_FIELDS & item.keys():
        try:
            Color.parse(str(item[key]))
        except ColorParseError:
            raise ContentError(f"{path}: {key}: {item[key]!r} is not a colour") from None
    if "dark" in item and not isinstance(item["dark"], bool):
        raise ContentError(f"{path}: dark: must be true or false")
    if "variables" in item and not isinstance(item["variables"], dict):
        raise ContentError(f"{path}: variables: must be a mapping of names to values")
    return Theme(**dict(item))


def theme_folders(user_folder: Path | None = None) -> list[Path]:
    folders = [resource_dir("themes")]
    if user_folder is not None and user_folder.is_dir():
        folders.append(user_folder)
    return folders


def load_themes(folders: list[Path]) -> tuple[list[Theme], list[str]]:
    """Every theme in the folders, in name order, and a message for each file that could not be used."""
    themes: dict[str, Theme] = {}
    errors: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            try:
                theme = load_theme(path)
            except ContentError as error:
                errors.append(f"theme skipped: {error}")
                continue
            themes[theme.name] = theme  # a user theme replaces a shipped one of the same name
    return sorted(themes.values(), key=lambda t: t.name), errors
