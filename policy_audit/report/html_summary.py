"""The HTML scan summary: the department matrix first, full width, then the documents.

The matrix is what a monitor files, so it is the first screen: every criterion fits 1280 px without
horizontal scrolling (a fixed layout whose headings are short titles that wrap, never rotated), and
each graded cell links to the passage that earned it, listed under "Evidence" on the same page.

Written into an output folder, the summary links each document to its own report in ``reports/``
(``report_files``) instead of embedding every report: a hundred embedded reports made the summary too
long to read or send. Rendered alone (stdout) there is no folder to link to, so it stays one
self-contained file with the reports embedded, as before.

Lives beside :mod:`.html` (whose page shell, cells and check report it reuses) so the check report and
the scan summary can change independently.
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult
from policy_audit.report import (
    GRADE_SYMBOLS,
    GRADE_WORDS,
    MATRIX_LEGEND,
    RenderOptions,
    counts_line,
    criterion_views,
    result_grade,
    split_results,
    tone,
)
from policy_audit.report.caveats import CHECK_MARK, CHECK_WORDS
from policy_audit.report.html import (
    CSS,
    HtmlFormatter,
    _badge,
    _check_body,
    _evidence_html,
    _matrix_cell,
    _page,
    _row_class,
    _slug,
)
from policy_audit.report.matrix import Cell, Column, DepartmentMatrix, department_matrix
from policy_audit.report.review_notes import review_table_html
from policy_audit.report.text_safety import escape_html as esc
from policy_audit.rulebook import RuleSet

# Appended to the shared style sheet on summary pages only (one <style>, its hash in the CSP).
SUMMARY_CSS = """
main{max-width:none}
#departments{table-layout:fixed;min-width:44rem}
#departments th{font-size:.68rem;line-height:1.2;padding:.3rem .15rem;vertical-align:bottom;overflow-wrap:anywhere}
#departments td{padding:.3rem .2rem;overflow-wrap:anywhere}
#departments th.dept{width:8rem}#departments th.count{width:4.6rem}
.fam{display:block;font-weight:400;color:var(--muted);font-size:.64rem}
td.g a{display:block;color:inherit;text-decoration:none}td.g a:hover,td.g a:focus{text-decoration:underline}
.sha{font-size:.75rem;min-width:8.5rem}
.evidence{border-top:1px solid var(--line);padding-top:.25rem}
footer.provenance{margin-top:2rem;border-top:1px solid var(--line);padding-top:.5rem;color:var(--muted);font-size:.85rem}
@media print{#departments{min-width:0}}
""".strip()

PAGE_CSS = CSS + "\n" + SUMMARY_CSS


_VOWELS = set("aeiouy")
SOFT_HYPHEN = "\u00ad"


_DIGRAPHS = {"ch", "sh", "th", "ph", "wh", "ck", "gh", "qu"}


def _syllable_break(word: str, i: int) -> bool:
    """Between two syllables, roughly: vowel | consonant vowel ("reta|liation") or vowel consonant |
    consonant vowel ("inter|vene"), never inside "ch", "th", ..."""
    a, b, c = word[i - 1], word[i], word[i + 1]
    if a in _VOWELS and b not in _VOWELS and c in _VOWELS:
        return True
    return word[i - 2] in _VOWELS and a not in _VOWELS and b not in _VOWELS and c in _VOWELS and a + b not in _DIGRAPHS


def breakable(words: str) -> str:
    """Soft hyphens in long words ("deesca-lation"), so a narrow column wraps a heading at a syllable-like
    point, with a hyphen, instead of at any letter (Chromium on Linux has no hyphenation dictionary)."""
    out = []
    for word in words.split(" "):
        if len(word) < 6 or not word.isalpha():
            out.append(word)
            continue
        lower, pieces, start = word.lower(), [], 0
        for i in range(2, len(word) - 2):
            if i - start >= 2 and _syllable_break(lower, i):
                pieces.append(word[start:i])
                start = i
        pieces.append(word[start:])
        out.append(SOFT_HYPHEN.join(pieces))
    return " ".join(out)


def _header(col: Column, *, narrow: bool = False) -> str:
    """``narrow``: the matrix's fixed-width columns, where long words may break at a soft hyphen."""
    family, short = (breakable(col.family), breakable(col.short)) if narrow else (col.family, col.short)
    return f'<th title="{esc(col.title)} ({esc(col.id)})"><span class="fam">{esc(family)}</span>{esc(short)}</th>'


def _evidence_id(row: int, criterion: str) -> str:
    return f"q-{row}-{_slug(criterion)}"


def _linked_cell(cell: Cell, anchor: str) -> str:
    """A department cell: the grade, linking to the passage that earned it (when one did)."""
    if cell.grade is None or cell.evidence is None:
        return _matrix_cell(cell.grade, CHECK_WORDS if cell.check else None)
    grade = cell.grade
    mark = CHECK_MARK if cell.check else ""
    title = GRADE_WORDS[grade] + (f", {CHECK_WORDS}" if cell.check else "")
    classes = f"g {tone(grade)}" + (" check" if cell.check else "")
    link = f'<a href="#{anchor}">{GRADE_SYMBOLS[grade]}{mark}</a>'
    return f'<td class="{classes}" data-v="{grade.rank}" title="{title}">{link}</td>'


class _Links:
    """Where a document's details are: its report in reports/ (output folder) or its embedded section."""

    def __init__(self, batch: BatchResult, report_files: Sequence[str] | None):
        self.embedded = report_files is None
        self._by_result = {
            id(r): (f"#doc-{i}" if report_files is None else report_files[i - 1])
            for i, r in enumerate(batch.results, 1)
        }
        self._by_path: dict[str, str] = {}
        for r in batch.results:
            self._by_path.setdefault(r.document.path, self._by_result[id(r)])

    def document(self, result: AuditResult) -> str:
        return self._by_result[id(result)]

    def finding(self, path: str, criterion: str) -> str | None:
        base = self._by_path.get(path)
        if base is None:
            return None
        # the check report's criterion anchors: "c-<slug>" alone, "doc-N-<slug>" embedded in a summary
        return f"{base}-{_slug(criterion)}" if self.embedded else f"{base}#c-{_slug(criterion)}"


def _matrix_html(matrix: DepartmentMatrix) -> list[str]:
    out = [
        "<h2>Departments</h2>",
        '<p class="muted">Best grade in any of the department\'s documents; a grade links to the passage that '
        "earned it. Click a heading to sort; hover it for the criterion's full title.</p>",
        '<div class="scroll"><table class="sortable filterable" id="departments">',
        '<thead><tr><th class="dept">department</th><th class="count">docu\u00adments</th>'
        + "".join(_header(c, narrow=True) for c in matrix.columns)
        + "</tr></thead><tbody>",
    ]
    for i, row in enumerate(matrix.rows, 1):
        gap = any(c.grade is not None and c.grade.is_gap for c in row.cells)
        check = any(c.check for c in row.cells)
        out.append(
            f"<tr{_row_class(gap, check)}><td>{esc(row.department)}</td>"
            f'<td data-v="{len(row.documents)}">{len(row.documents)}</td>'
            + "".join(_linked_cell(c, _evidence_id(i, c.criterion)) for c in row.cells)
            + "</tr>"
        )
    out.append("</tbody></table></div>")
    return out


def _evidence_section(matrix: DepartmentMatrix, links: _Links) -> list[str]:
    titles = {c.id: c.title for c in matrix.columns}
    out = ["<h2>Evidence</h2>", '<p class="muted">The passage that earned each department its grade.</p>']
    for i, row in enumerate(matrix.rows, 1):
        for cell in row.cells:
            if cell.grade is None or cell.evidence is None:
                continue
            out.append(f'<section class="evidence" id="{_evidence_id(i, cell.criterion)}">')
            out.append(f"<h3>{esc(row.department)} · {esc(titles[cell.criterion])} {_badge(cell.grade)}</h3>")
            out.append(_evidence_html(cell.evidence))
            target = links.finding(cell.document, cell.criterion)
            doc = esc(cell.document)
            out.append(
                f'<p class="muted">in <a class="doc" href="{esc(target)}">{doc}</a></p>'
                if target
                else f'<p class="muted">in <span class="doc">{doc}</span></p>'
            )
            out.append("</section>")
    return out


def _documents_html(ok: tuple[AuditResult, ...], matrix: DepartmentMatrix, rules: RuleSet, links: _Links) -> list[str]:
    criteria = [c.id for c in matrix.columns]
    out = [
        "<h2>Documents</h2>",
        '<div class="scroll"><table class="sortable filterable" id="documents">',
        "<thead><tr><th>document</th><th>department</th><th>gaps</th>"
        + "".join(_header(c) for c in matrix.columns)
        + '<th class="sha">sha256</th></tr></thead><tbody>',
    ]
    for r in ok:
        checks = {v.id: v.check_note or CHECK_WORDS for v in criterion_views(r, rules) if v.check_this}
        out.append(
            f'<tr{_row_class(bool(r.gaps), bool(checks))}><td><a class="doc" href="{esc(links.document(r))}">'
            f"{esc(r.document.path)}</a></td>"
            f'<td>{esc(r.group)}</td><td data-v="{len(r.gaps)}">{len(r.gaps)}</td>'
            + "".join(_matrix_cell(result_grade(r, c), checks.get(c)) for c in criteria)
            + f'<td class="doc sha">{esc(r.document.sha256)}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return out


def _not_audited_html(bad: tuple[AuditResult, ...], links: _Links) -> list[str]:
    out = [
        f"<h2>Not audited ({len(bad)})</h2>",
        '<div class="scroll"><table class="filterable" id="not-audited">',
        "<thead><tr><th>document</th><th>department</th><th>status</th><th>reason</th></tr></thead><tbody>",
    ]
    for r in bad:
        out.append(
            f'<tr class="has-gap"><td><a class="doc" href="{esc(links.document(r))}">{esc(r.document.path)}</a></td>'
            f"<td>{esc(r.group)}</td><td>{esc(r.problem or r.status.value)}</td><td>{esc(r.reason)}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out


def _footer(options: RenderOptions) -> list[str]:
    p = options.provenance
    if p is None:
        return []
    return [
        f'<footer class="provenance">Made by policy-audit {esc(p.tool_version)} · rules {esc(p.rules_digest)} · '
        f"standard {esc(p.standard)} · run {esc(p.run_at)}</footer>"
    ]


def _counts(batch: BatchResult) -> str:
    """The documents by status, without the cache count (it makes a warm rescan's page differ)."""
    counts, total = batch.counts(), len(batch.results)
    return (
        f"{total} document{'s' if total != 1 else ''}: {counts['ok']} ok, {counts['no_text']} no text, "
        f"{counts['error']} error"
    )


def render_summary(
    batch: BatchResult, rules: RuleSet, options: RenderOptions, report_files: Sequence[str] | None = None
) -> str:
    """The summary page; ``report_files`` (one relative link per result, in batch order) when the
    documents' reports were written beside it, None to embed them."""
    matrix = department_matrix(batch, rules)
    links = _Links(batch, report_files)
    ok, bad = split_results(batch)
    body = [
        f"<h1>Policy audit scan · standard {esc(batch.standard)}</h1>",
        f'<p class="facts">{esc(counts_line(batch) if options.timings else _counts(batch))}</p>',
    ]
    if batch.interrupted:
        body.append('<p class="verdict has-gaps">Interrupted: only the documents that finished are listed.</p>')
    body.append(
        '<div class="controls"><input type="search" id="filter" placeholder="Filter by name, path or department"'
        ' aria-label="Filter rows"><label><input type="checkbox" id="gaps-only"> only rows with gaps</label>'
        f'<label><input type="checkbox" id="checks-only"> only rows to check ({CHECK_MARK})</label></div>'
    )
    if matrix.rows:
        body += _matrix_html(matrix)
    if ok:
        body += _documents_html(ok, matrix, rules, links)
    body.append(f'<p class="muted">Legend: {esc(MATRIX_LEGEND)}</p>')
    body += review_table_html(batch)
    if bad:
        body += _not_audited_html(bad, links)
    if matrix.rows:
        body += _evidence_section(matrix, links)
    if links.embedded:
        for i, r in enumerate(batch.results, 1):
            body.append(f'<section class="document" id="doc-{i}">')
            body += _check_body(r, rules, prefix=f"doc-{i}-", level=2)
            body.append("</section>")
    body += _footer(options)
    return _page(f"Policy audit scan: {batch.standard}", body, script=True, css=PAGE_CSS)


class HtmlSummaryFormatter(HtmlFormatter):
    """The HTML format: the check report from :mod:`.html`, the scan summary from here."""

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        return render_summary(batch, rules, self.options)


__all__ = ["PAGE_CSS", "HtmlSummaryFormatter", "render_summary"]
