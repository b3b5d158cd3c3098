"""CSV (scan only): one row per document, for spreadsheets; and the department matrix (``departments.csv``).

The columns are :mod:`.columns`' (shared with XLSX). The grade cells keep the bare grade value
(``strong``, ``weak``, ``absent``, ``present``, ``met``, ``not_met``; empty when the document was not
audited) so a spreadsheet can still count and filter them; the doubt has a column of its own, ``checks``:
the criteria whose findings have low confidence ("check this"), separated by ``; ``, in rule order.
A scan with ``--manifest`` adds ``state, agency_id, effective_date`` after it (only then). With standards
profiles (``--standard il``), one column per requirement id follows, holding ``met``, ``partly`` or
``not_met`` (empty when not audited).

Dialect, chosen for diffable files that Excel, LibreOffice and pandas all read: comma separated,
minimal quoting (a field is quoted only when it holds a comma, quote or line break), ``\\n`` line
endings, UTF-8 without BOM. Every cell goes through :func:`csv_cell`, which prefixes ``'`` to text
beginning with ``= + - @``, tab or CR so a spreadsheet never evaluates it as a formula. Nothing in a
row depends on the run (no timings unless ``--timings``), so two scans of the same files give the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult
from policy_audit.report import Formatter, batch_criteria
from policy_audit.report.columns import department_header, department_row, document_header, document_row
from policy_audit.report.matrix import DepartmentMatrix
from policy_audit.report.requirements import requirement_cells, requirement_columns
from policy_audit.report.text_safety import csv_cell
from policy_audit.rulebook import RuleSet


def _table(header: tuple[str, ...], rows: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in header])
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buffer.getvalue()


def departments_csv(matrix: DepartmentMatrix) -> str:
    """``departments.csv``: one row per department, per criterion the grade and its evidence's document and page."""
    return _table(department_header(matrix), (department_row(row) for row in matrix.rows))


class CsvFormatter(Formatter):
    def _write(self, results: tuple[AuditResult, ...], criteria: tuple[str, ...], rules: RuleSet) -> str:
        timings = self.options.timings
        profiles = self.options.profiles
        # a review adds one <criterion>.review column per criterion, after the others, only when a
        # review file was applied: unreviewed scans keep their columns
        reviewed = any(f.review is not None for r in results for f in r.findings)
        agency = any(any(r.agency_fields().values()) for r in results)  # a scan with --manifest
        shape = {"timings": timings, "reviewed": reviewed, "agency": agency}
        header = document_header(criteria, **shape) + tuple(requirement_columns(profiles))
        rows = (
            document_row(r, criteria, **shape) + (list(requirement_cells(profiles, r, rules)) if profiles else [])
            for r in results
        )
        return _table(header, rows)

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        return self._write(batch.results, batch_criteria(batch, rules), rules)

    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        # Not offered for `check` (see formats_for), but a single row is the natural meaning.
        return self._write((result,), tuple(r.id for r in rules), rules)
