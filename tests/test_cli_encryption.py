"""The command line of an encrypted journal: encrypt, decrypt, passphrase, unlocking every command (a passphrase
command, a prompt on a terminal), check telling a wrong passphrase from damage, and exports kept encrypted.

Journals made here in-process use tiny key-derivation settings (the header names them, so a command line started
by a test unlocks them quickly too); `encrypt` and `passphrase` run as a process use the real ones (~0.3 s each)."""

from __future__ import annotations

import json
import io
import os
import pty
import re
import select
import shlex
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from netjournal.cli import EXIT_DAMAGED, EXIT_ERROR, EXIT_USAGE, EXIT_WRONG_PASSPHRASE, main
from netjournal.core import crypto
from netjournal.core.crypto import WrongPassphrase
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction

from .conftest import TODAY, run_cli

PASSPHRASE = "correct horse battery"
NAME = b"Ana Ruiz"
QUICK_ARGON2ID = {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1}


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    monkeypatch.setattr(crypto, "ARGON2ID", dict(QUICK_ARGON2ID))
    monkeypatch.setattr(crypto, "SCRYPT", {"name": "scrypt", "n": 16, "r": 1, "p": 1})


@pytest.fixture(autouse=True)
def no_passphrase_command(monkeypatch):
    monkeypatch.delenv("NETJOURNAL_PASSPHRASE_CMD", raising=False)


def printing(text: str) -> str:
    """A NETJOURNAL_PASSPHRASE_CMD that prints `text` (no shell involved)."""
    return shlex.join([sys.executable, "-c", f"print({text!r})"])


def unlocking_with(text: str) -> dict[str, str]:
    return {"NETJOURNAL_PASSPHRASE_CMD": printing(text)}


def plain_journal(db_path: Path) -> None:
    """Ana added yesterday and a conversation today, so that today's backup (the file as it was yesterday) holds
    her name too."""
    with Journal(db_path, today=lambda: TODAY - timedelta(days=1)) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz", notes="Plays golf on Saturdays"))
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="her daughter's first race"))


def sealed_journal(db_path: Path, recovery: bool = False) -> str | None:
    plain_journal(db_path)
    with Journal(db_path, today=lambda: TODAY) as journal:
        recovery_text, _ = journal.encrypt(PASSPHRASE, recovery=recovery)
    return recovery_text


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def files_holding(folder: Path, needle: bytes) -> list[str]:
    return [name for name, raw in folder_bytes(folder).items() if needle in raw]


def journal_files(folder: Path) -> dict[str, bytes]:
    """The journal, its backups and conflict copies (not the empty lock file)."""
    return {name: raw for name, raw in folder_bytes(folder).items() if not name.endswith(".lock")}


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def cli(capsys, db_path: Path, *args: str, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def in_a_terminal(args: list[str], answers: list[str], env: dict[str, str] | None = None,
                  keys_when_shown: tuple[bytes, bytes] | list[tuple[bytes, bytes]] | None = None) -> tuple[int, str]:
    """Run netjournal on a pseudo-terminal of its own (a new session: it cannot reach the terminal running the
    tests) and type each answer once its prompt is shown; returns the exit code and everything shown."""
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "netjournal", *args], stdin=follower, stdout=follower,
                             stderr=follower, env={**os.environ, "TERM": "xterm-256color", **(env or {})},
                             start_new_session=True, close_fds=True)
    os.close(follower)
    shown, answered = b"", 0
    # (what to wait for, the keys to press then), in order; each pressed once its text is shown
    presses = [keys_when_shown] if isinstance(keys_when_shown, tuple) else list(keys_when_shown or [])
    prompt = re.compile(rb"(Passphrase for [^\n]*?: |New passphrase: |The same again: |Recovery key for [^\n]*?: )")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
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
        if answered < len(answers) and len(prompt.findall(shown)) > answered:
            os.write(leader, answers[answered].encode() + b"\n")
            answered += 1
        if presses and presses[0][0] in shown:
            os.write(leader, presses.pop(0)[1])
    os.close(leader)
    return child.wait(timeout=30), shown.decode("utf-8", "replace")


# --- encrypt, then every command unlocks -------------------------------------------------------------------

def test_encrypt_from_standard_input_seals_every_file_and_commands_unlock_with_the_passphrase_command(db_path):
    plain_journal(db_path)
    folder = db_path.parent
    assert files_holding(folder, NAME) == [db_path.name, db_path.name + ".bak-20261125"]

    done = run_cli("--db", str(db_path), "encrypt", "--recovery-key", input=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == (f"Encrypted {db_path}: AES-256-GCM, key from argon2id (64 MiB, 4 passes, 4 lanes), "
                        "and a recovery key")
    assert lines[1] == "2 backups encrypted too"
    assert lines[2].startswith("Recovery key (shown only this once")
    recovery_text = lines[3].strip()
    assert re.fullmatch(r"([A-Z2-7]+-){7}[A-Z2-7]+", recovery_text)
    assert lines[4] == "Store it apart from this computer: on paper, or in a password manager on another device."
    assert files_holding(folder, NAME) == [] and files_holding(folder, b"golf") == []
    assert all(crypto.is_sealed(raw) for raw in journal_files(folder).values())
    assert crypto.unlock_with_recovery(db_path.read_bytes(), recovery_text).open(db_path.read_bytes()).count(NAME) == 1

    added = run_cli("--db", str(db_path), "add", "Ben Okafor", env=unlocking_with(PASSPHRASE), input="")
    assert (added.returncode, added.stdout, added.stderr) == (0, "Added Ben Okafor\n", "")
    listed = run_cli("--db", str(db_path), "list", env=unlocking_with(PASSPHRASE), input="")
    assert listed.returncode == 0, listed.stderr
    assert "Ana Ruiz" in listed.stdout and "Ben Okafor" in listed.stdout
    assert files_holding(folder, b"Ben Okafor") == [] and crypto.file_is_sealed(db_path)


def test_an_encrypted_journal_without_a_way_to_give_the_passphrase_says_how(capsys, db_path, monkeypatch):
    sealed_journal(db_path)
    before = folder_bytes(db_path.parent)
    code, out, err = cli(capsys, db_path, "list", stdin=b"", monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_ERROR, "")
    assert one_line(err) == (f"netjournal: {db_path} is encrypted: give its passphrase (set "
                             "NETJOURNAL_PASSPHRASE_CMD, for example `pass show netjournal`, or run netjournal in a "
                             "terminal to be asked)")
    assert folder_bytes(db_path.parent) == before


def test_a_wrong_passphrase_from_the_command_is_one_line_and_nothing_changes(db_path):
    sealed_journal(db_path)
    before = folder_bytes(db_path.parent)
    done = run_cli("--db", str(db_path), "add", "Ben Okafor", env=unlocking_with("Correct horse battery"), input="")
    assert (done.returncode, done.stdout) == (EXIT_ERROR, "")
    assert one_line(done.stderr) == f"netjournal: wrong passphrase for {db_path}; nothing was read or changed"
    assert folder_bytes(db_path.parent) == before


@pytest.mark.parametrize("command, said", [
    ([sys.executable, "-c", "import sys; sys.exit(3)"], "failed (exit 3)"),
    (["netjournal-no-such-program-here", "show"], "netjournal-no-such-program-here: command not found"),
    ([sys.executable, "-c", "print()"], "printed no passphrase (its first line is empty)"),
])
def test_a_passphrase_command_that_fails_is_one_line_naming_the_variable(capsys, db_path, monkeypatch, command,
                                                                          said):
    sealed_journal(db_path)
    before = folder_bytes(db_path.parent)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", shlex.join(command))
    code, out, err = cli(capsys, db_path, "log", "a call", "--with", "Ana", stdin=b"", monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_ERROR, "")
    line = one_line(err)
    assert line.startswith("netjournal: NETJOURNAL_PASSPHRASE_CMD: ") and said in line
    assert line.endswith("nothing was changed")
    assert folder_bytes(db_path.parent) == before


def test_the_passphrase_command_is_not_run_for_a_plain_journal(capsys, db_path, monkeypatch, tmp_path):
    plain_journal(db_path)
    ran = tmp_path / "ran"
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", shlex.join([sys.executable, "-c",
                                                                f"open({str(ran)!r}, 'w'); print('x')"]))
    code, out, _ = cli(capsys, db_path, "list", stdin=b"", monkeypatch=monkeypatch)
    assert code == 0 and "Ana Ruiz" in out
    assert not ran.exists()


# --- a terminal: the prompt, three tries -------------------------------------------------------------------

def test_on_a_terminal_the_passphrase_is_asked_with_three_tries(db_path):
    sealed_journal(db_path)
    before = folder_bytes(db_path.parent)
    code, shown = in_a_terminal(["--db", str(db_path), "list"], ["wrong one", "wrong two", PASSPHRASE])
    assert code == 0, shown
    assert shown.count(f"Passphrase for {db_path}: ") == 3
    assert "netjournal: wrong passphrase, 2 tries left" in shown
    assert "netjournal: wrong passphrase, 1 try left" in shown
    assert "Ana Ruiz" in shown and PASSPHRASE not in shown and "wrong one" not in shown  # nothing echoed
    assert "Traceback" not in shown

    code, shown = in_a_terminal(["--db", str(db_path), "add", "Ben Okafor"], ["one", "two", "three"])
    assert code == EXIT_ERROR
    assert shown.rstrip().endswith(f"netjournal: wrong passphrase for {db_path}, 3 times; nothing was read or "
                                   "changed")
    assert folder_bytes(db_path.parent) == before


def test_encrypt_on_a_terminal_asks_twice_and_refuses_two_that_differ(db_path):
    plain_journal(db_path)
    before = folder_bytes(db_path.parent)
    code, shown = in_a_terminal(["--db", str(db_path), "encrypt"], ["first words here", "other words here"])
    assert code == EXIT_USAGE
    assert shown.rstrip().endswith("netjournal: the two passphrases differ; nothing was changed")
    assert folder_bytes(db_path.parent) == before

    code, shown = in_a_terminal(["--db", str(db_path), "encrypt"], ["short", "short"])
    assert code == 0, shown
    assert "netjournal: warning: a passphrase of 5 characters can be guessed by anyone who gets a copy" in shown
    assert f"Encrypted {db_path}" in shown and "short" not in shown  # the passphrase was not echoed
    assert files_holding(db_path.parent, NAME) == []
    with Journal(db_path, passphrase="short") as journal:
        assert [c.name for c in journal.everyone()] == ["Ana Ruiz"]


# --- encrypt refused, decrypt, passphrase --------------------------------------------------------------------

def test_encrypting_an_encrypted_journal_or_with_no_passphrase_is_refused(capsys, db_path, monkeypatch):
    sealed_journal(db_path)
    before = folder_bytes(db_path.parent)
    code, out, err = cli(capsys, db_path, "encrypt", stdin=b"another one\n", monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_USAGE, "")
    assert one_line(err) == (f"netjournal: {db_path} is encrypted already; nothing was changed (`netjournal "
                             "passphrase` changes its passphrase)")
    assert folder_bytes(db_path.parent) == before

    other = db_path.parent / "other.json"
    plain_journal(other)
    before = folder_bytes(db_path.parent)
    code, out, err = cli(capsys, other, "encrypt", stdin=b"\n", monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_USAGE, "")
    assert "no passphrase: standard input is not a terminal and its first line is empty" in one_line(err)
    assert folder_bytes(db_path.parent) == before


@pytest.mark.parametrize("command", ["decrypt", "passphrase"])
def test_decrypt_and_passphrase_on_a_plain_journal_are_refused(capsys, db_path, monkeypatch, command):
    plain_journal(db_path)
    before = folder_bytes(db_path.parent)
    code, out, err = cli(capsys, db_path, command, stdin=b"new words here\n", monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_USAGE, "")
    assert one_line(err).startswith(f"netjournal: {db_path} is not encrypted; nothing was changed")
    assert folder_bytes(db_path.parent) == before


def test_decrypt_makes_the_journal_and_its_backup_plain_json_again(db_path):
    sealed_journal(db_path)
    done = run_cli("--db", str(db_path), "decrypt", env=unlocking_with(PASSPHRASE), input="")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Decrypted {db_path}: it is plain JSON again, readable by anyone who can read the file",
        "2 backups made plain too"]
    files = journal_files(db_path.parent)
    assert sorted(files) == [db_path.name, db_path.name + ".bak-20261124", db_path.name + ".bak-20261125"]
    for raw in files.values():
        assert not crypto.is_sealed(raw)
        orjson.loads(raw)
    assert [c["name"] for c in orjson.loads(files[db_path.name])["contacts"].values()] == ["Ana Ruiz"]


def test_a_new_passphrase_replaces_the_old_and_the_recovery_key_still_opens(db_path):
    recovery_text = sealed_journal(db_path, recovery=True)
    assert recovery_text is not None
    done = run_cli("--db", str(db_path), "passphrase", env=unlocking_with(PASSPHRASE), input="a new passphrase\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Changed the passphrase of {db_path}; the recovery key still opens it", "2 backups changed too",
        "The key under it stays the same: if the old passphrase may be known to someone who also has an old copy "
        "of the file, run `netjournal decrypt`, then `netjournal encrypt`, for a new key."]
    for raw in journal_files(db_path.parent).values():
        with pytest.raises(WrongPassphrase):
            crypto.unlock(raw, PASSPHRASE)
        by_recovery = crypto.unlock_with_recovery(raw, recovery_text).open(raw)
        assert crypto.unlock(raw, "a new passphrase").open(raw) == by_recovery
    raw = db_path.read_bytes()
    assert NAME in crypto.unlock(raw, "a new passphrase").open(raw)


def test_a_lost_passphrase_is_replaced_with_the_recovery_key(capsys, db_path, monkeypatch):
    recovery_text = sealed_journal(db_path, recovery=True)
    assert recovery_text is not None
    before = folder_bytes(db_path.parent)
    wrong_key = crypto.format_recovery_key(bytes(32))
    code, out, err = cli(capsys, db_path, "passphrase", "--recovery", stdin=f"{wrong_key}\nnew words\n".encode(),
                         monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_ERROR, "")
    assert one_line(err) == f"netjournal: that recovery key does not open {db_path}; nothing was read or changed"
    assert folder_bytes(db_path.parent) == before

    typed = recovery_text.lower().replace("-", " ")  # as a person may copy it from paper
    code, out, err = cli(capsys, db_path, "passphrase", "--recovery", stdin=f"{typed}\nnew words here\n".encode(),
                         monkeypatch=monkeypatch)
    assert code == 0, err
    assert out.splitlines()[0] == f"Changed the passphrase of {db_path}; the recovery key still opens it"
    with Journal(db_path, passphrase="new words here") as journal:
        assert [c.name for c in journal.everyone()] == ["Ana Ruiz"]
    assert files_holding(db_path.parent, NAME) == []


def test_a_journal_opens_with_a_key_unlocked_already(db_path):
    recovery_text = sealed_journal(db_path, recovery=True)
    key = crypto.unlock_with_recovery(db_path.read_bytes(), recovery_text or "")
    with Journal(db_path, passphrase=key) as journal:
        assert journal.encrypted and [c.name for c in journal.everyone()] == ["Ana Ruiz"]
        journal.change_passphrase("after recovery")
    with Journal(db_path, passphrase="after recovery") as journal:
        assert [c.name for c in journal.everyone()] == ["Ana Ruiz"]
    other_key, _ = crypto.new_key("x")
    with pytest.raises(WrongPassphrase):
        Journal(db_path, passphrase=other_key)


# --- check -------------------------------------------------------------------------------------------------

def test_check_verifies_an_encrypted_journal_and_tells_a_wrong_passphrase_from_damage(capsys, db_path, monkeypatch):
    sealed_journal(db_path, recovery=True)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing(PASSPHRASE))
    code, out, err = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        f"{db_path}: ok",
        "  encrypted (AES-256-GCM, key from argon2id (64 KiB, 1 pass, 1 lane), and a recovery key): "
        "authentication verified"]

    before = folder_bytes(db_path.parent)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing("not it"))
    code, out, err = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
    assert (code, out) == (EXIT_WRONG_PASSPHRASE, "")
    assert one_line(err) == (f"netjournal: wrong passphrase for {db_path}; nothing was read or changed (the file "
                             "may be whole: it was not checked)")

    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing(PASSPHRASE))
    raw = db_path.read_bytes()
    for where, reason in ((len(raw) - 40, "its encrypted data does not verify"),
                          (raw.index(b'"key_id"') + 10, "its header was changed or damaged")):
        changed = bytearray(raw)
        changed[where] ^= 0x01
        db_path.write_bytes(bytes(changed))
        code, out, err = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
        assert code == EXIT_DAMAGED, (where, out, err)
        assert out.splitlines()[0] == f"{db_path}: DAMAGED"
        assert reason in out and "wrong passphrase" not in out + err
        assert db_path.read_bytes() == bytes(changed)
    db_path.write_bytes(raw)
    assert folder_bytes(db_path.parent) == before


def test_check_as_a_process_exits_4_for_a_wrong_passphrase(db_path):
    sealed_journal(db_path)
    done = run_cli("--db", str(db_path), "check", env=unlocking_with("not it"), input="")
    assert (done.returncode, done.stdout) == (EXIT_WRONG_PASSPHRASE, "")
    assert "wrong passphrase" in one_line(done.stderr)


def test_check_names_a_plain_backup_beside_an_encrypted_journal(capsys, db_path, monkeypatch):
    plain_journal(db_path)
    backup = db_path.parent / (db_path.name + ".bak-20261125")
    plain_backup = backup.read_bytes()
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.encrypt(PASSPHRASE)
    backup.write_bytes(plain_backup)  # copied back by hand
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing(PASSPHRASE))
    code, out, _ = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[0] == f"{db_path}: 1 problem"
    assert f"  problem: {backup} is not encrypted, beside an encrypted journal" in out


# --- export ------------------------------------------------------------------------------------------------

def test_an_export_of_an_encrypted_journal_is_encrypted_unless_plain_is_asked(capsys, db_path, monkeypatch,
                                                                              tmp_path):
    sealed_journal(db_path)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing(PASSPHRASE))
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    code, out, err = cli(capsys, db_path, "export", "-o", str(target), stdin=b"", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    assert err == f"Exported {target} (encrypted with the journal's passphrase; `netjournal unseal` reads it)\n"
    sealed = target.read_bytes()
    assert crypto.is_sealed(sealed) and NAME not in sealed
    exported = orjson.loads(crypto.unlock(sealed, PASSPHRASE).open(sealed))
    assert [c["name"] for c in exported["contacts"]] == ["Ana Ruiz"]

    code, out, err = cli(capsys, db_path, "export", "--format", "markdown", "--plain", stdin=b"",
                         monkeypatch=monkeypatch)
    assert code == 0
    assert "Ana Ruiz" in out
    assert one_line(err) == ("netjournal: warning: --plain: this export is not encrypted; anyone who can read it can "
                             "read your journal")


def test_an_encrypted_export_is_not_sent_to_a_terminal(capsys, db_path, monkeypatch):
    sealed_journal(db_path)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing(PASSPHRASE))
    leader, follower = pty.openpty()
    with open(follower, "w") as terminal:  # standard output is a terminal; stdin is not
        monkeypatch.setattr(sys, "stdout", terminal)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
        code = main(["--db", str(db_path), "export"])
        terminal.flush()
        ready, _, _ = select.select([leader], [], [], 0.2)
        shown = os.read(leader, 65536) if ready else b""
    os.close(leader)
    err = capsys.readouterr().err
    assert code == EXIT_USAGE and shown == b""
    assert one_line(err) == ("netjournal: export: nothing written: the journal is encrypted, so its export is too "
                             "(binary), and standard output is a terminal; use -o FILE, or --plain for a readable "
                             "export")


# --- the app -----------------------------------------------------------------------------------------------

def test_the_app_is_unlocked_with_the_passphrase_command(db_path):
    sealed_journal(db_path)
    before = folder_bytes(db_path.parent)
    done = run_cli("--db", str(db_path), env=unlocking_with("not it"), input="")
    assert (done.returncode, done.stdout) == (EXIT_ERROR, "")
    assert one_line(done.stderr) == f"netjournal: wrong passphrase for {db_path}; nothing was read or changed"
    assert folder_bytes(db_path.parent) == before

    code, shown = in_a_terminal(["--db", str(db_path)], [], env=unlocking_with(PASSPHRASE),
                                keys_when_shown=(b"Ana Ruiz", b"q"))
    assert code == 0, shown
    assert "Ana Ruiz" in shown and "Passphrase for" not in shown


def test_the_app_asks_for_the_passphrase_in_a_dialog_and_remembers_it_when_asked(db_path):
    sealed_journal(db_path)
    code, shown = in_a_terminal(["--db", str(db_path), "--remember"], [], keys_when_shown=[
        (b"This journal is encrypted", b"not it\r"), (b"2 tries left", PASSPHRASE.encode() + b"\r"),
        (b"Ana Ruiz", b"q")])
    assert code == 0, shown
    assert "Wrong passphrase: 2 tries left" in shown and PASSPHRASE not in shown and "not it" not in shown
    assert keyring_file() == {f"netjournal\n{db_path}": PASSPHRASE}
    code, shown = in_a_terminal(["--db", str(db_path)], [], keys_when_shown=(b"Ana Ruiz", b"q"))
    assert code == 0 and "This journal is encrypted" not in shown  # the keyring opened it


def test_the_app_with_no_terminal_and_no_passphrase_command_says_how_to_give_one(db_path):
    sealed_journal(db_path)
    done = run_cli("--db", str(db_path), input="")
    assert done.returncode == EXIT_ERROR
    assert "is encrypted: give its passphrase" in one_line(done.stderr)


def test_help_lists_the_encryption_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("encrypt", "decrypt", "passphrase"):
        assert re.search(rf"^\s+{command}\s+\S", out, re.MULTILINE), command
    with pytest.raises(SystemExit):
        main(["encrypt", "--help"])
    assert "pass show netjournal | netjournal encrypt" in " ".join(capsys.readouterr().out.split())


# --- --remember: the OS keyring, only when asked (tests/fake_keyring.py stands in for it) -----------------------

def keyring_file() -> dict[str, str]:
    path = Path(os.environ["NETJOURNAL_TEST_KEYRING"])
    return json.loads(path.read_text()) if path.exists() else {}


def test_remember_keeps_the_passphrase_in_the_keyring_only_when_asked(db_path):
    sealed_journal(db_path)
    code, shown = in_a_terminal(["--db", str(db_path), "list"], [PASSPHRASE])
    assert code == 0 and "Ana Ruiz" in shown
    assert keyring_file() == {}  # not asked: nothing kept

    code, shown = in_a_terminal(["--db", str(db_path), "--remember", "list"], [PASSPHRASE])
    assert code == 0 and "kept in the OS keyring (FileKeyring)" in shown
    assert keyring_file() == {f"netjournal\n{db_path}": PASSPHRASE}

    code, shown = in_a_terminal(["--db", str(db_path), "list"], [])  # no prompt: the keyring opens it
    assert code == 0 and "Ana Ruiz" in shown and "Passphrase for" not in shown

    code, shown = in_a_terminal(["--db", str(db_path), "forget-passphrase"], [])
    assert code == 0 and "removed from the OS keyring" in shown and keyring_file() == {}


def test_a_kept_passphrase_that_no_longer_opens_is_asked_for_and_kept_anew(db_path):
    sealed_journal(db_path)
    Path(os.environ["NETJOURNAL_TEST_KEYRING"]).write_text(json.dumps({f"netjournal\n{db_path}": "an old one"}))
    code, shown = in_a_terminal(["--db", str(db_path), "list"], [PASSPHRASE])
    assert code == 0 and "Ana Ruiz" in shown
    assert f"the passphrase kept in the OS keyring no longer opens {db_path}" in shown
    assert keyring_file() == {f"netjournal\n{db_path}": PASSPHRASE}


def test_decrypt_removes_the_kept_passphrase_and_a_new_passphrase_replaces_it(db_path):
    sealed_journal(db_path)
    Path(os.environ["NETJOURNAL_TEST_KEYRING"]).write_text(json.dumps({f"netjournal\n{db_path}": PASSPHRASE}))
    done = run_cli("--db", str(db_path), "passphrase", input="battery staple horse\n")
    assert done.returncode == 0, done.stderr
    assert keyring_file() == {f"netjournal\n{db_path}": "battery staple horse"}
    done = run_cli("--db", str(db_path), "decrypt")  # unlocked by the keyring: no command, no terminal
    assert done.returncode == 0, done.stderr
    assert "removed from the OS keyring" in done.stdout and keyring_file() == {}


# --- found by an adversarial review ------------------------------------------------------------------------

def test_an_encrypted_export_is_read_back_with_unseal(db_path, tmp_path):
    sealed_journal(db_path)
    export = tmp_path / "out" / "week.md"
    export.parent.mkdir()
    done = run_cli("--db", str(db_path), "export", "--format", "markdown", "-o", str(export),
                   env=unlocking_with(PASSPHRASE))
    assert done.returncode == 0 and "`netjournal unseal` reads it" in done.stderr
    assert b"Ana Ruiz" not in export.read_bytes()
    done = run_cli("unseal", str(export), env=unlocking_with(PASSPHRASE))
    assert done.returncode == 0, done.stderr
    assert "Ana Ruiz" in done.stdout
    plain = tmp_path / "out" / "week-plain.md"
    done = run_cli("unseal", str(export), "-o", str(plain), env=unlocking_with("not it"))
    assert done.returncode == EXIT_ERROR and not plain.exists()
    assert one_line(done.stderr) == f"netjournal: wrong passphrase for {export}; nothing was written"
    done = run_cli("unseal", str(db_path.with_name("nothing.json")))
    assert done.returncode != 0 and "cannot read" in one_line(done.stderr)


def test_a_passphrase_command_that_never_stops_printing_is_read_to_its_first_line_only(db_path):
    sealed_journal(db_path)
    endless = shlex.join([sys.executable, "-c", f"import sys\nwhile True: sys.stdout.write({PASSPHRASE!r} + '\\n')"])
    started = time.monotonic()
    done = run_cli("--db", str(db_path), "list", env={"NETJOURNAL_PASSPHRASE_CMD": endless})
    assert done.returncode == 0, done.stderr
    assert "Ana Ruiz" in done.stdout and time.monotonic() - started < 30


def test_encrypt_again_finishes_the_backups_an_interrupted_encrypt_left_plain(db_path):
    plain_journal(db_path)
    backup = db_path.with_name("journal.json.bak-20261120")
    backup.write_bytes(db_path.read_bytes())
    with Journal(db_path, today=lambda: TODAY) as journal:  # as if killed between the journal and its backups
        journal._set_key(crypto.new_key(PASSPHRASE)[0])
    assert not crypto.file_is_sealed(backup)
    done = run_cli("--db", str(db_path), "list", env=unlocking_with(PASSPHRASE))
    assert "are not encrypted" in done.stderr and "Run `netjournal encrypt` to encrypt them" in done.stderr
    done = run_cli("--db", str(db_path), "encrypt", env=unlocking_with(PASSPHRASE), input="")
    assert done.returncode == 0, done.stderr
    assert "encrypted already; " in done.stdout and "beside it encrypted now" in done.stdout
    assert crypto.file_is_sealed(backup) and files_holding(db_path.parent, b"Ana Ruiz") == []
    done = run_cli("--db", str(db_path), "encrypt", env=unlocking_with(PASSPHRASE), input="")
    assert done.returncode == 2 and "encrypted already" in one_line(done.stderr)


def test_check_names_backups_an_interrupted_passphrase_change_or_decrypt_left_behind(capsys, db_path, monkeypatch):
    """A passphrase change or a decrypt killed between the journal and its backups leaves backups the journal's
    passphrase does not open, or encrypted beside a plain journal: check names each, and what to do."""
    sealed_journal(db_path)
    backup = db_path.parent / (db_path.name + ".bak-20261125")
    under_the_old_passphrase = backup.read_bytes()
    with Journal(db_path, today=lambda: TODAY, passphrase=PASSPHRASE) as journal:
        journal.change_passphrase("a new passphrase")
    backup.write_bytes(under_the_old_passphrase)  # as if killed before the backup was rewritten
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE_CMD", printing("a new passphrase"))
    code, out, _ = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
    assert code == 1 and out.splitlines()[0] == f"{db_path}: 1 problem"
    assert f"  problem: {backup} opens only with an earlier passphrase" in out

    done = run_cli("--db", str(db_path), "passphrase", env=unlocking_with("a new passphrase"),
                   input="a new passphrase\na new passphrase\n")
    assert done.returncode == 0, done.stderr
    code, out, _ = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
    assert code == 0 and out.splitlines()[0] == f"{db_path}: ok"

    still_sealed = backup.read_bytes()
    with Journal(db_path, today=lambda: TODAY, passphrase="a new passphrase") as journal:
        journal.decrypt()
    backup.write_bytes(still_sealed)  # as if killed before the backup was made plain
    code, out, _ = cli(capsys, db_path, "check", stdin=b"", monkeypatch=monkeypatch)
    assert code == 1 and f"  problem: {backup} is still encrypted, beside a plain journal" in out
