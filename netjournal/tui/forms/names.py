"""Type-ahead over the journal's names, for fields that take one person or a comma-separated list."""

from __future__ import annotations

from textual.suggester import Suggester

from ...journal import Journal, NameAmbiguous, NameNotFound, display_name
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
    """The one person `partial` starts (their name, a part of it, or `Name (Org)`), as a form should show them.

    Two people with the same name complete to `Name (Org)` only once the typing tells them apart.
    `keep_typed` keeps the letters as the person typed them, so ghost text continues them exactly.
    """
    if not partial:
        return None
    wanted = partial.casefold()
    people = journal.contacts()
    matches = [c for c in people
               if display_name(c, people).casefold().startswith(wanted)
               or any(part.startswith(wanted) for part in c.name.casefold().split())]
    if len(matches) != 1:
        return None
    shown = display_name(matches[0], people)
    if keep_typed and shown.casefold().startswith(wanted):
        return partial + shown[len(partial):]
    return shown


def _exactly(journal: Journal, name: str) -> Contact | None:
    """The one person whose name (or `Name (Org)`) is exactly `name`, when it holds a tab, CR or other break.

    Journal.resolve_name reads every run of whitespace as one space, so a name imported with a control character
    such as CR in it would not match itself, and a form prefilled with it could not be saved as it is.
    """
    if " ".join(name.split()) == name:
        return None  # resolve_name finds it
    everyone = journal.contacts(include_archived=True)
    found = [c for c in everyone if name in (c.name, display_name(c, everyone))]
    return found[0] if len(found) == 1 else None


def resolve_people(journal: Journal, text: str, field: str) -> list[Contact]:
    """Names separated by commas -> contacts; an error names the field and lists the candidates."""
    people: list[Contact] = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        try:
            person = _exactly(journal, name) or journal.resolve_name(name)
        except (NameNotFound, NameAmbiguous) as error:
            raise ValueError(f"{field}: {error}") from None
        if person.id not in {p.id for p in people}:
            people.append(person)
    return people
