"""CSV (scan only): one row per document, for spreadsheets.

Columns: ``path, department, status, problem, reason, pages, engine, seconds``, then one column per
criterion id in rule order holding the grade value (``strong``, ``weak``, ``absent``, ``present``,
``met``, ``not_met``), empty when the document was not audited, then ``checks``: the criteria whose
findings have low confidence ("check this"), separated by ``; ``, in rule order. The grade cells keep
the bare grade so a spreadsheet can still count and filter them; the doubt has a column of its own,
last, so existing column positions do not move. A scan with ``--manifest`` adds ``state, agency_id,
effective_date`` after it (only then).

Dialect, chosen for diffable files that Excel, LibreOffice and pandas all read: comma separated,
minimal quoting (a field is quoted only when it holds a comma, quote or line break), ``\\n`` line
endings, UTF-8 without BOM. Every cell goes through :func:`csv_cell`, which prefixes ``'`` to text
beginning with ``= + - @``, tab or CR so a spreadsheet never evaluates it as a formula.
"""

from __future__ import annotations

import csv
import io

from policy_audit.findings import AuditResult, BatchResult, Status
from policy_audit.report import Formatter, batch_criteria, result_grade
from policy_audit.report.caveats import result_check
from policy_audit.report.text_safety import csv_cell
from policy_audit.rulebook import RuleSet

FIXED_COLUMNS = ("path", "department", "status", "problem", "reason", "pages", "engine", "seconds")
TRAILING_COLUMNS = ("checks",)
# After them, only when a scan had a --manifest, so that other scans keep their exact columns.
AGENCY_COLUMNS = ("state", "agency_id", "effective_date")
CHECKS_SEPARATOR = "; "


def _row(result: AuditResult, criteria: tuple[str, ...], agency: bool = False) -> list[str]:
    cells: list[object] = [
        result.document.path,
        result.group,
        result.status.value,
        result.problem,
        result.reason,
        result.document.pages,
        result.document.engine,
        f"{result.seconds:.2f}",
    ]
    for criterion in criteria:
        grade = result_grade(result, criterion) if result.status is Status.OK else None
        cells.append(grade.value if grade is not None else "")
    audited = result.status is Status.OK
    cells.append(CHECKS_SEPARATOR.join(c for c in criteria if audited and result_check(result, c)))
    if agency:
        cells.extend(result.agency_fields().values())
    return [csv_cell(c) for c in cells]


class CsvFormatter(Formatter):
    def _write(self, results: tuple[AuditResult, ...], criteria: tuple[str, ...]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        agency = any(any(r.agency_fields().values()) for r in results)
        trailing = (*TRAILING_COLUMNS, *AGENCY_COLUMNS) if agency else TRAILING_COLUMNS
        writer.writerow([csv_cell(c) for c in (*FIXED_COLUMNS, *criteria, *trailing)])
        writer.writerows(_row(r, criteria, agency) for r in results)
        return buffer.getvalue()

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        return self._write(batch.results, batch_criteria(batch, rules))

    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        # Not offered for `check` (see formats_for), but a single row is the natural meaning.
        return self._write((result,), tuple(r.id for r in rules))
