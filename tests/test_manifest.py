"""scan --manifest: which documents, and whose they are, in every output (issue #16, scope 3)."""

from __future__ import annotations

import csv
import io
import json
from functools import partial

import pytest
from scan_helpers import NONE_TEXT, STRONG_TEXT, WEAK_TEXT, fake_audit
from typer.testing import CliRunner

import policy_audit.scan.worker_audit
from policy_audit.cli import app
from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult, DocumentInfo
from policy_audit.scan.manifest import read_manifest

HEADER = "path,department,state,agency_id,effective_date\n"


@pytest.fixture
def fake(monkeypatch):
    def default_audit_fn(options, rules, inputs):
        return partial(fake_audit, criteria=[(r.id, r.scale) for r in rules.select(options.standard)])

    monkeypatch.setattr(policy_audit.scan.worker_audit, "default_audit_fn", default_audit_fn)


def run(*args):
    result = CliRunner().invoke(app, ["scan", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def agencies(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "springfield.txt").write_text(STRONG_TEXT)
    (docs / "shelby.txt").write_text(WEAK_TEXT)
    (docs / "parking.txt").write_text(NONE_TEXT)
    manifest = tmp_path / "agencies.csv"
    manifest.write_text(
        HEADER
        + "docs/springfield.txt,Springfield Police Department,IL,IL0841300,2021-03-01\n"
        + "docs/shelby.txt,Shelby County Sheriff,TN,TN0790000,\n"
        + "docs/parking.txt,Springfield Police Department,IL,IL0841300,2019-07-15\n"
    )
    return manifest


def test_paths_are_relative_to_the_manifest_and_the_agency_columns_are_read(agencies):
    manifest = read_manifest(agencies)
    assert [p.rsplit("/", 1)[-1] for p in manifest.paths] == ["springfield.txt", "shelby.txt", "parking.txt"]
    assert all(p.startswith(str(agencies.parent)) for p in manifest.paths)
    shelby = manifest.agency_of(str(agencies.parent / "docs" / "shelby.txt"))
    assert shelby is not None
    assert (shelby.department, shelby.state, shelby.agency_id, shelby.effective_date) == (
        "Shelby County Sheriff",
        "TN",
        "TN0790000",
        "",
    )
    assert manifest.has_states


def test_label_puts_the_agency_on_a_row_and_leaves_unlisted_rows_alone(agencies):
    manifest = read_manifest(agencies)
    listed = AuditResult(DocumentInfo(str(agencies.parent / "docs" / "springfield.txt")), "core", group="docs")
    labelled = manifest.label(listed)
    assert (labelled.group, labelled.state, labelled.agency_id, labelled.effective_date) == (
        "Springfield Police Department",
        "IL",
        "IL0841300",
        "2021-03-01",
    )
    other = AuditResult(DocumentInfo(str(agencies.parent / "elsewhere.txt")), "core", group="x")
    assert manifest.label(other) == other


def test_a_listed_folder_covers_the_files_in_it(tmp_path):
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "300.txt").write_text(STRONG_TEXT)
    (tmp_path / "m.csv").write_text("path,department,state,agency_id\norders,Bartlett PD,IL,IL0160400\n")
    agency = read_manifest(tmp_path / "m.csv").agency_of(str(tmp_path / "orders" / "300.txt"))
    assert agency is not None and agency.agency_id == "IL0160400"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("path,department,state\nx.txt,PD,IL\n", "lacks agency_id"),
        ("path,department,state,agency_id\n,PD,IL,X1\n", "line 2: path cannot be empty"),
        ("path,department,state,agency_id\na.txt,,IL,X1\n", "line 2: department cannot be empty"),
        ("path,department,state,agency_id\na.txt,PD,IL,X1\n./a.txt,PD,IL,X1\n", "line 3: ./a.txt is listed twice"),
        ("path,department,state,agency_id\na.txt,PD,IL,X1,extra\n", "line 2: 5 cells"),
        ("path,department,state,agency_id\n", "no documents"),
    ],
)
def test_a_bad_manifest_is_one_usage_error_naming_the_file(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    with pytest.raises(UsageError, match=message) as caught:
        read_manifest(bad)
    assert str(bad) in str(caught.value)


def test_a_bad_manifest_on_the_command_line_exits_2_with_one_line(tmp_path, fake):
    bad = tmp_path / "bad.csv"
    bad.write_text("path,department\nx.txt,PD\n")
    code, out, err = run("--manifest", bad, "--format", "csv")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "state" in lines[0]
    code, _, err = run("--manifest", tmp_path / "missing.csv")
    assert code == 2 and "cannot read" in err


def test_paths_and_a_manifest_together_or_neither_are_refused(tmp_path, agencies, fake):
    assert run(tmp_path, "--manifest", agencies)[0] == 2
    code, _, err = run("--format", "csv")
    assert code == 2 and "--manifest" in err


def test_csv_rows_carry_department_state_and_agency_without_a_cluster(agencies, fake):
    code, out, err = run("--manifest", agencies, "--format", "csv", "--no-cache", "-j", "1", "--exit-zero")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    # rows in sorted path order, as in every scan
    assert [r["path"].rsplit("/", 1)[-1] for r in rows] == ["parking.txt", "shelby.txt", "springfield.txt"]
    assert [(r["department"], r["state"], r["agency_id"], r["effective_date"]) for r in rows] == [
        ("Springfield Police Department", "IL", "IL0841300", "2019-07-15"),
        ("Shelby County Sheriff", "TN", "TN0790000", ""),
        ("Springfield Police Department", "IL", "IL0841300", "2021-03-01"),
    ]
    assert list(rows[0])[-3:] == ["state", "agency_id", "effective_date"]  # after every existing column
    assert [r["intervene.duty"] for r in rows] == ["absent", "weak", "strong"]


def test_json_documents_and_departments_follow_the_manifest(agencies, fake):
    code, out, err = run("--manifest", agencies, "--format", "json", "--no-cache", "-j", "1", "--exit-zero")
    assert code == 0, err
    batch = json.loads(out)
    docs = batch["documents"]
    assert [(d["department"], d["state"], d["agency_id"]) for d in docs] == [
        ("Springfield Police Department", "IL", "IL0841300"),
        ("Shelby County Sheriff", "TN", "TN0790000"),
        ("Springfield Police Department", "IL", "IL0841300"),
    ]  # parking, shelby, springfield
    assert "effective_date" not in docs[1]  # given only when the manifest has one
    names = sorted(d["name"] for d in batch["departments"])
    assert names == ["Shelby County Sheriff", "Springfield Police Department"]


def test_a_scan_without_a_manifest_keeps_its_columns(tmp_path, fake):
    (tmp_path / "a.txt").write_text(STRONG_TEXT)
    code, out, _ = run(tmp_path, "--format", "csv", "--no-cache", "--exit-zero")
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert "state" not in header and header[-1] == "checks"
