"""Crafted journal files: a healthy journal with one record of every kind, and many ways of spoiling it.

Each crafted file is `(name, bytes, refused)`: `refused` says whether netjournal must refuse to open it (a
wrongly typed, missing or unknown field, a file that is not a journal) or open it (odd but well typed data:
very long text, control characters, references to people who are gone).

The wrong values are chosen from the dataclasses' own annotations in `netjournal.core.model`, not from
`netjournal.core.schema`, so that the corpus checks the schema rather than repeating it.

    python -m tests.crafted   # the figures: files, command runs, tracebacks, problems check found
"""

from __future__ import annotations

import copy
import dataclasses
import typing
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from netjournal.core import model
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
    PassedOn,
    PracticeNote,
    Rating,
    Reflection,
    ReflectionAnswer,
    Share,
    WeekGoal,
)

TODAY = date(2026, 11, 25)

Data = dict[str, Any]


def healthy_journal(folder: Path) -> Data:
    """A journal with every kind of record and every field given, as netjournal saves it."""
    path = folder / "healthy.json"
    with Journal(path, today=lambda: TODAY) as journal:
        council = journal.add_organisation(Organisation(
            name="City Council", kind="stakeholder", mandate="housing and transport", needs="data on commuting",
            issues=[OrgIssue("2026-11-10", "the budget is cut", resolved=True)], rank=1, involvement="consulted",
            plan=OrgPlan("a joint study", "signed by March", "2027-03-31"), cadence_days=30))
        ben = journal.add_contact(Contact(name="Ben Okafor", org="City Council", needs="a mentor",
                                          decision_maker=True))
        journal.edit_organisation(council, Organisation.from_record(
            {**council.to_record(), "plan": {**council.plan.__dict__, "contact_id": ben.id}}))
        ana = journal.add_contact(Contact(
            name="Ana Ruiz", org="Harbour Health", title="Head of Analytics", email="ana@example.org",
            phone="+44 1632 960 101", side="external", network="informal", level="peer", tags=["running", "golf"],
            notes="Plays golf on Saturdays", needs="speakers", how_met="a conference", introduced_by=ben.id,
            key_influencer=True, cadence_days=14, roles=["supporter", "ally"],
            dates=[ImportantDate("birthday", "1985-04-12"), ImportantDate("anniversary", "--02-29", "wedding")]))
        talk = journal.log_interaction(Interaction(
            date="2026-11-20", with_=[ana.id], channel="video", formal=True, business=True, initiated_by="them",
            topics="her marathon", disclosure=True, thanked=True, gave="a link", got="advice", learned="runs",
            response="glad", next_time="ask about the race", event="abc@example.org@2026-11-20T09:00"))
        journal.add_follow_up(FollowUp(contact_id=ana.id, what="ask about the race", due="2026-11-27",
                                       done_on="2026-11-26", from_interaction=talk.id))
        journal.keep_meetings([Meeting(event="def@example.org@2026-11-26T10:00", start="2026-11-26T10:00",
                                       title="Budget review", with_=[ana.id, ben.id], channel="video",
                                       formal=True)])
        journal.rate(Rating(contact_id=ana.id, date="2026-11-21", score=2, barriers="busy", action="lunch",
                            improve_by="2027-01-15", plan=""))
        journal.set_week_goal(WeekGoal(week="2026-W48", contact_id=ana.id, intent="golf"))
        journal.save_reflection(Reflection(week="2026-W48", notes="a good week", answers=[
            ReflectionAnswer(prompt_id="p1", prompt="What went well?", answer="lunch")]))
        share = journal.add_share(Share(title="A guide", link="https://example.org/g", note="useful",
                                        tags=["running"]))
        journal.pass_on(share.id, ana.id, "2026-11-22")
        journal.introduce(ana.id, ben.id, "both like golf", "2026-11-23")
        journal.add_focus_goal(FocusGoal(text="Sign the agreement", due="2027-01-07", helps=[ana.id],
                                         hinders=[ben.id]))
        journal.add_link(Link("influences", ana.id, ben.id, note="they were at school together"))
        journal.add_month_goal(MonthGoal(month="2026-11", kind="informal", org_id=council.id, count=2,
                                         text="before the budget round"))
        practice = journal.add_month_goal(MonthGoal(month="2026-11", kind="activity", activity_id="EEP-4"))
        journal.add_practice_note(practice.id, PracticeNote("2026-11-21", "Logged every stakeholder contact",
                                                            "mostly formal", [talk.id]))
        own = journal.add_month_goal(MonthGoal(month="2026-11", kind="own", text="Lunch with the team"))
        journal.change_month_goal(own.id, done=True)
    data = orjson.loads(path.read_bytes())
    data.pop("_save", None)
    path.unlink()
    for leftover in folder.glob("healthy.json*"):
        leftover.unlink()
    return data


# --- wrong values, by the type a field is declared with ------------------------------------------------------

WRONG_TEXT = [123, 12.5, True, None, [], ["x"], {"a": 1}]
WRONG_BOOL = ["x", "true", 1, 0, None, [], 1.0]
WRONG_LIST = [5, "a,b", None, [1], [None], [["x"]], {"a": "b"}, [True]]
WRONG_OPTIONAL_TEXT = [5, [], True, {}, 1.5]
WRONG_DATE = ["2026-13-01", "yesterday", "20261125", "0026-11-20", "9999-12-31", "", "2026-11-20T10:00", 20261125]
WRONG_MONTH = ["2026-13", "2026-1", "26-11", "0026-11", "", "2026-W48", "2026-11-01", 202611, None]
WRONG_WEEK = ["2026-W60", "2026W48", "1800-W01", "2026-w48", "", 202648, None]
WRONG_ENUM = ["pigeon", "", "IN_PERSON", 3, None]
WRONG_ID = ["", 5, None, [], {"id": "x"}]
HUGE = 18446744073709551615  # the largest number orjson reads as an int; above it, a float

SPECIAL: dict[str, list[Any]] = {
    "cadence_days": ["x", "30", 1.5, True, 0, -1, 3651, HUGE, 1e300, [], {}],
    "score": [0, 5, "3", 3.0, True, None, HUGE, -1, []],
    "date": WRONG_DATE,
    "improve_by": WRONG_DATE[:-1] + [5, True],
    "due": WRONG_DATE[:-1] + [5, True],
    "week": WRONG_WEEK,
    "month": WRONG_MONTH,
    "count": [0, 100, "2", 2.0, True, None, HUGE, -1, []],
    "id": WRONG_ID,
    "contact_id": WRONG_ID,
    "name": WRONG_TEXT + ["", "   "],
    "title": WRONG_TEXT,  # a share's title; a contact's title is free text (see ENUMS and OPTIONAL_TEXT below)
    "text": WRONG_TEXT + ["", "  "],
    "with": WRONG_LIST + [[], [""], ["x", 5]],
    "created_at": WRONG_TEXT[:3] + [None],
    "prompt_id": WRONG_TEXT + [""],
    "what": WRONG_TEXT + ["", "  "],
    "done_on": WRONG_DATE[:-1] + [5, True],
    "rank": ["x", "1", 0, 1000, True, 1.5, HUGE, [], {}],
    "from_id": WRONG_ID,
    "to_id": WRONG_ID,
    "start": [v for v in WRONG_DATE[:-1] if v != "2026-11-20T10:00"] + ["2026-11-20T10", "2026-11-20 10:00", "2026-11-20T10:00:00", 5, None],
}
ENUMS = {"side", "network", "level", "channel", "initiated_by", "kind", "involvement"}

# Fields whose missing is an error (netjournal cannot make them up); the rest take their defaults.
REQUIRED = {"contacts": {"name", "id"}, "interactions": {"date", "with", "id"},
            "ratings": {"contact_id", "date", "score", "id"}, "week_goals": {"week", "contact_id", "id"},
            "reflections": {"week", "id"}, "shares": {"title", "id"}, "focus_goals": {"text", "id"},
            "follow_ups": {"contact_id", "what", "due", "id"}, "meetings": {"event", "start", "title", "with", "id"},
            "organisations": {"name", "id"}, "links": {"kind", "from_id", "to_id", "id"},
            "month_goals": {"month", "kind", "id"}}


def stored_fields(kind: type) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    return {("with" if f.name == "with_" else f.name): hints[f.name] for f in dataclasses.fields(kind)}


def wrong_values(table: str, name: str, annotation: Any) -> list[Any]:
    if name == "title" and table == "contacts":
        return WRONG_TEXT
    if name == "text" and table == "month_goals":  # the words of an own goal; empty for the others
        return WRONG_TEXT
    if name in ("contact_id", "org_id") and table == "month_goals":  # one or the other, or neither
        return WRONG_OPTIONAL_TEXT + [""]
    if name in SPECIAL:
        return SPECIAL[name]
    if name in ENUMS:
        empty_allowed = name not in ("channel", "initiated_by", "kind") or table == "organisations"
        return [v for v in WRONG_ENUM if v != ""] if empty_allowed else WRONG_ENUM
    if annotation is bool:
        return WRONG_BOOL
    if annotation == list[str]:
        return WRONG_LIST
    if annotation == (str | None):
        return WRONG_OPTIONAL_TEXT
    if annotation is str:
        return WRONG_TEXT
    if name in ("passed", "answers", "dates", "issues", "notes"):
        return [None, 5, "x", {}]
    if name == "plan":
        return [None, 5, "x", []]  # a wrong field inside the plan: the "plan." mutations below
    raise AssertionError(f"no wrong values for {table}.{name}: {annotation}")


def _first(data: Data, table: str) -> dict[str, Any]:
    return next(iter(data[table].values()))


def _shares_pass(data: Data) -> dict[str, Any]:
    return _first(data, "shares")["passed"][0]


def _answer(data: Data) -> dict[str, Any]:
    return _first(data, "reflections")["answers"][0]


def _org_issue(data: Data) -> dict[str, Any]:
    return _first(data, "organisations")["issues"][0]


def _org_plan(data: Data) -> dict[str, Any]:
    return _first(data, "organisations")["plan"]


def _month_note(data: Data) -> dict[str, Any]:
    return next(doc for doc in data["month_goals"].values() if doc["notes"])["notes"][0]


def _yearly_date(data: Data) -> dict[str, Any]:
    return next(doc for doc in data["contacts"].values() if doc["dates"])["dates"][0]


Mutation = Callable[[Data], None]


def field_mutations() -> Iterator[tuple[str, Mutation, bool]]:
    """Every field of every record: each wrong value, and the field missing."""
    for kind in model.RECORD_TYPES:
        table = kind.TABLE
        for name, annotation in stored_fields(kind).items():
            for n, value in enumerate(wrong_values(table, name, annotation)):
                def mutate(data: Data, table=table, name=name, value=value) -> None:
                    _first(data, table)[name] = copy.deepcopy(value)
                yield f"{table}.{name}={_label(value)}#{n}", mutate, True

            def remove(data: Data, table=table, name=name) -> None:
                del _first(data, table)[name]
            yield f"{table}.{name} missing", remove, name in REQUIRED[table]
    needed = {"passed": ("contact_id", "date"), "answers": ("prompt_id", "prompt"), "dates": ("kind", "date"),
              "issues": ("date", "text"), "plan": (), "notes": ("date", "action")}
    for nested, locate, fields in (("passed", _shares_pass, stored_fields(PassedOn)),
                                   ("answers", _answer, stored_fields(ReflectionAnswer)),
                                   ("dates", _yearly_date, stored_fields(ImportantDate)),
                                   ("issues", _org_issue, stored_fields(OrgIssue)),
                                   ("plan", _org_plan, stored_fields(OrgPlan)),
                                   ("notes", _month_note, stored_fields(PracticeNote))):
        for name, annotation in fields.items():
            if nested == "dates" and name in ("kind", "date"):
                values = WRONG_ENUM if name == "kind" else WRONG_DATE + ["--13-01", "--02-30", "04-12", "--0412"]
            elif annotation is bool:
                values = WRONG_BOOL
            elif nested == "plan" and name == "contact_id":
                values = [v for v in WRONG_ID if v is not None]
            elif nested == "plan" and name == "by":
                values = WRONG_DATE[:-1] + [5, True]
            elif annotation == list[str]:
                values = WRONG_LIST
            else:
                values = SPECIAL.get(name) or (WRONG_OPTIONAL_TEXT if annotation == (str | None) else WRONG_TEXT)
            for n, value in enumerate(values):
                def mutate(data: Data, locate=locate, name=name, value=value) -> None:
                    locate(data)[name] = copy.deepcopy(value)
                yield f"{nested}.{name}={_label(value)}#{n}", mutate, True

            def remove(data: Data, locate=locate, name=name) -> None:
                del locate(data)[name]
            yield f"{nested}.{name} missing", remove, name in needed[nested]


def _set(table: str, name: str, value: Any) -> Mutation:
    def mutate(data: Data) -> None:
        _first(data, table)[name] = value
    return mutate


def _add_key(table: str, name: str, value: Any) -> Mutation:
    return _set(table, name, value)


def _doc_key(table: str, key: str) -> Mutation:
    def mutate(data: Data) -> None:
        docs = data[table]
        first = next(iter(docs))
        docs[key] = docs.pop(first)
    return mutate


def _duplicate(table: str) -> Mutation:
    def mutate(data: Data) -> None:
        docs = data[table]
        docs[str(max(map(int, docs)) + 1)] = copy.deepcopy(next(iter(docs.values())))
    return mutate


def _meta(value: Any) -> Mutation:
    def mutate(data: Data) -> None:
        _first(data, "meta")["schema_version"] = value
    return mutate


def _old_version(version: int, change: Mutation) -> Mutation:
    def mutate(data: Data) -> None:
        _first(data, "meta")["schema_version"] = version
        change(data)
    return mutate


def _nested(locate: Callable[[Data], Any], value: Any) -> Mutation:
    def mutate(data: Data) -> None:
        holder, key = locate(data)
        holder[key] = copy.deepcopy(value)
    return mutate


def _passes(data: Data) -> tuple[dict, str]:
    return _first(data, "shares"), "passed"


def _answers(data: Data) -> tuple[dict, str]:
    return _first(data, "reflections"), "answers"


def other_mutations() -> Iterator[tuple[str, Mutation, bool]]:
    refused = [
        ("passed: null", _nested(_passes, None)),
        ("passed: [5]", _nested(_passes, [5])),
        ("passed: [{}]", _nested(_passes, [{}])),
        ("passed: [[...]]", _nested(_passes, [["c", "2026-11-02"]])),
        ("passed: an unknown field", _nested(_passes, [{"contact_id": "c", "date": "2026-11-02", "extra": 1}])),
        ("passed: nested garbage", _nested(_passes, [{"contact_id": {"a": [1, {"b": None}]}, "date": [[[]]]}])),
        ("passed: a text", _nested(_passes, "x")),
        ("answers: null", _nested(_answers, None)),
        ("answers: [5]", _nested(_answers, [5])),
        ("answers: [{}]", _nested(_answers, [{}])),
        ("answers: only prompt_id", _nested(_answers, [{"prompt_id": "a"}])),
        ("answers: an unknown field", _nested(_answers, [{"prompt_id": "a", "prompt": "p", "x": 1}])),
        ("answers: nested garbage", _nested(_answers, [{"prompt_id": [{"a": []}], "prompt": {"b": 1}}])),
        ("answers: a text", _nested(_answers, "answers")),
        ("contacts: an unknown field TABLE", _add_key("contacts", "TABLE", "meta")),
        ("contacts: an unknown field to_record", _add_key("contacts", "to_record", 1)),
        ("interactions: an unknown field with_", _add_key("interactions", "with_", ["x"])),
        ("interactions: contact_id beside with", _add_key("interactions", "contact_id", "x")),
        ("contacts: a document key that is not a number", _doc_key("contacts", "abc")),
        ("interactions: an empty document key", _doc_key("interactions", "")),
        ("ratings: a document key in another script", _doc_key("ratings", "١")),
        ("contacts: two with one id", _duplicate("contacts")),
        ("interactions: two with one id", _duplicate("interactions")),
        ("week_goals: two with one id", _duplicate("week_goals")),
        ("meta: schema_version text", _meta("3")),
        ("meta: schema_version float", _meta(3.0)),
        ("meta: schema_version true", _meta(True)),
        ("meta: schema_version 0", _meta(0)),
        ("meta: schema_version null", _meta(None)),
        ("meta: schema_version newer", _meta(99)),
        ("meta: no meta", lambda data: data.pop("meta")),
        ("v2: hinders a number", _old_version(2, _set("focus_goals", "hinders", 5))),
        ("v2: helps a number", _old_version(2, _set("focus_goals", "helps", 5))),
        ("v2: helps a dict", _old_version(2, _set("focus_goals", "helps", {"a": 1}))),
        ("v2: passed a number", _old_version(2, _set("shares", "passed", 5))),
        ("v2: passed a list of numbers", _old_version(2, _set("shares", "passed", [5]))),
        ("v1: tags a number", _old_version(1, _set("contacts", "tags", 5))),
        ("v1: with missing and contact_id a list", _old_version(1, lambda data: (
            _first(data, "interactions").pop("with"), _first(data, "interactions").update(contact_id=[1]))[0])),
        ("v1: with missing and no contact_id", _old_version(1, lambda data: _first(data, "interactions").pop("with"))),
        ("contacts: a table that is a list", lambda data: data.update(contacts=[1, 2])),
        ("interactions: a record that is a list", lambda data: data["interactions"].update({"99": [1]})),
        ("contacts: a very long wrong value", _set("contacts", "name", ["x" * 100_000] * 10)),
        ("contacts: a huge float", _set("contacts", "cadence_days", 1.7e308)),
        ("ratings: a negative zero", _set("ratings", "score", -0.0)),
        ("interactions: every field wrong", lambda data: data["interactions"].update(
            {"1": {key: 5 for key in _first(data, "interactions")}})),
        ("everything wrong", lambda data: [doc.update({key: [None] for key in doc})
                                           for table in data.values() for doc in table.values()]),
    ]
    for name, mutate in refused:
        yield name, mutate, True
    opens = [
        ("contacts: a name of 100,000 characters", _set("contacts", "name", "Ana " + "x" * 100_000)),
        ("contacts: notes of five million characters", _set("contacts", "notes", "golf " * 1_000_000)),
        ("contacts: 10,000 tags", _set("contacts", "tags", [f"tag{n}" for n in range(10_000)])),
        ("contacts: control characters in a name", _set("contacts", "name", "Ben \x1b[2J\x07\r\nOkafor")),
        ("contacts: markup in a name", _set("contacts", "name", "[b]Ana[/b] [link=x]R[/link]")),
        ("contacts: an unknown role", _set("contacts", "roles", ["oracle"])),
        ("contacts: an email without @", _set("contacts", "email", "not an email")),
        ("contacts: introduced by nobody", _set("contacts", "introduced_by", "gone")),
        ("contacts: the longest keep-in-touch interval", _set("contacts", "cadence_days", 3650)),
        ("interactions: with somebody who is gone", _set("interactions", "with", ["gone"])),
        ("interactions: the last date in range", _set("interactions", "date", "2999-12-31")),
        ("interactions: the first date in range", _set("interactions", "date", "1900-01-01")),
        ("interactions: an odd created_at", _set("interactions", "created_at", "yesterday-ish")),
        ("ratings: for somebody who is gone", _set("ratings", "contact_id", "gone")),
        ("week_goals: the last week in range", _set("week_goals", "week", "2999-W52")),
        ("shares: a link with spaces", _set("shares", "link", "not a link")),
        ("shares: passed to somebody who is gone", _nested(_passes, [{"contact_id": "gone", "date": "2026-11-02",
                                                                      "interaction_id": "gone"}])),
        ("focus_goals: helped by somebody who is gone", _set("focus_goals", "helps", ["gone"])),
        ("focus_goals: four open goals", lambda data: data["focus_goals"].update(
            {str(n): dict(_first(data, "focus_goals"), id=f"g{n}") for n in range(10, 13)})),
        ("links: to somebody who is gone", _set("links", "to_id", "gone")),
        ("contacts: in an organisation that is gone", _set("contacts", "org_id", "gone")),
        ("month_goals: about an organisation that is gone", _set("month_goals", "org_id", "gone")),
        ("month_goals: a note from a conversation that is gone", lambda data: _month_note(data).update(
            interaction_ids=["gone"])),
        ("organisations: a primary contact who is gone", lambda data: _first(data, "organisations")["plan"].update(
            contact_id="gone")),
        ("an unknown table", lambda data: data.update(notes={"1": {"anything": [1, {"b": None}]}})),
        ("meta: an extra field", lambda data: _first(data, "meta").update(synced_by="laptop")),
        ("v1 file: tags as text", _old_version(1, _set("contacts", "tags", "golf, running"))),
        ("v2 file: a goal helped and hindered by one person", _old_version(2, lambda data: _first(
            data, "focus_goals").update(hinders=list(_first(data, "focus_goals")["helps"])))),
    ]
    for name, mutate in opens:
        yield name, mutate, False


def _label(value: Any) -> str:
    text = orjson.dumps(value).decode() if not isinstance(value, float) or value == value else "nan"
    return text if len(text) <= 24 else text[:21] + "..."


def crafted_files(folder: Path) -> list[tuple[str, bytes, bool]]:
    """Every crafted file as bytes, with whether netjournal must refuse it."""
    healthy = healthy_journal(folder)
    files = [("healthy", orjson.dumps(healthy), False)]
    for name, mutate, refused in (*field_mutations(), *other_mutations()):
        data = copy.deepcopy(healthy)
        mutate(data)
        files.append((name, orjson.dumps(data), refused))
    files += [
        ("not JSON: NaN", orjson.dumps(healthy).replace(b'"score":2', b'"score":NaN'), True),
        ("not JSON: Infinity", orjson.dumps(healthy).replace(b'"score":2', b'"score":1e999'), True),
        ("not JSON: a number too big", orjson.dumps(healthy).replace(b'"score":2', b'"score":' + b"9" * 5000), True),
        ("JSON: a list", b"[1, 2, 3]", True),
        ("JSON: a number", b"42", True),
        ("JSON: null", b"null", True),
        ("JSON: a text", b'"journal"', True),
        ("JSON: an object of numbers", b'{"contacts": 5}', True),
        ("JSON: deeply nested", b'{"contacts": {"1": {"name": ' + b"[" * 5000 + b"]" * 5000 + b"}}}", True),
        ("not UTF-8", orjson.dumps(healthy).replace(b"Ana Ruiz", b"Ana \xff\xfe Ruiz"), True),
    ]
    return files


# --- running every command on a crafted file -------------------------------------------------------------------

IMPORT_FILE = Path(__file__).parent / "data" / "imports" / "phone-export.vcf"


def commands(folder: Path) -> dict[str, list[str]]:
    """Every command, with arguments that work on the healthy journal; `` is netjournal with no command."""
    out = folder / "out"
    return {
        "add": ["add", "Zed Test", "--tag", "golf"],
        "log": ["log", "a chat", "--with", "ana"],
        "rate": ["rate", "ana", "3"],
        "import": ["import", str(IMPORT_FILE)],
        "week": ["week"],
        **{f"export {fmt}": ["export", "--format", fmt, "-o", str(out.with_suffix("." + fmt))]
           for fmt in ("json", "markdown", "csv", "vcard")},
        "share": ["share", "A new guide", "--tag", "golf"],
        "shares": ["shares"],
        "introduce": ["introduce", "ana", "ben", "--because", "they both play golf"],
        "introductions": ["introductions"],
        "check": ["check"],
        "": [],
    }


def run_main(path: Path, args: list[str]) -> tuple[int, str, str]:
    """`netjournal --db PATH ARGS` in this process, its output captured."""
    import contextlib
    import io

    from netjournal.cli import main

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(path), *args])
        except SystemExit as stopped:  # argparse
            code = stopped.code if isinstance(stopped.code, int) else 2
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8", "replace"))
    return code, texts[0], texts[1]


def field_of(name: str) -> tuple[str, str] | None:
    """The table and field a crafted file spoils, for the crafted files made one field at a time."""
    head = name.split("=")[0].split(" ")[0]
    if "." not in head:
        return None
    table, field = head.split(".", 1)
    if table == "passed":
        return "shares", "passed[0]." + field
    if table == "answers":
        return "reflections", "answers[0]." + field
    if table == "dates":
        return "contacts", "dates[0]." + field
    if table == "issues":
        return "organisations", "issues[0]." + field
    if table == "plan":
        return "organisations", "plan." + field
    if table == "notes":
        return "month_goals", "notes[0]." + field
    return table, field


def problems_with(name: str, refused: bool, path: Path, command: str, code: int, out: str, err: str) -> list[str]:
    """What is wrong with one command's run on one crafted file: nothing, on a healthy netjournal."""
    found = []
    if "Traceback" in out + err or "internal error" in err:
        found.append("a crash")
    if refused:
        if command == "check":
            spoiled = field_of(name)
            if code != 3 or not out.startswith(f"{path}: DAMAGED"):
                found.append(f"check said {code}: {out[:200]!r}")
            elif spoiled and (f"{spoiled[0]} #" not in out or f": {spoiled[1]}:" not in out):
                found.append(f"check did not name {spoiled}: {out[:300]!r}")
        else:
            if code != 3:
                found.append(f"exit {code}, not 3")
            if err.count("\n") != 1 or not err.startswith("netjournal: ") or "netjournal check" not in err:
                found.append(f"not one line pointing to check: {err[:300]!r}")
            spoiled = field_of(name)
            if spoiled and f"{spoiled[0]} #" not in err:
                found.append(f"the message does not name table {spoiled[0]}: {err[:300]!r}")
            if out:
                found.append(f"wrote to stdout: {out[:100]!r}")
    else:
        if code not in (0, 1, 2):  # 2: a name the crafted file does not hold (`--with ana`) is the person's input
            found.append(f"exit {code}")
        if code in (1, 2) and command != "check" and (err.count("\n") != 1 or not err.startswith("netjournal: ")):
            found.append(f"an error that is not one line: {err[:300]!r}")
    return found


def main() -> None:  # pragma: no cover - the figures for a report
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="netjournal-crafted-"))
    files = crafted_files(folder)
    runs = crashes = findings = 0
    wrong: list[str] = []
    for name, payload, refused in files:
        for command, args in commands(folder).items():
            if command == "" and not refused:
                continue  # the app itself: tests/test_crafted_files.py opens these with Pilot
            path = folder / "journal.json"
            path.write_bytes(payload)
            code, out, err = run_main(path, args)
            runs += 1
            crashes += ("Traceback" in out + err) or ("internal error" in err)
            if command == "check":
                findings += out.count("\n  problem: ")
            wrong += [f"{name} / {command or '(app)'}: {p}" for p in problems_with(name, refused, path, command,
                                                                                   code, out, err)]
            for leftover in folder.iterdir():
                if leftover.is_file():
                    leftover.unlink()
    print(f"crafted files: {len(files)} ({sum(r for _, _, r in files)} must be refused)")
    print(f"command runs: {runs}; tracebacks or internal errors: {crashes}; problems named by check: {findings}")
    print(f"runs that went wrong: {len(wrong)}")
    for line in wrong[:40]:
        print("  " + line)


if __name__ == "__main__":
    main()
