"""Add something worth passing on to the share queue, or correct an item: title, link, a note, tags."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from ...core.journal import Journal
from ...core.model import Share
from ..inputs import VisibleInput
from .base import FormScreen, labelled
from .lists import TagsInput


class ShareForm(FormScreen[Share]):
    """`ShareForm(journal)` queues a new item; `ShareForm(journal, share)` corrects one.

    A correction saves only what was changed from `share` (as loaded), on top of the newest record.
    """

    def __init__(self, journal: Journal, share: Share | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.share = share

    def compose(self) -> ComposeResult:
        item = self.share
        with Vertical(classes="form short-form"):
            yield Static("[b]Something worth passing on[/]" if item is None else "[b]Correct a shared item[/]",
                         classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield Static("An article, a report, an event, an opening: value to pass along instead of an empty "
                             "check-in. netjournal suggests who would value it.", classes="form-hint-top")
                yield from labelled("Title (required)", VisibleInput(item.title if item else "", id="field-title"))
                yield from labelled("Link (optional)", VisibleInput(item.link if item else "", id="field-link",
                                                             placeholder="https://…"))
                yield from labelled("Your note: why it is useful",
                                    VisibleInput(item.note if item else "", id="field-note"))
                yield from labelled("Tags (separated by commas; matched against people's interests)",
                                    TagsInput(item.tags if item else [], id="field-tags",
                                              placeholder="golf, data sharing"))
                yield Label("", id="error-form", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def build(self) -> Share:
        value = {name: self.query_one(f"#field-{name}", Input).value for name in ("title", "link", "note")}
        value["tags"] = self.query_one("#field-tags", TagsInput).tags()
        if self.share is None:
            return Share(**value)
        return Share(**value, id=self.share.id, created_at=self.share.created_at, passed=self.share.passed)

    def store(self, result: Share) -> Share:
        if self.share is None:
            return self.journal.add_share(result)
        return self.journal.edit_share(self.share, result)
