"""Grading a profile's requirements from an audit's findings: met, partly or not_met, and why.

Requirement results are worked out from the findings whenever a report is made, never stored: a
cached audit serves every profile, and a profile edited since still grades correctly. A requirement
is ``met`` when every criterion it needs has the grade (and value) asked for; ``not_met`` when none
of them is there at all; ``partly`` otherwise: the clause is there but weaker ("should" where the
statute says "shall", a longer deadline, no or another recipient, one element of several missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from policy_audit.findings import AuditResult, Evidence, Finding, Grade, Status
from policy_audit.rulebook import RuleSet
from policy_audit.standards.profiles import Need, Profile, Requirement

REQUIREMENT_SCALE = "requirement"  # the `scale` of a requirement in JSON, beside obligation/element/met


class RequirementGrade(str, Enum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"

    @property
    def is_gap(self) -> bool:
        return self is not RequirementGrade.MET


@dataclass(frozen=True)
class NeedResult:
    """How the manual does on one criterion a requirement needs."""

    need: Need
    grade: RequirementGrade
    finding_grade: Grade | None  # the criterion's grade in the audit; None when it was not audited
    problem: str = ""  # what falls short, in the statute's terms ("" when met)


@dataclass(frozen=True)
class RequirementResult:
    profile: str  # profile id
    requirement: Requirement
    grade: RequirementGrade
    needs: tuple[NeedResult, ...]
    evidence: tuple[Evidence, ...] = ()  # the deciding quote of each criterion found, in need order
    profile_verified: bool = True

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def citation(self) -> str:
        return self.requirement.citation

    @property
    def verified(self) -> bool:
        return self.requirement.verified and self.profile_verified

    @property
    def is_gap(self) -> bool:
        return self.grade.is_gap

    @property
    def missing(self) -> str | None:
        """ "Report within 5 days to the designated person: the manual sets no deadline" (None when met)."""
        if not self.is_gap:
            return None
        problems = "; ".join(n.problem for n in self.needs if n.problem)
        return f"{self.requirement.text.rstrip('.')}: {problems}"


@dataclass(frozen=True)
class ProfileResult:
    """One profile's requirements graded on one document."""

    profile: Profile
    requirements: tuple[RequirementResult, ...]

    def counts(self) -> dict[str, int]:
        out = {g.value: 0 for g in RequirementGrade}
        for r in self.requirements:
            out[r.grade.value] += 1
        return out

    @property
    def gaps(self) -> tuple[RequirementResult, ...]:
        return tuple(r for r in self.requirements if r.is_gap)


def _value_of(finding: Finding) -> tuple[float | None, str]:
    # Finding.value / value_text come with the value criteria (branch criteria); read them softly.
    value = getattr(finding, "value", None)
    return (float(value) if isinstance(value, (int, float)) else None), str(getattr(finding, "value_text", "") or "")


def _title(criterion: str, rules: RuleSet | None) -> str:
    rule = rules.get(criterion) if rules is not None else None
    return rule.title.lower() if rule is not None else criterion


def grade_need(need: Need, finding: Finding | None, rules: RuleSet | None = None) -> NeedResult:
    if finding is None or finding.grade in (Grade.ABSENT, Grade.NOT_MET):
        problem = need.missing or f"the manual has nothing that meets it (looked for: {_title(need.criterion, rules)})"
        return NeedResult(need, RequirementGrade.NOT_MET, finding.grade if finding else None, problem)
    if finding.grade.rank < need.grade.rank:
        reasons = sorted({e.reason for e in finding.evidence if e.grade is Grade.WEAK and e.reason})
        why = f" ({'; '.join(reasons)})" if reasons else ""
        problem = f"the manual's {_title(need.criterion, rules)} is only permissive or narrow{why}, not mandatory"
        return NeedResult(need, RequirementGrade.PARTLY, finding.grade, problem)
    if need.value is not None:
        number, words = _value_of(finding)
        if not need.value.accepts(number, words):
            wanted = need.value.describe()
            if need.value.one_of:
                found = f"names {words}" if words else "names no one"
            else:
                found = f"sets {need.value.amount(number)}" if number is not None else "sets no figure"
            subject = _title(need.criterion, rules)
            return NeedResult(
                need,
                RequirementGrade.PARTLY,
                finding.grade,
                f"the manual {found}, where {wanted} is required ({subject})",
            )
    return NeedResult(need, RequirementGrade.MET, finding.grade)


def grade_requirement(
    requirement: Requirement,
    result: AuditResult,
    rules: RuleSet | None = None,
    profile_id: str = "",
    profile_verified: bool = True,
) -> RequirementResult:
    needs = tuple(grade_need(n, result.finding(n.criterion), rules) for n in requirement.needs)
    grades = {n.grade for n in needs}
    if grades == {RequirementGrade.MET}:
        grade = RequirementGrade.MET
    elif grades == {RequirementGrade.NOT_MET}:
        grade = RequirementGrade.NOT_MET
    else:
        grade = RequirementGrade.PARTLY
    evidence: list[Evidence] = []
    for n in requirement.needs:
        finding = result.finding(n.criterion)
        if finding is None or not finding.evidence or finding.grade in (Grade.ABSENT, Grade.NOT_MET):
            continue
        if finding.evidence[0] not in evidence:
            evidence.append(finding.evidence[0])
    return RequirementResult(profile_id, requirement, grade, needs, tuple(evidence), profile_verified)


def grade_profile(profile: Profile, result: AuditResult, rules: RuleSet | None = None) -> ProfileResult | None:
    """The profile's requirements on one document; None when the document was not audited."""
    if result.status is not Status.OK:
        return None
    return ProfileResult(
        profile,
        tuple(grade_requirement(r, result, rules, profile.id, profile.verified) for r in profile.requirements),
    )


def grade_profiles(profiles, result: AuditResult, rules: RuleSet | None = None) -> tuple[ProfileResult, ...]:
    graded = (grade_profile(p, result, rules) for p in profiles)
    return tuple(g for g in graded if g is not None)
