"""Encryption at rest (core/crypto.py and the storage): the format, what a wrong passphrase or a damaged file
does, and that nothing netjournal writes beside an encrypted journal holds a name in plain text."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.core import crypto
from netjournal.core.crypto import EncryptedJournal, EncryptionDamaged, WrongPassphrase
from netjournal.core.errors import JournalDamaged
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction

from .conftest import TODAY
from .test_file_layout import apply_change, operation

SECRET_NAME = b"Ana Ruiz"


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    """The real settings take ~0.3 s a derivation; these tests derive hundreds of keys in-process. Command lines
    started by a test use the real ones."""
    monkeypatch.setattr(crypto, "ARGON2ID", {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1})
    monkeypatch.setattr(crypto, "SCRYPT", {"name": "scrypt", "n": 16, "r": 1, "p": 1})


def sealed_journal(db_path: Path, passphrase: str = "correct horse", recovery: bool = False) -> str | None:
    with Journal(db_path, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(name="Ana Ruiz", notes="Plays golf on Saturdays"))
        journal.log_interaction(Interaction(date=TODAY, with_=[ana.id], topics="her daughter's first race"))
        recovery_text, _ = journal.encrypt(passphrase, recovery=recovery)
    return recovery_text


def files_holding(folder: Path, needle: bytes) -> list[Path]:
    return [p for p in folder.glob("*") if p.is_file() and needle in p.read_bytes()]


# --- the format -------------------------------------------------------------------------------------

def test_a_sealed_file_opens_only_with_its_passphrase_or_recovery_key():
    key, recovery_text = crypto.new_key("correct horse", recovery=True)
    sealed = key.seal(b'{"contacts":{}}', "0123456789abcdef")
    assert sealed.startswith(b"netjournal-encrypted 1 0123456789abcdef\n")
    assert crypto.sealed_save_id(sealed[:64]) == b"0123456789abcdef"
    assert crypto.unlock(sealed, "correct horse").open(sealed) == b'{"contacts":{}}'
    with pytest.raises(WrongPassphrase):
        crypto.unlock(sealed, "Correct horse")
    assert recovery_text is not None
    assert crypto.unlock_with_recovery(sealed, recovery_text.lower()).open(sealed) == b'{"contacts":{}}'
    with pytest.raises(WrongPassphrase):
        crypto.unlock_with_recovery(sealed, "AAAA-" + recovery_text[5:])


def test_a_new_passphrase_keeps_the_data_key_and_the_recovery_key():
    key, recovery_text = crypto.new_key("old", recovery=True)
    changed = key.with_passphrase("new")
    sealed = changed.seal(b"{}", "0123456789abcdef")
    with pytest.raises(WrongPassphrase):
        crypto.unlock(sealed, "old")
    assert crypto.unlock(sealed, "new").data_key == key.data_key
    assert crypto.unlock_with_recovery(sealed, recovery_text or "").data_key == key.data_key


def test_every_save_has_its_own_nonce():
    key, _ = crypto.new_key("pw")
    first, second = key.seal(b"{}", "0" * 16), key.seal(b"{}", "0" * 16)
    assert first != second and key.open(first) == key.open(second) == b"{}"


def test_a_changed_byte_anywhere_is_refused_as_damage_never_as_a_wrong_passphrase():
    key, _ = crypto.new_key("pw")
    sealed = key.seal(b'{"contacts":{"1":{"name":"Ana Ruiz"}}}', "0123456789abcdef")
    for position in range(len(sealed)):
        changed = bytearray(sealed)
        changed[position] ^= 0x01
        with pytest.raises(EncryptionDamaged):
            crypto.unlock(bytes(changed), "pw").open(bytes(changed))


def test_a_file_cut_short_anywhere_is_refused_as_damage():
    key, _ = crypto.new_key("pw")
    sealed = key.seal(b'{"contacts":{}}', "0123456789abcdef")
    for length in range(len(sealed)):
        with pytest.raises(EncryptionDamaged):
            crypto.unlock(sealed[:length], "pw").open(sealed[:length])


def test_a_header_asking_for_a_huge_key_derivation_is_refused_before_deriving():
    key, _ = crypto.new_key("pw")
    sealed = key.seal(b"{}", "0123456789abcdef")
    first, header, box = sealed.split(b"\n", 2)
    found = orjson.loads(header)
    found.pop("sum")
    found["wraps"][0]["kdf"]["memory_kib"] = 1 << 40
    found["sum"] = crypto._sum(found)
    planted = first + b"\n" + orjson.dumps(found) + b"\n" + box
    started = time.perf_counter()
    with pytest.raises(EncryptionDamaged, match="out of range"):
        crypto.unlock(planted, "pw")
    assert time.perf_counter() - started < 5


# --- the journal ------------------------------------------------------------------------------------

def test_an_encrypted_journal_and_its_backups_hold_no_plain_text(db_path):
    sealed_journal(db_path)
    assert crypto.file_is_sealed(db_path)
    assert files_holding(db_path.parent, SECRET_NAME) == []
    assert files_holding(db_path.parent, b"golf") == []
    backups = sorted(db_path.parent.glob("journal.json.bak-*"))
    assert backups and all(crypto.file_is_sealed(b) for b in backups)
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"


def test_opening_an_encrypted_journal_needs_its_passphrase(db_path):
    sealed_journal(db_path)
    before = db_path.read_bytes()
    with pytest.raises(EncryptedJournal, match="is encrypted"):
        Journal(db_path)
    with pytest.raises(WrongPassphrase, match=f"wrong passphrase for {db_path}"):
        Journal(db_path, passphrase="wrong")
    assert db_path.read_bytes() == before
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as journal:
        assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
        assert journal.encrypted
        journal.add_contact(Contact(name="Ben Okafor"))
    assert crypto.file_is_sealed(db_path) and b"Okafor" not in db_path.read_bytes()
    plain = crypto.unlock(db_path.read_bytes(), "correct horse").open(db_path.read_bytes())
    assert b"Ben Okafor" in plain and plain.startswith(b'{"_save":{"1":{"id":"')


def test_decrypting_gives_back_plain_json_and_plain_backups(db_path):
    sealed_journal(db_path)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as journal:
        changed = journal.decrypt()
        assert not journal.encrypted
    assert changed and all(not crypto.file_is_sealed(p) for p in changed)
    assert b"Ana Ruiz" in db_path.read_bytes()
    with Journal(db_path) as journal:  # no passphrase needed any more
        assert [c.name for c in journal.contacts()] == ["Ana Ruiz"]
    for backup in db_path.parent.glob("journal.json.bak-*"):
        orjson.loads(backup.read_bytes())


def test_a_new_passphrase_opens_the_journal_and_its_backups(db_path):
    recovery_text = sealed_journal(db_path, recovery=True)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as journal:
        journal.change_passphrase("battery staple")
    with pytest.raises(WrongPassphrase):
        Journal(db_path, passphrase="correct horse")
    for each in [db_path, *db_path.parent.glob("journal.json.bak-*")]:
        raw = each.read_bytes()
        assert b'"meta"' in crypto.unlock(raw, "battery staple").open(raw)
        assert crypto.unlock_with_recovery(raw, recovery_text or "").open(raw)
    assert b"Ana Ruiz" in crypto.unlock(db_path.read_bytes(), "battery staple").open(db_path.read_bytes())


def test_a_damaged_encrypted_journal_names_the_file_and_its_backup_and_is_not_written(db_path):
    sealed_journal(db_path)
    raw = bytearray(db_path.read_bytes())
    raw[-5] ^= 0xFF
    db_path.write_bytes(bytes(raw))
    with pytest.raises(JournalDamaged) as caught:
        Journal(db_path, passphrase="correct horse")
    message = str(caught.value)
    assert str(db_path) in message and "does not verify" in message and ".bak-" in message
    assert db_path.read_bytes() == bytes(raw)


def test_an_open_journal_sees_what_another_netjournal_saved_encrypted(db_path):
    sealed_journal(db_path)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as first, \
            Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as second:
        second.add_contact(Contact(name="Ben Okafor"))
        assert first.refresh()
        assert sorted(c.name for c in first.contacts()) == ["Ana Ruiz", "Ben Okafor"]
        first.add_contact(Contact(name="Cleo Park"))
        second.refresh()
        assert len(second.contacts()) == 3
    assert files_holding(db_path.parent, b"Okafor") == []


def test_an_older_copy_put_back_is_kept_encrypted_beside_the_journal(db_path, tmp_path):
    sealed_journal(db_path)
    older = tmp_path / "older.bin"
    shutil.copy(db_path, older)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ben Okafor"))
        os.replace(older, db_path)
        journal.refresh()
        assert len(journal.contacts()) == 2
        [copy] = db_path.parent.glob("journal.conflict-*.json")
        assert crypto.file_is_sealed(copy) and crypto.file_is_sealed(db_path)
    assert files_holding(db_path.parent, b"Okafor") == []


def test_encrypting_twice_is_refused_and_changes_nothing(db_path):
    sealed_journal(db_path)
    before = db_path.read_bytes()
    with Journal(db_path, passphrase="correct horse") as journal:
        with pytest.raises(ValueError, match="encrypted already"):
            journal.encrypt("another")
    assert db_path.read_bytes() == before


def test_a_journal_decrypted_by_another_netjournal_is_followed(db_path):
    sealed_journal(db_path)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as open_one:
        with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as other:
            other.decrypt()
        open_one.refresh()
        assert not open_one.encrypted
        open_one.add_contact(Contact(name="Ben Okafor"))
    assert b"Ben Okafor" in db_path.read_bytes()


KILLED_SAVER = """
import sys
from netjournal.core import crypto
crypto.ARGON2ID = {"name": "argon2id", "memory_kib": 64, "iterations": 1, "lanes": 1}
from netjournal.core.journal import Journal
from netjournal.core.model import Interaction
journal = Journal(sys.argv[1], passphrase="pw")
person = journal.resolve_name("Ana Ruiz").id
start = int(sys.argv[2])
for n in range(start, start + 100000):
    journal.log_interaction(Interaction(date="2026-11-20", with_=[person], topics=f"save {n}"))
    print(n, flush=True)  # printed only once the save has returned
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_saving_an_encrypted_journal_loses_nothing_that_returned(tmp_path):
    path = tmp_path / "journal.json"
    with Journal(path) as journal:
        journal.add_contact(Contact(name="Ana Ruiz", notes="padding " * 20000))  # a file that takes a while
        journal.encrypt("pw")
    rng = random.Random(17)
    confirmed: set[int] = set()
    next_number = 0
    for _ in range(20):
        child = subprocess.Popen([sys.executable, "-c", KILLED_SAVER, str(path), str(next_number)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for _ in range(rng.randint(1, 5)):
            line = child.stdout.readline()
            if not line:
                break
            confirmed.add(int(line))
        time.sleep(rng.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        confirmed.update(int(line) for line in rest.split())
        next_number = max(confirmed, default=next_number) + 1000
        with Journal(path, passphrase="pw") as reopened:  # opens: whole, verified, not damaged
            saved = {int(i.topics.split()[1]) for i in reopened.interactions()}
        assert confirmed <= saved
    assert len(confirmed) >= 20
    assert files_holding(tmp_path, b"padding") == []


def test_an_export_of_an_encrypted_journal_is_sealed_with_its_key(db_path):
    sealed_journal(db_path)
    with Journal(db_path, passphrase="correct horse") as journal:
        sealed = journal.sealed_for_export(b'{"contacts":[]}')
    assert crypto.unlock(sealed, "correct horse").open(sealed) == b'{"contacts":[]}'
    with Journal(db_path.with_name("plain.json")) as plain:
        assert plain.sealed_for_export(b"{}") == b"{}"


# --- an encrypted save reuses the plain bytes of the last one -----------------------------------------

def opened_plain(path: Path, passphrase: str) -> bytes:
    raw = path.read_bytes()
    return crypto.unlock(raw, passphrase).open(raw)


def test_an_encrypted_save_reuses_the_untouched_runs_of_the_last_one(tmp_path):
    from netjournal.core.file_layout import RUN_SIZE

    path = tmp_path / "journal.json"
    journal = Journal(path, today=lambda: TODAY)
    journal.encrypt("pw")
    with journal.batch():
        ana = journal.add_contact(Contact(name="Ana Ruiz"))
        for n in range(RUN_SIZE * 8):
            journal.log_interaction(Interaction(date="2026-11-20", with_=[ana.id], topics=f"talk {n}"))
    before = journal._storage._plain
    journal.log_interaction(Interaction(date="2026-11-21", with_=[ana.id], topics="one more"))
    after = journal._storage._plain
    earlier = {id(part.obj) for part in before.parts}
    reused = sum(len(part) for part in after.parts if id(part.obj) in earlier)
    assert reused > after.length * 0.8  # the other conversations are slices of the last save's bytes
    plain = opened_plain(path, "pw")
    assert plain == bytes(after) == orjson.dumps(orjson.loads(plain)) and b"one more" in plain
    journal.close()


def test_plain_ropes_that_hold_much_more_than_they_use_are_compacted():
    from netjournal.core.file_layout import PlainRope

    big = b"x" * (4 << 20)
    rope = PlainRope([memoryview(big)[:10], b"tail"], b"")
    assert bytes(rope) == b"x" * 10 + b"tail" and len(rope.parts) == 1 and rope.parts[0].obj is not big
    kept = PlainRope([memoryview(big)[: 3 << 20], b"tail"], b"")
    assert kept.parts[0].obj is big
    assert kept.read((3 << 20) - 2, 4) == b"xxta" and kept.slices(1, 2)[0].tobytes() == b"xx"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(operation, min_size=1, max_size=6), min_size=1, max_size=6), st.integers(0, 2**32))
def test_any_sequence_of_changes_to_an_encrypted_journal_is_sealed_as_orjson_writes_it(tmp_path_factory, saves, seed):
    from netjournal.core.file_layout import RUN_SIZE
    from netjournal.core.storage import open_database

    path = tmp_path_factory.mktemp("sealed") / "journal.json"
    db = open_database(path)
    rng = random.Random(seed)
    storage = db.storage
    with storage.transaction():
        storage.set_key(crypto.new_key("pw")[0])
        for name in ("a", "b"):
            db.table(name).insert_multiple({"n": n, "text": "x" * rng.randint(0, 30)} for n in range(RUN_SIZE + 50))
    for save in saves:
        with storage.transaction():
            for change in save:
                apply_change(db, rng, *change)
        plain = opened_plain(path, "pw")
        data = orjson.loads(plain)
        assert plain == orjson.dumps(data) == bytes(storage._plain)
        memory = {name: {str(doc.doc_id): dict(doc) for doc in db.table(name).all()} for name in ("a", "b")}
        assert {name: data.get(name, {}) for name in ("a", "b")} == memory


def test_a_journal_encrypted_by_another_netjournal_while_open_refuses_to_save_and_says_why(db_path):
    with Journal(db_path, today=lambda: TODAY) as open_one:
        open_one.add_contact(Contact(name="Ana Ruiz"))
        with Journal(db_path, today=lambda: TODAY) as other:
            other.encrypt("pw")
        sealed = db_path.read_bytes()
        assert [c.name for c in open_one.contacts()] == ["Ana Ruiz"]  # what it showed stays on screen
        with pytest.raises(EncryptedJournal, match="encrypted by another netjournal while this one had it open"):
            open_one.add_contact(Contact(name="Ben Okafor"))
        assert db_path.read_bytes() == sealed


def test_a_journal_encrypted_again_with_another_passphrase_while_open_says_to_reopen_it(db_path):
    sealed_journal(db_path)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as open_one:
        with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as other:
            other.decrypt()
            other.encrypt("battery staple")
        sealed = db_path.read_bytes()
        with pytest.raises(EncryptedJournal, match="encrypted again, with another passphrase"):
            open_one.add_contact(Contact(name="Ben Okafor"))
        assert db_path.read_bytes() == sealed


def test_a_crash_log_written_after_an_encrypted_journal_opened_holds_no_error_message(db_path, monkeypatch):
    from netjournal.common import crash

    monkeypatch.setattr(crash, "_messages_left_out", False)
    sealed_journal(db_path)
    with Journal(db_path, passphrase="correct horse") as journal:
        person = journal.contacts()[0]
    try:
        try:
            {}[person.name]
        except KeyError as inner:
            raise ValueError(person.notes) from inner
    except ValueError as error:
        log = crash.write_crash_log(error, "a test")
    text = log.read_text()
    assert "Ana Ruiz" not in text and "golf" not in text
    assert "builtins.KeyError: (message left out" in text and "builtins.ValueError: (message left out" in text
    assert "test_encryption.py" in text  # where it failed is still there, for a bug report


# --- what an adversarial review found (each was a leak, a lost passphrase change or a hang) ----------------------

def test_an_older_plain_copy_put_back_is_kept_encrypted_and_a_plain_fork_does_not_make_the_journal_plain(
        db_path, tmp_path):
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz"))
    plain_before = tmp_path / "away" / "plain-before.json"  # away from the journal's folder, which is grepped
    plain_before.parent.mkdir()
    shutil.copy(db_path, plain_before)
    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.encrypt("pw")
    with Journal(db_path, passphrase="pw", today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ben Okafor"))
        shutil.copy(plain_before, db_path)  # an older copy from before encrypt, put back by a sync tool
        journal.refresh()
        assert files_holding(db_path.parent, SECRET_NAME) == []  # the copy kept beside it is sealed
    # A fork further along, edited where the journal was never encrypted, adopted by an open window:
    fork = tmp_path / "fork" / "journal.json"
    fork.parent.mkdir()
    shutil.copy(plain_before, fork)
    with Journal(fork, today=lambda: TODAY) as elsewhere:
        for n in range(5):
            elsewhere.add_contact(Contact(name=f"Cleo {n}"))
    with Journal(db_path, passphrase="pw", today=lambda: TODAY) as journal:
        shutil.copy(fork, db_path)
        journal.refresh()
        assert len(journal.contacts()) == 6 and journal.encrypted
        [notice] = [n for n in journal.take_notices() if "replaced by a version" in n]
        assert "it is now encrypted as the journal was" in notice
        journal.add_contact(Contact(name="Dee Sharp"))
    assert files_holding(db_path.parent, b"Cleo") == [] and files_holding(db_path.parent, b"Dee Sharp") == []


def test_a_fork_with_the_old_passphrase_does_not_undo_a_passphrase_change(db_path, tmp_path):
    sealed_journal(db_path)
    fork = tmp_path / "fork.json"
    shutil.copy(db_path, fork)
    with Journal(db_path, passphrase="correct horse", today=lambda: TODAY) as journal:
        journal.change_passphrase("battery staple")
        elsewhere = tmp_path / "elsewhere" / "journal.json"
        elsewhere.parent.mkdir()
        shutil.copy(fork, elsewhere)
        with Journal(elsewhere, passphrase="correct horse", today=lambda: TODAY) as other:
            for n in range(5):
                other.add_contact(Contact(name=f"Cleo {n}"))
        shutil.copy(elsewhere, db_path)
        journal.refresh()
        assert len(journal.contacts()) == 6
    with pytest.raises(WrongPassphrase):
        Journal(db_path, passphrase="correct horse")
    with Journal(db_path, passphrase="battery staple") as reopened:
        assert len(reopened.contacts()) == 6


def test_backups_that_cannot_be_encrypted_are_named_not_counted_as_done(db_path, monkeypatch):
    from netjournal.core import storage
    from netjournal.core.errors import JournalWriteFailed

    with Journal(db_path, today=lambda: TODAY) as journal:
        journal.add_contact(Contact(name="Ana Ruiz"))
    backup = db_path.with_name("journal.json.bak-20261120")
    shutil.copy(db_path, backup)

    def full(path, payload):
        raise OSError(28, "No space left on device")
    with Journal(db_path, today=lambda: TODAY) as journal:
        monkeypatch.setattr(storage, "write_private_atomically", full)
        with pytest.raises(JournalWriteFailed, match=f"could not be made encrypted too: {backup} "
                                                     r"\(No space left on device\)"):
            journal.encrypt("pw")
    monkeypatch.undo()
    with Journal(db_path, passphrase="pw") as journal:
        assert f"Run `netjournal encrypt` to encrypt them" in " ".join(journal.take_notices())
        assert journal.encrypt_companions()
    assert Journal.plain_files_beside(db_path) == []
    assert files_holding(db_path.parent, SECRET_NAME) == []


def test_a_header_with_several_passphrase_wraps_or_a_huge_scrypt_is_refused_without_deriving():
    key, _ = crypto.new_key("pw")
    sealed = key.seal(b"{}", "0123456789abcdef")
    first, header, box = sealed.split(b"\n", 2)

    def planted(change) -> bytes:
        found = orjson.loads(header)
        found.pop("sum")
        change(found)
        found["sum"] = crypto._sum(found)
        return first + b"\n" + orjson.dumps(found) + b"\n" + box
    many = planted(lambda found: found["wraps"].extend([found["wraps"][0]] * 20))
    with pytest.raises(EncryptionDamaged, match="more than one passphrase"):
        crypto.unlock(many, "pw")
    huge = planted(lambda found: found["wraps"][0].update(kdf={"name": "scrypt", "n": 2**22, "r": 32, "p": 1,
                                                               "salt": found["wraps"][0]["kdf"]["salt"]}))
    with pytest.raises(EncryptionDamaged, match="out of range"):
        crypto.unlock(huge, "pw")


def test_a_newer_format_is_told_from_damage_and_a_pipe_is_never_read(tmp_path):
    newer = tmp_path / "newer.json"
    newer.write_bytes(b"netjournal-encrypted 2 0123456789abcdef\n{}\n" + b"\0" * 40)
    assert crypto.file_is_sealed(newer)
    with pytest.raises(EncryptionDamaged, match="encrypted by a newer netjournal"):
        crypto.check_header(newer.read_bytes())
    cut = newer.read_bytes()[:30].replace(b" 2 ", b" 1 ")
    with pytest.raises(EncryptionDamaged, match="first line is damaged or cut short"):
        crypto.check_header(cut)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert crypto.file_is_sealed(pipe) is False  # returns at once: a pipe is not a journal
