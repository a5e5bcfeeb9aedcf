"""The command line as a person uses it: output, exit codes, and the file on disk."""

from __future__ import annotations

from datetime import date, timedelta

import orjson
import pytest

from netjournal.core import migrations
from netjournal.cli import main
from netjournal.core.model import week_key

from .conftest import TODAY, run_cli


def cli(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def on_disk(db):
    return orjson.loads(db.read_bytes())


def test_add_log_week_and_export(capsys, db_path, tmp_path):
    assert cli(capsys, db_path, "add", "Ana Ruiz", "--org", "Harbour Health", "--tag", "running", "--tag", "golf",
               "--every", "14", "--notes", "Training for a marathon")[0] == 0
    code, out, err = cli(capsys, db_path, "log", "her marathon training", "--with", "ana", "--date", "yesterday",
                         "--they-started", "--learned", "runs with her daughter")
    assert code == 0, err
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert out.strip() == f"Logged {yesterday}: in person with Ana Ruiz (non-business)"
    saved = on_disk(db_path)
    contact = next(iter(saved["contacts"].values()))
    assert contact["tags"] == ["running", "golf"] and contact["cadence_days"] == 14
    interaction = next(iter(saved["interactions"].values()))
    assert interaction["with"] == [contact["id"]]
    assert (interaction["date"], interaction["initiated_by"], interaction["business"]) == (yesterday, "them", False)

    code, out, _ = cli(capsys, db_path, "week", "--week", week_key(TODAY - timedelta(days=1)))
    assert code == 0 and "Conversations: 1 (1 informal, 0 formal; 1 non-business, 0 business)" in out
    assert "People met: Ana Ruiz" in out

    target = tmp_path / "export.json"
    assert cli(capsys, db_path, "export", "--format", "json", "-o", str(target))[0] == 0
    exported = orjson.loads(target.read_bytes())
    assert exported["contacts"][0]["name"] == "Ana Ruiz" and exported["interactions"][0]["with"] == [contact["id"]]
    assert target.stat().st_mode & 0o077 == 0


def test_log_with_several_people_and_options(capsys, db_path):
    cli(capsys, db_path, "add", "Ana Ruiz")
    cli(capsys, db_path, "add", "Ben Okafor")
    code, out, err = cli(capsys, db_path, "log", "budget review", "--with", "ana", "--with", "okafor",
                         "--business", "--formal", "--channel", "video", "--date", "2026-11-02")
    assert code == 0, err
    interaction = next(iter(on_disk(db_path)["interactions"].values()))
    assert (interaction["channel"], interaction["formal"], interaction["business"]) == ("video", True, True)
    assert len(interaction["with"]) == 2 and interaction["date"] == "2026-11-02"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", " "], "name: must not be empty"),
        (["add", "Cleo", "--email", "cleo-at-home"], "email: 'cleo-at-home' is not an email address"),
        (["add", "Cleo", "--every", "weekly"], "cadence_days: 'weekly' is not a whole number"),
        (["add", "Ana Ruiz"], "Ana Ruiz is already in the journal; add --duplicate"),
        (["log", "x", "--with", "nobody"], "no contact named 'nobody'"),
        (["log", "x", "--with", "Ana Ruis"], "did you mean Ana Ruiz?"),
        (["log", "x", "--with", "a"], "'a' matches several contacts: Ana Ruiz, Anders Berg"),
        (["log", "x", "--with", "ana", "--date", "someday"], "date: 'someday' is not a date"),
        (["log", "x", "--with", "ana", "--date", "2999-01-01"], "date: 2999-01-01 is in the future"),
        (["week", "--week", "2026-W60"], "week: 2026 has no week 60"),
        (["add", "Cleo", "--role", "oracle"], "roles: 'oracle' is not one of information_source"),
        (["rate", "ana r", "5"], "score: 5 is outside 1-4 (1 poor, 2 adequate, 3 good, 4 great)"),
        (["rate", "ana r", "good"], "score: 'good' is not a score from 1 to 4"),
        (["rate", "ana r", "2", "--by", "next quarter"], "--by: 'next quarter' is not a date; use tomorrow, fri"),
        (["rate", "ana r", "2", "--by", "yesterday"], "--by: 'yesterday' is in the past; a planned date is ahead"),
        (["rate", "ana r", "2", "--date", "tomorrow"], "date: 'tomorrow' is ahead; give a day that has come"),
        (["rate", "nobody", "3"], "no contact named 'nobody'"),
        (["export", "-o", "/no/such/folder/x.json"], "export: nothing written: folder /no/such/folder does not exist"),
    ],
)
def test_errors_are_one_line_and_change_nothing(capsys, db_path, args, message):
    cli(capsys, db_path, "add", "Ana Ruiz")
    cli(capsys, db_path, "add", "Anders Berg")
    before = db_path.read_bytes()
    code, out, err = cli(capsys, db_path, *args)
    assert code == (1 if args[0] == "export" else 2)  # a folder that is not there is no typing mistake
    assert err.count("\n") == 1 and err.startswith("netjournal: ") and message in err
    assert db_path.read_bytes() == before


def test_rate_with_details_and_roles(capsys, db_path):
    assert cli(capsys, db_path, "add", "Ana Ruiz", "--role", "supporter", "--role", "ally")[0] == 0
    code, out, err = cli(capsys, db_path, "rate", "ana", "2", "--barriers", "we only meet in big meetings",
                         "--action", "invite her to lunch", "--by", "2027-01-15")
    assert code == 0, err
    assert out == "Rated Ana Ruiz 2 adequate on 2026-11-25; improve by Fri 15 Jan 2027 (2027-01-15)\n"
    saved = on_disk(db_path)
    assert next(iter(saved["contacts"].values()))["roles"] == ["supporter", "ally"]
    rating = next(iter(saved["ratings"].values()))
    assert (rating["score"], rating["improve_by"], rating["action"]) == (2, "2027-01-15", "invite her to lunch")


@pytest.mark.parametrize(("by", "saved"), [("fri", "2026-11-27"), ("next week", "2026-11-30"),
                                           ("in 2 weeks", "2026-12-09"), ("tomorrow", "2026-11-26")])
def test_rate_by_a_weekday_means_the_coming_one(capsys, db_path, by, saved):
    """Bug 1: on Wednesday 2026-11-25, `--by fri` was saved as last Friday and showed `improve!` at once."""
    cli(capsys, db_path, "add", "Ana Ruiz")
    code, out, err = cli(capsys, db_path, "rate", "ana", "2", "--by", by, "--date", "2 days ago")
    assert code == 0, err
    rating = next(iter(on_disk(db_path)["ratings"].values()))
    assert (rating["improve_by"], rating["date"]) == (saved, "2026-11-23")


def test_rate_help_names_the_scores_as_the_screens_do(capsys):
    with pytest.raises(SystemExit):
        main(["rate", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "1 poor, 2 adequate, 3 good, 4 great" in help_text
    assert "--by DATE for 1-2: improve by this date, ahead: tomorrow, fri (the coming Friday)" in help_text


def test_opening_a_damaged_journal_fails_before_the_screen_starts(capsys, db_path):
    db_path.write_bytes(b"[1, 2")
    code, out, err = cli(capsys, db_path)
    assert code == 3 and str(db_path) in err and "No backup exists yet" in err
    assert db_path.read_bytes() == b"[1, 2"


def test_usage_errors_exit_non_zero(capsys, db_path):
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(db_path), "log", "x", "--with", "ana", "--channel", "pigeon"])
    assert stopped.value.code == 2
    assert "invalid choice: 'pigeon'" in capsys.readouterr().err
    assert not db_path.exists()


def test_db_from_environment(tmp_path):
    path = tmp_path / "env-journal.json"
    result = run_cli("add", "Ana", env={"NETJOURNAL_DB": str(path)})
    assert result.returncode == 0, result.stderr
    assert "Ana" in path.read_text()


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "garbage": lambda good: b"PK\x03\x04 a zip file, not a journal",
    "newer schema": lambda good: good.replace(
        f'"schema_version":{migrations.SCHEMA_VERSION}'.encode(),
        f'"schema_version":{migrations.SCHEMA_VERSION + 1}'.encode()),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_file_clear_error_and_bytes_unchanged(capsys, db_path, kind):
    cli(capsys, db_path, "add", "Ana Ruiz")
    cli(capsys, db_path, "add", "Ben Okafor")  # the second save of the day leaves a backup
    damaged = DAMAGE[kind](db_path.read_bytes())
    db_path.write_bytes(damaged)
    for args in (["log", "x", "--with", "ana"], ["add", "Cleo"], ["week"], ["export"]):
        result = run_cli("--db", str(db_path), *args)
        assert result.returncode == 3
        assert str(db_path) in result.stderr and f"{db_path.name}.bak-" in result.stderr
        assert result.stderr.count("\n") == 1
    result = run_cli("--db", str(db_path), "check")
    assert result.returncode == 3 and "DAMAGED" in result.stdout and "newest backup:" in result.stdout
    if kind == "newer schema":
        assert f"newer netjournal (schema {migrations.SCHEMA_VERSION + 1}" in result.stdout
    assert db_path.read_bytes() == damaged


def test_check_reports_a_healthy_file(capsys, db_path):
    cli(capsys, db_path, "add", "Ana Ruiz")
    code, out, _ = cli(capsys, db_path, "check")
    assert code == 0
    assert out.startswith(f"{db_path}: ok") and "1 contact, 0 interactions" in out and "permissions 600" in out


def test_check_finds_broken_references(capsys, db_path):
    cli(capsys, db_path, "add", "Ana Ruiz")
    data = on_disk(db_path)
    data["ratings"] = {"1": {"id": "r1", "contact_id": "gone", "date": "2026-11-02", "score": 2}}
    db_path.write_bytes(orjson.dumps(data))
    code, out, _ = cli(capsys, db_path, "check")
    assert code == 1
    assert "problem: ratings id r1: refers to contact 'gone', who is not in the journal" in out


def test_a_score_out_of_range_is_damage_named_by_check(capsys, db_path):
    # The app reads a score as one of the four on the scale: a 9 would crash it, so the file is not opened.
    cli(capsys, db_path, "add", "Ana Ruiz")
    data = on_disk(db_path)
    data["ratings"] = {"1": {"id": "r1", "contact_id": "gone", "date": "2026-11-02", "score": 9}}
    db_path.write_bytes(orjson.dumps(data))
    before = db_path.read_bytes()
    code, out, _ = cli(capsys, db_path, "check")
    assert code == 3
    assert "DAMAGED (1 wrongly typed, missing or unknown field)" in out
    assert "problem: ratings #1 (id r1): score: expected a whole number from 1 to 4, found 9" in out
    code, _, err = cli(capsys, db_path, "week")
    assert code == 3 and err.count("\n") == 1
    assert "ratings #1 (id r1): score: expected a whole number from 1 to 4" in err and "netjournal check" in err
    assert db_path.read_bytes() == before


def test_check_finds_a_pass_without_its_interaction_and_too_many_goals(capsys, db_path):
    cli(capsys, db_path, "add", "Ana Ruiz")
    data = on_disk(db_path)
    ana = next(iter(data["contacts"].values()))["id"]
    data["shares"] = {"1": {"id": "s1", "title": "A guide", "link": "", "note": "", "tags": [],
                            "created_at": "2026-11-01T00:00:00+00:00",
                            "passed": [{"contact_id": ana, "date": "2026-11-02", "interaction_id": "gone"}]}}
    data["focus_goals"] = {str(n): {"id": f"g{n}", "text": f"goal {n}", "due": None, "helps": [], "hinders": [],
                                    "done": False} for n in range(1, 5)}
    db_path.write_bytes(orjson.dumps(data))
    code, out, _ = cli(capsys, db_path, "check")
    assert code == 1
    assert f"shares id s1: the pass to '{ana}' refers to interaction 'gone', which is not in the journal" in out
    assert "focus_goals: 4 open critical goals; netjournal keeps at most 3" in out


def test_check_on_missing_file(capsys, tmp_path):
    code, out, _ = cli(capsys, tmp_path / "nothing.json", "check")
    assert code == 1 and "no journal here yet" in out
    assert not (tmp_path / "nothing.json").exists()


def test_week_summary_text(db_path):
    from netjournal.core.journal import Journal
    from netjournal.core.model import Contact, Interaction, Rating, WeekGoal

    journal = Journal(db_path, today=lambda: date(2026, 11, 27))
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    ben = journal.add_contact(Contact(name="Ben Okafor"))
    journal.log_interaction(Interaction(date="2026-10-01", with_=[ana.id]))
    journal.rate(Rating(contact_id=ana.id, date="2026-10-01", score=2))
    journal.set_week_goal(WeekGoal(week="2026-W48", contact_id=ana.id, intent="her marathon"))
    journal.set_week_goal(WeekGoal(week="2026-W48", contact_id=ben.id, intent="the concert"))
    journal.log_interaction(Interaction(date="2026-11-24", with_=[ana.id], gave="a running club link"))
    journal.log_interaction(Interaction(date="2026-11-25", with_=[ben.id], channel="email"))
    journal.log_interaction(Interaction(date="2026-11-26", with_=[ben.id], business=True, formal=True,
                                        initiated_by="them"))
    journal.rate(Rating(contact_id=ana.id, date="2026-11-26", score=3))
    result = run_cli("--db", str(db_path), "week", "--week", "2026-W48")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Week 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026)",
        "",
        "Conversations: 3 (2 informal, 1 formal; 2 non-business, 1 business)",
        "  by channel: in person 2, email 1",
        "  they started 1 of 3",
        "People met: Ana Ruiz, Ben Okafor",
        "New people: Ben Okafor",
        "",
        "Non-business goals: 1 of 2 met",
        "  [met ] Ana Ruiz - her marathon",
        "  [open] Ben Okafor - the concert",
        "Ratings:",
        "  Ana Ruiz: 2 -> 3",
        "Value: gave 1, received 0",
    ]


def test_week_summary_says_missed_once_the_week_is_over(capsys, db_path):
    from netjournal.core.journal import Journal
    from netjournal.core.model import Contact, WeekGoal

    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    journal.set_week_goal(WeekGoal(week="2026-W01", contact_id=ana.id))
    code, out, _ = cli(capsys, db_path, "week", "--week", "2026-W01")
    assert code == 0 and "  [missed] Ana Ruiz" in out and "Non-business goals: 0 of 1 met" in out


def test_export_a_week_as_markdown(capsys, db_path, tmp_path):
    from netjournal.core.journal import Journal
    from netjournal.core.model import Contact, Interaction, Reflection, ReflectionAnswer

    journal = Journal(db_path, today=lambda: date(2026, 11, 27))
    ana = journal.add_contact(Contact(name="Ana Ruiz"))
    journal.log_interaction(Interaction(date="2026-11-24", with_=[ana.id], gave="a link"))
    journal.save_reflection(Reflection(week="2026-W48", notes="Good week.", answers=[
        ReflectionAnswer("free-info", "Who told you something about their life?", "Ana: her daughter's first race")]))
    target = tmp_path / "week.md"
    code, _, err = cli(capsys, db_path, "export", "--format", "markdown", "--week", "2026-W48", "-o", str(target))
    assert code == 0, err
    assert target.read_text().splitlines() == [
        "# Reflection 2026-W48 (Mon 23 Nov - Sun 29 Nov 2026)",
        "",
        "## The week",
        "",
        "- 1 conversation: 1 informal, 0 formal; 1 non-business, 0 business; they started 0",
        "- Non-business goals met: 0 of 0",
        "- New people: Ana Ruiz",
        "- Value given once, none received",
        "- Ratings: no change",
        "",
        "## 1. Who told you something about their life?",
        "",
        "Ana: her daughter's first race",
        "",
        "## Notes",
        "",
        "Good week.",
    ]
    code, out, err = cli(capsys, db_path, "export", "--format", "json", "--week", "2026-W48")
    assert code == 2 and "--week goes with --format markdown" in err


def test_markdown_export_of_the_whole_journal(capsys, db_path):
    from netjournal.core.journal import Journal
    from netjournal.core.model import Contact, Interaction, Reflection

    journal = Journal(db_path, today=lambda: date(2026, 11, 27))
    ana = journal.add_contact(Contact(name="Ana Ruiz", org="Harbour", tags=["running"], notes="Two kids."))
    journal.log_interaction(Interaction(date="2026-11-24", with_=[ana.id], topics="her race | the kids"))
    journal.save_reflection(Reflection(week="2026-W48", notes="Good week."))
    code, out, _ = cli(capsys, db_path, "export", "--format", "markdown")
    assert code == 0
    assert "### Ana Ruiz\nHarbour\nInterests: running\n\nTwo kids." in out
    assert "| 2026-11-24 | in person, non-business | her race / the kids |" in out
    assert "## Reflections" in out and "### Reflection 2026-W48" in out and "Good week." in out


def test_share_introduce_and_list_from_the_command_line(capsys, db_path):
    cli(capsys, db_path, "add", "Ana Ruiz", "--tag", "golf")
    cli(capsys, db_path, "add", "Ben Okafor", "--needs", "a mentor for public speaking")
    cli(capsys, db_path, "add", "Cleo Park", "--tag", "public speaking")
    code, out, _ = cli(capsys, db_path, "share", "Golf swing drills", "--tag", "golf", "--link", "https://ex.org/g")
    assert code == 0 and out == "Queued 'Golf swing drills'. Who would value it:\n  Ana Ruiz: interests: golf\n"
    code, out, _ = cli(capsys, db_path, "introductions")
    assert "Ben Okafor is looking for 'a mentor for public speaking' -> Cleo Park (interests: public speaking)" in out
    code, out, _ = cli(capsys, db_path, "introduce", "ben", "cleo", "--because", "she coaches speakers",
                       "--date", "2026-11-20")
    assert code == 0 and out == "Recorded 2026-11-20: you introduced Ben Okafor to Cleo Park\n"
    code, out, _ = cli(capsys, db_path, "introductions")
    assert "none right now" in out and "2026-11-20  Ben Okafor and Cleo Park: she coaches speakers" in out
    saved = orjson.loads(db_path.read_bytes())
    (share,) = saved["shares"].values()
    assert share["title"] == "Golf swing drills" and share["link"] == "https://ex.org/g" and share["passed"] == []
    (talk,) = saved["interactions"].values()
    assert talk["kind"] == "introduction" and talk["channel"] == "email"
    ben = next(c for c in saved["contacts"].values() if c["name"] == "Ben Okafor")
    assert ben["needs"] == "a mentor for public speaking"


@pytest.mark.parametrize("args, message", [
    (("introduce", "Ana", "Ana", "--because", "x"), "second: choose two different people"),
    (("introduce", "Ana", "Ben", "--because", " "), "because: say why they should meet"),
    (("introduce", "Ana", "Zed", "--because", "x"), "no contact named 'Zed'"),
    (("share", " "), "title: must not be empty"),
    (("share", "A guide", "--link", "not a link"), "link: 'not a link' is not a web address"),
])
def test_value_commands_reject_bad_input_and_change_nothing(capsys, db_path, args, message):
    cli(capsys, db_path, "add", "Ana")
    cli(capsys, db_path, "add", "Ben")
    before = db_path.read_bytes()
    code, _, err = cli(capsys, db_path, *args)
    assert code == 2 and message in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_markdown_export_has_goals_shares_introductions_and_give_and_take(capsys, db_path):
    from netjournal.core.journal import Journal
    from netjournal.core.model import Contact, FocusGoal, Interaction, Share

    today = TODAY  # the command line runs on the pinned day (NETJOURNAL_TODAY, see conftest)

    def ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    journal = Journal(db_path)
    ana = journal.add_contact(Contact(name="Ana Ruiz", tags=["golf"]))
    ben = journal.add_contact(Contact(name="Ben Okafor", needs="a golf partner"))
    journal.add_focus_goal(FocusGoal(text="Sign the agreement", helps=[ana.id], due="2027-01-31"))
    journal.add_focus_goal(FocusGoal(text="Fund the pilot"))
    share = journal.add_share(Share(title="Golf drills", link="https://ex.org/g", tags=["golf"]))
    journal.pass_on(share.id, ana.id, ago(1))
    journal.introduce(ana.id, ben.id, "both play golf", ago(2))
    for days in (10, 20, 30):
        journal.log_interaction(Interaction(date=ago(days), with_=[ben.id], gave="a tip"))
    code, out, _ = cli(capsys, db_path, "export", "--format", "markdown")
    assert code == 0
    assert "## Critical goals\n\n- **Sign the agreement** (by 2027-01-31): helps: Ana Ruiz; hinders: nobody yet" in out
    assert "- **Fund the pilot**: helps: nobody yet; hinders: nobody yet _(nobody beside it yet)_" in out
    assert f"- **Golf drills** <https://ex.org/g>\n  - tags: golf\n  - passed on to Ana Ruiz ({ago(1)})" in out
    assert f"## Introductions\n\n- {ago(2)}: Ana Ruiz and Ben Okafor: both play golf" in out
    assert ("- Ben Okafor: you passed them something 4 times, nothing came back; you started all 3 conversations. "
            "Try: ask them") in out
    assert "_A relationship leans one way when one side starts, or gives, more than 3 times as often" in out
    assert "Looking for: a golf partner" in out and "| passed on: Golf drills (https://ex.org/g) |" in out
    code, out, _ = cli(capsys, db_path, "export", "--format", "json")
    exported = orjson.loads(out)
    assert {i["kind"] for i in exported["interactions"]} == {"share", "introduction", "conversation"}
    assert exported["shares"][0]["passed"][0]["interaction_id"]
    assert len(exported["focus_goals"]) == 2 and exported["contacts"][1]["needs"] == "a golf partner"


# --- issue #14: what the command line says back, and its exit codes, run as a person runs them ---------------


def test_rate_by_a_word_echoes_the_day_it_saved(db_path):
    """`--by fri` on Wednesday 2026-11-25: the output names the Friday it became, so a wrong guess shows at once."""
    assert run_cli("--db", str(db_path), "add", "Ana Ruiz").returncode == 0
    result = run_cli("--db", str(db_path), "rate", "ana", "2", "--by", "fri")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Rated Ana Ruiz 2 adequate on 2026-11-25; improve by Fri 27 Nov 2026 (2026-11-27)\n"
    (rating,) = on_disk(db_path)["ratings"].values()
    assert (rating["score"], rating["improve_by"]) == (2, "2026-11-27")
    plain = run_cli("--db", str(db_path), "rate", "ana", "4", "--date", "mon")
    assert plain.stdout == "Rated Ana Ruiz 4 great on 2026-11-23\n"  # no --by, no improve-by words
    logged = run_cli("--db", str(db_path), "log", "lunch", "--with", "ana", "--date", "mon")
    assert logged.stdout == "Logged 2026-11-23: in person with Ana Ruiz (non-business)\n"  # the day `mon` became


def test_logging_with_someone_archived_names_the_command_that_brings_them_back(db_path):
    db = str(db_path)
    for name in ("Fred Lang", "Ana Ruiz"):
        assert run_cli("--db", db, "add", name).returncode == 0
    assert run_cli("--db", db, "archive", "fred").returncode == 0
    before = db_path.read_bytes()
    refused = run_cli("--db", db, "log", "lunch", "--with", "ana", "--with", "fred lang")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == ("netjournal: Fred Lang is archived. Add --archived-ok to go ahead anyway (they stay "
                              "archived), or bring them back first: netjournal unarchive 'fred lang'\n")
    assert db_path.read_bytes() == before
    introduce = run_cli("--db", db, "introduce", "ana", "fred", "--because", "both sail")
    assert introduce.returncode == 2 and introduce.stderr.endswith("netjournal unarchive fred\n")
    # The command as the message gives it, then the conversation: both go through.
    assert run_cli("--db", db, "unarchive", "fred lang").stdout == "Restored Fred Lang\n"
    logged = run_cli("--db", db, "log", "lunch", "--with", "ana", "--with", "fred lang")
    assert logged.returncode == 0 and "with Ana Ruiz, Fred Lang" in logged.stdout
    fred = next(c for c in on_disk(db_path)["contacts"].values() if c["name"] == "Fred Lang")
    assert fred["archived"] is False and len(on_disk(db_path)["interactions"]) == 1


@pytest.mark.parametrize(("args", "code", "message"), [
    (["rate", "ana", "7"], 2, "score: 7 is outside 1-4"),
    (["rate", "ana", "2", "--by", "someday"], 2, "--by: 'someday' is not a date"),
    (["log", "x", "--with", "ana", "--date", "someday"], 2, "date: 'someday' is not a date"),
    (["edit", "ana", "--every", "abc"], 2, "--every: 'abc' is not a whole number of days"),
    (["log", "x", "--with", "nobody"], 2, "no contact named 'nobody'"),
    (["rate", "nobody", "3"], 2, "no contact named 'nobody'"),
    (["edit", "nobody", "--org", "x"], 2, "no contact named 'nobody'"),
    (["show", "nobody"], 2, "no contact named 'nobody'"),
    (["add", "Ana Ruiz"], 2, "Ana Ruiz is already in the journal"),
    (["rate", "ana"], 2, "the following arguments are required: score"),  # argparse's own
    (["import", "/no/such/contacts.csv"], 1, "no such file"),  # a file problem, not a typing mistake
])
def test_exit_codes_are_2_for_what_was_typed_and_1_for_the_rest(db_path, args, code, message):
    assert run_cli("--db", str(db_path), "add", "Ana Ruiz").returncode == 0
    before = db_path.read_bytes()
    result = run_cli("--db", str(db_path), *args)
    assert result.returncode == code, result.stderr
    assert result.stdout == "" and message in result.stderr and "Traceback" not in result.stderr
    assert db_path.read_bytes() == before
