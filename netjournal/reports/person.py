"""One person as plain facts: what the person view, `netjournal show` (text and JSON) and the Markdown export say
about them, worked out once so that all three say the same.

What was learned about someone and the value that went each way live in their conversations (`learned`, `gave`,
`got`), in the items passed on to them and in introductions. Gathered here, they are read where the person is,
instead of by reopening conversation after conversation.

No Textual: each renderer styles these facts its own way (`tone` says which ones want a colour).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..common.safe_text import one_line_each
from ..core.journal import Journal
from ..core.model import (Contact, FollowUp, ImportantDate, Interaction, Link, Rating, Share, next_occurrence,
                          years_on)
from ..insights.facts import Reciprocity, ago, due_state, reciprocity
from ..insights.value import BALANCE_DAYS, Balance, balances
from ..settings.content import rating_words
from .today import date_label, due_words, yearly_words

# Section titles, the same in the person view, `netjournal show` and the Markdown export.
LEARNED_TITLE = "What you learned about them"
GIVEN_TITLE = "Value you gave them"
RECEIVED_TITLE = "Value they gave you"
FOLLOW_UPS_TITLE = "Follow-ups"

# A follow-up done within this many days still shows with the person: what was just done for them is worth seeing.
RECENT_DONE_DAYS = 30


def score_words(score: int) -> str:
    """`3 good`: the score with the rating scale's word for it."""
    return rating_words().get(score, str(score))


_LINE_BREAK = re.compile(r" *\r?\n *")


def one_line(text: str) -> str:
    """A stored text for a list item or a table cell: its lines joined with spaces. Only line breaks: any other
    control character stays, for the renderer to show (`str.split()` would make a CR or a U+2028 a space)."""
    return _LINE_BREAK.sub(" ", text.strip(" \n"))


def text_lines(text: str) -> list[str]:
    """A stored text's lines, split where `safe_text.visible(keep_newlines=True)` keeps a line break: at `\n`
    only (`str.splitlines()` would break at a CR, a U+2028 or a file separator, and so hide them)."""
    return text.replace("\r\n", "\n").split("\n") if text else []


@dataclass(frozen=True)
class Ref:
    """Another person, as scripts need them: an id that stays, and the name as it reads now."""

    id: str
    name: str


@dataclass(frozen=True)
class Entry:
    """A dated line about a person: something learned, or value given or received.

    `source` says where it is recorded: a conversation (`learned`, `gave`, `got`), an item passed on (`share`), an
    introduction you made (`introduction`), or a person they brought you (`introduced_you`: the other person's
    `Introduced by`, which has no date). `interaction_id` is the conversation to open to correct it.
    """

    date: str | None
    text: str
    source: str
    interaction_id: str | None = None
    people: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One labelled detail of the card; tone: "" plain, "warning" wants attention, "dim" says nothing is there."""

    label: str
    text: str
    tone: str = ""


@dataclass(frozen=True)
class Talk:
    """One row of the timeline."""

    id: str
    date: str
    channel: str
    kind: str  # conversation | share | introduction
    business: bool
    formal: bool
    initiated_by: str
    others: tuple[Ref, ...]
    topics: str
    learned: str
    gave: str
    got: str

    @property
    def how(self) -> str:
        return self.channel.replace("_", " ")

    @property
    def kind_text(self) -> str:
        if self.kind == "share":
            return "passed on"
        if self.kind == "introduction":
            return "introduction"
        return ("business" if self.business else "non-business") + (", formal" if self.formal else "")

    @property
    def started(self) -> str:
        return "they" if self.initiated_by == "them" else "you"

    @property
    def about(self) -> str:
        """What it was about, with who else was there; what was passed on, for an item."""
        about = self.gave if self.kind == "share" else self.topics
        if self.others:
            about = f"(with {', '.join(o.name for o in self.others)}) {about}"
        return one_line(about)

    @property
    def extras(self) -> tuple[tuple[str, str], ...]:
        """What the row adds to `about`: what was learned and the value each way, labelled."""
        found = [("learned", self.learned)]
        if self.kind == "conversation":  # an item's or an introduction's `gave` is what `about` already says
            found.append(("you gave", self.gave))
        found.append(("they gave", self.got))
        return tuple((label, one_line(text)) for label, text in found if text.strip())

    @property
    def summary(self) -> str:
        """`about` and its extras on one line: the timeline's About column, in plain text."""
        return " · ".join([self.about] * bool(self.about) + [f"{label}: {text}" for label, text in self.extras])


@dataclass(frozen=True)
class LinkRef:
    """A link seen from one of its two people: how the other stands to them, in words."""

    id: str
    kind: str
    outgoing: bool  # this person is the link's `from` side (for a mutual link, either)
    other: Ref
    note: str

    @property
    def text(self) -> str:
        """`reports to Kwame Mensah`, `Bo Lind reports to them`, `influenced by Bo Lind`, `works with Ana Ruiz`."""
        name = self.other.name
        if self.kind == "reports_to":
            words = f"reports to {name}" if self.outgoing else f"{name} reports to them"
        elif self.kind == "influences":
            words = f"influences {name}" if self.outgoing else f"influenced by {name}"
        elif self.kind == "works_with":
            words = f"works with {name}"
        elif self.kind == "family":
            words = f"family of {name}"
        else:
            words = f"knows {name}"
        return words + (f" ({self.note})" if self.note else "")


def link_refs(links: Iterable[Link], contact_id: str, names: dict[str, str]) -> tuple[LinkRef, ...]:
    return tuple(LinkRef(link.id, link.kind, link.from_id == contact_id,
                         Ref(link.other(contact_id), names.get(link.other(contact_id), "?")), link.note)
                 for link in links)


@dataclass(frozen=True)
class PersonView:
    contact: Contact
    today: date
    last_contact: date | None
    due_on: date | None
    introduced_by: Ref | None
    roles: tuple[Ref, ...]
    learned: tuple[Entry, ...]
    given: tuple[Entry, ...]
    received: tuple[Entry, ...]
    reciprocity: Reciprocity
    balance: Balance | None
    next_time: Entry | None
    ratings: tuple[Rating, ...]
    timeline: tuple[Talk, ...]
    # Open ones soonest first, then those done in the last RECENT_DONE_DAYS, the newest first.
    follow_ups: tuple[FollowUp, ...] = ()
    links: tuple[LinkRef, ...] = ()

    @property
    def due_now(self) -> bool:
        return self.due_on is not None and self.due_on <= self.today

    @property
    def subtitle(self) -> str:
        person = self.contact
        return " · ".join(part for part in (person.title, person.org) if part)

    def details(self) -> list[Fact]:
        """The card's labelled details, in the order the person view shows them."""
        person = self.contact
        org = " · ".join(part for part in (person.org, "decision maker" * person.decision_maker) if part)
        facts = [Fact(label, value) for label, value in (("Org", org), ("Title", person.title),
                                                         ("Email", person.email), ("Phone", person.phone)) if value]
        facts += self.date_facts()
        placement = " · ".join(v for v in (person.side, person.level, person.network) if v)
        if placement:
            facts.append(Fact("Place", placement))
        if person.cadence_days:
            every = "Keep in touch every " + ("day" if person.cadence_days == 1 else f"{person.cadence_days} days")
            facts.append(Fact(every, "due now", "warning") if self.due_now else Fact(every, f"next by {self.due_on}"))
        facts.append(Fact("Last contact", ago(self.last_contact, self.today)))
        if person.how_met:
            facts.append(Fact("How you met", person.how_met))
        if self.introduced_by:
            facts.append(Fact("Introduced by", self.introduced_by.name))
        if person.needs:
            facts.append(Fact("Looking for", person.needs))
        roles = ", ".join(r.name for r in self.roles)
        facts.append(Fact("Roles", roles) if roles else Fact("Roles", "none", "dim"))
        if self.links:
            facts.append(Fact("Links", "; ".join(link.text for link in self.links)))
        facts.append(Fact("Interests", ", ".join(person.tags)) if person.tags else Fact("Interests", "none noted",
                                                                                         "dim"))
        return facts

    def date_facts(self) -> list[Fact]:
        """`Birthday: 12 Apr 1985 · turns 42 on Sunday`: each date kept about them, with when it next comes."""
        return [Fact(date_what(entry), f"{date_label(entry)} · {_when_again(entry, self.today)}")
                for entry in self.contact.dates]

    def follow_up_lines(self) -> list[str]:
        """`send the article (due Friday) [ab12cd34]`: open ones, then recently done; the id for `netjournal done`."""
        return [f"{f.what} ({due_words(f, self.today)}) [{f.id}]" for f in self.follow_ups]

    def balance_line(self) -> str | None:
        """The give and take of the reciprocity window in words, or None when nothing happened in it."""
        b = self.balance
        if b is None:
            return None
        return (f"Last {BALANCE_DAYS} days: value passed to them {b.gave}, to you {b.got}; "
                f"conversations started by you {b.you_started}, by them {b.they_started}")

    def rating_lines(self) -> list[str]:
        """Newest first: `2026-11-06  2 adequate · improve by 2027-01-15 · in the way: … · action: …`.

        What stands in the way and the one action (or a 3's plan) are what the improve-by date is checked against:
        when the date passes and a prompt asks "did it get better?", they are here to answer it.
        """
        lines = []
        for r in reversed(self.ratings):
            parts = [f"{r.date}  {score_words(r.score)}"]
            parts += [f"{label}{one_line(text)}" for label, text in (
                ("improve by ", r.improve_by or ""), ("in the way: ", r.barriers), ("action: ", r.action),
                ("plan: ", r.plan)) if text.strip()]
            lines.append(" · ".join(parts))
        return lines


def date_what(entry: ImportantDate) -> str:
    """What a date is, as a label: `Birthday`, `Wedding anniversary`, `Started at Acme`."""
    what = entry.what
    return what[:1].upper() + what[1:]


def _when_again(entry: ImportantDate, today: date) -> str:
    """The shared phrase without the date's name, which the label beside it already says: `in 6 days`,
    `17 years on Sun 20 Jun 2027`; a birthday with a year keeps `turns 42 on Sunday`."""
    words = yearly_words(entry, today)
    if words.startswith(entry.what + " "):
        words = words[len(entry.what) + 1:]
        if words.startswith("("):  # "(17 years) on Sunday"
            years, _, rest = words[1:].partition(") ")
            words = f"{years} {rest}"
    return words


def person_follow_ups(follow_ups: Iterable[FollowUp], today: date) -> tuple[FollowUp, ...]:
    """The follow-ups a person view lists: open ones soonest first, then those done lately, newest first."""
    found = list(follow_ups)
    since = (today - timedelta(days=RECENT_DONE_DAYS)).isoformat()
    open_ones = sorted((f for f in found if f.open), key=lambda f: (f.due, f.created_at))
    done = sorted((f for f in found if not f.open and (f.done_on or "") >= since), key=lambda f: f.done_on or "",
                  reverse=True)
    return tuple(open_ones + done)


# --- gathering ------------------------------------------------------------------------------------


def person_view(journal: Journal, contact_id: str) -> PersonView:
    """Everything the person view shows about one person (`JournalError` when they are not in the journal)."""
    person = journal.contact(contact_id)
    everyone = journal.contacts(include_archived=True)
    return build_view(person, journal.interactions(person.id), everyone, journal.shares(),
                      journal.ratings(person.id), {r.id: r.name for r in journal.roles}, journal.today(),
                      journal.follow_ups(person.id, include_done=True), journal.links(person.id))


def build_view(person: Contact, talks: Sequence[Interaction], everyone: Sequence[Contact], shares: Sequence[Share],
               ratings: Sequence[Rating], role_names: dict[str, str], today: date,
               follow_ups: Iterable[FollowUp] = (), links: Iterable[Link] = ()) -> PersonView:
    """The view from records already read; `talks` are the person's, newest first (`Journal.interactions`)."""
    names = {c.id: c.name for c in everyone}

    def ref(contact_id: str) -> Ref:
        return Ref(contact_id, names.get(contact_id, "?"))

    state = due_state(person, talks[0].date if talks else None, today)
    # The plan for next time is a conversation's; an item passed on or an introduction since does not replace it.
    newest = next((t for t in talks if t.kind == "conversation"), None)
    return PersonView(
        contact=person, today=today, last_contact=state.last_contact, due_on=state.due_on,
        introduced_by=ref(person.introduced_by) if person.introduced_by else None,
        roles=tuple(Ref(r, role_names.get(r, r)) for r in person.roles),
        learned=learned_entries(talks),
        given=given_entries(person, talks, shares, names),
        received=received_entries(person, talks, everyone),
        reciprocity=reciprocity(talks, person.id),
        balance=balances(talks, today).get(person.id),
        next_time=(Entry(newest.date, newest.next_time, "conversation", newest.id)
                   if newest is not None and newest.next_time else None),
        ratings=tuple(ratings),
        timeline=tuple(Talk(t.id, t.date, t.channel, t.kind, t.business, t.formal, t.initiated_by,
                            tuple(ref(i) for i in t.with_ if i != person.id), t.topics, t.learned, t.gave, t.got)
                       for t in talks),
        follow_ups=person_follow_ups(follow_ups, today),
        links=link_refs(links, person.id, names),
    )


def learned_entries(talks: Iterable[Interaction]) -> tuple[Entry, ...]:
    """What each conversation taught you about them, newest first."""
    return tuple(Entry(t.date, t.learned, "conversation", t.id) for t in talks if t.learned.strip())


def given_entries(person: Contact, talks: Iterable[Interaction], shares: Iterable[Share],
                  names: dict[str, str]) -> tuple[Entry, ...]:
    """Value you passed to them, newest first: what a conversation gave, items passed on, introductions made.

    An item passed on before passing things on was logged (a journal from an older version) has no conversation;
    it is listed from the share queue, so nothing given is missing.
    """
    found: list[Entry] = []
    logged: set[str] = set()
    for talk in talks:
        logged.add(talk.id)
        if talk.kind == "introduction":
            others = tuple(Ref(i, names.get(i, "?")) for i in talk.with_ if i != person.id)
            who = ", ".join(o.name for o in others) or "someone since forgotten"
            found.append(Entry(talk.date, f"You introduced them to {who}: {talk.topics}", "introduction", talk.id,
                               others))
        elif talk.kind == "share" and talk.gave.strip():
            found.append(Entry(talk.date, f"Passed on: {talk.gave}", "share", talk.id))
        elif talk.gave.strip():
            found.append(Entry(talk.date, talk.gave, "conversation", talk.id))
    for share in shares:
        for passed in share.passed:
            if passed.contact_id == person.id and passed.interaction_id not in logged:
                what = share.title + (f" ({share.link})" if share.link else "")
                found.append(Entry(passed.date, f"Passed on: {what}", "share"))
    return tuple(sorted(found, key=lambda e: e.date or "", reverse=True))


def received_entries(person: Contact, talks: Iterable[Interaction],
                     everyone: Iterable[Contact]) -> tuple[Entry, ...]:
    """Value they passed to you, newest first, then the people they introduced you to (undated)."""
    found = [Entry(t.date, t.got, "conversation", t.id) for t in talks if t.got.strip()]
    for other in everyone:
        if other.introduced_by == person.id:
            found.append(Entry(None, f"They introduced you to {other.name}", "introduced_you",
                               people=(Ref(other.id, other.name),)))
    return tuple(found)


# --- as text, for `netjournal show` -------------------------------------------------------------------


def _entry_lines(entries: Iterable[Entry]) -> list[str]:
    return [f"  {entry.date or '':10}  {one_line(entry.text)}".rstrip() for entry in entries]


def entry_sections(view: PersonView) -> list[tuple[str, tuple[Entry, ...]]]:
    """The three lists, titled, in the order every renderer shows them."""
    return [(LEARNED_TITLE, view.learned), (GIVEN_TITLE, view.given), (RECEIVED_TITLE, view.received)]


def person_text(view: PersonView) -> str:
    """The person view as plain text: each line one line (a newline in a name cannot start a forged line)."""
    person = view.contact
    head = person.name + (" ★ key influencer" if person.key_influencer else "") + (" (archived)" if person.archived
                                                                                   else "")
    lines = [head]
    lines += [f"{fact.label}: {fact.text}" for fact in view.details()]
    lines += ["", "Free information"]
    lines += [f"  {line}" for line in text_lines(person.notes)] or ["  nothing noted yet"]
    for title, entries in entry_sections(view):
        lines += ["", title]
        lines += _entry_lines(entries) or ["  nothing noted yet"]
    lines += ["", "Reciprocity: " + view.reciprocity.describe() + (" (one-sided?)" if view.reciprocity.one_sided
                                                                  else "")]
    balance = view.balance_line()
    if balance:
        lines.append(balance)
        lean = view.balance.lean() if view.balance else None
        if lean:
            lines.append(f"{lean[0]}: {lean[1]}")
    if view.next_time:
        lines.append(f"Next time (planned {view.next_time.date}): {one_line(view.next_time.text)}")
    lines += ["", FOLLOW_UPS_TITLE]
    lines += [f"  {line}" for line in view.follow_up_lines()] or ["  none"]
    lines += ["", "Ratings"]
    lines += [f"  {line}" for line in view.rating_lines()] or ["  not rated yet"]
    lines += ["", "Conversations"]
    lines += [f"  {t.date}  {t.how:9}  {t.kind_text:20}  {t.started:4}  {t.summary}".rstrip()
              for t in view.timeline] or ["  none logged yet"]
    return one_line_each(lines)


# --- as JSON, for `netjournal show --json` ------------------------------------------------------------


def _ref(ref: Ref | None) -> dict[str, str] | None:
    return None if ref is None else {"id": ref.id, "name": ref.name}


def _entry(entry: Entry) -> dict[str, Any]:
    return {"date": entry.date, "text": entry.text, "source": entry.source, "interaction_id": entry.interaction_id,
            "people": [_ref(p) for p in entry.people]}


def _date(entry: ImportantDate, today: date) -> dict[str, Any]:
    """A date kept about them, and when it next comes (`years`: the age a birthday turns then, or null)."""
    on = next_occurrence(entry.date, today)
    return {"kind": entry.kind, "date": entry.date, "label": entry.label, "what": entry.what,
            "next": on.isoformat(), "years": years_on(entry.date, on), "days_away": (on - today).days,
            "text": yearly_words(entry, today)}


def person_json(view: PersonView) -> dict[str, Any]:
    """The person view for scripts: stable keys, people as `{id, name}`, dates as YYYY-MM-DD or null."""
    person = view.contact
    balance = view.balance
    lean = balance.lean() if balance else None
    return {
        "id": person.id, "name": person.name, "org": person.org, "title": person.title, "email": person.email,
        "phone": person.phone, "side": person.side, "level": person.level, "network": person.network,
        "tags": list(person.tags), "roles": [_ref(r) for r in view.roles], "notes": person.notes,
        "needs": person.needs, "how_met": person.how_met, "introduced_by": _ref(view.introduced_by),
        "key_influencer": person.key_influencer, "archived": person.archived, "cadence_days": person.cadence_days,
        "org_id": person.org_id, "decision_maker": person.decision_maker,
        "links": [{"id": link.id, "kind": link.kind, "direction": "from" if link.outgoing else "to",
                   "other": _ref(link.other), "note": link.note, "text": link.text} for link in view.links],
        "last_contact": view.last_contact.isoformat() if view.last_contact else None,
        "due_on": view.due_on.isoformat() if view.due_on else None, "due": view.due_now,
        "learned": [_entry(e) for e in view.learned],
        "value_given": [_entry(e) for e in view.given],
        "value_received": [_entry(e) for e in view.received],
        "reciprocity": {"they_started": view.reciprocity.they_started, "of_last": view.reciprocity.total,
                        "one_sided": view.reciprocity.one_sided},
        "balance": None if balance is None else {
            "days": BALANCE_DAYS, "gave": balance.gave, "got": balance.got, "you_started": balance.you_started,
            "they_started": balance.they_started, "leans": lean[0] if lean else None,
            "suggestion": lean[1] if lean else None},
        "next_time": None if view.next_time is None else {"date": view.next_time.date, "plan": view.next_time.text,
                                                          "interaction_id": view.next_time.interaction_id},
        "dates": [_date(entry, view.today) for entry in person.dates],
        "follow_ups": [{"id": f.id, "what": f.what, "due": f.due, "done_on": f.done_on, "open": f.open,
                        "from_interaction": f.from_interaction, "text": due_words(f, view.today)}
                       for f in view.follow_ups],
        "ratings": [{"date": r.date, "score": r.score, "barriers": r.barriers, "action": r.action,
                     "improve_by": r.improve_by, "plan": r.plan} for r in reversed(view.ratings)],
        "timeline": [{"id": t.id, "date": t.date, "channel": t.channel, "kind": t.kind, "business": t.business,
                      "formal": t.formal, "initiated_by": t.initiated_by, "with": [_ref(o) for o in t.others],
                      "topics": t.topics, "learned": t.learned, "gave": t.gave, "got": t.got}
                     for t in view.timeline],
    }
