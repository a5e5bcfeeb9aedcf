"""Colour themes from YAML files (themes/ shipped with netjournal, and the user's own folder).

A broken theme file never stops the app: `load_themes` returns the good themes and one error per bad file.
Every field is checked with its type before a Theme is made, and every variable is tried in a one-line
stylesheet: Textual reads a theme's values only when the theme is applied, or when the first widget that uses a
variable appears, and a value it cannot use then ends the app.
"""

from __future__ import annotations

import math
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..settings.content import ContentError, check_keys, load_yaml, resource_dir, text_of, where
from ..common.shown import found, label, short

_THEME_FIELDS = {f.name for f in fields(Theme)}
_COLOUR_FIELDS = {"primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
                  "surface", "panel", "boost"}
_BOOL_FIELDS = {"dark", "ansi"}
_FRACTION_FIELDS = {"luminosity_spread", "text_alpha"}  # Textual does arithmetic on these: numbers from 0 to 1


def load_theme(path: Path) -> Theme:
    item = load_yaml(path)
    check_keys(path, item, {"name", "primary"}, _THEME_FIELDS - {"name", "primary"})
    place = str(path)  # a theme is one short mapping: the file is enough
    values: dict[str, Any] = {"name": text_of(path, item, "name", empty=False)}
    for key in _COLOUR_FIELDS & item.keys():
        if item[key] is None and key != "primary":
            values[key] = None  # the Theme default: derived from the others
            continue
        colour = text_of(path, item, key, empty=False)
        try:
            Color.parse(colour)
        except ColorParseError:
            raise ContentError(f"{place}: {key}: {short(colour)} is not a colour (e.g. \"#1a1b26\")") from None
        values[key] = colour
    for key in _BOOL_FIELDS & item.keys():
        if not isinstance(item[key], bool):
            raise ContentError(f"{place}: {key}: must be true or false, not {found(item[key])}")
        values[key] = item[key]
    for key in _FRACTION_FIELDS & item.keys():
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (math.isfinite(value)
                                                                                 and 0 <= value <= 1):
            raise ContentError(f"{place}: {key}: must be a number from 0 to 1, not {found(value)}")
        values[key] = float(value)
    if "variables" in item:
        values["variables"] = _variables(path, item["variables"], place)
    return Theme(**values)


def _variables(path: Path, variables: Any, place: str) -> dict[str, str]:
    if variables is None:
        return {}
    if not isinstance(variables, dict):
        raise ContentError(f"{place}: variables: must be a mapping of names to values, not {found(variables)}")
    known = known_variables()
    checked = {}
    for name, value in variables.items():
        if not isinstance(name, str) or name not in known:
            shown = label(name) if isinstance(name, str) else found(name)
            raise ContentError(f"{where(path, variables)}: variables: {shown} is not a variable Textual "
                               "knows (e.g. footer-key-foreground, block-cursor-text-style)")
        if not isinstance(value, str):
            raise ContentError(f"{where(path, variables)}: variables: {name} must be text, not {found(value)}")
        if not _usable(name, value):
            raise ContentError(f"{where(path, variables)}: variables: {name}: Textual cannot use {short(value)} "
                               f"as a {_property(name)} value")
        checked[name] = value
    return checked


@lru_cache(maxsize=1)
def known_variables() -> frozenset[str]:
    """The variables a theme may set: those Textual's colour system makes (and the app reads)."""
    return frozenset(Theme(name="-", primary="#000000").to_color_system().generate())


def _property(name: str) -> str:
    """The kind of CSS property a variable is read by, told by its name, as Textual names them."""
    if name.endswith("text-style") or name.startswith("link-style"):
        return "text-style"
    return "background" if name.endswith("background") else "color"


def _usable(name: str, value: str) -> bool:
    from textual.css.stylesheet import Stylesheet, StylesheetError

    if any(c in value for c in "\n\r;{}") or len(value) > 200:
        return False
    sheet = Stylesheet()
    sheet.add_source(f"Screen {{ {_property(name)}: {value}; }}", read_from=("theme variable", name))
    try:
        sheet.parse()
    except StylesheetError:
        return False
    return True


def theme_folders(user_folder: Path | None = None) -> list[Path]:
    folders = [resource_dir("themes")]
    if user_folder is not None and user_folder.is_dir():
        folders.append(user_folder)
    return folders


MOST_THEME_FILES = 100  # per folder: a folder of thousands is not a themes folder


def load_themes(folders: list[Path]) -> tuple[list[Theme], list[str]]:
    """Every theme in the folders, in name order, and a message for each file that could not be used."""
    themes: dict[str, Theme] = {}
    errors: list[str] = []
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.yaml"))
        except OSError as error:
            errors.append(f"themes skipped: {folder}: cannot read ({error.strerror or error})")
            continue
        if len(paths) > MOST_THEME_FILES:
            errors.append(f"themes: {folder}: {len(paths)} files; only the first {MOST_THEME_FILES} were read")
            paths = paths[:MOST_THEME_FILES]
        for path in paths:
            try:
                theme = load_theme(path)
            except ContentError as error:
                errors.append(f"theme skipped: {error}")
                continue
            themes[theme.name] = theme  # a user theme replaces a shipped one of the same name
    return sorted(themes.values(), key=lambda t: t.name), errors
