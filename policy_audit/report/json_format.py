"""JSON and JSON Lines: the versioned machine formats, documented in docs/json-schema.md.

Output is deterministic so two runs can be diffed: keys sorted, lists in report order (rules) or
input order (documents), no timings and no cache counts (unless ``--timings``), one timestamp only
(``provenance.run_at``: the batch's, or a single check's; the field a comparison of two runs blanks),
ASCII only (non-ASCII as ``\\uXXXX``, so the bytes survive any terminal encoding). Text from documents is
carried verbatim: consumers that display it must escape it for their own context.
"""

from __future__ import annotations

import json
from typing import Any

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult
from policy_audit.provenance import Provenance
from policy_audit.report import (
    SCHEMA_VERSION,
    TOOL,
    CriterionView,
    Formatter,
    batch_criteria,
    criterion_views,
    grade_counts,
)
from policy_audit.report.requirements import json_requirements, json_standards
from policy_audit.report.review_notes import review_object
from policy_audit.rulebook import Rule, RuleSet


def _dumps(obj: Any, *, pretty: bool) -> str:
    if pretty:
        return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=True)


def _envelope(kind: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "tool": dict(TOOL), "kind": kind}


def finding_object(view: CriterionView) -> dict[str, Any]:
    return {
        "criterion": view.id,
        "title": view.title,
        "family": view.family,
        "scale": view.finding.scale.value,
        "severity": view.rule.severity if view.rule else None,
        "grade": view.grade.value,
        "gap": view.is_gap,
        "evidence": [e.to_dict() for e in view.finding.evidence],
        "confidence": view.finding.confidence.to_dict(),
        "scope": view.finding.scope,
        "value": view.finding.value,
        "value_text": view.finding.value_text,
        "missing": view.missing,
        "recommendation": view.recommendation,
        "sources": list(view.sources),
        # only with a review file that speaks of this finding: unreviewed output keeps its keys
        **({"review": review} if (review := review_object(view.finding)) is not None else {}),
    }


def check_object(result: AuditResult, rules: RuleSet) -> dict[str, Any]:
    """The check object: one document's audit. Also each entry of a batch's ``documents``."""
    views = criterion_views(result, rules)
    summary: dict[str, int] = {"criteria": len(views), "gaps": sum(v.is_gap for v in views)}
    summary.update(grade_counts(result))
    obj = _envelope("check")
    obj.update(
        {
            "standard": result.standard,
            "department": result.group,
            "document": result.document.to_dict(),
            "status": result.status.value,
            "problem": result.problem,
            "reason": result.reason,
            "summary": summary,
            "findings": [finding_object(v) for v in views],
            "provenance": None,  # check output sets it; a batch's documents share the batch's run
        }
    )
    obj.update({k: v for k, v in result.agency_fields().items() if v})  # from scan --manifest
    return obj


def with_requirements(obj: dict[str, Any], profiles, result: AuditResult, rules: RuleSet) -> dict[str, Any]:
    """With profiles selected, the check object gains ``standards`` and ``requirements`` (schema 1.x:
    new keys, present only then)."""
    if profiles:
        obj["standards"] = json_standards(profiles)
        obj["requirements"] = json_requirements(profiles, result, rules)
    return obj


def batch_header(
    batch: BatchResult, rules: RuleSet, provenance: Provenance | None = None, *, timings: bool = False
) -> dict[str, Any]:
    """The batch object without its documents (JSONL's first line). ``cached`` is null unless timings are
    asked for: a warm rescan must give the same bytes as a cold one."""
    counts = dict(batch.counts())
    counts["total"] = len(batch.results)
    obj = _envelope("batch")
    obj.update(
        {
            "standard": batch.standard,
            "criteria": list(batch_criteria(batch, rules)),
            "counts": counts,
            "interrupted": batch.interrupted,
            "cached": batch.cached if timings else None,
            "skipped": len(batch.skipped),
            "skipped_files": [{"path": path, "reason": reason} for path, reason in batch.skipped],
            "departments": [g.to_dict() for g in batch.groups],
            "provenance": provenance.to_dict() if provenance is not None else None,
        }
    )
    return obj


def rule_object(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "family": rule.family,
        "title": rule.title,
        "scale": rule.scale.value,
        "severity": rule.severity,
        "summary": rule.summary,
        "rationale": rule.rationale,
        "notes": rule.notes,
        "sources": list(rule.sources),
        "model_language": rule.model_language,
        "aliases": list(rule.aliases),
        "examples": {grade.value: list(passages) for grade, passages in rule.examples},
    }


class JsonFormatter(Formatter):
    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        obj = with_requirements(check_object(result, rules), self.options.profiles, result, rules)
        if self.options.department.strip():
            obj["department"] = self.options.department.strip()
        if self.options.provenance is not None:
            obj["provenance"] = self.options.provenance.to_dict()
        return _dumps(obj, pretty=True)

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        obj = batch_header(batch, rules, self.options.provenance, timings=self.options.timings)
        profiles = self.options.profiles
        obj["documents"] = [with_requirements(check_object(r, rules), profiles, r, rules) for r in batch.results]
        return _dumps(obj, pretty=True)

    def render_rule_list(self, rules: RuleSet) -> str:
        obj = _envelope("rules")
        obj["rules"] = [rule_object(r) for r in rules]
        return _dumps(obj, pretty=True)

    def render_explain(self, rule: Rule) -> str:
        obj = _envelope("rule")
        obj["rule"] = rule_object(rule)
        return _dumps(obj, pretty=True)


class JsonlFormatter(Formatter):
    """One JSON object per line: the batch header (with the department summaries), then one check
    object per document, in input order."""

    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        obj = with_requirements(check_object(result, rules), self.options.profiles, result, rules)
        return _dumps(obj, pretty=False) + "\n"

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        header = batch_header(batch, rules, self.options.provenance, timings=self.options.timings)
        lines = [_dumps(header, pretty=False)]
        profiles = self.options.profiles
        lines.extend(
            _dumps(with_requirements(check_object(r, rules), profiles, r, rules), pretty=False) for r in batch.results
        )
        return "\n".join(lines) + "\n"
