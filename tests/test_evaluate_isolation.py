"""evaluate audits in scan's worker pool: a document whose reading hangs or crashes becomes an error
row for that document alone, and the others are still scored."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import policy_audit.audit
from policy_audit import evaluate as ev
from policy_audit.cli import app
from policy_audit.findings import AuditResult, DocumentInfo, Finding, Grade, Scale

DATA = Path(__file__).parent / "data" / "eval"
LABELS = DATA / "labels.json"
CRITERIA = [ev.Criterion("intervene.duty", Scale.OBLIGATION), ev.Criterion("medical.ems", Scale.ELEMENT)]


pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker pool forks")


def absent_everywhere(path: Path) -> AuditResult:
    findings = tuple(Finding(criterion=c.id, scale=c.scale, grade=Grade.ABSENT) for c in CRITERIA)
    return AuditResult(document=DocumentInfo(path=str(path)), standard="core", findings=findings)


def hangs_on(name: str):
    def audit(path: Path) -> AuditResult:
        if path.name == name:
            time.sleep(600)  # a reader stuck in C code: only the pool's clock stops it
        return absent_everywhere(path)

    return audit


def crashes_on(name: str):
    def audit(path: Path) -> AuditResult:
        if path.name == name:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel ends a reader out of memory
        return absent_everywhere(path)

    return audit


def found(result: ev.Evaluation) -> dict[tuple[str, str], str]:
    """(doc, criterion) -> found grade, for the disagreements."""
    return {(d.doc, d.criterion): d.found for d in result.disagreements}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_document_times_out_and_the_others_are_scored(jobs):
    started = time.monotonic()
    result = ev.run(ev.load_labels(LABELS), CRITERIA, hangs_on("alpha.txt"), jobs=jobs, timeout=1.0, standard="core")
    assert time.monotonic() - started < 60
    assert result.documents["total"] == 4
    assert found(result) == {
        ("alpha.txt", "intervene.duty"): "error",
        ("alpha.txt", "medical.ems"): "error",
        ("orders/beta.txt", "intervene.duty"): "absent",  # labelled weak: scored, and wrong
    }
    ((doc, status, reason),) = result.no_text.unexpected
    assert (doc, status) == ("alpha.txt", "error") and "--timeout" in reason
    assert result.no_text.agreed == ()  # garbled.txt was read by the fake and found readable


def test_a_crashing_reader_is_an_error_row_for_its_document_alone():
    result = ev.run(ev.load_labels(LABELS), CRITERIA, crashes_on("beta.txt"), isolate=True, standard="core")
    assert found(result)[("orders/beta.txt", "intervene.duty")] == "error"
    assert ("alpha.txt", "medical.ems") in found(result)  # labelled present, found absent: scored
    ((doc, _, reason),) = result.no_text.unexpected
    assert doc == "orders/beta.txt" and "SIGKILL" in reason
    by_id = {c.id: c.scores for c in result.criteria}
    assert by_id["intervene.duty"].n == 3


def test_without_isolation_a_library_callers_auditor_runs_here():
    calls: list[str] = []

    def remembering(path: Path) -> AuditResult:
        calls.append(path.name)
        return absent_everywhere(path)

    ev.run(ev.load_labels(LABELS), CRITERIA, remembering, standard="core")
    assert sorted(calls) == ["alpha.txt", "beta.txt", "gamma.txt", "garbled.txt"]


def test_the_command_stops_a_hanging_document_at_its_timeout(monkeypatch, tmp_path):
    real = policy_audit.audit.audit_path

    def audit_path(path, options, rules=None, **kwargs):
        if Path(path).name == "alpha.txt":
            time.sleep(600)
        return real(path, options, rules, **kwargs)

    monkeypatch.setattr(policy_audit.audit, "audit_path", audit_path)
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(app, ["evaluate", str(LABELS), "--timeout", "2", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    d = json.loads(out.read_text())
    assert d["no_text"]["unexpected"][0]["doc"] == "alpha.txt"
    assert {x["found"] for x in d["disagreements"] if x["doc"] == "alpha.txt"} == {"error"}
    assert d["criteria"]["intervene.duty"]["n"] == 3
    assert d["no_text"]["agreed"] == 1  # garbled.txt still read, by the real reader
