"""What a reviewer decided about a finding, in words every format shows beside the tool's grade.

The tool's grade stays where it was; these helpers add the reviewed grade, the note and who decided,
or STALE when the decision was made on another version of the document (shown, never applied).
Notes and names come from the review file: untrusted text, escaped by the caller like any quote
(the HTML helpers here escape it themselves).
"""

from __future__ import annotations

from typing import Any

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult, Finding, Review, Status
from policy_audit.report.text_safety import clean_text, escape_html

STALE_WORD = "STALE"


def _who(review: Review) -> str:
    parts = [p for p in (clean_text(review.reviewer), review.date) if p]
    return ", ".join(parts)


def review_mark(finding: Finding) -> str | None:
    """Short, beside a grade: "reviewed: strong", "accepted", "STALE review"."""
    review = finding.review
    if review is None:
        return None
    if review.stale:
        return f"{STALE_WORD} review"
    if review.decision == "override" and review.grade is not None:
        return f"reviewed: {review.grade.value}"
    return "accepted"


def review_note(finding: Finding) -> str | None:
    """One line for the details: the decision, who and when, and the note."""
    review = finding.review
    if review is None:
        return None
    if review.decision == "override" and review.grade is not None:
        what = f"reviewer override: {review.grade.value} (tool: {finding.grade.value})"
    else:
        what = f"reviewer accepted the tool's grade ({finding.grade.value})"
    who = _who(review)
    text = f"{what}, {who}" if who else what
    if review.note:
        text += f": {clean_text(review.note)}"
    if review.stale:
        text = f"{STALE_WORD}, not applied (the document changed since the decision): {text}"
    return text


def review_object(finding: Finding) -> dict[str, Any] | None:
    """The JSON ``review`` of a finding: null when nobody reviewed it."""
    return finding.review.to_dict() if finding.review is not None else None


def review_html(finding: Finding) -> str:
    """A paragraph for the HTML details ("" when not reviewed)."""
    note = review_note(finding)
    if note is None:
        return ""
    css = "review stale" if finding.review is not None and finding.review.stale else "review"
    return f'<p class="{css}"><strong>Review:</strong> {escape_html(note)}</p>'


def review_badge_html(finding: Finding) -> str:
    mark = review_mark(finding)
    return f' <span class="review">{escape_html(mark)}</span>' if mark else ""


def review_cell(result: AuditResult, criterion: str) -> str:
    """The CSV ``<criterion>.review`` cell: the reviewed grade, ``accepted``, ``stale``, or ""."""
    finding = result.finding(criterion) if result.status is Status.OK else None
    review = finding.review if finding is not None else None
    if review is None:
        return ""
    if review.stale:
        return "stale"
    return review.grade.value if review.decision == "override" and review.grade is not None else "accepted"


def batch_reviewed(batch: BatchResult) -> bool:
    return any(f.review is not None for r in batch.results for f in r.findings)


def review_rows(batch: BatchResult) -> list[tuple[AuditResult, Finding]]:
    """Every reviewed finding of a batch, in input then rule order."""
    return [(r, f) for r in batch.results for f in r.findings if f.review is not None]


def review_table_html(batch: BatchResult) -> list[str]:
    """The scan summary's list of reviewer decisions (nothing when there are none)."""
    rows = review_rows(batch)
    if not rows:
        return []
    out = [
        f"<h2>Reviewer decisions ({len(rows)})</h2>",
        '<div class="scroll"><table id="reviews">',
        "<thead><tr><th>document</th><th>criterion</th><th>tool</th><th>reviewed</th><th>decision</th></tr></thead><tbody>",
    ]
    for result, finding in rows:
        assert finding.review is not None
        out.append(
            f"<tr><td>{escape_html(result.document.path)}</td><td>{escape_html(finding.criterion)}</td>"
            f"<td>{escape_html(finding.grade.value)}</td><td>{escape_html(review_mark(finding) or '')}</td>"
            f"<td>{escape_html(review_note(finding) or '')}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out
