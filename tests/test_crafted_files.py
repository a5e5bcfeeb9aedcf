"""Every command on every crafted file (tests/crafted.py): no traceback, one clear line, the file unchanged.

In this process for the whole matrix (thousands of runs); as a separate process for a sample, as a person runs
it; and the app, with Pilot, on every file it must open.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netjournal.core.journal import Journal
from netjournal.tui.app import NetJournalApp

from . import crafted
from .conftest import TODAY, run_cli


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[tuple[str, bytes, bool]]:
    return crafted.crafted_files(tmp_path_factory.mktemp("crafted"))


COMMANDS = list(crafted.commands(Path("/unused")))


def write_private(path, payload: bytes) -> None:
    """A journal as netjournal keeps it (0600): a file others could read would add a one-off notice to the output."""
    path.write_bytes(payload)
    path.chmod(0o600)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "(no command: the app)")
def test_every_crafted_file_under_every_command(files, tmp_path, command):
    args = crafted.commands(tmp_path)[command]
    wrong = []
    for name, payload, refused in files:
        if command == "" and not refused:
            continue  # would open the app in this terminal: test_the_app_opens_every_file_it_accepts
        path = tmp_path / "journal.json"
        write_private(path, payload)
        code, out, err = crafted.run_main(path, args)
        wrong += [f"{name}: {p}" for p in crafted.problems_with(name, refused, path, command, code, out, err)]
        if refused:
            if path.read_bytes() != payload:
                wrong.append(f"{name}: the file changed")
            if sorted(p.name for p in tmp_path.iterdir()) != ["journal.json"]:
                wrong.append(f"{name}: files appeared: {sorted(p.name for p in tmp_path.iterdir())}")
        for leftover in tmp_path.iterdir():
            leftover.unlink()
    assert not wrong, "\n".join(wrong[:30])


SAMPLE = ["passed: nested garbage", "healthy"]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_sample_as_a_person_runs_it(files, tmp_path, name):
    payload, refused = next((p, r) for n, p, r in files if n == name)
    wrong = []
    for command, args in crafted.commands(tmp_path).items():
        if command == "" and not refused:
            continue
        path = tmp_path / "journal.json"
        write_private(path, payload)
        result = run_cli("--db", str(path), *args)
        wrong += [f"{command}: {p}" for p in crafted.problems_with(name, refused, path, command, result.returncode,
                                                                    result.stdout, result.stderr)]
        if refused and path.read_bytes() != payload:
            wrong.append(f"{command}: the file changed")
        for leftover in tmp_path.iterdir():
            leftover.unlink()
    assert not wrong, "\n".join(wrong)


def opened_files() -> list[str]:
    """The files the app must open: odd data, and a sample of records without some optional field."""
    import tempfile

    names = [name for name, _, refused in crafted.crafted_files(Path(tempfile.mkdtemp())) if not refused]
    missing = [name for name in names if name.endswith(" missing")]
    return [name for name in names if name not in missing] + missing[::8]


@pytest.mark.parametrize("name", opened_files())
async def test_the_app_opens_every_file_it_accepts(files, tmp_path, name):
    payload = next(p for n, p, _ in files if n == name)
    path = tmp_path / "journal.json"
    write_private(path, payload)
    app = NetJournalApp(journal=Journal(path, today=lambda: TODAY))
    # The main screen, a person (the first in the list: most files spoil them), and the value screen's tabs.
    walk = [["enter"], ["escape", "v", "2", "3"], ["escape"]]
    if name == "healthy":  # and everywhere else once
        walk += [["2", "]", "["], ["w"], ["escape", "r"], ["escape", "escape", "ctrl+f", "a"], ["escape"]]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for keys in walk:
            await pilot.press(*keys)
            await pilot.pause()
    assert app.crashed_with is None
