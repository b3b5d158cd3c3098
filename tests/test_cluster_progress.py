"""The client's progress line on a long scan (issue #16, scope 5): documents, pages, pages a second,
OCR and its queue, errors, ETA."""

from __future__ import annotations

from policy_audit.findings import AuditResult, DocumentInfo, Status
from policy_audit.scan.scale_progress import ScaleCounts


def row(pages, ocr=(), status=Status.OK):
    return AuditResult(DocumentInfo("/x.pdf", pages=pages, ocr_pages=tuple(ocr)), "core", status=status)


def test_the_line_adds_up_rows_and_extrapolates_the_time_left():
    counts = ScaleCounts(total=10, started=100.0)
    counts.add(row(400))
    counts.add(row(200, ocr=range(1, 51)))
    counts.add(row(0, status=Status.ERROR))
    counts.ocr_queued, counts.ocr_returned = 120, 50
    assert counts.pages_per_second(now=160.0) == 10.0  # 600 pages in a minute
    assert counts.eta_seconds(now=160.0) == 140.0  # 20 s a document, 7 to go
    assert counts.line(now=160.0) == (
        "3/10 documents | 600 pages | 10.0 pages/s | OCR 50 pages, 70 queued | 1 error | ETA 2m20s"
    )


def test_rows_from_an_earlier_run_count_as_done_but_not_in_the_rate():
    counts = ScaleCounts(total=10, skipped=8, started=0.0)
    assert counts.eta_seconds(now=5.0) is None  # nothing audited yet: no rate to go by
    counts.add(row(30))
    assert counts.eta_seconds(now=30.0) == 30.0  # one left, at 30 s a document
    line = counts.line(now=30.0)
    assert line.startswith("9/10 documents | 8 from an earlier run | 30 pages | 1.0 pages/s")
    assert "OCR 0 pages |" in line and "0 errors" in line
