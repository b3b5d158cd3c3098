"""The HTML summary's department matrix shows every criterion at 1280 px without horizontal scrolling
(issue 14's acceptance), checked in headless Chromium by scripts/screenshot_matrix.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, missing_grade
from policy_audit.report import Format
from policy_audit.report.output_folder import write_output_dir
from policy_audit.rulebook import load_rules

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "screenshot_matrix.py"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed: apt-get install chromium")

LONG_NAME = "Metropolitan_Police_Department_of_the_Consolidated_City_and_County"  # no space to wrap at


def worst_case_batch():
    """Every built-in criterion (the widest matrix), a department name with nowhere to wrap, long quotes
    and paths: what a real 19-column scan can throw at the layout."""
    from policy_audit.departments import summarize

    rules = load_rules().select("all")
    results = []
    for i, (dept, grade_of) in enumerate(
        [
            (LONG_NAME, lambda r: Grade.STRONG if r.scale is Scale.OBLIGATION else missing_grade(r.scale)),
            ("springfield", lambda r: Grade.WEAK if r.scale is Scale.OBLIGATION else missing_grade(r.scale)),
            (
                "x",
                lambda r: {Scale.OBLIGATION: Grade.STRONG, Scale.ELEMENT: Grade.PRESENT, Scale.MET: Grade.MET}[r.scale],
            ),
        ]
    ):
        findings = []
        for rule in rules:
            grade = grade_of(rule)
            evidence = (
                (
                    Evidence(
                        page=i + 3,
                        section="300.2.1 " + "VERYLONGSECTIONHEADINGWITHOUTSPACES" * 3,
                        quote="Officers shall intervene " + "and keep intervening " * 30,
                        grade=grade,
                        reason="mandatory: shall",
                        highlights=("shall",),
                    ),
                )
                if not grade.is_gap or grade is Grade.WEAK
                else ()
            )
            findings.append(Finding(rule.id, rule.scale, grade, evidence))
        path = f"corpus/{dept}/{'General_Order_' * 6}{i}.pdf"
        document = DocumentInfo(path, pages=40, format="pdf", engine="pdfium", sha256=f"{i:x}" * 64)
        results.append(AuditResult(document, "all", tuple(findings), group=dept))
    criteria = [(r.id, r.scale) for r in rules]
    return BatchResult("all", tuple(results), summarize(results, criteria)), rules


def run_script(*args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=300
    )


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    out = tmp_path_factory.mktemp("scan")
    batch, rules = worst_case_batch()
    write_output_dir(batch, rules, Format.HTML, out)
    return out / "summary.html"


@needs_chromium
def test_all_criteria_fit_1280_px_without_horizontal_scrolling(summary, tmp_path):
    png = tmp_path / "matrix.png"
    done = run_script(summary, "-o", png, "--width", 1280, "--height", 900)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["matrix_columns"] == 2 + 19  # department, documents, every criterion of "all"
    assert measured["scroll_width"] <= 1280 and measured["client_width"] <= 1280
    assert measured["matrix_scroll_width"] <= measured["matrix_client_width"]  # the matrix itself does not scroll
    assert measured["matrix_right"] <= 1280
    assert measured["overflow"] == []
    assert (measured["png_width"], measured["png_height"]) == (1280, 900)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and 20_000 < png.stat().st_size < 5_000_000


@needs_chromium
def test_the_script_reports_overflow_when_the_window_is_too_narrow(summary, tmp_path):
    """At phone width the matrix scrolls inside its box (it keeps a readable minimum width): the check
    must see that, or it could not fail at 1280 either."""
    done = run_script(summary, "-o", tmp_path / "narrow.png", "--width", 480, "--height", 900)
    assert done.returncode == 1, done.stderr
    measured = json.loads(done.stdout)
    assert measured["matrix_scroll_width"] > measured["matrix_client_width"]
    assert "the matrix scrolls sideways" in done.stderr


def test_the_script_says_when_chromium_is_missing(summary, tmp_path):
    env = dict(os.environ, CHROMIUM=str(tmp_path / "no-such-chromium"))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(summary), "-o", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and "apt-get install chromium" in done.stderr


def test_the_measuring_copy_is_allowed_by_the_pages_policy(summary):
    """The summary allows only its own script; the measuring script is added with its hash, so it runs
    without loosening anything else."""
    import base64
    import hashlib
    import importlib.util

    spec = importlib.util.spec_from_file_location("screenshot_matrix", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = summary.read_text()
    probe = module.measuring_copy(page)
    digest = base64.b64encode(hashlib.sha256(module.MEASURE.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}' 'sha256-" in probe and "unsafe-inline" not in probe
    assert probe.count("<script>") == page.count("<script>") + 1
    with pytest.raises(ValueError, match="not a policy-audit scan summary"):
        module.measuring_copy("<html><body></body></html>")
