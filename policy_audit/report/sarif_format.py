"""SARIF 2.1.0: gaps as code-scanning results, so a repository that keeps its policies as text gets
annotations on the lines of its Markdown or text files (GitHub code scanning, and other CI tools).

One result per gap finding, ``ruleId`` the criterion id. Levels follow what the gap costs: an absent
obligation (or an unmet Campaign Zero criterion) is an ``error``, a weak one a ``warning``, a missing
element a ``note``. A text document's result points at the line where its quote starts (found by the
quote's first words, whatever markup or line breaks sit between them; line 1 when there is no quote);
a PDF, Word or web document has no lines a scanner can show, so the page and section go in the
message and a logical location. A document that could not be read is a tool notification, not a
result: it says nothing about the policy.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult, Grade, Scale, Status
from policy_audit.report import TOOL_NAME, CriterionView, Formatter, criterion_views, location
from policy_audit.rulebook import Rule, RuleSet

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LINE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
_FIRST_WORDS = 8  # enough to tell two sentences apart, few enough to survive a line break or markup
_WORD = re.compile(r"\w+")


def level(view: CriterionView) -> str:
    if view.grade is Grade.WEAK:
        return "warning"
    if view.finding.scale is Scale.ELEMENT:
        return "note"
    return "error"


def artifact_uri(path: str) -> str:
    """Relative to the working folder when the document is inside it (what code scanning matches
    against the repository), else an absolute file URI."""
    absolute = Path(os.path.abspath(path))
    try:
        return quote(absolute.relative_to(Path.cwd()).as_posix())
    except ValueError:
        return absolute.as_uri()


@lru_cache(maxsize=64)
def _file_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


def quote_line(path: str, quote_text: str) -> int | None:
    """The 1-based line of the file where the quote starts, or None when its words are not found."""
    words = _WORD.findall(quote_text)
    text = _file_text(path)
    if not words or not text:
        return None
    for count in (_FIRST_WORDS, 3):
        pattern = r"\W+".join(re.escape(w) for w in words[:count])
        found = re.search(r"\b" + pattern, text, re.IGNORECASE)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return None


def _has_lines(result: AuditResult) -> bool:
    return os.path.splitext(result.document.path)[1].lower() in LINE_SUFFIXES


def _message(view: CriterionView, result: AuditResult) -> str:
    text = f"{view.id} ({view.title}): {view.grade.value}. {view.missing or ''}".strip()
    best = view.best
    if best is not None:
        text += f' Best quote ({location(best)}): "{best.quote}"'
    return text


def result_object(view: CriterionView, result: AuditResult, rule_index: dict[str, int]) -> dict[str, Any]:
    best = view.best
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(result.document.path)}}
    where: dict[str, Any] = {"physicalLocation": physical}
    if _has_lines(result):
        line = quote_line(result.document.path, best.quote) if best is not None else None
        physical["region"] = {"startLine": line or 1}
    elif best is not None:
        where["logicalLocations"] = [{"name": location(best), "kind": "page" if best.page is not None else "section"}]
    obj: dict[str, Any] = {
        "ruleId": view.id,
        "level": level(view),
        "message": {"text": _message(view, result)},
        "locations": [where],
        "properties": {"grade": view.grade.value, "confidence": view.finding.confidence.level.value},
    }
    if view.id in rule_index:
        obj["ruleIndex"] = rule_index[view.id]
    return obj


def rule_object(rule: Rule) -> dict[str, Any]:
    help_text = " ".join(part for part in (rule.rationale.strip(), _model(rule)) if part)
    obj: dict[str, Any] = {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.summary.strip() or rule.title},
        "help": {"text": help_text or rule.title},
        "properties": {"family": rule.family, "scale": rule.scale.value, "sources": list(rule.sources)},
    }
    urls = [s for s in rule.sources if s.startswith(("https://", "http://"))]
    if urls:
        obj["helpUri"] = urls[0]
    return obj


def _model(rule: Rule) -> str:
    return f"Model language: {rule.model_language.strip()}" if rule.model_language.strip() else ""


def sarif_log(results: tuple[AuditResult, ...], rules: RuleSet) -> dict[str, Any]:
    from policy_audit import __version__

    rule_list = list(rules)
    rule_index = {r.id: i for i, r in enumerate(rule_list)}
    found: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        if result.status is not Status.OK:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{result.document.path}: {result.reason or result.status.value}"},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(result.document.path)}}}
                    ],
                }
            )
            continue
        found += [result_object(v, result, rule_index) for v in criterion_views(result, rules) if v.is_gap]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [rule_object(r) for r in rule_list],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "results": found,
            }
        ],
    }


class SarifFormatter(Formatter):
    def render_check(self, result: AuditResult, rules: RuleSet) -> str:
        return json.dumps(sarif_log((result,), rules), indent=2, ensure_ascii=True) + "\n"

    def render_batch(self, batch: BatchResult, rules: RuleSet) -> str:
        return json.dumps(sarif_log(batch.results, rules), indent=2, ensure_ascii=True) + "\n"
