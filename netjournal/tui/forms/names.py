"""Fields that take people by name: one person, or a list separated by commas; type-ahead over the journal.

How typed names are read (the README's "Names in forms"):

- A comma separates names, except inside a name: where the pieces between commas make up somebody's full name
  or `Name (Org)` ("Kim, Lee", "Ana Ruiz, MBA"), they are that one person. From the left, the longest full
  name wins, so `Kim, Lee, Ana` is Kim, Lee and Ana. (Should a journal hold "Kim", "Lee" and "Kim, Lee",
  `Kim, Lee` is the one person; type `Lee, Kim` for the other two.)
- Each name is then what `Journal.resolve_name` makes of it: a full name first (an archived person's too),
  then the start of a first or last name.
- Completion (ghost text, enter) writes the person's name, or `Name (Org)` when two share it: text that reads
  back as exactly that person.

`PeopleInput` is such a field prefilled with stored people: untouched, it stands for exactly the stored ids
(see lists.py); edited, a name left as it was shown is still the person it was shown for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from textual.suggester import Suggester

from ...common.folding import caseless, fold, folded_prefix_end, folded_words
from ...core.journal import Journal, NameAmbiguous, NameNotFound, display_name
from ...core.model import Contact
from .lists import KeptInput, split_items

# Shown for a stored id that is no person in the journal (`netjournal check` reports it); kept while the field is
# untouched, like everything stored, and gone once the person takes it out.
NOT_IN_JOURNAL = "(someone not in the journal)"


def _folded(name: str) -> str:
    """A name as typing matches it: case, accents, ß/ss, ø/o and NFC/NFD folded (see common.folding)."""
    return fold(name)


def _full_names(people: Iterable[Contact]) -> set[str]:
    """Every way a person is named in full, folded: the name, and `Name (Org)`."""
    names: set[str] = set()
    for person in people:
        names.add(_folded(person.name))
        if person.org:
            names.add(_folded(f"{person.name} ({person.org})"))
    return names


_kept_full_names: tuple[tuple[Contact, ...], set[str]] | None = None


def _everyones_full_names(everyone: tuple[Contact, ...]) -> set[str]:
    """`_full_names` of the journal's kept `everyone()`, folded once per change of the journal, not on every key
    typed and again at ctrl+s (4,000 names). The kept tuple is the same object until the journal changes."""
    global _kept_full_names
    if _kept_full_names is None or _kept_full_names[0] is not everyone:
        _kept_full_names = (everyone, _full_names(everyone))
    return _kept_full_names[1]


class NameSuggester(Suggester):
    """Completes the name being typed at the end of the field, from active contacts, folding case and accents.

    Ghost text continues what was typed (`jose` shows ` Álvarez` after it); accepting it writes the name as
    stored (see PeopleInput.action_cursor_right)."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.journal = journal

    async def get_suggestion(self, value: str) -> str | None:
        found = complete_last(self.journal, value, keep_typed=True)
        if found is None or not (found[0] + found[1]).startswith(value):
            return None  # `alv` for José Álvarez: enter completes it, but no ghost text can continue it
        return found[0] + found[1]


def complete_name(journal: Journal, partial: str, keep_typed: bool = False) -> str | None:
    """The one person `partial` starts (their name, a part of it, or `Name (Org)`), as a form should show them.

    Two people with the same name complete to `Name (Org)` only once the typing tells them apart. A full name
    (an archived person's too) is complete already: it comes back as typed, never stretched into a longer name
    that starts the same. `keep_typed` keeps the letters as the person typed them, so ghost text continues
    them exactly.
    """
    if not partial:
        return None
    wanted = _folded(partial)
    everyone = journal.everyone()  # kept: this runs on every key typed
    if wanted in _everyones_full_names(everyone):
        if keep_typed:
            return partial
        # Written as stored (`jose alvarez` -> José Álvarez) when only one spelling folds so; with two (José
        # Álvarez and Jose Alvarez), as typed: resolve_name reads the spelling typed.
        spelt = {text for c in everyone for text in (c.name, f"{c.name} ({c.org})" if c.org else c.name)
                 if _folded(text) == wanted}
        return spelt.pop() if len(spelt) == 1 else partial
    people = journal.by_name()
    same = Counter(caseless(c.name) for c in people)
    shown = {c.id: f"{c.name} ({c.org})" if same[caseless(c.name)] > 1 and c.org else c.name for c in people}
    matches = [c for c in people
               if _folded(shown[c.id]).startswith(wanted)
               or any(part.startswith(wanted) for part in folded_words(c.name))]
    if len(matches) != 1:
        return None
    completed = shown[matches[0].id]
    typed_up_to = folded_prefix_end(completed, partial) if keep_typed else None
    if typed_up_to is not None:
        return partial + completed[typed_up_to:]
    return completed


def complete_last(journal: Journal, value: str, keep_typed: bool = False) -> tuple[str, str] | None:
    """The name being typed at the end of a field of names, completed: `(the text before it, the name)`.

    The name being typed starts after a comma, or earlier when it has commas of its own: `Ana Ruiz, MB`
    completes to `Ana Ruiz, MBA` when that is somebody's name (the longest such run is tried first).
    """
    pieces = value.split(",")
    for start in range(len(pieces)):
        typing = ",".join(pieces[start:])
        if not typing.strip():
            return None
        completion = complete_name(journal, typing.strip(), keep_typed=keep_typed)
        if completion is not None:
            return value[:len(value) - len(typing.lstrip())], completion
    return None


def _exactly(journal: Journal, name: str) -> Contact | None:
    """The one person whose name (or `Name (Org)`) is exactly `name`, when it holds a tab, CR or other break.

    Journal.resolve_name reads every run of whitespace as one space, so a name imported with a control character
    such as CR in it would not match itself, and a form prefilled with it could not be saved as it is.
    """
    if " ".join(name.split()) == name:
        return None  # resolve_name finds it
    everyone = journal.by_name(include_archived=True)
    found = [c for c in everyone if name in (c.name, display_name(c, everyone))]
    return journal.contact(found[0].id) if len(found) == 1 else None  # not the kept, read-only one


def resolve_people(journal: Journal, text: str, field: str,
                   shown: Mapping[str, Contact] | None = None) -> list[Contact]:
    """Names separated by commas -> contacts (see the module's rules); an error names the field and lists the
    candidates. `shown` maps the text a prefilled field showed for each of its people to that person: that text
    means them, whoever else shares the name."""
    shown = shown or {}
    full = _everyones_full_names(journal.everyone())  # kept: the form resolves the names on every key typed
    people: list[Contact] = []
    for name in split_items(text, lambda run: run in shown or _folded(run) in full):
        try:
            person = shown.get(name) or _exactly(journal, name) or journal.resolve_name(name)
        except (NameNotFound, NameAmbiguous) as error:
            raise ValueError(f"{field}: {error}") from None
        if person.id not in {p.id for p in people}:
            people.append(person)
    return people


class PeopleInput(KeptInput):
    """A field of people by name, with type-ahead, prefilled with the people `ids` names (in that order).

    `ids()` is what it holds: exactly `ids` while the text is as shown (an archived person, a name with a
    comma, an id of someone not in the journal all stay as stored); the typed names once it is edited.
    The error a name raises starts with the field's name (its id without `field-`).
    """

    def __init__(self, journal: Journal, ids: Sequence[str] = (), *, then: str = "", **kwargs: Any) -> None:
        everyone = journal.by_name(include_archived=True)  # kept, read-only: the form only shows them
        by_id = {c.id: c for c in everyone}
        texts = [display_name(by_id[i], everyone) if i in by_id else NOT_IN_JOURNAL for i in ids]
        shown = ", ".join(texts) + (then if texts else "")
        kwargs.setdefault("suggester", NameSuggester(journal))
        super().__init__(list(ids), shown, **kwargs)
        self.journal = journal
        self.stored_people = [by_id[i] for i in ids if i in by_id]
        repeated = Counter(texts)
        self.shown_people = {text: by_id[i] for text, i in zip(texts, ids) if i in by_id and repeated[text] == 1}

    def action_cursor_right(self, select: bool = False) -> None:
        """Taking the ghost text (right at the end) writes the name as stored: `jose` becomes José Álvarez,
        not "jose Álvarez"."""
        if not select and self.cursor_at_end and self._suggestion:
            found = complete_last(self.journal, self.value)
            if found is not None:
                self.value = found[0] + found[1]
                self.cursor_position = len(self.value)
                return
        super().action_cursor_right(select)

    async def action_submit(self) -> None:
        """enter, the same in every form: the name being typed completed (when it completes), then the next field.

        `right` takes the completion and stays, to type `, ` and another name. Saving is ctrl+s, never enter: a
        name that does not complete moves on as typed, and ctrl+s says what is wrong with it.
        """
        found = complete_last(self.journal, self.value)
        if found is not None:
            before, name = found
            completed = (f"{before.rstrip()} " if before.strip() else "") + name
            if completed != self.value:  # a name already complete is left as it is (and as stored)
                self.value = completed
                self.cursor_position = len(completed)
        self.screen.focus_next()

    @property
    def field_name(self) -> str:
        return (self.id or "").removeprefix("field-")

    def ids(self) -> list[str]:
        if self.untouched:
            return list(self.stored_value)
        return [person.id for person in self.people()]

    def people(self) -> list[Contact]:
        """The people the field names now (the stored ones that are in the journal, while untouched)."""
        if self.untouched:
            return list(self.stored_people)
        return resolve_people(self.journal, self.value, self.field_name, self.shown_people)
