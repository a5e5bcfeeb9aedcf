"""When netjournal itself fails: one line, a non-zero exit, the traceback in a private crash log; and quiet pipes."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from netjournal.cli import main
from netjournal.common.crash import EXIT_INTERNAL, crash_folder
from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.tui.app import NetJournalApp
from netjournal.tui.panes.contacts import ContactsPane

from .conftest import TODAY


def crash_logs() -> list[Path]:
    folder = crash_folder()
    return sorted(folder.glob("crash-*.log")) if folder.exists() else []


def one_journal(db_path: Path) -> bytes:
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz", notes="her divorce"))
    return db_path.read_bytes()


def test_an_unexpected_error_in_a_command_is_one_line_and_a_private_crash_log(capsys, db_path, monkeypatch):
    before = one_journal(db_path)

    def broken(journal, week):
        raise KeyError("a note about her divorce")

    monkeypatch.setattr("netjournal.reports.week.week_text", broken)
    code = main(["--db", str(db_path), "week"])
    out, err = capsys.readouterr()
    assert code == EXIT_INTERNAL and out == ""
    [log] = crash_logs()
    assert err == f"netjournal: internal error (KeyError); details in {log}\n"
    assert "divorce" not in err  # the message may hold a person's notes: it stays in the private log
    assert log.stat().st_mode & 0o777 == 0o600 and log.parent.stat().st_mode & 0o077 == 0
    text = log.read_text()
    assert "crashed in `netjournal week`" in text and "Traceback (most recent call last)" in text
    assert "KeyError: 'a note about her divorce'" in text
    assert db_path.read_bytes() == before


def test_an_error_writing_outside_the_journal_names_the_file(capsys, db_path, tmp_path):
    one_journal(db_path)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code = main(["--db", str(db_path), "export", "-o", str(folder)])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("netjournal: ") and str(folder) in err and "Traceback" not in err


def many_problems(db_path: Path, count: int = 3000) -> None:
    one_journal(db_path)
    data = orjson.loads(db_path.read_bytes())
    data["contacts"].update({str(n): {"name": n, "id": f"c{n}"} for n in range(10, 10 + count)})
    db_path.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize("args", [["check"], ["export", "--format", "json"]])
def test_a_reader_that_goes_away_stops_us_quietly(db_path, args):
    if args == ["check"]:
        many_problems(db_path)  # more than a pipe holds: the write fails once `head` has gone
    else:
        with Journal(db_path, today=lambda: TODAY) as journal, journal.batch():
            for n in range(3000):
                journal.add_contact(Contact(name=f"Person {n}", notes="a note " * 20))
    env = {**os.environ, "PYTHONUNBUFFERED": ""}
    writer = subprocess.Popen([sys.executable, "-m", "netjournal", "--db", str(db_path), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = writer.stdout.readline()  # `| head -1`
    writer.stdout.close()
    err = writer.stderr.read().decode()
    code = writer.wait(timeout=60)
    assert first
    assert err == ""  # no BrokenPipeError, no "Exception ignored"
    assert code == 141  # 128 + SIGPIPE, as a program stopped by the signal


async def test_a_screen_that_raises_ends_the_app_without_a_traceback_on_the_terminal(db_path, monkeypatch):
    one_journal(db_path)

    def broken(self):
        raise RuntimeError("a bug in a pane")

    monkeypatch.setattr(ContactsPane, "show_data", broken)
    app = NetJournalApp(journal=Journal(db_path, today=lambda: TODAY))
    with pytest.raises(RuntimeError, match="a bug in a pane"):  # Pilot re-raises it for the test to see
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
    assert isinstance(app.crashed_with, RuntimeError)
    assert app.return_code == 1
    assert app._exit_renderables == []  # nothing left for Textual to print on the terminal


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_the_app_crashing_in_a_real_terminal_exits_non_zero_restores_it_and_names_the_log(db_path, tmp_path):
    import pty

    one_journal(db_path)
    state = tmp_path / "state"
    script = (
        "import sys\n"
        "from netjournal.tui.panes.contacts import ContactsPane\n"
        "def broken(self): raise RuntimeError('a bug in a pane')\n"
        "ContactsPane.show_data = broken\n"
        "from netjournal.cli import main\n"
        f"sys.exit(main(['--db', {str(db_path)!r}]))\n"
    )
    leader, follower = pty.openpty()
    env = {**os.environ, "XDG_STATE_HOME": str(state), "TERM": "xterm-256color"}
    child = subprocess.Popen([sys.executable, "-c", script], stdin=follower, stdout=follower, stderr=follower,
                             env=env, close_fds=True)
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif child.poll() is not None:
            break
    os.close(leader)
    code = child.wait(timeout=30)
    [log] = sorted((state / "netjournal").glob("crash-*.log"))
    assert code == EXIT_INTERNAL
    assert b"Traceback" not in shown and b"a bug in a pane" not in shown
    restored = shown.rindex(b"\x1b[?1049l")  # the alternate screen is left...
    line = shown[restored:].decode()
    assert "\x1b[?25h" in line  # ...the cursor shown again
    assert line.rstrip().endswith(f"netjournal: internal error (RuntimeError); details in {log}")
    assert "RuntimeError: a bug in a pane" in log.read_text()


def test_share_that_fails_to_suggest_saves_nothing(capsys, db_path, monkeypatch):
    before = one_journal(db_path)

    def broken(journal, share, **options):
        raise ZeroDivisionError("no words")

    monkeypatch.setattr("netjournal.reports.value.suggestion_lines", broken)
    assert main(["--db", str(db_path), "share", "A guide", "--tag", "golf"]) == EXIT_INTERNAL
    assert "internal error (ZeroDivisionError)" in capsys.readouterr().err
    assert db_path.read_bytes() == before  # a command completes or changes nothing


async def test_a_file_spoiled_while_the_app_runs_is_reported_and_the_app_carries_on(db_path):
    one_journal(db_path)
    app = NetJournalApp(journal=Journal(db_path, today=lambda: TODAY))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        data = orjson.loads(db_path.read_bytes())
        next(iter(data["contacts"].values()))["name"] = 123  # another program writes a wrongly typed record
        db_path.write_bytes(orjson.dumps(data))
        app.check_for_changes()
        await pilot.pause()
        assert any("is damaged (contacts #1" in n.message and "name: expected text" in n.message
                   for n in app._notifications)
        await pilot.press("enter")  # the last good data is still shown and used
        await pilot.pause()
        await pilot.press("escape")
    assert app.crashed_with is None
