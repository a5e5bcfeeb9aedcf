"""Type-ahead over the journal's names, for fields that take one person or a comma-separated list."""

from __future__ import annotations

from textual.suggester import Suggester

from ...journal import Journal, NameAmbiguous, NameNotFound
from ...model import Contact


class NameSuggester(Suggester):
    """Completes the name being typed after the last comma, from active contacts, case-insensitively."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.journal = journal

    async def get_suggestion(self, value: str) -> str | None:
        done, _, typing = value.rpartition(",")
        completion = complete_name(self.journal, typing.strip(), keep_typed=True)
        if completion is None:
            return None
        prefix = f"{done}, " if done else ("" if not typing.startswith(" ") else " ")
        return prefix + completion


def complete_name(journal: Journal, partial: str, keep_typed: bool = False) -> str | None:
    """The one name that `partial` starts (by the full name or a part of it), if there is exactly one.

    `keep_typed` keeps the letters as the person typed them, so ghost text continues them exactly.
    """
    if not partial:
        return None
    wanted = partial.casefold()
    matches = [c.name for c in journal.contacts()
               if c.name.casefold().startswith(wanted)
               or any(part.startswith(wanted) for part in c.name.casefold().split())]
    if len(matches) == 1 or (matches and all(m == matches[0] for m in matches)):
        name = matches[0]
        # Keep what the person typed when it began the name, so the ghost text continues their letters.
        if keep_typed and name.casefold().startswith(wanted):
            return partial + name[len(partial):]
        return name
    return None


def resolve_people(journal: Journal, text: str, field: str) -> list[Contact]:
    """Names separated by commas -> contacts; an error names the field and lists the candidates."""
    people: list[Contact] = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        try:
            person = journal.resolve_name(name)
        except (NameNotFound, NameAmbiguous) as error:
            raise ValueError(f"{field}: {error}") from None
        if person.id not in {p.id for p in people}:
            people.append(person)
    return people
