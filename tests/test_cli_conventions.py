"""The command line behaves like the tools people know (ruff, bandit, sqlfluff, pip-audit): issue #15,
items 6, 7 and 9. The config file (item 8) is tests/test_config.py, SARIF (item 10) tests/test_sarif.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.cli import app, output
from policy_audit.departments import check_groups_match, grouping
from policy_audit.errors import UsageError
from policy_audit.report import FORMAT_BY_EXTENSION, Format, format_for_path, formats_for

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_policies"
WEAK_MD = SAMPLES / "weak_policy.md"
STRONG_MD = SAMPLES / "strong_policy.md"
COLOUR = re.compile(r"\x1b\[(?:3[0-7]|38;|9[0-7])")  # a foreground colour, not just bold


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def run_process(*args: str, stdin=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policy_audit", *map(str, args)],
        capture_output=True,
        cwd=REPO,
        stdin=stdin,
        env=env,
        timeout=180,
    )


def one_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


# --- 6. the format follows the output file's extension -------------------------------------------


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("r.html", Format.HTML),
        ("r.HTM", Format.HTML),
        ("memo.md", Format.MARKDOWN),
        ("memo.markdown", Format.MARKDOWN),
        ("out.json", Format.JSON),
        ("rows.jsonl", Format.JSONL),
        ("rows.csv", Format.CSV),
        ("results.sarif", Format.SARIF),
        ("report.txt", Format.TERMINAL),
        ("out/report", None),
        ("report.pdf", None),
    ],
)
def test_the_extension_names_the_format(name, fmt):
    assert format_for_path(name) is fmt


def test_every_extension_names_a_format_some_command_writes():
    offered = {f for command in ("check", "scan", "evaluate") for f in formats_for(command)}
    assert set(FORMAT_BY_EXTENSION.values()) <= offered


@pytest.mark.parametrize(
    "name, looks_like",
    [
        ("report.html", lambda t: t.lstrip().lower().startswith("<!doctype html")),
        ("report.json", lambda t: json.loads(t)["document"]["path"].endswith("weak_policy.md")),
        ("report.sarif", lambda t: json.loads(t)["version"] == "2.1.0"),
        ("report.txt", lambda t: "intervene.duty" in t and "\x1b[" not in t),
    ],
)
def test_check_writes_the_format_its_output_file_names(tmp_path, name, looks_like):
    out = tmp_path / name
    result = run("check", WEAK_MD, "-o", out)
    assert result.exit_code == 1, result.output
    assert looks_like(out.read_text(encoding="utf-8"))


def test_a_format_the_extension_contradicts_is_an_error(tmp_path):
    out = tmp_path / "report.html"
    result = run("check", WEAK_MD, "-f", "json", "-o", out)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "--format json" in line and str(out) in line
    assert not out.exists()


def test_an_extension_the_command_cannot_write_is_an_error(tmp_path):
    out = tmp_path / "rows.csv"
    result = run("check", WEAK_MD, "-o", out)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert str(out) in line and "check does not write csv" in line
    assert not out.exists()


def test_a_format_the_extension_agrees_with_is_fine(tmp_path):
    out = tmp_path / "report.md"
    assert run("check", WEAK_MD, "-f", "markdown", "-o", out).exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("#")


def test_scan_output_with_a_known_extension_is_one_summary_file(tmp_path):
    (tmp_path / "in").mkdir()
    for sample in (WEAK_MD, STRONG_MD):
        (tmp_path / "in" / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "summary.csv"
    result = run("scan", tmp_path / "in", "-o", out, "--no-cache", "-j", "1", "-q")
    assert result.exit_code == 1, result.output
    assert out.is_file()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("path,") and len(lines) == 3
    assert not (tmp_path / "reports").exists()


def test_scan_output_without_an_extension_is_still_a_folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / WEAK_MD.name).write_bytes(WEAK_MD.read_bytes())
    out = tmp_path / "out"
    result = run("scan", tmp_path / "in", "-f", "json", "-o", out, "--no-cache", "-j", "1", "-q")
    assert result.exit_code == 1, result.output
    assert out.is_dir() and (out / "summary.json").is_file()


# --- 7. -h, -V, -v, -q, colour, completion, stdin, broken pipes ------------------------------------


@pytest.mark.parametrize("command", [[], ["check"], ["scan"], ["evaluate"], ["rules"], ["explain"], ["config"]])
def test_dash_h_is_help_everywhere(command):
    result = run(*command, "-h")
    assert result.exit_code == 0
    assert "Usage:" in result.output and "--help" in result.output


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag):
    from policy_audit import __version__

    result = run(flag)
    assert result.exit_code == 0 and result.output.strip() == f"policy-audit {__version__}"


@pytest.mark.parametrize("command", ["check", "scan", "evaluate", "rules", "explain", "config"])
def test_every_command_takes_quiet_verbose_and_colour(command):
    text = run(command, "--help").output
    for option in ("--quiet", "-q", "--verbose", "-v", "--color", "--no-color"):
        assert option in text, (command, option)


def test_verbose_says_what_was_read_and_how_long_each_stage_took():
    result = run("check", WEAK_MD, "-f", "json", "-v")
    assert result.exit_code == 1
    err = result.stderr
    assert f"read {WEAK_MD}" in err and "engine text" in err and "1 page" in err
    assert "no page OCR'd" in err
    assert "audit took" in err and "report took" in err
    json.loads(result.stdout)  # none of it in the report


def test_without_verbose_there_are_no_details():
    result = run("check", WEAK_MD, "-f", "json")
    assert "took" not in result.stderr and "read " not in result.stderr


def test_quiet_drops_the_notes(tmp_path):
    out = tmp_path / "r.md"
    loud = run("check", WEAK_MD, "-o", out)
    quiet = run("check", WEAK_MD, "-o", out, "-q")
    assert "wrote" in loud.stderr
    assert quiet.exit_code == 1 and quiet.stderr == "" and out.is_file()


def test_quiet_still_shows_errors(tmp_path):
    result = run("check", tmp_path / "missing.pdf", "-q")
    assert result.exit_code == 3
    assert "missing.pdf" in one_line(result.stderr)


def rules_output(*args: str, **env: str) -> str:
    base = {"NO_COLOR": "", "FORCE_COLOR": ""}
    base.update(env)
    result = run("rules", "-s", "core", *args, env=base)
    assert result.exit_code == 0
    return result.stdout


def test_colour_option_beats_no_color():
    assert COLOUR.search(rules_output("--color", NO_COLOR="1"))


def test_no_colour_option_beats_force_color():
    assert "\x1b[" not in rules_output("--no-color", FORCE_COLOR="1")


def test_no_color_beats_force_color():
    assert "\x1b[" not in rules_output(NO_COLOR="1", FORCE_COLOR="1")


def test_force_color_colours_a_pipe():
    assert COLOUR.search(rules_output(FORCE_COLOR="1"))


def test_a_pipe_is_plain_by_default():
    assert "\x1b[" not in rules_output()


@pytest.mark.parametrize("tty, env, expected", [(True, {}, True), (False, {}, False), (True, {"NO_COLOR": "1"}, False)])
def test_a_terminal_is_coloured_unless_told_otherwise(monkeypatch, tty, env, expected):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: tty)
    output.configure()
    assert output.use_color(None) is expected


def test_a_file_is_never_coloured_unless_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("FORCE_COLOR", "1")
    output.configure()
    assert output.use_color(tmp_path / "r.txt") is False
    output.configure(color=True)
    assert output.use_color(tmp_path / "r.txt") is True
    output.configure()


def test_shell_completion_is_on():
    text = run("--help").output
    assert "--install-completion" in text and "--show-completion" in text
    # Without a shell named, --show-completion detects the one it runs under, which a test run in the
    # background or on CI may not have; typer's switch for tests makes it take the shell as its value.
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = run_process("--show-completion", "bash", env=env)
    assert script.returncode == 0 and "complete" in script.stdout.decode(), script.stderr


@pytest.mark.parametrize("sample, fmt", [(SAMPLES / "weak_policy.pdf", "pdf"), (WEAK_MD, "text")])
def test_dash_reads_the_document_from_stdin_and_sniffs_its_type(sample, fmt):
    with sample.open("rb") as stdin:
        done = run_process("check", "-", "-f", "json", "-q", stdin=stdin)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["document"]["path"] == "<stdin>" and report["document"]["format"] == fmt
    assert report["summary"]["gaps"] > 0


@pytest.mark.parametrize("sample, code", [(WEAK_MD, 1), (STRONG_MD, 0)])
def test_a_broken_pipe_keeps_the_exit_code_the_audit_decided(sample, code):
    # The reader leaves before a byte is written (`| head -0`): the audit's verdict still stands.
    process = subprocess.Popen(
        [sys.executable, "-m", "policy_audit", "check", str(sample), "-f", "json"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=180) == code, err
    assert "Traceback" not in err and "Broken pipe" not in err


def test_check_takes_several_documents_as_a_pre_commit_hook_passes_them(tmp_path):
    both = run("check", WEAK_MD, STRONG_MD, "-f", "json", "-q")
    assert both.exit_code == 1  # the weak one has gaps
    assert both.stdout.count('"kind": "check"') == 2
    assert run("check", STRONG_MD, STRONG_MD, "-q").exit_code == 0
    assert run("check", STRONG_MD, tmp_path / "gone.md", "-q").exit_code == 3  # unreadable beats clean
    refused = run("check", WEAK_MD, STRONG_MD, "-o", tmp_path / "r.md")
    assert refused.exit_code == 2 and "scan" in one_line(refused.stderr)


# --- 9. errors that suggest the fix ----------------------------------------------------------------


def test_a_mistyped_option_is_suggested():
    result = run("check", WEAK_MD, "--formt", "json")
    assert result.exit_code == 2 and "--format" in result.output and "Traceback" not in result.output


def test_a_mistyped_command_is_suggested():
    result = run("chek", WEAK_MD)
    assert result.exit_code == 2 and "check" in result.output


def test_a_mistyped_criterion_is_suggested():
    result = run("explain", "intervene.dty")
    assert result.exit_code == 2
    assert "did you mean 'intervene.duty'?" in one_line(result.stderr)


def test_a_criterion_without_its_family_is_suggested():
    result = run("explain", "first_aid")
    assert result.exit_code == 2 and "did you mean 'medical.first_aid'?" in one_line(result.stderr)


def test_a_criterion_nothing_resembles_lists_them_all():
    line = one_line(run("explain", "zzz").stderr)
    assert "did you mean" not in line and "intervene.duty" in line and "medical.aid" in line


def test_a_mistyped_standard_is_suggested():
    result = run("check", WEAK_MD, "--standard", "8cantwiat")
    assert result.exit_code == 2 and "did you mean '8cantwait'?" in one_line(result.stderr)


def test_a_mistyped_evaluate_criterion_is_suggested():
    labels = REPO / "tests" / "data" / "eval" / "labels.json"
    result = run("evaluate", labels, "--criteria", "medical.aidd")
    assert result.exit_code == 2 and "did you mean 'medical.aid'?" in one_line(result.stderr)


def test_check_on_a_folder_points_to_scan(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 3  # a folder is not a readable document (tests/zoo: folder.pdf)
    assert f"use `policy-audit scan {tmp_path}`" in one_line(result.stderr)


@pytest.mark.parametrize("url", ["https://example.org/policy.pdf", "http://example.org/manual.docx"])
def test_a_url_is_refused_with_the_reason(url):
    for command in ("check", "scan"):
        result = run(command, url)
        assert result.exit_code == 2
        line = one_line(result.stderr)
        assert url in line and "local files only" in line and "download it first" in line


def test_a_windows_drive_is_not_a_url():
    from policy_audit.cli.options import local_path

    assert local_path("C:/policies/manual.pdf") == "C:/policies/manual.pdf"
    with pytest.raises(UsageError):
        local_path("ftp:/host/manual.pdf")


def test_groups_paths_are_relative_to_the_csv_not_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "lists").mkdir()
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "order.md"
    doc.write_text("text", encoding="utf-8")
    csv = tmp_path / "lists" / "groups.csv"
    csv.write_text("path,department\n../docs/order.md,Springfield PD\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    groups = grouping("folder", csv)
    assert groups.group_of(str(doc)) == "Springfield PD"
    check_groups_match(groups, csv, [str(doc)])  # no error: it matches


def test_a_groups_file_that_matches_nothing_is_an_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / WEAK_MD.name).write_bytes(WEAK_MD.read_bytes())
    csv = tmp_path / "groups.csv"
    csv.write_text("path,department\nother/order.md,Springfield PD\n", encoding="utf-8")
    result = run("scan", tmp_path / "in", "--groups", csv, "--no-cache", "-j", "1")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert str(csv) in line and "matches" in line and str(tmp_path) in line


def test_a_groups_file_that_matches_some_is_fine(tmp_path):
    groups = grouping("folder", _csv(tmp_path, "a.md,A\nmissing.md,B\n"))
    check_groups_match(groups, tmp_path / "g.csv", [str(tmp_path / "a.md"), str(tmp_path / "c.md")])


def _csv(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "g.csv"
    path.write_text("path,department\n" + rows, encoding="utf-8")
    return path
