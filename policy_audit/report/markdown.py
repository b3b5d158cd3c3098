"""Markdown (GitHub flavour): for a memo, an issue or a pull request.

Every piece of document text goes through :func:`escape_markdown`: one line, no markup, so a quote
cannot add a table column, open a link or image, inject HTML or start a heading.
"""

from __future__ import annotations

import re

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult, Status
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
    verdict,
)
from policy_audit.report.bottom_line import bottom_line
from policy_audit.report.caveats import CHECK_MARK, CHECK_WORDS, department_checks, reason_words, result_check
from policy_audit.report.legend import legend
from policy_audit.report.masthead import document_title, footer_line, shown_path
from policy_audit.report.requirements import markdown_lines as requirement_lines
from policy_audit.report.review_notes import review_mark, review_note
from policy_audit.report.text_safety import escape_markdown as md
from policy_audit.report.text_safety import shorten
from policy_audit.rulebook import Rule, RuleSet

_PLAIN_ID = re.compile(r"[A-Za-z0-9_.:-]+")


def _code(text: str) -> str:
    """A code span for identifiers; anything that is not a plain identifier is escaped instead."""
    return f"`{text}`" if _PLAIN_ID.fullmatch(text) else md(text)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _grade_cell(v: CriterionView) -> str:
    """The grade in bold; a low-confidence one followed by "check this" and its reasons."""
    cell = f"**{GRADE_WORDS[v.grade]}**"
    mark = review_mark(v.finding)
    cell += f" ({md(mark)})" if mark else ""
    return cell + f" {CHECK_MARK} {md(v.check_note)}" if v.check_note else cell


def _symbol(grade, check: bool) -> str:
    if grade is None:
        return NOT_AUDITED_SYMBOL
    return GRADE_SYMBOLS[grade] + (CHECK_MARK if check else "")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["---"] * len(header)
    return [_row(header), "|" + "|".join(align) + "|", *(_row(r) for r in rows)]


def criteria_table(rules: RuleSet) -> str:
    """The criteria table (id, family, scale, title, summary): `rules --format markdown` and the README."""
    rows = [[_code(r.id), md(r.family), r.scale.value, md(r.title), md(r.summary)] for r in rules]
    return "\n".join(_table(["id", "family", "scale", "title", "what it requires"], rows)) + "\n"


class MarkdownFormatter(Formatter):
    # ------------------------------------------------------------------------------------ check

    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        return "\n".join(self._check_lines(result, rules, level=1, alone=True)) + "\n"

    def _check_lines(self, result: AuditResult, rules: RuleSet, *, level: int, alone: bool = False) -> list[str]:
        """One document's report. ``alone`` (check, not a scan's details): titled by department or file
        name, with the bottom line first, a legend after the table and the footer."""
        h = "#" * level
        doc = result.document
        title = document_title(result, self.options.department) if alone else doc.path
        lines = [f"{h} Policy audit: {md(title)}", ""]
        if result.status is not Status.OK:
            lines += [f"**Not audited** ({md(result.problem or result.status.value)}): {md(result.reason)}", ""]
            return lines
        facts = [f"{doc.pages} page{'s' if doc.pages != 1 else ''}", f"standard {_code(result.standard)}"]
        if doc.engine:
            facts.append(f"read with {md(doc.engine)}")
        if doc.ocr_pages:
            facts.append(f"OCR on page{'s' if len(doc.ocr_pages) != 1 else ''} {', '.join(map(str, doc.ocr_pages))}")
        if result.group:
            facts.insert(0, f"department {md(result.group)}")
        if alone and shown_path(doc.path) != title:
            facts.insert(0, f"file {md(shown_path(doc.path))}")
        lines += [" · ".join(facts), ""]
        if alone:
            lines += [f"**Bottom line:** {md(bottom_line(result, rules, self.options.department))}", ""]
        lines += [f"**Verdict: {md(verdict(result))}**", ""]
        checks = checks_line(result, rules)
        if checks:
            lines += [f"{CHECK_MARK} {md(checks)}", ""]
        for warning in doc.warnings:
            lines += [f"> Warning: {md(warning)}", ""]
        views = criterion_views(result, rules)
        rows = []
        for v in views:
            best = v.best
            page = str(best.page) if best and best.page is not None else "–"
            quote = md(shorten(best.quote, 90)) if best else ""
            rows.append([_code(v.id), md(v.title), _grade_cell(v), page, quote])
        lines += _table(["criterion", "title", "grade", "page", "evidence"], rows, ["---", "---", "---", "--:", "---"])
        lines.append("")
        if alone:
            meanings = legend(dict.fromkeys(v.finding.scale for v in views))
            lines += ["What the grades mean:", "", *(f"- **{GRADE_WORDS[g]}**: {m}" for g, m in meanings), ""]
        for v in views:
            lines += self._criterion_lines(v, level + 1)
        lines += requirement_lines(self.options.profiles, result, rules, level + 1)
        footer = footer_line(result, self.options.provenance) if alone else ""
        if footer:
            lines += ["---", "", f"<sub>{md(footer)}</sub>", ""]
        return lines

    def _criterion_lines(self, v: CriterionView, level: int) -> list[str]:
        h = "#" * level
        mark = f", {CHECK_WORDS}" if v.check_this else ""
        lines = [f"{h} {md(v.title)} ({_code(v.id)}): {GRADE_WORDS[v.grade]}{mark}", ""]
        if v.confidence_note:
            note = md(_sentence(v.confidence_note))
            lines += [f"**{note}**" if v.check_this else f"_{note}_", ""]
        if v.narrow_note:
            lines += [md(_sentence(v.narrow_note)), ""]
        if reviewed := review_note(v.finding):
            lines += [f"**Review:** {md(reviewed)}", ""]
        for ev in v.finding.evidence[:MAX_QUOTES]:
            lines.append(f"> {md(ev.quote)}")
            where = md(location(ev)) + (" (OCR)" if ev.ocr else "")
            reason = f"; {GRADE_WORDS[ev.grade]}" + (f": {md(reason_words(ev.reason))}" if ev.reason else "")
            lines += [">", f"> — {where}{reason}", ""]
        extra = len(v.finding.evidence) - MAX_QUOTES
        if extra > 0:
            lines += [f"_{extra} more passage{'s' if extra != 1 else ''} in the JSON or HTML report._", ""]
        if v.missing:
            lines += [f"**What is missing:** {md(v.missing)}", ""]
        if v.recommendation:
            lines += ["**Recommended language:**", "", f"> {md(v.recommendation)}", ""]
            if v.sources:
                lines += ["Sources: " + "; ".join(md(s) for s in v.sources), ""]
        return lines

    # ------------------------------------------------------------------------------------ batch

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        criteria = batch_criteria(batch, rules)
        ok, bad = split_results(batch)
        lines = [f"# Policy audit scan (standard {_code(batch.standard)})", "", md(counts_line(batch)), ""]
        if batch.interrupted:
            lines += ["> **Interrupted:** only the documents that finished are listed.", ""]
        header = [_code(c) for c in criteria]
        if batch.groups:
            lines += ["## Departments", "", "Best grade in any of the department's documents.", ""]
            rows = []
            doubtful = department_checks(batch)
            for g in batch.groups:
                grades = {gg.criterion: gg.grade for gg in g.grades}
                rows.append(
                    [md(g.name), str(len(g.documents))]
                    + [_symbol(grades.get(c), (g.name, c) in doubtful) for c in criteria]
                )
            lines += _table(["department", "documents", *header], rows)
            lines.append("")
        if ok:
            lines += ["## Documents", ""]
            rows = []
            for r in ok:
                cells = [_symbol(result_grade(r, c), result_check(r, c)) for c in criteria]
                rows.append([md(r.document.path), md(r.group), str(len(r.gaps)), *cells])
            lines += _table(["document", "department", "gaps", *header], rows)
            lines.append("")
        lines += [f"Legend: {md(MATRIX_LEGEND)}", ""]
        if bad:
            lines += ["## Not audited", ""]
            rows = [[md(r.document.path), md(r.group), r.status.value, md(r.problem), md(r.reason)] for r in bad]
            lines += _table(["document", "department", "status", "problem", "reason"], rows)
            lines.append("")
        if ok:
            lines += ["## Details", ""]
            for r in ok:
                lines += self._check_lines(r, rules, level=3)
        p = self.options.provenance
        if p is not None:  # so a filed table can be re-checked: what made it, from which rules, when
            made = (
                f"policy-audit {_code(p.tool_version)} · rules {_code(p.rules_digest)} · standard {_code(p.standard)}"
            )
            lines += ["---", "", f"{made} · run {_code(p.run_at)}", ""]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------------------------ rules

    def render_rule_list(self, rules: RuleSet) -> str:
        return "# Criteria\n\n" + criteria_table(rules)

    def render_explain(self, rule: Rule) -> str:
        lines = [
            f"# {md(rule.title)} ({_code(rule.id)})",
            "",
            f"Family {_code(rule.family)} · scale {rule.scale.value} · severity {rule.severity}",
            "",
            md(rule.summary),
            "",
        ]
        if rule.notes:
            lines += [md(rule.notes), ""]
        lines += ["## How it is graded", ""]
        lines += [f"- **{word}**: {md(meaning)}" for word, meaning in scale_meaning(rule)]
        lines.append("")
        if rule.rationale:
            lines += ["## Why it matters", "", md(rule.rationale), ""]
        if rule.sources:
            lines += ["## Sources", "", *(f"- {md(s)}" for s in rule.sources), ""]
        if rule.model_language:
            lines += ["## Model language", "", f"> {md(rule.model_language)}", ""]
        if rule.examples:
            lines += ["## Examples", ""]
            for grade, passages in rule.examples:
                lines += [f"- **{GRADE_WORDS[grade]}**: {md(p)}" for p in passages]
            lines.append("")
        return "\n".join(lines)
