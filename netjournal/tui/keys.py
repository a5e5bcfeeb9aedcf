"""Every binding id in the app, so config.yaml's keymap can be checked and the README can list them."""

from __future__ import annotations


# Every class with key bindings, by module and name. Names, not imports: this module sits below the app and the
# help screen that use it, so there is no import circle, and a screen's module is imported only when asked for
# (start-up imports only the main screen's). tests/test_keys.py checks the list is complete.
BINDING_CLASSES = (
    "app:NetJournalApp",
    "screens.main:MainScreen",
    "panes.contacts:ContactsPane",
    "tables:FittedTable",
    "panes.week:WeekPane",
    "panes.prompts:PromptsPane",
    "panes.roles:RoleMapPane",
    "panes.today:TodayPane",
    "screens.person:PersonScreen",
    "screens.person:FollowUpList",
    "screens.reflection:ReflectionScreen",
    "screens.rating_pass:RatingPassScreen",
    "screens.search:SearchScreen",
    "forms.base:FormScreen",
    "forms.confirm:ConfirmScreen",
    "forms.confirm:TypeToConfirmScreen",
    "forms.conflict:ConflictScreen",
    "forms.role_picker:RolePicker",
    "forms.tag_picker:TagPicker",
    "forms.import_screen:ImportScreen",
    "forms.import_screen:ImportPlanScreen",
    "forms.calendar_review:CalendarReviewScreen",
    "forms.export_screen:ExportScreen",
    "screens.help:HelpScreen",
    "path_input:PathInput",
    "screens.value:ValueScreen",
    "screens.organisations:OrganisationsScreen",
    "screens.organisations:OrganisationScreen",
    "screens.month:MonthScreen",
    "screens.copies:CopiesScreen",
    "forms.unlock_again:UnlockAgainScreen",
)


def binding_classes() -> list[type]:
    from importlib import import_module

    found = []
    for name in BINDING_CLASSES:
        module, _, cls = name.partition(":")
        found.append(getattr(import_module(f".{module}", __package__), cls))
    return found


def binding_ids() -> set[str]:
    ids = set()
    for cls in binding_classes():
        for binding in cls.BINDINGS:
            binding_id = getattr(binding, "id", None)
            if binding_id:
                ids.add(binding_id)
    return ids
