"""The errors a person can act on: each message is the one line netjournal shows them."""

from __future__ import annotations

from pathlib import Path


class JournalError(Exception):
    """An error a person can act on; its message is the one line we show them."""


class JournalDamaged(JournalError):
    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path, self.reason, self.backup = path, reason, backup
        where = f"The newest backup: {backup}." if backup else "No backup exists yet."
        super().__init__(
            f"{path} is damaged ({reason}); it was left unchanged and will not be written. "
            f"{where} Run `netjournal check` for details."
        )


class JournalBusy(JournalError):
    pass


class JournalConflict(JournalError):
    pass


class JournalWriteFailed(JournalError):
    pass


class ExportRefused(JournalError):
    pass


class SchemaProblem(ValueError):
    """Raised by a `prepare` hook when the data is the wrong shape or from a newer version."""

