"""A check report an advocate can forward (issue #15, items 1-4): department title, footer, bottom line
first, a legend in words, reasons in words, the one-page card, and the terminal's --summary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_report_samples import (
    AID_LANGUAGE,
    DUTY_LANGUAGE,
    TRAINING_LANGUAGE,
    many_findings_result,
    sample_result,
    sample_rules,
    unreadable_result,
)

from policy_audit.batch_result import BatchResult
from policy_audit.errors import UsageError
from policy_audit.findings import Finding, Grade
from policy_audit.provenance import Provenance
from policy_audit.report import Format, criterion_views, formats_for, render_batch, render_check
from policy_audit.report.card import asks
from policy_audit.report.masthead import file_name, shown_path
from policy_audit.rulebook import load_rules

ROOT = Path(__file__).resolve().parents[1]
DEPT = "Springfield (IL) Police Department"
MADE = Provenance(tool_version="9.9.9", rules_digest="ru1e5d1gest", standard="core", run_at="2026-12-06T14:40:00Z")
CHECK_FORMATS = (Format.TERMINAL, Format.MARKDOWN, Format.HTML, Format.CARD)
ABSOLUTE = "/home/jane/cases/springfield/manual.pdf"


def visible(text: str) -> str:
    """The words a reader sees: tags and the style block dropped, entities decoded, spaces collapsed."""
    import html

    text = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def render(fmt, result=None, **kw):
    return render_check(result or sample_result(), sample_rules(), fmt, width=100, **kw)


# ------------------------------------------------------------------------------ title and footer


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_department_titles_every_format(fmt):
    text = render(fmt, department=DEPT)
    first = visible(text)[:120] if fmt in (Format.HTML, Format.CARD) else text[:120]
    assert DEPT in first
    assert f"{DEPT}'s manual requires officers to intervene" in " ".join(visible(text).split())
    if fmt in (Format.HTML, Format.CARD):
        assert f"<title>Policy audit{' card' if fmt is Format.CARD else ''}: {DEPT}</title>" in text


@pytest.mark.parametrize("fmt", CHECK_FORMATS + (Format.JSON,))
def test_without_a_department_the_title_is_the_file_name_and_no_absolute_path_shows(fmt):
    text = render(fmt, sample_result(ABSOLUTE), provenance=MADE)
    if fmt is Format.JSON:
        obj = json.loads(text)
        assert obj["department"] == "" and obj["document"]["path"] == ABSOLUTE  # the machine record is exact
        return
    assert "manual.pdf" in visible(text)[:80]
    assert "/home/jane" not in text and "cases/springfield" not in text


def test_a_relative_path_stays_in_the_facts_an_absolute_one_becomes_its_name():
    assert shown_path("manuals/springfield.pdf") == "manuals/springfield.pdf"
    assert shown_path(ABSOLUTE) == "manual.pdf"
    assert shown_path("C:\\Users\\jane\\manual.pdf") == "manual.pdf"
    assert shown_path("~/manual.pdf") == "manual.pdf"
    assert file_name("/") == "/" and file_name("a/b.md") == "b.md"


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_every_check_report_ends_with_a_provenance_footer(fmt):
    text = visible(render(fmt, provenance=MADE))
    footer = (
        "audited 2026-12-06 · tool policy-audit 9.9.9 · standard core · rules ru1e5d1gest · pages 42 · "
        f"SHA-256 {'ab' * 32}"
    )
    assert footer in text
    assert text.rstrip().endswith("ab" * 32)
    assert "SHA-256" not in visible(render(fmt))  # no provenance, no footer (reports built outside a run)


def test_json_department_and_provenance_keys():
    obj = json.loads(render(Format.JSON, provenance=MADE, department=DEPT))
    assert obj["department"] == DEPT and obj["provenance"]["run_at"] == "2026-12-06T14:40:00Z"


# ------------------------------------------------------------------ bottom line, legend, reasons


@pytest.mark.parametrize("fmt", (Format.TERMINAL, Format.MARKDOWN, Format.HTML))
def test_bottom_line_first_then_table_then_legend_then_details(fmt):
    text = visible(render(fmt))
    line = text.index("The manual requires officers to intervene, but does not train officers to intervene and only")
    table = text.index("criterion")
    legend = text.index("the manual requires it in words that bind officers")
    details = text.index(TRAINING_LANGUAGE)  # the first recommendation
    assert line < table < legend < details
    assert text.count("the manual requires it in words that bind officers") == 1  # once
    assert "nothing in the manual requires or addresses it" in text
    # the legend has the grades of the scales shown (obligation, element), not Campaign Zero's
    assert "8 Can't Wait" not in text


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_internal_labels_become_words(fmt):
    text = visible(render(fmt))
    for label in ("permissive:", "mandatory:", "[weak: permissive", "narrow:"):
        assert label not in text, label
    if fmt is not Format.CARD:  # the card shows no quotes
        assert "uses 'should', which does not bind" in text
        assert "uses 'shall', which binds" in text


# -------------------------------------------------------------------------------------- card


def test_card_is_check_only_and_self_contained():
    assert Format.CARD in formats_for("check") and Format.CARD not in formats_for("scan")
    with pytest.raises(UsageError):
        render_batch(BatchResult("core", (sample_result(),)), sample_rules(), Format.CARD)
    text = render(Format.CARD, department=DEPT, provenance=MADE)
    assert "@page" in text and "default-src 'none'" in text and "<script" not in text
    for needle in ("http://", "https://", "url(", "@import"):
        assert needle not in text


def test_card_checklist_and_the_clauses_to_ask_for_with_model_language():
    text = visible(render(Format.CARD, department=DEPT))
    assert "✓ Duty to intervene (strong)" in text
    assert "✗ Intervention training (absent)" in text and "! Medical aid after force (weak)" in text
    # medical.aid before the element, each with its model language; a strong duty asks for nothing
    assert text.index(AID_LANGUAGE) < text.index(TRAINING_LANGUAGE)
    assert DUTY_LANGUAGE not in text


def test_card_asks_for_the_duties_first_then_elements_at_most_three():
    rules = load_rules().select("core")
    views = criterion_views(many_findings_result(rules), rules)
    absent = [
        v.__class__(Finding(v.id, v.finding.scale, Grade.ABSENT), v.rule) for v in views
    ]  # every criterion missing
    assert [v.id for v in asks(tuple(absent))] == ["intervene.duty", "medical.aid", "intervene.report"]
    without_duty = [v for v in absent if v.id != "intervene.duty"]
    assert [v.id for v in asks(tuple(without_duty))] == ["medical.aid", "intervene.report", "intervene.any_rank"]
    assert asks(tuple(v for v in views if not v.is_gap)) == []


def test_card_of_an_unreadable_document_says_so():
    text = visible(render(Format.CARD, unreadable_result()))
    assert "The manual could not be audited: no readable text" in text and "The criteria" not in text


# ---------------------------------------------------------------------------------- terminal


def test_summary_prints_only_the_bottom_line_and_the_table():
    text = render(Format.TERMINAL, summary=True, provenance=MADE, department=DEPT)
    lines = text.strip().splitlines()
    assert lines[0].startswith(f"{DEPT}'s manual requires")
    assert "criterion" in text and "Recommended language" not in text and "SHA-256" not in text
    assert "the manual requires it in words" not in text  # no legend
    assert [line.split()[0] for line in lines if line.startswith(("intervene.", "medical."))] == [
        "intervene.duty",
        "intervene.training",
        "medical.aid",
    ]


@pytest.mark.parametrize("standard", ["core", "all"])
def test_a_long_manuals_summary_fits_a_screen(standard):
    rules = load_rules().select(standard)
    result = many_findings_result(rules)
    text = render_check(result, rules, Format.TERMINAL, width=100, summary=True)
    lines = text.strip().splitlines()
    assert len(lines) <= 40, len(lines)
    assert all(len(line) <= 100 for line in lines)
    rows = [line for line in lines if line.split() and line.split()[0] in {r.id for r in rules}]
    assert len(rows) == len(rules)  # one line per criterion, low confidence included
    full = render_check(result, rules, Format.TERMINAL, width=100)
    assert len(full.splitlines()) > 3 * len(lines)  # what --summary leaves out


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("summary", [False, True])
def test_long_ids_never_wrap_mid_word(width, summary):
    rules = load_rules().select("all")
    ids = {r.id for r in rules}
    text = render_check(many_findings_result(rules), rules, Format.TERMINAL, width=width, summary=summary)
    table = text.split("\ncriterion", 1)[1].split("\n\n", 1)[0].splitlines()[2:]  # after the header and rule
    assert len(table) >= len(ids)
    for row in table:
        # a row starts with a whole id; a continuation line (a low-confidence reason) with spaces
        assert row.startswith(" ") or row.split()[0] in ids or row.startswith("†"), (row, width)
    assert {row.split()[0] for row in table if not row.startswith(" ")} >= ids


# ------------------------------------------------------------------------------------ the CLI


def policy_audit(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policy_audit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


WEAK = str(ROOT / "sample_policies" / "weak_policy.md")


def test_cli_department_summary_and_why_it_exits_1():
    run = policy_audit("check", WEAK, "--department", DEPT, "--summary")
    assert run.returncode == 1
    assert run.stdout.startswith(f"{DEPT}'s manual requires ")
    assert "Recommended language" not in run.stdout and str(ROOT) not in run.stdout
    assert re.search(r"exit 1 because \d+ of 11 criteria are gaps \(weak, absent or not met\)", run.stderr)
    clean = policy_audit("check", WEAK, "--summary", "--exit-zero")
    assert clean.returncode == 0 and "exit 1" not in clean.stderr


def test_cli_summary_is_for_the_terminal_only():
    run = policy_audit("check", WEAK, "--summary", "-f", "json")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip().count("\n") == 0 and "--summary" in run.stderr and "Traceback" not in run.stderr


def test_cli_card_without_chromium_writes_the_html_and_says_why_no_png(tmp_path):
    out = tmp_path / "card.html"
    run = policy_audit("check", WEAK, "-f", "card", "-o", str(out), env={"CHROMIUM": str(tmp_path / "none")})
    assert run.returncode == 1
    assert out.read_text().startswith("<!DOCTYPE html>") and not (tmp_path / "card.png").exists()
    assert f"{tmp_path / 'card.png'} not written: chromium not found" in run.stderr
