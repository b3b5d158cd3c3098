"""`policy-audit diff`: two revisions compared by content (criterion id, normalised quote), the changes
in words, four formats, and exit 1 when a criterion got weaker (issue #14, item 1)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.diff import compare_results, normalise_quote
from policy_audit.diff.compare import STRONGER, WEAKER
from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale
from policy_audit.report.diff_html import redline_html

DATA = Path(__file__).parent / "data" / "diff"
V1, V2, V1_RENUMBERED = DATA / "v1.md", DATA / "v2.md", DATA / "v1_renumbered.md"


def diff(*args):
    result = CliRunner().invoke(app, ["diff", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def weakened():
    """v1 -> v2 as JSON: audited once for the tests that read it."""
    code, out, _ = diff(V1, V2, "--format", "json")
    return code, json.loads(out)


def _criterion(obj, criterion):
    (doc,) = obj["documents"]
    return next(c for c in doc["criteria"] if c["criterion"] == criterion)


# --- acceptance ----------------------------------------------------------------------------------


def test_weakened_duty_to_intervene_is_strong_to_weak_with_both_quotes_and_exits_1(weakened):
    code, obj = weakened
    duty = _criterion(obj, "intervene.duty")
    assert code == 1 and obj["weaker"] is True
    assert (duty["old"]["grade"], duty["new"]["grade"], duty["direction"]) == ("strong", "weak", WEAKER)
    assert "shall intervene" in duty["old"]["evidence"]["quote"]
    assert "should intervene" in duty["new"]["evidence"]["quote"]
    assert '"shall" became "should"' in duty["changes"]


def test_medical_aid_narrowed_to_taser_is_said_in_words(weakened):
    _, obj = weakened
    aid = _criterion(obj, "medical.aid")
    assert (aid["old"]["scope"], aid["new"]["scope"]) == ("general", "narrow")
    assert any("now limited to Taser use" in words for words in aid["changes"])


def test_removed_report_deadline_is_reported(weakened):
    _, obj = weakened
    words = [w for c in obj["documents"][0]["criteria"] for w in c["changes"]]
    assert any("deadline" in w.lower() and "removed" in w for w in words), words


def test_reversed_order_exits_0_and_reports_the_improvement():
    code, out, _ = diff(V2, V1)
    assert code == 0
    assert re.search(r"intervene\.duty .*weak -> strong\s+\(stronger\)", out)
    assert '"should" became "shall"' in out
    assert "stronger: intervene.duty, intervene.report_deadline, medical.aid, medical.safety_exception" in out


def test_renumbered_and_reflowed_revision_is_no_change():
    code, out, _ = diff(V1, V1_RENUMBERED, "--format", "json")
    obj = json.loads(out)
    assert code == 0
    assert all(c["unchanged"] for c in obj["documents"][0]["criteria"])


def test_unchanged_criteria_are_one_summary_line():
    _, out, _ = diff(V1, V2)
    lines = [line for line in out.splitlines() if line.startswith("Unchanged (")]
    assert len(lines) == 1 and lines[0].startswith("Unchanged (13): intervene.any_rank absent")
    assert "intervene.any_rank  " not in out  # no section of its own


# --- formats -------------------------------------------------------------------------------------


def test_markdown_has_both_quotes_and_the_change():
    code, out, _ = diff(V1, V2, "-f", "markdown")
    assert code == 1
    assert "### `intervene.duty` Duty to intervene: strong -> weak (weaker)" in out
    assert '"shall" became "should"' in out and "**Before**" in out and "**After**" in out


def test_html_is_a_redline_of_the_deciding_clause():
    code, out, _ = diff(V1, V2, "-f", "html")
    assert code == 1
    assert "circumstances <del>shall</del> <ins>should</ins> intervene" in out
    assert "to a supervisor. <del>within 24 hours.</del>" in out  # punctuation moved: no change of its own
    assert "<script" not in out


def test_html_escapes_document_text(tmp_path):
    hostile = tmp_path / "hostile.md"
    hostile.write_text(
        V1.read_text().replace("when in a position to do so", "<script>alert(1)</script> when able"), encoding="utf-8"
    )
    _, out, _ = diff(V1, hostile, "-f", "html")
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_redline_ignores_reflow_case_and_section_numbers():
    assert "<del>" not in redline_html("See 4.10.2: Officers\nshall act.", "see 7.1.5: officers shall act.")
    assert redline_html("a b c", "a x c") == "a <del>b</del> <ins>x</ins> c"


def test_output_file_and_bad_format(tmp_path):
    code, _, err = diff(V1, V1_RENUMBERED, "-f", "json", "-o", tmp_path / "d.json")
    assert code == 0 and json.loads((tmp_path / "d.json").read_text())["kind"] == "diff"
    code, _, err = diff(V1, V2, "-f", "csv")
    assert code == 2 and err.count("\n") == 1 and "--format 'csv' is not available for diff" in err


# --- bad input -----------------------------------------------------------------------------------


def test_missing_document_is_one_line_exit_3(tmp_path):
    code, _, err = diff(V1, tmp_path / "nope.pdf")
    assert code == 3 and err.count("\n") == 1 and "nope.pdf" in err


def test_a_document_and_a_folder_is_a_usage_error(tmp_path):
    code, _, err = diff(V1, tmp_path)
    assert code == 2 and err.count("\n") == 1 and "two documents or two scan folders" in err


def test_a_folder_without_summary_json_is_a_usage_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    code, _, err = diff(tmp_path / "a", tmp_path / "b")
    assert code == 2 and err.count("\n") == 1 and "no summary.json" in err


def test_a_broken_summary_json_is_a_usage_error(tmp_path):
    for side in "ab":
        (tmp_path / side).mkdir()
        (tmp_path / side / "summary.json").write_text("{not json", encoding="utf-8")
    code, _, err = diff(tmp_path / "a", tmp_path / "b")
    assert code == 2 and err.count("\n") == 1 and "summary.json" in err


# --- scan folders --------------------------------------------------------------------------------


def test_two_scan_folders_are_compared_document_by_document(tmp_path):
    for name, source in (("before", V1), ("after", V2)):
        folder = tmp_path / name / "riverside"
        folder.mkdir(parents=True)
        shutil.copy(source, folder / "use-of-force.md")
        shutil.copy(V1_RENUMBERED, folder / "other.md")
        result = CliRunner().invoke(
            app,
            [
                "scan",
                str(tmp_path / name),
                "-f",
                "json",
                "-o",
                str(tmp_path / f"out-{name}"),
                "--no-cache",
                "-j",
                "1",
                "-q",
            ],
        )
        assert result.exit_code == 1, result.stderr
    code, out, _ = diff(tmp_path / "out-before", tmp_path / "out-after", "-f", "json")
    obj = json.loads(out)
    assert code == 1 and len(obj["documents"]) == 2
    by_name = {Path(d["new"]["path"]).name: d for d in obj["documents"]}
    assert by_name["use-of-force.md"]["weaker"] is True and by_name["other.md"]["weaker"] is False
    code, _, _ = diff(tmp_path / "out-after", tmp_path / "out-before")
    assert code == 0


# --- comparison, without reading documents -------------------------------------------------------


def _result(*findings: Finding, path="x.txt") -> AuditResult:
    return AuditResult(document=DocumentInfo(path=path), standard="core", findings=findings)


def _finding(criterion, grade, quote="", reason="", scale=Scale.OBLIGATION, page=None) -> Finding:
    evidence = (Evidence(page=page, section="", quote=quote, grade=grade, reason=reason),) if quote else ()
    return Finding(criterion, scale, grade, evidence)


def test_same_words_on_another_page_is_unchanged():
    old = _result(_finding("intervene.duty", Grade.STRONG, "Officers shall intervene.", "mandatory: shall", page=3))
    new = _result(_finding("intervene.duty", Grade.STRONG, "Officers  shall\nintervene.", "mandatory: shall", page=9))
    (change,) = compare_results(old, new).criteria
    assert change.unchanged


def test_lost_and_gained_elements():
    old = _result(_finding("intervene.training", Grade.PRESENT, "Officers are trained.", scale=Scale.ELEMENT))
    new = _result(_finding("intervene.training", Grade.ABSENT, scale=Scale.ELEMENT))
    (lost,) = compare_results(old, new).criteria
    (gained,) = compare_results(new, old).criteria
    assert lost.direction == WEAKER and lost.changes[0].startswith("criterion lost")
    assert gained.direction == STRONGER and gained.changes[0].startswith("criterion gained")


def test_normalised_quotes_drop_section_numbers_case_and_punctuation():
    assert normalise_quote("4.10.2  Officers SHALL intervene;\nsee 4.10.3.") == normalise_quote(
        "Officers shall intervene, see 7.1.9"
    )


# --- pages ---------------------------------------------------------------------------------------


def _pdf(path: Path, source: Path, blank_pages_before: int) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="letter", unit="mm")
    pdf.set_font("Helvetica", size=11)
    for _ in range(blank_pages_before):
        pdf.add_page()
        pdf.multi_cell(0, 6, "This page intentionally describes the department's mission and values.")
    pdf.add_page()
    for line in source.read_text(encoding="utf-8").split("\n\n"):
        if not line.startswith("<!--"):
            pdf.multi_cell(0, 6, line.replace("\n", " ").lstrip("# "))
            pdf.ln(3)
    pdf.output(str(path))
    return path


def test_pdf_revisions_show_pages_and_a_clause_on_another_page_is_no_change(tmp_path):
    old = _pdf(tmp_path / "v1.pdf", V1, 0)
    moved = _pdf(tmp_path / "v1-moved.pdf", V1_RENUMBERED, 2)
    weaker = _pdf(tmp_path / "v2.pdf", V2, 1)
    code, out, _ = diff(old, moved, "-f", "json")
    assert code == 0 and all(c["unchanged"] for c in json.loads(out)["documents"][0]["criteria"])
    code, out, _ = diff(old, weaker)
    assert code == 1
    assert re.search(r"before \(p\. 1\b.*\):", out) and re.search(r"after \(p\. 2\b.*\):", out)
