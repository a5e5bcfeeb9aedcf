"""The command palette (ctrl+p): every person, to open or to log a conversation with."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..common.folding import fold, fold_map
from .text import line, plain


class PeopleCommands(Provider):
    """`Open: Ana Ruiz` and `Log with: Ana Ruiz` for everyone in the journal.

    The palette reads a str title or help as markup: titles go in as plain Content with their control characters
    shown (and the match highlighted here), help as Content too.
    """

    def _commands(self) -> list[tuple[str, Content, object]]:
        app = self.app
        found = []
        for person in app.journal.contacts():  # type: ignore[attr-defined]
            name, org = line(person.name), plain(person.org, keep_newlines=False)
            found.append((f"Open: {name}", org, partial(app.open_person, person.id)))  # type: ignore[attr-defined]
            found.append((f"Log with: {name}", org, partial(app.log_with, person.id)))  # type: ignore[attr-defined]
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands()[:20]:
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        # Matched folded (`jose` finds Open: José Álvarez, `gross` Jürgen Groß), highlighted on the name as stored.
        matcher = self.matcher(fold(query))
        for title, help_text, callback in self._commands():
            folded, origin = fold_map(title)
            score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
            if score > 0:
                yield Hit(score, self._highlight(matcher, title, [origin[o] for o in offsets]), callback,
                          text=title, help=help_text)  # type: ignore[arg-type]

    @staticmethod
    def _highlight(matcher, title: str, offsets: list[int]) -> Content:
        """Matcher.highlight() reads the title as markup: the same highlight on plain Content."""
        content = Content(title)
        for offset in offsets:
            if not title[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content
