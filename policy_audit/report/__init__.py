"""Every output format behind one interface.

The CLI calls :func:`render_check`, :func:`render_batch`, :func:`render_rule_list` and
:func:`render_explain` with a :class:`Format`; each format is one module holding one
:class:`Formatter` subclass, looked up in ``_IMPLEMENTATIONS`` and imported only when used (so
``--format json`` never imports rich). Format modules import this package for the interface and the
shared, format-neutral helpers below (what a finding means for the reader: its rule, whether it is a
gap, what is missing, the recommended language, the verdict line) and :mod:`.caveats` (what makes a
finding less than certain: confidence, narrow scope, section topics); they never import each other.

Everything a document supplies (quotes, section titles, paths, reasons) is untrusted text: every
format escapes it with the helpers in :mod:`policy_audit.report.text_safety`.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from policy_audit import __version__
from policy_audit.batch_result import BatchResult
from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult, Evidence, Finding, Grade, Status
from policy_audit.provenance import Provenance
from policy_audit.report.caveats import (
    CHECK_MARK,
    CHECK_WORDS,
    check_note,
    confidence_note,
    narrow_note,
    reason_words,
    topic_words,
)
from policy_audit.report.formats import FORMAT_BY_EXTENSION, Format, format_for_path, formats_for
from policy_audit.report.legend import scale_meaning  # noqa: F401  (formats import it from here)
from policy_audit.rulebook import Rule, RuleSet

SCHEMA_VERSION = "1.2"  # of the JSON/JSONL output; see docs/json-schema.md for the policy
TOOL_NAME = "policy-audit"
TOOL = {"name": TOOL_NAME, "version": __version__}


# Format -> (module in this package, class name). Imported lazily.
_IMPLEMENTATIONS: dict[Format, tuple[str, str]] = {
    Format.TERMINAL: ("terminal", "TerminalFormatter"),
    Format.JSON: ("json_format", "JsonFormatter"),
    Format.JSONL: ("json_format", "JsonlFormatter"),
    Format.MARKDOWN: ("markdown", "MarkdownFormatter"),
    Format.HTML: ("html_summary", "HtmlSummaryFormatter"),
    Format.CSV: ("csv_format", "CsvFormatter"),
    Format.XLSX: ("xlsx_format", "XlsxFormatter"),
    Format.CARD: ("card", "CardFormatter"),
    Format.SARIF: ("sarif_format", "SarifFormatter"),
}


# evaluate's formats: Format -> (module, EvaluationFormatter subclass), imported lazily the same way.
_EVALUATION_IMPLEMENTATIONS: dict[Format, tuple[str, str]] = {
    Format.TERMINAL: ("evaluation_terminal", "EvaluationTerminalFormatter"),
    Format.JSON: ("evaluation_json", "EvaluationJsonFormatter"),
    Format.MARKDOWN: ("evaluation_markdown", "EvaluationMarkdownFormatter"),
}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False  # terminal only: emit ANSI colour
    width: int = 100  # terminal only: line width
    provenance: Provenance | None = None  # what made the report and when; None in tests that need no footer
    timings: bool = False  # scan --timings: seconds and cache counts, which make two runs' outputs differ
    department: str = ""  # check: the report's title (--department); "" titles it by the file's name
    summary: bool = False  # check, terminal: only the bottom line and the table
    profiles: tuple = ()  # standards.Profile: their requirements are graded (report/requirements.py)


class Formatter(ABC):
    """One output format. ``render_check`` and ``render_batch`` are required; a format that cannot
    list or explain rules leaves those two alone (``formats_for`` never offers it for them)."""

    def __init__(self, options: RenderOptions = RenderOptions()):
        self.options = options

    @abstractmethod
    def render_check(self, result: AuditResult, rules: RuleSet) -> str: ...

    @abstractmethod
    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str: ...

    def render_rule_list(self, rules: RuleSet) -> str:
        raise NotImplementedError

    def render_explain(self, rule: Rule) -> str:
        raise NotImplementedError


def get_formatter(fmt: Format | str, **options: Any) -> Formatter:
    """The formatter for ``fmt``; ``options`` are RenderOptions' fields (color, width, provenance, ...)."""
    fmt = Format(fmt)
    module_name, class_name = _IMPLEMENTATIONS[fmt]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, class_name)(RenderOptions(**options))


def import_formatter(fmt: Format | str) -> None:
    """Import ``fmt``'s formatter module now, ahead of ``get_formatter``."""
    importlib.import_module(f"{__name__}.{_IMPLEMENTATIONS[Format(fmt)][0]}")


def _checked(command: str, fmt: Format | str) -> Format:
    chosen: Format | None
    try:
        chosen = Format(fmt)
    except ValueError:
        chosen = None
    allowed = formats_for(command)
    if chosen is None or chosen not in allowed:
        raise UsageError(
            f"format {getattr(chosen, 'value', chosen)!r} is not available for {command}; "
            f"choose one of: {', '.join(f.value for f in allowed)}"
        )
    return chosen


def render_check(
    result: AuditResult,
    rules: RuleSet,
    fmt: Format,
    *,
    color: bool = False,
    width: int = 100,
    provenance: Provenance | None = None,
    department: str = "",
    summary: bool = False,
) -> str:
    formatter = get_formatter(
        _checked("check", fmt),
        color=color,
        width=width,
        provenance=provenance,
        department=department,
        summary=summary,
    )
    return formatter.render_check(result, rules)


def render_batch(
    batch: BatchResult,
    rules: RuleSet,
    fmt: Format,
    *,
    color: bool = False,
    width: int = 100,
    provenance: Provenance | None = None,
) -> str:
    formatter = get_formatter(_checked("scan", fmt), color=color, width=width, provenance=provenance)
    return formatter.render_batch(batch, rules)


def render_rule_list(rules: RuleSet, fmt: Format = Format.TERMINAL, *, color: bool = False, width: int = 100) -> str:
    return get_formatter(_checked("rules", fmt), color=color, width=width).render_rule_list(rules)


def render_explain(rule: Rule, fmt: Format = Format.TERMINAL, *, color: bool = False, width: int = 100) -> str:
    return get_formatter(_checked("explain", fmt), color=color, width=width).render_explain(rule)


def render_evaluation(evaluation, fmt: Format = Format.TERMINAL, *, color: bool = False, width: int = 100) -> str:
    """``evaluate``'s report (``evaluation``: a :class:`policy_audit.evaluate.Evaluation`)."""
    module_name, class_name = _EVALUATION_IMPLEMENTATIONS[_checked("evaluate", fmt)]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, class_name)(RenderOptions(color=color, width=width)).render_evaluation(evaluation)


# ---------------------------------------------------------------------------------------------
# Shared, format-neutral helpers: what the findings mean. Formats decide only how it looks.

GRADE_WORDS: dict[Grade, str] = {
    Grade.STRONG: "strong",
    Grade.PRESENT: "present",
    Grade.MET: "met",
    Grade.WEAK: "weak",
    Grade.ABSENT: "absent",
    Grade.NOT_MET: "not met",
}

# One-letter symbols for the batch matrices. Colour (where there is colour) repeats the meaning.
GRADE_SYMBOLS: dict[Grade, str] = {
    Grade.STRONG: "S",
    Grade.PRESENT: "P",
    Grade.MET: "M",
    Grade.WEAK: "W",
    Grade.ABSENT: "x",
    Grade.NOT_MET: "x",
}
NOT_AUDITED_SYMBOL = "?"
MATRIX_LEGEND = (
    f"S strong, P present, M met, W weak, x absent / not met, ? not audited, "
    f"{CHECK_MARK} {CHECK_WORDS} (low confidence)"
)

MAX_QUOTES = 3  # quotes shown per criterion in terminal and markdown details (HTML and JSON show all)


def tone(grade: Grade) -> str:
    """ "good" (strong/present/met), "weak", or "missing" (absent/not met): the colour class."""
    if grade is Grade.WEAK:
        return "weak"
    return "missing" if grade.is_gap else "good"


def page_label(page: int | None) -> str:
    return f"p. {page}" if page is not None else "no page"


def location(ev: Evidence) -> str:
    """ "p. 12, 300.2.1 DUTY TO INTERCEDE, in a use-of-force section" (untrusted: escape before output)."""
    parts = [page_label(ev.page)] if ev.page is not None else []
    if ev.section:
        parts.append(ev.section)
    if ev.topic:
        parts.append(topic_words(ev.topic))
    return ", ".join(parts) if parts else "no page or section"


@dataclass(frozen=True)
class CriterionView:
    """A finding joined with its rule: what every format shows for one criterion."""

    finding: Finding
    rule: Rule | None  # None when the result carries a criterion the rule set does not know

    @property
    def id(self) -> str:
        return self.finding.criterion

    @property
    def title(self) -> str:
        return self.rule.title if self.rule else self.finding.criterion

    @property
    def family(self) -> str:
        return self.rule.family if self.rule else self.finding.criterion.split(".", 1)[0]

    @property
    def grade(self) -> Grade:
        return self.finding.grade

    @property
    def is_gap(self) -> bool:
        return self.finding.is_gap

    @property
    def best(self) -> Evidence | None:
        return self.finding.evidence[0] if self.finding.evidence else None

    @property
    def recommendation(self) -> str | None:
        """The rule's model language, for gaps only."""
        if self.is_gap and self.rule and self.rule.model_language:
            return self.rule.model_language
        return None

    @property
    def sources(self) -> tuple[str, ...]:
        return self.rule.sources if self.rule else ()

    @property
    def check_this(self) -> bool:
        """Low confidence: the reader should check grade and quote against the document."""
        return self.finding.confidence.is_low

    @property
    def check_note(self) -> str | None:
        return check_note(self.finding)

    @property
    def confidence_note(self) -> str | None:
        return confidence_note(self.finding)

    @property
    def narrow_note(self) -> str | None:
        return narrow_note(self.finding)

    @property
    def missing(self) -> str | None:
        """What the document lacks, in one sentence (None when not a gap)."""
        if not self.is_gap:
            return None
        want = (self.rule.summary if self.rule and self.rule.summary else "language that meets this criterion").rstrip(
            "."
        )
        if self.grade is Grade.WEAK:
            reasons = _unique(
                reason_words(e.reason) for e in self.finding.evidence if e.grade is Grade.WEAK and e.reason
            )
            why = f" ({'; '.join(reasons)})" if reasons else ""
            return (
                f"Only permissive or narrow language{why}; needed: mandatory language (shall, must) "
                f"that applies in every case: {want}."
            )
        if self.finding.evidence:
            return f"The passages found do not meet the criterion; nothing requires this: {want}."
        return f"Nothing in the document requires this: {want}."


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def criterion_views(result: AuditResult, rules: RuleSet) -> tuple[CriterionView, ...]:
    """The result's findings in report order (the rule set's order); unknown criteria last, by id."""
    order = {r.id: i for i, r in enumerate(rules)}
    views = [CriterionView(f, rules.get(f.criterion)) for f in result.findings]
    return tuple(sorted(views, key=lambda v: (order.get(v.rule.id if v.rule else "", len(order)), v.id)))


def grade_counts(result: AuditResult) -> dict[str, int]:
    """Findings per grade value, every grade present (zeros included), in a fixed order."""
    counts = {g.value: 0 for g in Grade}
    for f in result.findings:
        counts[f.grade.value] += 1
    return counts


def verdict(result: AuditResult) -> str:
    """One line: "2 of 11 criteria strong, 4 present, 1 weak, 4 absent: 5 gaps"."""
    if result.status is not Status.OK:
        return f"Not audited ({result.problem or result.status.value}): {result.reason or 'unreadable document'}"
    total = len(result.findings)
    if not total:
        return "No criteria were graded."
    counts = grade_counts(result)
    parts = [f"{counts[g.value]} {GRADE_WORDS[g]}" for g in Grade if counts[g.value]]
    parts[0] = parts[0].replace(" ", f" of {total} criteria ", 1)
    gaps = len(result.gaps)
    tail = "no gaps" if not gaps else f"{gaps} gap{'s' if gaps != 1 else ''}"
    return f"{', '.join(parts)}: {tail}"


def checked_criteria(result: AuditResult, rules: RuleSet) -> tuple[str, ...]:
    """The criteria whose findings have low confidence, in report order."""
    return tuple(v.id for v in criterion_views(result, rules) if v.check_this)


def checks_line(result: AuditResult, rules: RuleSet) -> str | None:
    """ "Check 2 findings against the document (low confidence): intervene.duty, medical.aid"."""
    ids = checked_criteria(result, rules)
    if result.status is not Status.OK or not ids:
        return None
    return (
        f"Check {len(ids)} finding{'s' if len(ids) != 1 else ''} against the document "
        f"(low confidence): {', '.join(ids)}"
    )


def batch_criteria(batch: BatchResult, rules: RuleSet) -> tuple[str, ...]:
    """The matrix columns: criterion ids in rule order (or, with no rules, as the results have them)."""
    ids = [r.id for r in rules]
    for result in batch.results:
        for f in result.findings:
            if f.criterion not in ids and rules.get(f.criterion) is None:
                ids.append(f.criterion)
    return tuple(ids)


def result_grade(result: AuditResult, criterion: str) -> Grade | None:
    f = result.finding(criterion)
    return f.grade if f is not None else None


def split_results(batch: BatchResult) -> tuple[tuple[AuditResult, ...], tuple[AuditResult, ...]]:
    """(audited documents, documents that could not be audited), each in input order."""
    ok = tuple(r for r in batch.results if r.status is Status.OK)
    bad = tuple(r for r in batch.results if r.status is not Status.OK)
    return ok, bad


def counts_line(batch: BatchResult) -> str:
    counts = batch.counts()
    total = len(batch.results)
    text = (
        f"{total} document{'s' if total != 1 else ''}: {counts['ok']} ok, {counts['no_text']} no text, "
        f"{counts['error']} error; {batch.cached} from cache"
    )
    if batch.interrupted:
        text += " (interrupted: only finished documents are shown)"
    return text


__all__ = [
    "Format",
    "Formatter",
    "RenderOptions",
    "SCHEMA_VERSION",
    "FORMAT_BY_EXTENSION",
    "format_for_path",
    "formats_for",
    "get_formatter",
    "render_batch",
    "render_check",
    "render_evaluation",
    "render_explain",
    "render_rule_list",
    "scale_meaning",
]
