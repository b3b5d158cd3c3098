"""The sample policies end to end: each PDF gets, on every criterion, the grade its .md says it should.

The expected grades are the ``<!-- expected: ... -->`` block at the top of each sample's Markdown
source; the PDF built from it is audited (ocr never) once per sample. One test per sample and
criterion, so a failure reads ``strong_policy-intervene.report``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from policy_audit.audit import AuditOptions, audit_path
from policy_audit.findings import Status

SAMPLES = Path(__file__).resolve().parents[1] / "sample_policies"


def expected_grades(md: Path) -> dict[str, str]:
    block = re.search(r"<!--\s*expected:(.*?)-->", md.read_text(encoding="utf-8"), re.S)
    assert block, f"{md.name} has no expected block"
    return {k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in block.group(1).splitlines() if ":" in ln)}


SOURCES = sorted(p for p in SAMPLES.glob("*.md") if re.match(r"\s*<!--\s*expected:", p.read_text(encoding="utf-8")))
CASES = [
    pytest.param(md.stem, criterion, grade, id=f"{md.stem}-{criterion}")
    for md in SOURCES
    for criterion, grade in expected_grades(md).items()
]


@cache
def audit(name: str):
    return audit_path(SAMPLES / f"{name}.pdf", AuditOptions(ocr="never"))


def test_every_sample_has_a_pdf_and_every_criterion():
    assert {md.stem for md in SOURCES} == {"strong_policy", "weak_policy", "missing_policy", "false_friends"}
    for md in SOURCES:
        assert md.with_suffix(".pdf").is_file(), md.name
        expected = expected_grades(md)
        assert {c for c in expected if c.startswith(("intervene.", "medical."))} == set(expected)
        assert len(expected) == 11


@pytest.mark.parametrize("sample, criterion, grade", CASES)
def test_sample_grade(sample, criterion, grade):
    result = audit(sample)
    assert result.status is Status.OK, result.reason
    finding = result.finding(criterion)
    assert finding is not None, f"{criterion} was not graded"
    quotes = [(e.page, e.quote) for e in finding.evidence]
    assert finding.grade.value == grade, (
        f"{sample}.pdf {criterion}: expected {grade}, got {finding.grade.value}; {quotes}"
    )


@pytest.mark.parametrize("sample", [md.stem for md in SOURCES])
def test_sample_evidence_never_quotes_contents_or_furniture(sample):
    result = audit(sample)
    for finding in result.findings:
        for ev in finding.evidence:
            assert "...." not in ev.quote
            assert "Page " not in ev.quote and "Policy Manual" not in ev.quote, ev.quote
            assert ev.page is not None and 1 <= ev.page <= result.document.pages


def test_strong_policy_duty_headline_is_the_sentence_with_its_own_modal():
    """The dedicated duty sentence heads the finding; the list item that takes its "shall" from the
    lead-in ("Officers shall: ... (c) Intervene") is shown after it (issue #11: a sentence whose own
    modal binds ranks before a list item's lead-in)."""
    duty = audit("strong_policy").finding("intervene.duty").evidence
    first = duty[0]
    assert first.page == 2 and first.section == "310.4.1 DUTY TO INTERVENE"
    assert first.quote.startswith(
        "Any officer who observes another officer using excessive or unreasonable force shall intervene"
    )
    assert "shall" in first.highlights
    item = [e for e in duty if e.section == "310.4 DUTIES OF OFFICERS WHO WITNESS FORCE" and e.page == 2]
    assert item and item[0].quote.startswith(
        "Officers shall: … (c) Intervene to prevent or stop any use of force by another officer"
    )
    assert "shall" in item[0].highlights


def test_strong_policy_report_split_across_pages_is_one_quote_cited_on_page_2():
    evidence = audit("strong_policy").finding("intervene.report").evidence
    split = [e for e in evidence if "shall report those observations to a supervisor" in e.quote]
    assert split, [e.quote for e in evidence]
    assert split[0].page == 2
    assert split[0].section == "310.4.2 REPORTING BY WITNESSING OFFICERS"
    assert split[0].quote.endswith("before going off duty.")


def test_strong_policy_report_sentence_is_strong_on_its_own():
    evidence = audit("strong_policy").finding("intervene.report").evidence
    split = [e for e in evidence if "shall report those observations to a supervisor" in e.quote]
    assert split and split[0].grade.value == "strong", [(e.grade.value, e.reason) for e in split]


def test_strong_policy_medical_aid_is_cited_in_its_section():
    evidence = audit("strong_policy").finding("medical.aid").evidence
    render = [e for e in evidence if "officers shall render aid and shall request medical assistance" in e.quote]
    assert render, [e.quote for e in evidence]
    assert render[0].page == 3 and render[0].section == "310.5 MEDICAL AID AFTER FORCE"
    assert render[0].grade.value == "strong"


def test_weak_policy_medical_aid_is_weak_because_it_is_ecw_only():
    finding = audit("weak_policy").finding("medical.aid")
    assert finding.grade.value == "weak"
    assert "ECW" in finding.evidence[0].quote and finding.evidence[0].page == 2
