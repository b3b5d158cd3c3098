"""The bottom line: one pasteable sentence built from the findings, grammatical for any combination."""

from __future__ import annotations

import itertools
import re

import pytest
from test_report_samples import make_rule

from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, Status
from policy_audit.report.bottom_line import CLAUSES, bottom_line, join_clauses, join_words
from policy_audit.rulebook import RuleSet, load_rules

GOOD = {Scale.OBLIGATION: Grade.STRONG, Scale.ELEMENT: Grade.PRESENT, Scale.MET: Grade.MET}
BAD = {Scale.OBLIGATION: Grade.ABSENT, Scale.ELEMENT: Grade.ABSENT, Scale.MET: Grade.NOT_MET}


@pytest.fixture(scope="module")
def core():
    return load_rules().select("core")


@pytest.fixture(scope="module")
def cantwait():
    return load_rules().select("8cantwait")


def weak(reason: str) -> tuple[Evidence, ...]:
    return (Evidence(page=3, section="", quote="Officers should do it.", grade=Grade.WEAK, reason=reason),)


def result(rules: RuleSet, grades: dict[str, Grade | tuple[Grade, str]], default=BAD) -> AuditResult:
    findings = []
    for rule in rules:
        grade = grades.get(rule.id, default[rule.scale])
        reason = ""
        if isinstance(grade, tuple):
            grade, reason = grade
        findings.append(Finding(rule.id, rule.scale, grade, weak(reason) if grade is Grade.WEAK else ()))
    return AuditResult(document=DocumentInfo(path="/home/me/x.pdf", pages=3), standard="core", findings=tuple(findings))


def test_the_issue_example_reads_as_written(core):
    grades = {
        "intervene.duty": Grade.STRONG,
        "intervene.report": Grade.STRONG,
        "intervene.any_rank": Grade.PRESENT,
        "intervene.discipline": Grade.PRESENT,
        "medical.timing": Grade.PRESENT,
        "medical.ems": Grade.PRESENT,
        "medical.first_aid": Grade.PRESENT,
        "medical.monitoring": Grade.PRESENT,
    }
    line = bottom_line(result(core, grades), core)
    assert line.startswith("The manual requires officers to intervene and to report excessive force, ")
    assert ", but does not protect officers who intervene from retaliation, " in line
    assert "does not train officers to intervene, and does not require medical aid after force." in line


def test_all_strong_has_no_but(core):
    line = bottom_line(result(core, {}, default=GOOD), core)
    assert " but " not in line and "does not" not in line and "only" not in line
    assert line.startswith("The manual requires officers to intervene and to report excessive force, ")
    assert line.endswith(".") and line.count(".") == 1


def test_all_absent_says_what_is_missing_with_or(core):
    line = bottom_line(result(core, {}), core)
    assert line.startswith("The manual does not require officers to intervene or to report excessive force, ")
    assert " but " not in line and " requires " not in line
    assert ", does not protect officers who intervene from retaliation, " in line
    assert line.endswith(", and does not require the monitoring of restrained people.")


def test_weak_finding_only_encourages_and_quotes_the_word(core):
    grades = {"intervene.duty": Grade.STRONG, "medical.aid": (Grade.WEAK, "permissive: should")}
    line = bottom_line(result(core, grades, default=GOOD), core)
    assert line.startswith("The manual requires officers to intervene")
    assert line.endswith(", but only encourages medical aid after force ('should').")


def test_permission_says_permits_and_a_narrow_duty_names_its_case(core):
    grades = {
        "intervene.duty": (Grade.WEAK, "permissive: may (in the list's lead-in)"),
        "medical.aid": (Grade.WEAK, "mandatory: shall; narrow: only Taser"),
    }
    line = bottom_line(result(core, grades, default=GOOD), core)
    assert "only permits officers to intervene ('may')" in line
    assert "requires medical aid after force only in a narrow case (Taser)" in line
    assert ", but " in line


def test_two_gaps_join_with_and_without_a_comma(core):
    line = bottom_line(
        result(core, {"intervene.training": Grade.ABSENT, "intervene.no_retaliation": Grade.ABSENT}, default=GOOD),
        core,
    )
    assert line.endswith(
        "but does not protect officers who intervene from retaliation and does not train officers to intervene."
    )


def test_8cantwait_met_and_not_met(cantwait):
    grades = {"8cw.chokehold_ban": Grade.MET, "8cw.deescalation": Grade.MET}
    line = bottom_line(result(cantwait, grades), cantwait)
    # the gaps hold a list of their own, so clauses are separated by semicolons, "but" included
    assert line.startswith("The manual requires officers to de-escalate and bans chokeholds and strangleholds; but ")
    assert "does not require officers to intervene, to warn before shooting, or to exhaust other means" in line
    assert "; does not restrict shooting at moving vehicles; " in line
    assert line.endswith("; and does not require a report of every use of force.")


def test_department_is_the_subject(core):
    line = bottom_line(result(core, {}, default=GOOD), core, "Springfield (IL) Police Department")
    assert line.startswith("Springfield (IL) Police Department's manual requires ")


def test_a_document_that_could_not_be_read():
    bad = AuditResult(
        document=DocumentInfo(path="x.pdf"), standard="core", status=Status.ERROR, problem="corrupt", reason="not a PDF"
    )
    assert bottom_line(bad, RuleSet((), digest="x")) == "The manual could not be audited: not a PDF."
    assert bottom_line(result(RuleSet((), digest="x"), {}), RuleSet((), digest="x")) == "No criteria were graded."


def test_a_custom_rule_is_said_with_its_title():
    rules = RuleSet((make_rule("local.bodycam", Scale.ELEMENT, "Body cameras on during force", "x"),), digest="t")
    line = bottom_line(result(rules, {}), rules)
    assert line == "The manual does not address \u201cbody cameras on during force\u201d."


def test_every_built_in_criterion_has_words():
    assert {r.id for r in load_rules()} <= set(CLAUSES)


def test_join_words_uses_the_oxford_comma():
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"], "or") == "a, b, or c"
    assert join_clauses(["x", "y"]) == "x and y"
    assert join_clauses(["a, b, and c", "d"]) == "a, b, and c; and d"


GRAMMAR = re.compile(r"^[A-Z][^.]*\.$")


@pytest.mark.parametrize("standard", ["core", "8cantwait"])
def test_every_combination_of_three_is_one_grammatical_sentence(standard):
    rules = load_rules().select(standard)
    ids = [r.id for r in rules][:3]
    choices = [Grade.STRONG, (Grade.WEAK, "permissive: should"), Grade.ABSENT]
    for combo in itertools.product(choices, repeat=3):
        grades = {}
        for rid, g in zip(ids, combo):
            scale = rules.get(rid).scale
            grade = g[0] if isinstance(g, tuple) else g
            if scale is not Scale.OBLIGATION:  # elements and Campaign Zero's criteria have two grades
                grade = GOOD[scale] if grade is Grade.STRONG else BAD[scale]
                g = grade
            grades[rid] = g
        line = bottom_line(result(rules, grades, default=GOOD), rules)
        assert GRAMMAR.match(line), line
        assert "  " not in line and ",," not in line and ", ," not in line and " ." not in line
        assert not re.search(r"\band and\b|\bbut but\b|, but,", line), line
        gaps = [rid for rid in rules if result(rules, grades, default=GOOD).finding(rid.id).is_gap]
        assert (" but " in line) == (0 < len(gaps) < len(rules)), line
