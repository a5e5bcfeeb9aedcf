"""The one clock: everything that asks "what day is it?" asks `today()`.

`NETJOURNAL_TODAY=YYYY-MM-DD` pins the day for the command line and the app alike. Tests set it so that a
subprocess sees the same day as the test that started it, and it also lets a person ask what the week summary
or the Today view said on another day. `Journal(today=...)` injects a clock in-process.
"""

from __future__ import annotations

import os
from datetime import date

ENV_VAR = "NETJOURNAL_TODAY"


class ClockError(ValueError):
    pass


def today() -> date:
    pinned = os.environ.get(ENV_VAR, "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise ClockError(f"{ENV_VAR}: {pinned!r} is not a date (use YYYY-MM-DD, or unset it)") from None
