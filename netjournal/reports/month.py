"""The monthly review as text (`netjournal month`), JSON (`--json`) and Markdown (`export --format markdown
--month`)."""

from __future__ import annotations

from ..common.counted import counted
from ..common.safe_text import one_line_each
from ..core.journal import Journal
from ..insights.month import GoalProgress, MonthReview, Tally, month_review
from .person import one_line


def tally_words(tally: Tally) -> str:
    """"3 (2 informal, 1 formal)", or "none"."""
    if not tally.total:
        return "none"
    return f"{tally.total} ({tally.informal} informal, {tally.formal} formal)"


def period_words(review: MonthReview) -> str:
    first, last = review.first, review.last
    # `%-d` is glibc-only; the day number by hand works on every platform.
    return f"{first.day} {first:%b} - {last.day} {last:%b %Y}" + (", so far" if review.so_far else "")


def goal_state(progress: GoalProgress, review: MonthReview) -> str:
    """met, open (the month is still running, or yet to come) or missed (the month is over)."""
    if progress.met:
        return "met"
    return "missed" if review.last < review.today else "open"


def goal_count_words(progress: GoalProgress) -> str:
    if progress.goal.kind == "own":
        return "done" if progress.met else "not done yet"
    if progress.goal.kind == "new_at_events":
        return f"{progress.done} of {counted(progress.target, 'event')}"
    if progress.goal.kind == "activity":
        return f"{counted(progress.done, 'action')} written down"
    return f"{progress.done} of {progress.target}"


def month_text(journal: Journal, month: str | None = None) -> str:
    review = month_review(journal, month)
    lines = [f"Month {review.month} ({period_words(review)})", ""]
    lines.append(f"Conversations: {tally_words(review.this)}; {review.previous}: {tally_words(review.before)}")
    if review.this.total:
        lines.append(f"  by channel: {review.this.channel_words()}")

    lines += ["", "Organisations:" if review.organisations else "Organisations: none ranked or in touch"]
    for row in review.organisations:
        rank = f" (rank {row.organisation.rank})" if row.organisation.rank is not None else ""
        lines.append(f"  {row.organisation.name}{rank}: {tally_words(row.this)}; "
                     f"{review.previous}: {tally_words(row.last)}")
        if row.this.total:
            lines.append(f"    {row.this.channel_words()}; with {', '.join(p.name for p in row.people)}")

    lines += ["", "People:" if review.people else "People: nobody this month"]
    for person in review.people:
        new = ", new" if person.new else ""
        lines.append(f"  {person.contact.name}: {tally_words(person.this)}; {person.this.channel_words()}{new}; "
                     f"{review.previous}: {person.last.total}")

    new_people = ", ".join(p.name for p in review.new_people) or "none"
    lines += ["", f"New people met: {new_people}"]
    lines.append(f"Events: {counted(len(review.events), 'day')} at events this month, "
                 f"{review.events_this_quarter} this quarter (the guides suggest at least one a quarter)")
    for event in review.events:
        new = f"; new: {', '.join(p.name for p in event.new_people)}" if event.new_people else "; nobody new"
        lines.append(f"  {event.date}: {', '.join(p.name for p in event.people)}{new}")

    lines.append("")
    if review.goals:
        lines.append(f"Goals: {review.goals_met} of {len(review.goals)} met")
        for progress in review.goals:
            lines.append(f"  [{goal_state(progress, review):6}] {progress.words} ({goal_count_words(progress)})")
            for note in progress.goal.notes:
                result = f" -> {note.result}" if note.result else ""
                lines.append(f"      {note.date}: {note.action}{result}")
    else:
        lines.append("Goals: none set (`netjournal month-goal` sets one; `netjournal activities` lists the "
                     "guides' activities)")
    return one_line_each(lines)


def month_json(journal: Journal, month: str | None = None) -> dict:
    review = month_review(journal, month)
    return {
        "month": review.month, "from": review.first.isoformat(), "to": review.last.isoformat(),
        "so_far": review.so_far, "previous": review.previous,
        "conversations": review.this.as_json(), "previous_conversations": review.before.as_json(),
        "organisations": [{"id": r.organisation.id, "name": r.organisation.name, "rank": r.organisation.rank,
                           "this_month": r.this.as_json(), "previous_month": r.last.as_json(),
                           "people": [p.id for p in r.people]} for r in review.organisations],
        "people": [{"id": r.contact.id, "name": r.contact.name, "new": r.new, "this_month": r.this.as_json(),
                    "previous_month": r.last.as_json()} for r in review.people],
        "new_people": [{"id": p.id, "name": p.name} for p in review.new_people],
        "events": [{"date": e.date, "conversations": [t.id for t in e.conversations],
                    "people": [p.id for p in e.people], "new_people": [p.id for p in e.new_people]}
                   for e in review.events],
        "events_this_quarter": review.events_this_quarter,
        "goals": [{**p.goal.to_record(), "words": p.words, "done_count": p.done, "target": p.target,
                   "met": p.met, "state": goal_state(p, review)} for p in review.goals],
    }


def month_markdown(journal: Journal, month: str | None = None, level: int = 1) -> str:
    review = month_review(journal, month)
    head, sub = "#" * level, "#" * (level + 1)
    lines = [f"{head} Month {review.month}", "", f"_{period_words(review)}._", "",
             f"Conversations: {tally_words(review.this)} (in {review.previous}: {tally_words(review.before)})"]
    if review.this.total:
        lines.append(f"By channel: {review.this.channel_words()}")
    if review.organisations:
        lines += ["", f"{sub} Organisations", "", f"| organisation | this month | {review.previous} | how |",
                  "|---|---|---|---|"]
        for row in review.organisations:
            name = one_line(row.organisation.name).replace("|", "/")
            lines.append(f"| {name} | {tally_words(row.this)} | {tally_words(row.last)} | "
                         f"{row.this.channel_words() or '-'} |")
    if review.people:
        lines += ["", f"{sub} People", "", f"| person | this month | {review.previous} | how |", "|---|---|---|---|"]
        for row in review.people:
            name = one_line(row.contact.name).replace("|", "/") + (" (new)" if row.new else "")
            lines.append(f"| {name} | {tally_words(row.this)} | {tally_words(row.last)} | "
                         f"{row.this.channel_words()} |")
    lines += ["", f"New people met: {', '.join(one_line(p.name) for p in review.new_people) or 'none'}",
              f"Events: {counted(len(review.events), 'day')} at events ({review.events_this_quarter} this quarter)"]
    lines += [f"- {e.date}: {', '.join(one_line(p.name) for p in e.people)}" for e in review.events]
    lines += ["", f"{sub} Goals", ""]
    if not review.goals:
        lines.append("_No goals set for this month._")
    for progress in review.goals:
        lines.append(f"- [{'x' if progress.met else ' '}] {one_line(progress.words)} "
                     f"({goal_count_words(progress)})")
        for note in progress.goal.notes:
            result = f"; result: {one_line(note.result)}" if note.result else ""
            lines.append(f"    - {note.date}: {one_line(note.action)}{result}")
    return "\n".join(lines) + "\n"


def month_goals_markdown(journal: Journal) -> list[str]:
    """Every month's goals, for the whole-journal export."""
    months = sorted({g.month for g in journal.all_month_goals()})
    if not months:
        return []
    lines = ["", "## Monthly goals"]
    for month in months:
        lines += ["", month_markdown(journal, month, level=3).rstrip("\n")]
    return lines
