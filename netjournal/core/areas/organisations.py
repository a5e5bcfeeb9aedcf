"""Organisations (clients, partners, stakeholders) and the links between people (who reports to, influences,
works with whom).

A person's `org` text is what they belong to: whenever a person is saved, the journal finds the organisation
that text names (folded: case, accents, punctuation and a trailing "Inc."/"Ltd" aside) or creates it, and keeps
its id in `org_id`. So forms, imports and `add --org` need to know nothing about organisations, and renaming an
organisation renames it on its people.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ...common.folding import organisation_key
from ..errors import JournalError
from ..model import Contact, Link, Organisation, OrgIssue, utc_now


class OrganisationNotFound(JournalError):
    pass


class OrganisationAmbiguous(OrganisationNotFound):
    """The name starts the names of several organisations: the message lists them."""


class OrganisationsArea:
    # --- organisations ----------------------------------------------------------------------------

    def organisations(self, include_archived: bool = False) -> list[Organisation]:
        """By rank (the most strategic first; unranked last), then by name."""
        found = [Organisation.from_stored(doc) for doc in self._docs("organisations")
                 if include_archived or not doc.get("archived")]
        return sorted(found, key=lambda o: (o.rank is None, o.rank or 0, organisation_key(o.name), o.name))

    def organisation(self, org_id: str) -> Organisation:
        return self._get(Organisation, org_id)

    def organisation_named(self, name: str) -> Organisation | None:
        """The organisation this spelling names (archived ones too), or None."""
        key = organisation_key(" ".join(name.split()))
        for doc in self._docs("organisations"):
            if organisation_key(doc["name"]) == key:
                return Organisation.from_stored(doc)
        return None

    def resolve_organisation(self, name: str) -> Organisation:
        """Exactly one organisation for a typed name: its name in any spelling, else the start of a word of it."""
        wanted = organisation_key(" ".join(name.split()))
        if not wanted:
            raise OrganisationNotFound("give the name of an organisation (netjournal org list lists them)")
        exact = self.organisation_named(name)
        if exact is not None:
            return exact
        everyone = self.organisations(include_archived=True)
        starts = [o for o in everyone if any(word.startswith(wanted) for word in
                                             [organisation_key(o.name), *organisation_key(o.name).split()])]
        if len(starts) == 1:
            return starts[0]
        if starts:
            names = ", ".join(o.name for o in starts)
            raise OrganisationAmbiguous(f"{name!r} matches several organisations: {names}; give more of the name")
        raise OrganisationNotFound(f"no organisation named {name!r}; netjournal org list lists them")

    def members(self, org_id: str, include_archived: bool = False) -> list[Contact]:
        """The people of an organisation: its decision makers first, then by name."""
        people = [c for c in self.contacts(include_archived=include_archived) if c.org_id == org_id]
        return sorted(people, key=lambda c: not c.decision_maker)

    def add_organisation(self, organisation: Organisation) -> Organisation:
        with self._change():
            self._check_organisation(organisation)
            self._insert(organisation)
        return organisation

    def edit_organisation(self, base: Organisation, mine: Organisation,
                          resolutions: Mapping[str, str] | None = None) -> Organisation:
        """Save a form's or a command's change to an organisation on top of the newest saved one (see
        `_merged`). A new name is written on its people too, so that they stay with it."""
        with self._change():
            theirs, organisation = self._merged(Organisation, base, mine, resolutions, self.edit_organisation,
                                                what=base.name)
            self._check_organisation(organisation)
            organisation.updated_at = utc_now()
            self._replace(organisation)
            if organisation.name != theirs.name:
                for person in self._all(Contact):
                    if person.org_id == organisation.id:
                        person.org = organisation.name
                        person.updated_at = organisation.updated_at
                        self._replace(person)
        return organisation

    def add_org_issue(self, org_id: str, text: str, on: date | None = None) -> Organisation:
        """Note a critical issue or trend heard from an organisation (today, unless `on`)."""
        with self._change():
            organisation = self.organisation(org_id)
            organisation.issues.append(OrgIssue((on or self.today()).isoformat(), text))
            organisation = Organisation.from_record(organisation.to_record())  # validates the new issue
            organisation.updated_at = utc_now()
            self._replace(organisation)
        return organisation

    def _check_organisation(self, organisation: Organisation) -> None:
        same = self.organisation_named(organisation.name)
        if same is not None and same.id != organisation.id:
            raise ValueError(f"name: {same.name!r} is already an organisation in the journal")
        if organisation.plan.contact_id:
            self._require_contacts([organisation.plan.contact_id], "plan.contact_id")

    def _settle_org(self, person: Contact) -> None:
        """Inside a change: point a person's `org_id` at the organisation their `org` names, creating it when
        there is none yet (what an import or `add --org` does for a new name)."""
        if not person.org:
            person.org_id = None
            return
        if person.org_id is not None:
            current = self._find(Organisation, person.org_id)
            if current is not None and organisation_key(current.name) == organisation_key(person.org):
                return
        named = self.organisation_named(person.org)
        if named is None:
            named = Organisation(name=person.org)
            self._insert(named)
        person.org_id = named.id

    def _forget_in_organisations(self, contact_id: str) -> None:
        """Inside a change: a person forgotten leaves no link and is nobody's primary contact."""
        self._remove("links", [d["id"] for d in self._docs("links")
                               if contact_id in (d["from_id"], d["to_id"])])
        for organisation in self._all(Organisation):
            if organisation.plan.contact_id == contact_id:
                organisation.plan.contact_id = None
                self._replace(organisation)

    # --- links between people ----------------------------------------------------------------------

    def links(self, contact_id: str | None = None) -> list[Link]:
        """Every link, or those of one person (from either side), in the order they were made."""
        found = [Link.from_stored(doc) for doc in self._docs("links")
                 if contact_id is None or contact_id in (doc["from_id"], doc["to_id"])]
        return sorted(found, key=lambda link: link.created_at)

    def add_link(self, link: Link) -> Link:
        """Keep how two people stand to each other; the same link twice is kept once (its note updated)."""
        with self._change():
            self._require_contacts([link.from_id, link.to_id], "link")
            for doc in self._docs("links"):
                if (doc["kind"], doc["from_id"], doc["to_id"]) == (link.kind, link.from_id, link.to_id):
                    same = Link.from_stored(doc)
                    if link.note and link.note != same.note:
                        same.note = link.note
                        self._replace(same)
                    return same
            self._insert(link)
        return link

    def remove_link(self, link_id: str) -> None:
        with self._change():
            self._remove("links", [link_id])
