"""``diff --format markdown``: a memo section per document; document text escaped for Markdown."""

from __future__ import annotations

from policy_audit.diff.compare import DiffResult, DocumentDiff
from policy_audit.provenance import Provenance
from policy_audit.report.diff_render import grade_change, headline, quote_place, unchanged_line, verdict_line
from policy_audit.report.review_notes import review_note
from policy_audit.report.text_safety import escape_markdown as md


def _document(doc: DocumentDiff) -> list[str]:
    lines = [f"## {md(doc.old_path)} → {md(doc.new_path)}", ""]
    for change in doc.changed:
        direction = f" ({change.direction})" if change.direction != "same" else ""
        lines += [f"### `{change.criterion}` {md(change.title)}: {grade_change(change)}{direction}", ""]
        lines += [f"- {md(words)}" for words in change.changes]
        lines.append("")
        for label, finding in (("Before", change.old), ("After", change.new)):
            best = headline(finding)
            if best is None:
                lines += [f"**{label}:** no quote", ""]
                continue
            place = f" ({md(quote_place(best))})" if quote_place(best) else ""
            lines += [f"**{label}**{place}:", "", f"> {md(best.quote)}", ""]
            note = review_note(finding) if finding is not None else None
            if note:
                lines += [f"_Review: {md(note)}_", ""]
    same = unchanged_line(doc)
    if same:
        lines += [md(same), ""]
    return lines


def render(diff: DiffResult, *, color: bool, width: int, provenance: Provenance | None) -> str:
    lines = ["# Policy revision compared", "", f"**{md(verdict_line(diff))}**", ""]
    for doc in diff.documents:
        lines += _document(doc)
    for label, paths in (
        ("Only in the old scan", diff.only_old),
        ("Only in the new scan", diff.only_new),
        ("Not audited in one of the scans", diff.not_audited),
    ):
        if paths:
            lines += [f"{label}: " + ", ".join(md(p) for p in paths), ""]
    if provenance is not None:
        lines.append(
            f"_policy-audit {md(provenance.tool_version)}, rules {md(provenance.rules_digest[:12])}, "
            f"{md(provenance.run_at)}_"
        )
    return "\n".join(lines) + "\n"
