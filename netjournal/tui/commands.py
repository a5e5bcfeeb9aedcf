"""The command palette (ctrl+p): every person, to open or to log a conversation with."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PeopleCommands(Provider):
    """`Open: Ana Ruiz` and `Log with: Ana Ruiz` for everyone in the journal."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        found = []
        for person in app.journal.contacts():  # type: ignore[attr-defined]
            found.append((f"Open: {person.name}", person.org, partial(app.open_person, person.id)))  # type: ignore[attr-defined]
            found.append((f"Log with: {person.name}", person.org, partial(app.log_with, person.id)))  # type: ignore[attr-defined]
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands()[:20]:
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
