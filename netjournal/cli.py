"""The `netjournal` command: opens the journal, or runs one sub-command and exits.

Every error is one line on stderr and a non-zero exit, and nothing is written: 2 for what the person typed (a wrong
option, a value a field cannot take, a name that matches nobody), 1 for what went wrong elsewhere (a file that cannot
be read or written, another netjournal saving meanwhile, an encrypted journal that was not unlocked), 3 for a damaged
journal; `check` answers 4 for a wrong passphrase, so that a script tells it from damage.

An encrypted journal is unlocked for every command (passphrases.py): NETJOURNAL_PASSPHRASE_CMD, else a prompt.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import date as datetime_date
from pathlib import Path
from typing import TextIO

from . import __version__
from .settings.content import ContentError, rating_words
from .core.journal import Journal, default_journal_path
from .core.model import (CHANNELS, Contact, Interaction, Rating, Share, parse_day, parse_planned_day, parse_week,
                         week_key)
from .common.safe_text import json_visible, one_line_each, visible
from .core.errors import JournalError

EXIT_ERROR = 1  # not the person's input: a file that cannot be read or written, a save conflict
EXIT_USAGE = 2  # as argparse's: a wrong option, a name that matches nobody, a value a field cannot take
EXIT_DAMAGED = 3
EXIT_WRONG_PASSPHRASE = 4  # `check` only: the file may be whole, it was not read


# --- output: everything printed goes through these, so no stored text reaches the terminal as a control -------


def say(text: object = "", file: TextIO | None = None) -> None:
    """Print a message or a report: control characters in it (people's words) shown, never sent."""
    print(visible(str(text), keep_newlines=True, escapes=True), file=file or sys.stdout)


def say_line(text: object, file: TextIO | None = None) -> None:
    """One line of a message: a newline in a name it quotes is shown (␊), so it cannot start a forged line."""
    print(visible(str(text), escapes=True), file=file or sys.stdout)


def warn(message: object) -> None:
    """One line on stderr, `netjournal: ...`; a newline or control character in it is shown, never sent."""
    print(f"netjournal: {visible(str(message), escapes=True)}", file=sys.stderr)


class ShownStream:
    """A text stream for code that writes its own lines (`check_file`): what it writes goes out as `say` would."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(visible(text, keep_newlines=True, escapes=True))


def shown_export(fmt: str, payload: bytes) -> bytes:
    """An export on its way to a terminal: JSON with unsafe characters as \\u escapes (the same JSON), the other
    formats with them shown. `-o FILE` writes the exact bytes instead."""
    text = payload.decode("utf-8")
    if fmt == "ics":  # its lines end in CRLF (RFC 5545), which `visible` would show; they stay
        return "\r\n".join(visible(line, escapes=True) for line in text.split("\r\n")).encode("utf-8")
    return (json_visible(text) if fmt == "json" else visible(text, keep_newlines=True, escapes=True)).encode("utf-8")


def _add_db_option(parser: argparse.ArgumentParser, top_level: bool) -> None:
    # Also accepted after the sub-command (`netjournal log ... --db x`); SUPPRESS keeps the top-level value.
    parser.add_argument("--db", metavar="PATH", type=Path,
                        default=None if top_level else argparse.SUPPRESS,
                        help="the journal file (default: $NETJOURNAL_DB, else your user data folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netjournal",
        description="A keyboard-driven journal for your working relationships. "
                    "Without a command it opens the journal.",
    )
    parser.add_argument("--version", action="version", version=f"netjournal {__version__}")
    _add_db_option(parser, top_level=True)
    parser.add_argument("--theme", metavar="NAME", help="colour theme for this session")
    parser.add_argument("--demo", action="store_true", help="open a throw-away copy of the demo journal")
    parser.add_argument("--remember", action="store_true",
                        help="keep an encrypted journal's passphrase in the OS keyring once it unlocks (needs the "
                             'optional keyring package: pip install "netjournal[keyring]"); '
                             "`netjournal forget-passphrase` removes it")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    add = commands.add_parser("add", help="add a person")
    _add_db_option(add, top_level=False)
    add.add_argument("name")
    add.add_argument("--org", default="")
    add.add_argument("--title", default="")
    add.add_argument("--email", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="an interest; repeat for more")
    add.add_argument("--notes", default="", help="free information: family, interests, what they care about")
    add.add_argument("--needs", default="", help="what they are looking for; matched to others for introductions")
    add.add_argument("--every", type=str, default=None, metavar="DAYS", help="keep-in-touch interval in days")
    add.add_argument("--side", choices=("internal", "external"), default="")
    add.add_argument("--level", choices=("up", "peer", "down", "outside"), default="")
    add.add_argument("--network", choices=("formal", "informal"), default="")
    add.add_argument("--key-influencer", action="store_true")
    add.add_argument("--decision-maker", action="store_true", help="they decide for their organisation")
    add.add_argument("--role", action="append", default=[], metavar="ROLE",
                     help="a network role id (information_source, coach_mentor, ...); repeat for more")
    add.add_argument("--duplicate", action="store_true", help="add even if somebody has the same name")
    _add_date_options(add)

    log = commands.add_parser("log", help="log a conversation")
    _add_db_option(log, top_level=False)
    log.add_argument("text", help="what it was about")
    log.add_argument("--with", dest="people", action="append", required=True, metavar="NAME",
                     help="who took part; repeat for several people")
    log.add_argument("--date", default="today", help="today, yesterday, a weekday (mon) or YYYY-MM-DD")
    log.add_argument("--business", action="store_true", help="it was about work (default: non-business)")
    log.add_argument("--formal", action="store_true", help="a formal meeting (default: informal)")
    log.add_argument("--channel", choices=CHANNELS, default="in_person")
    log.add_argument("--they-started", action="store_true", help="they got in touch, not you")
    log.add_argument("--gave", default="", help="value you passed along")
    log.add_argument("--got", default="", help="value you received")
    log.add_argument("--learned", default="", help="new free information about them")
    log.add_argument("--next", dest="next_time", default="", help="plan for the next conversation")
    log.add_argument("--archived-ok", action="store_true", help="log even with someone archived (they stay archived)")

    try:
        scale = ", ".join(rating_words().values())  # the words every screen uses for the scores
    except ContentError as error:  # a broken install: the command still runs, and says so when it is asked
        scale = str(error)
    rate = commands.add_parser("rate", help=f"rate a relationship 1-4 ({scale})")
    _add_db_option(rate, top_level=False)
    rate.add_argument("name")
    rate.add_argument("score", help=scale)
    rate.add_argument("--date", default="today", help="today, yesterday, a weekday (the last one), 3 days ago "
                                                      "or YYYY-MM-DD")
    rate.add_argument("--barriers", default="", help="for 1-2: what stands in the way")
    rate.add_argument("--action", default="", help="for 1-2: what you will do about it")
    rate.add_argument("--by", dest="improve_by", default=None, metavar="DATE",
                      help="for 1-2: improve by this date, ahead: tomorrow, fri (the coming Friday), next week, "
                           "in 2 weeks, next month or YYYY-MM-DD")
    rate.add_argument("--plan", default="", help="for 3: a plan to make it a 4")

    imports = commands.add_parser("import", help="bring in contacts: vCard (.vcf), LinkedIn Connections.csv, "
                                                 "Google Contacts CSV or a CSV with a header row")
    _add_db_option(imports, top_level=False)
    imports.add_argument("file", type=Path)
    imports.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    # A calendar (.ics): its meetings become conversations.
    imports.add_argument("--since", default=None, metavar="DATE", help="calendar: meetings from this day on")
    imports.add_argument("--until", default=None, metavar="DATE", help="calendar: meetings up to this day")
    imports.add_argument("--add-people", action="store_true",
                         help="calendar: add the people you met who are not in the journal")
    imports.add_argument("--me", default="", metavar="EMAIL",
                         help="calendar: your email in it (default: the one in most meetings)")

    week = commands.add_parser("week", help="a week's summary as text")
    _add_db_option(week, top_level=False)
    week.add_argument("--week", default=None, help="ISO week such as 2026-W48 (default: this week)")

    export = commands.add_parser("export", help="write the journal in another format")
    _add_db_option(export, top_level=False)
    export.add_argument("--format", choices=("json", "markdown", "csv", "vcard", "ics"), default="json",
                        help="csv writes contacts to the output and conversations beside it (NAME-interactions.csv); "
                             "ics writes people's dates (yearly) and open follow-ups (with an alarm) for a calendar")
    export.add_argument("--week", default=None, help="with markdown: only that week's reflection (default: "
                                                     "the whole journal, people and reflections)")
    export.add_argument("--month", default=None, help="with markdown: only that month's review and goals "
                                                      "(YYYY-MM, this or last)")
    export.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: standard output)")
    export.add_argument("--plain", action="store_true",
                        help="an encrypted journal's export is encrypted too (same passphrase); --plain writes it "
                             "readable, with a warning")

    share = commands.add_parser("share", help="queue something worth passing on, and see who would value it")
    _add_db_option(share, top_level=False)
    share.add_argument("title")
    share.add_argument("--link", default="")
    share.add_argument("--note", default="", help="why it is useful")
    share.add_argument("--tag", action="append", default=[], metavar="TAG", help="a topic; repeat for more")

    shares = commands.add_parser("shares", help="the share queue, with who would value each item")
    _add_db_option(shares, top_level=False)

    introduce = commands.add_parser("introduce", help="record that you introduced two people, and why")
    _add_db_option(introduce, top_level=False)
    introduce.add_argument("first", metavar="NAME")
    introduce.add_argument("second", metavar="NAME")
    introduce.add_argument("--because", required=True, help="why they should meet")
    introduce.add_argument("--date", default="today", help="today, yesterday, a weekday (mon) or YYYY-MM-DD")
    introduce.add_argument("--channel", choices=CHANNELS, default="email")
    introduce.add_argument("--archived-ok", action="store_true",
                           help="record it even when one of them is archived (they stay archived)")

    introductions = commands.add_parser("introductions", help="people who could meet because one's need "
                                                              "matches another's interests")
    _add_db_option(introductions, top_level=False)

    check = commands.add_parser(
        "check", help="validate the journal file; non-zero exit if it is damaged",
        description="Validate the journal file without writing it. An encrypted journal is unlocked first and its "
                    "authentication tag verified before anything in it is read. Exit 0: ok; 1: problems found (or "
                    "not unlocked); 3: damaged (a changed or cut file, a damaged header); 4: wrong passphrase.")
    _add_db_option(check, top_level=False)
    _add_encryption_commands(commands)
    _add_copy_commands(commands)
    _add_reading_commands(commands)
    _add_ahead_commands(commands)
    _add_organisation_commands(commands)
    _add_month_commands(commands)
    return parser


def _add_date_options(parser: argparse.ArgumentParser, clears: bool = False) -> None:
    empty = "; an empty value removes it" if clears else ""
    parser.add_argument("--birthday", default=None, metavar="DATE",
                        help=f"YYYY-MM-DD, or MM-DD when the year is not known{empty}")
    parser.add_argument("--anniversary", default=None, metavar="DATE",
                        help=f"an anniversary (a wedding, a work one): YYYY-MM-DD or MM-DD{empty}")


def _with_dates(dates: list, args: argparse.Namespace) -> list:
    """`dates` with --birthday and --anniversary applied (each replaces the one of its kind without a label; an
    empty value removes it). A date that cannot be read names its option, before anything is written."""
    from .core.model import ImportantDate, parse_yearly_date

    for kind in ("birthday", "anniversary"):
        typed = getattr(args, kind)
        if typed is None:
            continue
        kept = [d for d in dates if not (d.kind == kind and (kind == "birthday" or not d.label))]
        if typed.strip():
            kept.append(ImportantDate(kind, parse_yearly_date(typed, f"--{kind}")))
        dates = kept
    return dates


def _add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="write JSON for scripts (ids and names)")


def _add_reading_commands(commands: argparse._SubParsersAction) -> None:
    """The commands that read what the others write, and change one person: list, show, search, archive,
    unarchive, edit."""
    listing = commands.add_parser("list", help="the people in the journal: name, org, last contact, rating, due")
    _add_db_option(listing, top_level=False)
    listing.add_argument("--tag", action="append", default=[], metavar="TAG",
                         help="only people with this interest; repeat for people with all of them")
    listing.add_argument("--due", action="store_true", help="only people due for contact, the most overdue first")
    listing.add_argument("--archived", action="store_true", help="archived people too")
    _add_json_option(listing)

    show = commands.add_parser("show", help="one person: details, what you learned, value each way, "
                                            "ratings, conversations")
    _add_db_option(show, top_level=False)
    show.add_argument("name")
    _add_json_option(show)

    search = commands.add_parser("search", help="search names, notes, interests, conversations, follow-ups, "
                                                "reflections and the share queue")
    _add_db_option(search, top_level=False)
    search.add_argument("words", nargs="+", metavar="WORDS")
    _add_json_option(search)

    for name, does in (("archive", "archive a person (kept, out of the lists; unarchive brings them back)"),
                       ("unarchive", "bring an archived person back")):
        command = commands.add_parser(name, help=does)
        _add_db_option(command, top_level=False)
        command.add_argument("name")
        _add_json_option(command)

    edit = commands.add_parser("edit", help="change a person's details; an empty value clears a field",
                               description="Change only the fields given; everything else stays as saved.")
    _add_db_option(edit, top_level=False)
    edit.add_argument("name")
    for option, field_name, helps in (
            ("--name", "new_name", "their name"), ("--org", "org", "organisation"), ("--title", "title", "job title"),
            ("--email", "email", "email address"), ("--phone", "phone", "phone number"),
            ("--notes", "notes", "free information (replaces what is there)"),
            ("--needs", "needs", "what they are looking for"), ("--how-met", "how_met", "how you met"),
            ("--introduced-by", "introduced_by", "who introduced you (a name)"),
            ("--every", "every", "keep-in-touch interval in days"),
            ("--side", "side", "internal or external"), ("--level", "level", "up, peer, down or outside"),
            ("--network", "network", "formal or informal")):
        edit.add_argument(option, dest=field_name, default=None, metavar="VALUE", help=helps)
    edit.add_argument("--tag", action="append", default=[], metavar="TAG", help="add an interest; repeat for more")
    edit.add_argument("--untag", action="append", default=[], metavar="TAG", help="remove an interest")
    edit.add_argument("--role", action="append", default=[], metavar="ROLE", help="add a network role id")
    edit.add_argument("--drop-role", action="append", default=[], metavar="ROLE", help="remove a network role")
    edit.add_argument("--key-influencer", action=argparse.BooleanOptionalAction, default=None,
                      help="mark (or with --no-key-influencer, unmark) them as a key influencer")
    edit.add_argument("--decision-maker", action=argparse.BooleanOptionalAction, default=None,
                      help="mark (or with --no-decision-maker, unmark) them as a decision maker at their organisation")
    edit.add_argument("--duplicate", action="store_true", help="rename even if somebody has the new name")
    _add_date_options(edit, clears=True)
    _add_json_option(edit)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        path = args.db or default_journal_path()
        if args.demo:
            return _open_demo(args)
        if args.command is None:
            return _open_tui(path, args.theme, remember=args.remember)
        if args.command == "check":
            return _cmd_check(path)
        if args.command == "forget-passphrase":
            return _cmd_forget_passphrase(path)
        if args.command == "unseal":
            return _cmd_unseal(args)
        if args.command == "merge-driver":
            return _cmd_merge_driver(args)
        handler = {"add": _cmd_add, "log": _cmd_log, "rate": _cmd_rate, "week": _cmd_week,
                   "export": _cmd_export, "import": _cmd_import, "share": _cmd_share, "shares": _cmd_shares,
                   "introduce": _cmd_introduce, "introductions": _cmd_introductions,
                   **READING_COMMANDS, **AHEAD_COMMANDS, **ORGANISATION_COMMANDS,
                   **MONTH_COMMANDS, **ENCRYPTION_COMMANDS, **COPY_COMMANDS}[args.command]
        from .settings.config import user_roles_path
        from .settings.content import roles_with_user_file

        roles, role_problems = roles_with_user_file(user_roles_path())
        for problem in role_problems:
            warn(problem)
        with _open_journal(path, roles, args) as journal:
            _tell(journal.take_notices())
            try:
                code = handler(journal, args)
            finally:
                _tell(journal.take_notices())
        sys.stdout.flush()
        return code
    except (JournalError, ValueError) as error:  # ContentError is a ValueError
        warn(error)
        return _exit_code(error)
    except BrokenPipeError:
        return _stdout_closed()
    except OSError as error:  # a file outside the journal: an export's target, a folder we may not read
        name = error.filename2 or error.filename  # os.replace(temp, target): the target is the one to name
        where = f"{name}: " if name else ""
        warn(f"{where}{error.strerror or error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a bug: one line for the person, the traceback in a crash log
        from .common.crash import report

        return report(error, f"`netjournal {args.command}`" if args.command else "the app")


def _open_journal(path: Path, roles: list, args: argparse.Namespace) -> Journal:
    """The journal for a command, unlocked if it is encrypted (passphrases.py says where the passphrase comes from).

    `encrypt` never asks for one: an encrypted journal is refused as it is. `passphrase --recovery` unlocks with
    the recovery key instead.
    """
    from .core.crypto import EncryptedJournal
    from .passphrases import unlocked

    if args.command == "encrypt":
        try:
            return Journal(path, roles=roles)
        except EncryptedJournal:
            if not Journal.plain_files_beside(path):
                raise ValueError(f"{path} is encrypted already; nothing was changed (`netjournal passphrase` "
                                 "changes its passphrase)") from None
            # An interrupted encrypt left plain backups: unlock, and _cmd_encrypt finishes the job.
    if args.command == "passphrase" and args.recovery:
        return _open_with_recovery_key(path, roles)
    return unlocked(path, lambda passphrase: Journal(path, roles=roles, passphrase=passphrase),
                    remember=args.remember)


def _exit_code(error: Exception) -> int:
    """2 when the person's input was wrong (as argparse does for a wrong option), 1 when something else failed."""
    from .core.errors import JournalDamaged
    from .core.areas.ahead import FollowUpNotFound
    from .core.journal import MonthGoalNotFound, NameAmbiguous, NameNotFound, OrganisationNotFound

    if isinstance(error, JournalDamaged):
        return EXIT_DAMAGED
    if isinstance(error, ContentError):  # netjournal's own data files are broken: not what the person typed
        return EXIT_ERROR
    if isinstance(error, (ValueError, NameNotFound, NameAmbiguous, FollowUpNotFound, OrganisationNotFound,
                          MonthGoalNotFound)):
        return EXIT_USAGE
    return EXIT_ERROR


def _stdout_closed() -> int:
    """The reader of our output went away (`netjournal week | head -1`): stop quietly, as `head`'s writer does.

    Python's own advice (signal module docs, "Note on SIGPIPE"): point stdout at devnull, so that the flush at
    exit does not fail a second time and print "Exception ignored" on stderr.
    """
    import os
    import signal

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture): nothing left to flush
        pass
    return 128 + getattr(signal, "SIGPIPE", 13)


def _tell(notices: list[str]) -> None:
    for notice in notices:
        warn(f"note: {notice}")


def _open_tui(path: Path, theme: str | None, remember: bool = False) -> int:
    from .settings.config import load_config, user_roles_path
    from .settings.content import roles_with_user_file

    roles, role_problems = roles_with_user_file(user_roles_path())
    # Opened before Textual starts, so a damaged file is reported on the command line.
    from .core.crypto import EncryptedJournal, file_is_sealed
    from .passphrases import PASSPHRASE_COMMAND, keep_in_keyring, remembered, unlock

    try:
        if file_is_sealed(path):  # 64 bytes tell it: a big journal is not read twice
            raise EncryptedJournal(path)
        journal = Journal(path, roles=roles)
    except EncryptedJournal:
        if os.environ.get(PASSPHRASE_COMMAND, "").strip() or remembered(path) is not None:
            # A wrong one from the command is one line, no retry; the keyring's, if it fails, falls to the prompt.
            journal = unlock(path, lambda passphrase: Journal(path, roles=roles, passphrase=passphrase),
                             remember=remember)
        else:
            from .passphrases import stdin_is_terminal
            from .tui.unlock import ask_passphrase_and_open  # the dialog: a Textual app of its own, three tries

            if not stdin_is_terminal():
                raise
            unlocked = ask_passphrase_and_open(path, lambda passphrase: Journal(path, roles=roles,
                                                                                passphrase=passphrase),
                                               theme_name=theme)
            if unlocked is None:
                warn("not unlocked: nothing was changed")
                return EXIT_ERROR
            journal = unlocked
            if remember and journal.unlocked_with is not None:
                keep_in_keyring(path, journal.unlocked_with)
    from .tui.app import NetJournalApp

    config, problems = load_config()
    problems = role_problems + problems
    app = NetJournalApp(journal=journal, theme_name=theme, config=config, config_problems=problems)
    app.run()
    journal.close()
    if app.crashed_with is not None:
        # Textual has put the terminal back; its traceback was kept off it (NetJournalApp._handle_exception).
        from .common.crash import report

        return report(app.crashed_with, "the app")
    return app.return_code or 0


def _open_demo(args: argparse.Namespace) -> int:
    from .io.demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="netjournal-demo-"))
    try:
        journal = Journal(folder / "journal.json")
        build_demo(journal)
        journal.close()
        if args.command is not None:
            raise ValueError("--demo opens the journal; it does not take a command")
        return _open_tui(folder / "journal.json", args.theme)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- encryption: encrypt, decrypt, passphrase, and check ---------------------------------------------------------

NEW_PASSPHRASE_HOW = ("On a terminal the new passphrase is asked twice (nothing is shown as you type); otherwise it is "
                      "the first line of standard input, for scripts: `pass show netjournal | netjournal encrypt`. "
                      "A passphrase under 8 characters is allowed, with a warning.")


def _add_encryption_commands(commands: argparse._SubParsersAction) -> None:
    unlocking = ("An encrypted journal is unlocked for every command with NETJOURNAL_PASSPHRASE_CMD, a command "
                 "that prints the passphrase (for example `pass show netjournal`), or else at a prompt.")
    encrypt = commands.add_parser(
        "encrypt", help="encrypt the journal, its backups and conflict copies with a passphrase",
        description="Encrypt the journal (AES-256-GCM, its key wrapped by a key derived from the passphrase with "
                    "Argon2id), its backups and its conflict copies; every later save, backup and export stays "
                    f"encrypted. {NEW_PASSPHRASE_HOW} {unlocking} The plain file is replaced, but its old blocks "
                    "may stay on the disk until they are overwritten: full-disk encryption covers those.")
    _add_db_option(encrypt, top_level=False)
    encrypt.add_argument("--recovery-key", action="store_true",
                         help="also print a recovery key, once, that opens the journal if the passphrase is lost")
    decrypt = commands.add_parser(
        "decrypt", help="make an encrypted journal, its backups and conflict copies plain JSON again",
        description=f"Unlock the journal and write it, its backups and its conflict copies as plain JSON. {unlocking}")
    _add_db_option(decrypt, top_level=False)
    passphrase = commands.add_parser(
        "passphrase", help="change the passphrase of an encrypted journal (the recovery key stays valid)",
        description="Unlock the journal with its passphrase, or with --recovery its recovery key (typed at a "
                    "prompt, or the first line of standard input), then give the new passphrase. "
                    f"{NEW_PASSPHRASE_HOW} With --recovery from standard input, the recovery key is the first line "
                    "and the new passphrase the second. The data key and the recovery key stay the same.")
    _add_db_option(passphrase, top_level=False)
    passphrase.add_argument("--recovery", action="store_true",
                            help="unlock with the recovery key instead of the passphrase (a lost passphrase)")
    unseal = commands.add_parser(
        "unseal", help="write an encrypted export (or backup, or conflict copy) as plain text, with its passphrase",
        description="An export of an encrypted journal is encrypted as the journal is (unless exported with "
                    "--plain). This writes the plain text of such a file, or of a backup or conflict copy, to -o FILE "
                    f"or to standard output when that is not a terminal. {unlocking}")
    unseal.add_argument("file", type=Path, help="the encrypted file")
    unseal.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: standard output)")
    forget = commands.add_parser(
        "forget-passphrase", help="remove the journal's passphrase from the OS keyring (kept there by --remember)")
    _add_db_option(forget, top_level=False)


def _cmd_encrypt(journal: Journal, args: argparse.Namespace) -> int:
    from .core.check import key_words
    from .passphrases import keep_in_keyring, new_passphrase

    if journal.encrypted:  # only opened so when an interrupted encrypt left plain files beside it
        finished = journal.encrypt_companions()
        say_line(f"{journal.path} was encrypted already; {_companion_words(finished)} beside it encrypted now")
        return 0

    passphrase = new_passphrase()
    recovery_text, companions = journal.encrypt(passphrase, recovery=args.recovery_key)
    if args.remember:
        keep_in_keyring(journal.path, passphrase)
    say_line(f"Encrypted {journal.path}: {key_words(journal.encryption_key)}")
    say_line(f"{_companion_words(companions)} encrypted too" if companions
             else "No backups or conflict copies to encrypt")
    if recovery_text is not None:
        say_line("Recovery key (shown only this once; it opens the journal if the passphrase is lost):")
        say_line(f"    {recovery_text}")
        say_line("Store it apart from this computer: on paper, or in a password manager on another device.")
    either = " or the recovery key" if recovery_text is not None else ""
    say_line(f"Without the passphrase{either} nobody can read the journal, you included.")
    return 0


def _cmd_decrypt(journal: Journal, args: argparse.Namespace) -> int:
    if not journal.encrypted:
        raise ValueError(f"{journal.path} is not encrypted; nothing was changed")
    from .passphrases import forget_from_keyring

    companions = journal.decrypt()
    if forget_from_keyring(journal.path):
        say_line("Its passphrase was removed from the OS keyring")
    say_line(f"Decrypted {journal.path}: it is plain JSON again, readable by anyone who can read the file")
    say_line(f"{_companion_words(companions)} made plain too" if companions
             else "No backups or conflict copies to make plain")
    return 0


def _cmd_passphrase(journal: Journal, args: argparse.Namespace) -> int:
    from .passphrases import keep_in_keyring, new_passphrase, remembered

    if not journal.encrypted:
        raise ValueError(f"{journal.path} is not encrypted; nothing was changed (`netjournal encrypt` encrypts it)")
    passphrase = new_passphrase()
    companions = journal.change_passphrase(passphrase)
    if args.remember or remembered(journal.path) is not None:  # a kept one that no longer opens it helps nobody
        keep_in_keyring(journal.path, passphrase)
    still = "; the recovery key still opens it" if journal.encryption_key.has_recovery else ""
    say_line(f"Changed the passphrase of {journal.path}{still}")
    say_line(f"{_companion_words(companions)} changed too" if companions
             else "No backups or conflict copies to change")
    say_line("The key under it stays the same: if the old passphrase may be known to someone who also has an old "
             "copy of the file, run `netjournal decrypt`, then `netjournal encrypt`, for a new key.")
    return 0


def _cmd_forget_passphrase(path: Path) -> int:
    from .passphrases import forget_from_keyring

    if forget_from_keyring(path):
        say_line(f"The passphrase of {path} was removed from the OS keyring")
    else:
        say_line(f"The OS keyring holds no passphrase for {path}; nothing was changed")
    return 0


def _companion_words(paths: list[Path]) -> str:
    """"2 backups and 1 conflict copy": what Journal.encrypt/decrypt/change_passphrase rewrote beside the journal."""
    from .common.counted import counted

    backups = sum(".bak-" in p.name for p in paths)
    copies = len(paths) - backups
    parts = [counted(backups, "backup")] if backups else []
    if copies:
        parts.append(counted(copies, "conflict copy", "conflict copies"))
    return " and ".join(parts)


def _open_with_recovery_key(path: Path, roles: list) -> Journal:
    """The journal unlocked with its recovery key: three tries on a terminal, one from standard input."""
    from .core import crypto
    from .core.errors import JournalDamaged
    from .passphrases import TRIES, recovery_key_typed, stdin_is_terminal, tell

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise JournalError(f"{path}: no journal here") from None
    if not crypto.is_sealed(raw):
        raise ValueError(f"{path} is not encrypted; nothing was changed (`netjournal encrypt` encrypts it)")
    tries = TRIES if stdin_is_terminal() else 1
    for tries_left in range(tries - 1, -1, -1):
        try:
            key = crypto.unlock_with_recovery(raw, recovery_key_typed(path))
        except crypto.EncryptionDamaged as damage:  # the header; a tag that fails is found by the storage below
            raise JournalDamaged(path, f"encrypted, and {damage}", _newest_backup(path)) from None
        except crypto.WrongPassphrase:
            if not tries_left:
                raise crypto.WrongPassphrase(f"that recovery key does not open {path}; nothing was read or "
                                             "changed") from None
            tell(f"that recovery key does not open it, {tries_left} {'try' if tries_left == 1 else 'tries'} left")
            continue
        return Journal(path, roles=roles, passphrase=key)  # the key itself: no passphrase to derive it from
    raise AssertionError("unreachable")  # pragma: no cover


def _newest_backup(path: Path) -> Path | None:
    import re

    found = sorted(p for p in path.parent.glob(glob.escape(path.name) + ".bak-*")
                   if re.fullmatch(r"\.bak-\d{8}", p.name[len(path.name):]))
    return found[-1] if found else None


def _cmd_unseal(args: argparse.Namespace) -> int:
    """The plain bytes of an encrypted export, backup or conflict copy, unlocked as the journal is."""
    from .common.files import expand_path
    from .core import crypto
    from .core.errors import ExportRefused

    source = expand_path(args.file)
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ValueError(f"cannot read {source}: {error.strerror or error}") from None
    if not crypto.is_sealed(raw):
        raise ValueError(f"{source} is not encrypted; it can be read as it is")
    try:
        crypto.check_header(raw)
    except crypto.EncryptionDamaged as damage:
        raise ValueError(f"{source} cannot be opened: {damage}") from None
    if args.output is None and sys.stdout.isatty():
        raise ExportRefused(f"nothing written: {source} may be a whole journal; give -o FILE (or pipe it)")

    plain = _unsealed_with_its_passphrase(source, raw, outcome="nothing was written")
    if args.output is None:
        sys.stdout.buffer.write(plain)
        sys.stdout.flush()
        return 0
    from .common.files import write_private_atomically

    target = expand_path(args.output)
    if target.exists() and target.resolve() == source.resolve():
        raise ExportRefused("nothing written: -o names the encrypted file itself; choose another name")
    try:
        write_private_atomically(target.resolve(), plain)
    except OSError as error:
        raise ValueError(f"could not write {target}: {error.strerror or error}; nothing was written") from None
    say_line(f"Wrote {target}: plain text, readable by anyone who can read the file", file=sys.stderr)
    return 0


def _cmd_check(path: Path) -> int:
    """`netjournal check`, an encrypted journal unlocked first; a wrong passphrase is told apart from damage."""
    from .core.check import check_file
    from .core.crypto import WrongPassphrase
    from .passphrases import unlocked

    out = ShownStream(sys.stdout)
    try:
        code = unlocked(path, lambda passphrase: check_file(path, out, passphrase=passphrase))
    except WrongPassphrase as wrong:
        warn(f"{wrong} (the file may be whole: it was not checked)")
        return EXIT_WRONG_PASSPHRASE
    sys.stdout.flush()  # a reader that went away (`check | head -2`) shows here, not at exit
    return code


ENCRYPTION_COMMANDS = {"encrypt": _cmd_encrypt, "decrypt": _cmd_decrypt, "passphrase": _cmd_passphrase}


# --- another copy of the journal: merge, conflicts ---------------------------------------------------------------


def _add_copy_commands(commands: argparse._SubParsersAction) -> None:
    merge = commands.add_parser(
        "merge", help="take in another copy of the journal (a sync tool's conflict copy), record by record",
        description="Merge another copy of this journal into it: records added on either side are kept, a record "
                    "changed on one side takes that change, a deletion wins over changes made without knowing of "
                    "it. A field both copies changed differently keeps the value written last; the other value is "
                    "listed by "
                    "`netjournal conflicts`. The other file is only read. An encrypted copy is opened with the "
                    "journal's key, or else with its own passphrase.")
    merge.add_argument("file", type=Path, nargs="?", default=None, help="the other copy (plain or encrypted)")
    merge.add_argument("--found", action="store_true",
                       help="every copy beside the journal that a sync tool (Syncthing, Dropbox, Nextcloud) or "
                            "netjournal kept, oldest first; each one merged is kept aside as journal.json.merged-...")
    merge.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    merge.add_argument("--old-copy", action="store_true",
                       help="merge a copy written before netjournal could merge (it cannot say what it deleted)")
    merge.add_argument("--any-journal", action="store_true",
                       help="take in the records of another journal, not a copy of this one")
    _add_db_option(merge, top_level=False)
    _add_json_option(merge)
    conflicts = commands.add_parser(
        "conflicts", help="fields two merged copies changed differently: list them, keep ours or take theirs",
        description="Each field a merge found changed differently in both copies kept the value written last. "
                    "List them; --keep ID settles one as it is, --take ID puts the other copy's value back, "
                    "--keep-all settles them all as they are.")
    settle = conflicts.add_mutually_exclusive_group()
    settle.add_argument("--keep", metavar="ID", help="keep the value the merge kept (the conflict goes)")
    settle.add_argument("--take", metavar="ID", help="put the other copy's value back (the conflict goes)")
    settle.add_argument("--keep-all", action="store_true", help="keep every value the merges kept")
    _add_db_option(conflicts, top_level=False)
    _add_json_option(conflicts)
    driver = commands.add_parser(
        "merge-driver", help="git's merge driver for a journal kept in git (see the README: .gitattributes)",
        description="Called by git as `netjournal merge-driver %O %A %B %P` when two branches changed the "
                    "journal: merges THEIRS into OURS record by record, using ANCESTOR (their common version) "
                    "for what stamps cannot say, and writes the result over OURS, as git asks. Fields both sides "
                    "changed differently wait in `netjournal conflicts`; git sees a clean merge. When the files "
                    "cannot be merged, OURS is left as it is, the reason goes to stderr, exit is 1 and git "
                    "reports a conflict.")
    driver.add_argument("ancestor", type=Path, help="%%O: the common ancestor's version (empty when none)")
    driver.add_argument("ours", type=Path, help="%%A: this branch's version; the result is written here")
    driver.add_argument("theirs", type=Path, help="%%B: the other branch's version")
    driver.add_argument("pathname", nargs="?", default=None,
                        help="%%P: the journal's path in the repository, for messages and the keyring")


def _cmd_merge(journal: Journal, args: argparse.Namespace) -> int:
    from .common.files import expand_path

    if args.found == (args.file is not None):
        raise ValueError("give the other copy (FILE) or --found, one of the two")
    if args.file is not None:
        source = expand_path(args.file)
        plan = _merged_copy(journal, source, args)
        if args.json:
            say_json(_merge_json(source, plan, args))
        else:
            _say_merged(journal, source, plan, args)
        return 0
    copies = journal.found_copies()
    reports, failed = [], 0
    if not copies and not args.json:
        say_line(f"No copies of {journal.path} beside it to merge")
    for copy in copies:
        try:
            plan = _merged_copy(journal, copy, args)
        except (JournalError, ValueError) as error:  # this one stays where it is; the others are still merged
            warn(error)
            failed += 1
            continue
        moved = None if args.dry_run else journal.put_aside_merged(copy)
        if args.json:
            reports.append({**_merge_json(copy, plan, args), "moved_to": str(moved) if moved else None})
            continue
        _say_merged(journal, copy, plan, args)
        if moved is not None:
            say_line(f"  {copy.name} is kept as {moved.name}")
    if args.json:
        say_json(reports)
    return EXIT_ERROR if failed else 0


def _merged_copy(journal: Journal, source: Path, args: argparse.Namespace):
    """Merge (or with --dry-run, plan) one other copy; ValueError or JournalError when it cannot be."""
    return journal.merge_copy_file(source, dry_run=args.dry_run, old_copy=args.old_copy,
                                   any_journal=args.any_journal,
                                   unseal=lambda path, raw: _unsealed_with_its_passphrase(
                                       path, raw, outcome="nothing was merged"))


def _cmd_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: THEIRS merged into a private copy of OURS, the result written over OURS.

    The journal is opened in a private temporary folder, not where git put OURS: its backups, lock and copies
    must not land in the work tree. Nothing is written to OURS unless the merge succeeded.
    """
    from .common.files import expand_path
    from .core.areas.copies import copy_bytes
    from .passphrases import file_is_sealed, unlock
    from .reports.copies import merge_counts

    ours, theirs, ancestor = (expand_path(p) for p in (args.ours, args.theirs, args.ancestor))
    shown = Path(args.pathname) if args.pathname else ours  # the journal as the person knows it
    folder = Path(tempfile.mkdtemp(prefix="netjournal-merge-"))  # 0700
    try:
        work = folder / "journal.json"
        try:
            our_bytes = copy_bytes(ours)
        except ValueError as error:
            raise ValueError(f"{shown} (ours): {error}") from None
        _refuse_other_encryption(our_bytes, copy_bytes(theirs))
        work.write_bytes(our_bytes)
        def open_with(passphrase: str | None) -> Journal:
            return Journal(work, passphrase=passphrase)

        # Asked for as the journal's own passphrase (the keyring knows it by the journal's path, not this one).
        opened = unlock(shown.resolve(), open_with) if file_is_sealed(work) else open_with(None)
        with opened as journal:
            unseal = lambda path, raw: _unsealed_with_its_passphrase(path, raw, outcome="nothing was merged")  # noqa: E731
            base = None
            if ancestor.exists() and ancestor.stat().st_size:  # git gives an empty file when there is none
                base = journal.copy_tables(ancestor, old_copy=True, unseal=unseal)
            # With the ancestor, a copy from before schema 7 can be merged: the ancestor says what it deleted.
            plan = journal.merge_copy_file(theirs, old_copy=base is not None, unseal=unseal, base=base)
        merged = work.read_bytes()
        with open(ours, "r+b") as target:  # in place: git holds this path and reads it back
            target.write(merged)
            target.truncate()
            target.flush()
            os.fsync(target.fileno())
    except (JournalError, ValueError) as error:
        warn(f"{error}. This branch's journal is left as it was: git reports a conflict in {shown}")
        return EXIT_ERROR
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    warn(f"netjournal merged {shown}: {merge_counts(plan)}")
    if plan.conflicts:
        from .common.counted import counted

        warn(f"{counted(len(plan.conflicts), 'field')} changed differently on both branches: the value written "
             "last is kept; `netjournal conflicts` lists the others")
    return 0


def _refuse_other_encryption(ours: bytes, theirs: bytes) -> None:
    """Two branches' journals encrypted differently (one plain, or another passphrase or key) are not merged: the
    result would take this branch's way and undo the other's (a journal made plain again in the repository, an
    old passphrase brought back). The person chooses which to keep."""
    from .core import crypto

    def sealed_as(raw: bytes) -> bytes | None:  # the header line: the key and how it is wrapped
        return raw.split(b"\n", 2)[1] if crypto.is_sealed(raw) and raw.count(b"\n") >= 2 else None

    if sealed_as(ours) != sealed_as(theirs):
        raise ValueError(
            "the two branches' journals are encrypted differently (one is plain, or they have different "
            "passphrases or keys), and merging would undo one branch's choice; nothing was merged. Keep the one "
            "you want (`git checkout --theirs journal.json`, or `--ours`), then `netjournal merge` the other "
            "branch's copy into it (`git show MERGE_HEAD:journal.json > other.json`)")


def _merge_json(source: Path, plan, args: argparse.Namespace) -> dict:
    return {"file": str(source), "dry_run": args.dry_run, "added": dict(plan.added), "changed": dict(plan.changed),
            "removed": dict(plan.removed), "conflicts": [dict(vars(c)) for c in plan.conflicts]}


def _say_merged(journal: Journal, source: Path, plan, args: argparse.Namespace) -> None:
    from .common.counted import counted
    from .reports.copies import merge_counts

    if plan.empty and not plan.conflicts:
        say_line(f"Nothing to merge: {journal.path} already has everything {source} has")
        return
    say_line(f"{'Would merge' if args.dry_run else 'Merged'} {source} into {journal.path}: {merge_counts(plan)}")
    if plan.conflicts:
        fields = counted(len(plan.conflicts), "field")
        say_line(f"{fields} changed differently in both copies: the value written last "
                 f"{'would be' if args.dry_run else 'is'} kept; `netjournal conflicts` lists the other values")


def _unsealed_with_its_passphrase(source: Path, raw: bytes, *, outcome: str) -> bytes:
    """The plain bytes of a sealed file, its passphrase asked as a journal's is; `outcome` ends each error."""
    from .core import crypto
    from .passphrases import unlock

    def opened(passphrase: str) -> bytes:
        try:
            return crypto.unlock(raw, passphrase).open(raw)
        except crypto.WrongPassphrase as wrong:
            raise crypto.WrongPassphrase(f"{wrong} for {source}; {outcome}") from None
        except crypto.EncryptionDamaged as damage:
            raise ValueError(f"{source} cannot be opened: {damage}; {outcome}") from None

    return unlock(source, opened)


def _cmd_conflicts(journal: Journal, args: argparse.Namespace) -> int:
    from .common.counted import counted
    from .reports.copies import conflict_subject, conflict_value, conflict_written

    if args.keep or args.take:
        wanted = args.keep or args.take
        matching = [c for c in journal.conflicts() if c["id"].startswith(wanted)] if wanted else []
        if len(matching) != 1:
            raise ValueError(f"no conflict with id {wanted!r}" if not matching
                             else f"{wanted!r} is the start of {len(matching)} conflict ids; give more of it")
        settled = journal.settle_conflict(matching[0]["id"], take_other=bool(args.take))
        what = f"{conflict_subject(journal, settled)}: {settled['field']}"
        say_line(f"Put back the other copy's value of {what}" if args.take else f"Kept the value of {what}")
        return 0
    if args.keep_all:
        settled = journal.keep_all_conflicts()
        say_line(f"Kept {counted(settled, 'value')} as the merges left them" if settled else "No conflicts to settle")
        return 0
    listed = journal.conflicts()
    if args.json:
        say_json([{**c, "record": conflict_subject(journal, c)} for c in listed])
        return 0
    if not listed:
        say_line("No conflicts: every merge so far agreed field by field")
        return 0
    for conflict in listed:
        say_line(f"{conflict['id']}  {conflict_subject(journal, conflict)}: {conflict['field']}")
        say_line(f"    kept:  {conflict_value(conflict['kept'])}")
        say_line(f"    other: {conflict_value(conflict['other'])}  (written {conflict_written(conflict)})")
    say_line("`netjournal conflicts --take ID` puts the other value back; `--keep ID` keeps the value as it is")
    return 0


COPY_COMMANDS = {"merge": _cmd_merge, "conflicts": _cmd_conflicts}


def _cmd_add(journal: Journal, args: argparse.Namespace) -> int:
    if args.every is None:
        from .settings.config import load_config

        default_days = load_config()[0].keep_in_touch_days
        args.every = default_days or None
    contact = Contact(
        name=args.name, org=args.org, title=args.title, email=args.email, phone=args.phone, tags=args.tag,
        notes=args.notes, needs=args.needs, cadence_days=args.every, side=args.side, level=args.level, network=args.network,
        key_influencer=args.key_influencer, roles=args.role, dates=_with_dates([], args),
        decision_maker=args.decision_maker,
    )
    same = journal.namesakes(contact.name)
    if same and not args.duplicate:
        who = ", ".join(f"{c.name} ({c.org})" if c.org else c.name for c in same)
        raise ValueError(f"name: {who} is already in the journal; add --duplicate to add a second person")
    journal.add_contact(contact)
    say_line(f"Added {contact.name}" + (f" ({contact.org})" if contact.org else ""))
    return 0


def _talked_with(journal: Journal, names: list[str], archived_ok: bool) -> list[Contact]:
    """The people a new conversation was with, by name; someone archived only with --archived-ok.

    Archiving says "not in touch any more": logging with them by a name that happens to match is more likely a
    slip than a return, and done silently it leaves them hidden from the lists the conversation should show in.
    """
    import shlex

    people = [journal.resolve_name(name) for name in names]
    archived = [(typed, person.name) for typed, person in zip(names, people) if person.archived]
    if archived and not archived_ok:
        who = " and ".join(name for _, name in archived)
        # The name as typed finds the same person again, so the command can be copied as it stands.
        commands = "; ".join(f"netjournal unarchive {shlex.quote(typed)}" for typed, _ in archived)
        raise ValueError(f"{who} {'is' if len(archived) == 1 else 'are'} archived. Add --archived-ok to go "
                         f"ahead anyway (they stay archived), or bring them back first: {commands}")
    return people


def _cmd_log(journal: Journal, args: argparse.Namespace) -> int:
    people = _talked_with(journal, args.people, args.archived_ok)
    interaction = Interaction(
        date=parse_day(args.date, journal.today()), with_=[p.id for p in people], channel=args.channel,
        formal=args.formal, business=args.business, initiated_by="them" if args.they_started else "me",
        topics=args.text, gave=args.gave, got=args.got, learned=args.learned, next_time=args.next_time,
    )
    journal.log_interaction(interaction)
    kind = "business" if interaction.business else "non-business"
    names = ", ".join(p.name for p in people)
    say_line(f"Logged {interaction.date}: {interaction.channel.replace('_', ' ')} with {names} ({kind})")
    return 0


def _cmd_rate(journal: Journal, args: argparse.Namespace) -> int:
    person = journal.resolve_name(args.name)
    today = journal.today()
    improve_by = parse_planned_day(args.improve_by, today, "--by") if args.improve_by else None
    rating = journal.rate(Rating(contact_id=person.id, date=parse_day(args.date, today), score=args.score,
                                 barriers=args.barriers, action=args.action, improve_by=improve_by,
                                 plan=args.plan))
    said = f"Rated {person.name} {rating_words()[rating.score]} on {rating.date}"
    if improve_by is not None:  # the day a word like `fri` became, so a wrong guess shows at once
        said += f"; improve by {improve_by:%a %d %b %Y} ({improve_by.isoformat()})"
    say_line(said)
    return 0


def _cmd_import(journal: Journal, args: argparse.Namespace) -> int:
    from .io.importers import ImportFileError, apply_plan, plan_import, read_contacts
    from .common.files import expand_path

    if args.file.suffix.casefold() == ".ics":
        return _import_calendar(journal, args)
    calendar_only = [name for name, value in (("--since", args.since), ("--until", args.until),
                                              ("--add-people", args.add_people), ("--me", args.me)) if value]
    if calendar_only:
        raise ValueError(f"import: {', '.join(calendar_only)} only for a calendar (.ics)")
    try:
        people = read_contacts(expand_path(args.file))
    except ImportFileError as error:  # the file's fault, not what was typed: exit 1, like a file we cannot read
        raise JournalError(f"import: {error}") from None
    plan = plan_import(journal, people)
    if not args.dry_run:
        apply_plan(journal, plan)
    say(plan.summary(dry_run=args.dry_run))
    return 0


def _import_calendar(journal: Journal, args: argparse.Namespace) -> int:
    from .io.calendar import apply_calendar_plan, plan_calendar, read_calendar
    from .io.importers import ImportFileError
    from .common.files import expand_path

    today = journal.today()
    since = parse_day(args.since, today, "--since") if args.since else None
    until = parse_day(args.until, today, "--until") if args.until else None
    if since and until and since > until:
        raise ValueError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    if args.me and "@" not in args.me:
        raise ValueError(f"--me: {args.me!r} is not an email address")
    try:
        calendar = read_calendar(expand_path(args.file))
        plan = plan_calendar(journal, calendar, since=since, until=until, me=args.me, add_people=args.add_people)
    except ImportFileError as error:  # the file's fault, as for contacts: exit 1
        raise JournalError(f"import: {error}") from None
    if not args.dry_run:
        apply_calendar_plan(journal, plan)
    say(plan.summary(dry_run=args.dry_run))
    return 0


def _cmd_week(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.week import week_text

    week = parse_week(args.week) if args.week else week_key(journal.today())
    say(week_text(journal, week))
    return 0


def _cmd_export(journal: Journal, args: argparse.Namespace) -> int:
    from .io.exporters import render_export
    from .common.files import expand_path
    from .core.errors import ExportRefused
    from .io.exporters import export_target_problem, write_export

    target = expand_path(args.output) if args.output is not None else None
    from .core.model import read_month

    month = read_month(args.month, journal.today()) if args.month else None
    files = render_export(journal, args.format, target, parse_week(args.week) if args.week else None, month)
    # An encrypted journal's export is encrypted too (the same file format and passphrase), unless --plain.
    sealed = journal.encrypted and not args.plain
    # Every target is checked before the first is written: a CSV export is two files, and it is all or nothing.
    for path, _ in files:
        if path is None and sealed and _stdout_is_terminal():
            raise ValueError("export: nothing written: the journal is encrypted, so its export is too (binary), and "
                             "standard output is a terminal; use -o FILE, or --plain for a readable export")
        problem = path is not None and export_target_problem(path, journal.path)
        if problem:
            raise ExportRefused(f"export: nothing written: {problem}")
        if path is None and _stdout_is_one_of_the_journals_files(journal):
            raise ExportRefused("export: nothing written: standard output is the journal file itself (or one of its "
                                "backups); use -o with another name")
    if journal.encrypted and args.plain:
        warn("warning: --plain: this export is not encrypted; anyone who can read it can read your journal")
    for path, payload in files:
        if sealed:
            payload = journal.sealed_for_export(payload)
        if path is None:
            sys.stdout.buffer.write(payload if sealed else shown_export(args.format, payload))
            sys.stdout.flush()
        else:
            write_export(path, payload, journal.path)  # private and atomic: it holds the journal's notes
            how = " (encrypted with the journal's passphrase; `netjournal unseal` reads it)" if sealed else ""
            say_line(f"Exported {path}{how}", file=sys.stderr)
    return 0


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (OSError, ValueError):
        return False


def _stdout_is_one_of_the_journals_files(journal: Journal) -> bool:
    """`netjournal export >> journal.json` must not append an export to the journal."""
    try:
        out = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's capture)
        return False
    for own in (journal.path, *journal.path.parent.glob(glob.escape(journal.path.name) + ".*")):
        try:
            found = os.stat(own)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (out.st_dev, out.st_ino):
            return True
    return False


def _cmd_share(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.value import suggestion_lines

    share = Share(title=args.title, link=args.link, note=args.note, tags=args.tag)
    lines = suggestion_lines(journal, share)  # worked out before saving: a command completes or changes nothing
    journal.add_share(share)
    say_line(f"Queued {share.title!r}. Who would value it:")
    say(one_line_each(f"  {line}" for line in lines) or "  nobody's interests or notes match it yet")
    return 0


def _cmd_shares(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.value import shares_text

    say(shares_text(journal))
    return 0


def _cmd_introduce(journal: Journal, args: argparse.Namespace) -> int:
    first, second = _talked_with(journal, [args.first, args.second], args.archived_ok)
    made = journal.introduce(first.id, second.id, args.because, parse_day(args.date, journal.today()),
                             channel=args.channel)
    say_line(f"Recorded {made.date}: you introduced {first.name} to {second.name}")
    return 0


def _cmd_introductions(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.value import introductions_text

    say(introductions_text(journal))
    return 0


# --- list, show, search, archive, unarchive, edit ----------------------------------------------------------


def say_json(data: object) -> None:
    """JSON for scripts: keys as given, stored text exactly, with unsafe characters as \\u escapes."""
    import orjson

    sys.stdout.write(json_visible(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")) + "\n")


def _cmd_list(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.people import people_json, people_rows, people_text

    rows = people_rows(journal, args.tag, due_only=args.due, include_archived=args.archived)
    if args.json:
        say_json(people_json(rows, journal.today()))
    else:
        say(people_text(rows, journal.today()))
    return 0


def _cmd_show(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.person import person_json, person_text, person_view

    view = person_view(journal, journal.resolve_name(args.name).id)
    if args.json:
        say_json(person_json(view))
    else:
        say(person_text(view))
    return 0


def _cmd_search(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.people import search_json, search_text

    query = " ".join(" ".join(args.words).split())
    if not query:
        raise ValueError("search: give a word to look for")
    hits = journal.search(query)
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    if args.json:
        say_json(search_json(query, hits, names))
    else:
        say(search_text(query, hits, names))
    return 0


def _archive(journal: Journal, args: argparse.Namespace, archived: bool) -> int:
    person = journal.resolve_name(args.name)
    changed = person.archived != archived
    if changed:
        person = journal.archive_contact(person.id, archived)
    if args.json:
        say_json({"id": person.id, "name": person.name, "archived": person.archived, "changed": changed})
    elif changed:
        say_line(f"Archived {person.name}" if archived else f"Restored {person.name}")
    else:
        say_line(f"{person.name} is already archived" if archived else f"{person.name} is not archived")
    return 0


def _cmd_archive(journal: Journal, args: argparse.Namespace) -> int:
    return _archive(journal, args, True)


def _cmd_unarchive(journal: Journal, args: argparse.Namespace) -> int:
    return _archive(journal, args, False)


# `netjournal edit` options that set one text field of the person form as typed (the model checks it).
EDIT_TEXT_FIELDS = ("org", "title", "email", "phone", "notes", "needs", "how_met", "side", "level", "network")
# A stored field as `edit` names it: by the option that sets it, the word the person typed.
EDIT_FLAGS = {"name": "--name", "how_met": "--how-met", "introduced_by": "--introduced-by", "cadence_days": "--every",
              "tags": "--tag", "roles": "--role", "key_influencer": "--key-influencer",
              "decision_maker": "--decision-maker",
              **{key: f"--{key}" for key in EDIT_TEXT_FIELDS if key != "how_met"}}


def _cmd_edit(journal: Journal, args: argparse.Namespace) -> int:
    try:
        return _edit(journal, args)
    except ValueError as error:  # the model names the stored field ("cadence_days: ..."); the person typed --every
        field_name, colon, rest = str(error).partition(": ")
        if colon and field_name in EDIT_FLAGS and not isinstance(error, ContentError):
            raise ValueError(f"{EDIT_FLAGS[field_name]}: {rest}") from None
        raise


def _edit(journal: Journal, args: argparse.Namespace) -> int:
    import dataclasses

    from .common.folding import fold
    from .core.journal import EditConflict, NameAmbiguous, NameNotFound

    base = journal.resolve_name(args.name)
    changes: dict[str, object] = {key: getattr(args, key) for key in EDIT_TEXT_FIELDS
                                  if getattr(args, key) is not None}
    if args.new_name is not None:
        changes["name"] = args.new_name
    if args.every is not None:
        changes["cadence_days"] = args.every.strip() or None
    if args.key_influencer is not None:
        changes["key_influencer"] = args.key_influencer
    if args.decision_maker is not None:
        changes["decision_maker"] = args.decision_maker
    if args.introduced_by is not None:
        try:
            changes["introduced_by"] = (journal.resolve_name(args.introduced_by).id if args.introduced_by.strip()
                                        else None)
        except (NameNotFound, NameAmbiguous) as error:
            raise ValueError(f"--introduced-by: {error}") from None
    if args.tag or args.untag:
        tags = list(base.tags)
        for tag in args.untag:
            kept = [t for t in tags if fold(t) != fold(tag)]
            if len(kept) == len(tags):
                raise ValueError(f"--untag: {base.name} has no interest {tag!r}")
            tags = kept
        changes["tags"] = tags + [t for t in args.tag if fold(t) not in {fold(have) for have in tags}]
    if args.role or args.drop_role:
        roles = list(base.roles)
        for role in args.drop_role:
            if role not in roles:
                raise ValueError(f"--drop-role: {base.name} does not have the role {role!r}")
            roles.remove(role)
        changes["roles"] = roles + [r for r in args.role if r not in roles]
    if args.birthday is not None or args.anniversary is not None:
        changes["dates"] = _with_dates(list(base.dates), args)
    if not changes:
        raise ValueError("edit: nothing to change; give a field such as --org ORG or --tag TAG")
    mine = dataclasses.replace(base, **changes)  # checks every value: a bad one names its field
    if "name" in changes and fold(mine.name) != fold(base.name) and not args.duplicate:
        same = [c for c in journal.find_contacts(mine.name, include_archived=True)
                if fold(c.name) == fold(mine.name) and c.id != base.id]
        if same:
            raise ValueError(f"name: {same[0].name} is already in the journal; add --duplicate to rename anyway")
    before = base.to_record()
    changed = [key for key, value in mine.to_record().items() if value != before[key]]
    try:
        saved = journal.edit_contact(base, mine) if changed else base
    except EditConflict as error:  # another netjournal changed the same fields since this command read them
        fields = ", ".join(c.label for c in error.conflicts)
        raise JournalError(f"{base.name} was changed by another netjournal meanwhile ({fields}); nothing saved: "
                           "run the command again") from None
    if args.json:
        say_json({"id": saved.id, "name": saved.name, "changed": changed, "person": saved.to_record()})
    elif changed:  # in the options' words, as typed: --every, not cadence_days
        say_line(f"Saved {saved.name}: {', '.join(EDIT_FLAGS.get(key, key).lstrip('-') for key in changed)}")
    else:
        say_line(f"{saved.name} already has those details; nothing saved")
    return 0


READING_COMMANDS = {"list": _cmd_list, "show": _cmd_show, "search": _cmd_search, "archive": _cmd_archive,
                    "unarchive": _cmd_unarchive, "edit": _cmd_edit}



# --- looking ahead: follow-up, follow-ups, done, snooze, drop, today -----------------------------------------

DEFAULT_FOLLOW_UP_BY = "in 1 week"  # `follow-up` without --by: a week on, the usual "I'll get back to you"
_PLANNED_WORDS = "tomorrow, fri (the coming Friday), next week, in 2 weeks, next month or YYYY-MM-DD"


def _add_ahead_commands(commands: argparse._SubParsersAction) -> None:
    follow_up = commands.add_parser("follow-up", help="something to do for or with a person by a date")
    _add_db_option(follow_up, top_level=False)
    follow_up.add_argument("name")
    follow_up.add_argument("what", help="what to do: \"send the article\", \"ask how the move went\"")
    follow_up.add_argument("--by", default=None, metavar="DATE",
                           help=f"when it is due: {_PLANNED_WORDS} (default: in a week)")
    follow_up.add_argument("--archived-ok", action="store_true",
                           help="add it even when the person is archived (they stay archived)")
    _add_json_option(follow_up)

    listing = commands.add_parser("follow-ups", help="open follow-ups, soonest due first, with their ids")
    _add_db_option(listing, top_level=False)
    listing.add_argument("--all", action="store_true", help="done ones too (after the open ones)")
    _add_json_option(listing)

    done = commands.add_parser("done", help="mark a follow-up done (by its id, or the start of it)")
    _add_db_option(done, top_level=False)
    done.add_argument("id", metavar="ID")
    done.add_argument("--undo", action="store_true", help="open it again")
    _add_json_option(done)

    snooze = commands.add_parser("snooze", help="move a follow-up's due date")
    _add_db_option(snooze, top_level=False)
    snooze.add_argument("id", metavar="ID")
    snooze.add_argument("date", metavar="DATE", help=_PLANNED_WORDS)
    _add_json_option(snooze)

    drop = commands.add_parser("drop", help="delete a follow-up that is no longer wanted")
    _add_db_option(drop, top_level=False)
    drop.add_argument("id", metavar="ID")
    _add_json_option(drop)

    today = commands.add_parser(
        "today", help="what needs you today and in the days ahead: follow-ups, dates, people due, week goals",
        description="Follow-ups overdue or due, birthdays and other dates coming round, people past their "
                    "keep-in-touch interval (key influencers first), this week's goals not met yet and today's "
                    "meetings. Exit status 0 whenever it could read the journal, so it suits a shell start-up "
                    "file or cron.")
    _add_db_option(today, top_level=False)
    today.add_argument("--days", default="7", metavar="N",
                       help="how many days to look ahead, today included (default: 7; 1 is today only)")
    _add_json_option(today)


def _short_ids(journal: Journal) -> dict[str, str]:
    """Each follow-up's id cut to the shortest start (4 characters at least) that no other follow-up's id shares:
    what `done`, `snooze` and `drop` need typed."""
    ids = [f.id for f in journal.follow_ups(include_done=True)]
    short: dict[str, str] = {}
    for one in ids:
        length = min(4, len(one))
        while length < len(one) and any(other != one and other.startswith(one[:length]) for other in ids):
            length += 1
        short[one] = one[:length]
    return short


def _follow_up_json(journal: Journal, follow_up, names: dict[str, str], short: dict[str, str]) -> dict:
    from .reports.today import due_words

    today = journal.today()
    late = (today - datetime_date.fromisoformat(follow_up.due)).days
    return {"id": follow_up.id, "short_id": short.get(follow_up.id, follow_up.id),
            "contact_id": follow_up.contact_id, "name": names.get(follow_up.contact_id, ""),
            "what": follow_up.what, "due": follow_up.due, "done_on": follow_up.done_on,
            "from_interaction": follow_up.from_interaction,
            "overdue_days": max(0, late) if follow_up.open else 0, "words": due_words(follow_up, today)}


def _follow_up_said(journal: Journal, follow_up, name: str) -> str:
    """`Ana Ruiz: send the article (due Friday)`: the words Today uses."""
    from .reports.today import due_words

    return f"{name}: {follow_up.what} ({due_words(follow_up, journal.today())})"


def _cmd_follow_up(journal: Journal, args: argparse.Namespace) -> int:
    from .core.model import FollowUp

    person = _talked_with(journal, [args.name], args.archived_ok)[0]
    due = parse_planned_day(args.by if args.by is not None else DEFAULT_FOLLOW_UP_BY, journal.today(), "--by")
    follow_up = journal.add_follow_up(FollowUp(contact_id=person.id, what=args.what, due=due.isoformat()))
    short = _short_ids(journal)
    if args.json:
        say_json(_follow_up_json(journal, follow_up, {person.id: person.name}, short))
    else:  # the day a word like `fri` became, so a wrong guess shows at once
        say_line(f"Follow-up {short[follow_up.id]}: {person.name}: {follow_up.what}; by {due:%a %d %b %Y} "
                 f"({due.isoformat()})")
    return 0


def _cmd_follow_ups(journal: Journal, args: argparse.Namespace) -> int:
    found = journal.follow_ups(include_done=args.all)
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    short = _short_ids(journal)
    if args.json:
        say_json({"date": journal.today().isoformat(),
                  "follow_ups": [_follow_up_json(journal, f, names, short) for f in found]})
        return 0
    if not found:
        say_line("No open follow-ups. Add one: netjournal follow-up NAME WHAT --by fri"
                 if not args.all else "No follow-ups yet. Add one: netjournal follow-up NAME WHAT --by fri")
        return 0
    width = max(len(short[f.id]) for f in found)
    say(one_line_each(f"{short[f.id]:<{width}}  {_follow_up_said(journal, f, names.get(f.contact_id, '?'))}"
                      for f in found))
    return 0


def _changed_follow_up(journal: Journal, args: argparse.Namespace, follow_up, said: str) -> int:
    names = {c.id: c.name for c in journal.contacts(include_archived=True)}
    if args.json:
        say_json({**_follow_up_json(journal, follow_up, names, _short_ids(journal)), "result": said})
    else:
        say_line(f"{said}: {_follow_up_said(journal, follow_up, names.get(follow_up.contact_id, '?'))}")
    return 0


def _cmd_done(journal: Journal, args: argparse.Namespace) -> int:
    found = journal.find_follow_up(args.id)
    if args.undo:
        if found.open:
            return _changed_follow_up(journal, args, found, "Not done yet")
        return _changed_follow_up(journal, args, journal.reopen_follow_up(found.id), "Reopened")
    if not found.open:
        return _changed_follow_up(journal, args, found, "Already done")
    return _changed_follow_up(journal, args, journal.complete_follow_up(found.id), "Done")


def _cmd_snooze(journal: Journal, args: argparse.Namespace) -> int:
    found = journal.find_follow_up(args.id)
    if not found.open:
        raise ValueError(f"snooze: that follow-up is done ({found.done_on}); "
                         f"netjournal done {args.id.strip()} --undo opens it again")
    until = parse_planned_day(args.date, journal.today(), "date")
    return _changed_follow_up(journal, args, journal.snooze_follow_up(found.id, until), "Snoozed")


def _cmd_drop(journal: Journal, args: argparse.Namespace) -> int:
    found = journal.find_follow_up(args.id)
    said = {c.id: c.name for c in journal.contacts(include_archived=True)}
    short = _short_ids(journal)
    journal.drop_follow_up(found.id)
    if args.json:
        say_json({**_follow_up_json(journal, found, said, short), "result": "Dropped"})
    else:
        say_line(f"Dropped: {_follow_up_said(journal, found, said.get(found.contact_id, '?'))}")
    return 0


MAX_TODAY_DAYS = 366  # a year ahead: every yearly date comes round within it


def _cmd_today(journal: Journal, args: argparse.Namespace) -> int:
    from .insights.today import today_view
    from .reports.today import today_json, today_sections

    text = str(args.days).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_TODAY_DAYS:  # "²" is a digit too
        raise ValueError(f"--days: give a number of days from 1 to {MAX_TODAY_DAYS} (1 is today only), "
                         f"not {text[:20]!r}")
    days = int(text)
    view = today_view(journal, days)
    if args.json:
        say_json(today_json(view))
        return 0
    if view.empty:
        ahead = "" if days == 1 else " or tomorrow" if days == 2 else f" or in the next {days - 1} days"
        say_line(f"Nothing due today{ahead}. Enjoy the day.")
        return 0
    blocks = [f"{title}\n" + one_line_each(f"  {line}" for line in lines) for title, lines in today_sections(view)]
    say("\n\n".join(blocks))
    return 0


AHEAD_COMMANDS = {"follow-up": _cmd_follow_up, "follow-ups": _cmd_follow_ups, "done": _cmd_done,
                  "snooze": _cmd_snooze, "drop": _cmd_drop, "today": _cmd_today}


# --- organisations and links: org add|list|show|edit|issue|resolve, link, unlink -----------------------------


def _add_organisation_options(parser: argparse.ArgumentParser, editing: bool) -> None:
    from .core.model import INVOLVEMENTS, ORG_KINDS

    empty = "; an empty value clears it" if editing else ""
    parser.add_argument("--kind", default=None, metavar="KIND", help=f"{', '.join(ORG_KINDS)}{empty}")
    parser.add_argument("--rank", default=None, metavar="N", help=f"how strategic: 1 is the most{empty}")
    parser.add_argument("--involvement", default=None, metavar="HOW", help=f"{', '.join(INVOLVEMENTS)}{empty}")
    parser.add_argument("--mandate", default=None, metavar="TEXT", help="what they are for and where they are "
                                                                        "heading")
    parser.add_argument("--needs", default=None, metavar="TEXT", help="what they need from you and others")
    parser.add_argument("--every", default=None, metavar="DAYS", help=f"keep in touch with someone there every "
                                                                      f"DAYS days{empty}")
    _add_json_option(parser)


def _add_organisation_commands(commands: argparse._SubParsersAction) -> None:
    from .core.model import LINK_KINDS

    org = commands.add_parser("org", help="organisations: add, list, show, edit, issue, resolve",
                              description="Clients, partners and stakeholders: what they are for, what they need, "
                                          "who decides there, and how often you are in touch.")
    _add_db_option(org, top_level=False)
    org_commands = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)

    add = org_commands.add_parser("add", help="add an organisation")
    _add_db_option(add, top_level=False)
    add.add_argument("name")
    _add_organisation_options(add, editing=False)

    listing = org_commands.add_parser("list", help="organisations by rank: people, last contact, this month, flags")
    _add_db_option(listing, top_level=False)
    listing.add_argument("--archived", action="store_true", help="archived organisations too")
    _add_json_option(listing)

    show = org_commands.add_parser("show", help="one organisation: mandate, needs, issues, plan, people, "
                                                "conversations")
    _add_db_option(show, top_level=False)
    show.add_argument("name")
    _add_json_option(show)

    edit = org_commands.add_parser("edit", help="change an organisation; only the options given change")
    _add_db_option(edit, top_level=False)
    edit.add_argument("name")
    edit.add_argument("--name", dest="new_name", default=None, metavar="NAME", help="a new name (its people "
                                                                                    "follow)")
    _add_organisation_options(edit, editing=True)
    edit.add_argument("--objectives", default=None, metavar="TEXT", help="the plan: what you mean to achieve")
    edit.add_argument("--measures", default=None, metavar="TEXT", help="the plan: how you will know")
    edit.add_argument("--plan-by", default=None, metavar="DATE", help=f"the plan's date: {_PLANNED_WORDS}")
    edit.add_argument("--primary", default=None, metavar="NAME", help="your primary contact there (a person)")
    edit.add_argument("--archived", action=argparse.BooleanOptionalAction, default=None,
                      help="archive it (or with --no-archived, bring it back)")

    issue = org_commands.add_parser("issue", help="note a critical issue or trend they raised")
    _add_db_option(issue, top_level=False)
    issue.add_argument("name")
    issue.add_argument("text")
    issue.add_argument("--date", default="today", help="when you heard it: today, yesterday, mon or YYYY-MM-DD")
    _add_json_option(issue)

    resolve = org_commands.add_parser("resolve", help="mark one of an organisation's issues as settled")
    _add_db_option(resolve, top_level=False)
    resolve.add_argument("name")
    resolve.add_argument("number", help="the issue's number, as `org show` lists them (1 is the first)")
    _add_json_option(resolve)

    link = commands.add_parser("link", help="how one person stands to another: A reports to, influences, works "
                                            "with, is family of, or knows B")
    _add_db_option(link, top_level=False)
    link.add_argument("first", metavar="A")
    link.add_argument("second", metavar="B")
    link.add_argument("--as", dest="kind", required=True, choices=LINK_KINDS)
    link.add_argument("--note", default="", help="a word on it: \"her former manager\"")
    _add_json_option(link)

    unlink = commands.add_parser("unlink", help="remove the links between two people (or one kind of them)")
    _add_db_option(unlink, top_level=False)
    unlink.add_argument("first", metavar="A")
    unlink.add_argument("second", metavar="B")
    unlink.add_argument("--as", dest="kind", default=None, choices=LINK_KINDS)
    _add_json_option(unlink)


def _organisation_changes(args: argparse.Namespace) -> dict[str, object]:
    """The fields the options give, under the stored names (`--every` is cadence_days)."""
    changes: dict[str, object] = {}
    for option, key in (("kind", "kind"), ("rank", "rank"), ("involvement", "involvement"),
                        ("mandate", "mandate"), ("needs", "needs"), ("every", "cadence_days")):
        value = getattr(args, option)
        if value is not None:
            changes[key] = value.strip() if key != "kind" else value.strip().replace(" ", "_")
    return changes


_ORG_FLAGS = {"cadence_days": "--every", "plan.by": "--plan-by", "plan.contact_id": "--primary",
              "name": "--name"}


def _organisation_error(error: ValueError, action: str) -> ValueError:
    """A model's message in the option's words: `--every: ...` for cadence_days (`name` is an option of `edit`
    only; `add` takes the name as it is)."""
    field_name, colon, rest = str(error).partition(": ")
    if colon and not isinstance(error, ContentError) and not (field_name == "name" and action != "edit"):
        option = _ORG_FLAGS.get(field_name, f"--{field_name}" if field_name.isidentifier() else None)
        if option:
            return ValueError(f"{option}: {rest}")
    return error


def _cmd_org(journal: Journal, args: argparse.Namespace) -> int:
    try:
        return ORG_ACTIONS[args.org_command](journal, args)
    except ValueError as error:
        raise _organisation_error(error, args.org_command) from None


def _org_add(journal: Journal, args: argparse.Namespace) -> int:
    from .core.model import Organisation

    organisation = Organisation(name=args.name, **_organisation_changes(args))
    journal.add_organisation(organisation)
    if args.json:
        say_json(organisation.to_record())
    else:
        say_line(f"Added {organisation.name}")
    return 0


def _org_list(journal: Journal, args: argparse.Namespace) -> int:
    from .insights.organisations import org_summaries
    from .reports.organisations import org_list_json, org_list_text

    summaries = org_summaries(journal, include_archived=args.archived)
    if args.json:
        say_json(org_list_json(summaries))
    else:
        say(org_list_text(summaries, journal.today()))
    return 0


def _org_show(journal: Journal, args: argparse.Namespace) -> int:
    from .reports.organisations import org_json, org_text, org_view

    view = org_view(journal, journal.resolve_organisation(args.name).id)
    if args.json:
        say_json(org_json(view))
    else:
        say(org_text(view))
    return 0


def _org_edit(journal: Journal, args: argparse.Namespace) -> int:
    import dataclasses

    from .core.journal import EditConflict, NameAmbiguous, NameNotFound
    from .core.model import Organisation

    base = journal.resolve_organisation(args.name)
    changes = _organisation_changes(args)
    if args.new_name is not None:
        changes["name"] = args.new_name
    if args.archived is not None:
        changes["archived"] = args.archived
    plan = dict(base.plan.__dict__)
    for option, key in (("objectives", "objectives"), ("measures", "measures")):
        if getattr(args, option) is not None:
            plan[key] = getattr(args, option)
    if args.plan_by is not None:
        plan["by"] = parse_planned_day(args.plan_by, field_name="--plan-by").isoformat() if args.plan_by.strip() \
            else None
    if args.primary is not None:
        try:
            plan["contact_id"] = journal.resolve_name(args.primary).id if args.primary.strip() else None
        except (NameNotFound, NameAmbiguous) as error:
            raise ValueError(f"--primary: {error}") from None
    if plan != base.plan.__dict__:
        changes["plan"] = plan
    if not changes:
        raise ValueError("org edit: nothing to change; give an option such as --rank 1 or --mandate TEXT")
    mine = Organisation.from_record({**base.to_record(), **changes})
    before, after = base.to_record(), mine.to_record()
    changed = [key for key in after if after[key] != before[key]]
    try:
        saved = journal.edit_organisation(base, mine) if changed else base
    except EditConflict as error:
        fields = ", ".join(c.label for c in error.conflicts)
        raise JournalError(f"{base.name} was changed by another netjournal meanwhile ({fields}); nothing saved: "
                           "run the command again") from None
    if args.json:
        say_json({"id": saved.id, "name": saved.name, "changed": changed, "organisation": saved.to_record()})
    elif changed:
        say_line(f"Saved {saved.name}: {', '.join(changed)}")
    else:
        say_line(f"{saved.name} already has those details; nothing saved")
    return 0


def _org_issue(journal: Journal, args: argparse.Namespace) -> int:
    organisation = journal.resolve_organisation(args.name)
    day = parse_day(args.date, field_name="--date")
    saved = journal.add_org_issue(organisation.id, args.text, on=day)
    if args.json:
        say_json({"id": saved.id, "name": saved.name, "issues": saved.to_record()["issues"]})
    else:
        say_line(f"Noted for {saved.name} ({day.isoformat()}): {saved.issues[-1].text}")
    return 0


def _org_resolve(journal: Journal, args: argparse.Namespace) -> int:
    from .core.model import Organisation

    base = journal.resolve_organisation(args.name)
    number = args.number.strip()
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= len(base.issues):
        have = f"1 to {len(base.issues)}" if base.issues else "none yet"
        raise ValueError(f"number: {args.number!r} is not one of {base.name}'s issues ({have})")
    record = base.to_record()
    record["issues"][int(number) - 1]["resolved"] = True
    saved = journal.edit_organisation(base, Organisation.from_record(record))
    if args.json:
        say_json({"id": saved.id, "name": saved.name, "issues": saved.to_record()["issues"]})
    else:
        say_line(f"Resolved for {saved.name}: {saved.issues[int(number) - 1].text}")
    return 0


def _cmd_link(journal: Journal, args: argparse.Namespace) -> int:
    from .core.model import Link
    from .reports.person import link_refs

    first, second = journal.resolve_name(args.first), journal.resolve_name(args.second)
    if first.id == second.id:
        raise ValueError(f"link: {first.name} twice; a link is between two different people")
    link = journal.add_link(Link(args.kind, first.id, second.id, note=args.note))
    [shown] = link_refs([link], first.id, {first.id: first.name, second.id: second.name})
    if args.json:
        say_json({**link.to_record(), "text": f"{first.name} {shown.text}"})
    else:
        say_line(f"Linked: {first.name} {shown.text}")
    return 0


def _cmd_unlink(journal: Journal, args: argparse.Namespace) -> int:
    first, second = journal.resolve_name(args.first), journal.resolve_name(args.second)
    found = [link for link in journal.links(first.id) if link.other(first.id) == second.id
             and (args.kind is None or link.kind == args.kind)]
    if not found:
        kind = f" as {args.kind}" if args.kind else ""
        raise ValueError(f"unlink: {first.name} and {second.name} are not linked{kind}")
    for link in found:
        journal.remove_link(link.id)
    if args.json:
        say_json({"removed": [link.to_record() for link in found]})
    else:
        say_line(f"Removed {len(found)} link{'s' * (len(found) != 1)} between {first.name} and {second.name}")
    return 0


ORG_ACTIONS = {"add": _org_add, "list": _org_list, "show": _org_show, "edit": _org_edit, "issue": _org_issue,
               "resolve": _org_resolve}
ORGANISATION_COMMANDS = {"org": _cmd_org, "link": _cmd_link, "unlink": _cmd_unlink}


# --- the month: review, goals, the guides' activities ---------------------------------------------------------

GOAL_KIND_WORDS = {"informal": "informal", "contacts": "contacts", "new-people": "new_people", "events": "events",
                   "new-at-events": "new_at_events", "activity": "activity", "own": "own"}


def _add_month_commands(commands: argparse._SubParsersAction) -> None:
    from .core.model import MONTH_WORDS

    month = commands.add_parser("month", help="the monthly review: contact per organisation and person, formal and "
                                              "informal, against last month and the month's goals")
    _add_db_option(month, top_level=False)
    month.add_argument("--month", default="this", help=f"which month: {MONTH_WORDS} (default: this)")
    _add_json_option(month)

    goal = commands.add_parser(
        "month-goal", help="set, list, tick or drop a monthly goal; note what you did for it",
        description="Monthly goals: informal NAME / contacts NAME (with an organisation or a person, --count "
                    "times), new-people, events, new-at-events (--count new people at each event), activity ID "
                    "(one of `netjournal activities`), own TEXT (ticked by hand). Counted goals are met from the log.")
    _add_db_option(goal, top_level=False)
    actions = goal.add_subparsers(dest="goal_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="set a goal for a month")
    _add_db_option(add, top_level=False)
    add.add_argument("kind", choices=tuple(GOAL_KIND_WORDS))
    add.add_argument("what", nargs="?", default="", help="the organisation or person, the activity id, or your words")
    add.add_argument("--count", default="1", help="how many times (default 1)")
    add.add_argument("--month", default="this", help=f"{MONTH_WORDS} (default: this)")
    _add_json_option(add)
    listing = actions.add_parser("list", help="a month's goals with their ids and progress")
    _add_db_option(listing, top_level=False)
    listing.add_argument("--month", default="this", help=f"{MONTH_WORDS} (default: this)")
    _add_json_option(listing)
    for name, does in (("done", "tick a goal in your own words"), ("drop", "remove a goal")):
        action = actions.add_parser(name, help=does)
        _add_db_option(action, top_level=False)
        action.add_argument("id", help="the goal's id (or its start), from `month-goal list`")
        if name == "done":
            action.add_argument("--undo", action="store_true", help="not done after all")
        _add_json_option(action)
    note = actions.add_parser("note", help="write down an action taken for a goal and its result")
    _add_db_option(note, top_level=False)
    note.add_argument("id", help="the goal's id (or its start), or the activity's id (EEP-4)")
    note.add_argument("action", help="what you did")
    note.add_argument("--result", default="", help="what came of it")
    note.add_argument("--date", default="today", help="today, yesterday, a weekday or YYYY-MM-DD")
    note.add_argument("--conversation", action="append", default=[], metavar="ID",
                      help="a conversation it came from (its id from `show --json`); repeat for several")
    _add_json_option(note)

    activities = commands.add_parser("activities", help="the guides' developmental activities, to choose one or "
                                                        "two to practise in a month")
    _add_db_option(activities, top_level=False)
    _add_json_option(activities)


def _cmd_month(journal: Journal, args: argparse.Namespace) -> int:
    from .core.model import read_month
    from .reports.month import month_json, month_text

    month = read_month(args.month, journal.today())
    if args.json:
        say_json(month_json(journal, month))
    else:
        say(month_text(journal, month))
    return 0


def _find_month_goal(journal: Journal, typed: str, month: str | None = None):
    """A goal by its id or the start of it; an activity id finds that activity's goal (this month's first)."""
    from .core.model import ACTIVITY_ID, month_key

    wanted = typed.strip()
    if not wanted:
        raise ValueError("id: give the goal's id (from `netjournal month-goal list`)")
    goals = journal.all_month_goals()
    if ACTIVITY_ID.match(wanted.upper()):
        this = month or month_key(journal.today())
        found = [g for g in goals if g.activity_id == wanted.upper() and g.month == this]
        if not found:
            raise ValueError(f"id: no goal practises {wanted.upper()} in {this} "
                             f"(netjournal month-goal add activity {wanted.upper()})")
        return found[0]
    found = [g for g in goals if g.id.startswith(wanted.lower())]
    if len(found) != 1:
        problem = "no goal has" if not found else f"{len(found)} goals have"
        raise ValueError(f"id: {problem} an id starting {wanted!r} (netjournal month-goal list shows them)")
    return found[0]


def _goal_target(journal: Journal, kind: str, what: str) -> dict[str, str]:
    """informal/contacts NAME: an organisation by that name first, else a person."""
    if kind in ("informal", "contacts"):
        return journal.goal_target(what, field=kind)
    if kind == "activity":
        return {"activity_id": what}
    if kind == "own":
        return {"text": what}
    if what.strip():
        raise ValueError(f"{kind}: takes no name; use --count for how many")
    return {}


def _goal_json(journal: Journal, goal) -> dict:
    from .insights.month import month_review

    review = month_review(journal, goal.month)
    from .reports.month import goal_state

    for progress in review.goals:
        if progress.goal.id == goal.id:
            return {**goal.to_record(), "words": progress.words, "done_count": progress.done,
                    "target": progress.target, "met": progress.met, "state": goal_state(progress, review)}
    return goal.to_record()


def _cmd_month_goal(journal: Journal, args: argparse.Namespace) -> int:
    from .core.model import MonthGoal, PracticeNote, parse_day, read_month
    from .insights.month import month_review
    from .reports.month import goal_count_words, goal_state

    command = args.goal_command
    if command == "list":
        review = month_review(journal, read_month(args.month, journal.today()))
        if args.json:
            say_json([_goal_json(journal, p.goal) for p in review.goals])
            return 0
        if not review.goals:
            say_line(f"No goals for {review.month}")
        for progress in review.goals:
            say_line(f"{progress.goal.id}  [{goal_state(progress, review)}] {progress.words} "
                     f"({goal_count_words(progress)})")
        return 0
    if command == "add":
        kind = GOAL_KIND_WORDS[args.kind]
        goal = MonthGoal(month=read_month(args.month, journal.today()), kind=kind, count=args.count,
                         **_goal_target(journal, kind, args.what))
        goal, new = journal.set_month_goal(goal)
        said = "Set" if new else "Changed the count of"
    elif command == "note":
        goal = _find_month_goal(journal, args.id)
        day = parse_day(args.date, journal.today(), "date")
        known = {talk.id for talk in journal.interactions()}
        for interaction_id in args.conversation:
            if interaction_id not in known:  # a clear "not found" before anything is written
                raise ValueError(f"conversation: no conversation has the id {interaction_id!r} "
                                 "(`netjournal show NAME --json` lists them)") from None
        goal = journal.add_practice_note(goal.id, PracticeNote(date=day.isoformat(), action=args.action,
                                                               result=args.result,
                                                               interaction_ids=list(args.conversation)))
        said = "Noted for"
    else:
        goal = _find_month_goal(journal, args.id)
        if command == "drop":
            journal.drop_month_goal(goal.id)
            said = "Dropped"
        else:
            if goal.kind != "own":
                raise ValueError("done: only a goal in your own words is ticked by hand; the others are met "
                                 "from the log")
            goal = journal.change_month_goal(goal.id, done=not args.undo)
            said = "Not done" if args.undo else "Done"
    if args.json:
        say_json({**(goal.to_record() if command == "drop" else _goal_json(journal, goal)), "result": said})
    else:
        from .insights.month import goal_words

        people = {c.id: c for c in journal.everyone()}
        organisations = {o.id: o for o in journal.organisations(include_archived=True)}
        say_line(f"{said} {goal.month}: {goal_words(goal, people, organisations)} ({goal.id})")
    return 0


def _cmd_activities(journal: Journal, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .settings.content import activities

    catalogue = activities()
    if args.json:
        say_json([asdict(a) for a in catalogue])
        return 0
    guide = None
    for one in catalogue:
        if one.guide != guide:
            if guide is not None:
                say_line("")
            guide = one.guide
            say_line(guide.capitalize())
        say_line(f"  {one.id:7} level {one.level:4} {one.title}")
        say_line(f"          {one.practice}")
    return 0


MONTH_COMMANDS = {"month": _cmd_month, "month-goal": _cmd_month_goal, "activities": _cmd_activities}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
