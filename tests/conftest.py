from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from netjournal.core import file_layout
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction

TODAY = date(2026, 11, 25)  # a Wednesday in ISO week 2026-W48
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.json"


@pytest.fixture
def journal(db_path: Path) -> Journal:
    with Journal(db_path, today=lambda: TODAY) as opened:
        yield opened


@pytest.fixture
def ana(journal: Journal) -> Contact:
    return journal.add_contact(Contact(name="Ana Ruiz", org="Harbour Health", tags=["running"],
                                       notes="Plays golf on Saturdays", cadence_days=14))


def log(journal: Journal, who: list[Contact], day: str, **fields) -> Interaction:
    return journal.log_interaction(Interaction(date=day, with_=[c.id for c in who], **fields))


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60,
            input: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed command line as a person would, in a separate process (`input`: its standard input)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "netjournal", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, input=input)


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory, monkeypatch):
    """Tests never read the user's real config, prompts or journal, nor write crash logs beside theirs."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("NETJOURNAL_CONFIG", str(folder / "config.yaml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(folder / "state"))  # crash logs (netjournal.common.crash)
    monkeypatch.delenv("NETJOURNAL_DB", raising=False)
    # --remember never touches the real OS keyring: a file-backed fake one (tests/fake_keyring.py)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.fake_keyring.FileKeyring")
    monkeypatch.setenv("NETJOURNAL_TEST_KEYRING", str(folder / "keyring.json"))
    monkeypatch.delenv("NETJOURNAL_PASSPHRASE_CMD", raising=False)
    # Records say which device wrote them: one fixed name, not a file made in every test's state folder
    # (tests/test_sync_stamps.py unsets it to test that file).
    monkeypatch.setenv("NETJOURNAL_DEVICE", "this-device")
    from netjournal.common import crash

    monkeypatch.setattr(crash, "_messages_left_out", False)  # set for the process once an encrypted journal opens
    return folder


@pytest.fixture(autouse=True)
def saves_checked(monkeypatch):
    """Every save in every test (and every command line it starts) is compared byte for byte with orjson.dumps of
    the data, so a save that reuses the previous file's bytes can never write something else unnoticed."""
    monkeypatch.setenv(file_layout.CHECK_SAVES_VARIABLE, "1")
    file_layout.mismatches.clear()
    yield
    assert not file_layout.mismatches, file_layout.mismatches


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch):
    """Every test, and every command line it starts, lives on TODAY: no test depends on the day it runs."""
    monkeypatch.setenv("NETJOURNAL_TODAY", TODAY.isoformat())
    return TODAY
