"""Requirement grading: met, partly (weaker words, a longer deadline, another recipient, an element
missing) and not_met, with the missing part said in the statute's terms."""

from __future__ import annotations

from dataclasses import dataclass

from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, Status
from policy_audit.rulebook import load_rules
from policy_audit.standards import RequirementGrade, grade_profile, parse_profile

PROFILE = {
    "id": "il",
    "title": "Illinois",
    "jurisdiction": "Illinois",
    "citation": "720 ILCS 5/7-16",
    "verified": False,
    "requirements": [
        {
            "id": "il.report_deadline",
            "citation": "720 ILCS 5/7-16(d)",
            "text": "Report within 5 days to the designated person",
            "verified": False,
            "meets": [
                {"criterion": "intervene.report", "grade": "strong"},
                {
                    "criterion": "intervene.report_deadline",
                    "grade": "present",
                    "value": {"max": 120, "unit": "hours"},
                    "missing": "the manual sets no deadline",
                },
                {"criterion": "intervene.report_recipient", "grade": "present", "value": {"in": ["designated"]}},
            ],
        },
        {
            "id": "il.intervene",
            "citation": "720 ILCS 5/7-16",
            "text": "Intervene, whatever the rank",
            "verified": False,
            "meets": [
                {"criterion": "intervene.duty", "grade": "strong"},
                {"criterion": "intervene.any_rank", "grade": "present"},
            ],
        },
    ],
}


@dataclass(frozen=True)
class ValuedFinding(Finding):
    # the shape branch `criteria` gives Finding: an extracted value, as a number or as words
    value: float | None = None
    value_text: str = ""


def ev(quote: str, grade: Grade, page: int = 3) -> Evidence:
    return Evidence(page=page, section="4.2 DUTY TO REPORT", quote=quote, grade=grade, reason=f"{grade.value}: x")


def result(*findings: Finding) -> AuditResult:
    return AuditResult(document=DocumentInfo(path="m.pdf"), standard="core", findings=findings)


REPORT = Finding("intervene.report", Scale.OBLIGATION, Grade.STRONG, (ev("Officers shall report it.", Grade.STRONG),))
DEADLINE_72H = ValuedFinding(
    "intervene.report_deadline", Scale.ELEMENT, Grade.PRESENT, (ev("within 72 hours", Grade.PRESENT),), value=72
)
TO_DESIGNATED = ValuedFinding(
    "intervene.report_recipient", Scale.ELEMENT, Grade.PRESENT, (ev("to the designated officer", Grade.PRESENT),),
    value_text="designated",
)  # fmt: skip


def graded(*findings: Finding):
    profile = parse_profile(PROFILE, "il.yaml")
    out = grade_profile(profile, result(*findings), load_rules())
    assert out is not None
    return {r.id: r for r in out.requirements}


def test_everything_the_clause_asks_is_met():
    r = graded(REPORT, DEADLINE_72H, TO_DESIGNATED)["il.report_deadline"]
    assert r.grade is RequirementGrade.MET and r.missing is None
    assert [e.quote for e in r.evidence] == [
        "Officers shall report it.",
        "within 72 hours",
        "to the designated officer",
    ]
    assert r.citation == "720 ILCS 5/7-16(d)" and r.verified is False


def test_no_deadline_is_partly_in_the_statutes_terms():
    r = graded(REPORT, TO_DESIGNATED)["il.report_deadline"]
    assert r.grade is RequirementGrade.PARTLY
    assert r.missing == "Report within 5 days to the designated person: the manual sets no deadline"


def test_a_longer_deadline_is_partly():
    ten_days = ValuedFinding("intervene.report_deadline", Scale.ELEMENT, Grade.PRESENT, value=240)
    r = graded(REPORT, ten_days, TO_DESIGNATED)["il.report_deadline"]
    assert r.grade is RequirementGrade.PARTLY
    assert "sets 240 hours" in r.missing and "where at most 120 hours is required" in r.missing


def test_another_recipient_or_none_is_partly():
    to_sergeant = ValuedFinding("intervene.report_recipient", Scale.ELEMENT, Grade.PRESENT, value_text="supervisor")
    r = graded(REPORT, DEADLINE_72H, to_sergeant)["il.report_deadline"]
    assert (
        r.grade is RequirementGrade.PARTLY
        and "names supervisor" in r.missing
        and "where designated is required" in r.missing
    )
    nobody = ValuedFinding("intervene.report_recipient", Scale.ELEMENT, Grade.PRESENT)
    assert "names no one" in graded(REPORT, DEADLINE_72H, nobody)["il.report_deadline"].missing


def test_should_where_the_statute_says_shall_is_partly():
    should = Finding("intervene.report", Scale.OBLIGATION, Grade.WEAK, (ev("Officers should report it.", Grade.WEAK),))
    r = graded(should, DEADLINE_72H, TO_DESIGNATED)["il.report_deadline"]
    assert r.grade is RequirementGrade.PARTLY
    assert "only permissive or narrow" in r.missing and r.evidence[0].quote == "Officers should report it."


def test_nothing_at_all_is_not_met_and_a_missing_element_is_partly():
    out = graded(
        Finding("intervene.duty", Scale.OBLIGATION, Grade.STRONG, (ev("Officers shall intervene.", Grade.STRONG),))
    )
    assert out["il.report_deadline"].grade is RequirementGrade.NOT_MET
    assert out["il.report_deadline"].evidence == ()
    rank = out["il.intervene"]
    assert rank.grade is RequirementGrade.PARTLY
    assert rank.missing == (
        "Intervene, whatever the rank: the manual has nothing that meets it (looked for: duty applies regardless of rank)"
    )


def test_a_document_not_audited_has_no_requirement_results():
    profile = parse_profile(PROFILE, "il.yaml")
    bad = AuditResult(document=DocumentInfo(path="x.pdf"), standard="core", status=Status.ERROR, reason="corrupt")
    assert grade_profile(profile, bad) is None
