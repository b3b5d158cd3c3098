"""The department matrix: one row per department, one cell per criterion, each cell carrying the grade
and the evidence (document, page, quote) that earned it.

A monitor files one table per department, so this is scan's first output; CSV (``departments.csv``),
XLSX (the ``departments`` sheet) and the HTML summary all draw it from :func:`department_matrix`, so the
three can never disagree about a grade or the page that decided it.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_audit.batch_result import BatchResult
from policy_audit.findings import Evidence, Grade, Status
from policy_audit.report import batch_criteria
from policy_audit.report.caveats import department_checks
from policy_audit.rulebook import RuleSet


@dataclass(frozen=True)
class Column:
    id: str
    title: str  # the rule's full title (the id when the rule is unknown)
    family: str
    short: str  # the id's words after the family ("no retaliation"): fits a narrow column, wraps, never rotated


@dataclass(frozen=True)
class Cell:
    criterion: str
    grade: Grade | None  # None: none of the department's documents could be audited
    document: str  # the path of the document whose passage earned the grade; "" when nothing did
    evidence: Evidence | None
    check: bool  # the deciding finding has low confidence

    @property
    def page(self) -> int | None:
        return self.evidence.page if self.evidence is not None else None


@dataclass(frozen=True)
class Row:
    department: str
    documents: tuple[str, ...]  # paths, in input order
    audited: int  # how many of them were read and graded
    cells: tuple[Cell, ...]  # in column order


@dataclass(frozen=True)
class DepartmentMatrix:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def short_title(criterion: str) -> str:
    """ "intervene.no_retaliation" -> "no retaliation": user rules get a short title without declaring one."""
    tail = criterion.split(".", 1)[1] if "." in criterion else criterion
    return tail.replace("_", " ").replace("-", " ").strip() or criterion


def columns(batch: BatchResult, rules: RuleSet) -> tuple[Column, ...]:
    out = []
    for c in batch_criteria(batch, rules):
        rule = rules.get(c)
        family = rule.family if rule else c.split(".", 1)[0]
        out.append(Column(c, rule.title if rule else c, family, short_title(c)))
    return tuple(out)


def department_matrix(batch: BatchResult, rules: RuleSet) -> DepartmentMatrix:
    cols = columns(batch, rules)
    status = {r.document.path: r.status for r in batch.results}
    doubtful = department_checks(batch)
    rows = []
    for group in batch.groups:
        audited = sum(1 for d in group.documents if status.get(d) is Status.OK)
        grades = {g.criterion: g for g in group.grades}
        cells = []
        for col in cols:
            g = grades.get(col.id)
            if g is None or not audited:
                cells.append(Cell(col.id, None, "", None, False))
                continue
            cells.append(Cell(col.id, g.grade, g.document, g.evidence, (group.name, col.id) in doubtful))
        rows.append(Row(group.name, group.documents, audited, tuple(cells)))
    return DepartmentMatrix(cols, tuple(rows))
