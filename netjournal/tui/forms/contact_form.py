"""Add or edit a person: every contact field, a required name, errors beside the field."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static

from ...common.folding import fold
from ...core.journal import Journal
from ...core.model import LEVELS, NETWORKS, SIDES, Contact, ImportantDate, parse_yearly_date
from ..inputs import VisibleInput
from ..text import plain, styled
from ..text_area import VisibleTextArea
from .base import FormScreen, labelled, row
from .confirm import ConfirmScreen
from .lists import TagsInput
from .names import PeopleInput
from .role_picker import NOT_DEFINED_HERE


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


def _typed(stored: str) -> str:
    """A stored yearly date as a person types it: `1985-04-12`, or `04-12` without the year."""
    return stored.removeprefix("--")


def _first(contact: Contact, kind: str) -> ImportantDate | None:
    return next((d for d in contact.dates if d.kind == kind), None)


def _other_lines(contact: Contact) -> str:
    return "\n".join(f"{d.label or 'date'}: {_typed(d.date)}" for d in contact.dates if d.kind == "other")


def _other_dates(text: str) -> list[ImportantDate]:
    """`label: date` lines (`started at Acme: 2019-03-01`); blank lines are skipped."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label, colon, day = line.rpartition(":")
        if not colon or not label.strip():
            raise ValueError(f"dates: line {number}: write it as 'label: date' (started at Acme: 2019-03-01)")
        try:
            label = label.strip()
            label = "" if label.casefold() == "date" else label  # how a date without a label is shown
            found.append(ImportantDate("other", parse_yearly_date(day, "date"), label))
        except ValueError as error:
            raise ValueError(f"dates: line {number}: {str(error).removeprefix('date: ')}") from None
    return found


class ContactForm(FormScreen[Contact]):
    """`ContactForm(journal)` adds a person; `ContactForm(journal, contact)` edits one.

    `contact` is the person as the form loaded them: saving applies only what was changed from it, on top of
    what another netjournal may have saved meanwhile.
    """

    def __init__(self, journal: Journal, contact: Contact | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.contact = contact

    def compose(self) -> ComposeResult:
        config = getattr(self.app, "config", None)
        default_days = config.keep_in_touch_days if config is not None and config.keep_in_touch_days else None
        c = self.contact or Contact(name="(new)", cadence_days=default_days)
        new = self.contact is None
        with Vertical(classes="form"):
            yield Static(styled("[b]$title[/]", title="Add a person" if new else f"Edit {c.name}"), classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield from labelled("Name (required)", VisibleInput("" if new else c.name, id="field-name"))
                yield from row(labelled("Organisation", VisibleInput(c.org, id="field-org")),
                               labelled("Title", VisibleInput(c.title, id="field-title")))
                yield from row(labelled("Email", VisibleInput(c.email, id="field-email")),
                               labelled("Phone", VisibleInput(c.phone, id="field-phone")))
                yield from labelled("Interests (tags, separated by commas)",
                                    TagsInput(c.tags, id="field-tags", placeholder="golf, choir, sailing"))
                yield from labelled("Free information: family, interests, what they care about",
                                    VisibleTextArea(c.notes, id="field-notes"))
                yield from labelled("Looking for: what they need help with (matched to others for introductions)",
                                    VisibleInput(c.needs, id="field-needs", placeholder="a mentor for public speaking"))
                yield from row(labelled("Side", Select(_choices(SIDES), value=c.side or Select.NULL,
                                                       id="field-side", prompt="not set")),
                               labelled("Level", Select(_choices(LEVELS), value=c.level or Select.NULL,
                                                        id="field-level", prompt="not set")),
                               labelled("Network", Select(_choices(NETWORKS), value=c.network or Select.NULL,
                                                          id="field-network", prompt="not set")))
                yield from row(labelled("How you met", VisibleInput(c.how_met, id="field-how_met")),
                               labelled("Introduced by", PeopleInput(
                                   self.journal, [c.introduced_by] if c.introduced_by else [],
                                   id="field-introduced_by")))
                yield from row(labelled("Keep in touch every (days)",
                                        VisibleInput(str(c.cadence_days or ""), id="field-cadence_days",
                                                     placeholder="e.g. 14")),
                               [Label(" ", classes="field-label"),
                                Checkbox("Key influencer", c.key_influencer, id="field-key_influencer")],
                               [Label(" ", classes="field-label"),
                                Checkbox("Decision maker", c.decision_maker, id="field-decision_maker")])
                birthday, anniversary = _first(c, "birthday"), _first(c, "anniversary")
                yield from row(labelled("Birthday (1985-04-12, or 04-12)",
                                        VisibleInput(_typed(birthday.date) if birthday else "", id="field-birthday")),
                               labelled("Anniversary (the same)",
                                        VisibleInput(_typed(anniversary.date) if anniversary else "",
                                                     id="field-anniversary")))
                yield from labelled("Other dates, one a line (started at Acme: 2019-03-01)",
                                    VisibleTextArea(_other_lines(c), id="field-dates", classes="short-text"))
                yield from labelled("Roles in your network", SelectionList[str](
                    *[(plain(role.name, keep_newlines=False), role.id, role.id in c.roles)
                      for role in self.journal.roles],
                    # Roles from another computer's roles.yaml: kept unless unticked here.
                    *[(plain(f"{role} {NOT_DEFINED_HERE}", keep_newlines=False), role, True)
                      for role in c.roles if role not in self.journal.role_ids], id="field-roles"))
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-name", Input).focus()

    def build(self) -> Contact:
        text = {name: self.query_one(f"#field-{name}", Input).value
                for name in ("name", "org", "title", "email", "phone", "needs", "how_met", "cadence_days")}
        introduced = self.query_one("#field-introduced_by", PeopleInput).ids()
        if len(introduced) > 1:
            raise ValueError("introduced_by: one person, please")

        def chosen(name: str) -> str:
            value = self.query_one(f"#field-{name}", Select).value
            return "" if value is Select.NULL else str(value)

        base = self.contact
        fields = dict(
            name=text["name"], org=text["org"], title=text["title"], email=text["email"], phone=text["phone"],
            tags=self.query_one("#field-tags", TagsInput).tags(),
            notes=self.query_one("#field-notes", VisibleTextArea).kept_text, needs=text["needs"],
            how_met=text["how_met"],
            introduced_by=introduced[0] if introduced else None, cadence_days=text["cadence_days"].strip() or None,
            key_influencer=self.query_one("#field-key_influencer", Checkbox).value,
            decision_maker=self.query_one("#field-decision_maker", Checkbox).value,
            side=chosen("side"), level=chosen("level"), network=chosen("network"),
            roles=list(self.query_one("#field-roles", SelectionList).selected),
        )
        if base is not None and set(fields["roles"]) == set(base.roles):
            fields["roles"] = list(base.roles)  # untouched: as stored
        fields["dates"] = self.dates()
        if base is None:
            return Contact(**fields)
        # org_id is the journal's to keep (from the organisation `org` names): as loaded, so it never conflicts.
        return Contact(**fields, id=base.id, archived=base.archived, created_at=base.created_at,
                       updated_at=base.updated_at, org_id=base.org_id)

    def dates(self) -> list[ImportantDate]:
        """The person's dates from the form, in the stored order where unchanged: the dates merge as one value,
        so an untouched list must be the stored one for a date edited elsewhere meanwhile to be kept."""
        stored = list(self.contact.dates) if self.contact is not None else []
        typed = {kind: self.query_one(f"#field-{kind}", Input).value.strip() for kind in ("birthday", "anniversary")}
        wanted = {kind: parse_yearly_date(value, kind) if value else None for kind, value in typed.items()}
        others = _other_dates(self.query_one("#field-dates", VisibleTextArea).kept_text)
        found: list[ImportantDate] = []
        for entry in stored:
            if entry.kind in wanted:
                if entry.kind in typed:  # the first birthday (anniversary) is the field; its label stays
                    typed.pop(entry.kind)
                    if wanted[entry.kind]:
                        found.append(ImportantDate(entry.kind, wanted[entry.kind], entry.label))
                else:
                    found.append(entry)  # a second one (from an address book): kept as it is
        found += [ImportantDate(kind, wanted[kind]) for kind in typed if wanted[kind]]
        for entry in others:
            if entry not in found:
                found.append(entry)
        if len(found) == len(stored) and all(entry in stored for entry in found):
            return stored
        return found

    def confirm_before_store(self, result: Contact, proceed: Callable[[], None]) -> None:
        # Folded: "Jose Alvarez" or an NFD "José Álvarez" is the José Álvarez already there, most likely.
        same = self.journal.namesakes(result.name, but=result.id)
        if not same or (self.contact is not None and fold(self.contact.name) == fold(result.name)):
            proceed()
            return
        who = ", ".join(f"{c.name} ({c.org})" if c.org else c.name for c in same)
        self.app.push_screen(
            ConfirmScreen(f"{who} is already in your journal. Add another person with the same name?",
                          yes="Add another", no="Go back"),
            lambda yes: proceed() if yes else None,
        )

    def store(self, result: Contact) -> Contact:
        if self.contact is None:
            return self.journal.add_contact(result)
        return self.journal.edit_contact(self.contact, result)
