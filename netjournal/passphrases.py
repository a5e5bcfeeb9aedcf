"""Passphrases for the command line: unlocking an encrypted journal, and asking for a new passphrase.

A passphrase comes from, in this order:
  1. NETJOURNAL_PASSPHRASE_CMD, a command whose first line of output is the passphrase (`pass show netjournal`);
     run without a shell, its standard input and error left to the terminal so that `pass` or gpg can ask for
     their own secret. A wrong passphrase from it is not tried again: the command would give the same one.
  2. the OS keyring, only if the person asked for it to be kept there (`--remember`; the optional `keyring`
     package: `pip install "netjournal[keyring]"`). One that no longer opens the journal is asked for again;
  3. a prompt on the terminal (getpass: nothing is echoed), three tries;
  4. nowhere: the EncryptedJournal message says how to give one.
A new passphrase (`encrypt`, `passphrase`) is typed twice on a terminal, or is the next line of standard input
when that is not a terminal (`pass show netjournal | netjournal encrypt`).

This module sits at the command-line layer: it prints its own warnings (the wrong tries) on stderr.
"""

from __future__ import annotations

import getpass
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .common.safe_text import visible
from .core.crypto import EncryptedJournal, WrongPassphrase, file_is_sealed
from .core.errors import JournalError

PASSPHRASE_COMMAND = "NETJOURNAL_PASSPHRASE_CMD"
COMMAND_TIMEOUT = 60  # seconds: long enough to type a gpg or `pass` secret, short enough not to hang a script
TRIES = 3
SHORT_PASSPHRASE = 8
MAX_OUTPUT = 64 * 1024  # bytes of the passphrase command's output read at most

T = TypeVar("T")


class NotUnlocked(JournalError):
    """No passphrase could be had: the command failed, or the person gave up at the prompt."""


def unlocked(path: Path, open_with: Callable[[str | None], T], remember: bool = False) -> T:
    """`open_with(None)`; when the journal is encrypted, `open_with(passphrase)` with its passphrase.

    A 64-byte read tells an encrypted file, so a big one is not read twice; a plain journal never runs the
    passphrase command. EncryptedJournal is still caught: the file may be encrypted by another netjournal between.
    """
    if file_is_sealed(path):
        return unlock(path, open_with, remember=remember)
    try:
        return open_with(None)
    except EncryptedJournal as locked:
        return unlock(path, open_with, locked, remember=remember)


def unlock(path: Path, open_with: Callable[[str], T], locked: EncryptedJournal | None = None,
           remember: bool = False) -> T:
    """`open_with` the passphrase from NETJOURNAL_PASSPHRASE_CMD, else the keyring, else the terminal (three
    tries). With `remember`, the passphrase that opened it is kept in the OS keyring."""
    command = os.environ.get(PASSPHRASE_COMMAND, "")
    if command.strip():
        passphrase = passphrase_from_command(command)
        opened = open_with(passphrase)
        if remember:
            keep_in_keyring(path, passphrase)
        return opened
    kept = remembered(path)
    if kept is not None:
        try:
            opened = open_with(kept)
        except WrongPassphrase:
            tell(f"the passphrase kept in the OS keyring no longer opens {path}")
            remember = True  # the person asked for it to be kept: keep the one that opens it now
        else:
            return opened
    if not stdin_is_terminal():
        raise locked or EncryptedJournal(path)
    for tries_left in range(TRIES - 1, -1, -1):
        try:
            passphrase = ask_secret(f"Passphrase for {path}: ")
            opened = open_with(passphrase)
            if remember:
                keep_in_keyring(path, passphrase)
            return opened
        except WrongPassphrase:
            if not tries_left:
                raise WrongPassphrase(f"wrong passphrase for {path}, {TRIES} times; nothing was read or "
                                      "changed") from None
            tell(f"wrong passphrase, {tries_left} {'try' if tries_left == 1 else 'tries'} left")
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


# --- the OS keyring (optional) ----------------------------------------------------------------------

KEYRING_SERVICE = "netjournal"


def _keyring():  # noqa: ANN202 - the module, or None when the optional package is not installed
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def remembered(path: Path) -> str | None:
    """The passphrase kept in the OS keyring for this journal; None when none is (or there is no keyring)."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, str(path))
    except Exception:  # noqa: BLE001 - no backend, a locked keyring, D-Bus down: the passphrase is asked for instead
        return None


def keep_in_keyring(path: Path, passphrase: str) -> bool:
    """Keep the passphrase in the OS keyring (`--remember`); says on stderr what happened."""
    keyring = _keyring()
    if keyring is None:
        tell('--remember needs the optional keyring package (pip install "netjournal[keyring]"); the passphrase '
             "was not kept")
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, str(path), passphrase)
    except Exception as error:  # noqa: BLE001 - every backend has its own errors; the journal is unlocked anyway
        tell(f"the passphrase could not be kept in the OS keyring ({visible(str(error) or type(error).__name__)})")
        return False
    tell(f"the passphrase of {path} is kept in the OS keyring ({type(keyring.get_keyring()).__name__}); "
         "`netjournal forget-passphrase` removes it")
    return True


def forget_from_keyring(path: Path) -> bool:
    """Remove this journal's passphrase from the OS keyring; True if one was there."""
    keyring = _keyring()
    if keyring is None or remembered(path) is None:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, str(path))
    except Exception:  # noqa: BLE001
        return False
    return True


def passphrase_from_command(command: str) -> str:
    """The first line the command prints, without its newline; NotUnlocked, naming the variable, if it fails."""
    try:
        argv = shlex.split(command)
    except ValueError as error:  # an unclosed quote
        raise NotUnlocked(f"{PASSPHRASE_COMMAND} cannot be read as a command ({error}); nothing was changed") \
            from None
    if not argv:
        raise NotUnlocked(f"{PASSPHRASE_COMMAND} is empty; nothing was changed")
    program = argv[0]  # named in messages; the rest of the command line is not shown (it may hold a secret)
    try:
        # stdin and stderr are inherited: `pass` and gpg ask for their own secret on the terminal
        child = subprocess.Popen(argv, stdout=subprocess.PIPE)
    except FileNotFoundError:
        raise NotUnlocked(f"{PASSPHRASE_COMMAND}: {program}: command not found; nothing was changed") from None
    except OSError as error:
        raise NotUnlocked(f"{PASSPHRASE_COMMAND}: {program}: {error.strerror or error}; nothing was changed") \
            from None
    try:
        output, ended = _first_line_of(child)
    finally:
        if child.poll() is None:
            child.kill()  # it said what was needed (or too much): the rest is not waited for
        child.wait()
        assert child.stdout is not None
        child.stdout.close()
    if output is None:
        raise NotUnlocked(f"{PASSPHRASE_COMMAND}: {program} gave no passphrase within {COMMAND_TIMEOUT} s "
                          "(it was stopped); nothing was changed")
    if ended and child.returncode != 0:
        status = f"exit {child.returncode}" if child.returncode > 0 else f"stopped by signal {-child.returncode}"
        raise NotUnlocked(f"{PASSPHRASE_COMMAND}: {program} failed ({status}); nothing was changed")
    first_line = output.removesuffix(b"\r")
    if not first_line:
        raise NotUnlocked(f"{PASSPHRASE_COMMAND}: {program} printed no passphrase (its first line is empty); "
                          "nothing was changed")
    try:
        return first_line.decode("utf-8")
    except UnicodeDecodeError:
        raise NotUnlocked(f"{PASSPHRASE_COMMAND}: {program} printed something that is not UTF-8 text; "
                          "nothing was changed") from None


def _first_line_of(child: subprocess.Popen) -> tuple[bytes | None, bool]:
    """The first line the command prints (at most MAX_OUTPUT bytes are read, so `yes` cannot fill the memory), and
    whether it had ended by itself; (None, False) when nothing whole came within COMMAND_TIMEOUT."""
    import selectors

    assert child.stdout is not None
    fd = child.stdout.fileno()
    read = b""
    deadline = time.monotonic() + COMMAND_TIMEOUT
    with selectors.DefaultSelector() as waiting:
        waiting.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, False
            if not waiting.select(left):
                continue
            chunk = os.read(fd, 4096)
            if not chunk:  # it closed its output: all of it is here; wait for its exit status
                try:
                    child.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    return read.split(b"\n", 1)[0], False
                return read.split(b"\n", 1)[0], True
            read += chunk
            if b"\n" in read or len(read) >= MAX_OUTPUT:
                line = read.split(b"\n", 1)[0][:MAX_OUTPUT]
                try:  # a command that exits right after its line has its status read; one that goes on is stopped
                    child.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    return line, False
                return line, True


def new_passphrase() -> str:
    """A new passphrase: typed twice on a terminal, else the next line of standard input. ValueError (nothing
    changed) when it is empty or the two differ.

    A short one is allowed with a warning: netjournal cannot judge a passphrase by its length (seven random
    characters from a password manager beat `password123`), and refusing only teaches padding. The warning says
    what is at stake: anyone with a copy of the file can try guesses offline, each costing one key derivation.
    """
    if stdin_is_terminal():
        first = ask_secret("New passphrase: ")
        if not first:
            raise ValueError("the passphrase is empty; nothing was changed")
        warn_if_short(first)
        if ask_secret("The same again: ") != first:
            raise ValueError("the two passphrases differ; nothing was changed")
        return first
    first = next_stdin_line()
    if not first:
        raise ValueError("no passphrase: standard input is not a terminal and its first line is empty (pipe the "
                         "new passphrase in, for example `pass show netjournal | netjournal encrypt`); nothing was "
                         "changed")
    warn_if_short(first)
    return first


def recovery_key_typed(path: Path) -> str:
    """The recovery key, typed at a prompt (not echoed) or the next line of standard input."""
    typed = ask_secret(f"Recovery key for {path}: ") if stdin_is_terminal() else next_stdin_line()
    if not typed.strip():
        raise ValueError("no recovery key given; nothing was changed")
    return typed


def warn_if_short(passphrase: str) -> None:
    if len(passphrase) < SHORT_PASSPHRASE:
        tell(f"warning: a passphrase of {len(passphrase)} characters can be guessed by anyone who gets a copy of "
             "the file; several words are much safer")


def ask_secret(prompt: str) -> str:
    """A line typed on the terminal without echo; giving up (Ctrl-D) is NotUnlocked, nothing changed."""
    try:
        return getpass.getpass(visible(prompt, escapes=True))
    except EOFError:
        print(file=sys.stderr)
        raise NotUnlocked("not unlocked: nothing was changed") from None
    except UnicodeDecodeError:  # the terminal sent bytes that are not UTF-8: no passphrase netjournal could set
        print(file=sys.stderr)
        tell("what was typed is not UTF-8 text")
        return ""


def next_stdin_line() -> str:
    """The next line of standard input, without its newline ('' at its end)."""
    if sys.stdin is None:
        return ""
    line = sys.stdin.buffer.readline().removesuffix(b"\n").removesuffix(b"\r")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("standard input's line is not UTF-8 text; nothing was changed") from None


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed
        return False


def tell(message: str) -> None:
    """One line on stderr, as the command line's other messages (`netjournal: ...`)."""
    print(f"netjournal: {visible(message, escapes=True)}", file=sys.stderr)
