"""Hostile labels files for `evaluate` (issue #12 item 16): exit 2 with one line, never exit 4, and no
document outside the labels' root is read unless --root says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.exitcodes import ExitCode

POLICY = "Officers shall intervene when another officer uses excessive force.\n"


def evaluate(*args) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["evaluate", *map(str, args), "-f", "json"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def labels(folder: Path, *docs: str) -> Path:
    path = folder / "labels.json"
    entries = [{"doc": d, "labels": {"intervene.duty": {"grade": "strong"}}} for d in docs]
    path.write_text(json.dumps({"labeller": "zoo", "docs": entries}))
    return path


@pytest.mark.parametrize(
    "content, reason",
    [
        ('{"docs":' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"labeller": "x", "docs": [{"doc": "a\\u0000b.txt", "labels": {}}]}', "without NUL"),
        (b'{"labeller": "x", "docs": []}\x00'.decode(), "not JSON"),
    ],
    ids=["deep", "nul-in-path", "nul-byte"],
)
def test_a_malformed_labels_file_is_a_usage_error(tmp_path, content, reason):
    path = tmp_path / "labels.json"
    path.write_text(content)
    code, stderr = evaluate(path)
    assert code == ExitCode.USAGE, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0], stderr


@pytest.mark.parametrize("doc", ["../outside.txt", "sub/../../outside.txt", "{absolute}"])
def test_paths_that_leave_the_labels_folder_are_refused(tmp_path, doc):
    (tmp_path / "outside.txt").write_text(POLICY)
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "sub").mkdir()
    doc = doc.replace("{absolute}", str(tmp_path / "outside.txt"))
    code, stderr = evaluate(labels(folder, doc))
    assert code == ExitCode.USAGE, stderr
    assert "leaves the root folder" in stderr and "--root" in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_root_widens_what_a_labels_file_may_name(tmp_path):
    (tmp_path / "outside.txt").write_text(POLICY)
    folder = tmp_path / "labels"
    folder.mkdir()
    code, stderr = evaluate(labels(folder, "../outside.txt"), "--root", folder / "sub-that-is-not-needed")
    assert code == ExitCode.USAGE and "does not exist" in stderr  # --root is checked, not ignored
    path = labels(folder, "outside.txt")
    code, stderr = evaluate(path, "--root", tmp_path, "--criteria", "intervene.duty")
    assert code == ExitCode.OK, stderr
