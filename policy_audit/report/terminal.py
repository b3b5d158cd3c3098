"""The terminal report (rich). The only module that imports rich.

Untrusted text only ever enters rich as :class:`rich.text.Text` built from cleaned strings, never as
markup, so a quote such as ``[link=http://x]`` or an escape sequence prints as itself (or not at all).
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult, Grade, Status
from policy_audit.report import (
    GRADE_SYMBOLS,
    GRADE_WORDS,
    MATRIX_LEGEND,
    MAX_QUOTES,
    NOT_AUDITED_SYMBOL,
    CriterionView,
    Formatter,
    batch_criteria,
    checks_line,
    counts_line,
    criterion_views,
    location,
    result_grade,
    scale_meaning,
    split_results,
    tone,
    verdict,
)
from policy_audit.report.bottom_line import bottom_line
from policy_audit.report.caveats import CHECK_MARK, CHECK_WORDS, department_checks, reason_words, result_check
from policy_audit.report.legend import legend
from policy_audit.report.masthead import document_title, footer_line, shown_path
from policy_audit.report.requirements import terminal_lines as requirement_lines
from policy_audit.report.review_notes import review_mark, review_note
from policy_audit.report.text_safety import clean_text, shorten
from policy_audit.rulebook import Rule, RuleSet

_TONE_STYLE = {"good": "bold green", "weak": "bold yellow", "missing": "bold red"}
_CHECK_STYLE = "bold yellow"


def _t(text: str, style: str = "") -> Text:
    return Text(clean_text(text), style=style)


def _grade_text(grade: Grade, *, symbol: bool = False) -> Text:
    return Text(GRADE_SYMBOLS[grade] if symbol else GRADE_WORDS[grade], style=_TONE_STYLE[tone(grade)])


def _quote_text(quote: str, highlights: tuple[str, ...]) -> Text:
    text = _t(quote, "italic")
    for word in highlights:
        word = clean_text(word)
        if word:
            text.highlight_words([word], style="bold underline", case_sensitive=False)
    return text


def _matrix_cell(grade: Grade | None, check: bool) -> Text:
    if grade is None:
        return Text(NOT_AUDITED_SYMBOL, style="dim")
    cell = _grade_text(grade, symbol=True)
    if check:
        cell.append(CHECK_MARK, style=_CHECK_STYLE)
    return cell


class TerminalFormatter(Formatter):
    def _render(self, *renderables: RenderableType) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=self.options.color,
            color_system="truecolor" if self.options.color else None,
            no_color=not self.options.color,  # the CLI has weighed NO_COLOR already: --color overrides it
            width=self.options.width,
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )
        for r in renderables:
            console.print(r)
        # rich pads table cells to the full width: drop trailing spaces so pipes and diffs stay clean
        return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))

    # ------------------------------------------------------------------------------------ check

    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        return self._render(*self._check_parts(result, rules))

    def _header(self, result: AuditResult) -> Text:
        doc = result.document
        head = Text("policy-audit ", style="bold")
        head.append(clean_text(document_title(result, self.options.department)), style="bold cyan")
        details = [f"{doc.pages} page{'s' if doc.pages != 1 else ''}"]
        path = shown_path(doc.path)
        if path != document_title(result, self.options.department):
            details.insert(0, clean_text(path))
        if doc.engine:
            details.append(f"engine {clean_text(doc.engine)}")
        details.append(f"standard {clean_text(result.standard)}")
        if doc.ocr_pages:
            details.append(f"OCR on {len(doc.ocr_pages)} page{'s' if len(doc.ocr_pages) != 1 else ''}")
        head.append("\n" + " \u00b7 ".join(details), style="dim")
        for warning in doc.warnings:
            head.append("\nwarning: " + clean_text(warning), style="yellow")
        return head

    def _not_audited(self, result: AuditResult) -> Text:
        line = _t(result.document.path, "bold")
        line.append(": ")
        line.append(f"not audited ({clean_text(result.problem or result.status.value)}): ", style="bold red")
        line.append(clean_text(result.reason or "unreadable document"))
        return line

    def _check_parts(self, result: AuditResult, rules: RuleSet) -> list[RenderableType]:
        if result.status is not Status.OK:
            return [self._not_audited(result)]
        views = criterion_views(result, rules)
        said = _t(bottom_line(result, rules, self.options.department), "bold")
        if self.options.summary:
            return [said, Text(""), self._summary_table(views, one_line=True)]
        parts: list[RenderableType] = [self._header(result), Text(""), said, Text(""), self._summary_table(views)]
        parts += [Text(""), self._legend(views)]
        for view in views:
            parts.append(Text(""))
            parts.append(self._criterion_detail(view))
        for indent, text, style in requirement_lines(self.options.profiles, result, rules, self.options.width):
            parts.append(Padding(_t(text, _TONE_STYLE.get(style, style)), (0, 0, 0, indent)))
        parts.append(Text(""))
        parts.append(Text(verdict(result), style="bold red" if result.gaps else "bold green"))
        checks = checks_line(result, rules)
        if checks:
            parts.append(Text(checks, style=_CHECK_STYLE))
        footer = footer_line(result, self.options.provenance)
        if footer:
            parts += [Text(""), _t(footer, "dim")]
        return parts

    def _legend(self, views: tuple[CriterionView, ...]) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for grade, meaning in legend(dict.fromkeys(v.finding.scale for v in views)):
            grid.add_row(_grade_text(grade), Text(meaning, style="dim"))
        return grid

    def _summary_table(self, views: tuple[CriterionView, ...], *, one_line: bool = False) -> Table:
        """One row per criterion; ``one_line`` (--summary) keeps a low-confidence row to one line too,
        its mark beside the grade, so a long standard still fits a screen."""
        marked = one_line and any(v.check_this for v in views)
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            caption=f"{CHECK_MARK} {CHECK_WORDS} (low confidence)" if marked else None,
            caption_justify="left",
            caption_style="yellow",
        )
        id_width = max((len(v.id) for v in views), default=9)
        # an id is what a reader searches for: never folded mid-word
        table.add_column("criterion", no_wrap=True, min_width=id_width)
        grades = [len(_grade_text(v.grade)) + (len(CHECK_MARK) if one_line and v.check_this else 0) for v in views]
        table.add_column("grade", no_wrap=True, min_width=max(grades, default=5))
        pages = [len(str(v.best.page)) for v in views if v.best and v.best.page is not None]
        table.add_column("page", no_wrap=True, justify="right", min_width=max(pages + [len("page")]))
        if one_line:  # cut, never wrapped: a row is a line however narrow the screen
            table.add_column("evidence", no_wrap=True, overflow="ellipsis", ratio=1)
        else:
            table.add_column("evidence", overflow="fold")
        # one line per criterion: cut the quote to what is left of the width (rich would otherwise
        # squeeze the other columns); the full quote follows in the details
        grade_width = len(CHECK_WORDS) if any(v.check_this for v in views) else len("not met")
        room = max(20, self.options.width - id_width - grade_width - len("page") - 3 * 3)
        for view in views:
            best = view.best
            grade = _grade_text(view.grade)
            if mark := review_mark(view.finding):
                grade.append("\n" + mark, style="magenta")
            evidence = _t(shorten(best.quote, room) if best else "", "italic")
            if view.check_this and one_line:
                grade.append(CHECK_MARK, style=_CHECK_STYLE)
            elif view.check_this:
                # a second line: the mark under the grade, the reasons under the quote
                grade.append("\n" + CHECK_WORDS, style=_CHECK_STYLE)
                evidence.append(
                    "\n" + shorten("; ".join(view.finding.confidence.reasons) or "low confidence", room), style="yellow"
                )
            table.add_row(
                Text(view.id),
                grade,
                Text(str(best.page) if best and best.page is not None else "-"),
                evidence,
            )
        return table

    def _criterion_detail(self, view: CriterionView) -> RenderableType:
        title = Text(f"{view.id}", style="bold")
        title.append(f"  {clean_text(view.title)}  ")
        title.append_text(_grade_text(view.grade))
        if view.check_this:
            title.append(f"  {CHECK_WORDS}", style=_CHECK_STYLE)
        body: list[RenderableType] = []
        if view.confidence_note:
            body.append(_t(view.confidence_note, "yellow" if view.check_this else "dim"))
        if view.narrow_note:
            body.append(_t(view.narrow_note, "yellow"))
        if reviewed := review_note(view.finding):
            body.append(_t(reviewed, "magenta"))
        evidence = view.finding.evidence
        for ev in evidence[:MAX_QUOTES]:
            where = _t(location(ev), "dim")  # the section comes from the document
            if ev.ocr:
                where.append(" (OCR)", style="yellow")
            where.append(f"  [{GRADE_WORDS[ev.grade]}", style="dim")
            if ev.reason:
                where.append(f": {clean_text(reason_words(ev.reason))}", style="dim")
            where.append("]", style="dim")
            quote = Text("\u201c")
            quote.append_text(_quote_text(ev.quote, ev.highlights))
            quote.append("\u201d")
            body.extend([where, Padding(quote, (0, 0, 0, 2))])
        if len(evidence) > MAX_QUOTES:
            more = len(evidence) - MAX_QUOTES
            body.append(
                Text(f"... {more} more passage{'s' if more != 1 else ''} (see --format json or html)", style="dim")
            )
        if view.missing:
            body.append(_t(view.missing, "yellow" if view.grade is Grade.WEAK else "red"))
        if view.recommendation:
            body.append(Text("Recommended language:", style="bold"))
            body.append(Padding(_t(view.recommendation), (0, 0, 0, 2)))
            if view.sources:
                body.append(Padding(_t("Sources: " + "; ".join(view.sources), "dim"), (0, 0, 0, 2)))
        return Group(title, Padding(Group(*body), (0, 0, 0, 2))) if body else title

    # ------------------------------------------------------------------------------------ batch

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        criteria = batch_criteria(batch, rules)
        ok, bad = split_results(batch)
        parts: list[RenderableType] = [
            Text(f"policy-audit scan \u00b7 standard {clean_text(batch.standard)}", style="bold"),
            Text(""),
            self._criteria_key(criteria),
        ]
        if batch.groups:
            parts += [Text(""), Text("Departments (best grade in any of their documents)", style="bold")]
            doubtful = department_checks(batch)
            rows: list[tuple[str, str, dict[str, Grade | None], set[str]]] = [
                (
                    g.name,
                    f"{len(g.documents)} doc{'s' if len(g.documents) != 1 else ''}",
                    {gg.criterion: gg.grade for gg in g.grades},
                    {c for c in criteria if (g.name, c) in doubtful},
                )
                for g in batch.groups
            ]
            parts.append(self._matrix("department", rows, criteria))
        if ok:
            parts += [Text(""), Text("Documents", style="bold")]
            rows = [
                (
                    r.document.path,
                    r.group,
                    {c: result_grade(r, c) for c in criteria},
                    {c for c in criteria if result_check(r, c)},
                )
                for r in ok
            ]
            parts.append(self._matrix("document", rows, criteria))
        parts.append(Text("Legend: " + MATRIX_LEGEND, style="dim"))
        if bad:
            parts += [Text(""), Text(f"Not audited ({len(bad)})", style="bold red")]
            parts.extend(self._not_audited(r) for r in bad)
        parts += [Text(""), Text(counts_line(batch), style="bold yellow" if batch.interrupted else "bold")]
        return self._render(*parts)

    def _criteria_key(self, criteria: tuple[str, ...]) -> Text:
        key = Text("Criteria: ", style="dim")
        key.append("  ".join(f"{i}={c}" for i, c in enumerate(criteria, 1)), style="dim")
        return key

    def _matrix(self, label: str, rows, criteria: tuple[str, ...]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column(label, overflow="fold", ratio=3)
        table.add_column("", overflow="fold", ratio=1, style="dim")
        for i, _ in enumerate(criteria, 1):
            table.add_column(str(i), justify="center", no_wrap=True, min_width=2)
        for name, note, grades, checks in rows:
            cells = [_matrix_cell(grades.get(c), c in checks) for c in criteria]
            table.add_row(_t(name), _t(note), *cells)
        return table

    # ------------------------------------------------------------------------------------ rules

    def render_rule_list(self, rules: RuleSet) -> str:
        parts: list[RenderableType] = []
        for family in rules.families():
            table = Table(
                title=f"family {family}",
                title_justify="left",
                title_style="bold",
                box=box.SIMPLE_HEAD,
                show_edge=False,
                pad_edge=False,
            )
            table.add_column("id", no_wrap=True, style="cyan")
            table.add_column("scale", no_wrap=True)
            table.add_column("title", ratio=1, overflow="fold")
            table.add_column("summary", ratio=2, overflow="fold")
            for rule in rules:
                if rule.family == family:
                    table.add_row(rule.id, rule.scale.value, _t(rule.title), _t(rule.summary))
            parts += [table, Text("")]
        parts.append(
            Text("policy-audit explain ID shows a criterion's grading, sources and model language.", style="dim")
        )
        return self._render(*parts)

    def render_explain(self, rule: Rule) -> str:
        head = Text(clean_text(rule.title), style="bold")
        head.append(
            f"\n{rule.id} \u00b7 family {rule.family} \u00b7 scale {rule.scale.value} \u00b7 severity {rule.severity}",
            style="dim",
        )
        parts: list[RenderableType] = [head, Text(""), _t(rule.summary)]
        if rule.notes:
            parts.append(_t(rule.notes, "dim"))
        parts += [Text(""), Text("How it is graded", style="bold")]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for word, meaning in scale_meaning(rule):
            grid.add_row(Text(word + ":", style="bold"), Text(meaning))
        parts.append(Padding(grid, (0, 0, 0, 2)))
        if rule.rationale:
            parts += [Text(""), Text("Why it matters", style="bold"), Padding(_t(rule.rationale), (0, 0, 0, 2))]
        if rule.sources:
            parts += [Text(""), Text("Sources", style="bold")]
            parts += [Padding(_t("- " + s), (0, 0, 0, 2)) for s in rule.sources]
        if rule.model_language:
            parts += [Text(""), Text("Model language", style="bold"), Padding(_t(rule.model_language), (0, 0, 0, 2))]
        if rule.examples:
            parts += [Text(""), Text("Examples", style="bold")]
            for grade, passages in rule.examples:
                for passage in passages:
                    line = Text("  ")
                    line.append_text(_grade_text(grade))
                    line.append(": \u201c" + clean_text(passage) + "\u201d")
                    parts.append(line)
        return self._render(*parts)
