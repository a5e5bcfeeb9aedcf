from netjournal.settings.config import Config, load_config


def test_missing_file_gives_defaults(tmp_path):
    assert load_config(tmp_path / "none.yaml") == (Config(), [])


def test_good_and_bad_values(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("weekly_target: 3\n")
    assert load_config(path) == (Config(weekly_target=3), [])
    path.write_text("weekly_target: lots\ncolour: blue\n")
    config, problems = load_config(path)
    assert config == Config()
    assert any("weekly_target must be a whole number from 1 to 10, not 'lots'; using 2" in p for p in problems)
    assert any("unknown setting 'colour'" in p for p in problems)
    path.write_text("weekly_target: [\n")
    config, problems = load_config(path)
    assert config == Config() and "config.yaml:2" in problems[0] and "not valid YAML" in problems[0]


def test_keymap(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("keymap:\n  log-interaction: ctrl+l\n")
    assert load_config(path)[0].keymap == {"log-interaction": "ctrl+l"}
    path.write_text("keymap: [ctrl+l]\n")
    config, problems = load_config(path)
    assert config.keymap == {} and "keymap must map binding ids to keys" in problems[0]


def test_theme_and_keep_in_touch_days(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("theme: netjournal-paper\nkeep_in_touch_days: 30\n")
    config, problems = load_config(path)
    assert (config.theme, config.keep_in_touch_days, problems) == ("netjournal-paper", 30, [])


def test_new_people_get_the_configured_interval(tmp_path, private_settings):
    from .conftest import run_cli

    (private_settings / "config.yaml").write_text("keep_in_touch_days: 21\n")
    db = tmp_path / "j.json"
    assert run_cli("--db", str(db), "add", "Ana").returncode == 0
    assert run_cli("--db", str(db), "add", "Ben", "--every", "7").returncode == 0
    import orjson

    days = {c["name"]: c["cadence_days"] for c in orjson.loads(db.read_bytes())["contacts"].values()}
    assert days == {"Ana": 21, "Ben": 7}
