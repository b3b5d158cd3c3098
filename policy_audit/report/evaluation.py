"""The output formats of ``evaluate``: the interface and what every format shows, format-neutral.

Each format is one module beside the check and scan formats (``evaluation_terminal``,
``evaluation_markdown``, ``evaluation_json``), one :class:`EvaluationFormatter` subclass, looked up
by :func:`policy_audit.report.render_evaluation` and imported only when used. Like every report,
they take :class:`~policy_audit.report.RenderOptions` and escape all text that comes from documents
or labels files (quotes, paths, reasons, the labeller) with :mod:`policy_audit.report.text_safety`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from policy_audit.evaluate import SCALE_GRADES, Evaluation, EvidenceScore
from policy_audit.findings import Grade
from policy_audit.report import RenderOptions

QUOTE_LIMIT = 220  # characters of a quote in the terminal's disagreement table


class EvaluationFormatter(ABC):
    def __init__(self, options: RenderOptions | None = None):
        self.options = options if options is not None else RenderOptions()

    @abstractmethod
    def render_evaluation(self, evaluation: Evaluation) -> str: ...


def fmt_num(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def fmt_share(part: int, n: int) -> str:
    """ "0.867 (13/15)", or "n/a" with nothing to count."""
    return "n/a" if not n else f"{part / n:.3f} ({part}/{n})"


def no_text_line(ev: Evaluation) -> str:
    return f"no_text agreement: {len(ev.no_text.agreed)}/{len(ev.no_text.expected)}"


def excluded_line(ev: Evaluation) -> str | None:
    n = ev.documents.get("excluded", 0)
    return f"{n} document{'s' if n != 1 else ''} left out by --include/--exclude" if n else None


def labels_name(ev: Evaluation) -> str:
    return Path(ev.labels_path).name


EVIDENCE_NOTE = (
    "Evidence: on the labels that carry a quote and whose grade the tool agreed with, how often the "
    "headline quote (the finding's first) and how often any of the finding's quotes contain the "
    'labelled quote (words compared, case, punctuation and line breaks ignored; "..." pieces in order).'
)


def evidence_rows(ev: Evaluation) -> list[tuple[str, EvidenceScore]]:
    """(criterion id, evidence score) per criterion, then ("overall", pooled)."""
    return [(c.id, c.evidence) for c in ev.criteria] + [("overall", ev.evidence)]


def found_columns(ev: Evaluation) -> list[str]:
    cols: dict[str, None] = {}
    for c in ev.criteria:
        for row in c.scores.confusion.values():
            for f in row:
                cols.setdefault(f, None)
    grade_order = [g.value for g in (Grade.STRONG, Grade.WEAK, Grade.PRESENT, Grade.MET, Grade.ABSENT, Grade.NOT_MET)]
    return sorted(cols, key=lambda f: (grade_order.index(f) if f in grade_order else len(grade_order), f))


def confusion_rows(ev: Evaluation) -> tuple[list[str], list[list[str]]]:
    """(found columns, rows of [criterion, expected, count per column])."""
    cols = found_columns(ev)
    rows = []
    for c in ev.criteria:
        for expected, row in c.scores.confusion.items():
            if expected not in (g.value for g in SCALE_GRADES[c.scale]):
                continue  # a found-only category ("no_text") never appears as an expected row
            rows.append([c.id, expected] + [str(row[f]) if f in row else "" for f in cols])
    return cols, rows
