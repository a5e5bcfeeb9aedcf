"""People: adding, editing, archiving and forgetting them, and finding them by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import orjson

from ...common.folding import caseless, fold, folded_words
from ..model import Contact, FocusGoal, Interaction, Share, utc_now
from ..errors import JournalError


def _listed(names: list[str]) -> str:
    """Names in a message: separated by commas, or by semicolons when a name has a comma of its own."""
    return ("; " if any("," in name for name in names) else ", ").join(names)


class NameNotFound(JournalError):
    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name, self.candidates = name, candidates
        hint = f"; did you mean {_listed(candidates)}?" if candidates else ""
        super().__init__(f"no contact named {name!r}{hint}")


class NameAmbiguous(JournalError):
    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name, self.candidates = name, candidates
        super().__init__(f"{name!r} matches several contacts: {_listed(candidates)}; give more of the name")


class ContactsArea:
    # --- contacts ---------------------------------------------------------------------------

    def contacts(self, include_archived: bool = False, ordered: bool = True) -> list[Contact]:
        """People by name (`ordered=False`: in stored order, for callers that sort their own way)."""
        found = [Contact.from_stored(doc) for doc in self._docs("contacts")
                 if include_archived or not doc.get("archived")]
        if not ordered:
            return found
        return sorted(found, key=lambda c: (fold(c.name), c.name.casefold()))  # José beside Jose, in a fixed order

    def everyone(self) -> tuple[Contact, ...]:
        """Every person, archived too, in stored order, kept until the journal changes: for views that redraw
        often (the Organisations screens). Read-only: `contacts()` gives records to change."""
        return self._kept("everyone", lambda: tuple(self.contacts(include_archived=True, ordered=False)),
                          tables=("contacts",))

    def by_name(self, include_archived: bool = False) -> tuple[Contact, ...]:
        """`contacts()` kept until the journal changes, for what asks on every key or save (names typed in a form,
        the panes): building 2,000 people and sorting them again each time cost more than the save itself.
        Read-only: `contacts()` gives records to change."""
        return self._kept(("by name", include_archived), lambda: tuple(sorted(
            (c for c in self.everyone() if include_archived or not c.archived),
            key=lambda c: (fold(c.name), c.name.casefold()))), tables=("contacts",))

    def _names_index(self, key: Callable[[str], str]) -> tuple[dict[str, list[Contact]], dict[str, list[Contact]]]:
        """Everyone (archived too, by name) under `key` of their label (`Name (Org)`) and of their name: what
        `resolve_name` looks a typed name up in, made once per change instead of once per name."""
        def index() -> tuple[dict[str, list[Contact]], dict[str, list[Contact]]]:
            labels: dict[str, list[Contact]] = {}
            names: dict[str, list[Contact]] = {}
            for person in self.by_name(include_archived=True):
                labels.setdefault(key(_label(person)), []).append(person)
                names.setdefault(key(person.name), []).append(person)
            return labels, names

        return self._kept(("names index", key.__name__), index, tables=("contacts",))

    def contact(self, contact_id: str) -> Contact:
        return self._get(Contact, contact_id)

    def _check_contact(self, contact: Contact, stored_roles: Iterable[str] = ()) -> None:
        """`stored_roles`: roles the saved record has already; kept even when this computer does not define
        them (they come from the roles.yaml of another computer that shares the journal)."""
        contact.check_roles((*self.role_ids, *stored_roles))
        self._settle_org(contact)
        if contact.introduced_by:
            if contact.introduced_by == contact.id:
                raise ValueError("introduced_by: a person cannot introduce themselves")
            self._require_contacts([contact.introduced_by], "introduced_by")

    def add_contact(self, contact: Contact) -> Contact:
        with self._change():
            self._check_contact(contact)
            self._insert(contact)
        return contact

    def update_contact(self, contact: Contact) -> Contact:
        with self._change():
            self._check_contact(contact)
            contact.updated_at = utc_now()
            self._replace(contact)
        return contact

    def edit_contact(self, base: Contact, mine: Contact, resolutions: Mapping[str, str] | None = None) -> Contact:
        """Save a form's edit of a person: the fields changed from `base` (the person as the form loaded them),
        applied on top of the newest saved record. Tags and roles merge item by item. See `_merged`.

        A role the saved record has stays even when this computer does not define it; only a role being added
        must be one of `roles`."""
        with self._change():
            theirs, contact = self._merged(Contact, base, mine, resolutions, self.edit_contact, what=base.name,
                                           sets=("tags", "roles"))
            self._check_contact(contact, stored_roles=theirs.roles)
            contact.updated_at = utc_now()
            self._replace(contact)
        return contact

    def archive_contact(self, contact_id: str, archived: bool = True) -> Contact:
        with self._change():
            contact = self.contact(contact_id)
            contact.archived = archived
            contact.updated_at = utc_now()
            self._replace(contact)
        return contact

    def forget_contact(self, contact_id: str) -> None:
        """Remove a person and every mention of them, for good (the daily backup still has them)."""
        with self._change():
            self._doc_id("contacts", contact_id)
            self._forget_mentions(contact_id)
            self._remove("contacts", [contact_id])

    def _forget_mentions(self, contact_id: str) -> None:
        """Inside a change: every record about a person goes, and every mention of them in others."""
        self._drop_conflicts(lambda doc: contact_id in orjson.dumps([doc["kept"], doc["other"]]).decode())
        for table, field_name in (("ratings", "contact_id"), ("week_goals", "contact_id")):
            self._remove(table, [d["id"] for d in self._docs(table) if d.get(field_name) == contact_id])
        removed: list[str] = []
        for interaction in self._all(Interaction):
            if contact_id in interaction.with_:
                if interaction.with_ == [contact_id]:
                    self._remove("interactions", [interaction.id])
                    removed.append(interaction.id)
                else:
                    interaction.with_.remove(contact_id)  # an introduction keeps its other side
                    self._replace(interaction)
        for other in self._all(Contact):
            if other.introduced_by == contact_id:
                other.introduced_by = None
                self._replace(other)
        for goal in self._all(FocusGoal):
            if contact_id in goal.helps + goal.hinders:
                goal.helps = [c for c in goal.helps if c != contact_id]
                goal.hinders = [c for c in goal.hinders if c != contact_id]
                self._replace(goal)
        for share in self._all(Share):
            if any(p.contact_id == contact_id for p in share.passed):
                share.passed = [p for p in share.passed if p.contact_id != contact_id]
                self._replace(share)
        self._forget_in_ahead(contact_id)
        self._forget_in_organisations(contact_id)
        self._forget_in_months(contact_id, removed)

    def find_contacts(self, name: str, include_archived: bool = False) -> list[Contact]:
        """Contacts whose name is `name`; failing that, whose first, last or full name starts with it; failing
        that, whose name contains it. Case, accents and NFC/NFD are folded: `jose` finds José Álvarez."""
        wanted = fold(name)
        if not wanted:
            return []
        people = self.contacts(include_archived=include_archived)
        exact = [c for c in people if fold(c.name) == wanted]
        if exact:
            return exact
        starts = [c for c in people if any(part.startswith(wanted) for part in _name_prefixes(c.name))]
        if starts:
            return starts
        return [c for c in people if wanted in fold(c.name)]

    def namesakes(self, name: str, but: str | None = None) -> list[Contact]:
        """Everyone (archived too) whose name is `name` folded, other than the person with id `but`: who makes
        a new name a duplicate. "Jose Alvarez" and an NFD "José Álvarez" are both namesakes of José Álvarez."""
        wanted = fold(name)
        return [c for c in self.contacts(include_archived=True) if fold(c.name) == wanted and c.id != but]

    def resolve_name(self, name: str) -> Contact:
        """Exactly one contact for a typed name, or an error that lists the candidates.

        A full name beats the start of one: `Ana Ruiz` is Ana Ruiz even when she is archived and Ana Ruiz-Lopez
        is not. Otherwise active people first; archived people only when no active one matches (an old
        conversation with someone since archived can still be corrected). `Name (Org)`, as the candidates are
        listed, picks one of two people with the same name. Names are folded (`jose` is José), but a name typed
        with its accents picks the person spelt so first: `José Álvarez` is not also Jose Alvarez.
        """
        matches: list[Contact] = []
        for key in (caseless, fold):  # the strict comparison first, then the folded one
            wanted = key(name)
            labels, names = self._names_index(key)
            labelled = labels.get(wanted, [])
            if len(labelled) == 1:
                return self.contact(labelled[0].id)  # the kept one is read-only: the caller may change this one
            named = names.get(wanted, [])
            matches = [c for c in named if not c.archived] or named  # active people first
            if matches:
                break
        matches = matches or self.find_contacts(name) or self.find_contacts(name, include_archived=True)
        if len(matches) == 1:
            return self.contact(matches[0].id)
        if matches:
            raise NameAmbiguous(name, [_label(c) for c in matches])
        import difflib  # only needed when a name is not found

        names: dict[str, str] = {}
        for person in self.contacts():
            names.setdefault(fold(person.name), person.name)
        close = difflib.get_close_matches(fold(name), names, n=5, cutoff=0.6)
        raise NameNotFound(name, [names[n] for n in close])


def _name_prefixes(name: str) -> list[str]:
    """`Ana Ruiz` can be found as `ana`, `ruiz` or `ana r`; `José Álvarez` as `jose` or `alvarez`."""
    return [fold(name), *folded_words(name)]


def display_name(contact: Contact, everyone: list[Contact]) -> str:
    """The name, or `Name (Org)` when somebody else has the same name: what a form needs to tell them apart."""
    same = sum(1 for other in everyone if caseless(other.name) == caseless(contact.name))
    return _label(contact) if same > 1 else contact.name


def _label(contact: Contact) -> str:
    return f"{contact.name} ({contact.org})" if contact.org else contact.name


