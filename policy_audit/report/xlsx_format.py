"""XLSX (scan only, ``--format xlsx``): a workbook a monitor can file and filter.

Sheets, in order: ``departments`` (the department matrix: per criterion the grade, then the document
and page that earned it), ``documents`` (the CSV's rows), ``evidence`` (every quote with its page and
section) and ``about`` (what made the workbook, and when). Header rows are frozen and filtered; grades
are filled in the HTML report's colours.

Document text is untrusted: a quote starting with ``=`` must stay a quote. Every text cell is written
as a string (never a formula), and text that a spreadsheet would take for a formula once edited
(``= + - @``, as in :func:`text_safety.csv_cell`) is marked "quote prefix", Excel's own way of saying
"this is text". Characters XML cannot hold are dropped.

Binary, so it is written to a file (``-o out/`` or ``-o file.xlsx``), never rendered to stdout.
openpyxl is an optional dependency (``pip install 'policy-audit[xlsx]'``), imported only here.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from policy_audit.batch_result import BatchResult
from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult, Grade, Status
from policy_audit.provenance import Provenance
from policy_audit.report import Formatter, criterion_views, tone
from policy_audit.report.columns import department_header, department_row, document_header, document_row
from policy_audit.report.matrix import DepartmentMatrix, department_matrix
from policy_audit.rulebook import RuleSet

SHEETS = ("departments", "documents", "evidence", "about")
EVIDENCE_COLUMNS = (
    "document",
    "department",
    "criterion",
    "grade",
    "rank",
    "page",
    "section",
    "topic",
    "quote",
    "passage grade",
    "reason",
    "confidence",
)
FILLS = {"good": "E3F4E7", "weak": "FFF3D1", "missing": "FDE5E7"}  # the HTML report's --*-bg colours
_FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0


def require_openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise UsageError("--format xlsx needs openpyxl: pip install 'policy-audit[xlsx]'") from None
    return openpyxl


class _Sheet:
    """Appends rows whose text cells are always strings, with frozen, filtered headers."""

    def __init__(self, ws, header: tuple[str, ...], *, freeze: str = "A2"):
        from openpyxl.styles import Font

        self.ws = ws
        self.ws.append([_ILLEGAL.sub("", h) for h in header])
        for cell in self.ws[1]:
            cell.font = Font(bold=True)
        self.ws.freeze_panes = freeze
        self.widths = [len(h) for h in header]

    def append(self, values: list[Any], grades: dict[int, Grade] | None = None) -> None:
        from openpyxl.styles import PatternFill

        row = self.ws.max_row + 1
        for col, value in enumerate(values, 1):
            cell = self.ws.cell(row=row, column=col)
            if isinstance(value, str):
                text = _ILLEGAL.sub("", value)
                cell.value = text
                cell.data_type = "s"  # openpyxl takes "=..." for a formula; a document's text never is one
                if text.startswith(_FORMULA_START):
                    cell.quotePrefix = True
                self.widths[col - 1] = max(self.widths[col - 1], min(len(text), 60))
            else:
                cell.value = value
        for col, grade in (grades or {}).items():
            colour = FILLS[tone(grade)]
            self.ws.cell(row=row, column=col).fill = PatternFill("solid", start_color=colour, end_color=colour)

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        if self.ws.max_row >= 1 and self.ws.max_column >= 1:
            self.ws.auto_filter.ref = self.ws.dimensions
        for i, width in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = max(8, width + 2)


def _grades_at(header: tuple[str, ...], values: list[Any], criteria: set[str]) -> dict[int, Grade]:
    """The 1-based columns holding a grade (headed by a criterion id), for their fill."""
    return {i: Grade(v) for i, (h, v) in enumerate(zip(header, values), 1) if h in criteria and v}


def _departments(ws, matrix: DepartmentMatrix) -> None:
    header = department_header(matrix)
    sheet = _Sheet(ws, header, freeze="B2")
    criteria = {c.id for c in matrix.columns}
    for row in matrix.rows:
        values = department_row(row)
        sheet.append(values, _grades_at(header, values, criteria))
    sheet.finish()


def _documents(ws, batch: BatchResult, criteria: tuple[str, ...], timings: bool) -> None:
    header = document_header(criteria, timings=timings)
    sheet = _Sheet(ws, header, freeze="B2")
    for r in batch.results:
        values = document_row(r, criteria, timings=timings)
        if timings:  # a number, so the spreadsheet can sum it
            values[header.index("seconds")] = round(r.seconds, 2)
        sheet.append(values, _grades_at(header, values, set(criteria)))
    sheet.finish()


def _evidence(ws, results: tuple[AuditResult, ...], rules: RuleSet) -> None:
    sheet = _Sheet(ws, EVIDENCE_COLUMNS, freeze="A2")
    for r in results:
        if r.status is not Status.OK:
            continue
        for v in criterion_views(r, rules):
            for rank, ev in enumerate(v.finding.evidence, 1):
                values: list[Any] = [r.document.path, r.group, v.id, v.grade.value, rank, ev.page, ev.section]
                values += [ev.topic, ev.quote, ev.grade.value, ev.reason, v.finding.confidence.level.value]
                sheet.append(values, {4: v.grade, 10: ev.grade})
    sheet.finish()


def _about(ws, provenance: Provenance | None, matrix: DepartmentMatrix) -> None:
    sheet = _Sheet(ws, ("key", "value"))
    facts = provenance.to_dict() if provenance is not None else {}
    for key in ("tool_version", "rules_digest", "standard", "run_at"):
        sheet.append([key, facts.get(key, "")])
    for col in matrix.columns:
        sheet.append([col.id, col.title])
    sheet.finish()


def write_workbook(
    batch: BatchResult,
    rules: RuleSet,
    target: Path | BinaryIO,
    *,
    provenance: Provenance | None = None,
    timings: bool = False,
) -> None:
    openpyxl = require_openpyxl()
    wb = openpyxl.Workbook()
    sheets = [wb.active] + [wb.create_sheet() for _ in SHEETS[1:]]
    for ws, title in zip(sheets, SHEETS):
        ws.title = title
    matrix = department_matrix(batch, rules)
    _departments(sheets[0], matrix)
    _documents(sheets[1], batch, tuple(c.id for c in matrix.columns), timings)
    _evidence(sheets[2], batch.results, rules)
    _about(sheets[3], provenance, matrix)
    if provenance is not None:  # the file's own dates say when the run was, not when the bytes were written
        moment = datetime.strptime(provenance.run_at, "%Y-%m-%dT%H:%M:%SZ")
        wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = "policy-audit"
    wb.save(target)


class XlsxFormatter(Formatter):
    """Registered so ``--format xlsx`` is a scan format; the workbook itself comes from :func:`write_workbook`."""

    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        raise UsageError("xlsx is a scan format: use policy-audit scan -f xlsx -o FOLDER (or FILE.xlsx)")

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        raise UsageError("xlsx is a binary format: give -o FOLDER or -o FILE.xlsx")
