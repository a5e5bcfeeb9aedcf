"""Where each run of documents sits in the journal file as last saved, so that a save writes again only what changed.

Every save writes the whole journal (one file that people and sync tools rely on), but serialising 50,000
unchanged conversations again to add one cost more than writing the file. The file is one JSON object of tables,
each an object of documents in insertion order, and orjson writes a dict's entries in that order with no spaces, so
the bytes of a run of consecutive documents are the same wherever they stand. `FileLayout` splits each table into
runs of up to RUN_SIZE documents and remembers where each run's bytes are in the file the last save wrote. The next
save copies an untouched run from that file and serialises only the runs that were touched; the file written is
byte for byte `orjson.dumps` of the data (`NETJOURNAL_CHECK_SAVES=1` compares every save with it; the test suite
runs that way).

Touched means: reached by a TinyDB updater through the storage's table view (read for an update, set, deleted), or
in a table that is another object than the one laid out, or another size. Documents must not be changed any other
way: `raw_documents()` is read-only by convention, and reading for display goes through copies.

The previous file is reopened by its path at each save and used only if it is still the very file the last save
wrote: the same inode, size, modification time and change time (which no program can set back, unlike the
modification time), and the same first bytes (the save id). Each span copied must start with its first document's
key, and after copying the file is looked at again, so a file changed in place meanwhile is never mixed into the new
one: the save is then written whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import orjson

from ..common.files import write_all

RUN_SIZE = 256  # documents per run: a touched run costs ~0.1 ms to serialise; 50,000 conversations are ~200 runs
CHECK_SAVES_VARIABLE = "NETJOURNAL_CHECK_SAVES"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


# The source of an encrypted journal's runs is not a file (it holds ciphertext) but the plain bytes of the last
# save, kept in memory as a PlainRope; this stands where a file's stamp would.
IN_MEMORY = ("in memory",)


class SourceChanged(Exception):
    """The previous file changed while runs were being copied from it: the save must be written whole."""


class SaveMismatch(AssertionError):
    """NETJOURNAL_CHECK_SAVES found the bytes written differing from orjson.dumps of the data (a bug in this
    module, or a document changed behind the layout's back)."""


mismatches: list[str] = []  # what NETJOURNAL_CHECK_SAVES found, for the test suite to assert empty


class _Run:
    """Consecutive documents of one table, and where their bytes are in the previous file (None: write them anew)."""

    __slots__ = ("keys", "span")

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.span: tuple[int, int] | None = None


class TableLayout:
    """One table's documents in runs, kept in step with the table by `touched`, `added` and `removed`."""

    __slots__ = ("documents", "runs", "run_of")

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        keys = list(documents)
        self.runs = [_Run(keys[start:start + RUN_SIZE]) for start in range(0, len(keys), RUN_SIZE)]
        self.run_of = {key: run for run in self.runs for key in run.keys}

    def touched(self, key: str) -> None:
        run = self.run_of.get(key)
        if run is not None:
            run.span = None

    def set(self, key: str) -> None:
        run = self.run_of.get(key)
        if run is not None:  # replacing a document keeps its place in the dict
            run.span = None
            return
        # A new key goes to the end of the dict, so to the last run.
        run = self.runs[-1] if self.runs else None
        if run is None or len(run.keys) >= RUN_SIZE:
            run = _Run([])
            self.runs.append(run)
        run.keys.append(key)
        run.span = None
        self.run_of[key] = run

    def removed(self, key: str) -> None:
        run = self.run_of.pop(key, None)
        if run is not None:
            run.keys.remove(key)
            run.span = None

    def same_size(self) -> bool:
        """A cheap guard, no proof: a table that gained or lost documents behind the layout's back."""
        return len(self.run_of) == len(self.documents)


class FileLayout:
    """The runs of every table, and the file their spans point into (its stamp and its first bytes)."""

    def __init__(self) -> None:
        self.tables: dict[str, TableLayout] = {}
        self.source_stamp: tuple[int, ...] | None = None
        self.source_head = b""

    def forget(self) -> None:
        """The data in memory was replaced (a load, a reload, another copy adopted): nothing can be reused."""
        self.tables.clear()
        self.source_stamp = None

    def linked(self, before: os.stat_result, after: os.stat_result) -> None:
        """The previous file was given a second name (the day's backup), which moves its change time: still ours
        if it was ours just before the link, and nothing else about it moved."""
        if self.source_stamp is None or _stamp(before) != self.source_stamp:
            return
        if _stamp(after)[:3] == _stamp(before)[:3]:  # inode, modification time, size
            self.source_stamp = _stamp(after)

    def tracking(self, name: str, documents: dict[str, Any]) -> TableLayout | None:
        """The layout to tell about changes to `documents`; None when the next save lays the table out anew."""
        layout = self.tables.get(name)
        return layout if layout is not None and layout.documents is documents else None

    def write(self, fd: int, head: bytes, data: dict[str, Any], source_path: Any
              ) -> Callable[[os.stat_result | None], None]:
        """Write `head` (the save record, as `{"_save":{...}`) and every table of `data` to `fd`, reusing the runs
        of the previous file where they are untouched. Returns what to call once the new file is in place, with its
        stat as the journal's path has it then (None if that is not the file written). Until then the spans still
        point into the previous file, which stays in place if the save fails (runs may have been regrouped)."""
        source = self._open_source(source_path)
        try:
            pieces, placed = self._pieces(head, data, reuse=source is not None)
            _write_pieces(fd, pieces, source)
            if source is not None and _stamp(os.fstat(source)) != self.source_stamp:
                raise SourceChanged()  # changed in place while it was read: what was copied may be a mix
        finally:
            if source is not None:
                os.close(source)

        def commit(written: os.stat_result | None) -> None:
            for run, span in placed:
                run.span = span
            self.source_stamp = None if written is None else _stamp(written)
            self.source_head = head[:64]
        return commit

    def assemble(self, head: bytes, data: dict[str, Any], previous: "PlainRope | None"
                 ) -> tuple["PlainRope", Callable[[], None]]:
        """The new plain bytes (of an encrypted journal) as a rope: untouched runs are slices of `previous`, the
        plain bytes of the last save, so nothing is copied or serialised again but what changed. Returns the rope
        and what to call once it is saved."""
        reuse = previous is not None and self.source_stamp == IN_MEMORY and previous.head == self.source_head
        pieces, placed = self._pieces(head, data, reuse=reuse)
        parts: list[bytes | memoryview] = []
        for piece in pieces:
            if isinstance(piece, bytes):
                parts.append(piece)
                continue
            assert previous is not None
            offset, length, prefix = piece
            if previous.read(offset, len(prefix)) != prefix:
                raise SourceChanged()  # a bug, never a person's doing: the caller writes the whole journal
            parts.extend(previous.slices(offset, length))
        rope = PlainRope(parts, head[:64])

        def commit() -> None:
            for run, span in placed:
                run.span = span
            self.source_stamp = IN_MEMORY
            self.source_head = head[:64]
        return rope, commit

    def _open_source(self, path: Any) -> int | None:
        if self.source_stamp is None:
            return None
        try:
            source = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
        except OSError:
            return None
        head = _read_at(source, len(self.source_head), 0)
        if _stamp(os.fstat(source)) != self.source_stamp or head != self.source_head:
            os.close(source)  # replaced or changed since: its spans mean nothing
            return None
        return source

    def _pieces(self, head: bytes, data: dict[str, Any], *, reuse: bool
                ) -> tuple[list[bytes | tuple[int, int, bytes]], list[tuple[_Run, tuple[int, int]]]]:
        """What to write, in order: bytes, or (offset, length) spans of the previous file; and where each run lands."""
        pieces = _Pieces(head)
        placed: list[tuple[_Run, tuple[int, int]]] = []
        for name in list(self.tables):
            if name not in data:
                del self.tables[name]  # a dropped table
        for name, documents in data.items():
            layout = self.tables.get(name)
            if layout is None or layout.documents is not documents or not layout.same_size():
                layout = self.tables[name] = TableLayout(documents)
            pieces.add(b"," + orjson.dumps(name) + b":{")
            first = True
            live = []
            for run in layout.runs:
                if not run.keys:
                    continue  # emptied by deletions
                live.append(run)
                if not first:
                    pieces.add(b",")
                first = False
                if reuse and run.span is not None:
                    start = pieces.copy(run.span, orjson.dumps(run.keys[0]) + b":{")
                    placed.append((run, (start, run.span[1])))
                else:
                    serialised = orjson.dumps({key: documents[key] for key in run.keys})[1:-1]
                    start = pieces.add(serialised)
                    placed.append((run, (start, len(serialised))))
            layout.runs = live
            pieces.add(b"}")
        pieces.add(b"}")
        return pieces.finish(), placed


class _Pieces:
    """The new file as a list of bytes and spans of the old one; neighbouring spans of the old file merge into one
    copy (runs that were neighbours keep the comma between them), and neighbouring bytes into one write."""

    def __init__(self, head: bytes) -> None:
        self.items: list[bytes | tuple[int, int, bytes]] = []
        self.length = 0
        self._bytes: list[bytes] = []
        self.add(head)

    def add(self, chunk: bytes) -> int:
        """Append bytes; returns the offset they land at in the new file."""
        start = self.length
        self._bytes.append(chunk)
        self.length += len(chunk)
        return start

    def copy(self, span: tuple[int, int], prefix: bytes) -> int:
        """Append a span of the old file, which must start with `prefix` (its first document's key); returns the
        offset it lands at in the new file."""
        offset, length = span
        start = self.length
        pending = b"".join(self._bytes)
        self._bytes = []
        last = self.items[-1] if self.items else None
        if pending == b"," and isinstance(last, tuple) and last[0] + last[1] + 1 == offset:
            # The two runs stood side by side in the old file too: a one-byte gap between two runs' spans can only
            # be the comma between them (between tables there is more), so one copy takes both and the comma.
            self.items[-1] = (last[0], last[1] + 1 + length, last[2])
        else:
            if pending:
                self.items.append(pending)
            self.items.append((offset, length, prefix))
        self.length += length
        return start

    def finish(self) -> list[bytes | tuple[int, int, bytes]]:
        if self._bytes:
            self.items.append(b"".join(self._bytes))
            self._bytes = []
        return self.items


class PlainRope:
    """Bytes held as a list of parts (bytes, or memoryviews of bytes kept from earlier saves): the plain journal an
    encrypted save sealed. Parts are never changed, so slices of them stay valid as long as they are referenced."""

    __slots__ = ("parts", "starts", "length", "head")

    def __init__(self, parts: list[bytes | memoryview], head: bytes) -> None:
        self.head = head
        held = sum(len(_whole(part)) for part in _distinct(parts))
        total = sum(len(part) for part in parts)
        if held > 2 * total + (1 << 20):
            # Slices keep whole earlier buffers alive; when they hold twice what is in use, one copy frees them.
            parts = [b"".join(parts)]
        self.parts = [part if isinstance(part, memoryview) else memoryview(part) for part in parts]
        self.starts: list[int] = []
        offset = 0
        for part in self.parts:
            self.starts.append(offset)
            offset += len(part)
        self.length = offset

    def slices(self, offset: int, length: int) -> list[memoryview]:
        """The parts (cut to size) that cover [offset, offset + length)."""
        from bisect import bisect_right

        found: list[memoryview] = []
        index = bisect_right(self.starts, offset) - 1
        end = offset + length
        while length and index < len(self.parts):
            part, start = self.parts[index], self.starts[index]
            piece = part[max(0, offset - start):min(len(part), end - start)]
            found.append(piece)
            offset += len(piece)
            length -= len(piece)
            index += 1
        if length:
            raise SourceChanged()  # the span reaches past the end: never expected
        return found

    def read(self, offset: int, length: int) -> bytes:
        return b"".join(self.slices(offset, min(length, max(0, self.length - offset))))

    def __bytes__(self) -> bytes:
        return b"".join(self.parts)


def _whole(part: bytes | memoryview) -> bytes | memoryview:
    return part.obj if isinstance(part, memoryview) else part  # type: ignore[return-value]


def _distinct(parts: list[bytes | memoryview]) -> list[bytes | memoryview]:
    seen: dict[int, bytes | memoryview] = {}
    for part in parts:
        whole = _whole(part)
        seen[id(whole)] = whole
    return list(seen.values())


def _stamp(found: os.stat_result) -> tuple[int, ...]:
    # The change time last: `linked` compares the rest on their own. No program can set it back, as `touch` and
    # os.utime can the modification time after writing in place.
    return (found.st_ino, found.st_mtime_ns, found.st_size, found.st_ctime_ns)


def _write_pieces(fd: int, pieces: list[bytes | tuple[int, int, bytes]], source: int | None) -> None:
    for piece in pieces:
        if isinstance(piece, bytes):
            write_all(fd, piece)
        else:
            assert source is not None
            _copy_range(source, fd, *piece)


def _copy_range(source: int, fd: int, offset: int, length: int, prefix: bytes) -> None:
    """Copy a span of the previous file. Read and written in 1 MB blocks: on ext4, copy_file_range took three times
    as long for the same bytes and made the fsync after it slower too (bench/storage_bench.py, 22 MB)."""
    first = True
    while length:
        block = _read_at(source, min(length, 1 << 20), offset)
        if not block or (first and not block.startswith(prefix)):
            raise SourceChanged()  # shorter than the span, or not the document expected there: it changed
        first = False
        write_all(fd, block)
        offset += len(block)
        length -= len(block)


def _read_at(source: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(source, size, offset)
    os.lseek(source, offset, os.SEEK_SET)  # Windows: no pread; the descriptor is ours alone
    return os.read(source, size)


def check_written(fd: int, expected: bytes, opened_with: Any = None) -> None:
    """NETJOURNAL_CHECK_SAVES: the file written must be exactly `expected` (orjson.dumps of the data); an encrypted
    one, once opened with its key (`opened_with`)."""
    size = os.fstat(fd).st_size
    found = os.pread(fd, size + 1, 0)
    if opened_with is not None:
        found = opened_with.open(found)
    if found != expected:
        at = next((n for n, (a, b) in enumerate(zip(found, expected)) if a != b), min(len(found), len(expected)))
        message = (f"saved bytes differ from orjson.dumps at byte {at} of {len(expected)}: "
                   f"{found[max(0, at - 40):at + 40]!r} != {expected[max(0, at - 40):at + 40]!r}")
        mismatches.append(message)
        raise SaveMismatch(message)


def checking_saves() -> bool:
    return os.environ.get(CHECK_SAVES_VARIABLE, "") not in ("", "0")
