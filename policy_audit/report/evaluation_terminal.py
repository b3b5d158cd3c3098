"""``evaluate`` in the terminal (rich).

As in the check and scan report, text from documents and labels files (quotes, paths, reasons, the
labeller, warnings) enters rich only as :class:`rich.text.Text` built from cleaned strings, never as
markup: a quote with "[sic]" keeps it and one with "[/b]" prints as itself.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from policy_audit.evaluate import Evaluation
from policy_audit.report.evaluation import (
    EVIDENCE_NOTE,
    QUOTE_LIMIT,
    EvaluationFormatter,
    confusion_rows,
    evidence_rows,
    excluded_line,
    fmt_num,
    fmt_share,
    no_text_line,
)
from policy_audit.report.text_safety import clean_text, shorten


def _t(text: str, style: str = "") -> Text:
    return Text(clean_text(text), style=style)


def _page(page: int | None) -> str:
    return f" (p. {page})" if page else ""


class EvaluationTerminalFormatter(EvaluationFormatter):
    def render_evaluation(self, evaluation: Evaluation) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=self.options.color,
            no_color=not self.options.color,
            width=self.options.width,
            highlight=False,
            emoji=False,
        )
        for part in self._parts(evaluation):
            console.print(part)
        # rich pads table cells to the full width: drop trailing spaces so pipes and diffs stay clean
        return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))

    def _parts(self, ev: Evaluation) -> list[RenderableType]:
        d = ev.documents
        parts: list[RenderableType] = [
            _t(
                f"Evaluation of {ev.labels_path} ({ev.labeller or 'unknown labeller'}), standard {ev.standard}: "
                f"{d['total']} documents ({d['listed']} listed, {d['batch_implied']} unlisted batch files expected absent)"
            )
        ]
        excluded = excluded_line(ev)
        if excluded:
            parts.append(Text(excluded))
        parts += [
            self._figures(ev),
            Text(f"precision/recall of the top grade; mean per-criterion accuracy {fmt_num(ev.macro_accuracy)}"),
            Text(no_text_line(ev)),
        ]
        for doc, status, reason in ev.no_text.unexpected:
            parts.append(Text.assemble("  ", _t(f"labelled with text but not read: {doc} ({status}: {reason})")))
        for s in d.get("skipped", ()):
            parts.append(Text.assemble("  ", _t(f"skipped: {s['doc']} ({s['reason']})")))
        if ev.unlabelled:
            parts.append(_t(f"not labelled, not scored: {', '.join(ev.unlabelled)}"))
        parts += [self._confusion(ev), self._evidence(ev), Text(EVIDENCE_NOTE, style="dim")]
        parts.append(Text(f"disagreements: {len(ev.disagreements)}"))
        if ev.disagreements:
            parts.append(self._disagreements(ev))
        for w in ev.warnings:
            parts.append(_t(f"warning: {w}"))
        return parts

    def _figures(self, ev: Evaluation) -> Table:
        table = Table(show_header=True, header_style="bold")
        table.add_column("criterion")
        for name in ("n", "accuracy", "precision", "recall", "kappa"):
            table.add_column(name, justify="right")
        for c in ev.criteria:
            s = c.scores
            table.add_row(
                _t(c.id), str(s.n), fmt_num(s.accuracy), fmt_num(s.precision), fmt_num(s.recall), fmt_num(s.kappa)
            )
        o = ev.overall
        table.add_row(
            "overall",
            str(o.n),
            fmt_num(o.accuracy),
            fmt_num(o.precision),
            fmt_num(o.recall),
            fmt_num(o.kappa),
            style="bold",
        )
        return table

    def _confusion(self, ev: Evaluation) -> Table:
        cols, rows = confusion_rows(ev)
        table = Table(title="confusion (rows: expected, columns: found)", show_header=True, header_style="bold")
        table.add_column("criterion")
        table.add_column("expected")
        for f in cols:
            table.add_column(_t(f), justify="right")
        for r in rows:
            table.add_row(*(_t(cell) for cell in r))
        return table

    def _evidence(self, ev: Evaluation) -> Table:
        table = Table(title="evidence: the labelled quote is shown", show_header=True, header_style="bold")
        table.add_column("criterion")
        table.add_column("labels with a quote, grade agreed", justify="right")
        table.add_column("as the headline", justify="right")
        table.add_column("in any quote", justify="right")
        for cid, e in evidence_rows(ev):
            table.add_row(
                _t(cid),
                str(e.n),
                fmt_share(e.headline, e.n),
                fmt_share(e.any_shown, e.n),
                style="bold" if cid == "overall" else "",
            )
        return table

    def _disagreements(self, ev: Evaluation) -> Table:
        table = Table(show_header=True, header_style="bold", show_lines=True)
        for name in ("document", "criterion", "expected \u2192 found", "expected quote", "found quote"):
            table.add_column(name, overflow="fold")
        for d in ev.disagreements:
            eq = (
                "(unlisted batch file)"
                if d.implied
                else shorten(d.expected_quote, QUOTE_LIMIT) + _page(d.expected_page)
            )
            fq = shorten(d.found_quote, QUOTE_LIMIT) + _page(d.found_page)
            table.add_row(_t(d.doc), _t(d.criterion), _t(f"{d.expected} \u2192 {d.found}"), _t(eq), _t(fq))
        return table
