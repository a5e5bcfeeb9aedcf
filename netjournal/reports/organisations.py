"""Organisations as text, JSON and Markdown: `netjournal org list`, `org show` and the export, which say the
same things as the Organisations screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..common.safe_text import one_line_each
from ..core.journal import Journal
from ..core.model import Contact, Interaction, Organisation
from ..insights.facts import ago
from ..insights.organisations import (THEME_DAYS, AskIntroduction, OrgSummary, Theme, introductions_to_ask,
                                      org_summaries, themes_by_organisation, themes_heard)
from .person import LinkRef, Ref, link_refs, one_line, score_words

TIMELINE_LIMIT = 20  # the newest conversations an organisation view lists; the person views have the rest
THEMES_TITLE = f"Themes heard ({THEME_DAYS} days)"
THEMES_EMPTY = "none yet: a word heard in two conversations or more shows here"
THEME_SOURCES_SHOWN = 4  # the newest conversations named beside a theme on a line; the JSON has them all


def involvement_words(organisation: Organisation) -> str:
    """`stakeholder · rank 1 · consulted`: what the organisation is to the person, in one line."""
    parts = [organisation.kind.replace("_", " "), f"rank {organisation.rank}" if organisation.rank else "",
             f"involvement: {organisation.involvement}" if organisation.involvement else "",
             "archived" if organisation.archived else ""]
    return " · ".join(part for part in parts if part)


def month_words(summary: OrgSummary) -> str:
    if not summary.contacts_this_month:
        return "none"
    return f"{summary.formal_this_month} formal, {summary.informal_this_month} informal"


def how_words(talk: Interaction) -> str:
    """`formal`, `informal`, or what it was when not a conversation: `passed on`, `introduction`."""
    if talk.kind == "share":
        return "passed on"
    if talk.kind == "introduction":
        return "introduction"
    return "formal" if talk.formal else "informal"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def theme_sources_words(theme: Theme, most: int = THEME_SOURCES_SHOWN) -> str:
    """`2026-11-20 Ana Ruiz, Bo Lind; 2026-11-03 Ana Ruiz`: the conversations a theme was heard in, newest
    first, the rest counted."""
    shown = [f"{s.date} {', '.join(one_line(name) for name in s.names)}" for s in theme.sources[:most]]
    rest = len(theme.sources) - len(shown)
    return "; ".join(shown) + (f"; and {rest} more" if rest > 0 else "")


def theme_words(theme: Theme) -> str:
    """`budget (3): 2026-11-20 Ana Ruiz, Bo Lind; ...`: one theme on one line."""
    return f"{one_line(theme.word)} ({theme.count}): {theme_sources_words(theme)}"


# --- the list ------------------------------------------------------------------------------------------


def org_list_text(summaries: list[OrgSummary], today: date) -> str:
    if not summaries:
        return "No organisations yet: `netjournal org add NAME`, or give people an --org."
    lines = [f"{'Organisation':28}  {'Rank':>4}  {'Kind':15}  {'Involvement':11}  {'People':>6}  {'Last':10}  "
             f"{'This month':20}  Flags"]
    for s in summaries:
        o = s.organisation
        lines.append(f"{one_line(o.name)[:28]:28}  {o.rank or '':>4}  {o.kind.replace('_', ' '):15}  "
                     f"{o.involvement:11}  {len(s.people):>6}  {ago(_day(s.last_contact), today)[:10]:10}  "
                     f"{month_words(s):20}  {', '.join(s.flags)}".rstrip())
    return one_line_each(lines)


def org_list_json(summaries: list[OrgSummary]) -> list[dict[str, Any]]:
    return [_summary_json(s) for s in summaries]


def _summary_json(s: OrgSummary) -> dict[str, Any]:
    o = s.organisation
    return {"id": o.id, "name": o.name, "kind": o.kind, "rank": o.rank, "involvement": o.involvement,
            "archived": o.archived, "people": len(s.people), "last_contact": s.last_contact,
            "this_month": {"formal": s.formal_this_month, "informal": s.informal_this_month}, "flags": list(s.flags)}


# --- one organisation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    contact: Contact
    last_contact: str | None
    rating: int | None
    links: tuple[LinkRef, ...]  # with other people there, or anyone who influences them

    @property
    def text(self) -> str:
        person = self.contact
        parts = [person.name + (" ★" if person.key_influencer else ""),
                 "decision maker" if person.decision_maker else "", person.title]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class OrgView:
    summary: OrgSummary
    today: date
    members: tuple[Member, ...]
    timeline: tuple[tuple[Interaction, tuple[Ref, ...]], ...]  # newest first, with who was there
    primary_contact: Ref | None
    asks: tuple[AskIntroduction, ...] = ()  # decision makers there never met, and who could introduce you
    themes: tuple[Theme, ...] = ()  # the words heard again and again there lately, most heard first

    @property
    def organisation(self) -> Organisation:
        return self.summary.organisation


def org_view(journal: Journal, org_id: str) -> OrgView:
    journal.organisation(org_id)  # JournalError when it is not in the journal (any more)
    today = journal.today()
    [summary] = org_summaries(journal, today, only=org_id)
    names = {c.id: c.name for c in journal.everyone()}
    last = journal.last_contact_dates()
    ratings = journal.latest_ratings()
    ids = frozenset(p.id for p in summary.people)
    links: dict[str, list] = {}
    for link in journal.links():
        for side in (link.from_id, link.to_id):
            if side in ids:
                links.setdefault(side, []).append(link)
    members = tuple(Member(p, last.get(p.id), ratings[p.id].score if p.id in ratings else None,
                           link_refs(links.get(p.id, ()), p.id, names)) for p in summary.people)
    talks = journal.interactions_with_any(ids, TIMELINE_LIMIT) if ids else ()
    timeline = tuple((t, tuple(Ref(i, names.get(i, "?")) for i in t.with_)) for t in talks)
    contact_id = summary.organisation.plan.contact_id
    primary = Ref(contact_id, names.get(contact_id, "?")) if contact_id else None
    return OrgView(summary, today, members, timeline, primary, tuple(introductions_to_ask(journal, org_id)),
                   tuple(themes_heard(journal, org_id, today)))


def org_text(view: OrgView) -> str:
    o, s = view.organisation, view.summary
    lines = [o.name + (f"  ({involvement_words(o)})" if involvement_words(o) else "")]
    lines.append(f"People: {len(s.people)} · last contact {ago(_day(s.last_contact), view.today)} · "
                 f"this month {month_words(s)}")
    if o.cadence_days:
        lines.append(f"Keep in touch every {o.cadence_days} days")
    if s.flags:
        lines.append("Flags: " + ", ".join(s.flags))
    for title, text in (("Mandate", o.mandate), ("Needs", o.needs)):
        lines += ["", title, f"  {one_line(text)}" if text else "  nothing noted yet"]
    lines += ["", "Issues and trends"]
    lines += [f"  {i.date}  {one_line(i.text)}" + ("  (resolved)" if i.resolved else "") for i in o.issues] or \
        ["  none noted yet"]
    lines += ["", THEMES_TITLE]
    lines += [f"  {theme_words(theme)}" for theme in view.themes] or [f"  {THEMES_EMPTY}"]
    plan = o.plan
    lines += ["", "Plan"]
    if plan.empty:
        lines.append("  none yet")
    else:
        lines += [f"  {label}: {value}" for label, value in (
            ("Objectives", one_line(plan.objectives)), ("Measures", one_line(plan.measures)), ("By", plan.by or ""),
            ("Primary contact", view.primary_contact.name if view.primary_contact else "")) if value]
    lines += ["", "People (decision makers first)"]
    for m in view.members:
        rating = f" · {score_words(m.rating)}" if m.rating else ""
        lines.append(f"  {m.text} · last {ago(_day(m.last_contact), view.today)}{rating}")
        lines += [f"      {link.text}" for link in m.links]
    if not view.members:
        lines.append("  nobody yet: give people this --org")
    if view.asks:
        lines += ["", "Who could introduce you"]
        lines += [f"  {ask.text}" for ask in view.asks]
    lines += ["", "Conversations (newest first)"]
    lines += [f"  {t.date}  {how_words(t):12}  {', '.join(r.name for r in who)}: "
              f"{one_line(t.gave if t.kind == 'share' else t.topics)}".rstrip()
              for t, who in view.timeline] or ["  none logged yet"]
    return one_line_each(lines)


def org_json(view: OrgView) -> dict[str, Any]:
    o = view.organisation
    record = o.to_record()
    return {**_summary_json(view.summary), "mandate": o.mandate, "needs": o.needs, "issues": record["issues"],
            "plan": record["plan"], "cadence_days": o.cadence_days,
            "members": [{"id": m.contact.id, "name": m.contact.name, "title": m.contact.title,
                         "decision_maker": m.contact.decision_maker, "key_influencer": m.contact.key_influencer,
                         "last_contact": m.last_contact, "rating": m.rating,
                         "links": [{"kind": link.kind, "direction": "from" if link.outgoing else "to",
                                    "other": {"id": link.other.id, "name": link.other.name}, "note": link.note}
                                   for link in m.links]} for m in view.members],
            "introductions_to_ask": [{"decision_maker": {"id": a.decision_maker.id, "name": a.decision_maker.name},
                                      "via": {"id": a.via.id, "name": a.via.name}, "link": a.kind, "text": a.text}
                                     for a in view.asks],
            "themes": [{"word": theme.word, "count": theme.count,
                        "sources": [{"id": s.interaction_id, "date": s.date, "with": list(s.names),
                                     "topic": s.excerpt} for s in theme.sources]} for theme in view.themes],
            "timeline": [{"id": t.id, "date": t.date, "kind": t.kind, "formal": t.formal, "business": t.business,
                          "channel": t.channel, "topics": t.topics,
                          "with": [{"id": r.id, "name": r.name} for r in who]} for t, who in view.timeline]}


# --- in the Markdown export ------------------------------------------------------------------------------


def organisations_markdown(journal: Journal) -> list[str]:
    summaries = org_summaries(journal, include_archived=True)
    if not summaries:
        return []
    themes = themes_by_organisation(journal, journal.today())
    lines = ["", "## Organisations"]
    for s in summaries:
        o = s.organisation
        lines += ["", f"### {o.name}"]
        if involvement_words(o):
            lines.append(involvement_words(o))
        people = ", ".join(p.name + (" (decision maker)" if p.decision_maker else "") for p in s.people)
        lines.append(f"People: {people or 'none yet'}")
        for label, text in (("Mandate", o.mandate), ("Needs", o.needs)):
            if text:
                lines.append(f"{label}: {one_line(text)}")
        if o.issues:
            lines += ["", "Issues and trends:", ""]
            lines += [f"- {i.date}: {one_line(i.text)}" + (" (resolved)" if i.resolved else "") for i in o.issues]
        if themes.get(o.id):
            lines += ["", f"{THEMES_TITLE}:", ""]
            lines += [f"- {theme_words(theme)}" for theme in themes[o.id]]
        if not o.plan.empty:
            lines += ["", f"Plan: {one_line(o.plan.objectives)}" + (f"; measures: {one_line(o.plan.measures)}"
                                                                    if o.plan.measures else "")
                      + (f"; by {o.plan.by}" if o.plan.by else "")]
    return lines

