"""``evaluate --format markdown`` (GitHub flavour), for a pull request or a note.

Every piece of text from documents and labels files goes through :func:`escape_markdown` (or into
a code span when it cannot break one), so a quote cannot add a table column, open a link, inject
HTML or lose its brackets.
"""

from __future__ import annotations

from policy_audit.evaluate import Evaluation
from policy_audit.report.evaluation import (
    EVIDENCE_NOTE,
    EvaluationFormatter,
    confusion_rows,
    evidence_rows,
    excluded_line,
    fmt_num,
    fmt_share,
    labels_name,
    no_text_line,
)
from policy_audit.report.text_safety import clean_text
from policy_audit.report.text_safety import escape_markdown as md


def _code(text: str) -> str:
    """A code span for names and paths; text that could break out of one is escaped instead."""
    text = clean_text(text)
    return f"`{text}`" if text and "`" not in text and "|" not in text else md(text)


def _page(page: int | None) -> str:
    return f" (p. {page})" if page else ""


class EvaluationMarkdownFormatter(EvaluationFormatter):
    def render_evaluation(self, evaluation: Evaluation) -> str:
        ev = evaluation
        d = ev.documents
        out = [
            "## Accuracy against hand labels",
            "",
            (
                f"Labels: {_code(labels_name(ev))} ({md(ev.labeller or 'unknown labeller')}); standard {_code(ev.standard)}; "
                f"{d['total']} documents ({d['listed']} listed, {d['batch_implied']} unlisted "
                f"batch files expected absent, {d['no_text_labelled']} without text)."
            ),
        ]
        excluded = excluded_line(ev)
        if excluded:
            out += ["", excluded + "."]
        out += ["", "| criterion | n | accuracy | precision | recall | kappa |", "|---|---:|---:|---:|---:|---:|"]
        for c in ev.criteria:
            s = c.scores
            out.append(
                f"| {_code(c.id)} | {s.n} | {fmt_num(s.accuracy)} | {fmt_num(s.precision)} | {fmt_num(s.recall)} | {fmt_num(s.kappa)} |"
            )
        o = ev.overall
        out.append(
            f"| **overall** | {o.n} | {fmt_num(o.accuracy)} | {fmt_num(o.precision)} | {fmt_num(o.recall)} | {fmt_num(o.kappa)} |"
        )
        out += [
            "",
            (
                "Precision and recall are for the top grade (strong / present / met); kappa is Cohen's kappa "
                "(n/a when chance agreement is 1). Overall pools every document x criterion pair; "
                f"mean per-criterion accuracy {fmt_num(ev.macro_accuracy)}."
            ),
            "",
            no_text_line(ev),
        ]
        for doc, status, reason in ev.no_text.unexpected:
            out.append(f"- labelled with text but not read by the tool: {_code(doc)} ({status}: {md(reason)})")
        for s in d.get("skipped", ()):
            out.append(f"- skipped: {_code(s['doc'])} ({md(s['reason'])})")
        if ev.unlabelled:
            out.append(f"- not labelled, not scored: {', '.join(_code(c) for c in ev.unlabelled)}")
        out += self._confusion(ev) + self._evidence(ev) + self._disagreements(ev)
        for w in ev.warnings:
            out += ["", f"> warning: {md(w)}"]
        return "\n".join(out) + "\n"

    def _confusion(self, ev: Evaluation) -> list[str]:
        # grade names are the tool's own words, not document text
        cols, rows = confusion_rows(ev)
        out = ["", "### Confusion matrices (rows: expected, columns: found)", ""]
        out.append("| criterion | expected | " + " | ".join(cols) + " |")
        out.append("|---|---|" + "---:|" * len(cols))
        for r in rows:
            out.append(f"| {_code(r[0])} | " + " | ".join(r[1:]) + " |")
        return out

    def _evidence(self, ev: Evaluation) -> list[str]:
        out = ["", "### Evidence quotes", "", EVIDENCE_NOTE, ""]
        out.append(
            "| criterion | labels with a quote, grade agreed | headline quote contains it | some quote contains it |"
        )
        out.append("|---|---:|---:|---:|")
        for cid, e in evidence_rows(ev):
            name = "**overall**" if cid == "overall" else _code(cid)
            out.append(f"| {name} | {e.n} | {fmt_share(e.headline, e.n)} | {fmt_share(e.any_shown, e.n)} |")
        return out

    def _disagreements(self, ev: Evaluation) -> list[str]:
        out = ["", f"### Disagreements ({len(ev.disagreements)})", ""]
        if not ev.disagreements:
            return out + ["None."]
        out.append("| document | criterion | expected | found | expected quote | found quote |")
        out.append("|---|---|---|---|---|---|")
        for d in ev.disagreements:
            eq = "(unlisted batch file)" if d.implied else md(d.expected_quote) + _page(d.expected_page)
            fq = md(d.found_quote) + _page(d.found_page)
            out.append(f"| {_code(d.doc)} | {_code(d.criterion)} | {d.expected} | {d.found} | {eq} | {fq} |")
        return out
