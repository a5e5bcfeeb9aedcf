"""The shape of the package: layering, and data/ and themes/ found after a plain (non-editable) install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_domain_layers_do_not_import_textual():
    code = ("import sys; import netjournal.core.model, netjournal.core.storage, netjournal.core.journal, netjournal.insights.facts, "
            "netjournal.settings.content, netjournal.core.migrations, netjournal.reports.week, netjournal.core.check, netjournal.io.demo, "
            "netjournal.insights.value, netjournal.reports.value, netjournal.core.merge; "
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_tui_does_not_touch_tinydb():
    for path in (REPO / "netjournal" / "tui").rglob("*.py"):
        text = path.read_text()
        assert "tinydb" not in text.lower(), f"{path} reaches past Journal into TinyDB"


def test_plain_install_finds_data_and_themes(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(wheel_dir.glob("netjournal-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "netjournal/data/demo.yaml" in names and "netjournal/data/roles.yaml" in names
    assert any(n.startswith("netjournal/themes/") and n.endswith(".yaml") for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import netjournal, netjournal.settings.content as c, netjournal.tui.themes as t; "
             "print(netjournal.__file__); print(c.resource_dir('data')); "
             "themes, errors = t.load_themes(t.theme_folders()); print(len(themes), errors); "
             "print(len(c.builtin_roles()))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=True)
    module_file, data_dir, themes, roles = result.stdout.splitlines()
    assert module_file.startswith(str(target)) and data_dir.startswith(str(target))
    theme_count, theme_errors = themes.split(" ", 1)
    assert int(theme_count) >= 2 and theme_errors == "[]"
    assert int(roles) == 6

    db = tmp_path / "demo-check.json"
    demo = ("import sys; from netjournal.core.journal import Journal; from netjournal.io.demo import build_demo; "
            "j = Journal(sys.argv[1]); build_demo(j); print(len(j.contacts()))")
    result = subprocess.run([sys.executable, "-c", demo, str(db)], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=True)
    assert int(result.stdout) >= 20
