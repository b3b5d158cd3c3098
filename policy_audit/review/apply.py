"""Applying a review file to results: a decision made on this very document (same SHA-256) is applied;
one made on the same path but another version is attached as stale, shown and never applied."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from policy_audit.batch_result import BatchResult
from policy_audit.departments import summarize
from policy_audit.errors import UsageError
from policy_audit.findings import SCALE_GRADES, AuditResult, Finding, Grade, Review, Scale, Status
from policy_audit.review.schema import Decision, DocumentReview, ReviewFile


def _resolve(path: str, review_file: Path) -> str:
    return os.path.normcase(os.path.abspath(os.path.join(review_file.parent, path)))


def _entry_for(result: AuditResult, review: ReviewFile, review_file: Path) -> tuple[DocumentReview | None, bool]:
    """(the entry that speaks of this document, whether it is stale)."""
    sha = result.document.sha256
    for entry in review.documents:
        if sha and entry.sha256 == sha:
            return entry, False
    here = os.path.normcase(os.path.abspath(result.document.path))
    for entry in review.documents:
        if _resolve(entry.path, review_file) == here:
            return entry, True
    return None, False


def _reviewed(finding: Finding, decision: Decision, stale: bool, review_file: Path, entry: DocumentReview) -> Finding:
    if decision.grade is not None and decision.grade not in SCALE_GRADES[finding.scale]:
        allowed = ", ".join(g.value for g in SCALE_GRADES[finding.scale])
        raise UsageError(
            f"{review_file}: key '{entry.path}: {finding.criterion}.grade': {decision.grade.value!r} is not a grade "
            f"of this criterion; choose one of: {allowed}"
        )
    review = Review(
        decision=decision.decision,
        grade=decision.grade,
        note=decision.note,
        reviewer=decision.reviewer,
        date=decision.date.isoformat(),
        stale=stale,
    )
    return replace(finding, review=review)


def apply_to_result(result: AuditResult, review: ReviewFile | None, review_file: Path | None) -> AuditResult:
    if review is None or review_file is None or result.status is not Status.OK:
        return result
    entry, stale = _entry_for(result, review, review_file)
    if entry is None:
        return result
    findings = tuple(
        _reviewed(f, entry.decisions[f.criterion], stale, review_file, entry) if f.criterion in entry.decisions else f
        for f in result.findings
    )
    return replace(result, findings=findings)


def apply_to_batch(batch: BatchResult, review: ReviewFile | None, review_file: Path | None) -> BatchResult:
    """Every result reviewed, and the departments summarised again from the reviewed grades."""
    if review is None or review_file is None:
        return batch
    results = tuple(apply_to_result(r, review, review_file) for r in batch.results)
    if not batch.groups:
        return replace(batch, results=results)
    # the scale of each column, from a grade it holds: enough for summarize, whose only use of the
    # scale is the missing grade of a criterion no document was graded on
    criteria = [(gg.criterion, _scale_of(gg.grade)) for gg in batch.groups[0].grades]
    return replace(batch, results=results, groups=summarize(results, criteria))


def _scale_of(grade: Grade) -> Scale:
    return next(scale for scale, grades in SCALE_GRADES.items() if grade in grades)
