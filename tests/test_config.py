"""The config file (issue #15, item 8): found from the current folder upward, strict, overridden by options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.config import CONFIG_NAME, LoadedConfig, Settings, default_map, find_config, load_config
from policy_audit.errors import UsageError

REPO = Path(__file__).resolve().parents[1]
WEAK_MD = REPO / "sample_policies" / "weak_policy.md"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository with a sub-folder to run from: the search must stop at its .git."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    work = tmp_path / "repo" / "policies" / "2026"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "repo"


def test_the_dedicated_file_is_found_from_a_subfolder(project):
    (project / CONFIG_NAME).write_text('standard = "all"\n', encoding="utf-8")
    assert find_config(Path.cwd()) == project / CONFIG_NAME
    assert load_config().settings.standard == "all"


def test_a_pyproject_table_is_found(project):
    (project / "pyproject.toml").write_text("[tool.policy-audit]\njobs = 3\n", encoding="utf-8")
    loaded = load_config()
    assert loaded.path == project / "pyproject.toml" and loaded.settings.jobs == 3


def test_a_pyproject_without_the_table_is_not_a_config(project):
    (project / "policies" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    (project / CONFIG_NAME).write_text('engine = "pdfplumber"\n', encoding="utf-8")
    assert load_config().settings.engine == "pdfplumber"


def test_the_nearest_file_wins_and_the_dedicated_file_before_pyproject(project):
    (project / CONFIG_NAME).write_text("jobs = 1\n", encoding="utf-8")
    near = project / "policies"
    (near / "pyproject.toml").write_text("[tool.policy-audit]\njobs = 2\n", encoding="utf-8")
    assert load_config().settings.jobs == 2
    (near / CONFIG_NAME).write_text("jobs = 4\n", encoding="utf-8")
    assert load_config().settings.jobs == 4


def test_the_search_stops_at_the_repository_root(tmp_path, project):
    (tmp_path / CONFIG_NAME).write_text("jobs = 9\n", encoding="utf-8")  # outside the repository
    loaded = load_config()
    assert loaded.path is None and loaded.settings == Settings()


def test_a_worktree_git_file_is_a_root_too(tmp_path, monkeypatch):
    (tmp_path / CONFIG_NAME).write_text("jobs = 9\n", encoding="utf-8")
    (tmp_path / "wt").mkdir()
    (tmp_path / "wt" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "wt")
    assert load_config().path is None


def test_paths_are_relative_to_the_config_file(project):
    (project / CONFIG_NAME).write_text(
        'rules = ["my-rules"]\ngroups = "lists/groups.csv"\nreview = "review.yaml"\n', encoding="utf-8"
    )
    settings = load_config().settings
    assert settings.rules == [str(project / "my-rules")]
    assert settings.groups == str(project / "lists" / "groups.csv")
    assert settings.review == str(project / "review.yaml")


@pytest.mark.parametrize(
    "text, words",
    [
        ("jobz = 2\n", ["unknown key 'jobz'", "did you mean 'jobs'?"]),
        ("max-pages = 10\n", ["unknown key 'max-pages'", "did you mean 'max_pages'?"]),
        ('jobs = "4"\n', ["key 'jobs'", "integer", "'4'"]),
        ("jobs = 0\n", ["key 'jobs'", "greater than or equal to 1"]),
        ('ocr = "sometimes"\n', ["key 'ocr'", "'auto', 'always' or 'never'"]),
        ('rules = "one-folder"\n', ["key 'rules'", "list"]),
        ("exit_zero = 1\n", ["key 'exit_zero'", "boolean"]),
        ("standard = \n", ["not valid TOML"]),
    ],
)
def test_a_bad_file_names_the_file_the_key_and_the_reason(project, text, words):
    path = project / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_config()
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message


def test_a_bad_file_is_exit_2_and_one_line(project):
    (project / CONFIG_NAME).write_text("colour = true\n", encoding="utf-8")
    result = run("rules")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "colour" in lines[0] and CONFIG_NAME in lines[0]


def test_a_format_no_command_writes_is_an_error(project):
    (project / CONFIG_NAME).write_text('format = "pdf"\n', encoding="utf-8")
    result = run("rules")
    assert result.exit_code == 2 and "key 'format'" in result.stderr and "'pdf'" in result.stderr


def test_default_map_gives_each_command_the_keys_it_has_options_for():
    loaded = LoadedConfig(Settings(standard="all", jobs=2, format="sarif", exit_zero=True), Path("x.toml"))
    commands = {
        "check": ["standard", "format", "exit_zero"],
        "scan": ["standard", "jobs", "format"],
        "rules": ["standard", "format"],
    }
    formats = {"check": ["terminal", "sarif"], "scan": ["terminal", "sarif"], "rules": ["terminal", "json"]}
    assert default_map(loaded, commands, formats) == {
        "check": {"standard": "all", "format": "sarif", "exit_zero": True},
        "scan": {"standard": "all", "jobs": 2, "format": "sarif"},
        "rules": {"standard": "all"},  # rules cannot write SARIF: it keeps its own default
    }


def test_the_config_sets_the_defaults(project):
    (project / CONFIG_NAME).write_text('format = "json"\nexit_zero = true\n', encoding="utf-8")
    result = run("check", WEAK_MD)
    assert result.exit_code == 0  # exit_zero from the file
    assert json.loads(result.stdout)["document"]["path"].endswith("weak_policy.md")


def test_options_override_the_config(project):
    (project / CONFIG_NAME).write_text('format = "json"\nexit_zero = true\n', encoding="utf-8")
    result = run("check", WEAK_MD, "-f", "markdown")
    assert result.stdout.startswith("#")


def test_the_output_extension_overrides_the_configured_format(project, tmp_path):
    (project / CONFIG_NAME).write_text('format = "json"\n', encoding="utf-8")
    out = tmp_path / "memo.html"
    result = run("check", WEAK_MD, "-o", out)
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_config_option_names_the_file(project, tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('standard = "8cantwait"\n', encoding="utf-8")
    result = run("--config", other, "rules", "-f", "json")
    assert result.exit_code == 0
    ids = [r["id"] for r in json.loads(result.stdout)["rules"]]
    assert ids and all(i.startswith("8cw.") for i in ids)


def test_a_missing_config_option_file_is_an_error(tmp_path):
    result = run("--config", tmp_path / "nope.toml", "rules")
    assert result.exit_code == 2 and "nope.toml" in result.stderr


def test_config_command_shows_each_setting_and_its_source(project):
    path = project / CONFIG_NAME
    path.write_text('standard = "all"\nmax_bytes = "1GB"\n', encoding="utf-8")
    result = run("config", "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["config_file"] == str(path)
    assert shown["settings"]["standard"] == {"value": "all", "source": str(path)}
    assert shown["settings"]["max_bytes"] == {"value": "1GB", "source": str(path)}
    assert shown["settings"]["jobs"] == {"value": None, "source": "default"}
    text = run("config").stdout
    assert f'standard = "all"  # from {path}' in text


def test_config_command_without_a_file(project):
    result = run("config")
    assert result.exit_code == 0 and "none found" in result.stdout


def test_without_a_config_file_the_schema_is_never_loaded(project):
    """`check` looks for a config file before it starts reading; pydantic's models are built only
    when there is one (a fresh process, so that no other test has imported them)."""
    import subprocess
    import sys

    (project / "p.txt").write_text("Officers shall intervene to stop excessive force.\n")
    probe = (
        "import sys\n"
        "from policy_audit.cli import app\n"
        "try:\n"
        "    app(['check', 'p.txt', '--exit-zero', '-f', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('policy_audit.config.schema' in sys.modules, 'policy_audit.review.store' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True)
    assert shown.stdout.split()[-2:] == ["False", "False"]
    (project / CONFIG_NAME).write_text('standard = "core"\n')
    shown = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True)
    assert shown.stdout.split()[-2:] == ["True", "False"]
