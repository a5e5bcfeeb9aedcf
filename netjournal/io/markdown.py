"""Weekly reflections as readable Markdown pages, with the week's facts."""

from __future__ import annotations

from ..journal import Journal
from ..model import week_dates
from ..weekly import facts_lines


def reflection_markdown(journal: Journal, week: str) -> str:
    days = week_dates(week)
    lines = [f"# Reflection {week} ({days[0]:%a %d %b} - {days[-1]:%a %d %b %Y})", "", "## The week", ""]
    lines += [f"- {line}" for line in facts_lines(journal, week)]
    saved = journal.reflection(week)
    if saved is None:
        lines += ["", "_No reflection was written for this week._"]
        return "\n".join(lines) + "\n"
    for number, answer in enumerate(saved.answers, start=1):
        lines += ["", f"## {number}. {answer.prompt}", "", answer.answer.strip() or "_(no answer)_"]
    if saved.notes.strip():
        lines += ["", "## Notes", "", saved.notes.strip()]
    return "\n".join(lines) + "\n"


def all_reflections_markdown(journal: Journal) -> str:
    """Every week that has a reflection, newest first."""
    weeks = [r.week for r in journal.reflections()][::-1]
    if not weeks:
        return "# Reflections\n\n_No reflections written yet._\n"
    return "\n".join(reflection_markdown(journal, week) for week in weeks)
