"""The passphrase dialog before an encrypted journal opens (tui/unlock.py), driven with real keys: a wrong
passphrase says so and changes nothing on disk, the right one opens the journal, three wrong ones or escape end it.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from netjournal.core import crypto
from netjournal.core.crypto import WrongPassphrase
from netjournal.core.errors import JournalDamaged
from netjournal.core.journal import Journal
from netjournal.core.model import Contact
from netjournal.tui.unlock import UnlockApp

from .conftest import TODAY

SIZE = (80, 24)
PASSPHRASE = "correct horse"


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    """As in test_encryption.py: the real Argon2id settings take ~0.3 s a try; these tests make several."""
    monkeypatch.setattr(crypto, "ARGON2ID", {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1})
    monkeypatch.setattr(crypto, "SCRYPT", {"name": "scrypt", "n": 16, "r": 1, "p": 1})


@pytest.fixture
def sealed(db_path: Path) -> Path:
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz", notes="Plays golf on Saturdays"))
        journal.encrypt(PASSPHRASE)
    return db_path


def opener(path: Path):
    return lambda passphrase: Journal(path, today=lambda: TODAY, passphrase=passphrase)


def message(app) -> str:
    return str(app.query_one("#unlock-message", Label).render())


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


async def settle(app, pilot) -> None:
    """Until the passphrase being tried has been answered on screen (the worker thread, then its message)."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_and_enter(app, pilot, passphrase: str) -> None:
    await pilot.press(*passphrase, "enter")
    await settle(app, pilot)


async def test_a_wrong_passphrase_is_said_and_the_right_one_opens_the_journal(sealed):
    before = folder_bytes(sealed.parent)
    app = UnlockApp(sealed, opener(sealed))
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#unlock-passphrase", Input)
        assert field.password and field.has_focus
        assert str(sealed) in str(app.query_one("#unlock-path").render())
        await type_and_enter(app, pilot, "Correct horse")
        assert message(app) == "Wrong passphrase: 2 tries left"
        assert field.value == "" and field.has_focus  # cleared for the next try
        assert folder_bytes(sealed.parent) == before  # a wrong try reads nothing and writes nothing
        await type_and_enter(app, pilot, "correct hors")
        assert message(app) == "Wrong passphrase: 1 try left"
        await type_and_enter(app, pilot, PASSPHRASE)
    journal = app.return_value
    assert isinstance(journal, Journal) and journal.encrypted
    assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
    journal.close()
    assert app.error is None
    assert folder_bytes(sealed.parent) == before


async def test_three_wrong_passphrases_end_it_with_nothing_opened_or_written(sealed):
    before = folder_bytes(sealed.parent)
    app = UnlockApp(sealed, opener(sealed))
    async with app.run_test(size=SIZE) as pilot:
        for guess in ("one", "two", "three"):
            await type_and_enter(app, pilot, guess)
        assert message(app) == "Wrong passphrase 3 times: nothing was read or changed"
    assert app.return_value is None
    # For the command line to say in one line once the terminal is back.
    assert isinstance(app.error, WrongPassphrase)
    assert str(app.error) == f"wrong passphrase 3 times for {sealed}; nothing was read or changed"
    assert folder_bytes(sealed.parent) == before


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_escape_quits_without_opening_and_enter_on_nothing_is_not_a_try(sealed, key):
    app = UnlockApp(sealed, opener(sealed))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        assert message(app) == "Type the passphrase, then enter"
        assert app.tries_left == 3
        await pilot.press(*"half typed", key)
        await pilot.pause()
    assert app.return_value is None and app.error is None


async def test_the_dialog_answers_keys_while_a_passphrase_is_tried_and_escape_then_closes_what_opened(sealed):
    """The key derivation runs off the UI thread: "Unlocking…" shows, and escape is heard before it is done."""
    release = threading.Event()
    opened: list[Journal] = []
    closed: list[Journal] = []

    def slow_open(passphrase: str) -> Journal:
        release.wait(10)
        journal = Journal(sealed, today=lambda: TODAY, passphrase=passphrase)
        opened.append(journal)
        close = journal.close
        journal.close = lambda: (closed.append(journal), close())  # type: ignore[method-assign]
        return journal

    app = UnlockApp(sealed, slow_open)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await pilot.pause()
        assert message(app) == "Unlocking…"
        await pilot.press("enter")  # a second enter while trying is not a second try
        await pilot.press("escape")
        await pilot.pause()
        release.set()
    # As App.run does through asyncio.run: wait for the worker's thread, which outlives the app it was cancelled in.
    await asyncio.get_running_loop().shutdown_default_executor()
    app.close_unclaimed()
    assert app.return_value is None
    assert len(opened) == 1 and closed == opened


async def test_a_damaged_file_ends_the_dialog_with_its_error_for_the_command_line(sealed):
    raw = bytearray(sealed.read_bytes())
    raw[-5] ^= 0x01  # one bit of the sealed data
    sealed.write_bytes(bytes(raw))
    app = UnlockApp(sealed, opener(sealed))
    async with app.run_test(size=SIZE) as pilot:
        await type_and_enter(app, pilot, PASSPHRASE)
    assert app.return_value is None
    assert isinstance(app.error, JournalDamaged) and str(sealed) in str(app.error)
    assert sealed.read_bytes() == bytes(raw)



async def test_a_bug_while_opening_ends_the_dialog_and_is_handed_to_the_caller(sealed):
    """Not a traceback over the terminal: the caller raises it again and cli.py writes its crash log."""
    def broken_open(passphrase: str) -> Journal:
        raise RuntimeError("a bug in opening")

    app = UnlockApp(sealed, broken_open)
    async with app.run_test(size=SIZE) as pilot:
        await type_and_enter(app, pilot, PASSPHRASE)
    assert app.return_value is None
    assert isinstance(app.error, RuntimeError) and str(app.error) == "a bug in opening"

async def test_a_path_with_control_characters_is_shown_with_them_visible(tmp_path):
    hostile = tmp_path / "jour\x1b[2Jnal.json"
    with Journal(hostile, today=lambda: TODAY) as journal:
        journal.encrypt(PASSPHRASE)
    app = UnlockApp(hostile, opener(hostile))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = str(app.query_one("#unlock-path").render())
        assert "\x1b" not in shown and "jour␛[2Jnal.json" in shown


@pytest.mark.parametrize("theme", ["netjournal-dusk", "netjournal-paper"])
def test_unlock_screen_snapshot(snap_compare, sealed, monkeypatch, theme):
    """The dialog after one wrong try, in one dark and one light theme (see test_snapshots.py for the rules)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = UnlockApp(sealed, opener(sealed), theme_name=theme, shown_path="~/journal.json")

    async def one_wrong_try(pilot) -> None:
        app.query_one("#unlock-passphrase", Input).cursor_blink = False
        await type_and_enter(app, pilot, "not it")

    assert snap_compare(app, terminal_size=SIZE, run_before=one_wrong_try)


async def test_the_header_says_the_journal_is_encrypted_and_follows_a_decrypt_elsewhere(sealed):
    from netjournal.tui.app import NetJournalApp

    app = NetJournalApp(Journal(sealed, today=lambda: TODAY, passphrase=PASSPHRASE))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.sub_title == f"{sealed} · encrypted"
        with Journal(sealed, today=lambda: TODAY, passphrase=PASSPHRASE) as elsewhere:  # `netjournal decrypt`
            elsewhere.decrypt()
        app.check_for_changes()
        await pilot.pause()
        assert app.sub_title == str(sealed)
    assert not crypto.file_is_sealed(sealed)


# --- in a real terminal ---------------------------------------------------------------------------------------------

OPEN_IN_A_TERMINAL = """
import sys
from pathlib import Path
from netjournal.core.errors import JournalError
from netjournal.core.journal import Journal
from netjournal.tui.unlock import ask_passphrase_and_open

path = Path(sys.argv[1])
try:
    journal = ask_passphrase_and_open(path, lambda passphrase: Journal(path, passphrase=passphrase))
except JournalError as error:
    print("refused:", error)
    sys.exit(1)
if journal is None:
    print("quit")
    sys.exit(0)
print("opened:", ", ".join(c.name for c in journal.contacts()))
journal.close()
"""


def in_a_terminal(path: Path, typed: list[tuple[bytes, bytes]]) -> tuple[int, str, bytes]:
    """ask_passphrase_and_open in a pseudo-terminal, as cli.py calls it: each (bytes to wait for on the screen,
    keys to type); then the exit code, the text printed after the app gave the terminal back, and all it drew."""
    import os
    import re
    import pty
    import select
    import sys
    import time

    from .conftest import REPO

    pid, fd = pty.fork()
    if pid == 0:  # the child: a fresh Python on the terminal
        os.chdir(REPO)
        os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        os.execv(sys.executable, [sys.executable, "-c", OPEN_IN_A_TERMINAL, str(path)])
    screen = b""

    def read_until(needle: bytes, seconds: float = 20) -> None:
        nonlocal screen
        deadline = time.monotonic() + seconds
        while needle not in screen and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    screen += os.read(fd, 65536)
                except OSError:  # the child closed the terminal
                    return

    for wait_for, keys in typed:
        read_until(wait_for)
        assert wait_for in screen, screen[-2000:]
        os.write(fd, keys)
    read_until(b"\x00never")  # to the end
    _, status = os.waitpid(pid, 0)
    after = screen.rpartition(b"\x1b[?1049l")[2]  # what follows Textual leaving the alternate screen
    after = re.sub(rb"\x1b\[\??[0-9;]*[a-zA-Z]", b"", after)  # the terminal modes it turns back off
    return os.waitstatus_to_exitcode(status), after.decode("utf-8", "replace").strip(), screen


def test_in_a_terminal_a_wrong_then_the_right_passphrase_opens_it(sealed):
    before = sealed.read_bytes()
    code, printed, screen = in_a_terminal(sealed, [(b"enter unlocks", b"Tr0ub4dor\r"),
                                                   (b"2 tries left", PASSPHRASE.encode() + b"\r")])
    assert (code, printed) == (0, "opened: Ana Ruiz")
    assert PASSPHRASE.encode() not in screen and b"Tr0ub4dor" not in screen  # typed as dots
    assert sealed.read_bytes() == before


def test_in_a_terminal_three_wrong_passphrases_are_one_line_after_the_app(sealed):
    before = sealed.read_bytes()
    code, printed, _ = in_a_terminal(sealed, [(b"enter unlocks", b"one\r"), (b"2 tries left", b"two\r"),
                                              (b"1 try left", b"three\r")])
    assert (code, printed) == (1, f"refused: wrong passphrase 3 times for {sealed}; nothing was read or changed")
    assert sealed.read_bytes() == before


@pytest.mark.parametrize("config, remembered, given, expected", [
    ("", None, None, "netjournal-dusk"),  # ours
    ("theme: netjournal-paper\n", None, None, "netjournal-paper"),  # config.yaml's
    ("theme: netjournal-paper\n", "netjournal-dusk", None, "netjournal-dusk"),  # the one last chosen with t
    ("theme: netjournal-dusk\n", "netjournal-dusk", "netjournal-paper", "netjournal-paper"),  # --theme
])
def test_the_dialog_has_the_look_the_journal_will_open_in(sealed, private_settings, config, remembered, given,
                                                          expected):
    import json

    from netjournal.settings.config import load_config
    from netjournal.tui.app import NetJournalApp

    (private_settings / "config.yaml").write_text(config)
    if remembered:
        (private_settings / "ui-state.json").write_text(json.dumps({"theme": remembered}))
    assert UnlockApp(sealed, opener(sealed), theme_name=given).theme == expected
    journal = Journal(sealed, passphrase=PASSPHRASE)  # and the app it opens in chooses the same
    assert NetJournalApp(journal, theme_name=given, config=load_config()[0]).theme == expected
    journal.close()


# --- encrypted anew by another netjournal while the app has it open ------------------------------------------------


def encrypted_anew_elsewhere(path: Path, passphrase: str) -> None:
    """Another netjournal decrypts the journal and encrypts it again under another passphrase: a new data key."""
    with Journal(path, today=lambda: TODAY, passphrase=PASSPHRASE) as elsewhere:
        elsewhere.decrypt()
        elsewhere.encrypt(passphrase)


async def test_a_form_refused_because_the_journal_was_encrypted_anew_saves_once_its_new_passphrase_is_given(
        sealed, monkeypatch):
    from netjournal.tui.app import NetJournalApp
    from netjournal.tui.forms.contact_form import ContactForm
    from netjournal.tui.forms.unlock_again import UnlockAgainScreen
    from netjournal.tui.screens.main import MainScreen

    monkeypatch.setattr("netjournal.tui.app.POLL_SECONDS", 3600)  # the form's save meets it first, not the poll
    app = NetJournalApp(Journal(sealed, today=lambda: TODAY, passphrase=PASSPHRASE))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("a", *"Dev Patel")
        encrypted_anew_elsewhere(sealed, "a new passphrase")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, UnlockAgainScreen)
        assert "encrypted again, with another passphrase" in str(app.screen.query_one(".question").render())
        await type_and_enter(app, pilot, "the old one")
        assert "Wrong passphrase: 2 tries left" in str(app.screen.query_one("#unlock-again-message").render())
        await type_and_enter(app, pilot, "a new passphrase")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # the form saved and closed
    raw = sealed.read_bytes()
    assert crypto.is_sealed(raw) and b"Dev Patel" not in raw
    with Journal(sealed, today=lambda: TODAY, passphrase="a new passphrase") as journal:
        assert {c.name for c in journal.contacts()} == {"Ana Ruiz", "Dev Patel"}


async def test_escape_leaves_the_form_open_with_the_reason_and_nothing_saved(sealed, monkeypatch):
    from netjournal.tui.app import NetJournalApp
    from netjournal.tui.forms.contact_form import ContactForm

    monkeypatch.setattr("netjournal.tui.app.POLL_SECONDS", 3600)
    app = NetJournalApp(Journal(sealed, today=lambda: TODAY, passphrase=PASSPHRASE))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"Dev Patel")
        encrypted_anew_elsewhere(sealed, "a new passphrase")
        before = sealed.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#field-name", Input).value == "Dev Patel"  # nothing typed is lost
    assert sealed.read_bytes() == before


async def test_the_poll_offers_to_unlock_again_and_the_views_carry_on(sealed, monkeypatch):
    from netjournal.tui.app import NetJournalApp
    from netjournal.tui.forms.unlock_again import UnlockAgainScreen

    app = NetJournalApp(Journal(sealed, today=lambda: TODAY, passphrase=PASSPHRASE))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        encrypted_anew_elsewhere(sealed, "a new passphrase")
        with Journal(sealed, today=lambda: TODAY, passphrase="a new passphrase") as elsewhere:
            elsewhere.add_contact(Contact(name="Cleo Park"))
        app.check_for_changes()
        await pilot.pause()
        assert isinstance(app.screen, UnlockAgainScreen)
        app.check_for_changes()  # the next poll does not stack a second dialog
        await pilot.pause()
        assert sum(isinstance(s, UnlockAgainScreen) for s in app.screen_stack) == 1
        await type_and_enter(app, pilot, "a new passphrase")
        await pilot.pause()
        assert not isinstance(app.screen, UnlockAgainScreen)
        assert "Cleo Park" in {c.name for c in app.journal.contacts()}
        assert "Unlocked again: carrying on" in [n.message for n in app._notifications]
