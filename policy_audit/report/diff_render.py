"""``policy-audit diff``'s report: one entry point, a module per format (diff_terminal, diff_markdown,
diff_html, diff_json), and the format-neutral words they share. Document text is untrusted: every
format escapes it (report/text_safety.py)."""

from __future__ import annotations

import difflib
import importlib
import re

from policy_audit.diff.compare import SAME, STRONGER, WEAKER, CriterionChange, DiffResult, DocumentDiff
from policy_audit.errors import UsageError
from policy_audit.findings import Evidence, Finding, Grade
from policy_audit.provenance import Provenance

DIFF_FORMATS = ("terminal", "markdown", "html", "json")
_MODULES = {"terminal": "diff_terminal", "markdown": "diff_markdown", "html": "diff_html", "json": "diff_json"}

ARROWS = {WEAKER: "weaker", STRONGER: "stronger", SAME: "same grade"}
_WORD_KEY = re.compile(r"[^a-z0-9]+")
_SECTION_NUMBER = re.compile(r"\W*\d+(?:\.\d+)+\W*")


def parse_diff_format(value: str) -> str:
    if value not in DIFF_FORMATS:
        raise UsageError(f"--format {value!r} is not available for diff; choose one of: {', '.join(DIFF_FORMATS)}")
    return value


def render_diff(
    diff: DiffResult, fmt: str, *, color: bool = False, width: int = 100, provenance: Provenance | None = None
) -> str:
    module = importlib.import_module(f"policy_audit.report.{_MODULES[parse_diff_format(fmt)]}")
    return module.render(diff, color=color, width=width, provenance=provenance)


def grade_word(grade: Grade | None) -> str:
    return grade.value.replace("_", " ") if grade is not None else "not graded"


def grade_change(change: CriterionChange) -> str:
    """ "strong -> weak" (effective grades)."""
    return f"{grade_word(change.old_grade)} -> {grade_word(change.new_grade)}"


def quote_place(ev: Evidence | None) -> str:
    """ "p. 3, 4.10.2 DUTY TO INTERVENE"; "" for a format without pages (untrusted: escape before output)."""
    if ev is None:
        return ""
    parts = [f"p. {ev.page}"] if ev.page is not None else []
    if ev.section:
        parts.append(ev.section)
    return ", ".join(parts)


def headline(finding: Finding | None) -> Evidence | None:
    return finding.evidence[0] if finding is not None and finding.evidence else None


def unchanged_line(doc: DocumentDiff) -> str | None:
    """ "Unchanged (5): intervene.any_rank absent, ..." in one line; None when every criterion changed."""
    same = doc.unchanged
    if not same:
        return None
    items = ", ".join(f"{c.criterion} {grade_word(c.new_grade)}" for c in same)
    return f"Unchanged ({len(same)}): {items}"


def verdict_line(diff: DiffResult) -> str:
    weaker = [(d, c) for d in diff.documents for c in d.criteria if c.direction == WEAKER]
    stronger = [(d, c) for d in diff.documents for c in d.criteria if c.direction == STRONGER]
    if not weaker and not stronger:
        return "No criterion got weaker or stronger."
    parts = []
    if weaker:
        parts.append(f"{len(weaker)} weaker: " + ", ".join(c.criterion for _, c in weaker))
    if stronger:
        parts.append(f"{len(stronger)} stronger: " + ", ".join(c.criterion for _, c in stronger))
    return "; ".join(parts)


def redline(old: str, new: str) -> list[tuple[str, str]]:
    """The words of two quotes as (op, text) runs, op one of "equal", "delete", "insert", compared
    by their letters and digits (so reflowed lines, case, punctuation and section numbers are no change)."""
    a, b = old.split(), new.split()

    def key(word: str) -> str:
        return "" if _SECTION_NUMBER.fullmatch(word) else _WORD_KEY.sub("", word.lower())

    matcher = difflib.SequenceMatcher(None, [key(w) for w in a], [key(w) for w in b], autojunk=False)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("equal", " ".join(b[j1:j2])))
        if op in ("delete", "replace"):
            runs.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("insert", " ".join(b[j1:j2])))
    return runs
