"""The columns of scan's two tables, per document and per department, shared by CSV and XLSX so a
spreadsheet user finds the same headings and values in both.

Per document: ``path, department, status, problem, reason, pages, engine, sha256``, one grade column
per criterion, then ``checks``, then (only when a review file was applied) ``<criterion>.review``. ``seconds`` (after ``engine``, where it always was) only with
``--timings``: timings made two scans of the same files differ, and a filed table must be re-creatable.

Per department (the matrix): ``department, documents, audited``, then per criterion the grade, the
document and the page of the passage that earned it (``<criterion>``, ``<criterion>.document``,
``<criterion>.page``); an empty grade when none of the department's documents could be audited.
"""

from __future__ import annotations

from policy_audit.findings import AuditResult, Status
from policy_audit.report import result_grade
from policy_audit.report.caveats import result_check
from policy_audit.report.matrix import DepartmentMatrix, Row
from policy_audit.report.review_notes import review_cell

FIXED_COLUMNS = ("path", "department", "status", "problem", "reason", "pages", "engine", "sha256")
TIMING_COLUMNS = ("seconds",)
TRAILING_COLUMNS = ("checks",)
CHECKS_SEPARATOR = "; "
# After ``checks``, only when a scan had a --manifest, so that other scans keep their exact columns.
AGENCY_COLUMNS = ("state", "agency_id", "effective_date")
REVIEW_SUFFIX = ".review"  # the reviewed grade, "accepted" or "stale" (report/review_notes.py)
DEPARTMENT_COLUMNS = ("department", "documents", "audited")
CELL_SUFFIXES = ("", ".document", ".page")


def document_header(
    criteria: tuple[str, ...], *, timings: bool = False, reviewed: bool = False, agency: bool = False
) -> tuple[str, ...]:
    fixed = FIXED_COLUMNS[:-1] + (TIMING_COLUMNS if timings else ()) + FIXED_COLUMNS[-1:]
    reviews = tuple(f"{c}{REVIEW_SUFFIX}" for c in criteria) if reviewed else ()
    return (*fixed, *criteria, *TRAILING_COLUMNS, *(AGENCY_COLUMNS if agency else ()), *reviews)


def document_row(
    result: AuditResult,
    criteria: tuple[str, ...],
    *,
    timings: bool = False,
    reviewed: bool = False,
    agency: bool = False,
) -> list[object]:
    doc, audited = result.document, result.status is Status.OK
    cells: list[object] = [doc.path, result.group, result.status.value, result.problem, result.reason]
    cells += [doc.pages, doc.engine, *([f"{result.seconds:.2f}"] if timings else []), doc.sha256]
    for criterion in criteria:
        grade = result_grade(result, criterion) if audited else None
        cells.append(grade.value if grade is not None else "")
    cells.append(CHECKS_SEPARATOR.join(c for c in criteria if audited and result_check(result, c)))
    if agency:
        cells.extend(result.agency_fields().values())
    if reviewed:
        cells.extend(review_cell(result, c) for c in criteria)
    return cells


def department_header(matrix: DepartmentMatrix) -> tuple[str, ...]:
    return (*DEPARTMENT_COLUMNS, *(f"{col.id}{suffix}" for col in matrix.columns for suffix in CELL_SUFFIXES))


def department_row(row: Row) -> list[object]:
    cells: list[object] = [row.department, len(row.documents), row.audited]
    for cell in row.cells:
        cells += [cell.grade.value if cell.grade else "", cell.document, cell.page]
    return cells
