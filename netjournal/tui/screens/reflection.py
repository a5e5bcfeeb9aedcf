"""The weekly reflection: the week's facts, then a prompt and an answer after another, and free notes.

Everything typed is saved as you go (a moment after you stop typing, and when you leave the week), so
closing the terminal loses nothing. Past weeks are a [ or ] away. Answers grow as they are written, and ctrl+e
writes the one under the cursor in the person's own editor (common/editor.py).

Another window or the command line may write the same week meanwhile. Each save applies only what was typed
here since the week was loaded (or last saved) on top of the newest saved reflection, so an answer written
elsewhere is never wiped; an answer written in both places asks which to keep. While nothing is being typed,
answers saved elsewhere appear here as they come in.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Label, Static, TextArea

from ...core.journal import EditConflict, Journal
from ...core.model import Reflection, ReflectionAnswer, shift_week, week_dates, week_key
from ...core.errors import JournalError
from ...insights.weekly import facts_lines, week_prompts
from ..text import join_lines, styled
from ..text_area import GrowingTextArea, VisibleTextArea

SAVE_AFTER_SECONDS = 0.8  # of no typing


def local_time(stamp: str) -> str:
    """A record's UTC stamp as the person's clock shows it: `2026-11-25 09:12`."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16].replace("T", " ")  # a stamp from a hand-edited file: as written


class ReflectionScreen(Screen[None]):
    CSS_PATH = "reflection.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="reflection-back"),
        Binding("ctrl+s", "save_now", "Save", id="reflection-save", priority=True),
        # priority: TextArea has ctrl+e for the end of the line (`end` still does that)
        Binding("ctrl+e", "open_in_editor", "Editor", id="reflection-editor", priority=True),
        # [ and ] when the facts at the top have the focus (shift+tab); ctrl+page up/down from anywhere.
        Binding("left_square_bracket", "shift_week(-1)", "Prev week", id="reflection-previous"),
        Binding("right_square_bracket", "shift_week(1)", "Next week", id="reflection-next"),
        Binding("ctrl+pageup", "shift_week(-1)", "Prev week", id="reflection-previous-anywhere", show=False,
                priority=True),
        Binding("ctrl+pagedown", "shift_week(1)", "Next week", id="reflection-next-anywhere", show=False,
                priority=True),
    ]

    def __init__(self, journal: Journal, week: str | None = None, prompt_id: str | None = None,
                 skip: int = 0) -> None:
        super().__init__()
        self.journal = journal
        self.skip = skip  # the Prompts pane's rotation (n), for the current week
        self.week = week or week_key(journal.today())
        self.focus_prompt = prompt_id
        self.questions: list[tuple[str, str]] = []  # (prompt id, prompt text) in the order shown
        # What each text area holds, kept as it is typed: saving needs no widgets, so it also works while the
        # screen is being taken down when the app closes.
        self.texts: dict[str, str] = {}
        self._save_timer: Timer | None = None
        self._dirty = False
        self.base: Reflection | None = None  # the week as last loaded or saved: what a save merges from
        self._asking = False  # the "saved meanwhile" dialog is open

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reflection-body"):
            yield Static(id="reflection-facts")
            yield Static(id="reflection-questions-anchor")
            yield Label("Notes", classes="reflection-prompt")
            yield GrowingTextArea(id="reflection-notes")
            yield Static("", id="reflection-saved")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#reflection-facts", Static).can_focus = True
        await self.load_week()

    # --- one week ----------------------------------------------------------------------------

    async def load_week(self, focus_answer: bool = True) -> None:
        """Show the week: saved answers first, then this week's prompts not answered yet."""
        days = week_dates(self.week)
        self.title = f"Reflection {self.week}"
        self.sub_title = f"{days[0]:%a %d %b} - {days[-1]:%a %d %b %Y}"
        saved = self.journal.reflection(self.week)
        questions: list[tuple[str, str, str, str]] = []  # id, text, reason, answer
        if saved is not None:
            questions.extend((a.prompt_id, a.prompt, "", a.answer) for a in saved.answers)
        current = self.week == week_key(self.journal.today())
        for chosen in week_prompts(self.journal, self.app.prompts, self.week, skip=self.skip if current else 0):
            if all(chosen.prompt.id != q[0] for q in questions):
                reason = chosen.reason.why if chosen.reason else ""
                questions.append((chosen.prompt.id, chosen.text, reason, ""))
        self.questions = [(q[0], q[1]) for q in questions]

        body = self.query_one("#reflection-body", VerticalScroll)
        await body.query(".reflection-question").remove()  # gone before the new week's ids are used
        anchor = self.query_one("#reflection-questions-anchor")
        widgets = []
        for number, (prompt_id, text, reason, answer) in enumerate(questions, start=1):
            label = styled(f"[b]{number}. $text[/]", text=text)
            if reason:
                label = join_lines([label, styled("[$warning]because $why[/]", why=reason)])
            widgets.append(Static(label, classes="reflection-question reflection-prompt"))
            widgets.append(GrowingTextArea(answer, id=f"answer-{number}", classes="reflection-question answer"))
        await body.mount_all(widgets, after=anchor)
        notes = self.query_one("#reflection-notes", TextArea)
        notes.load_text(saved.notes if saved else "")
        self.texts = {f"answer-{n}": q[3] for n, q in enumerate(questions, start=1)}
        self.texts["reflection-notes"] = saved.notes if saved else ""
        self.base = saved
        self._dirty = False
        self.show_facts()
        self.query_one("#reflection-saved", Static).update(
            styled("[$text-muted]Saved $when[/]", when=local_time(saved.updated_at)) if saved else
            "[$text-muted]Nothing written for this week yet. What you type is saved as you go.[/]")
        if focus_answer:
            self.call_after_refresh(self._focus_start)

    def _focus_start(self) -> None:
        chosen = next((n for n, (pid, _) in enumerate(self.questions, start=1) if pid == self.focus_prompt), None)
        self.focus_prompt = None
        target = self.query(f"#answer-{chosen or 1}")
        # A prompt chosen in the Prompts pane is scrolled to; otherwise the week starts at its top (its facts).
        (target.first() if target else self.query_one("#reflection-notes")).focus(scroll_visible=bool(chosen))
        if not chosen:
            self.query_one("#reflection-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    def show_facts(self) -> None:
        lines = [styled(f"[b]{self.week}[/]")] + facts_lines(self.journal, self.week)
        self.query_one("#reflection-facts", Static).update(join_lines(lines))

    def show_data(self) -> None:
        """Called when the journal changed: the facts, and answers saved elsewhere while nothing is typed here."""
        self.show_facts()
        if self._dirty or self._asking:
            return  # what is being typed stays as it is; the next save merges
        newest = self.journal.reflection(self.week)
        if newest is not None and newest != self.base:
            self._show_saved(newest)

    def _show_saved(self, saved: Reflection) -> None:
        """Make the text areas show a saved reflection (newest, or a merge) and take it as the new base."""
        self.base = saved
        answers = {a.prompt_id: a.answer for a in saved.answers}
        areas = {f"answer-{n}": answers.get(prompt_id, "") for n, (prompt_id, _) in enumerate(self.questions, 1)}
        areas["reflection-notes"] = saved.notes
        for key, text in areas.items():
            if text.strip() != self.texts.get(key, "").strip():
                self.texts[key] = text  # first, so the Changed event is not taken for typing
                for area in self.query(f"#{key}"):
                    if isinstance(area, TextArea):
                        area.load_text(text)

    # --- saving ------------------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        key = event.text_area.id or ""
        text = event.text_area.kept_text  # type: ignore[attr-defined] - every text area here is a VisibleTextArea
        if self.texts.get(key) == text:
            return  # loading a week (or the editor reading an untouched answer its own way), not typing
        self.texts[key] = text
        self._dirty = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER_SECONDS, self.save)

    def mine(self) -> Reflection:
        """The week as it is on screen: each shown answer (empty: none), the notes, and any answer the base has
        that is not shown (saved elsewhere since the week was loaded) as it was."""
        shown = [ReflectionAnswer(prompt_id, text, self.texts.get(f"answer-{n}", ""))
                 for n, (prompt_id, text) in enumerate(self.questions, start=1)]
        ids = {a.prompt_id for a in shown}
        others = [a for a in self.base.answers if a.prompt_id not in ids] if self.base else []
        return Reflection(week=self.week, answers=shown + others, notes=self.texts.get("reflection-notes", ""))

    def save(self, unattended: bool = False) -> bool:
        """Write what was typed, merged with what was saved elsewhere; an empty, never-saved week is not
        written. False if nothing was saved (an error, or the person is asked which answer to keep).

        `unattended` (the app is closing): nobody can be asked, so an answer written both here and elsewhere
        keeps both texts, the saved one first, rather than losing either.
        """
        if not self._dirty:
            return True
        if self._asking and not unattended:
            return False
        mine = self.mine()
        if not any(a.answer.strip() for a in mine.answers) and not mine.notes.strip() and self.base is None \
                and self.journal.reflection(self.week) is None:
            self._dirty = False
            return True
        if unattended:
            return self._save_unattended(mine)
        from ..forms.conflict import save_or_ask

        outcome: list[bool] = []

        def saved(reflection: Reflection) -> None:
            outcome.append(True)
            self._asking = False
            self._dirty = False
            if self.is_mounted and self.query("#reflection-saved"):
                self._show_saved(reflection)
                self.query_one("#reflection-saved", Static).update(
                    styled("[$text-muted]Saved $when[/]", when=local_time(reflection.updated_at)))

        def failed(error: str) -> None:
            self._asking = False
            self.app.notify(f"Not saved: {error}", severity="error", timeout=20)

        def cancelled() -> None:
            self._asking = False  # back to typing; the next save asks again

        self._asking = True  # until saved(), failed() or cancelled(): at once, or once the person has chosen
        save_or_ask(self.app, self.journal, lambda: self.journal.edit_reflection(self.base, mine), saved, failed,
                    cancelled)
        return bool(outcome)

    def _save_unattended(self, mine: Reflection) -> bool:
        try:
            try:
                self.journal.edit_reflection(self.base, mine)
            except EditConflict as conflict:
                both = {c.key: "\n\n".join(t for t in (c.theirs, c.mine) if t.strip())
                        for c in conflict.conflicts}
                kept = Reflection(week=mine.week, notes=both.get("notes", mine.notes), answers=[
                    ReflectionAnswer(a.prompt_id, a.prompt, both.get(f"answer:{a.prompt_id}", a.answer))
                    for a in mine.answers])
                self.journal.edit_reflection(self.base, kept, resolutions={key: "mine" for key in both})
        except (JournalError, ValueError) as error:
            self.app.notify(f"Not saved: {error}", severity="error", timeout=20)
            return False
        self._dirty = False
        return True

    def action_save_now(self) -> None:
        self._dirty = True
        if self.save():
            self.app.notify(f"Reflection for {self.week} saved")

    async def action_shift_week(self, weeks: int) -> None:
        if not self.save():
            return
        in_answer = isinstance(self.focused, TextArea)
        self.week = shift_week(self.week, weeks)
        # Browsing from the facts keeps the focus there; from inside an answer, the new week's first answer.
        # Either way the new week is shown from its top, as a page is.
        await self.load_week(focus_answer=in_answer)
        if not in_answer:
            self.query_one("#reflection-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    def action_open_in_editor(self) -> None:
        """The focused answer (or the notes) in $EDITOR; what it saves replaces the text, as typing would."""
        from ...common.editor import EditorProblem, edit_text, editor_command, memory_backed_folder

        area = self.focused
        if not isinstance(area, VisibleTextArea):
            self.app.notify("Move to an answer or the notes first: ctrl+e opens that one in your editor.",
                            severity="warning")
            return
        try:
            command = editor_command()
        except EditorProblem as problem:
            self.app.notify(str(problem), severity="error", timeout=10)
            return
        # An encrypted journal's text never lands on a disk, not even for the editor: its file goes in a folder
        # held in memory, or the editor is not opened at all.
        temp_root = None
        if self.journal.encrypted:
            memory = memory_backed_folder()
            if memory is None:
                self.app.notify("This journal is encrypted and this computer has no memory-backed folder for the "
                                "editor's file: type the answer here instead.", severity="error", timeout=10)
                return
            temp_root = str(memory)
        outcome: list[str | None] = []
        problems: list[str] = []
        try:
            with self.app.suspend():
                # Nothing may leave this block by an exception: the app would stay suspended.
                try:
                    outcome.append(edit_text(area.kept_text, command, f"reflection-{self.week}-{area.id}.md",
                                             temp_root))
                except EditorProblem as problem:
                    problems.append(str(problem))
                except Exception as error:  # noqa: BLE001 - said in a toast, the answer left as it was
                    problems.append(f"The editor could not be used: {error}")
        except SuspendNotSupported:
            self.app.notify("This terminal cannot be handed to another program, so ctrl+e cannot open an editor "
                            "here: type the answer instead.", severity="error", timeout=10)
            return
        if temp_root is not None:
            self.app.notify(f"This journal is encrypted: the editor's file was kept in memory ({temp_root}), never "
                            "on disk, and is gone now.")
        if problems:
            self.app.notify(f"{problems[0]}: nothing changed.", severity="error", timeout=10)
        elif not outcome or outcome[0] is None:
            self.app.notify("Nothing changed in the editor.")
        else:
            # An edit like typing (undo takes it back); saved as typing is, a moment later or with ctrl+s.
            area.replace(outcome[0], (0, 0), area.document.end)
            area.focus()
            if isinstance(area, GrowingTextArea):
                area.call_after_refresh(area.reveal_cursor)  # the cursor is at the end of the new text

    def action_close(self) -> None:
        if self.save():
            self.app.pop_screen()
            self.app.refresh_views()

    def on_unmount(self) -> None:
        self.save(unattended=True)  # the app is closing with this screen open
