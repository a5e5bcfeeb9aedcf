"""Reflections in the Markdown export: each section sits one heading level below its reflection."""

from __future__ import annotations

import re

from netjournal.core.journal import Journal
from netjournal.core.model import Reflection, ReflectionAnswer

from .test_cli import cli


def headings(text: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#+) (.*)$", text, re.MULTILINE)]


def two_reflections(db_path) -> None:
    journal = Journal(db_path)
    journal.save_reflection(Reflection(week="2026-W47", notes="Busy.", answers=[
        ReflectionAnswer("free-info", "What did you learn?", "Sam keeps bees.\n# Reflection on bees")]))
    journal.save_reflection(Reflection(week="2026-W48", notes="Good week.", answers=[
        ReflectionAnswer("one-sided", "Who did you reach out to?", "Ana")]))


def test_the_whole_journal_puts_a_reflections_sections_below_it(capsys, db_path):
    two_reflections(db_path)
    code, out, err = cli(capsys, db_path, "export", "--format", "markdown")
    assert code == 0, err
    shown = headings(out)
    start = shown.index((2, "Reflections"))
    assert shown[start:] == [
        (2, "Reflections"),
        (3, "Reflection 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026)"),
        (4, "The week"),
        (4, "1. Who did you reach out to?"),
        (4, "Notes"),
        (3, "Reflection 2026-W47 (Mon 16 Nov - Sun 22 Nov 2026)"),
        (4, "The week"),
        (4, "1. What did you learn?"),
        (1, "Reflection on bees"),  # the person's own words, exactly as written: not re-levelled
        (4, "Notes"),
    ]


def test_a_single_week_is_a_page_of_its_own(capsys, db_path, tmp_path):
    two_reflections(db_path)
    target = tmp_path / "week.md"
    code, _, err = cli(capsys, db_path, "export", "--format", "markdown", "--week", "2026-W48", "-o", str(target))
    assert code == 0, err
    assert headings(target.read_text()) == [
        (1, "Reflection 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026)"),
        (2, "The week"),
        (2, "1. Who did you reach out to?"),
        (2, "Notes"),
    ]


def test_no_reflection_yet(capsys, db_path):
    Journal(db_path)
    code, out, _ = cli(capsys, db_path, "export", "--format", "markdown")
    assert code == 0
    assert headings(out)[-1] == (2, "Reflections") and out.endswith("\n\n_No reflections written yet._\n")
