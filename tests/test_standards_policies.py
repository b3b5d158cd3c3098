"""Each built-in profile against a policy written to satisfy it (tests/standards/<id>_meets.md) and a
weakened copy (<id>_weakened.md: "should" for "shall", no deadline, no rank or chain-of-command clause;
for profiles without those, the clause nearest to them: a permissive duty, no aid timing, no retaliation
bar, a permissive warning and no force matrix for 8 Can't Wait).

Requirements that need criteria the rule set lacks (those branch `criteria` adds) cannot be met: their
cases are strict xfails naming the criteria, decided when the tests are collected, so they run as
ordinary tests once the criteria are in the rule set.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from policy_audit.audit import AuditOptions, audit_path
from policy_audit.rulebook import load_rules
from policy_audit.standards import grade_profile, load_profile, select_standards

HERE = Path(__file__).resolve().parent / "standards"

MET, PARTLY, NOT_MET = "met", "partly", "not_met"

# What the weakened copy gets, requirement by requirement (those not listed: met).
WEAKENED = {
    "wa": {"wa.report": PARTLY},
    "mn": {"mn.intercede": PARTLY, "mn.report": PARTLY},
    "ca": {"ca.report": PARTLY},
    "co": {"co.intervene": PARTLY, "co.report": PARTLY},
    "nj": {"nj.intercede": PARTLY, "nj.report": PARTLY},
    "il": {"il.intervene": PARTLY, "il.report_deadline": PARTLY},
    "tx": {"tx.report": PARTLY},
    "ma": {"ma.intervene": PARTLY, "ma.report": PARTLY},
    "ct": {"ct.report": PARTLY},
    "nc": {"nc.report": PARTLY},
    "doj2022": {"doj2022.intervene": PARTLY},
    "ncp": {},  # the model policy itself says "should promptly report": a "should" still meets it
    "calea": {"calea.intervene": PARTLY, "calea.aid": PARTLY},
    "able": {"able.policy": PARTLY},
    "8cantwait": {"8cantwait.warning": NOT_MET, "8cantwait.continuum": NOT_MET},
}


@cache
def _graded(profile_id: str, kind: str) -> dict[str, str]:
    rules = load_rules()
    profile = load_profile(profile_id)  # schema only: some criteria arrive with branch `criteria`
    standard = select_standards([profile_id]).audit_standard(rules) if profile_id != "8cantwait" else "8cantwait"
    result = audit_path(HERE / f"{profile_id}_{kind}.md", AuditOptions(standard=standard), rules)
    graded = grade_profile(profile, result, rules)
    assert graded is not None
    return {r.id: r.grade.value for r in graded.requirements}


def _missing_criteria(requirement) -> list[str]:
    rules = load_rules()
    return [c for c in requirement.criteria if rules.get(c) is None]


def _cases(kind: str):
    for profile_id, gaps in WEAKENED.items():
        for requirement in load_profile(profile_id).requirements:
            expected = gaps.get(requirement.id, MET) if kind == "weakened" else MET
            missing = _missing_criteria(requirement)
            marks = ()
            if missing and expected == MET:
                marks = pytest.mark.xfail(strict=True, reason=f"needs criterion {', '.join(missing)} (branch criteria)")
            yield pytest.param(profile_id, requirement.id, expected, id=requirement.id, marks=marks)


def test_every_profile_has_its_two_policies():
    assert set(WEAKENED) == {p.stem.removesuffix("_meets") for p in HERE.glob("*_meets.md")}
    assert set(WEAKENED) == {p.stem.removesuffix("_weakened") for p in HERE.glob("*_weakened.md")}


@pytest.mark.parametrize("profile_id, requirement_id, expected", list(_cases("meets")))
def test_the_policy_written_for_a_profile_meets_it(profile_id, requirement_id, expected):
    assert _graded(profile_id, "meets")[requirement_id] == expected


@pytest.mark.parametrize("profile_id, requirement_id, expected", list(_cases("weakened")))
def test_the_weakened_copy_falls_short_on_exactly_the_weakened_clauses(profile_id, requirement_id, expected):
    assert _graded(profile_id, "weakened")[requirement_id] == expected
