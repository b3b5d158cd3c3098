"""--include / --exclude: split a corpus by the documents' paths relative to the labels file's folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit import evaluate as ev
from policy_audit.cli import app
from policy_audit.evaluate.plan import Selection
from policy_audit.findings import AuditResult, DocumentInfo, Finding, Grade, Scale

DATA = Path(__file__).parent / "data" / "eval"
LABELS = DATA / "labels.json"
CRITERIA = [ev.Criterion("intervene.duty", Scale.OBLIGATION)]


def audit(path: Path) -> AuditResult:
    finding = Finding(criterion="intervene.duty", scale=Scale.OBLIGATION, grade=Grade.ABSENT)
    return AuditResult(document=DocumentInfo(path=str(path)), standard="core", findings=(finding,))


@pytest.mark.parametrize(
    "selection, expected, excluded",
    [
        (Selection(), (["alpha.txt", "orders/beta.txt"], ["garbled.txt"], 3), 0),
        (Selection(include=("orders",)), (["orders/beta.txt"], [], 2), 2),  # a folder covers its files
        (Selection(include=("orders/*",)), (["orders/beta.txt"], [], 2), 2),
        (Selection(exclude=("orders/*",)), (["alpha.txt"], ["garbled.txt"], 1), 2),
        (
            Selection(include=("*.txt",), exclude=("garbled.txt", "*/gamma.txt")),
            (["alpha.txt", "orders/beta.txt"], [], 2),
            2,
        ),
        (Selection(include=("alpha.txt", "orders/gamma.txt")), (["alpha.txt"], [], 2), 2),  # repeatable
    ],
)
def test_globs_keep_and_drop_documents(selection, expected, excluded):
    disagreeing, no_text, scored = expected
    result = ev.run(ev.load_labels(LABELS), CRITERIA, audit, standard="core", selection=selection)
    assert (
        sorted({d.doc for d in result.disagreements}) == disagreeing
    )  # the fake finds absent: strong/weak labels disagree
    assert list(result.no_text.expected) == no_text
    assert result.documents["scored"] == scored
    assert result.documents["excluded"] == excluded
    assert result.documents["total"] + excluded == 4


def test_paths_are_relative_to_the_labels_files_folder_even_with_another_root(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("x\n")
    (tmp_path / "texts" / "b.txt").write_text("x\n")
    labels = {
        "docs": [
            {"doc": "texts/a.txt", "labels": {"intervene.duty": {"grade": "strong"}}},
            {"doc": "texts/b.txt", "labels": {"intervene.duty": {"grade": "strong"}}},
        ]
    }
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels))
    result = ev.run(ev.load_labels(path), CRITERIA, audit, selection=Selection(exclude=("texts/b.txt",)))
    assert [d.doc for d in result.disagreements] == ["texts/a.txt"]


def test_the_two_halves_add_up_to_the_whole():
    half = ("orders",)
    dev = ev.run(ev.load_labels(LABELS), CRITERIA, audit, selection=Selection(exclude=half))
    held_out = ev.run(ev.load_labels(LABELS), CRITERIA, audit, selection=Selection(include=half))
    whole = ev.run(ev.load_labels(LABELS), CRITERIA, audit)
    assert dev.overall.n + held_out.overall.n == whole.overall.n
    assert dev.documents["total"] + held_out.documents["total"] == whole.documents["total"]


def test_cli_include_and_exclude(tmp_path):
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(LABELS),
            "--include",
            "*.txt",
            "--exclude",
            "orders",
            "--exclude",
            "garbled.txt",
            "-f",
            "json",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    d = json.loads(out.read_text())
    assert d["documents"]["total"] == 1 and d["documents"]["excluded"] == 3
    assert d["criteria"]["intervene.duty"]["n"] == 1


def test_cli_a_selection_that_leaves_nothing_is_a_usage_error():
    result = CliRunner().invoke(app, ["evaluate", str(LABELS), "--include", "nothing/*"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert str(LABELS) in line and "leave no document" in line
