"""``check --format card``: one printed page a campaigner can hand out or post.

The department, the bottom line, every criterion as a checklist, and the three clauses most worth
asking for with the model language to ask for. Self-contained HTML like the full report (one inline
style, allowed by its hash in a Content-Security-Policy; no script, no network), sized to print on
one A4 or Letter page: the page box is left to the printer's paper and the content fits the smaller
of the two (A4's width, Letter's height). ``check -o card.html`` also writes ``card.png`` with
headless Chromium where it is installed (:func:`write_png`).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from policy_audit.batch_result import BatchResult
from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult, Status
from policy_audit.report import GRADE_WORDS, CriterionView, Formatter, criterion_views, tone
from policy_audit.report.bottom_line import bottom_line
from policy_audit.report.chromium import find_chromium, screenshot
from policy_audit.report.legend import legend
from policy_audit.report.masthead import document_title, footer_line
from policy_audit.report.text_safety import escape_html as esc
from policy_audit.rulebook import RuleSet

# The duties before their elements: a manual without the duty to intervene gains little from
# training in it. Other gaps follow in report order.
PRIORITY = ("intervene.duty", "medical.aid", "intervene.report")
ASKS = 3  # missing clauses shown with model language

# The picture of the card: a Letter page at 96 dpi (A4's is 794 x 1123; the card fits both).
PNG_SIZE = (816, 1056)

_MARKS = {"good": "\u2713", "weak": "!", "missing": "\u2717"}

CSS = """
:root{color-scheme:light;--good:#176b2c;--good-bg:#e3f4e7;--weak:#7a5200;--weak-bg:#fff3d1;--missing:#a3121f;--missing-bg:#fde5e7;--line:#d6d9de;--muted:#5a6270}
@page{margin:10mm}
*{box-sizing:border-box}
html{background:#fff}
body{margin:0;font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24}
main{max-width:740px;margin:0 auto;padding:16px 20px}
h1{font-size:20px;margin:0 0 2px;overflow-wrap:anywhere}
h2{font-size:14px;margin:10px 0 4px;border-bottom:2px solid #1b1f24;padding-bottom:2px}
h3{font-size:12px;margin:6px 0 1px}
.sub,.legend,.provenance{color:var(--muted);font-size:10px}
.bottom-line{font-size:13.5px;font-weight:600;margin:8px 0;padding:6px 9px;border-left:5px solid var(--missing);background:var(--missing-bg)}
.bottom-line.no-gaps{border-color:var(--good);background:var(--good-bg)}
ul.checklist{list-style:none;margin:0;padding:0;columns:2;column-gap:18px}
ul.checklist li{break-inside:avoid;padding:1px 0;display:flex;gap:6px;align-items:flex-start}
.mark{display:inline-block;min-width:18px;text-align:center;border-radius:3px;font-weight:700}
.good{color:var(--good);background:var(--good-bg)}.weak{color:var(--weak);background:var(--weak-bg)}.missing{color:var(--missing);background:var(--missing-bg)}
.grade{color:var(--muted)}
blockquote{margin:1px 0 4px;padding:3px 8px;border-left:3px solid var(--line);background:#f4f8ff}
.ask{break-inside:avoid}
.provenance{margin-top:8px;padding-top:4px;border-top:1px solid var(--line);overflow-wrap:anywhere}
@media (max-width:480px){ul.checklist{columns:1}main{padding:12px}}
@media print{main{max-width:none;padding:0}}
""".strip()


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CSP = (
    f"default-src 'none'; style-src '{_sha256(CSS)}'; script-src 'none'; img-src 'none'; font-src 'none'; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def asks(views: tuple[CriterionView, ...], limit: int = ASKS) -> list[CriterionView]:
    """The gaps most worth asking for, most important first: the duties in PRIORITY order, then the
    rest in report order."""
    gaps = [v for v in views if v.is_gap]
    rank = {c: i for i, c in enumerate(PRIORITY)}
    return sorted(gaps, key=lambda v: rank.get(v.id, len(rank)))[:limit]


def _check_item(v: CriterionView) -> str:
    kind = tone(v.grade)
    return (
        f'<li><span class="mark {kind}" aria-hidden="true">{_MARKS[kind]}</span>'
        f'<span>{esc(v.title)} <span class="grade">({GRADE_WORDS[v.grade]})</span></span></li>'
    )


def _ask(v: CriterionView) -> list[str]:
    words = v.recommendation or (v.rule.summary if v.rule else "") or v.title
    return [
        '<section class="ask">',
        f'<h3>{esc(v.title)} <span class="grade">({GRADE_WORDS[v.grade]})</span></h3>',
        f"<blockquote>{esc(words)}</blockquote>",
        "</section>",
    ]


class CardFormatter(Formatter):
    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        department = self.options.department
        title = document_title(result, department)
        body = [f"<h1>{esc(title)}</h1>"]
        sub = ["Use-of-force policy audit", f"standard {esc(result.standard)}"]
        if department.strip():
            sub.insert(1, esc(document_title(result)))
        if self.options.provenance is not None:
            sub.append(esc(self.options.provenance.run_date))
        body.append(f'<p class="sub">{" · ".join(sub)}</p>')
        said = bottom_line(result, rules, department)
        no_gaps = " no-gaps" if result.status is Status.OK and not result.gaps else ""
        body.append(f'<p class="bottom-line{no_gaps}">{esc(said)}</p>')
        if result.status is Status.OK:
            views = criterion_views(result, rules)
            body += ["<h2>The criteria</h2>", '<ul class="checklist">', *map(_check_item, views), "</ul>"]
            meanings = legend(dict.fromkeys(v.finding.scale for v in views))
            body.append(f'<p class="legend">{esc("; ".join(f"{GRADE_WORDS[g]}: {m}" for g, m in meanings))}.</p>')
            wanted = asks(views)
            if wanted:
                gaps = sum(v.is_gap for v in views)
                first = f" first: the {len(wanted)} most important of {gaps} gaps" if gaps > len(wanted) else ""
                body.append(f"<h2>What to ask for{first}</h2>")
                for v in wanted:
                    body += _ask(v)
        footer = footer_line(result, self.options.provenance)
        body.append(f'<p class="provenance">{esc(footer or "policy-audit")}</p>')
        return _page(f"Policy audit card: {title}", body)

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        raise UsageError("the card is for one document: use check --format card")


def _page(title: str, body: list[str]) -> str:
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
    return "\n".join(head + body + ["</main>", "</body>", "</html>"]) + "\n"


def write_png(html_file: Path) -> tuple[Path | None, str]:
    """The card's picture beside its HTML (card.html -> card.png): (the PNG, "") or (None, why not)."""
    from policy_audit.report.chromium import ChromiumError

    chromium = find_chromium()
    if chromium is None:
        return None, "chromium not found (install it, or set CHROMIUM=/path)"
    png = html_file.with_suffix(".png")
    try:
        screenshot(html_file, png, *PNG_SIZE, chromium)
    except ChromiumError as exc:
        return None, str(exc)
    return png, ""
