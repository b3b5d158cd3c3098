"""``diff`` in the terminal: plain lines, colour (ANSI) only when asked; document text is cleaned of
control characters so a quote cannot move the cursor or recolour the screen."""

from __future__ import annotations

import textwrap

from policy_audit.diff.compare import STRONGER, WEAKER, DiffResult, DocumentDiff
from policy_audit.provenance import Provenance
from policy_audit.report.diff_render import grade_change, headline, quote_place, unchanged_line, verdict_line
from policy_audit.report.review_notes import review_note
from policy_audit.report.text_safety import clean_text

_COLOURS = {WEAKER: "\x1b[1;31m", STRONGER: "\x1b[1;32m"}
_RESET = "\x1b[0m"


def _document(doc: DocumentDiff, color: bool, width: int) -> list[str]:
    lines = [f"{clean_text(doc.old_path)} -> {clean_text(doc.new_path)}", ""]
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    for change in doc.changed:
        head = f"{change.criterion}  {clean_text(change.title)}: {grade_change(change)}"
        if change.direction in _COLOURS:
            head += f"  ({change.direction})"
            if color:
                head = f"{_COLOURS[change.direction]}{head}{_RESET}"
        lines.append(head)
        lines += [f"  - {clean_text(words)}" for words in change.changes]
        for label, finding in (("before", change.old), ("after", change.new)):
            best = headline(finding)
            if best is None:
                lines.append(f"  {label}: no quote")
                continue
            place = clean_text(quote_place(best))
            lines.append(f"  {label} ({place}):" if place else f"  {label}:")
            lines += wrap.wrap(f"\u201c{clean_text(best.quote)}\u201d")
            note = review_note(finding) if finding is not None else None
            if note:
                lines += wrap.wrap(f"review: {note}")
        lines.append("")
    same = unchanged_line(doc)
    if same:
        lines += textwrap.wrap(same, width=width) + [""]
    return lines


def render(diff: DiffResult, *, color: bool, width: int, provenance: Provenance | None) -> str:
    lines: list[str] = []
    for doc in diff.documents:
        lines += _document(doc, color, width)
    for label, paths in (
        ("Only in the old scan", diff.only_old),
        ("Only in the new scan", diff.only_new),
        ("Not audited in one of the scans", diff.not_audited),
    ):
        if paths:
            lines += textwrap.wrap(f"{label}: {', '.join(clean_text(p) for p in paths)}", width=width) + [""]
    lines.append(verdict_line(diff))
    if provenance is not None:
        lines.append(
            f"policy-audit {provenance.tool_version}, rules {provenance.rules_digest[:12]}, {provenance.run_at}"
        )
    return "\n".join(lines) + "\n"
