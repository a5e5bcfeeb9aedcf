"""What every stored record may hold, field by field, checked once when a journal file is loaded.

The journal writes only records that `model` validated, but the file is a person's own: they edit it, sync it,
restore it, merge it. `Record.from_stored` rebuilds records without validating them (reading stays cheap), and
the code that reads them relies on their types: a `name` that is a number or a `with` that is not a list would
crash a command or the app long after the file was opened. So a file is checked here, whole, as it is loaded,
and a file with a wrongly typed or missing field is refused like a damaged one.

`SHAPES` is the one table of what each field may be: a new field is one line there (a test checks that every
field of every record in `model` has its line). From it come two checks:
- `validate(data)`: the fast one, run at every load. Each table gets a function generated from its fields, one
  term per field (`type(doc['gave']) is str and ...`), as `dataclasses` generates `__init__`. On the shared test
  machine it checks 2,000 contacts and 50,000 conversations in about 55 ms (orjson parses that file in 130-200
  ms); a loop over the fields, with a call per test, took 80. A table that fails it is then looked at
  field by field: it may only lack optional fields.
- `problems(data)`: every wrongly typed, missing or unknown field of every record, with table, record and field,
  for the error message and `netjournal check`. It uses the same test expressions, one call at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..common.device import DEVICE_NAME
from ..common.shown import found, label, short
from .model import (
    CHANNELS,
    DATE_KINDS,
    FIRST_YEAR,
    INITIATORS,
    INVOLVEMENTS,
    KINDS,
    LAST_YEAR,
    LEVELS,
    LINK_KINDS,
    MONTH_GOAL_COUNT,
    MONTH_GOAL_KINDS,
    NETWORKS,
    ORG_KINDS,
    RANKS,
    SIDES,
    SYNCED_TABLES,
    Contact,
    date_in_range,
    month_in_range,
    parse_yearly_date,
    week_in_range,
)

_NONE = type(None)


# --- what a field may be ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What a stored value may be: its JSON types and, beyond them, a test on the value.

    `test` is a Python expression in `v` (the value, already of one of `types`); it may use the helpers in
    `_HELPERS` and the constants in `consts`. `records` is set for a list of nested objects (a share's passes,
    a reflection's answers), whose fields are checked one by one.
    """

    expected: str  # for messages: "expected <this>, found ..."
    types: tuple[type, ...]
    test: str = ""
    consts: tuple[tuple[str, Any], ...] = ()
    records: "Shape | None" = None


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False  # missing optional fields take their dataclass default when read
    # Written by the journal itself on every save since schema 7 (which device changed a record, and when), not
    # by the model: a record saved before then has none, and the fast check takes it as it is.
    stamp: bool = False


def required(kind: Kind) -> Field:
    return Field(kind, required=True)


def optional(kind: Kind) -> Kind:
    """The same kind, or null."""
    test = f"v is None or ({kind.test})" if kind.test else ""
    return Kind(f"{kind.expected}, or null", kind.types + (_NONE,), test, kind.consts, kind.records)


_counter = itertools.count()


def one_of(*values: str, empty: bool = False) -> Kind:
    name = f"_choices{next(_counter)}"
    allowed = frozenset(values + (("",) if empty else ()))
    listed = ", ".join(values) + (" or empty" if empty else "")
    return Kind(f"one of {listed}", (str,), f"v in {name}", ((name, allowed),))


def whole(low: int, high: int) -> Kind:
    return Kind(f"a whole number from {low} to {high}", (int,), f"{low} <= v <= {high}")


def records(shape: "Shape", what: str) -> Kind:
    name = f"_records{next(_counter)}"
    return Kind(f"a list of {what}", (list,), f"{name}(v)", ((name, shape.check_all),), shape)


def record(shape: "Shape", what: str) -> Kind:
    """One nested object (an organisation's plan), checked field by field like the items of `records`."""
    name = f"_record{next(_counter)}"
    return Kind(what, (dict,), f"{name}((v,))", ((name, shape.all_fast),), shape)


TEXT = Kind("text", (str,))
NAME = Kind("text that is not empty", (str,), "v != '' and not v.isspace()")
ID = Kind("an id (text that is not empty)", (str,), "v != ''")
BOOL = Kind("true or false", (bool,))
TEXTS = Kind("a list of texts", (list,), "_texts(v)")
IDS = Kind("a list of ids (texts that are not empty)", (list,), "_ids(v)")
# Most conversations are with one person: that case is checked without a call.
PEOPLE = Kind("a list of at least one contact id", (list,),
              "len(v) == 1 and type(v[0]) is str and v[0] != '' or v != [] and _ids(v)")
YEARS = f"in the years {FIRST_YEAR} to {LAST_YEAR}"
DATE = Kind(f"a date written YYYY-MM-DD, {YEARS}", (str,), "v in _dates or _date(v)")
_DEVICES: set[str] = set()  # device names seen to be good: a handful per journal, checked once each


def _device(v: str) -> bool:
    if v in _DEVICES:
        return True
    if DEVICE_NAME.match(v) is None:
        return False
    if len(_DEVICES) < 1000:  # a crafted file with a million names does not grow it for ever
        _DEVICES.add(v)
    return True


def _versions(v: dict) -> bool:
    """{"laptop": 3, "desktop": 1}: a loop, not a generator, as it runs for every stamped record at load."""
    for device, count in v.items():
        if not (device in _DEVICES or _device(device)) or type(count) is not int or not 0 < count < 2**53:
            return False
    return True


DEVICE = Kind("a device name (1-32 letters, digits or '-')", (str,), "v in _devices or _device(v)",
              (("_devices", _DEVICES), ("_device", _device)))
ANY = Kind("a JSON value", (str, int, float, bool, list, dict, _NONE))
# How many writes of a record each device made or saw: {"laptop": 3, "desktop": 1}.
VERSIONS = Kind("an object of device names and write counts", (dict,), "_versions(v)", (("_versions", _versions),))


def _field_write(v: Any) -> bool:
    write, at, when = v.partition("@") if type(v) is str else ("", "", "")
    device, colon, count = write.rpartition(":")
    return (bool(colon and at) and _device(device) and count.isdecimal() and count.isascii()
            and len(when) >= 10 and (when[:10] in _DATES or _date(when[:10])))


# Which write last set each field changed since the record was made, and when:
# {"notes": "laptop:3@2026-11-25T09:12:03.042+00:00"}.
FIELD_WRITES = Kind("an object of field names and device:count@time", (dict,), "_field_writes(v)",
                    (("_field_writes", lambda v: all(type(k) is str and _field_write(n) for k, n in v.items())),))
TOMBSTONE_KEY = Kind("16 hex digits", (str,), "len(v) == 16 and _hex(v)",
                     (("_hex", lambda v: v.isascii() and all(c in "0123456789abcdef" for c in v)),))
TIMESTAMP = Kind("a time written YYYY-MM-DDTHH:MM:SS", (str,), "v[:10] in _dates or _date(v[:10])")
YEARLY = Kind(f"a date written YYYY-MM-DD ({YEARS}), or --MM-DD without a year", (str,), "_yearly(v)")
# A meeting's start: a day, or a day and a time of day (in the meeting's own zone).
START = Kind("a day YYYY-MM-DD, or a time YYYY-MM-DDTHH:MM", (str,),
             "(len(v) == 10 or len(v) == 16 and v[10] == 'T') and (v[:10] in _dates or _date(v[:10]))")
WEEK = Kind(f"an ISO week written YYYY-Www, {YEARS}", (str,), "v in _weeks or _week(v)")
MONTH = Kind(f"a month written YYYY-MM, {YEARS}", (str,), "_month(v)")


# --- the helpers the tests may call -------------------------------------------------------------------------


def _texts(values: list) -> bool:
    for value in values:
        if type(value) is not str:
            return False
    return True


def _ids(values: list) -> bool:
    for value in values:
        if type(value) is not str or value == "":
            return False
    return True


def _date(text: str) -> bool:
    """YYYY-MM-DD exactly (the code compares dates as text), in range; remembered, as most dates repeat."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return False
    if len(text) != 10 or day.isoformat() != text or not date_in_range(day):
        return False
    _DATES.add(text)
    return True


def _month(text: str) -> bool:
    return month_in_range(text)


def _yearly(text: str) -> bool:
    """What `parse_yearly_date` writes, exactly."""
    try:
        return parse_yearly_date(text) == text
    except ValueError:
        return False


def _week(text: str) -> bool:
    if not week_in_range(text):
        return False
    _WEEKS.add(text)
    return True


_DATES: set[str] = set()  # dates and weeks seen to be good; a few thousand at most
_WEEKS: set[str] = set()
_HELPERS: dict[str, Any] = {"_texts": _texts, "_ids": _ids, "_date": _date, "_dates": _DATES, "_week": _week,
                            "_weeks": _WEEKS, "_yearly": _yearly, "_month": _month}


# --- a table's shape, and the checks made from it -----------------------------------------------------------


UNKNOWN = "not a field netjournal knows (a newer version's, or a slip when editing?)"


@dataclass(frozen=True)
class Problem:
    """One wrongly typed, missing or unknown field of one stored record."""

    table: str
    doc_id: str
    record_id: str | None  # None when the record's own id is missing or wrong
    field: str
    expected: str
    found: str

    def __str__(self) -> str:
        record = f"{self.table} #{label(self.doc_id)}"
        if self.table != "meta":
            record += f" (id {label(self.record_id)})" if self.record_id is not None else " (no usable id)"
        if self.found == "missing":
            return f"{record}: {self.field}: missing; expected {self.expected}"
        if self.expected == UNKNOWN:
            return f"{record}: {self.field}: {UNKNOWN}, holding {self.found}"
        return f"{record}: {self.field}: expected {self.expected}, found {self.found}"


class Shape:
    """The fields of one kind of stored record, and the two checks made from them."""

    def __init__(self, name: str, fields: dict[str, Field], *, more_allowed: bool = False) -> None:
        self.name, self.fields, self.more_allowed = name, fields, more_allowed
        self._namespace = dict(_HELPERS)
        for spec in fields.values():
            self._namespace.update(spec.kind.consts)
        self._tests: dict[str, Any] | None = None  # the slow path's, made when first needed
        # Made at the first check, not at import: opening a file already checked (core/checked.py) needs none,
        # and making them all costs ~7 ms of start-up.
        self._all_fast: Any = None

    @property
    def all_fast(self) -> Any:
        if self._all_fast is None:
            self._all_fast = self._compile()
        return self._all_fast

    def check_all(self, docs: Any) -> bool:
        """`all_fast`, for a nested list's check to call before it is made."""
        return self.all_fast(docs)

    def _compile(self) -> Any:
        """One function over a table's records, a term per field: True when every record is whole and right.

        Fast only when every field is present (what netjournal writes); a record without some optional field
        is then looked at by `problems`, which knows they may be missing. A record's id also goes into a set,
        so that two records with one id are found in the same pass. TypeError: an item of a nested list that
        is not an object.
        """
        stamps = [name for name, spec in self.fields.items() if spec.stamp]
        size = " + ".join([str(len(self.fields) - len(stamps))] + [f"({name!r} in doc)" for name in stamps])
        terms = [] if self.more_allowed else [f"len(doc) == {size}"]
        for name, spec in self.fields.items():
            kind = spec.kind
            value = f"(v := doc[{name!r}])" if kind.test or name == "id" else f"doc[{name!r}]"
            names = [("NoneType" if t is _NONE else t.__name__) for t in kind.types]
            term = (f"type({value}) is {names[0]}" if len(names) == 1
                    else f"type({value}) in ({', '.join(names)},)")
            if kind.test:
                term += f" and ({kind.test})"
            if spec.stamp:
                term = f"({name!r} not in doc or ({term}))"
            terms.append(term)
            if name == "id":
                terms.append("add(v) is None")
        source = "\n".join([
            "def all_fast(docs, type=type, len=len, str=str, bool=bool, int=int, list=list, NoneType=NoneType):",
            "    ids = set()",
            "    add = ids.add",
            "    try:",
            "        for doc in docs:",
            "            if not (" + "\n                    and ".join(terms) + "):",
            "                return False",
            "    except (KeyError, TypeError):",
            "        return False",
            "    return " + ("len(ids) == len(docs)" if "id" in self.fields else "True"),
        ])
        scope = {**self._namespace, "NoneType": _NONE}
        exec(source, scope)  # noqa: S102 - our own source, built from SHAPES
        self.source = source
        return scope["all_fast"]

    def _test(self, name: str) -> Any:
        """The test of one field as a function, for the slow path: the same expression as in `all_fast`."""
        if self._tests is None:
            self._tests = {field: eval(f"lambda v: {spec.kind.test}", self._namespace)  # noqa: S307
                           if spec.kind.test else None for field, spec in self.fields.items()}
        return self._tests[name]

    def field_problems(self, doc: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, str]]:
        """(field, expected, found) for every field of `doc` that is wrong, missing or unknown."""
        for name, spec in self.fields.items():
            if name not in doc:
                if spec.required:
                    yield prefix + name, spec.kind.expected, "missing"
                continue
            value = doc[name]
            kind = spec.kind
            if type(value) not in kind.types:
                yield prefix + name, kind.expected, found(value)
                continue
            if kind.records is not None and type(value) is dict:
                yield from kind.records.field_problems(value, f"{prefix}{name}.")
                continue
            if kind.records is not None and type(value) is list:
                for index, item in enumerate(value):
                    where = f"{prefix}{name}[{index}]"
                    if type(item) is not dict:
                        yield where, f"an object with {', '.join(kind.records.fields)}", found(item)
                    else:
                        yield from kind.records.field_problems(item, where + ".")
                continue
            test = self._test(name)
            if test is not None and not test(value):
                yield prefix + name, kind.expected, found(value)
        if not self.more_allowed:
            for name in doc:
                if name not in self.fields:
                    yield prefix + short(name, 40), UNKNOWN, found(doc[name])


# --- the tables --------------------------------------------------------------------------------------------

_PASSED = Shape("passed", {
    "contact_id": required(ID),
    "date": required(DATE),
    "interaction_id": Field(optional(ID)),
})

_ANSWER = Shape("answers", {
    "prompt_id": required(NAME),
    "prompt": required(TEXT),
    "answer": Field(TEXT),
})

_YEARLY_DATE = Shape("dates", {
    "kind": required(one_of(*DATE_KINDS)),
    "date": required(YEARLY),
    "label": Field(TEXT),
})

_ISSUE = Shape("issues", {
    "date": required(DATE),
    "text": required(NAME),
    "resolved": Field(BOOL),
})

_PLAN = Shape("plan", {
    "objectives": Field(TEXT),
    "measures": Field(TEXT),
    "by": Field(optional(DATE)),
    "contact_id": Field(optional(ID)),
})

_NOTE = Shape("notes", {
    "date": required(DATE),
    "action": required(NAME),
    "result": Field(TEXT),
    "interaction_ids": Field(IDS),
})

CADENCE = whole(Contact.CADENCE_DAYS[0], Contact.CADENCE_DAYS[1])


def stamped(name: str, fields: dict[str, Field]) -> Shape:
    """A table of records that sync: each says which device changed it last (`device`), when (`updated_at`, a
    field of the model in the tables that show it, a stamp in the others), how many writes of it each device
    made or saw (`versions`) and which write last set each field (`fields`)."""
    stamps = {"device": Field(DEVICE, stamp=True), "versions": Field(VERSIONS, stamp=True),
              "fields": Field(FIELD_WRITES, stamp=True)}
    if "updated_at" not in fields:
        stamps["updated_at"] = Field(TIMESTAMP, stamp=True)
    return Shape(name, {**fields, **stamps})

SHAPES: dict[str, Shape] = {shape.name: shape for shape in (
    Shape("meta", {
        "schema_version": required(whole(1, 1_000_000)),
        "created_at": Field(TEXT),
        "app_version": Field(TEXT),
    }, more_allowed=True),
    stamped("contacts", {
        "name": required(NAME),
        "org": Field(TEXT),
        "title": Field(TEXT),
        "email": Field(TEXT),
        "phone": Field(TEXT),
        "side": Field(one_of(*SIDES, empty=True)),
        "network": Field(one_of(*NETWORKS, empty=True)),
        "level": Field(one_of(*LEVELS, empty=True)),
        "tags": Field(TEXTS),
        "notes": Field(TEXT),
        "needs": Field(TEXT),
        "how_met": Field(TEXT),
        "introduced_by": Field(optional(ID)),
        "key_influencer": Field(BOOL),
        "cadence_days": Field(optional(CADENCE)),
        "roles": Field(TEXTS),
        "archived": Field(BOOL),
        "dates": Field(records(_YEARLY_DATE, "dates (objects with kind, date and label)")),
        "org_id": Field(optional(ID)),
        "decision_maker": Field(BOOL),
        "id": required(ID),
        "created_at": Field(TIMESTAMP),  # the start of the keep-in-touch interval before a first conversation
        "updated_at": Field(TEXT),
    }),
    stamped("interactions", {
        "date": required(DATE),
        "with": required(PEOPLE),
        "channel": Field(one_of(*CHANNELS)),
        "formal": Field(BOOL),
        "business": Field(BOOL),
        "initiated_by": Field(one_of(*INITIATORS)),
        "topics": Field(TEXT),
        "disclosure": Field(BOOL),
        "thanked": Field(BOOL),
        "gave": Field(TEXT),
        "got": Field(TEXT),
        "learned": Field(TEXT),
        "response": Field(TEXT),
        "next_time": Field(TEXT),
        "kind": Field(one_of(*KINDS)),
        "event": Field(TEXT),
        "id": required(ID),
        "created_at": Field(TEXT),  # only ever compared, to order a day's conversations
    }),
    stamped("ratings", {
        "contact_id": required(ID),
        "date": required(DATE),
        "score": required(whole(1, 4)),
        "barriers": Field(TEXT),
        "action": Field(TEXT),
        "improve_by": Field(optional(DATE)),
        "plan": Field(TEXT),
        "id": required(ID),
    }),
    stamped("week_goals", {
        "week": required(WEEK),
        "contact_id": required(ID),
        "intent": Field(TEXT),
        "id": required(ID),
    }),
    stamped("reflections", {
        "week": required(WEEK),
        "answers": Field(records(_ANSWER, "answers (objects with prompt_id, prompt and answer)")),
        "notes": Field(TEXT),
        "id": required(ID),
        "created_at": Field(TEXT),
        "updated_at": Field(TEXT),
    }),
    stamped("shares", {
        "title": required(NAME),
        "link": Field(TEXT),
        "note": Field(TEXT),
        "tags": Field(TEXTS),
        "passed": Field(records(_PASSED, "passes (objects with contact_id, date and interaction_id)")),
        "id": required(ID),
        "created_at": Field(TEXT),
    }),
    stamped("focus_goals", {
        "text": required(NAME),
        "due": Field(optional(DATE)),
        "helps": Field(IDS),
        "hinders": Field(IDS),
        "done": Field(BOOL),
        "id": required(ID),
    }),
    stamped("follow_ups", {
        "contact_id": required(ID),
        "what": required(NAME),
        "due": required(DATE),
        "done_on": Field(optional(DATE)),
        "from_interaction": Field(optional(ID)),
        "id": required(ID),
        "created_at": Field(TEXT),
    }),
    stamped("meetings", {
        "event": required(NAME),
        "start": required(START),
        "title": required(TEXT),
        "with": required(PEOPLE),
        "channel": Field(one_of(*CHANNELS)),
        "formal": Field(BOOL),
        "id": required(ID),
    }),
    stamped("organisations", {
        "name": required(NAME),
        "kind": Field(one_of(*ORG_KINDS, empty=True)),
        "mandate": Field(TEXT),
        "needs": Field(TEXT),
        "issues": Field(records(_ISSUE, "issues (objects with date, text and resolved)")),
        "rank": Field(optional(whole(*RANKS))),
        "involvement": Field(one_of(*INVOLVEMENTS, empty=True)),
        "plan": Field(record(_PLAN, "a plan (an object with objectives, measures, by and contact_id)")),
        "cadence_days": Field(optional(CADENCE)),
        "archived": Field(BOOL),
        "id": required(ID),
        "created_at": Field(TEXT),
        "updated_at": Field(TEXT),
    }),
    stamped("month_goals", {
        "month": required(MONTH),
        "kind": required(one_of(*MONTH_GOAL_KINDS)),
        "count": Field(whole(*MONTH_GOAL_COUNT)),
        "org_id": Field(optional(ID)),
        "contact_id": Field(optional(ID)),
        "activity_id": Field(TEXT),
        "text": Field(TEXT),
        "done": Field(BOOL),
        "notes": Field(records(_NOTE, "notes (objects with date, action, result and interaction_ids)")),
        "id": required(ID),
        "created_at": Field(TEXT),
        "updated_at": Field(TEXT),
    }),
    stamped("links", {
        "kind": required(one_of(*LINK_KINDS)),
        "from_id": required(ID),
        "to_id": required(ID),
        "note": Field(TEXT),
        "id": required(ID),
        "created_at": Field(TEXT),
    }),
    # What a deletion leaves, so that a merge tells "deleted there" from "never seen here": which record (its id
    # hashed: see model.tombstone_key), when and where, and nothing of what it held.
    Shape("tombstones", {
        "table": required(one_of(*SYNCED_TABLES)),
        "record": required(TOMBSTONE_KEY),
        "deleted_at": required(TIMESTAMP),
        "device": required(DEVICE),
        "versions": Field(VERSIONS),
    }),
    Shape("conflicts", {
        "table": required(one_of(*SYNCED_TABLES)),
        "record_id": required(ID),
        "field": required(NAME),
        "kept": required(ANY),
        "other": required(ANY),
        "other_device": Field(TEXT),
        "other_at": Field(TEXT),
        "found_at": required(TIMESTAMP),
        "id": required(ID),
    }),
)}


# --- checking a loaded file ---------------------------------------------------------------------------------


def problems(data: dict[str, Any]) -> list[Problem]:
    """Every wrongly typed, missing or unknown field, bad document key and repeated id, in file order."""
    return [problem for table_name, table in data.items() for problem in table_problems(table_name, table)]


def table_problems(table_name: str, table: Any) -> list[Problem]:
    shape = SHAPES.get(table_name)
    if shape is None or not isinstance(table, dict):
        return []  # tables netjournal does not know are kept as they are and never read
    found_problems: list[Problem] = []
    seen: dict[str, str] = {}
    for doc_id, doc in table.items():
        record_id = doc.get("id") if isinstance(doc, dict) else None
        usable_id = record_id if type(record_id) is str and record_id else None
        if not _doc_key_ok(doc_id):
            found_problems.append(Problem(table_name, doc_id, usable_id, "(document key)",
                                          "a whole number as the document's key", found(doc_id)))
        if not isinstance(doc, dict):
            continue  # storage.check_shape refuses these before we are called
        for name, expected, value in shape.field_problems(doc):
            found_problems.append(Problem(table_name, doc_id, usable_id, name, expected, value))
        if usable_id is not None and shape.name != "meta":
            if usable_id in seen:
                found_problems.append(Problem(table_name, doc_id, usable_id, "id", "an id no other record has",
                                              f"the id of #{label(seen[usable_id])} too"))
            else:
                seen[usable_id] = doc_id
    return found_problems


def validate(data: dict[str, Any]) -> None:
    """Raise ValueError naming the first problem (and how many there are) unless every record is right.

    Quick on a healthy file: one generated check over each table's records (ids repeated included) and a look
    at the document keys. Only a table that fails is looked at field by field: it may just lack optional fields.
    """
    every: list[Problem] = []
    for table_name, table in data.items():
        shape = SHAPES.get(table_name)
        if shape is None or not isinstance(table, dict):
            continue
        docs = table.values()
        if shape.all_fast(docs) and _doc_keys_ok(table):
            continue
        every += table_problems(table_name, table)
    if every:
        more = f" and {len(every) - 1} more" if len(every) > 1 else ""
        raise ValueError(f"{every[0]}{more}; run `netjournal check` for every problem")


def _doc_key_ok(key: str) -> bool:
    """TinyDB turns document keys into numbers with int()."""
    return key.isdecimal() and key.isascii()


def _doc_keys_ok(table: dict[str, Any]) -> bool:
    if not table:
        return True
    if "" in table:
        return False
    keys = "".join(table)  # one look at every key, instead of a call per key
    return keys.isdecimal() and keys.isascii()
