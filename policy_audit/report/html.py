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

from policy_audit.findings import AuditResult, Evidence, Grade, Status
from policy_audit.report import (
    GRADE_SYMBOLS,
    GRADE_WORDS,
    NOT_AUDITED_SYMBOL,
    CriterionView,
    Formatter,
    checks_line,
    criterion_views,
    page_label,
    tone,
    verdict,
)
from policy_audit.report.bottom_line import bottom_line
from policy_audit.report.caveats import CHECK_MARK, CHECK_WORDS, reason_words, topic_words
from policy_audit.report.legend import legend
from policy_audit.report.masthead import document_title, footer_items, shown_path
from policy_audit.report.requirements import html_lines as requirement_lines
from policy_audit.report.review_notes import review_badge_html, review_html
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

# The check report's own parts: the bottom line, the legend, the footer, and its table reflowed into
# stacked rows on a phone (each cell says what it is, so no column has to be wide enough for a quote).
CSS += """
.bottom-line{font-size:1.1rem;font-weight:600;margin:.75rem 0}
blockquote p,.facts{overflow-wrap:anywhere}
.legend{color:var(--muted);font-size:.9rem;padding-left:1.2rem}
.provenance{margin-top:2rem;padding-top:.5rem;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}
@media (max-width:40rem){table.findings thead{display:none}
table.findings,table.findings tbody,table.findings tr,table.findings td{display:block;width:100%}
table.findings tr{border-bottom:1px solid var(--line);padding:.35rem 0}
table.findings td{border:0;padding:.1rem 0;overflow-wrap:anywhere}
table.findings td:nth-child(2)::before{content:"grade: ";color:var(--muted)}
table.findings td:nth-child(3)::before{content:"page: ";color:var(--muted)}
table.findings td:empty{display:none}}
"""

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


def _csp(css: str) -> str:
    return (
        f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(SCRIPT)}'; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


def _page(title: str, body: list[str], *, script: bool, css: str = CSS) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(css)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="policy-audit">',
        f"<title>{esc(title)}</title>",
        f"<style>{css}</style>",
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
    reason = GRADE_WORDS[ev.grade] + (f": {reason_words(ev.reason)}" if ev.reason else "")
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
    out.append(review_html(v.finding))
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


def _check_body(
    result: AuditResult, rules: RuleSet, *, prefix: str, level: int, department: str | None = None
) -> list[str]:
    """One document: used alone by ``check`` (``department`` a string, "" when not given: titled by
    it or the file's name, with the bottom line, the legend and the footer) and once per document
    by ``scan`` (``department`` None: titled by its path)."""
    h = f"h{level}"
    doc = result.document
    alone = department is not None
    title = document_title(result, department or "") if alone else doc.path
    named = alone and bool((department or "").strip())  # a department's name is not set as a file name
    out = [
        f"<{h}>Policy audit: {esc(title)}</{h}>"
        if named
        else f'<{h}>Policy audit: <span class="doc">{esc(title)}</span></{h}>'
    ]
    if result.status is not Status.OK:
        out.append(
            f'<p class="verdict has-gaps">Not audited ({esc(result.problem or result.status.value)}): '
            f"{esc(result.reason or 'unreadable document')}</p>"
        )
        return out
    facts = [f"{doc.pages} page{'s' if doc.pages != 1 else ''}", f"standard {esc(result.standard)}"]
    if result.group:
        facts.insert(0, f"department {esc(result.group)}")
    if alone and shown_path(doc.path) != title:
        facts.insert(0, f'file <span class="doc">{esc(shown_path(doc.path))}</span>')
    if doc.engine:
        facts.append(f"read with {esc(doc.engine)}")
    if doc.ocr_pages:
        facts.append(f"OCR on page{'s' if len(doc.ocr_pages) != 1 else ''} " + ", ".join(str(p) for p in doc.ocr_pages))
    out.append(f'<p class="facts">{" · ".join(facts)}</p>')
    out += [f'<p class="muted">Warning: {esc(w)}</p>' for w in doc.warnings]
    gap_class = " has-gaps" if result.gaps else ""
    if alone:
        out.append(f'<p class="bottom-line">{esc(bottom_line(result, rules, department or ""))}</p>')
    out.append(f'<p class="verdict{gap_class}">{esc(verdict(result))}</p>')
    checks = checks_line(result, rules)
    if checks:
        out.append(f'<p class="check-note">{CHECK_MARK} {esc(checks)}</p>')
    views = criterion_views(result, rules)
    out += [
        '<div class="scroll"><table class="findings">' if alone else '<div class="scroll"><table>',
        "<thead><tr><th>criterion</th><th>grade</th><th>page</th><th>evidence</th></tr></thead><tbody>",
    ]
    for v in views:
        best = v.best
        page = str(best.page) if best and best.page is not None else "–"
        quote = esc(shorten(best.quote, 110)) if best else ""
        out.append(
            f'<tr><td><a href="#{prefix}{_slug(v.id)}">{esc(v.title)}</a></td>'
            f"<td>{_badge(v.grade)}{review_badge_html(v.finding)}{_check_span(v, reasons=True)}</td>"
            f"<td>{page}</td><td>{quote}</td></tr>"
        )
    out.append("</tbody></table></div>")
    if alone:
        out += _legend_html(views)
    for v in views:
        out += _criterion_html(v, f"{prefix}{_slug(v.id)}", level + 1)
    return out


def _legend_html(views) -> list[str]:
    meanings = legend(dict.fromkeys(v.finding.scale for v in views))
    items = [f"<li>{_badge(grade)} {esc(meaning)}</li>" for grade, meaning in meanings]
    return ['<ul class="legend">', *items, "</ul>"]


def _footer_html(result: AuditResult, provenance) -> list[str]:
    items = footer_items(result, provenance)
    if not items:
        return []
    said = " · ".join(f"{esc(label)} <span>{esc(value)}</span>" for label, value in items)
    return [f'<footer class="provenance">{said}</footer>']


class HtmlFormatter(Formatter):
    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        department = self.options.department
        body = _check_body(result, rules, prefix="c-", level=1, department=department)
        body += requirement_lines(self.options.profiles, result, rules, level=2)
        body += _footer_html(result, self.options.provenance)
        return _page(f"Policy audit: {document_title(result, department)}", body, script=False)

    # render_batch, the scan summary: html_summary.HtmlSummaryFormatter, the class Format.HTML names
