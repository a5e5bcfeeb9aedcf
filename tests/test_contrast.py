"""Every piece of text on every main screen reaches WCAG AA contrast (4.5:1) in every shipped theme.

Measured on what is drawn, not on the theme files alone: the app runs headless with the demo journal, each screen
is opened with the keys a person presses, and every character cell of the rendered screen is checked with the
colours it is actually drawn in (Textual has by then blended transparency, `dim` and the highlighted row). That
catches a muted hint on a highlighted row, or a warning colour on a panel, which a check of the palette would miss.

- Text needs 4.5:1 (WCAG 2.1, 1.4.3).
- Box-drawing characters of borders need 3:1 (1.4.11, non-text contrast): a pane's edge is seen in light themes.
- Exempt: blank cells; a glyph drawn in its background's colour (nothing is seen: an unchecked box is empty);
  scroll bars, the tab underline, progress bars and sparklines (graphics whose meaning is also given in words);
  and what lies under a modal dialog (inactive content, dimmed on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.screen import ModalScreen

from netjournal.core.journal import Journal
from netjournal.io.demo import build_demo
from netjournal.tui.app import NetJournalApp
from netjournal.tui.screens.main import MainScreen
from netjournal.tui.themes import load_themes, theme_folders

TEXT = 4.5
BORDERS = 3.0
GRAPHICS = {"ScrollBar", "ScrollBarCorner", "Underline", "Bar", "Sparkline"}
SHIPPED_THEMES = [theme.name for theme in load_themes(theme_folders())[0]]

# Each screen as a person opens it from the main screen, then back to the main screen with escape.
SCREENS = {
    "main, Contacts focused": [],
    "main, This week focused": ["2"],
    "main, Prompts focused": ["3"],
    "main, Roles focused": ["4"],
    "main, Today focused": ["5"],
    "follow-up form": ["1", "f"],
    "main, role map further down": ["4", *["down"] * 14],  # to Ally, below the empty role
    "person": ["1", "enter"],
    "log form": ["1", "l"],
    "new contact form": ["1", "a"],
    "rating pass": ["1", "r"],
    "weekly reflection": ["w"],
    "value screen": ["v"],
    "value screen, give and take": ["v", "2"],
    "value screen, introductions": ["v", "3"],
    "help": ["question_mark"],
    "search with results": ["ctrl+f", "a", "n"],
}

# What the issue measured below 4.5:1: a passed improve-by date, and the hint under an empty role.
MUST_SHOW = {"main, Contacts focused": "improve!", "main, role map further down": "gap: nobody yet"}


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_the_wcag_examples():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)  # just fails AA
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # just passes
    assert contrast_ratio((10, 20, 30), (10, 20, 30)) == 1


@dataclass(frozen=True)
class Shortfall:
    screen: str
    widget: str
    text: str
    ratio: float
    needed: float
    colours: str

    def __str__(self) -> str:
        return (f"{self.screen}: {self.widget}: {self.text!r} at {self.ratio:.2f}:1, needs {self.needed}:1 "
                f"({self.colours})")


def _needed(char: str, widget: str) -> float | None:
    if 0x2580 <= ord(char) <= 0x259F or char in "▔▁" or widget in GRAPHICS:
        return None  # block elements: scroll bars, input edges, bars
    if 0x2500 <= ord(char) <= 0x257F:
        return BORDERS
    return TEXT


def shortfalls(app: NetJournalApp, screen_name: str) -> list[Shortfall]:
    """Every run of characters on the current screen drawn below the contrast it needs."""
    screen = app.screen
    # Under a modal dialog the screen behind is inactive and dimmed on purpose: only the dialog is checked.
    dialog = [child.region for child in screen.children] if isinstance(screen, ModalScreen) else None
    found: dict[tuple, Shortfall] = {}
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            start, x = x, x + len(segment.text)
            style = segment.style
            if style is None or not segment.text.strip():
                continue
            if dialog is not None and not any(region.contains(start, y) for region in dialog):
                continue
            assert style.color is not None and style.bgcolor is not None, f"{screen_name}: uncoloured text"
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:  # as Textual turns dim into a colour on the way to the terminal: halfway to the bg
                fg = tuple(int(b + (f - b) * 0.5) for f, b in zip(fg, bg))
            fg, bg = tuple(fg), tuple(bg)
            if fg == bg:
                continue  # drawn in its background's colour: nothing is seen
            widget, _ = screen.get_widget_at(start, y)
            name = type(widget).__name__
            label = name + (f"#{widget.id}" if widget.id else "")
            ratio = contrast_ratio(fg, bg)
            for char in segment.text.strip():
                needed = _needed(char, name)
                if needed is not None and ratio < needed:
                    key = (label, fg, bg, needed)
                    if key not in found:
                        found[key] = Shortfall(screen_name, label, segment.text.strip()[:40], ratio, needed,
                                               f"#{bytes(fg).hex()} on #{bytes(bg).hex()}")
                    break
    return list(found.values())


def test_every_shipped_theme_is_measured():
    assert {"netjournal-dusk", "netjournal-paper", "netjournal-meadow", "netjournal-night-contrast"} <= set(
        SHIPPED_THEMES)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
async def test_every_text_reaches_aa_in_theme(tmp_path, monkeypatch, theme):
    monkeypatch.delenv("NO_COLOR", raising=False)  # Textual draws in monochrome when it is set
    journal = Journal(tmp_path / "journal.json")
    build_demo(journal)  # has overdue improve-by dates, an empty role, warnings, due people, shares and goals
    app = NetJournalApp(journal, theme_name=theme)
    found: list[Shortfall] = []
    async with app.run_test(size=(200, 60)) as pilot:
        assert app.theme == theme
        for screen_name, keys in SCREENS.items():
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.clear_notifications()
            await pilot.pause()
            found += shortfalls(app, screen_name)
            if screen_name in MUST_SHOW:  # the texts the issue measured are really among those checked
                shown = "\n".join("".join(s.text for s in strip) for strip in app.screen._compositor.render_strips())
                assert MUST_SHOW[screen_name] in shown, f"{screen_name}: {MUST_SHOW[screen_name]} not on screen"
            for _ in range(3):  # back to the main screen (a dialog may sit on another screen)
                if isinstance(app.screen, MainScreen):
                    break
                await pilot.press("escape")
                await pilot.pause()
            assert isinstance(app.screen, MainScreen), f"{screen_name}: escape did not go back"
    assert not found, f"{theme}: text below WCAG AA:\n" + "\n".join(map(str, found))
