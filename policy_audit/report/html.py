"""HTML: one self-contained file, readable on a phone, printable, no network.

No external CSS, fonts, images or scripts; one inline ``<style>`` and (for scans) one inline
``<script>`` that sorts and filters the matrices. A Content-Security-Policy meta allows exactly those
two blocks (by their sha256 hashes) and nothing else, so even a flaw in escaping could not run script
or load anything. All document text (quotes, sections, paths, reasons, department names) is escaped
with :mod:`policy_audit.report.text_safety` before it is inserted.
"""

from __future__ import annotations

import base64
import hashlib
import re

from policy_audit.findings import AuditResult, BatchResult, Evidence, Grade, Status
from policy_audit.report import (
    GRADE_SYMBOLS,
    GRADE_WORDS,
    MATRIX_LEGEND,
    NOT_AUDITED_SYMBOL,
    CriterionView,
    Formatter,
    batch_criteria,
    checks_line,
    counts_line,
    criterion_views,
    page_label,
    result_grade,
    split_results,
    tone,
    verdict,
)
from policy_audit.report.caveats import CHECK_MARK, CHECK_WORDS, department_checks, topic_words
from policy_audit.report.requirements import html_lines as requirement_lines
from policy_audit.report.text_safety import escape_html as esc
from policy_audit.report.text_safety import highlight_html, shorten
from policy_audit.rulebook import RuleSet

CSS = """
:root{color-scheme:light;--good:#176b2c;--good-bg:#e3f4e7;--weak:#7a5200;--weak-bg:#fff3d1;--missing:#a3121f;--missing-bg:#fde5e7;--line:#d6d9de;--muted:#5a6270}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:1rem 0 .25rem}
.doc{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.muted,.facts{color:var(--muted);font-size:.9rem}
.verdict{font-weight:600;padding:.6rem .8rem;border-radius:.4rem;border-left:.35rem solid var(--good);background:var(--good-bg)}
.verdict.has-gaps{border-color:var(--missing);background:var(--missing-bg)}
.badge{display:inline-block;padding:0 .45rem;border-radius:.8rem;font-size:.85rem;font-weight:600;white-space:nowrap}
.good{color:var(--good);background:var(--good-bg)}.weak{color:var(--weak);background:var(--weak-bg)}.missing{color:var(--missing);background:var(--missing-bg)}
.na{color:var(--muted)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}
table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.g{text-align:center;font-weight:700}
.criterion{border-top:1px solid var(--line);padding-top:.25rem}
blockquote{margin:.5rem 0;padding:.4rem .8rem;border-left:.25rem solid var(--line);background:#f8f9fa}
blockquote p{margin:0}
blockquote footer{color:var(--muted);font-size:.85rem;margin-top:.25rem}
mark{background:#ffe58a;color:inherit;padding:0 .1rem}
.ocr{font-weight:600;color:var(--weak)}
.missing-text{color:var(--missing)}
.check{color:var(--weak);font-weight:600}
.check-note{color:var(--weak);background:var(--weak-bg);padding:.3rem .6rem;border-radius:.3rem}
.narrow{font-style:italic}
.recommend{border:1px solid var(--line);border-radius:.4rem;padding:.5rem .8rem;background:#f4f8ff}
.recommend blockquote{background:#fff}
.controls{display:none;gap:.75rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
.js .controls{display:flex}
.controls input[type=search]{font:inherit;padding:.3rem .5rem;min-width:14rem;flex:1}
.document{border-top:2px solid #1b1f24;margin-top:2rem}
@media (max-width:40rem){main{padding:.6rem}body{font-size:15px}th,td{padding:.25rem .3rem}}
@media print{.controls{display:none!important}main{max-width:none;padding:0}.scroll{overflow:visible}
a{color:inherit;text-decoration:none}.criterion,blockquote,.recommend{break-inside:avoid}
.document{break-before:page}th{background:none}}
""".strip()

SCRIPT = """
(function(){
document.documentElement.classList.add("js");
function key(cell){var v=cell.getAttribute("data-v");return v!==null?parseFloat(v):cell.textContent.trim().toLowerCase();}
function sortBy(table,i,th){
var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.removeAttribute("aria-sort");});
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);return (x<y?-1:x>y?1:0)*dir;});
rows.forEach(function(r){body.appendChild(r);});
th.setAttribute("aria-sort",dir>0?"ascending":"descending");}
Array.prototype.forEach.call(document.querySelectorAll("table.sortable"),function(table){
Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
th.tabIndex=0;th.addEventListener("click",function(){sortBy(table,i,th);});
th.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();sortBy(table,i,th);}});});});
var q=document.getElementById("filter"),gaps=document.getElementById("gaps-only"),checks=document.getElementById("checks-only");
function filter(){var text=q?q.value.trim().toLowerCase():"",only=gaps&&gaps.checked,check=checks&&checks.checked;
Array.prototype.forEach.call(document.querySelectorAll("table.filterable tbody tr"),function(r){
var show=(!text||r.textContent.toLowerCase().indexOf(text)>=0)&&(!only||r.classList.contains("has-gap"))&&(!check||r.classList.contains("has-check"));
r.hidden=!show;});}
if(q)q.addEventListener("input",filter);if(gaps)gaps.addEventListener("change",filter);if(checks)checks.addEventListener("change",filter);
document.body.setAttribute("data-ready","1");
})();
""".strip()


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CSP = (
    f"default-src 'none'; style-src '{_sha256(CSS)}'; script-src '{_sha256(SCRIPT)}'; "
    "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


def _page(title: str, body: list[str], *, script: bool) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="policy-audit">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    tail = ["</main>"] + ([f"<script>{SCRIPT}</script>"] if script else []) + ["</body>", "</html>"]
    return "\n".join(head + body + tail) + "\n"


def _badge(grade: Grade) -> str:
    return f'<span class="badge {tone(grade)}">{GRADE_WORDS[grade]}</span>'


def _matrix_cell(grade: Grade | None, check: str | None = None) -> str:
    """One matrix cell; ``check`` (a low-confidence finding's note) adds the mark and says why in the
    tooltip. The sort key stays the grade's rank: a mark never changes the order."""
    if grade is None:
        return f'<td class="g na" data-v="-1" title="not audited">{NOT_AUDITED_SYMBOL}</td>'
    if check:
        return (
            f'<td class="g {tone(grade)} check" data-v="{grade.rank}" title="{GRADE_WORDS[grade]}, {esc(check)}">'
            f"{GRADE_SYMBOLS[grade]}{CHECK_MARK}</td>"
        )
    return f'<td class="g {tone(grade)}" data-v="{grade.rank}" title="{GRADE_WORDS[grade]}">{GRADE_SYMBOLS[grade]}</td>'


def _row_class(gap: bool, check: bool) -> str:
    names = [n for n, on in (("has-gap", gap), ("has-check", check)) if on]
    return f' class="{" ".join(names)}"' if names else ""


def _check_span(v: CriterionView, *, reasons: bool) -> str:
    if not v.check_this:
        return ""
    return f' <span class="check">{esc((v.check_note or CHECK_WORDS) if reasons else CHECK_WORDS)}</span>'


def _evidence_html(ev: Evidence) -> str:
    cite = [esc(page_label(ev.page))] if ev.page is not None else []
    if ev.section:
        cite.append(esc(ev.section))
    if ev.topic:
        cite.append(esc(topic_words(ev.topic)))
    reason = GRADE_WORDS[ev.grade] + (f": {ev.reason}" if ev.reason else "")
    cite.append(esc(reason))
    ocr = ' <span class="ocr">(OCR)</span>' if ev.ocr else ""
    return (
        f"<blockquote><p>{highlight_html(ev.quote, ev.highlights)}</p>"
        f"<footer>{' · '.join(cite)}{ocr}</footer></blockquote>"
    )


def _criterion_html(v: CriterionView, anchor: str, level: int) -> list[str]:
    h = f"h{level}"
    out = [
        f'<section class="criterion" id="{anchor}">',
        f"<{h}>{esc(v.title)} {_badge(v.grade)}{_check_span(v, reasons=False)}</{h}>",
        f'<p class="muted">{esc(v.id)} · {esc(v.finding.scale.value)}</p>',
    ]
    if v.confidence_note:
        note = esc(v.confidence_note[:1].upper() + v.confidence_note[1:])
        out.append(f'<p class="check-note">{note}</p>' if v.check_this else f'<p class="muted">{note}</p>')
    if v.narrow_note:
        out.append(f'<p class="narrow">{esc(v.narrow_note[:1].upper() + v.narrow_note[1:])}</p>')
    out += [_evidence_html(ev) for ev in v.finding.evidence]
    if v.missing:
        out.append(f'<p class="missing-text"><strong>What is missing:</strong> {esc(v.missing)}</p>')
    if v.recommendation:
        out.append('<div class="recommend"><strong>Recommended language</strong>')
        out.append(f"<blockquote><p>{esc(v.recommendation)}</p></blockquote>")
        if v.sources:
            out.append('<p class="muted">Sources:</p><ul class="muted">')
            out += [f"<li>{esc(s)}</li>" for s in v.sources]
            out.append("</ul>")
        out.append("</div>")
    out.append("</section>")
    return out


def _check_body(result: AuditResult, rules: RuleSet, *, prefix: str, level: int) -> list[str]:
    """One document: used alone by ``check`` and once per document by ``scan``."""
    h = f"h{level}"
    doc = result.document
    out = [f'<{h}>Policy audit: <span class="doc">{esc(doc.path)}</span></{h}>']
    if result.status is not Status.OK:
        out.append(
            f'<p class="verdict has-gaps">Not audited ({esc(result.problem or result.status.value)}): '
            f"{esc(result.reason or 'unreadable document')}</p>"
        )
        return out
    facts = [f"{doc.pages} pages", f"standard {esc(result.standard)}"]
    if result.group:
        facts.insert(0, f"department {esc(result.group)}")
    if doc.engine:
        facts.append(f"read with {esc(doc.engine)}")
    if doc.ocr_pages:
        facts.append(f"OCR on page{'s' if len(doc.ocr_pages) != 1 else ''} " + ", ".join(str(p) for p in doc.ocr_pages))
    out.append(f'<p class="facts">{" · ".join(facts)}</p>')
    out += [f'<p class="muted">Warning: {esc(w)}</p>' for w in doc.warnings]
    gap_class = " has-gaps" if result.gaps else ""
    out.append(f'<p class="verdict{gap_class}">{esc(verdict(result))}</p>')
    checks = checks_line(result, rules)
    if checks:
        out.append(f'<p class="check-note">{CHECK_MARK} {esc(checks)}</p>')
    views = criterion_views(result, rules)
    out += [
        '<div class="scroll"><table>',
        "<thead><tr><th>criterion</th><th>grade</th><th>page</th><th>evidence</th></tr></thead><tbody>",
    ]
    for v in views:
        best = v.best
        page = str(best.page) if best and best.page is not None else "–"
        quote = esc(shorten(best.quote, 110)) if best else ""
        out.append(
            f'<tr><td><a href="#{prefix}{_slug(v.id)}">{esc(v.title)}</a></td>'
            f"<td>{_badge(v.grade)}{_check_span(v, reasons=True)}</td>"
            f"<td>{page}</td><td>{quote}</td></tr>"
        )
    out.append("</tbody></table></div>")
    for v in views:
        out += _criterion_html(v, f"{prefix}{_slug(v.id)}", level + 1)
    return out


class HtmlFormatter(Formatter):
    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        body = _check_body(result, rules, prefix="c-", level=1)
        body += requirement_lines(self.options.profiles, result, rules, level=2)
        return _page(f"Policy audit: {result.document.path}", body, script=False)

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        criteria = batch_criteria(batch, rules)
        ok, bad = split_results(batch)
        anchors = {id(r): f"doc-{i}" for i, r in enumerate(batch.results, 1)}
        titles = {c: (rule.title if (rule := rules.get(c)) else c) for c in criteria}
        header_cells = "".join(f'<th title="{esc(titles[c])}">{esc(c)}</th>' for c in criteria)
        body = [
            f"<h1>Policy audit scan · standard {esc(batch.standard)}</h1>",
            f'<p class="facts">{esc(counts_line(batch))}</p>',
        ]
        if batch.interrupted:
            body.append('<p class="verdict has-gaps">Interrupted: only the documents that finished are listed.</p>')
        body.append(
            '<div class="controls"><input type="search" id="filter" placeholder="Filter by name, path or department"'
            ' aria-label="Filter rows"><label><input type="checkbox" id="gaps-only"> only rows with gaps</label>'
            f'<label><input type="checkbox" id="checks-only"> only rows to check ({CHECK_MARK})</label></div>'
        )
        if batch.groups:
            body += [
                "<h2>Departments</h2>",
                '<p class="muted">Best grade in any of the department\'s documents. Click a heading to sort.</p>',
                '<div class="scroll"><table class="sortable filterable" id="departments">',
                f"<thead><tr><th>department</th><th>documents</th>{header_cells}</tr></thead><tbody>",
            ]
            doubtful = department_checks(batch)
            for g in batch.groups:
                grades = {gg.criterion: gg.grade for gg in g.grades}
                checks = {c: CHECK_WORDS for c in criteria if (g.name, c) in doubtful}
                gap = any(grades[c].is_gap for c in criteria if c in grades)
                body.append(
                    f"<tr{_row_class(gap, bool(checks))}><td>{esc(g.name)}</td>"
                    f'<td data-v="{len(g.documents)}">{len(g.documents)}</td>'
                    + "".join(_matrix_cell(grades.get(c), checks.get(c)) for c in criteria)
                    + "</tr>"
                )
            body.append("</tbody></table></div>")
        if ok:
            body += [
                "<h2>Documents</h2>",
                '<div class="scroll"><table class="sortable filterable" id="documents">',
                f"<thead><tr><th>document</th><th>department</th><th>gaps</th>{header_cells}</tr></thead><tbody>",
            ]
            for r in ok:
                checks = {v.id: v.check_note or CHECK_WORDS for v in criterion_views(r, rules) if v.check_this}
                body.append(
                    f'<tr{_row_class(bool(r.gaps), bool(checks))}><td><a class="doc" href="#{anchors[id(r)]}">'
                    f"{esc(r.document.path)}</a></td>"
                    f'<td>{esc(r.group)}</td><td data-v="{len(r.gaps)}">{len(r.gaps)}</td>'
                    + "".join(_matrix_cell(result_grade(r, c), checks.get(c)) for c in criteria)
                    + "</tr>"
                )
            body.append("</tbody></table></div>")
        body.append(f'<p class="muted">Legend: {esc(MATRIX_LEGEND)}</p>')
        if bad:
            body += [
                f"<h2>Not audited ({len(bad)})</h2>",
                '<div class="scroll"><table class="filterable" id="not-audited">',
                "<thead><tr><th>document</th><th>department</th><th>status</th><th>reason</th></tr></thead><tbody>",
            ]
            for r in bad:
                body.append(
                    f'<tr class="has-gap"><td><a class="doc" href="#{anchors[id(r)]}">{esc(r.document.path)}</a></td>'
                    f"<td>{esc(r.group)}</td><td>{esc(r.problem or r.status.value)}</td><td>{esc(r.reason)}</td></tr>"
                )
            body.append("</tbody></table></div>")
        for r in batch.results:
            anchor = anchors[id(r)]
            body.append(f'<section class="document" id="{anchor}">')
            body += _check_body(r, rules, prefix=f"{anchor}-", level=2)
            body.append("</section>")
        return _page(f"Policy audit scan: {batch.standard}", body, script=True)
