"""A hostile journal: every text field of every record holds terminal escapes, C1 and C0 controls and markup.

No byte of it may reach a terminal as a control: every command line's stdout and stderr, and every frame the
TUI writes (captured from a driver that Textual renders to as it would to a real terminal), are swept for
C0 (but newline and tab), DEL, C1, ESC and the bidi overrides. The markup must show as text, never act, and a
form saved untouched must write back the stored text exactly.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from netjournal.settings.content import roles_with_user_file
from netjournal.core.journal import Journal
from netjournal.core.model import (
    Contact,
    FocusGoal,
    FollowUp,
    ImportantDate,
    Interaction,
    Link,
    Meeting,
    MonthGoal,
    Organisation,
    OrgIssue,
    OrgPlan,
    PracticeNote,
    Rating,
    Reflection,
    ReflectionAnswer,
    Share,
    WeekGoal,
    previous_week,
    week_key,
)

from .conftest import REPO, TODAY

# --- the hostile strings ---------------------------------------------------------------------------------------

OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # sets the clipboard
TITLE = "\x1b]0;pwned\x07"  # sets the window title
CLEAR = "\x1b[2J"  # clears the screen
C1_CSI = "\x9b6n"  # the 8-bit CSI: asks the terminal to type its cursor position back
OTHER_C0 = "\x07\x08\r\x7f"  # bell, backspace, carriage return, DEL
BIDI = "\u202e"  # right-to-left override: reverses what follows
MARKUP = "[bold red]x[/] [@click=app.quit]y[/] z\\"  # Textual markup, an action link, a trailing backslash
HOSTILE = (OSC52, TITLE, CLEAR, C1_CSI, OTHER_C0, BIDI, MARKUP)


def evil(word: str) -> str:
    """One line with every trick in it; the word first, so that names still resolve ("ana") and sort."""
    return f"{word}{OSC52}{TITLE}{CLEAR}{C1_CSI}{OTHER_C0}{BIDI} {MARKUP}"


def evil_text(word: str) -> str:
    """Several lines: NUL, characters a text editor reads as line breaks (FS, U+2028), a newline and a tab."""
    return f"{evil(word)}\x00\x1c\u2028 more\nsecond line\tafter a tab {CLEAR}"


# Every code point that must never reach a terminal from stored text (newline is layout; the TUI never writes a
# raw tab either). Lone surrogates are what a non-UTF-8 byte decodes to (surrogateescape).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
UNSAFE_WITH_TAB = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What Textual itself writes: colours and styles (SGR), cursor moves, synchronised output, the cursor's shape and
# the mouse pointer's (OSC 22). None of the hostile strings has this form, so none of them can hide in it.
TEXTUAL_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H|\x1b\[\d*[ABCD]|\x1b\[\?\d+[hl]|\x1b\[\d* q"
                               r"|\x1b\]22;[a-z-]+\x07")


def yaml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar, escapes included


def write_user_content(folder: Path) -> None:
    """A roles file and a prompts file beside config.yaml, as a person (or someone else's download) writes them."""
    (folder / "roles.yaml").write_text(
        "roles:\n"
        f"  - id: evil_role\n    name: {yaml_text(evil('Role'))}\n    key: w\n"
        f"    description: {yaml_text(evil('describes'))}\n    find: {yaml_text(evil('find'))}\n"
        f"  - id: empty_role\n    name: {yaml_text(evil('Gap'))}\n    key: g\n"
        f"    description: {yaml_text(evil('describes'))}\n    find: {yaml_text(evil('look'))}\n",
        encoding="utf-8")
    (folder / "reflection_tips.yaml").write_text(
        "prompts:\n"
        f"  - id: evil-ask\n    source: RB-1\n    level: 1\n    theme: free_information\n"
        f"    text: {yaml_text(evil('Ask'))}\n"
        f"  - id: evil-influencer\n    source: RB-2\n    level: 1\n    theme: keep_live\n"
        f"    when: influencer_overdue\n    text: {yaml_text(evil('Call') + ' {name}')}\n",
        encoding="utf-8")


@dataclass
class Hostile:
    path: Path
    ana: Contact
    ben: Contact
    fields: list[str] = field(default_factory=list)  # "record.field" of every hostile text field


def build_hostile_journal(path: Path, config_folder: Path) -> Hostile:
    """Every text field of every record type hostile; the people in every pane, prompt and tab."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_user_content(config_folder)
    roles, problems = roles_with_user_file(config_folder / "roles.yaml")
    assert not problems
    fields: list[str] = []

    def note(kind: str, *names: str) -> None:
        fields.extend(f"{kind}.{name}" for name in names if f"{kind}.{name}" not in fields)

    with Journal(path, roles=roles, today=lambda: TODAY) as journal:
        ana = journal.add_contact(Contact(
            name=evil("Ana"), org=evil("Org"), title=evil("Title"), email=f"ana{OSC52}{C1_CSI}@example.org",
            phone=evil("+44"), tags=[evil("golf"), evil("data")], notes=evil_text("notes"), needs=evil("golf coach"),
            how_met=evil("met"), key_influencer=True, cadence_days=7, roles=["evil_role", "supporter"], level="up",
            dates=[ImportantDate("birthday", (TODAY + timedelta(days=2)).isoformat()),
                   ImportantDate("other", "--" + (TODAY + timedelta(days=3)).isoformat()[5:], evil("started"))]))
        ben = journal.add_contact(Contact(
            name=evil("Ben"), org=evil("Org"), title=evil("Title"), tags=[evil("golf")], notes=evil_text("notes"),
            needs=evil("data"), introduced_by=ana.id, cadence_days=14))
        cleo = journal.add_contact(Contact(name=evil("Cleo"), org=evil("Org"), notes=evil_text("notes")))
        journal.archive_contact(cleo.id)
        note("contact", "name", "org", "title", "email", "phone", "tags", "notes", "needs", "how_met",
             "dates.label")

        journal.log_interaction(Interaction(
            date=TODAY - timedelta(days=20), with_=[ana.id, ben.id], topics=evil_text("topics"), gave=evil("gave"),
            got=evil("got"), learned=evil_text("learned"), response=evil("response"), next_time=evil("next"),
            event=evil("uid") + "@2026-11-05T09:00"))
        journal.log_interaction(Interaction(
            date=TODAY - timedelta(days=8), with_=[ben.id], topics=evil("golf talk"), business=True,
            initiated_by="them", got=evil("got")))
        note("interaction", "topics", "gave", "got", "learned", "response", "next_time", "event")

        # Looking ahead: a follow-up overdue and one due today, and a meeting today from a calendar.
        journal.add_follow_up(FollowUp(contact_id=ana.id, what=evil("send the article"),
                                       due=TODAY - timedelta(days=2)))
        journal.add_follow_up(FollowUp(contact_id=ben.id, what=evil_text("ask about"), due=TODAY))
        note("follow_up", "what")
        journal.keep_meetings([Meeting(event=evil("meeting-uid"), start=TODAY.isoformat() + "T15:00",
                                       title=evil("Budget review"), with_=[ana.id, ben.id])])
        note("meeting", "event", "title")

        journal.rate(Rating(contact_id=ana.id, date=TODAY - timedelta(days=60), score=3, plan=evil("plan")))
        journal.rate(Rating(contact_id=ana.id, date=TODAY - timedelta(days=40), score=2, barriers=evil("barriers"),
                            action=evil("action"), improve_by=TODAY - timedelta(days=5)))
        journal.rate(Rating(contact_id=ben.id, date=TODAY - timedelta(days=45), score=4))
        note("rating", "barriers", "action", "plan")

        this_week = week_key(TODAY)
        journal.set_week_goal(WeekGoal(week=this_week, contact_id=ana.id, intent=evil("intent")))
        journal.set_week_goal(WeekGoal(week=previous_week(this_week), contact_id=ben.id, intent=evil("intent")))
        note("week_goal", "intent")

        for week in (this_week, previous_week(this_week)):
            journal.save_reflection(Reflection(week=week, notes=evil_text("reflection notes"), answers=[
                ReflectionAnswer("evil-ask", evil("Prompt"), evil_text("answer"))]))
        note("reflection", "answers.prompt", "answers.answer", "notes")

        share = journal.add_share(Share(title=evil("Share"), link=f"https://example.org/{OSC52}{TITLE}{C1_CSI}",
                                        note=evil("note"), tags=[evil("golf")]))
        journal.pass_on(share.id, ben.id, TODAY - timedelta(days=2), note=evil("passed note"))
        journal.add_share(Share(title=evil("Data"), note=evil_text("about data"), tags=[evil("data")]))
        note("share", "title", "link", "note", "tags")

        journal.introduce(ana.id, ben.id, evil("because"), TODAY - timedelta(days=3))
        journal.save_focus_goals([FocusGoal(text=evil("Goal"), helps=[ana.id], hinders=[ben.id]),
                                  FocusGoal(text=evil("Alone"))])
        note("focus_goal", "text")

        # The organisation the people's hostile `org` made, given every text an organisation holds.
        org = journal.organisation(ana.org_id)
        journal.edit_organisation(org, Organisation.from_record({
            **org.to_record(), "mandate": evil_text("mandate"), "needs": evil("org needs"), "rank": 1,
            "kind": "stakeholder", "issues": [OrgIssue(TODAY.isoformat(), evil("issue")).__dict__],
            "plan": OrgPlan(evil("objectives"), evil_text("measures"), None, ben.id).__dict__}))
        journal.add_organisation(Organisation(name=evil("Harbour"), mandate=evil("mandate")))
        note("organisation", "name", "mandate", "needs", "issues.text", "plan.objectives", "plan.measures")
        journal.add_link(Link("influences", ben.id, ana.id, note=evil("link note")))
        note("link", "note")
        month = TODAY.isoformat()[:7]
        journal.add_month_goal(MonthGoal(month=month, kind="informal", count=2, org_id=ana.org_id,
                                         text=evil("why Org")))
        own = journal.add_month_goal(MonthGoal(month=month, kind="own", text=evil_text("own goal")))
        journal.add_practice_note(own.id, PracticeNote(TODAY.isoformat(), evil("asked"), evil_text("result")))
        note("month_goal", "text", "notes.action", "notes.result")
        note("role", "name", "description", "find")
        note("prompt", "text")
        ana, ben = journal.contact(ana.id), journal.contact(ben.id)
    return Hostile(path, ana, ben, fields)


# Fields that hold no free text: ids, dates, times, choices from a fixed list, references to other records.
NOT_FREE_TEXT = {"id", "created_at", "updated_at", "date", "week", "due", "improve_by", "contact_id", "with_",
                 "introduced_by", "helps", "hinders", "roles", "side", "network", "level", "channel",
                 "initiated_by", "kind", "answers", "passed", "dates", "done_on", "from_interaction",
                 "start", "org_id", "from_id", "to_id", "involvement", "issues", "plan", "by",
                 "month", "activity_id"}


def test_the_hostile_journal_fills_every_free_text_field(tmp_path, private_settings):
    """A text field added to a record later is hostile here too, or this test says which one is missing."""
    import dataclasses

    hostile = build_hostile_journal(tmp_path / "journal.json", private_settings)
    kinds = {"contact": Contact, "interaction": Interaction, "rating": Rating, "week_goal": WeekGoal,
             "reflection": Reflection, "share": Share, "focus_goal": FocusGoal, "follow_up": FollowUp,
             "meeting": Meeting, "organisation": Organisation, "link": Link, "month_goal": MonthGoal}
    free = {f"{kind}.{field.name}" for kind, record in kinds.items() for field in dataclasses.fields(record)
            if field.name not in NOT_FREE_TEXT and field.type in ("str", "list[str]", "str | None")}
    free |= {f"reflection.answers.{field.name}" for field in dataclasses.fields(ReflectionAnswer)
             if field.name != "prompt_id"}
    free |= {f"contact.dates.{field.name}" for field in dataclasses.fields(ImportantDate)
             if field.name not in NOT_FREE_TEXT}
    free |= {f"month_goal.notes.{field.name}" for field in dataclasses.fields(PracticeNote)
             if field.name not in NOT_FREE_TEXT and field.type == "str"}
    free |= {f"organisation.{name}.{field.name}" for name, part in (("issues", OrgIssue), ("plan", OrgPlan))
             for field in dataclasses.fields(part) if field.name not in NOT_FREE_TEXT and field.type == "str"}
    assert free - set(hostile.fields) == set()
    assert len(hostile.fields) >= 30


def write_hostile_imports(folder: Path) -> tuple[Path, Path]:
    vcard = folder / "hostile.vcf"
    vcard.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\n"
                     f"FN:{evil('Vic')}\r\nN:Vic;Tor;;;\r\nORG:{evil('Org')}\r\nNOTE:{evil('note')}\r\n"
                     f"CATEGORIES:{evil('golf')}\r\nEND:VCARD\r\n", encoding="utf-8")
    table = folder / "hostile.csv"
    table.write_text("name,org,notes,tags\n"
                     f'"{evil("Csv")}","{evil("Org")}","{evil("note")}","{evil("golf")}"\n', encoding="utf-8")
    return vcard, table


def stray(output: str, pattern: re.Pattern[str] = UNSAFE) -> list[str]:
    """The control characters in `output` that Textual did not write itself."""
    return pattern.findall(TEXTUAL_SEQUENCES.sub("", output))


# --- the command line -----------------------------------------------------------------------------------------


def run_raw(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Like conftest.run_cli, but bytes as the terminal gets them: text mode would turn \\r into \\n."""
    import os

    result = subprocess.run([sys.executable, "-m", "netjournal", *args], capture_output=True, timeout=60,
                            env={**os.environ, **(env or {})})
    decode = lambda data: data.decode("utf-8", errors="surrogateescape")  # noqa: E731 - a bad byte shows as one
    return result.returncode, decode(result.stdout), decode(result.stderr)


def test_no_command_prints_a_control_character(tmp_path, private_settings):
    hostile = build_hostile_journal(tmp_path / f"dir{TITLE}{C1_CSI}" / "journal.json", private_settings)
    db = str(hostile.path)
    vcard, table = write_hostile_imports(tmp_path)
    ambiguous = "zxzpba"  # inside every hostile name: `--with` it lists them all as candidates
    commands = [
        ("add", evil("Dan"), "--org", evil("Org"), "--tag", evil("golf"), "--notes", evil("notes"),
         "--needs", evil("needs"), "--role", "evil_role"),
        ("add", evil("Dan")),  # an error that quotes the name
        ("log", evil("topics"), "--with", "ana", "--with", "ben", "--gave", evil("gave"), "--next", evil("next")),
        ("log", "x", "--with", ambiguous),  # an error listing the candidates
        ("log", "x", "--with", evil("Nobody")),  # an error quoting what was typed
        ("rate", "ana", "2", "--barriers", evil("barriers"), "--action", evil("action"), "--by", "2027-01-15"),
        ("rate", "ben", "3", "--plan", evil("plan")),
        ("import", str(vcard), "--dry-run"),
        ("import", str(vcard)),
        ("import", str(table)),
        ("import", str(tmp_path / f"missing{TITLE}.vcf")),  # an error quoting the path
        ("week",),
        ("week", "--week", previous_week(week_key(TODAY))),
        ("export", "--format", "markdown"),
        ("export", "--format", "markdown", "--week", week_key(TODAY)),
        ("export", "--format", "csv"),
        ("export", "--format", "vcard"),
        ("export", "--format", "json"),
        ("export", "--format", "markdown", "-o", str(tmp_path / f"out{TITLE}" / "x.md")),  # no such folder
        ("share", evil("Share"), "--link", f"https://example.org/{OSC52}", "--note", evil("note"), "--tag",
         evil("golf")),
        ("shares",),
        ("introduce", "ana", "ben", "--because", evil("because")),
        ("introductions",),
        ("check",),
        ("list",),
        ("list", "--archived", "--json"),
        ("list", "--tag", evil("golf")),
        ("show", "ana"),  # the person view: learned, value each way, the timeline
        ("show", "ben", "--json"),
        ("show", ambiguous),
        ("search", "zxzpba"),
        ("search", "zxzpba", "--json"),
        ("edit", "ana", "--notes", evil("edited"), "--tag", evil("tag"), "--json"),
        ("edit", "ben", "--email", evil("mail")),  # an error quoting the value
        ("edit", "ben", "--untag", evil("nothing")),
        ("archive", "ben"),
        ("unarchive", "ben", "--json"),
        ("org", "list"),
        ("org", "list", "--json"),
        ("org", "show", "org"),  # mandate, needs, issues, plan, people, their links, conversations
        ("org", "show", "org", "--json"),
        ("org", "show", evil("Nothing")),  # an error quoting what was typed
        ("org", "add", evil("Third org"), "--mandate", evil("mandate")),
        ("org", "issue", "org", evil("issue")),
        ("org", "edit", "harbour", "--objectives", evil("objectives"), "--json"),
        ("org", "add", evil("Org")),  # an error quoting the name it clashes with
        ("link", "ana", "ben", "--as", "knows", "--note", evil("note")),
        ("unlink", "ana", "ben", "--as", "family"),  # an error naming both
    ]
    leaks: dict[str, int] = {}
    for number, command in enumerate(commands):
        code, out, err = run_raw(*command, "--db", db)
        assert code in (0, 1, 2), (command, code, err)
        assert "Traceback" not in err, (command, err)
        found = stray(out) + stray(err)
        if found:
            leaks[f"{number}: {command[0]} {command[1][:10] if len(command) > 1 else ''!r}"] = len(found)
    assert not leaks, f"{sum(leaks.values())} control characters reached the terminal, by command: {leaks}"

    # The stored text is exactly what was given; only what is shown changes.
    with Journal(hostile.path) as journal:
        dan = next(c for c in journal.contacts() if c.name.startswith("Dan"))
        assert dan.name == evil("Dan") and dan.notes == evil("notes") and dan.tags == [evil("golf")]
        assert journal.interactions(dan.id) == [] and evil("topics") in [i.topics for i in journal.interactions()]
    # A file written with -o is the text as it is: a file, not a terminal.
    code, _, err = run_raw("export", "--format", "markdown", "-o", str(tmp_path / "journal.md"), "--db", db)
    assert code == 0
    assert evil("Dan") in (tmp_path / "journal.md").read_bytes().decode("utf-8")  # read_text would turn \r into \n
    assert stray(err) == []


def test_shown_output_reads_as_the_text(tmp_path, private_settings):
    """What the commands print is the text with its controls visible, markup and all."""
    hostile = build_hostile_journal(tmp_path / "journal.json", private_settings)
    code, out, _ = run_raw("week", "--db", str(hostile.path))
    assert code == 0
    # ASCII escapes on the command line: the UTF-8 bytes of a picture such as ␛ (E2 90 9B) are C1 bytes themselves.
    assert ("Ana\\x1b]52;c;ZXZpbA==\\x07\\x1b]0;pwned\\x07\\x1b[2J\\x9b6n\\x07\\x08\\x0d\\x7f\\u202e [bold red]x[/] "
            "[@click=app.quit]y[/] z\\") in out
    assert not any(chr(code) in out for code in range(0x2400, 0x2422))  # no control pictures either
    code, out, _ = run_raw("export", "--format", "json", "--db", str(hostile.path))
    assert json.loads(out)["contacts"][0]["name"] == evil("Ana")  # the JSON still says exactly what is stored


# --- the TUI --------------------------------------------------------------------------------------------------


class TerminalRecorder(HeadlessDriver):
    """Textual's headless driver, except that it says it is not headless: Textual then renders every frame and
    writes it here, the bytes a real terminal would get (the headless driver drops them unrendered)."""

    def __init__(self, *args, **options) -> None:
        super().__init__(*args, **options)
        self.written: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        self.written.append(data)


class Terminal:
    """Just enough of a terminal to read the screen back from what was written: cursor moves and text."""

    SEQUENCE = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;:?]*[ -/]*[@-~]|\x1b|[^\x1b]+")

    def __init__(self, width: int, height: int) -> None:
        self.grid = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        from rich.cells import get_character_cell_size

        for match in self.SEQUENCE.finditer(data):
            if match.group(1):
                self.y, self.x = int(match.group(1)) - 1, int(match.group(2)) - 1
            elif not match.group().startswith("\x1b"):
                for char in match.group():
                    width = get_character_cell_size(char)
                    if char == "\n" or width == 0:
                        continue  # every line Textual writes starts with its own cursor move
                    if 0 <= self.y < len(self.grid) and 0 <= self.x < len(self.grid[0]):
                        self.grid[self.y][self.x] = char
                        if width == 2 and self.x + 1 < len(self.grid[0]):
                            self.grid[self.y][self.x + 1] = ""
                    self.x += width

    @property
    def lines(self) -> list[str]:
        return ["".join(row) for row in self.grid]

    def find(self, text: str) -> tuple[int, int] | None:
        """Screen cell of the first character of `text`, if the screen shows it."""
        for y, row in enumerate(self.grid):
            line = "".join(char or "" for char in row)
            at = line.find(text)
            if at >= 0:
                cells = [x for x, char in enumerate(row) if char != ""]
                return cells[at], y
        return None


SIZE = (140, 45)
LITERAL_MARKUP = "[bold red]x[/] [@click=app.quit]y[/] z\\"


class Sweep:
    """After each step: the bytes written since the last step checked, and fed to the screen they make."""

    def __init__(self, app) -> None:
        self.app = app
        self.terminal = Terminal(*SIZE)
        self.read = 0
        self.leaks: dict[str, int] = {}
        self.samples: dict[str, str] = {}  # where the first stray character of a step was, for the failure
        self.screens: list[str] = []
        self.markup_shown: list[str] = []

    async def check(self, pilot, name: str, screen: type | None = None) -> None:
        for _ in range(3):
            await pilot.pause()
        driver = self.app._driver
        new = "".join(driver.written[self.read:])
        self.read = len(driver.written)
        assert new or self.screens, "the recorder saw no frame: is Textual still rendering to the driver?"
        self.terminal.feed(new)
        self.screens.append(name)
        found = stray(new, UNSAFE_WITH_TAB)
        if found:
            self.leaks[name] = len(found)
            rest = TEXTUAL_SEQUENCES.sub("", new)
            at = UNSAFE_WITH_TAB.search(rest).start()
            self.samples.setdefault(name, rest[max(0, at - 30):at + 30])
        if self.terminal.find(LITERAL_MARKUP):
            self.markup_shown.append(name)
        assert self.app.is_running, f"{name}: the app quit (after {self.verdict()})"
        if screen is not None:
            assert isinstance(self.app.screen, screen), f"{name}: on {self.app.screen} (after {self.verdict()})"

    def verdict(self) -> str:
        escaped = sum(self.leaks.values())
        written = sum(map(len, self.app._driver.written))
        return (f"{len(self.screens)} screens and states, {written:,} characters written to the terminal, "
                f"{escaped} of them control characters from stored text (by screen: {self.leaks}; the first of "
                f"each: {self.samples}); markup shown as text on {len(self.markup_shown)}")

    def assert_clean(self, markup_on_at_least: int) -> None:
        print(f"\nTUI sweep: {self.verdict()}")
        assert not self.leaks, self.verdict()
        assert len(self.markup_shown) >= markup_on_at_least, self.markup_shown


def stored(record, *names: str) -> dict[str, object]:
    """The fields as stored; roles as a set (the form lists them in the journal's order of roles)."""
    return {name: sorted(getattr(record, name)) if name == "roles" else getattr(record, name) for name in names}


CONTACT_TEXT = ("name", "org", "title", "email", "phone", "tags", "notes", "needs", "how_met", "introduced_by",
                "roles", "cadence_days", "key_influencer", "level")
INTERACTION_TEXT = ("date", "with_", "topics", "gave", "got", "learned", "response", "next_time", "kind", "channel")
SHARE_TEXT = ("title", "link", "note", "tags")
GOAL_TEXT = ("text", "helps", "hinders", "due")


@pytest.fixture
def hostile_app(tmp_path, private_settings):
    """The app on a hostile journal (its folder's name has controls in it too: the header shows the path), with a
    toast quoting a config file, rendering to a TerminalRecorder."""
    from netjournal.settings.config import user_roles_path
    from netjournal.tui.app import NetJournalApp

    hostile = build_hostile_journal(tmp_path / f"dir{TITLE}{C1_CSI}" / "journal.json", private_settings)
    roles, _ = roles_with_user_file(user_roles_path())
    journal = Journal(hostile.path, roles=roles)
    app = NetJournalApp(journal=journal, config_problems=[evil("config")])
    app.driver_class = TerminalRecorder
    yield app, hostile
    journal.close()


async def test_no_view_draws_a_control_character(hostile_app, tmp_path):
    """The main screen's four panes, the person, rating pass, reflection, value tabs, search, help, palette,
    role and tag pickers, questions, import, and the toasts."""
    from textual.command import CommandPalette
    from textual.widgets import DataTable, Input

    from netjournal.tui.forms.confirm import ConfirmScreen, TypeToConfirmScreen
    from netjournal.tui.forms.import_screen import ImportPlanScreen, ImportScreen
    from netjournal.tui.forms.role_picker import RolePicker
    from netjournal.tui.forms.tag_picker import TagPicker
    from netjournal.tui.screens.help import HelpScreen
    from netjournal.tui.screens.main import MainScreen
    from netjournal.tui.screens.month import MonthScreen
    from netjournal.tui.screens.organisations import OrganisationScreen, OrganisationsScreen
    from netjournal.tui.screens.person import PersonScreen
    from netjournal.tui.screens.rating_pass import RatingPassScreen
    from netjournal.tui.screens.reflection import ReflectionScreen
    from netjournal.tui.screens.search import SearchScreen
    from netjournal.tui.screens.value import ValueScreen

    app, hostile = hostile_app
    journal = app.journal
    _, table = write_hostile_imports(tmp_path)  # the CSV: its \r in a name is one vobject cannot parse
    reflection = journal.reflection(week_key(TODAY))
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        sweep = Sweep(app)
        check = sweep.check
        await check(pilot, "main screen: four panes, header, a toast", MainScreen)
        assert app.screen.query_one("#contacts-table", DataTable).row_count == 2
        await pilot.press("full_stop")
        await check(pilot, "contacts with the archived")
        await pilot.press("full_stop", "x")
        await check(pilot, "archive toast")
        await pilot.press("u")
        await check(pilot, "undo toast")
        await pilot.press("o")
        await check(pilot, "role picker", RolePicker)
        await pilot.press("escape", "enter")
        await check(pilot, "person view", PersonScreen)
        assert "person view" in sweep.markup_shown, "the markup in a name should show as text"
        at = sweep.terminal.find("[@click=app.quit]y")
        assert at is not None
        await pilot.click(offset=(at[0] + len("[@click=app.quit]"), at[1]))  # on the y: a link would quit
        await check(pilot, "person view, after a click on the 'link'", PersonScreen)
        app.screen.query_one("#person-timeline", DataTable).focus()
        await pilot.press("delete")
        await check(pilot, "confirm deleting a talk", ConfirmScreen)
        await pilot.press("n", "F")
        await check(pilot, "forget: type the name", TypeToConfirmScreen)
        await pilot.press("escape", "escape")

        await pilot.press("r")
        await check(pilot, "rating pass card", RatingPassScreen)
        await pilot.press("1")
        await check(pilot, "rating pass, the rating just made")
        await pilot.press("d")
        await check(pilot, "rating pass details")
        await pilot.press("escape", "T")
        await check(pilot, "tag picker", TagPicker)
        await pilot.press(*"go")
        await check(pilot, "tag picker, a tag completed")
        await pilot.press("escape", "escape")
        await check(pilot, "rating pass second round", RatingPassScreen)
        await pilot.press("escape")
        await check(pilot, "rating pass summary", RatingPassScreen)
        await pilot.press("escape")

        await pilot.press("w")
        await check(pilot, "weekly reflection", ReflectionScreen)
        await pilot.press("escape")
        await check(pilot, "main screen again", MainScreen)
        after = journal.reflection(week_key(TODAY))

        await pilot.press("O")
        await check(pilot, "organisations: names, flags", OrganisationsScreen)
        await pilot.press("enter")
        await check(pilot, "an organisation: mandate, issues, plan, people and links, conversations",
                    OrganisationScreen)
        await pilot.press("escape", "escape")

        await pilot.press("M")
        await check(pilot, "monthly review: organisations, people, goals and practice notes", MonthScreen)
        await pilot.press("escape")

        await pilot.press("v")
        await check(pilot, "share queue", ValueScreen)
        app.screen.query_one("#share-items", DataTable).focus()
        await pilot.press("delete")
        await check(pilot, "confirm removing an item", ConfirmScreen)
        await pilot.press("n", "2")
        await check(pilot, "give and take", ValueScreen)
        await pilot.press("3")
        await pilot.pause(0.3)
        await check(pilot, "introductions", ValueScreen)
        await pilot.press("escape", "ctrl+f", *"pwned")
        await pilot.pause(0.3)
        await check(pilot, "search", SearchScreen)
        await pilot.press("escape", "question_mark")
        await check(pilot, "help", HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.3)
        await check(pilot, "command palette", CommandPalette)
        await pilot.press(*"ana")
        await pilot.pause(0.5)
        await check(pilot, "command palette with a name typed", CommandPalette)
        await pilot.press("escape")

        app.open_import()
        await check(pilot, "import", ImportScreen)
        app.screen.query_one(Input).value = str(table)
        await pilot.press("enter")
        for _ in range(40):
            await pilot.pause(0.1)
            if isinstance(app.screen, ImportPlanScreen):
                break
        await check(pilot, "import plan, in words", ImportPlanScreen)
        await pilot.press("y")
        await check(pilot, "main screen with the imported person, and the import's toast", MainScreen)
    sweep.assert_clean(markup_on_at_least=10)
    # The reflection was read and left alone: written back exactly, if at all (the editor reads \x1c and U+2028
    # in it as line breaks).
    assert (after.notes, after.answers) == (reflection.notes, reflection.answers)


async def test_no_form_draws_a_control_character_and_untouched_fields_save_exactly(hostile_app):
    """Every form prefilled with hostile text, names completed from the journal, errors quoting names; a form saved
    untouched writes back exactly what was stored."""
    from textual.widgets import DataTable, Input

    from textual.widgets import TextArea

    from netjournal.tui.forms.confirm import ConfirmScreen
    from netjournal.tui.forms.conflict import ConflictScreen
    from netjournal.tui.forms.contact_form import ContactForm
    from netjournal.tui.forms.focus_goals_form import FocusGoalsForm
    from netjournal.tui.forms.goal_form import GoalForm
    from netjournal.tui.forms.introduction_form import IntroductionForm
    from netjournal.tui.forms.link_form import LinkForm
    from netjournal.tui.forms.log_form import LogForm
    from netjournal.tui.forms.organisation_form import IssueForm, OrganisationForm
    from netjournal.tui.forms.pass_on_form import PassOnForm
    from netjournal.tui.forms.share_form import ShareForm
    from netjournal.tui.screens.main import MainScreen
    from netjournal.tui.screens.organisations import OrganisationScreen
    from netjournal.tui.screens.person import PersonScreen
    from netjournal.tui.screens.value import ValueScreen

    app, hostile = hostile_app
    journal = app.journal
    ana = hostile.ana
    talks = {i.id: stored(i, *INTERACTION_TEXT) for i in journal.interactions(ana.id)}
    shares = {s.id: stored(s, *SHARE_TEXT) for s in journal.shares()}
    goals = [stored(g, *GOAL_TEXT) for g in journal.focus_goals(False)]
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        sweep = Sweep(app)
        check = sweep.check
        await check(pilot, "main screen", MainScreen)
        await pilot.press("enter", "e")
        await check(pilot, "contact form, every field prefilled", ContactForm)
        await pilot.press("ctrl+s")
        await check(pilot, "person view after saving the untouched form", PersonScreen)
        assert stored(journal.contact(ana.id), *CONTACT_TEXT) == stored(ana, *CONTACT_TEXT)

        timeline = app.screen.query_one("#person-timeline", DataTable)
        for row in range(timeline.row_count):
            timeline.focus()
            timeline.move_cursor(row=row)
            await pilot.press("enter")
            await check(pilot, f"log form correcting talk {row + 1}", LogForm)
            await pilot.press("ctrl+s")
            await check(pilot, "person view after saving an untouched talk", PersonScreen)
        assert {i.id: stored(i, *INTERACTION_TEXT) for i in journal.interactions(ana.id)} == talks

        await pilot.press("l")
        await check(pilot, "log form with the last plan", LogForm)
        app.screen.query_one("#field-with", Input).value = "zxzpba"  # in every name: an error listing them
        await pilot.press("ctrl+s")
        await check(pilot, "log form, an error quoting names", LogForm)
        await pilot.press("escape", "y", "i")
        await check(pilot, "introduction form", IntroductionForm)
        await pilot.press(*"be")
        await check(pilot, "introduction form, a name completed from the journal")
        await pilot.press("escape")
        await check(pilot, "discard what you typed?", ConfirmScreen)
        await pilot.press("y", "k")
        await check(pilot, "link form", LinkForm)
        await pilot.press("tab", *"be")
        await check(pilot, "link form, a name completed")
        await pilot.press("escape", "y", "escape")

        organisations = {o.id: o.to_record() for o in journal.organisations()}
        await pilot.press("O", "enter", "e")
        await check(pilot, "organisation form, every field prefilled", OrganisationForm)
        await pilot.press("ctrl+s")
        await check(pilot, "organisation view after saving the untouched form", OrganisationScreen)
        assert {o.id: {k: v for k, v in o.to_record().items() if k != "updated_at"} for o in
                journal.organisations()} == {i: {k: v for k, v in o.items() if k != "updated_at"}
                                             for i, o in organisations.items()}
        await pilot.press("i")
        await check(pilot, "issue form", IssueForm)
        await pilot.press("escape", "escape", "escape")

        await pilot.press("v", "e")
        await check(pilot, "share form", ShareForm)
        await pilot.press("ctrl+s")
        await check(pilot, "share queue after saving the untouched item", ValueScreen)
        assert {s.id: stored(s, *SHARE_TEXT) for s in journal.shares()} == shares
        app.screen.query_one("#share-items", DataTable).focus()
        await pilot.press("p")
        await check(pilot, "pass on form", PassOnForm)
        await pilot.press("escape", "escape")

        await pilot.press("2", "g")
        await check(pilot, "goal form", GoalForm)
        await pilot.press(*"be")
        await check(pilot, "goal form, a name completed and its starters")
        await pilot.press("escape", "y", "4", "c")
        await check(pilot, "critical goals form", FocusGoalsForm)
        await pilot.press("ctrl+s")
        await check(pilot, "main screen after saving the untouched goals", MainScreen)
        assert [stored(g, *GOAL_TEXT) for g in journal.focus_goals(False)] == goals

        # The "saved meanwhile" dialog shows both sides' words: another window saves hostile notes for Ana while
        # her form is open with other notes typed in it.
        await pilot.press("1", "home", "e")
        await check(pilot, "contact form, before the other save", ContactForm)
        app.screen.query_one("#field-notes", TextArea).load_text(evil("mine"))
        with Journal(hostile.path, roles=journal.roles) as other:
            changed = other.contact(ana.id)
            changed.notes = evil_text("theirs")
            other.update_contact(changed)
        await pilot.press("ctrl+s")
        await check(pilot, "saved meanwhile: both values", ConflictScreen)
        await pilot.press("escape", "escape", "y")
    sweep.assert_clean(markup_on_at_least=10)


def test_every_input_and_text_area_in_the_tui_shows_controls():
    """A stock Input or TextArea draws its value raw: the TUI builds only the visible kinds (tui/inputs.py and
    tui/text_area.py), a rule checked here rather than remembered."""
    import ast

    made = []
    for path in sorted((REPO / "netjournal" / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "Input", "TextArea"):
                made.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert made == []
