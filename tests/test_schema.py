"""The stored shape of records: complete, as fast as promised, and in agreement with the model's validation."""

from __future__ import annotations

import dataclasses
import io
import time
from datetime import date, timedelta

import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netjournal.core import migrations, model, schema
from netjournal.core.check import EXIT_DAMAGED, EXIT_OK, EXIT_PROBLEMS, check_file
from netjournal.core.journal import Journal
from netjournal.core.model import Contact, Interaction, PassedOn, Rating, ReflectionAnswer, Share
from netjournal.core.storage import JournalDamaged

from .conftest import TODAY

NESTED = {"passed": PassedOn, "answers": ReflectionAnswer}


def stored_names(kind: type) -> set[str]:
    return {"with" if f.name == "with_" else f.name for f in dataclasses.fields(kind)}


@pytest.mark.parametrize("kind", model.RECORD_TYPES, ids=lambda k: k.TABLE)
def test_every_field_of_every_record_has_its_line(kind):
    shape = schema.SHAPES[kind.TABLE]
    stamps = {name for name, spec in shape.fields.items() if spec.stamp}
    assert set(shape.fields) - stamps == stored_names(kind), "a field was added to the model: give it a line in SHAPES"
    assert stamps | stored_names(kind) >= set(model.STAMPS), "every synced record can say who wrote it and when"
    for name, nested in NESTED.items():
        if name in shape.fields:
            assert set(shape.fields[name].kind.records.fields) == stored_names(nested)


def test_only_known_tables_and_meta_are_shaped():
    assert set(schema.SHAPES) == set(model.TABLES)


# --- what the model writes, the loader reads ---------------------------------------------------------------

texts = st.text(max_size=12)
days = st.dates(min_value=date(1850, 1, 1), max_value=date(3100, 1, 1))
day_texts = st.one_of(days.map(date.isoformat), texts, st.none())


def accepted(record) -> bool:
    return not schema.problems({record.TABLE: {"1": record.to_record()}})


@settings(max_examples=150, deadline=None)
@given(name=texts, org=st.one_of(texts, st.none()), tags=st.one_of(st.lists(texts, max_size=3), texts),
       cadence=st.one_of(st.none(), st.integers(-5, 4000), texts), side=st.sampled_from(["", "internal", "x"]),
       created=st.one_of(st.none(), days))
def test_a_contact_the_model_accepts_is_loaded(name, org, tags, cadence, side, created):
    try:
        contact = Contact(name=name, org=org, tags=tags, cadence_days=cadence, side=side,
                          **({"created_at": created.isoformat() + "T09:00:00+00:00"} if created else {}))
    except ValueError:
        return
    assume(created is None or model.date_in_range(created))  # created_at is not validated by the model
    assert accepted(contact)


@settings(max_examples=150, deadline=None)
@given(day=st.one_of(days, day_texts), people=st.lists(texts, max_size=3), channel=st.sampled_from(model.CHANNELS),
       kind=st.sampled_from(model.KINDS), topics=st.one_of(texts, st.none()))
def test_an_interaction_the_model_accepts_is_loaded(day, people, channel, kind, topics):
    try:
        interaction = Interaction(date=day, with_=people, channel=channel, kind=kind, topics=topics)
    except ValueError:
        return
    assert accepted(interaction)


@settings(max_examples=150, deadline=None)
@given(day=st.one_of(days, day_texts), score=st.one_of(st.integers(-1, 6), texts), by=st.one_of(days, day_texts),
       passed_day=st.one_of(days, day_texts))
def test_ratings_and_shares_the_model_accepts_are_loaded(day, score, by, passed_day):
    try:
        rating = Rating(contact_id="c1", date=day, score=score, improve_by=by)
    except ValueError:
        rating = None
    if rating is not None:
        assert accepted(rating)
    try:
        share = Share(title="t", passed=[PassedOn("c1", passed_day)])
    except ValueError:
        return
    assert accepted(share)


def test_a_date_out_of_range_is_refused_where_it_is_typed():
    with pytest.raises(ValueError, match=r"date: 0026-11-20 is out of range \(years 1900 to 2999\)"):
        model.parse_day("0026-11-20", TODAY)
    with pytest.raises(ValueError, match="improve_by: 3000-01-01 is out of range"):
        Rating(contact_id="c", date=TODAY, score=2, improve_by=date(3000, 1, 1))
    with pytest.raises(ValueError, match="week: 1899-12-25 is out of range"):
        model.parse_week("1899-W52")
    assert Interaction(date=model.datetime(2026, 11, 20, 10, 30), with_=["c"]).date == "2026-11-20"


# --- the fast check and the full one agree ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | st.sampled_from(["", "2026-11-20", "2026-W48", "in_person", "x" * 50]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


def healthy_docs() -> dict[str, dict]:
    ana = Contact(name="Ana", cadence_days=14, id="c1")
    return {
        "contacts": ana.to_record(),
        "interactions": Interaction(date="2026-11-20", with_=["c1"], id="i1").to_record(),
        "ratings": Rating(contact_id="c1", date="2026-11-20", score=3, improve_by="2027-01-01", id="r1").to_record(),
        "week_goals": model.WeekGoal(week="2026-W48", contact_id="c1", id="w1").to_record(),
        "reflections": model.Reflection(week="2026-W48", answers=[ReflectionAnswer("p", "q?", "a")],
                                        id="f1").to_record(),
        "shares": Share(title="t", passed=[PassedOn("c1", "2026-11-20", "i1")], id="s1").to_record(),
        "focus_goals": model.FocusGoal(text="goal", helps=["c1"], id="g1").to_record(),
    }


@st.composite
def spoiled_tables(draw):
    """A healthy record of every kind, with a few fields replaced, removed or added at random."""
    data = {"meta": {"1": {"schema_version": migrations.SCHEMA_VERSION}}}
    for table, doc in healthy_docs().items():
        doc = dict(doc)
        for _ in range(draw(st.integers(0, 2))):
            action = draw(st.sampled_from(["set", "drop", "add", "nest"]))
            name = draw(st.sampled_from(sorted(doc)))
            if action == "set":
                doc[name] = draw(json_values)
            elif action == "drop":
                doc.pop(name, None)
            elif action == "add":
                doc[draw(st.text(max_size=6))] = draw(json_values)
            else:  # spoil a field of a share's pass or a reflection's answer
                key = "passed" if "passed" in doc else "answers"
                items = doc.get(key)
                if isinstance(items, list) and items and isinstance(items[0], dict) and items[0]:
                    items[0] = dict(items[0], **{draw(st.sampled_from(sorted(items[0]))): draw(json_values)})
        key = draw(st.sampled_from(["1", "1", "1", "x", "", "٣"]))
        data[table] = {key: doc}
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spoiled_tables())
def test_validate_refuses_exactly_what_problems_lists(data):
    found = schema.problems(data)
    if found:
        with pytest.raises(ValueError, match=r"run `netjournal check` for every problem") as refused:
            schema.validate(data)
        assert str(found[0]) in str(refused.value)
    else:
        schema.validate(data)
        for table, docs in data.items():  # and what is accepted can be read
            for doc in docs.values():
                kind = next((k for k in model.RECORD_TYPES if k.TABLE == table), None)
                if kind is not None:
                    kind.from_stored(doc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spoiled_tables())
def test_the_fast_check_never_passes_a_record_the_full_one_faults(data):
    for table, docs in data.items():
        shape = schema.SHAPES[table]
        for doc in docs.values():
            if shape.all_fast([doc]):
                assert not list(shape.field_problems(doc))


def test_a_problem_names_table_record_and_field_and_shows_values_safely():
    data = {"contacts": {"3": dict(healthy_docs()["contacts"], name=["x" * 10**6] * 1000, notes="\x1b[2J" * 10**5,
                                   cadence_days=10**19)},
            "interactions": {"4": {"date": 2026.5}}}
    problems = [str(p) for p in schema.problems(data)]
    assert problems[0] == "contacts #3 (id c1): name: expected text that is not empty, found a list of 1,000 items"
    assert problems[1] == ("contacts #3 (id c1): cadence_days: expected a whole number from 1 to 3650, or null, "
                           "found 10000000000000000000")
    assert "interactions #4 (no usable id): date: expected a date written YYYY-MM-DD" in problems[2]
    assert "found 2026.5" in problems[2]
    assert "interactions #4 (no usable id): id: missing" in problems[-1]
    assert all(len(p) < 300 for p in problems)
    long_text = schema.found("\x1b[2J" * 10**5)
    assert "\x1b" not in long_text and "400,000 characters" in long_text and len(long_text) < 100


# --- speed -------------------------------------------------------------------------------------------------


def big_journal(contacts: int = 2000, interactions: int = 50_000) -> dict:
    """The shape of bench/synthetic.py's journal, built directly."""
    people = {str(n + 1): Contact(name=f"Person {n}", tags=["golf", "data"], notes="notes " * 20, cadence_days=14,
                                  id=f"c{n}").to_record() for n in range(contacts)}
    talk = Interaction(date="2026-01-01", with_=["c1"], topics="budget roadmap " * 4, id="x").to_record()
    start = date(2024, 1, 1)
    log = {str(n + 1): dict(talk, id=f"i{n}", date=(start + timedelta(days=n % 1000)).isoformat(),
                            **{"with": [f"c{n % contacts}"]}) for n in range(interactions)}
    return orjson.loads(orjson.dumps({"meta": {"1": {"schema_version": migrations.SCHEMA_VERSION}},
                                      "contacts": people, "interactions": log}))


def test_a_large_journal_is_checked_in_a_small_part_of_its_parse_time():
    data = big_journal()
    payload = orjson.dumps(data)
    parse = min(_timed(lambda: orjson.loads(payload)) for _ in range(3))
    check = min(_timed(lambda: schema.validate(data)) for _ in range(3))
    # Measured on the shared CI machine: parse ~190 ms, check ~55 ms. Generous, as machines are busy.
    assert check < parse * 0.75, (check, parse)


def _timed(action) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


# --- netjournal check on any JSON ---------------------------------------------------------------------------

any_tables = st.dictionaries(
    st.sampled_from(list(model.TABLES) + ["other", "_save"]),
    st.dictionaries(st.sampled_from(["1", "2", "x"]),
                    st.one_of(st.dictionaries(st.sampled_from(sorted(set().union(
                        *(stored_names(k) for k in model.RECORD_TYPES), {"schema_version", "passed", "answers"}))),
                        json_values, max_size=8), json_values), max_size=3)
    | json_values,
    max_size=5,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.one_of(any_tables, spoiled_tables(), json_values))
def test_check_never_crashes_on_any_json(tmp_path, data):
    path = tmp_path / "journal.json"
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    out = io.StringIO()
    code = check_file(path, out)
    assert code in (EXIT_OK, EXIT_PROBLEMS, EXIT_DAMAGED)
    assert path.read_bytes() == before
    try:  # and check agrees with the loader: what it calls damaged does not open, what opens it does not
        Journal(path, today=lambda: TODAY).close()
        opened = True
    except JournalDamaged:
        opened = False
    assert opened == (code != EXIT_DAMAGED), out.getvalue()
    for leftover in tmp_path.iterdir():
        leftover.unlink()
