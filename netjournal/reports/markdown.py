"""Weekly reflections as readable Markdown pages, with the week's facts."""

from __future__ import annotations

from ..common.counted import counted
from ..core.journal import Journal
from ..core.model import week_dates
from ..insights.weekly import facts_lines
from .person import FOLLOW_UPS_TITLE, build_view, date_what, entry_sections, one_line
from .today import date_label


def reflection_markdown(journal: Journal, week: str, level: int = 1) -> str:
    """A week's reflection under a heading of `level` (1: a page of its own), its sections one level below."""
    title, section = "#" * level, "#" * (level + 1)
    days = week_dates(week)
    lines = [f"{title} Reflection {week} ({days[0]:%a %d %b} - {days[-1]:%a %d %b %Y})", "",
             f"{section} The week", ""]
    lines += [f"- {line}" for line in facts_lines(journal, week)]
    saved = journal.reflection(week)
    if saved is None:
        lines += ["", "_No reflection was written for this week._"]
        return "\n".join(lines) + "\n"
    for number, answer in enumerate(saved.answers, start=1):
        lines += ["", f"{section} {number}. {answer.prompt}", "", answer.answer.strip() or "_(no answer)_"]
    if saved.notes.strip():
        lines += ["", f"{section} Notes", "", saved.notes.strip()]
    return "\n".join(lines) + "\n"


def all_reflections_markdown(journal: Journal, level: int = 1) -> str:
    """Every week that has a reflection, newest first, each under a heading of `level`."""
    weeks = [r.week for r in journal.reflections()][::-1]
    if not weeks:
        return "#" * level + " Reflections\n\n_No reflections written yet._\n"
    return "\n".join(reflection_markdown(journal, week, level) for week in weeks)


def journal_markdown(journal: Journal) -> str:
    """The whole journal, readable: every person with their notes and conversations, then the reflections."""
    everyone = journal.contacts(include_archived=True)
    names = {c.id: c.name for c in everyone}
    role_names = {r.id: r.name for r in journal.roles}
    shares, today = journal.shares(), journal.today()
    links: dict[str, list] = {}
    for link in journal.links():
        for side in (link.from_id, link.to_id):
            links.setdefault(side, []).append(link)
    open_follow_ups: dict[str, list] = {}
    for follow_up in journal.follow_ups():  # one read for everybody, soonest first
        open_follow_ups.setdefault(follow_up.contact_id, []).append(follow_up)
    tally = f"{counted(len(names), 'person', 'people')}, {counted(journal.interaction_count(), 'conversation')}"
    lines = ["# netjournal", "", f"_{tally}._", "",
             "## People"]
    for person in journal.contacts(include_archived=True):
        lines += ["", f"### {person.name}" + (" (archived)" if person.archived else "")]
        org = person.org + (" (decision maker)" if person.decision_maker and person.org else "")
        facts = [", ".join(p for p in (person.title, org) if p), person.email, person.phone]
        facts = [f for f in facts if f]
        if facts:
            lines.append(" · ".join(facts))
        # A document keeps the dates themselves: "turns 42 on Sunday" would be wrong by the time it is read.
        lines += [f"{date_what(entry)}: {date_label(entry)}" for entry in person.dates]
        if person.tags:
            lines.append(f"Interests: {', '.join(person.tags)}")
        if person.roles:
            lines.append("Roles: " + ", ".join(role_names.get(r, r) for r in person.roles))
        if person.needs:
            lines.append(f"Looking for: {person.needs}")
        if person.how_met:
            lines.append(f"How we met: {person.how_met}")
        if person.notes:
            lines += ["", person.notes]
        ratings = journal.ratings(person.id)
        if ratings:
            lines += ["", "Ratings: " + ", ".join(f"{r.score} ({r.date})" for r in ratings)]
        talks = journal.interactions(person.id)
        view = build_view(person, talks, everyone, shares, ratings, role_names, today,
                          links=links.get(person.id, ()))
        if view.links:
            lines.append("Links: " + "; ".join(link.text for link in view.links))
        if person.id in open_follow_ups:
            lines += ["", f"#### {FOLLOW_UPS_TITLE}", ""]
            lines += [f"- by {f.due}: {one_line(f.what)}" for f in open_follow_ups[person.id]]
        for title, entries in entry_sections(view):  # what you learned, and the value each way
            if entries:
                lines += ["", f"#### {title}", ""]
                lines += [f"- {entry.date}: {one_line(entry.text)}" if entry.date else f"- {one_line(entry.text)}"
                          for entry in entries]
        if talks:
            lines += ["", "#### Conversations", "", "| date | how | about |", "|---|---|---|"]
            for talk in talks:
                others = [names.get(i, "?") for i in talk.with_ if i != person.id]
                about = talk.topics or talk.learned or ""
                if talk.kind == "share":
                    about = f"passed on: {talk.gave}"
                elif talk.kind == "introduction":
                    about = f"introduction: {talk.topics}"
                if others:
                    about = f"(with {', '.join(others)}) {about}"
                kind = "business" if talk.business else "non-business"
                about = about.replace("|", "/").replace("\n", " ")
                lines.append(f"| {talk.date} | {talk.channel.replace('_', ' ')}, {kind} | {about} |")
    from .month import month_goals_markdown
    from .organisations import organisations_markdown
    from .value import value_markdown

    lines += organisations_markdown(journal)
    lines += value_markdown(journal)
    lines += month_goals_markdown(journal)
    lines += ["", "## Reflections", ""]
    if not journal.reflections():
        return "\n".join(lines + ["_No reflections written yet._"]) + "\n"
    return "\n".join(lines) + "\n" + all_reflections_markdown(journal, level=3)
