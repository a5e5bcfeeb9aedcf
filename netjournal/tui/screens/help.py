"""Help (?): every key of every screen, read from the bindings themselves so it can never go stale."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ..forms import FORMS_CSS
from ..keys import binding_classes
from ..text import cell

WHERE = {
    "NetJournalApp": "everywhere", "MainScreen": "main screen", "ContactsPane": "Contacts pane",
    "FittedTable": "Contacts table",
    "WeekPane": "This week pane", "PromptsPane": "Prompts pane", "RoleMapPane": "Role map pane",
    "TodayPane": "Today pane", "FollowUpList": "a person's follow-ups",
    "PersonScreen": "a person", "ReflectionScreen": "weekly reflection", "RatingPassScreen": "rating pass",
    "SearchScreen": "search", "FormScreen": "any form", "ConfirmScreen": "a question",
    "TypeToConfirmScreen": "forget a person", "ConflictScreen": "saved meanwhile", "RolePicker": "role picker", "TagPicker": "tag picker",
    "ImportScreen": "import", "ImportPlanScreen": "import plan",
    "CalendarReviewScreen": "calendar import", "ExportScreen": "export",
    "PathInput": "a file name", "HelpScreen": "this help",
    "OrganisationsScreen": "organisations", "OrganisationScreen": "an organisation", "MonthScreen": "monthly review",
    "CopiesScreen": "copies and conflicts", "UnlockAgainScreen": "unlock again",
}


class HelpScreen(ModalScreen[None]):
    CSS_PATH = FORMS_CSS  # a dialog, drawn as the forms draw theirs
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help-close")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")  # centred over the dimmed main screen, like every dialog

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static("[b]Keys[/] (rebind any of them in config.yaml by its id; escape closes)")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("where", "key", "does", "id")
        keymap = getattr(getattr(self.app, "config", None), "keymap", {})
        for cls in binding_classes():
            for binding in cls.BINDINGS:
                keys = keymap.get(binding.id or "", binding.key)
                shown = ", ".join(self.app.get_key_display(Binding(key, "")) for key in keys.split(","))
                # Cells as Text: a str would be read as markup, and keys come from config.yaml.
                table.add_row(*(cell(value) for value in (WHERE.get(cls.__name__, cls.__name__), shown,
                                                          binding.description, binding.id or "")))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
