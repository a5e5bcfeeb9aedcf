"""config.yaml, themes, and the user's roles and prompts: bounded, validated field by field, named when wrong.

Every such file is read by netjournal at start-up; none of them may stop it, hang it or fill the terminal.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from netjournal.settings.config import Config, load_config, load_ui_state, ui_state_path
from netjournal.settings.content import (
    MAX_BYTES,
    ContentError,
    load_prompts,
    load_roles,
    load_yaml,
    roles_with_user_file,
)
from netjournal.core.journal import Journal
from netjournal.tui.themes import known_variables, load_theme, load_themes
from netjournal.tui.app import DEFAULT_THEME, NetJournalApp

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
weekly_target: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_in_milliseconds_naming_the_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(BILLION_LAUGHS)
    started = time.perf_counter()
    config, problems = load_config(path)
    assert time.perf_counter() - started < 1.0
    assert config == Config()
    assert problems == [f"config ignored: {path}:1: a YAML alias (*name) reuses the value anchored here; "
                        "netjournal's files do not accept aliases: write the value out"]


@pytest.mark.parametrize("loader", [load_prompts, load_roles, load_theme])
def test_every_yaml_file_refuses_aliases(tmp_path, loader):
    path = tmp_path / "file.yaml"
    path.write_text("name: &n x\nprimary: *n\nprompts: []\nroles: []\n")
    with pytest.raises(ContentError, match=r"file.yaml:1: a YAML alias"):
        loader(path)


def test_a_file_over_a_mebibyte_is_not_read(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\nweekly_target: 3\n")
    config, problems = load_config(path)
    assert config == Config() and problems == [f"config ignored: {path}: larger than 1,024 KiB; netjournal reads "
                                               "no such file that big (is it the right file?)"]


def test_a_config_that_is_not_utf8_names_the_file_and_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(b"weekly_target: 3\ntheme: caf\xe9\n")
    assert load_config(path) == (Config(), [f"config ignored: {path}:2: not UTF-8 text (save it as UTF-8)"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_config_that_is_a_folder_or_a_pipe_is_named_not_waited_on(tmp_path):
    folder = tmp_path / "config.yaml"
    folder.mkdir()
    assert load_config(folder)[1] == [f"config ignored: {folder}: not a regular file"]
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    assert load_config(pipe)[1] == [f"config ignored: {pipe}: not a regular file"]


def test_deep_nesting_and_odd_keys_are_problems_not_crashes(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("weekly_target: " + "[" * 5000 + "]" * 5000 + "\n")
    config, problems = load_config(path)
    assert config == Config() and len(problems) == 1 and str(path) in problems[0]
    path.write_text("1: 2\n? [a, b]\n: c\nweekly_target: " + "[1, 2, 3] " * 0 + "[" + "1, " * 20000 + "1]\n")
    config, problems = load_config(path)
    assert config == Config()
    assert all(len(p) < 300 for p in problems), problems  # never the whole value


def test_a_wrong_value_is_shown_short(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(f"weekly_target: {'9' * 4000}\nkeep_in_touch_days: {'x' * 10_000}\n{'k' * 1000}: 1\n")
    config, problems = load_config(path)
    assert config == Config() and len(problems) == 3
    assert all(len(p) < 300 for p in problems), problems
    assert "weekly_target must be a whole number from 1 to 10, not a number of about 4,000 digits" in problems[0]
    path.write_text(f"weekly_target: {'9' * 100_000}\n")  # more digits than Python turns into a number
    assert load_config(path)[1] == [f"config ignored: {path}: not valid YAML (a value that cannot be read, such "
                                    "as a number thousands of digits long)"]


def test_ui_state_that_is_huge_or_garbage_is_forgotten(private_settings):
    path = ui_state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for payload in (b'{"theme": "' + b"x" * 100_000 + b'"}', b"\xff\xfe", b"[" * 100_000, b'{"theme": 5}'):
        path.write_bytes(payload)
        assert load_ui_state() == {}


# --- themes -----------------------------------------------------------------------------------------------

BAD_THEMES = {
    "name: [1, 2]\nprimary: '#336699'\n": "name must be text, not a list of 2 items",
    "name: ''\nprimary: '#336699'\n": "name must not be empty",
    "name: 5\nprimary: '#336699'\n": 'name must be text, not 5 (put it in quotes: name: "5")',
    "name: x\nprimary: 336699\n": "primary must be text, not 336699",
    "name: x\nprimary: '#336699'\nsecondary: [red]\n": "secondary must be text, not a list of 1 item",
    "name: x\nprimary: '#336699'\nluminosity_spread: wide\n": "luminosity_spread: must be a number from 0 to 1, "
                                                              "not 'wide'",
    "name: x\nprimary: '#336699'\nluminosity_spread: 1.0e+308\n": "luminosity_spread: must be a number from 0 to 1",
    "name: x\nprimary: '#336699'\ntext_alpha: .nan\n": "text_alpha: must be a number from 0 to 1, not nan",
    "name: x\nprimary: '#336699'\ntext_alpha: true\n": "text_alpha: must be a number from 0 to 1, not true",
    "name: x\nprimary: '#336699'\ndark: yes please\n": "dark: must be true or false, not 'yes please'",
    "name: x\nprimary: '#336699'\nvariables: [a]\n": "variables: must be a mapping of names to values",
    "name: x\nprimary: '#336699'\nvariables:\n  footer-key-foreground: 5\n":
        "variables: footer-key-foreground must be text, not 5",
    "name: x\nprimary: '#336699'\nvariables:\n  footer-key-foreground: zzz\n":
        "variables: footer-key-foreground: Textual cannot use 'zzz' as a color value",
    "name: x\nprimary: '#336699'\nvariables:\n  block-cursor-text-style: loud\n":
        "variables: block-cursor-text-style: Textual cannot use 'loud' as a text-style value",
    "name: x\nprimary: '#336699'\nvariables:\n  footer-kye-foreground: red\n":
        "variables: footer-kye-foreground is not a variable Textual knows",
    "name: x\nprimary: '#336699'\nvariables:\n  footer-key-foreground: 'red; } Screen { color: blue'\n":
        "Textual cannot use",
    "name: x\nprimary: '#336699'\ncolour: red\n": "unknown key colour",
}


@pytest.mark.parametrize("body", BAD_THEMES)
def test_a_bad_theme_field_is_named_and_the_theme_skipped(tmp_path, body):
    (tmp_path / "bad.yaml").write_text(body)
    (tmp_path / "good.yaml").write_text("name: good\nprimary: '#336699'\nvariables:\n  footer-key-foreground: red\n")
    themes, errors = load_themes([tmp_path])
    assert [t.name for t in themes] == ["good"]
    assert len(errors) == 1 and errors[0].startswith(f"theme skipped: {tmp_path / 'bad.yaml'}")
    assert BAD_THEMES[body] in errors[0]


def test_every_variable_textual_sets_is_accepted_with_its_own_value(tmp_path):
    from textual.theme import Theme

    values = Theme(name="-", primary="#336699").to_color_system().generate()
    body = "name: all\nprimary: '#336699'\nvariables:\n" + "".join(
        f"  {name}: '{values[name]}'\n" for name in sorted(known_variables()))
    (tmp_path / "all.yaml").write_text(body)
    assert load_theme(tmp_path / "all.yaml").variables == {name: values[name] for name in known_variables()}


async def test_a_bad_theme_chosen_in_config_falls_back_and_says_why(db_path, private_settings):
    folder = private_settings / "themes"
    folder.mkdir()
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#336699'\nluminosity_spread: wide\n")
    (folder / "vars.yaml").write_text("name: vars\nprimary: '#336699'\nvariables:\n  footer-key-foreground: zzz\n")
    app = NetJournalApp(Journal(db_path), theme_name="vars", config=Config(theme="mine"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(6):  # every theme in turn: none of them can break the app
            await pilot.press("t")
            await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert app.crashed_with is None
    assert app.theme in app.own_themes and "mine" not in app.own_themes and "vars" not in app.own_themes
    assert any("mine.yaml: luminosity_spread: must be a number from 0 to 1" in m for m in messages), messages
    assert any("vars.yaml" in m and "footer-key-foreground" in m for m in messages), messages
    assert any("No theme named 'vars'" in m for m in messages), messages
    assert DEFAULT_THEME in app.own_themes


# --- the user's roles and prompts -------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "message"), [
    ("roles:\n  - id: x\n    name: X\n    key: 1\n    description: d\n",
     ':2: key must be text, not 1 (put it in quotes: key: "1")'),
    ("roles:\n  - id: [1]\n    name: X\n    key: x\n    description: d\n", ":2: id must be text, not a list of 1 item"),
    ("roles:\n  - id: x\n    name: X\n    key: x\n    description: {a: 1}\n",
     ":2: description must be text, not an object with 1 field"),
    ("roles:\n  - id: x\n    name: ''\n    key: x\n    description: d\n", ":2: name must not be empty"),
    ("roles: 5\n", "expected a top-level `roles:` list"),
])
def test_a_bad_user_roles_file_is_named_and_skipped(tmp_path, body, message):
    path = tmp_path / "roles.yaml"
    path.write_text(body)
    roles, problems = roles_with_user_file(path)
    assert [r.id for r in roles][:1] == ["information_source"]  # the built-in roles still work
    assert len(problems) == 1 and problems[0].startswith(f"your roles were skipped: {path}")
    assert message in problems[0], problems


@pytest.mark.parametrize(("body", "message"), [
    ("prompts:\n  - id: 5\n    source: RB-1\n    level: 1\n    theme: rating\n    text: x\n",
     ':2: id must be text, not 5 (put it in quotes: id: "5")'),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: one\n    theme: rating\n    text: x\n",
     ":2: level must be 1 to 5, not 'one'"),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: [rating]\n    text: x\n",
     ":2: theme must be text, not a list of 1 item"),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: rating\n    text: [x]\n",
     ":2: text must be text, not a list of 1 item"),
    ("prompts:\n  - id: a\n    source: RB-1\n    level: 1\n    theme: rating\n    text: x\n    when: [1]\n",
     ":2: when a list of 1 item is not one of"),
    ("prompts:\n  - id: a\n    source: 7\n    level: 1\n    theme: rating\n    text: x\n",
     ":2: source must be text, not 7"),
])
def test_a_bad_user_prompts_file_is_named(tmp_path, body, message):
    path = tmp_path / "reflection_tips.yaml"
    path.write_text(body)
    with pytest.raises(ContentError) as error:
        load_prompts(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)


def test_the_shipped_files_still_load(tmp_path):
    from netjournal.settings.content import builtin_prompts, builtin_roles, data_file, rating_scale

    assert len(builtin_prompts()) >= 80 and len(builtin_roles()) == 6 and len(rating_scale()) == 4
    assert load_yaml(data_file("demo.yaml"))
    themes, errors = load_themes([Path(__file__).resolve().parent.parent / "themes"])
    assert errors == [] and len(themes) == 4
