"""Screenshots of the check report (1280 and 390 px wide) and of the card, taken by
scripts/screenshot_report.py in headless Chromium, checked for size and content (issue #15, item 5).

The worst case: a 642-page manual's result on every criterion, with long section titles, an
unbreakable web address in every quote, the department's name and the full footer.
"""

from __future__ import annotations

import importlib.util
import struct
import subprocess
from pathlib import Path

import pytest
from test_report_samples import LONG_TOKEN, many_findings_result

from policy_audit.provenance import Provenance
from policy_audit.report import Format, render_check
from policy_audit.rulebook import load_rules

ROOT = Path(__file__).resolve().parents[1]
DEPT = "Springfield (IL) Police Department"
MADE = Provenance(tool_version="9.9.9", rules_digest="ru1e5d1gest", standard="all", run_at="2026-12-06T14:40:00Z")


def load_script():
    spec = importlib.util.spec_from_file_location("screenshot_report", ROOT / "scripts" / "screenshot_report.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


SCRIPT = load_script()
CHROMIUM = SCRIPT.find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed: apt-get install chromium")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    rules = load_rules().select("all")
    result = many_findings_result(rules)
    folder = tmp_path_factory.mktemp("screens")
    out = {}
    for fmt in (Format.HTML, Format.CARD):
        page = folder / f"{fmt.value}.html"
        page.write_text(render_check(result, rules, fmt, provenance=MADE, department=DEPT), encoding="utf-8")
        out[fmt] = page
    return out


@pytest.mark.parametrize("width", [1280, 390])
def test_report_screenshot_has_the_window_size_and_a_picture(pages, tmp_path, width):
    png = tmp_path / f"report-{width}.png"
    SCRIPT.screenshot(pages[Format.HTML], png, width, 1600, CHROMIUM)
    assert png_size(png) == (width, 1600)
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one


def test_report_at_1280_shows_the_table_and_every_part(pages):
    seen = SCRIPT.measure(pages[Format.HTML].read_text(), 1280, CHROMIUM)
    assert seen["viewport_width"] == 1280 and seen["scroll_width"] <= 1280 and seen["overflowing"] == []
    text = seen["text"]
    assert text.startswith(f"Policy audit: {DEPT}")
    assert f"{DEPT}'s manual requires officers to intervene" in text
    assert "criterion grade page evidence" in text  # the table's header row
    assert "the manual requires it in words that bind officers" in text  # the legend
    assert "SHA-256 " + "5f" * 32 in text and "/home/auditor" not in text


def test_report_at_390_reflows_without_horizontal_overflow(pages):
    seen = SCRIPT.measure(pages[Format.HTML].read_text(), 390, CHROMIUM)
    assert seen["viewport_width"] == 390
    assert seen["scroll_width"] <= 390, seen["scroll_width"]  # nothing wider than the phone
    assert seen["overflowing"] == []  # not even a table scrolling sideways in its box
    text = seen["text"]
    assert "criterion grade page evidence" not in text  # the header row is gone: rows are stacked
    assert f"{DEPT}'s manual requires officers to intervene" in text
    assert "8cw.comprehensive_reporting" in text and LONG_TOKEN[:40] in text


def test_card_picture_and_text(pages, tmp_path):
    png = tmp_path / "card.png"
    SCRIPT.screenshot(pages[Format.CARD], png, 816, 1056, CHROMIUM)
    assert png_size(png) == (816, 1056) and png.stat().st_size > 20_000
    seen = SCRIPT.measure(pages[Format.CARD].read_text(), 816, CHROMIUM)
    assert seen["scroll_width"] <= 816 and seen["overflowing"] == []
    text = seen["text"]
    assert text.startswith(DEPT)
    assert "What to ask for first: the 3 most important of" in text
    rules = load_rules()
    asked = [rules.get(c).model_language for c in ("intervene.report",)]  # the one duty that is a gap here
    assert all(language in text for language in asked)
    assert "Requires comprehensive reporting (met)" in text  # the checklist holds every criterion


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_card_prints_on_one_page(pages, tmp_path, paper):
    import pypdfium2

    page = pages[Format.CARD]
    if paper == "A4":  # the card leaves the paper to the printer: try it on A4 too
        text = page.read_text().replace("</head>", "<style>@page{size:A4}</style></head>")
        page = tmp_path / "card-a4.html"
        page.write_text(text.replace('http-equiv="Content-Security-Policy"', 'name="csp-off"'), encoding="utf-8")
    pdf = tmp_path / f"card-{paper}.pdf"
    SCRIPT.run_chromium(CHROMIUM, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.resolve().as_uri())
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        width, height = document[0].get_size()
        assert len(document) == 1
        expected = (612, 792) if paper == "Letter" else (595, 842)
        assert (round(width), round(height)) == pytest.approx(expected, abs=2)
    finally:
        document.close()


def test_script_command_line_writes_a_phone_screenshot(tmp_path):
    import sys

    png = tmp_path / "phone.png"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "screenshot_report.py"),
            str(ROOT / "sample_policies" / "weak_policy.md"),
            "--department",
            DEPT,
            "--width",
            "390",
            "--height",
            "1200",
            "-o",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert png_size(png) == (390, 1200)


def test_check_card_writes_its_picture_beside_the_html(tmp_path):
    import sys

    out = tmp_path / "card.html"
    run = subprocess.run(
        [sys.executable, "-m", "policy_audit", "check", str(ROOT / "sample_policies" / "weak_policy.md")]
        + ["--department", DEPT, "-f", "card", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr  # the sample has gaps: the card does not change the code
    png = tmp_path / "card.png"
    assert png_size(png) == (816, 1056)
    assert f"wrote {png}" in run.stderr
    assert DEPT in out.read_text()
