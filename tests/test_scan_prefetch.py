"""A scan reads its largest document ahead while spaCy and the rules load (``--jobs`` 2 or more).

These run the real reader and matcher (no injected audit function): the prefetch sits between them.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from policy_audit.audit import AuditOptions
from policy_audit.findings import Status
from policy_audit.processes.forked_call import can_fork
from policy_audit.scan import ScanOptions, scan, worker_audit

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")

BIG = (
    "GENERAL ORDER 300 - USE OF FORCE\n\n"
    + "Officers shall keep their equipment ready for inspection at the start of each shift. " * 40
    + "\n\nAny officer who observes another officer using excessive force shall intervene to stop it.\n"
)
SMALL = "GENERAL ORDER 410 - PARKING\n\nVehicles parked overnight on snow routes will be towed.\n"


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "orders"
    folder.mkdir()
    (folder / "big.txt").write_text(BIG)
    (folder / "small.txt").write_text(SMALL)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 10)
    return folder


def _options(jobs: int) -> ScanOptions:
    return ScanOptions(audit=AuditOptions(ocr="never"), jobs=jobs, timeout=60, cache_dir=None)


def _rows(batch):
    return [replace(r, seconds=0.0) for r in batch.results]


@pytest.fixture
def spy_prefetch(monkeypatch):
    """Prefetch every largest document whatever its size, and record which ones were."""
    monkeypatch.setattr(worker_audit, "PREFETCH_MIN_BYTES", 0)
    started: list[str] = []
    real = worker_audit.prefetch_largest

    def spy(todo, audit_options, jobs):
        handles = real(todo, audit_options, jobs)
        started.extend(handles)
        return handles

    monkeypatch.setattr(worker_audit, "prefetch_largest", spy)
    return started


def test_the_largest_document_is_read_ahead_and_rows_match_a_serial_scan(tmp_path, spy_prefetch):
    folder = _inputs(tmp_path)
    parallel = scan([folder], _options(jobs=2))
    assert spy_prefetch == [str(folder / "big.txt")]
    serial = scan([folder], _options(jobs=1))
    assert spy_prefetch == [str(folder / "big.txt")]  # --jobs 1: no second process, no prefetch

    assert _rows(parallel) == _rows(serial)
    big = next(r for r in parallel.results if r.document.path.endswith("big.txt"))
    assert big.status is Status.OK and big.finding("intervene.duty").grade.value == "strong"
    assert [r.status for r in parallel.results].count(Status.ERROR) == 1


def test_a_prefetch_that_dies_is_read_again_by_the_worker(tmp_path, spy_prefetch, monkeypatch):
    folder = _inputs(tmp_path)
    import policy_audit.audit as audit_module

    monkeypatch.setattr(audit_module, "read_and_split", lambda path, options: os._exit(7))
    batch = scan([folder], _options(jobs=2))
    assert spy_prefetch == [str(folder / "big.txt")]
    big = next(r for r in batch.results if r.document.path.endswith("big.txt"))
    assert big.status is Status.OK and big.finding("intervene.duty").grade.value == "strong"
    assert len(batch.results) == 3


def test_an_unreadable_largest_document_gets_the_usual_error_row(tmp_path, spy_prefetch):
    folder = tmp_path / "orders"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200)
    (folder / "small.txt").write_text(SMALL)
    with_prefetch = scan([folder], _options(jobs=2))
    assert spy_prefetch == [str(folder / "broken.pdf")]
    without = scan([folder], _options(jobs=1))
    assert _rows(with_prefetch) == _rows(without)
    assert with_prefetch.results[0].status is Status.ERROR and with_prefetch.results[0].problem == "corrupt"
