"""A hostile journal: every text field of every record holds terminal escapes, C1 and C0 controls and markup.

No byte of it may reach a terminal as a control: every command line's stdout and stderr are swept for C0 (but
newline and tab), DEL, C1, ESC and the bidi overrides.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from netjournal.content import roles_with_user_file
from netjournal.journal import Journal
from netjournal.model import (
    Contact,
    FocusGoal,
    Interaction,
    Rating,
    Reflection,
    ReflectionAnswer,
    Share,
    WeekGoal,
    previous_week,
    week_key,
)

from .conftest import TODAY

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
            how_met=evil("met"), key_influencer=True, cadence_days=7, roles=["evil_role", "supporter"], level="up"))
        ben = journal.add_contact(Contact(
            name=evil("Ben"), org=evil("Org"), title=evil("Title"), tags=[evil("golf")], notes=evil_text("notes"),
            needs=evil("data"), introduced_by=ana.id, cadence_days=14))
        cleo = journal.add_contact(Contact(name=evil("Cleo"), org=evil("Org"), notes=evil_text("notes")))
        journal.archive_contact(cleo.id)
        note("contact", "name", "org", "title", "email", "phone", "tags", "notes", "needs", "how_met")

        journal.log_interaction(Interaction(
            date=TODAY - timedelta(days=20), with_=[ana.id, ben.id], topics=evil_text("topics"), gave=evil("gave"),
            got=evil("got"), learned=evil_text("learned"), response=evil("response"), next_time=evil("next")))
        journal.log_interaction(Interaction(
            date=TODAY - timedelta(days=8), with_=[ben.id], topics=evil("golf talk"), business=True,
            initiated_by="them", got=evil("got")))
        note("interaction", "topics", "gave", "got", "learned", "response", "next_time")

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
        note("role", "name", "description", "find")
        note("prompt", "text")
        ana, ben = journal.contact(ana.id), journal.contact(ben.id)
    return Hostile(path, ana, ben, fields)


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
    ]
    leaks: dict[str, int] = {}
    for number, command in enumerate(commands):
        code, out, err = run_raw(*command, "--db", db)
        assert code in (0, 1), (command, code, err)
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
    assert "Ana␛]52;c;ZXZpbA==␇␛]0;pwned␇␛[2J�6n␇␈␍␡� [bold red]x[/] [@click=app.quit]y[/] z\\" in out
    code, out, _ = run_raw("export", "--format", "json", "--db", str(hostile.path))
    assert json.loads(out)["contacts"][0]["name"] == evil("Ana")  # the JSON still says exactly what is stored

