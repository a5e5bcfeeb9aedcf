"""A keyring backend for the tests: a JSON file named by $NETJOURNAL_TEST_KEYRING, so that a test (and the command
lines it starts) never reads or writes the real keyring of whoever runs the suite. Selected with
PYTHON_KEYRING_BACKEND=tests.fake_keyring.FileKeyring (tests/conftest.py sets both)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["NETJOURNAL_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self._path().read_text())
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        kept = self._load()
        kept[f"{service}\n{username}"] = password
        self._path().write_text(json.dumps(kept))

    def delete_password(self, service: str, username: str) -> None:
        kept = self._load()
        if kept.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not kept")
        self._path().write_text(json.dumps(kept))
