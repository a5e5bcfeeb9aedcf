"""Every binding id in the app, so config.yaml's keymap can be checked and the README can list them."""

from __future__ import annotations


def binding_classes() -> list[type]:
    from .app import NetJournalApp
    from .forms.base import FormScreen
    from .forms.confirm import ConfirmScreen, TypeToConfirmScreen
    from .forms.conflict import ConflictScreen
    from .forms.export_screen import ExportScreen
    from .forms.import_screen import ImportScreen
    from .forms.role_picker import RolePicker
    from .forms.tag_picker import TagPicker
    from .panes.contacts import ContactsPane
    from .panes.prompts import PromptsPane
    from .panes.roles import RoleMapPane
    from .panes.week import WeekPane
    from .screens.main import MainScreen
    from .screens.person import PersonScreen
    from .screens.rating_pass import RatingPassScreen
    from .screens.reflection import ReflectionScreen
    from .screens.help import HelpScreen
    from .screens.search import SearchScreen
    from .screens.value import ValueScreen

    return [NetJournalApp, MainScreen, ContactsPane, WeekPane, PromptsPane, RoleMapPane, PersonScreen,
            ReflectionScreen, RatingPassScreen, SearchScreen, FormScreen, ConfirmScreen, TypeToConfirmScreen,
            ConflictScreen, RolePicker, TagPicker, ImportScreen, ExportScreen, HelpScreen, ValueScreen]


def binding_ids() -> set[str]:
    ids = set()
    for cls in binding_classes():
        for binding in cls.BINDINGS:
            binding_id = getattr(binding, "id", None)
            if binding_id:
                ids.add(binding_id)
    return ids
