"""The list of classes with key bindings (tui/keys.py) names every one, so the keymap check and help see them all."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import netjournal.tui
from netjournal.tui.keys import binding_classes


def test_every_class_with_bindings_is_listed():
    found = set()
    for module_info in pkgutil.walk_packages(netjournal.tui.__path__, "netjournal.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls) and vars(cls)["BINDINGS"]:
                found.add(cls)
    assert found <= set(binding_classes()), sorted(c.__qualname__ for c in found - set(binding_classes()))
