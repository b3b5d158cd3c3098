"""CSV: one row per document, grades per criterion, spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from test_report_samples import doubtful_result, sample_batch, sample_result, sample_rules

from policy_audit.batch_result import BatchResult
from policy_audit.errors import UsageError
from policy_audit.report import Format, render_batch, render_check
from policy_audit.report.text_safety import csv_cell


def rows(batch):
    return list(csv.DictReader(io.StringIO(render_batch(batch, sample_rules(), Format.CSV))))


def test_columns_and_one_row_per_document():
    text = render_batch(sample_batch(), sample_rules(), Format.CSV)
    header = text.splitlines()[0].split(",")
    assert header == [
        "path",
        "department",
        "status",
        "problem",
        "reason",
        "pages",
        "engine",
        "sha256",
        "intervene.duty",
        "intervene.training",
        "medical.aid",
        "checks",
    ]
    data = rows(sample_batch())
    assert [r["path"] for r in data] == [
        "springfield/manual.pdf",
        "springfield/aid.pdf",
        "shelbyville/scan.pdf",
        "shelbyville/broken.pdf",
    ]
    first = data[0]
    assert (first["status"], first["pages"], first["engine"], first["sha256"]) == ("ok", "42", "pdfium", "ab" * 32)
    assert (first["intervene.duty"], first["intervene.training"], first["medical.aid"]) == ("strong", "absent", "weak")
    scanned = data[2]
    assert scanned["status"] == "no_text" and scanned["problem"] == "no_text"
    assert scanned["intervene.duty"] == scanned["medical.aid"] == ""
    assert "\r" not in text and text.endswith("\n")


def test_seconds_only_with_timings_where_it_always_was():
    """Timings made two runs over the same files differ: the column comes back with --timings, after engine."""
    from policy_audit.report import get_formatter

    text = get_formatter(Format.CSV, timings=True).render_batch(sample_batch(), sample_rules())
    header = text.splitlines()[0].split(",")
    assert header[6:9] == ["engine", "seconds", "sha256"]
    first = next(csv.DictReader(io.StringIO(text)))
    assert (first["seconds"], first["sha256"]) == ("1.23", "ab" * 32)


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_formula_injection_in_path_and_department_is_neutralised(payload):
    result = sample_result(path=payload, group=payload)
    data = rows(BatchResult(standard="core", results=(result,)))
    expected = "'" + payload.replace("\r", "\n")  # line breaks are normalised to \n (and quoted)
    assert data[0]["path"] == expected
    assert data[0]["department"] == expected


def test_formula_injection_in_reason_is_neutralised():
    from dataclasses import replace

    from test_report_samples import unreadable_result

    result = replace(unreadable_result(), reason='=HYPERLINK("http://x","y")')
    assert rows(BatchResult(standard="core", results=(result,)))[0]["reason"] == '\'=HYPERLINK("http://x","y")'


def test_plain_cells_unchanged():
    assert csv_cell("springfield/manual.pdf") == "springfield/manual.pdf"
    assert csv_cell(42) == "42" and csv_cell(None) == ""
    assert csv_cell("a=b") == "a=b"


def test_csv_is_scan_only():
    with pytest.raises(UsageError, match="not available for check"):
        render_check(sample_result(), sample_rules(), Format.CSV)


def test_checks_column_lists_low_confidence_criteria_and_grades_stay_bare():
    from dataclasses import replace

    from policy_audit.findings import Confidence

    doubtful = doubtful_result("shelbyville/manual.pdf")
    both = replace(
        doubtful,
        document=replace(doubtful.document, path="two.pdf"),
        findings=(
            doubtful.findings[0],
            doubtful.findings[1],
            replace(doubtful.findings[2], confidence=Confidence("low", ("the document is badly extracted",))),
        ),
    )
    batch = sample_batch()
    data = rows(BatchResult("core", (doubtful, both) + batch.results))
    assert data[0]["intervene.duty"] == "strong" and data[0]["medical.aid"] == "weak"  # no "strong?"
    assert data[0]["checks"] == "intervene.duty"  # medium confidence is not a check
    assert data[1]["checks"] == "intervene.duty; medical.aid"
    assert data[2]["checks"] == ""  # high confidence everywhere
    assert data[4]["checks"] == "" and data[5]["checks"] == ""  # not audited
    text = render_batch(BatchResult("core", (doubtful,)), sample_rules(), Format.CSV)
    assert text.splitlines()[1].endswith(",weak,intervene.duty")
