"""Names on the command line fold case and accents (issue #14 bug 2); someone archived is a choice (bug 10)."""

from __future__ import annotations

import unicodedata

from .test_cli import cli, on_disk


def people(db):
    return {c["name"]: c["id"] for c in on_disk(db)["contacts"].values()}


def test_log_rate_and_introduce_find_a_name_without_its_accents(capsys, db_path):
    assert cli(capsys, db_path, "add", "José Álvarez")[0] == 0
    assert cli(capsys, db_path, "add", "Jürgen Groß")[0] == 0
    ids = people(db_path)
    code, out, err = cli(capsys, db_path, "log", "choir practice", "--with", "jose", "--with", "GROSS")
    assert (code, err) == (0, "")
    assert out == "Logged 2026-11-25: in person with José Álvarez, Jürgen Groß (non-business)\n"
    [logged] = on_disk(db_path)["interactions"].values()
    assert logged["with"] == [ids["José Álvarez"], ids["Jürgen Groß"]]
    code, out, _ = cli(capsys, db_path, "rate", "alvarez", "3")
    assert code == 0 and out == "Rated José Álvarez 3 good on 2026-11-25\n"
    assert [r["contact_id"] for r in on_disk(db_path)["ratings"].values()] == [ids["José Álvarez"]]
    code, out, _ = cli(capsys, db_path, "introduce", "jurgen", unicodedata.normalize("NFD", "josé"),
                       "--because", "both sing")
    assert code == 0 and out == "Recorded 2026-11-25: you introduced Jürgen Groß to José Álvarez\n"


def test_adding_the_same_name_spelt_another_way_needs_duplicate(capsys, db_path):
    cli(capsys, db_path, "add", "José Álvarez")
    before = db_path.read_bytes()
    for spelling in ("jose alvarez", unicodedata.normalize("NFD", "José Álvarez")):
        code, _, err = cli(capsys, db_path, "add", spelling)
        assert code == 2 and "José Álvarez is already in the journal; add --duplicate" in err
        assert db_path.read_bytes() == before
    assert cli(capsys, db_path, "add", "Jose Alvarez", "--duplicate")[0] == 0
    assert sorted(people(db_path)) == ["Jose Alvarez", "José Álvarez"]


def _archive(db_path, name):
    from netjournal.core.journal import Journal

    with Journal(db_path) as journal:
        journal.archive_contact(journal.resolve_name(name).id)


def test_logging_with_someone_archived_is_refused_with_the_way_out(capsys, db_path):
    cli(capsys, db_path, "add", "Fred Lang")
    cli(capsys, db_path, "add", "Ana Ruiz")
    _archive(db_path, "Fred Lang")
    before = db_path.read_bytes()
    code, out, err = cli(capsys, db_path, "log", "lunch", "--with", "ana", "--with", "fred")
    assert (code, out) == (2, "")
    assert err == ("netjournal: Fred Lang is archived. Add --archived-ok to go ahead anyway (they stay archived), "
                   "or bring them back first: netjournal unarchive fred\n")
    assert db_path.read_bytes() == before
    code, _, err = cli(capsys, db_path, "introduce", "ana", "fred", "--because", "x")
    assert code == 2 and "Fred Lang is archived" in err and db_path.read_bytes() == before

    code, out, err = cli(capsys, db_path, "log", "lunch", "--with", "fred", "--archived-ok")
    assert (code, err) == (0, "") and out == "Logged 2026-11-25: in person with Fred Lang (non-business)\n"
    saved = on_disk(db_path)
    [logged] = saved["interactions"].values()
    fred = next(c for c in saved["contacts"].values() if c["name"] == "Fred Lang")
    assert logged["with"] == [fred["id"]] and fred["archived"] is True  # still archived, as asked
