"""The decrypt script in README.md ("The file format") reads what netjournal encrypts, without netjournal.

The script is taken from the README as it stands and run in a separate Python that cannot import netjournal; its
output must be the very bytes netjournal's own key opens."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from netjournal.core import crypto
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction

from .conftest import REPO, TODAY

PASSPHRASE = "correct horse battery staple"
# What the script may import: the standard library's pieces it uses, and cryptography.
SCRIPT_IMPORTS = {"base64", "getpass", "json", "re", "sys", "cryptography"}


def readme_script() -> str:
    """The first ```python block under the README's "### The file format" heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n### The file format\n"):]
    found = re.search(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert found, "no ```python block under '### The file format' in README.md"
    return found.group(1)


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "decrypt_journal.py"
    path.write_text(readme_script(), encoding="utf-8")
    return path


@pytest.fixture
def quick_key_derivation(monkeypatch):
    """Small Argon2id settings for journals encrypted in-process: the script reads them from the header."""
    monkeypatch.setattr(crypto, "ARGON2ID", {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1})
    monkeypatch.setattr(crypto, "SCRYPT", {"name": "scrypt", "n": 16, "r": 1, "p": 1})


def encrypted_journal(db_path: Path, recovery: bool = False) -> str | None:
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz", notes="Plays golf on Saturdays"))
        journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="her daughter's first race"))
        recovery_text, _ = journal.encrypt(PASSPHRASE, recovery=recovery)
    return recovery_text


def run_script(script: Path, target: Path, secret: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """The script in a Python where `import netjournal` fails, its secret on standard input (not a terminal)."""
    without_netjournal = ("import runpy, sys; sys.modules['netjournal'] = None; sys.argv = sys.argv[1:]; "
                          "runpy.run_path(sys.argv[0], run_name='__main__')")
    return subprocess.run([sys.executable, "-I", "-c", without_netjournal, str(script), str(target)],
                          input=(secret + "\n").encode(), stdout=stdout, stderr=subprocess.PIPE, timeout=60,
                          cwd=script.parent)


def plain_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    return crypto.unlock(raw, PASSPHRASE).open(raw)


def test_the_script_uses_only_the_standard_library_and_cryptography():
    imported = set()
    for node in ast.walk(ast.parse(readme_script())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= SCRIPT_IMPORTS, imported - SCRIPT_IMPORTS


def test_the_script_decrypts_a_journal_with_its_passphrase_real_argon2id(script, db_path):
    encrypted_journal(db_path)  # the real settings: ~0.3 s here and ~0.3 s in the script
    header = orjson.loads(db_path.read_bytes().split(b"\n", 2)[1])
    assert header["wraps"][0]["kdf"]["name"] == "argon2id" and header["wraps"][0]["kdf"]["memory_kib"] == 65536

    result = run_script(script, db_path, PASSPHRASE)

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout == plain_bytes(db_path)
    assert b"Ana Ruiz" in result.stdout and b"Ana Ruiz" not in db_path.read_bytes()
    assert orjson.loads(result.stdout)["contacts"]


def test_the_script_decrypts_with_the_recovery_key_however_it_is_typed(script, db_path, quick_key_derivation):
    recovery_text = encrypted_journal(db_path, recovery=True)
    assert recovery_text is not None

    for typed in (recovery_text, recovery_text.lower().replace("-", " ")):
        result = run_script(script, db_path, typed)
        assert result.returncode == 0, result.stderr
        assert result.stdout == plain_bytes(db_path)


def test_the_script_reads_a_scrypt_wrap_and_a_changed_passphrase(script, db_path, quick_key_derivation,
                                                                monkeypatch):
    monkeypatch.setattr(crypto, "_ARGON2ID_WORKS", False)  # as where OpenSSL has no Argon2id
    encrypted_journal(db_path, recovery=True)
    with Journal(db_path, today=lambda: TODAY, passphrase=PASSPHRASE) as journal:
        journal.change_passphrase("a new one")
    header = orjson.loads(db_path.read_bytes().split(b"\n", 2)[1])
    assert header["wraps"][0]["kdf"]["name"] == "scrypt"

    result = run_script(script, db_path, "a new one")

    assert result.returncode == 0, result.stderr
    raw = db_path.read_bytes()
    assert result.stdout == crypto.unlock(raw, "a new one").open(raw)


def test_a_wrong_passphrase_is_one_line_and_no_output(script, db_path, quick_key_derivation):
    encrypted_journal(db_path, recovery=True)

    result = run_script(script, db_path, "Correct horse battery staple")

    assert result.returncode != 0
    assert result.stdout == b""
    assert result.stderr == b"wrong passphrase or recovery key; nothing was written\n"


def test_a_damaged_file_is_named_and_nothing_is_written(script, db_path, quick_key_derivation):
    encrypted_journal(db_path)
    damaged = bytearray(db_path.read_bytes())
    damaged[-40] ^= 0x01  # one bit of the ciphertext
    db_path.write_bytes(bytes(damaged))

    result = run_script(script, db_path, PASSPHRASE)

    assert result.returncode != 0
    assert result.stdout == b""
    assert result.stderr.decode() == f"{db_path} is damaged: its encrypted data does not verify; nothing was written\n"


def test_backups_and_sealed_exports_open_the_same_way(script, db_path, quick_key_derivation):
    encrypted_journal(db_path)
    with Journal(db_path, today=lambda: TODAY, passphrase=PASSPHRASE) as journal:
        export = db_path.with_name("people.csv")
        export.write_bytes(journal.sealed_for_export(b"name,notes\nAna Ruiz,Plays golf on Saturdays\n"))
        backups = journal._storage.backups()
    assert backups, "encrypting makes the day's backup"

    for sealed, expected in ((export, b"name,notes\nAna Ruiz,Plays golf on Saturdays\n"),
                             (backups[0], plain_bytes(backups[0]))):
        result = run_script(script, sealed, PASSPHRASE)
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected


def test_a_plain_file_or_none_is_a_usage_line(script, db_path, tmp_path):
    db_path.write_bytes(b'{"contacts": {}}')
    for target in (db_path, tmp_path / "missing.json"):
        result = run_script(script, target, PASSPHRASE)
        assert result.returncode != 0 and result.stdout == b""
        assert result.stderr.decode().startswith("usage: python3 decrypt_journal.py FILE > PLAIN-FILE")
        assert result.stderr.count(b"\n") == 1


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_it_never_writes_the_journal_to_a_terminal(script, db_path, quick_key_derivation):
    encrypted_journal(db_path)
    controller, terminal = os.openpty()
    try:
        result = run_script(script, db_path, PASSPHRASE, stdout=terminal)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal side is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert result.returncode != 0
    assert b"Ana Ruiz" not in shown
    assert result.stderr.decode().startswith("usage:")
