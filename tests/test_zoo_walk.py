"""The hostile-folder zoo (issue #12 items 2-5, #15 item 11): what a scan does with a records-request
dump, odd file names, its own output folder, links out of the tree, pipes, and READMEs.

Each test builds its folder here. The scan tests use the fake audit of ``scan_helpers`` (the batch
machinery is what is under test); the file-name tests at the end run the real pipeline, since the
formatters are what failed there.
"""

from __future__ import annotations

import csv
import io
import json
import os
from functools import partial
from pathlib import Path

import pytest
from scan_helpers import STRONG_TEXT, fake_audit
from typer.testing import CliRunner

import policy_audit.scan.worker_audit
from policy_audit.cli import app

UNDECODABLE = os.fsdecode(b"order \xff\xfe 300.txt")  # not UTF-8: arrives with surrogate escapes


@pytest.fixture
def fake(monkeypatch):
    def default_audit_fn(options, rules, inputs):
        criteria = [(r.id, r.scale) for r in rules.select(options.standard)]
        return partial(fake_audit, criteria=criteria)

    monkeypatch.setattr(policy_audit.scan.worker_audit, "default_audit_fn", default_audit_fn)


def scan(*args):
    result = CliRunner().invoke(app, ["scan", *map(str, args), "--no-cache"])
    assert "Traceback" not in result.output, result.output
    return result


def records_request(folder: Path) -> dict[str, str]:
    """A records-request dump: each file and whether the scan must give it a row or list it as skipped."""
    folder.mkdir(parents=True)
    files = {
        "300 use of force.txt": "row",
        "301.markdown": "row",
        "302.text": "row",
        "303.xhtml": "row",
        "304.docm": "row",
        "305 no extension": "row",
        "306.rtf": "row",
        "307.doc": "row",
        "308.odt": "row",
        "309.zip": "row",
        "310.epub": "row",
        "311 scan.png": "row",
        "312 scan.JPG": "row",
        "README.md": "skipped",
        "LICENSE": "skipped",
        "index.xlsx": "skipped",
        "style.css": "skipped",
    }
    for name in files:
        (folder / name).write_text(STRONG_TEXT)
    return files


def test_every_file_of_a_records_request_gets_a_row_or_a_listed_skip(tmp_path, fake):
    files = records_request(tmp_path / "dump")
    result = scan(tmp_path / "dump", "-f", "json")
    data = json.loads(result.stdout)
    rows = {Path(d["document"]["path"]).name for d in data["documents"]}
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped_files"]}
    assert rows == {n for n, what in files.items() if what == "row"}
    assert set(skipped) == {n for n, what in files.items() if what == "skipped"}
    assert data["skipped"] == len(skipped)
    assert data["counts"]["total"] + data["skipped"] == len(files)  # the counts add up
    assert "not a policy by its name" in skipped["README.md"]
    assert ".xlsx" in skipped["index.xlsx"]
    # stderr says so too, a line per reason and a count in the closing line
    assert "skipped 2: not a policy by its name" in result.stderr
    assert "4 files skipped" in result.stderr


def test_a_readme_named_on_the_command_line_is_audited(tmp_path, fake):
    (tmp_path / "README.md").write_text(STRONG_TEXT)
    data = json.loads(scan(tmp_path / "README.md", "-f", "json", "-q").stdout)
    assert [Path(d["document"]["path"]).name for d in data["documents"]] == ["README.md"]
    assert data["skipped"] == 0


def test_a_scan_into_its_own_folder_does_not_read_its_reports(tmp_path, fake):
    folder = tmp_path / "orders"
    folder.mkdir()
    (folder / "300.txt").write_text(STRONG_TEXT)
    (folder / "301.txt").write_text("GENERAL ORDER 301\nParking.\n")
    first = scan(folder, "-f", "markdown", "-o", folder)
    assert first.exit_code == 1, first.output
    assert (folder / "reports").is_dir() and (folder / "summary.csv").is_file()
    second = scan(folder, "-f", "json", "-o", folder)
    assert second.exit_code == 1, second.output
    summary = json.loads((folder / "summary.json").read_text())
    assert sorted(Path(d["document"]["path"]).name for d in summary["documents"]) == ["300.txt", "301.txt"]
    assert {Path(s["path"]).name for s in summary["skipped_files"]} >= {"reports", "summary.csv", "summary.md"}
    assert "policy-audit's own output" in second.stderr


def test_links_out_of_the_scanned_folder_are_skipped_unless_followed(tmp_path, fake):
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "dept"
    folder.mkdir()
    (folder / "300.txt").write_text(STRONG_TEXT)
    (folder / "system").symlink_to(outside)
    result = scan(folder, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [Path(r["path"]).name for r in rows] == ["300.txt"]
    assert "symlinks that leave the scanned folders" in result.stderr and str(folder / "system") in result.stderr
    followed = scan(folder, "-f", "csv", "--follow-links", "-q")
    assert sorted(Path(r["path"]).name for r in csv.DictReader(io.StringIO(followed.stdout))) == [
        "300.txt",
        "passwd.txt",
    ]


def test_a_pipe_in_a_scanned_folder_is_listed_not_waited_on(tmp_path, fake):
    (tmp_path / "300.txt").write_text(STRONG_TEXT)
    os.mkfifo(tmp_path / "301.txt")
    result = scan(tmp_path, "-f", "json", "--timeout", "20")
    data = json.loads(result.stdout)
    assert [Path(d["document"]["path"]).name for d in data["documents"]] == ["300.txt"]
    assert [(Path(s["path"]).name, "pipe" in s["reason"]) for s in data["skipped_files"]] == [("301.txt", True)]


# -- file names that are not UTF-8: every format writes them, escaped (the real pipeline) -------------


@pytest.fixture(scope="module")
def odd_names(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("names")
    (folder / UNDECODABLE).write_text(STRONG_TEXT)
    (folder / "plain.txt").write_text(STRONG_TEXT)
    return folder


@pytest.mark.parametrize("fmt", ["csv", "html", "markdown", "json", "jsonl", "terminal"])
def test_scan_writes_undecodable_names_in_every_format(odd_names, tmp_path, fmt):
    out = tmp_path / "out"
    result = scan(odd_names, "-f", fmt, "-o", out, "-q")
    assert result.exit_code == 1, result.output  # gaps; never 4
    summary = (out / "summary.csv").read_text(encoding="utf-8")
    names = [Path(r["path"]).name for r in csv.DictReader(io.StringIO(summary))]
    assert names == ["order \\xff\\xfe 300.txt", "plain.txt"]  # every row, the bytes shown as \xNN
    assert len(list((out / "reports").iterdir())) == 2
    for written in out.rglob("*.*"):
        written.read_text(encoding="utf-8")  # every file is valid UTF-8


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_check_writes_an_undecodable_name(odd_names, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(app, ["check", str(odd_names / UNDECODABLE), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    # JSON keeps the surrogate escape (\udcff, so the name round-trips); the others show \xff.
    assert ("\\udcff" if fmt == "json" else "xff") in text and "300.txt" in text
