"""``diff --format html``: one self-contained page; each changed criterion's deciding clause as a
redline (deleted words in <del>, added words in <ins>). No script; a CSP allows only the inline style.
Every piece of document text is escaped (report/text_safety.py)."""

from __future__ import annotations

import base64
import hashlib

from policy_audit.diff.compare import DiffResult, DocumentDiff
from policy_audit.provenance import Provenance
from policy_audit.report.diff_render import (
    grade_change,
    headline,
    quote_place,
    redline,
    unchanged_line,
    verdict_line,
)
from policy_audit.report.review_notes import review_html
from policy_audit.report.text_safety import escape_html as esc

CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.45}"
    "del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none;font-weight:600}"
    ".weaker{color:#b00}.stronger{color:#070}.muted{color:#555}blockquote{margin:.5rem 0 .5rem 1rem}"
    ".review{border-left:3px solid #a0a;padding-left:.5rem}.stale{border-color:#c80}"
)
_STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
CSP = f"default-src 'none'; style-src '{_STYLE_HASH}'; base-uri 'none'; form-action 'none'"


def redline_html(old: str, new: str) -> str:
    out = []
    for op, text in redline(old, new):
        if op == "delete":
            out.append(f"<del>{esc(text)}</del>")
        elif op == "insert":
            out.append(f"<ins>{esc(text)}</ins>")
        else:
            out.append(esc(text))
    return " ".join(out)


def _document(doc: DocumentDiff) -> list[str]:
    out = [f"<h2>{esc(doc.old_path)} &rarr; {esc(doc.new_path)}</h2>"]
    for change in doc.changed:
        css = f' class="{change.direction}"' if change.direction != "same" else ""
        out.append(
            f"<section><h3{css}>{esc(change.title)} <code>{esc(change.criterion)}</code>: "
            f"{esc(grade_change(change))}</h3>"
        )
        if change.changes:
            out.append("<ul>" + "".join(f"<li>{esc(words)}</li>" for words in change.changes) + "</ul>")
        old, new = headline(change.old), headline(change.new)
        if old is not None or new is not None:
            if quote_place(old) or quote_place(new):
                out.append(
                    f'<p class="muted">Deciding clause: before {esc(quote_place(old) or "-")}; '
                    f"after {esc(quote_place(new) or '-')}</p>"
                )
            out.append(
                f'<blockquote class="redline">{redline_html(old.quote if old else "", new.quote if new else "")}</blockquote>'
            )
        for finding in (change.old, change.new):
            if finding is not None:
                out.append(review_html(finding))
        out.append("</section>")
    same = unchanged_line(doc)
    if same:
        out.append(f'<p class="muted">{esc(same)}</p>')
    return out


def render(diff: DiffResult, *, color: bool, width: int, provenance: Provenance | None) -> str:
    body = [f"<h1>Policy revision compared</h1><p><strong>{esc(verdict_line(diff))}</strong></p>"]
    for doc in diff.documents:
        body += _document(doc)
    for label, paths in (
        ("Only in the old scan", diff.only_old),
        ("Only in the new scan", diff.only_new),
        ("Not audited in one of the scans", diff.not_audited),
    ):
        if paths:
            body.append(f"<p>{esc(label)}: {esc(', '.join(paths))}</p>")
    if provenance is not None:
        body.append(
            f'<p class="muted">policy-audit {esc(provenance.tool_version)}, rules '
            f"{esc(provenance.rules_digest[:12])}, {esc(provenance.run_at)}</p>"
        )
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Policy revision compared</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
    )
    return head + "\n".join(b for b in body if b) + "\n</main>\n</body>\n</html>\n"
