"""scan --results: rows stream to JSONL as they finish, a re-run skips them, Parquet at the end
(issue #16, scope 4)."""

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
from policy_audit.findings import AuditResult, DocumentInfo
from policy_audit.scan.results_stream import ResultsStream, read_rows


@pytest.fixture
def audited(monkeypatch):
    """The fake audit (scan_helpers) in place of reading and grading: the rows, not the grades, are tested."""

    def default_audit_fn(options, rules, inputs):
        criteria = [(r.id, r.scale) for r in rules.select(options.standard)]
        return partial(fake_audit, criteria=criteria)

    monkeypatch.setattr(policy_audit.scan.worker_audit, "default_audit_fn", default_audit_fn)


def run(*args):
    result = CliRunner().invoke(app, ["scan", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(STRONG_TEXT)
    (folder / "b.txt").write_text(WEAK_TEXT)
    (folder / "c.txt").write_text(NONE_TEXT)
    return folder


def scan_csv(docs, results, *more):
    return run(docs, "--results", results, "--format", "csv", "--no-cache", "-j", "1", "--exit-zero", *more)


def test_every_row_is_a_line_as_it_finishes_and_a_rerun_skips_them(tmp_path, docs, audited):
    results = tmp_path / "out" / "results.jsonl"
    code, first, err = scan_csv(docs, results)
    assert code == 0, err
    rows = read_rows(results)
    assert sorted(r.result.document.path.rsplit("/", 1)[-1] for r in rows) == ["a.txt", "b.txt", "c.txt"]
    assert all(len(r.sha256) == 64 and r.fingerprint for r in rows)
    assert "skipping" not in err

    code, second, err = scan_csv(docs, results)
    assert code == 0, err
    assert "skipping 3 documents already in" in err
    assert len(read_rows(results)) == 3  # nothing audited, nothing appended
    assert second == first  # the same report, seconds included: the rows are the stored ones


def test_a_changed_file_is_audited_again_and_the_rest_skipped(tmp_path, docs, audited):
    results = tmp_path / "results.jsonl"
    scan_csv(docs, results)
    (docs / "c.txt").write_text(STRONG_TEXT + "\nAmended.\n")
    code, out, err = scan_csv(docs, results)
    assert "skipping 2 documents" in err
    rows = {r["path"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["c.txt"]["intervene.duty"] == "strong"  # the new text, not the stored row
    assert len(read_rows(results)) == 4


def test_other_options_or_rules_mean_a_fresh_audit(tmp_path, docs, audited):
    results = tmp_path / "results.jsonl"
    scan_csv(docs, results)
    code, _, err = scan_csv(docs, results, "--standard", "all")
    assert "skipping" not in err
    assert len(read_rows(results)) == 6
    fingerprints = {r.fingerprint for r in read_rows(results)}
    assert len(fingerprints) == 2


def test_a_torn_last_line_is_cut_and_that_document_audited_again(tmp_path, docs, audited):
    results = tmp_path / "results.jsonl"
    scan_csv(docs, results)
    lines = results.read_text().splitlines(keepends=True)
    results.write_text("".join(lines[:2]) + lines[2][: len(lines[2]) // 2])  # killed mid-write
    assert len(read_rows(results)) == 2
    code, out, err = scan_csv(docs, results)
    assert code == 0, err
    assert "skipping 2 documents" in err
    rows = read_rows(results)
    assert len(rows) == 3
    assert all(line.endswith("\n") for line in results.read_text().splitlines(keepends=True))
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3


def test_each_row_is_on_disk_before_the_next_is_written(tmp_path):
    results = tmp_path / "r.jsonl"
    with ResultsStream(results, "fp") as stream:
        stream.write("a" * 64, AuditResult(DocumentInfo("/x/a.txt"), "core"))
        assert [r.result.document.path for r in read_rows(results)] == ["/x/a.txt"]
        stream.write("b" * 64, AuditResult(DocumentInfo("/x/b.txt"), "core", state="IL"))
        rows = read_rows(results)
    assert [r.result.state for r in rows] == ["", "IL"]
    assert json.loads(results.read_text().splitlines()[1])["sha256"] == "b" * 64


def test_results_in_the_output_folder_with_a_manifest_and_parquet_by_state(tmp_path, docs, audited):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is in the cluster and test extras")
    manifest = tmp_path / "agencies.csv"
    manifest.write_text(
        "path,department,state,agency_id\n"
        "docs/a.txt,Alpha PD,IL,IL001\n"
        "docs/b.txt,Beta SO,TN,TN002\n"
        "docs/c.txt,Gamma PD,IL,IL003\n"
    )
    out = tmp_path / "report"
    code, _, err = run("--manifest", manifest, "-o", out, "--format", "csv", "--no-cache", "-j", "1", "--exit-zero")
    assert code == 0, err
    assert len(read_rows(out / "results.jsonl")) == 3
    dataset = out / "results.parquet"
    assert sorted(p.name for p in dataset.iterdir()) == ["state=IL", "state=TN"]
    table = pq.read_table(dataset).to_pylist()
    by_agency = {r["agency_id"]: r for r in table}
    assert by_agency["IL001"]["intervene.duty"] == "strong"
    assert by_agency["TN002"]["department"] == "Beta SO"
    assert str(by_agency["TN002"]["state"]) == "TN"


def test_parquet_without_states_is_one_file(tmp_path, docs, audited):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is in the cluster and test extras")
    results = tmp_path / "r.jsonl"
    scan_csv(docs, results)
    table = pq.read_table(tmp_path / "r.parquet")
    assert table.num_rows == 3
    assert sorted(table.column("intervene.duty").to_pylist()) == ["absent", "strong", "weak"]


def test_an_unwritable_results_file_is_one_usage_error(tmp_path, docs, audited):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, out, err = scan_csv(docs, blocker / "results.jsonl")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "--results" in err
