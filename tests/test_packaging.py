"""The shape of the package: layering, and data/ and themes/ found after a plain (non-editable) install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # The console script sits beside the interpreter in the virtual environment; no cache, so a copy is read anew.
    return subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


def test_the_layers_hold():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_the_contracts_fail_when_a_layer_reaches_up_or_past_the_facade(tmp_path):
    """The contracts are not decoration: break each in a copy of the package and lint-imports fails on it."""
    import shutil

    shutil.copytree(REPO / "netjournal", tmp_path / "netjournal", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    breaks = {
        "core/model.py": "import textual  # the domain drawing on the screen\n",
        "tui/text.py": "import tinydb  # the UI reaching past the facade\n",
        "tui/screens/help.py": "from ...core import storage  # the UI reaching into storage\n",
        "insights/value.py": "from ..reports import week  # a lower layer importing a higher one\n",
    }
    for name, line in breaks.items():
        path = tmp_path / "netjournal" / name
        path.write_text(path.read_text() + line)
    result = lint_imports(tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode != 0
    assert "0 kept, 4 broken" in result.stdout, result.stdout
    for contract in ("Only the TUI uses Textual", "Only core.storage uses TinyDB", "through Journal, never the storage",
                     "Layers:"):
        assert f"{contract}" in result.stdout


def test_plain_install_finds_data_and_themes(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(wheel_dir.glob("netjournal-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "netjournal/data/demo.yaml" in names and "netjournal/data/roles.yaml" in names
    assert "netjournal/data/activities.yaml" in names
    assert any(n.startswith("netjournal/themes/") and n.endswith(".yaml") for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import netjournal, netjournal.settings.content as c, netjournal.tui.themes as t; "
             "print(netjournal.__file__); print(c.resource_dir('data')); "
             "themes, errors = t.load_themes(t.theme_folders()); print(len(themes), errors); "
             "print(len(c.builtin_roles())); print(len(c.activities()))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=True)
    module_file, data_dir, themes, roles, activities = result.stdout.splitlines()
    assert module_file.startswith(str(target)) and data_dir.startswith(str(target))
    theme_count, theme_errors = themes.split(" ", 1)
    assert int(theme_count) >= 2 and theme_errors == "[]"
    assert int(roles) == 6
    assert int(activities) == 30

    db = tmp_path / "demo-check.json"
    demo = ("import sys; from netjournal.core.journal import Journal; from netjournal.io.demo import build_demo; "
            "j = Journal(sys.argv[1]); build_demo(j); print(len(j.contacts()))")
    result = subprocess.run([sys.executable, "-c", demo, str(db)], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=True)
    assert int(result.stdout) >= 20
