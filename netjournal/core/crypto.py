"""The encrypted journal file: one sealed box around exactly the bytes a plain journal would hold.

An encrypted journal (and every backup, conflict copy and export of it) is:

    line 1   b"netjournal-encrypted 1 " + the save id (16 hex digits) + b"\\n"
    line 2   the header: one line of JSON (below) + b"\\n"
    rest     a 12-byte nonce, then AES-256-GCM of the plain journal's bytes, its 16-byte tag at the end;
             the associated data is lines 1 and 2 exactly as stored, so neither can be changed unnoticed

The header: {"v": 1, "cipher": "AES-256-GCM", "key_id": <16 hex>, "wraps": [...], "sum": <sha256 hex>}.
The journal's data key is random (32 bytes). Each entry of "wraps" holds it encrypted (AES-256-GCM) under a
key-encryption key: `"by": "passphrase"` derives that key from the passphrase with the "kdf" given (Argon2id, or
scrypt where this build of OpenSSL has no Argon2id), `"by": "recovery"` uses the recovery key printed when the
journal was encrypted. The parameters are in the header, so they can be raised later and old files still open.
Changing the passphrase replaces its wrap: the data key, the recovery wrap and the data stay as they are.

"sum" is a plain SHA-256 of the header without it. It is not a defence (the tags are): it lets `check` tell a
damaged header from a wrong passphrase, which would otherwise look the same (no wrap opens).

The save id in line 1 is random and says nothing about the contents; the storage reads it in a 64-byte read to
know whether the file changed (as it reads a plain journal's first bytes).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import JournalError

MAGIC = b"netjournal-encrypted 1 "
# Any version: a file from a newer netjournal is still an encrypted journal, to be refused as such (never called
# damaged JSON, with advice to copy a backup over it).
ANY_VERSION = b"netjournal-encrypted "
_FIRST_LINE = re.compile(rb"^netjournal-encrypted 1 ([0-9a-f]{16})\n")
CIPHER = "AES-256-GCM"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
# Measured on the machine netjournal is built on: Argon2id with 64 MiB, 4 passes and 4 lanes takes ~0.27 s;
# scrypt with N=2^16, r=8 about 0.2 s. A later version may raise them; the file names the ones it used.
ARGON2ID = {"name": "argon2id", "memory_kib": 65536, "iterations": 4, "lanes": 4}
SCRYPT = {"name": "scrypt", "n": 2**16, "r": 8, "p": 1}
# Limits on what a header may ask for, so that a planted file cannot make unlocking take gigabytes or hours: one
# passphrase wrap (and one recovery wrap) is tried, its derivation at most 1 GiB and 16 passes.
_MAX_MEMORY_KIB = 1024 * 1024
_MAX_ITERATIONS = 16
_MAX_SCRYPT_BYTES = 1 << 30  # scrypt takes 128 * r * N bytes
RECOVERY_GROUPS = 8  # the recovery key is printed as 8 groups of base32 letters


class WrongPassphrase(JournalError):
    """No wrap in the header opens with what was given: a wrong passphrase (or recovery key)."""


class EncryptionDamaged(Exception):
    """The encrypted file is not whole: a damaged header, or a tag that does not verify (a changed or cut file).
    The storage turns it into JournalDamaged, which names the file and its backup."""


class EncryptedJournal(JournalError):
    """The journal is encrypted and no passphrase was given; the caller asks for one and opens it again."""

    def __init__(self, path: Path, while_open: bool = False, again: bool = False) -> None:
        self.path = path
        self.while_open = while_open or again  # encrypted by another netjournal while this one had it open
        if again:
            super().__init__(f"{path} was encrypted again, with another passphrase, by another netjournal while this "
                             "one had it open; nothing more is saved here: quit and open it again to unlock it")
        elif while_open:
            super().__init__(f"{path} was encrypted by another netjournal while this one had it open; nothing more "
                             "is saved here: quit and open it again to unlock it")
        else:
            super().__init__(f"{path} is encrypted: give its passphrase (set NETJOURNAL_PASSPHRASE_CMD, for example "
                             "`pass show netjournal`, or run netjournal in a terminal to be asked)")


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(ANY_VERSION)


def file_is_sealed(path: Path) -> bool:
    """Does the file start as an encrypted journal does? Only a regular file is read (a pipe would block)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return is_sealed(os.read(fd, len(ANY_VERSION)))
    except OSError:
        return False
    finally:
        os.close(fd)


def check_header(raw: bytes) -> None:
    """EncryptionDamaged if the file is not a whole encrypted journal as far as can be told without its key: the
    first line, the header and its checksum, enough bytes after it. `check` says so before asking a passphrase."""
    _split(raw)


def key_id_of(raw: bytes) -> str | None:
    """Which data key sealed a file (None if it is not a whole encrypted journal)."""
    try:
        return _split(raw)[0].key_id
    except EncryptionDamaged:
        return None


def opens_like(key: "JournalKey", raw: bytes) -> str:
    """How a sealed file stands to `key`: "same" (its data key, wrapped as the key's header wraps it now),
    "older wrap" (its data key, under a passphrase or recovery key changed since), "other key", or "damaged"."""
    try:
        header = _split(raw)[0]
    except EncryptionDamaged:
        return "damaged"
    if header.key_id != key.header.key_id:
        return "other key"
    return "same" if header.render() == key.header.render() else "older wrap"


def sealed_save_id(head: bytes) -> bytes | None:
    """The save id in an encrypted file's first line (the first 64 bytes are enough)."""
    match = _FIRST_LINE.match(head)
    return match.group(1) if match else None


@dataclass
class _Header:
    key_id: str
    wraps: list[dict[str, Any]]
    line: bytes = b""  # as stored (the associated data covers it byte for byte)

    @classmethod
    def parse(cls, line: bytes) -> "_Header":
        try:
            found = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise EncryptionDamaged("its header is not readable") from None
        if not isinstance(found, dict) or not isinstance(found.get("sum"), str):
            raise EncryptionDamaged("its header is not readable")
        claimed = found.pop("sum")
        if not hmac.compare_digest(claimed, _sum(found)):
            raise EncryptionDamaged("its header was changed or damaged (its checksum does not match)")
        if found.get("v") != 1 or found.get("cipher") != CIPHER:
            raise EncryptionDamaged(f"it was written by a newer netjournal (header version {found.get('v')!r}, "
                                    f"cipher {found.get('cipher')!r})")
        wraps, key_id = found.get("wraps"), found.get("key_id")
        if not isinstance(key_id, str) or not isinstance(wraps, list) or not all(isinstance(w, dict) for w in wraps):
            raise EncryptionDamaged("its header is not readable")
        kinds = [w.get("by") for w in wraps]
        if kinds.count("passphrase") > 1 or kinds.count("recovery") > 1:
            raise EncryptionDamaged("its header holds more than one passphrase or recovery key")
        return cls(key_id=key_id, wraps=wraps, line=line)

    def render(self) -> bytes:
        body = {"v": 1, "cipher": CIPHER, "key_id": self.key_id, "wraps": self.wraps}
        return orjson.dumps({**body, "sum": _sum(body)})


def _sum(body: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass
class JournalKey:
    """An unlocked journal: its data key and header. Held in memory while netjournal runs, never written."""

    data_key: bytes
    header: _Header
    passphrase: str | None = field(default=None, repr=False)  # to unlock again if the file gets a new data key

    # --- sealing and opening whole files ---------------------------------------------------------

    def seal(self, plain: bytes, save_id: str) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        first = MAGIC + save_id.encode("ascii") + b"\n"
        header = self.header.render() + b"\n"
        nonce = os.urandom(NONCE_BYTES)  # fresh for every save: 96 random bits, as NIST allows for GCM
        return b"".join((first, header, nonce, AESGCM(self.data_key).encrypt(nonce, plain, first + header)))

    def seal_parts(self, parts: list[Any], save_id: str) -> list[bytes]:
        """`seal` of the bytes `parts` join to, as the chunks to write in order, without joining them: the same
        AES-GCM, fed a part at a time (an encrypted save of a large journal is mostly parts of the last one)."""
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        first = MAGIC + save_id.encode("ascii") + b"\n"
        header = self.header.render() + b"\n"
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.AES(self.data_key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(first + header)
        chunks = [first + header + nonce]
        chunks.extend(encryptor.update(part) for part in parts)
        chunks.append(encryptor.finalize())
        chunks.append(encryptor.tag)
        return chunks

    def open(self, raw: bytes) -> bytes:
        """The plain bytes of a file sealed with this data key; EncryptionDamaged if it does not verify."""
        header, associated, box = _split(raw)
        if header.key_id != self.header.key_id:
            raise WrongPassphrase("it was encrypted with another key")
        return _open_box(self.data_key, box, associated)

    def for_file(self, raw: bytes) -> "JournalKey":
        """This key with the file's own header (a passphrase changed elsewhere), or, if the file was encrypted
        anew with another data key (decrypt, then encrypt), that key unlocked with the passphrase held."""
        header, _associated, _box = _split(raw)
        if header.key_id == self.header.key_id:
            return JournalKey(self.data_key, header, self.passphrase)
        if self.passphrase is None:
            raise WrongPassphrase("the journal was encrypted again with another key; unlock it again")
        return unlock(raw, self.passphrase)

    def with_passphrase(self, passphrase: str) -> "JournalKey":
        """The same data key (and recovery wrap) under a new passphrase."""
        wraps = [w for w in self.header.wraps if w.get("by") != "passphrase"]
        wraps.insert(0, _wrap_with_passphrase(self.data_key, self.header.key_id, passphrase))
        return JournalKey(self.data_key, _Header(self.header.key_id, wraps), passphrase)

    @property
    def has_recovery(self) -> bool:
        return any(w.get("by") == "recovery" for w in self.header.wraps)


def new_key(passphrase: str, *, recovery: bool = False) -> tuple[JournalKey, str | None]:
    """A fresh data key wrapped by the passphrase (and a recovery key, returned as text to print once)."""
    data_key, key_id = os.urandom(KEY_BYTES), os.urandom(8).hex()
    wraps = [_wrap_with_passphrase(data_key, key_id, passphrase)]
    recovery_text = None
    if recovery:
        secret = os.urandom(KEY_BYTES)
        wraps.append(_wrap(data_key, key_id, secret, {"name": "recovery"}, "recovery"))
        recovery_text = format_recovery_key(secret)
    return JournalKey(data_key, _Header(key_id, wraps), passphrase), recovery_text


def unlock(raw: bytes, passphrase: str) -> JournalKey:
    """The key of a sealed file from its passphrase; WrongPassphrase if no passphrase wrap opens."""
    header, associated, box = _split(raw)
    wrap = next((w for w in header.wraps if w.get("by") == "passphrase"), None)  # one at most: _Header.parse
    if wrap is None:
        raise WrongPassphrase("no passphrase opens it (only its recovery key does)")
    data_key = _unwrap(wrap, header.key_id, _derive(wrap.get("kdf"), passphrase))
    if data_key is None:
        raise WrongPassphrase("wrong passphrase")
    return JournalKey(data_key, header, passphrase)


def unlock_with_recovery(raw: bytes, recovery_text: str) -> JournalKey:
    header, _associated, _box = _split(raw)
    secret = parse_recovery_key(recovery_text)
    for wrap in header.wraps:
        if wrap.get("by") == "recovery" and secret is not None:
            data_key = _unwrap(wrap, header.key_id, secret)
            if data_key is not None:
                return JournalKey(data_key, header, None)
    raise WrongPassphrase("that recovery key does not open this journal")


# --- recovery keys --------------------------------------------------------------------------------

def format_recovery_key(secret: bytes) -> str:
    letters = base64.b32encode(secret).decode("ascii").rstrip("=")
    size = -(-len(letters) // RECOVERY_GROUPS)
    return "-".join(letters[i:i + size] for i in range(0, len(letters), size))


def parse_recovery_key(text: str) -> bytes | None:
    letters = re.sub(r"[\s-]", "", text).upper()
    try:
        secret = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except ValueError:
        return None
    return secret if len(secret) == KEY_BYTES else None


# --- internals ------------------------------------------------------------------------------------

def _split(raw: bytes) -> tuple[_Header, bytes, bytes]:
    """(header, associated data, nonce + ciphertext + tag) of a sealed file."""
    if not _FIRST_LINE.match(raw[:64]):
        version = re.match(rb"netjournal-encrypted (\d+) ", raw[:64])
        if version and version.group(1) != b"1":
            raise EncryptionDamaged(f"it was encrypted by a newer netjournal (format {version.group(1).decode()})")
        if raw.startswith(ANY_VERSION):
            raise EncryptionDamaged("its first line is damaged or cut short")
        raise EncryptionDamaged("it is not an encrypted journal")
    first_end = raw.index(b"\n") + 1
    header_end = raw.find(b"\n", first_end)
    if header_end < 0:
        raise EncryptionDamaged("it was cut short inside its header")
    header = _Header.parse(raw[first_end:header_end])
    box = raw[header_end + 1:]
    if len(box) < NONCE_BYTES + TAG_BYTES:
        raise EncryptionDamaged("it was cut short (no encrypted data after the header)")
    return header, raw[:header_end + 1], box


def _open_box(data_key: bytes, box: bytes, associated: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(data_key).decrypt(box[:NONCE_BYTES], box[NONCE_BYTES:], associated)
    except InvalidTag:
        raise EncryptionDamaged("its encrypted data does not verify: the file was changed, cut short or "
                                "damaged after it was written") from None


def _wrap_with_passphrase(data_key: bytes, key_id: str, passphrase: str) -> dict[str, Any]:
    kdf = dict(_default_kdf(), salt=_b64(os.urandom(16)))
    return _wrap(data_key, key_id, _derive(kdf, passphrase), kdf, "passphrase")


def _wrap(data_key: bytes, key_id: str, wrapping_key: bytes, kdf: dict[str, Any], by: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, _wrap_context(key_id, by, kdf))
    return {"by": by, "kdf": kdf, "nonce": _b64(nonce), "key": _b64(wrapped)}


def _unwrap(wrap: dict[str, Any], key_id: str, wrapping_key: bytes) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        nonce, wrapped = _unb64(wrap["nonce"]), _unb64(wrap["key"])
        return AESGCM(wrapping_key).decrypt(nonce, wrapped, _wrap_context(key_id, wrap["by"], wrap["kdf"]))
    except (InvalidTag, KeyError, TypeError, ValueError):
        return None


def _wrap_context(key_id: str, by: str, kdf: Any) -> bytes:
    # The wrap is bound to its journal key and to its own parameters: lowering them in the header breaks it.
    return orjson.dumps({"key_id": key_id, "by": by, "kdf": kdf}, option=orjson.OPT_SORT_KEYS)


def _default_kdf() -> dict[str, Any]:
    return dict(ARGON2ID) if _has_argon2id() else dict(SCRYPT)


_ARGON2ID_WORKS: bool | None = None


def _has_argon2id() -> bool:
    global _ARGON2ID_WORKS
    if _ARGON2ID_WORKS is None:
        try:
            from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

            Argon2id(salt=b"\0" * 16, length=32, iterations=1, lanes=1, memory_cost=8).derive(b"probe")
            _ARGON2ID_WORKS = True
        except Exception:  # noqa: BLE001 - ImportError on older cryptography, UnsupportedAlgorithm on older OpenSSL
            _ARGON2ID_WORKS = False
    return _ARGON2ID_WORKS


def _derive(kdf: Any, passphrase: str) -> bytes:
    """The key-encryption key; EncryptionDamaged for parameters this netjournal does not take."""
    if not isinstance(kdf, dict):
        raise EncryptionDamaged("its header names no key derivation")
    secret = passphrase.encode("utf-8", "surrogatepass")
    try:
        salt = _unb64(kdf["salt"])
        if kdf.get("name") == "argon2id":
            memory, iterations, lanes = int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"])
            if not (8 * lanes <= memory <= _MAX_MEMORY_KIB and 1 <= iterations <= _MAX_ITERATIONS and 1 <= lanes <= 64):
                raise EncryptionDamaged("its header asks for key derivation settings out of range")
            from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

            return Argon2id(salt=salt, length=KEY_BYTES, iterations=iterations, lanes=lanes,
                            memory_cost=memory).derive(secret)
        if kdf.get("name") == "scrypt":
            n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
            if not (2 <= n and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and 128 * r * n <= _MAX_SCRYPT_BYTES):
                raise EncryptionDamaged("its header asks for key derivation settings out of range")
            from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

            return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret)
    except (KeyError, TypeError, ValueError):
        raise EncryptionDamaged("its header's key derivation settings are not readable") from None
    except ImportError:
        raise EncryptionDamaged(f"this installation cannot derive {kdf.get('name')} keys") from None
    except MemoryError:
        raise EncryptionDamaged("its key derivation needs more memory than this computer can give") from None
    raise EncryptionDamaged(f"it uses a key derivation this netjournal does not know ({kdf.get('name')!r})")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)
