"""The requirements section of a check report: a profile's clauses graded met / partly / not_met.

Kept apart from the formats' own modules so the check reports' other sections can change without
touching it: each format calls one function here. No rich here (terminal.py is the only module that
imports it): the terminal gets (text, tone) lines and styles them itself. Everything a document
supplies (quotes, sections) is escaped per format with :mod:`policy_audit.report.text_safety`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policy_audit.findings import AuditResult
from policy_audit.report.text_safety import clean_text, shorten
from policy_audit.report.text_safety import escape_html as esc
from policy_audit.report.text_safety import escape_markdown as md
from policy_audit.rulebook import RuleSet
from policy_audit.standards import REQUIREMENT_SCALE, ProfileResult, RequirementGrade, RequirementResult, grade_profiles

GRADE_WORDS = {RequirementGrade.MET: "met", RequirementGrade.PARTLY: "partly", RequirementGrade.NOT_MET: "not met"}
TONES = {RequirementGrade.MET: "good", RequirementGrade.PARTLY: "weak", RequirementGrade.NOT_MET: "missing"}
UNVERIFIED = "unverified: paraphrased from secondary sources, check the clause's text"
POLICY_TIER = "A document audit speaks to the policy only; training and practice need other evidence."


def profile_results(profiles: Sequence[Any], result: AuditResult, rules: RuleSet) -> tuple[ProfileResult, ...]:
    return grade_profiles(profiles, result, rules)


def requirement_columns(profiles: Sequence[Any]) -> tuple[str, ...]:
    """The scan CSV's requirement columns: requirement ids, profile by profile."""
    return tuple(r.id for p in profiles for r in p.requirements)


def requirement_cells(profiles: Sequence[Any], result: AuditResult, rules: RuleSet) -> list[str]:
    """One CSV row's requirement grades (met, partly, not_met), empty when the document was not audited."""
    graded = {r.id: r.grade.value for pr in profile_results(profiles, result, rules) for r in pr.requirements}
    return [graded.get(c, "") for c in requirement_columns(profiles)]


def requirement_gaps(profiles: Sequence[Any], result: AuditResult, rules: RuleSet) -> int:
    return sum(len(pr.gaps) for pr in profile_results(profiles, result, rules))


def _headline(pr: ProfileResult) -> str:
    counts = pr.counts()
    total = len(pr.requirements)
    return (
        f"{pr.profile.title} ({pr.profile.citation}): {counts['met']} of {total} requirements met, "
        f"{counts['partly']} partly, {counts['not_met']} not met"
    )


def _where(rr: RequirementResult) -> str:
    if not rr.evidence:
        return ""
    ev = rr.evidence[0]
    parts = [f"p. {ev.page}"] if ev.page is not None else []
    if ev.section:
        parts.append(ev.section)
    return ", ".join(parts)


# --- JSON ---------------------------------------------------------------------------------------------


def requirement_object(rr: RequirementResult) -> dict[str, Any]:
    """A requirement as a finding: ``criterion`` is the requirement id, ``scale`` "requirement"."""
    return {
        "criterion": rr.id,
        "title": rr.requirement.text,
        "family": rr.profile,
        "scale": REQUIREMENT_SCALE,
        "grade": rr.grade.value,
        "gap": rr.is_gap,
        "citation": rr.citation,
        "verified": rr.verified,
        "evidence": [e.to_dict() for e in rr.evidence],
        "missing": rr.missing,
        "criteria": [
            {
                "criterion": n.need.criterion,
                "needed": n.need.grade.value,
                "value": n.need.value.describe() if n.need.value else None,
                "found": n.finding_grade.value if n.finding_grade else None,
                "grade": n.grade.value,
                "problem": n.problem,
            }
            for n in rr.needs
        ],
    }


def json_requirements(profiles: Sequence[Any], result: AuditResult, rules: RuleSet) -> list[dict[str, Any]]:
    return [requirement_object(rr) for pr in profile_results(profiles, result, rules) for rr in pr.requirements]


def json_standards(profiles: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "title": p.title,
            "citation": p.citation,
            "effective": p.effective,
            "superseded_by": p.superseded_by,
            "source_url": p.source_url,
            "verified": p.verified,
        }
        for p in profiles
    ]


# --- terminal: (indent, text, tone) lines; tone is good / weak / missing / dim / bold / "" ------------


def terminal_lines(
    profiles: Sequence[Any], result: AuditResult, rules: RuleSet, width: int = 100
) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for pr in profile_results(profiles, result, rules):
        out += [(0, "", ""), (0, clean_text(_headline(pr)), "bold")]
        if pr.profile.superseded_by:
            out.append((0, clean_text(f"Superseded: {pr.profile.superseded_by}"), "weak"))
        for rr in pr.requirements:
            mark = "" if rr.verified else "  (unverified)"
            out.append((0, clean_text(f"{rr.id}: {GRADE_WORDS[rr.grade]} [{rr.citation}]{mark}"), TONES[rr.grade]))
            out.append((2, clean_text(rr.requirement.text), ""))
            if rr.evidence:
                quote = shorten(rr.evidence[0].quote, max(40, width - 10))
                out.append((4, clean_text(f'"{quote}" ({_where(rr) or "no page"})'), "dim"))
            if rr.missing:
                out.append((2, clean_text(f"Missing: {rr.missing}"), ""))
        out.append((0, POLICY_TIER, "dim"))
    return out


# --- Markdown -----------------------------------------------------------------------------------------


def markdown_lines(profiles: Sequence[Any], result: AuditResult, rules: RuleSet, level: int = 2) -> list[str]:
    h = "#" * level
    out: list[str] = []
    for pr in profile_results(profiles, result, rules):
        out += [f"{h} Requirements: {md(pr.profile.title)}", "", md(_headline(pr)), ""]
        if pr.profile.superseded_by:
            out += [f"> Superseded: {md(pr.profile.superseded_by)}", ""]
        out += ["| requirement | citation | grade | page | evidence |", "|---|---|---|--:|---|"]
        for rr in pr.requirements:
            ev = rr.evidence[0] if rr.evidence else None
            page = str(ev.page) if ev is not None and ev.page is not None else "–"
            quote = md(shorten(ev.quote, 90)) if ev is not None else ""
            mark = " (unverified)" if not rr.verified else ""
            out.append(f"| `{rr.id}` | {md(rr.citation)}{mark} | {GRADE_WORDS[rr.grade]} | {page} | {quote} |")
        out.append("")
        for rr in pr.gaps:
            out.append(f"- **`{rr.id}`** ({md(rr.citation)}): {md(rr.missing or '')}")
        if pr.gaps:
            out.append("")
        if not pr.profile.verified:
            out += [f"_(unverified): {md(UNVERIFIED)}._", ""]
        out += [f"_{POLICY_TIER}_", ""]
    return out


# --- HTML ---------------------------------------------------------------------------------------------


def html_lines(profiles: Sequence[Any], result: AuditResult, rules: RuleSet, level: int = 2) -> list[str]:
    h = f"h{level}"
    out: list[str] = []
    for pr in profile_results(profiles, result, rules):
        out += [
            f'<section class="requirements" id="standard-{esc(pr.profile.id)}">',
            f"<{h}>Requirements: {esc(pr.profile.title)}</{h}>",
            f'<p class="facts">{esc(_headline(pr))}</p>',
        ]
        if pr.profile.superseded_by:
            out.append(f'<p class="check-note">Superseded: {esc(pr.profile.superseded_by)}</p>')
        out += [
            '<div class="scroll"><table>',
            "<thead><tr><th>requirement</th><th>citation</th><th>grade</th><th>page</th><th>evidence</th>"
            "<th>what is missing</th></tr></thead><tbody>",
        ]
        for rr in pr.requirements:
            ev = rr.evidence[0] if rr.evidence else None
            page = str(ev.page) if ev is not None and ev.page is not None else "–"
            quote = esc(shorten(ev.quote, 110)) if ev is not None else ""
            mark = ' <span class="muted">(unverified)</span>' if not rr.verified else ""
            badge = f'<span class="badge {TONES[rr.grade]}">{GRADE_WORDS[rr.grade]}</span>'
            out.append(
                f'<tr><td>{esc(rr.id)}<br><span class="muted">{esc(rr.requirement.text)}</span></td>'
                f"<td>{esc(rr.citation)}{mark}</td><td>{badge}</td><td>{page}</td><td>{quote}</td>"
                f"<td>{esc(rr.missing or '')}</td></tr>"
            )
        out += ["</tbody></table></div>", f'<p class="muted">{esc(POLICY_TIER)}</p>', "</section>"]
    return out
