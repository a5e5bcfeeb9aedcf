"""Organisations from the keyboard: add or edit one (what it is, how strategic, its mandate and needs, the plan),
and note an issue or trend it raised."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from ...core.journal import Journal
from ...core.model import INVOLVEMENTS, ORG_KINDS, Organisation, OrgPlan, parse_day, parse_planned_day
from ..inputs import VisibleInput
from ..text import styled
from ..text_area import VisibleTextArea
from .base import FormScreen, labelled, row
from .names import PeopleInput


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value.replace("_", " "), value) for value in values]


class OrganisationForm(FormScreen[Organisation]):
    """`OrganisationForm(journal)` adds an organisation; with `organisation`, edits it: only what was changed is
    saved, on top of what another netjournal may have saved meanwhile."""

    def __init__(self, journal: Journal, organisation: Organisation | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.organisation = organisation

    def compose(self) -> ComposeResult:
        o = self.organisation or Organisation(name="(new)")
        new = self.organisation is None
        with Vertical(classes="form"):
            yield Static(styled("[b]$title[/]", title="Add an organisation" if new else f"Edit {o.name}"),
                         classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield from labelled("Name (required)", VisibleInput("" if new else o.name, id="field-name"))
                yield from row(
                    labelled("Kind", Select(_choices(ORG_KINDS), value=o.kind or Select.NULL, id="field-kind",
                                            prompt="not set")),
                    labelled("Rank (1 = most strategic)", VisibleInput(str(o.rank or ""), id="field-rank",
                                                                       placeholder="e.g. 1")),
                    labelled("Involvement", Select(_choices(INVOLVEMENTS), value=o.involvement or Select.NULL,
                                                   id="field-involvement", prompt="not set")))
                yield from labelled("Mandate: what they are for and where they are heading",
                                    VisibleTextArea(o.mandate, id="field-mandate", classes="short-text"))
                yield from labelled("Needs: what they need from you and others",
                                    VisibleTextArea(o.needs, id="field-needs", classes="short-text"))
                yield from labelled("Keep in touch with someone there every (days)",
                                    VisibleInput(str(o.cadence_days or ""), id="field-cadence_days",
                                                 placeholder="e.g. 30"))
                yield Label("The plan", classes="field-label")
                yield from row(labelled("Objectives", VisibleInput(o.plan.objectives, id="field-objectives")),
                               labelled("Measures", VisibleInput(o.plan.measures, id="field-measures")))
                yield from row(labelled("By (next month, in 3 months, 2027-03-31)",
                                        VisibleInput(o.plan.by or "", id="field-plan_by")),
                               labelled("Primary contact", PeopleInput(
                                   self.journal, [o.plan.contact_id] if o.plan.contact_id else [],
                                   id="field-contact_id")))
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-name", Input).focus()

    def build(self) -> Organisation:
        def text(name: str) -> str:
            return self.query_one(f"#field-{name}", Input).value

        def chosen(name: str) -> str:
            value = self.query_one(f"#field-{name}", Select).value
            return "" if value is Select.NULL else str(value)

        primary = self.query_one("#field-contact_id", PeopleInput).ids()
        if len(primary) > 1:
            raise ValueError("contact_id: one person, please")
        base = self.organisation
        by = text("plan_by").strip()
        if by and not (base is not None and by == base.plan.by):  # a date already set may have passed: kept
            by = parse_planned_day(by, self.journal.today(), "plan_by").isoformat()
        plan = OrgPlan(text("objectives"), text("measures"), by or None, primary[0] if primary else None)
        fields = dict(name=text("name"), kind=chosen("kind"), rank=text("rank").strip() or None,
                      involvement=chosen("involvement"), mandate=self.query_one("#field-mandate",
                                                                                VisibleTextArea).kept_text,
                      needs=self.query_one("#field-needs", VisibleTextArea).kept_text,
                      cadence_days=text("cadence_days").strip() or None, plan=plan)
        if base is None:
            return Organisation(**fields)
        return Organisation(**fields, issues=list(base.issues), archived=base.archived, id=base.id,
                            created_at=base.created_at, updated_at=base.updated_at)

    def store(self, result: Organisation) -> Organisation:
        if self.organisation is None:
            return self.journal.add_organisation(result)
        return self.journal.edit_organisation(self.organisation, result)


class IssueForm(FormScreen[Organisation]):
    """A critical issue or trend an organisation raised, and the day it was heard."""

    def __init__(self, journal: Journal, organisation: Organisation) -> None:
        super().__init__()
        self.journal = journal
        self.organisation = organisation

    def compose(self) -> ComposeResult:
        with Vertical(classes="form goal-form"):
            yield Static(styled("[b]An issue or trend[/] [$text-muted]($name)[/]", name=self.organisation.name),
                         classes="form-title")
            yield from labelled("What they raised", VisibleInput(id="field-issue",
                                                                 placeholder="funding for the pilot ends in June"))
            yield from labelled("Heard (today, yesterday, mon, 2026-11-20)",
                                VisibleInput("today", id="field-date"))
            yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · enter next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-issue", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "field-date":
            self.action_save()
        else:
            self.focus_next()

    def build(self) -> Organisation:
        heard: date = parse_day(self.query_one("#field-date", Input).value, self.journal.today(), "date")
        self._heard = heard
        self._text = self.query_one("#field-issue", Input).value
        if not self._text.strip():
            raise ValueError("issue: what did they raise? Type it")
        return self.organisation

    def store(self, result: Organisation) -> Organisation:
        return self.journal.add_org_issue(result.id, self._text, on=self._heard)
