"""What the person should know about each organisation: who is there, when anyone there was last met, this
month's contact (formal and informal), and the flags the partners guide would have them act on."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from ..common.folding import fold
from ..core.journal import Journal
from ..core.model import LINK_WORDS, Contact, Organisation

# The flags, in the order they are shown, with the words for them.
SINGLE_THREADED = "single-threaded"
DECIDER_NOT_INFORMAL = "decision maker never met informally"
NO_CONTACT_THIS_MONTH = "no contact this month"
ISSUE_NOT_FOLLOWED = "open issue not followed up"
FLAGS = (SINGLE_THREADED, DECIDER_NOT_INFORMAL, NO_CONTACT_THIS_MONTH, ISSUE_NOT_FOLLOWED)
# The same flags in a few letters, for a table column (the full words and what they ask are shown beside it).
FLAG_SHORT = {
    SINGLE_THREADED: "1 person",
    DECIDER_NOT_INFORMAL: "decider formal",
    NO_CONTACT_THIS_MONTH: "quiet month",
    ISSUE_NOT_FOLLOWED: "open issue",
}
FLAG_HELP = {
    SINGLE_THREADED: "only one person known there: meet a second",
    DECIDER_NOT_INFORMAL: "a decision maker you have only met formally (or never)",
    NO_CONTACT_THIS_MONTH: "a ranked organisation nobody there heard from this month",
    ISSUE_NOT_FOLLOWED: "an issue they raised, with no conversation there since",
}


@dataclass
class OrgSummary:
    organisation: Organisation
    people: list[Contact]  # decision makers first
    last_contact: str | None  # the newest conversation with anyone there
    formal_this_month: int = 0
    informal_this_month: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def contacts_this_month(self) -> int:
        return self.formal_this_month + self.informal_this_month


def month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def org_summaries(journal: Journal, today: date | None = None, include_archived: bool = False,
                  only: str | None = None) -> list[OrgSummary]:
    """Every organisation (or the one with id `only`), by rank then name, with its people, contact and flags.

    One pass over this month's conversations (the month so far, kept by the journal) and the kept per-person
    dates: no pass over the whole log per organisation.
    """
    day = today or journal.today()
    organisations = journal.organisations(include_archived=include_archived or only is not None)
    if only is not None:
        organisations = [o for o in organisations if o.id == only]
    people: dict[str, list[Contact]] = {o.id: [] for o in organisations}
    for person in journal.everyone():
        if person.org_id in people and not person.archived:
            people[person.org_id].append(person)
    last = journal.last_contact_dates()
    informal = journal.last_informal_dates()
    first_of_month, _ = month_bounds(day)
    summaries = {o.id: OrgSummary(o, sorted(people[o.id], key=lambda c: (not c.decision_maker, fold(c.name))),
                                  max((last[p.id] for p in people[o.id] if p.id in last), default=None))
                 for o in organisations}
    org_of = {p.id: p.org_id for members in people.values() for p in members}
    for talk in journal.interactions_between(first_of_month, day):
        if talk.kind != "conversation":
            continue
        for org_id in {org_of[c] for c in talk.with_ if c in org_of}:
            summary = summaries[org_id]
            if talk.formal:
                summary.formal_this_month += 1
            else:
                summary.informal_this_month += 1
    for summary in summaries.values():
        summary.flags = _flags(summary, informal)
    return list(summaries.values())


def _flags(summary: OrgSummary, informal: dict[str, str]) -> list[str]:
    organisation, flags = summary.organisation, []
    if len(summary.people) == 1:
        flags.append(SINGLE_THREADED)
    if any(p.decision_maker and p.id not in informal for p in summary.people):
        flags.append(DECIDER_NOT_INFORMAL)
    if organisation.rank is not None and summary.contacts_this_month == 0:
        flags.append(NO_CONTACT_THIS_MONTH)
    if any(summary.last_contact is None or summary.last_contact <= issue.date
           for issue in organisation.open_issues):
        flags.append(ISSUE_NOT_FOLLOWED)
    return flags


# --- introductions to ask for --------------------------------------------------------------------------


@dataclass(frozen=True)
class AskIntroduction:
    """A decision maker you have never talked with, and someone you have, linked to them: who to ask."""

    decision_maker: Contact
    via: Contact
    kind: str  # the link between them: knows, works_with, influences, reports_to, family
    via_first: bool  # the link reads from `via` to the decision maker ("Bo reports to Kwame")

    @property
    def text(self) -> str:
        verb = LINK_WORDS[self.kind]
        first, second = (self.via, self.decision_maker) if self.via_first else (self.decision_maker, self.via)
        return (f"{first.name} {verb} {second.name}: ask {self.via.name} to introduce you"
                + (f" ({self.decision_maker.org})" if self.decision_maker.org else ""))


def introductions_to_ask(journal: Journal, org_id: str | None = None) -> list[AskIntroduction]:
    """For each decision maker (of `org_id`, or anywhere) never met, the people you have met who are linked to
    them, the closest link first (works with, knows, family, then influence and reporting lines)."""
    people = {c.id: c for c in journal.everyone() if not c.archived}
    met = journal.last_contact_dates()
    unmet = {c.id for c in people.values()
             if c.decision_maker and c.id not in met and (org_id is None or c.org_id == org_id)}
    if not unmet:
        return []
    closeness = ("works_with", "knows", "family", "influences", "reports_to")
    found: dict[tuple[str, str], AskIntroduction] = {}
    for link in journal.links():
        for target, other in ((link.to_id, link.from_id), (link.from_id, link.to_id)):
            if target in unmet and other in met and other in people:
                key = (target, other)
                if key not in found or closeness.index(link.kind) < closeness.index(found[key].kind):
                    found[key] = AskIntroduction(people[target], people[other], link.kind,
                                                 link.mutual or other == link.from_id)
    return sorted(found.values(), key=lambda a: (a.decision_maker.name.casefold(), closeness.index(a.kind),
                                                 a.via.name.casefold()))
