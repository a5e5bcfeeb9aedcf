"""How long a screen takes to appear after its key, in the app under Pilot, shared by the bench scripts."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from netjournal.core.journal import Journal


async def paint_times(path: Path, runs: int, steps: list[tuple[str, type]],
                      between: Callable[[Journal], None] | None = None,
                      size: tuple[int, int] = (140, 45)) -> list[list[float]]:
    """For each step (a key and the screen it opens, one over the other), the times from the key reaching the app
    to the first frame painted once the screen is current, over `runs` rounds; escape closes them all between
    rounds, and `between` may change the journal then (as a person logs something before looking again; the main
    screen is redrawn then, as after a save in the app, so the key is not timed against that redraw).

    `pilot.press` itself waits until the whole app is idle, which a person does not: the key is taken as reaching
    the app when the screen it asks for starts to open (push_screen), and the screen as painted at the frame after
    it is resumed, whether it was just made or kept from an earlier opening.
    """
    from textual.app import App

    from netjournal.tui.app import NetJournalApp

    kinds = tuple(kind for _, kind in steps)
    pressed: list[float] = []
    painted: list[float] = []
    push = App.push_screen

    def timed_push(self, screen, *args, **kwargs):
        if isinstance(screen, kinds):
            pressed.append(time.perf_counter())
        return push(self, screen, *args, **kwargs)
    App.push_screen = timed_push
    def painted_after(resume: Callable | None) -> Callable:
        def resumed(self) -> None:  # no parameter: Textual passes the event only to handlers that take one
            if resume is not None:
                resume(self)
            self.call_after_refresh(lambda: painted.append(time.perf_counter()))
        return resumed
    for kind in kinds:
        kind.on_screen_resume = painted_after(kind.__dict__.get("on_screen_resume"))

    journal = Journal(path)
    app = NetJournalApp(journal)
    times: list[list[float]] = [[] for _ in steps]
    async with app.run_test(size=size) as pilot:
        await pilot.pause(1.0)
        for _ in range(runs):
            for n, (key, _kind) in enumerate(steps):
                pressed.clear()
                painted.clear()
                await pilot.press(key)
                while not painted:
                    await pilot.pause(0.001)
                times[n].append(painted[0] - pressed[0])
            await pilot.press(*["escape"] * len(steps))
            if between is not None:
                between(journal)
                app.refresh_views()  # as after a save in the app: the main screen is redrawn before the next key
            await pilot.pause(0.5)  # the main screen repaints before the next key, as it has for a person
    journal.close()
    App.push_screen = push
    return times
