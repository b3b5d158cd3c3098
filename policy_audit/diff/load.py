"""The two sides of a diff: two documents (audited now), or two scan output folders (their
``summary.json``), with the review file applied to both."""

from __future__ import annotations

import json
import os
from pathlib import Path

from policy_audit.audit import AuditOptions, audit_path
from policy_audit.diff.compare import DiffResult, compare_results, order_by
from policy_audit.errors import DocumentError, DocumentProblem, UsageError
from policy_audit.findings import AuditResult, Status
from policy_audit.review import apply_to_result
from policy_audit.review.schema import ReviewFile
from policy_audit.rulebook import load_rules

SUMMARY = "summary.json"


def _audited(path: Path, options: AuditOptions) -> AuditResult:
    result = audit_path(path, options, read_in_parallel=True)
    if result.status is not Status.OK:
        problem = DocumentProblem(result.problem) if result.problem in {p.value for p in DocumentProblem} else None
        raise DocumentError(result.document.path, problem or DocumentProblem.CORRUPT, result.reason)
    return result


def _summary_results(folder: Path) -> list[AuditResult]:
    summary = folder / SUMMARY
    if not summary.is_file():
        raise UsageError(f"{folder}: no {SUMMARY} here; a scan folder comes from `policy-audit scan -f json -o FOLDER`")
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{summary}: not a readable JSON summary ({exc.__class__.__name__})")
    if not isinstance(data, dict) or data.get("kind") != "batch" or not isinstance(data.get("documents"), list):
        raise UsageError(f"{summary}: not a scan summary (kind 'batch' with 'documents')")
    if str(data.get("schema_version", "1")).split(".")[0] != "1":
        raise UsageError(f"{summary}: schema version {data.get('schema_version')!r} is newer than this tool reads")
    try:
        return [AuditResult.from_dict({**d, "group": d.get("department", "")}) for d in data["documents"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"{summary}: a document entry is malformed ({exc.__class__.__name__}: {exc})")


def _keys(results: list[AuditResult]) -> list[str]:
    """Each document's path below the scan's common folder: how two scans' documents are paired."""
    paths = [os.path.abspath(r.document.path) for r in results]
    try:
        common = os.path.commonpath([os.path.dirname(p) for p in paths]) if paths else ""
    except ValueError:
        common = ""
    return [os.path.relpath(p, common) if common else p for p in paths]


def load_diff(
    old: Path,
    new: Path,
    options: AuditOptions,
    review: ReviewFile | None = None,
    review_file: Path | None = None,
) -> DiffResult:
    for side in (old, new):
        if not side.exists():
            raise DocumentError(side, DocumentProblem.NOT_FOUND, "no such file or folder")
    if old.is_dir() != new.is_dir():
        raise UsageError(f"{old} and {new}: compare two documents or two scan folders, not one of each")
    rules = load_rules(options.rules_dirs).select(options.standard)
    titles = {r.id: r.title for r in rules}
    order = [r.id for r in rules]

    def reviewed(result: AuditResult) -> AuditResult:
        return apply_to_result(result, review, review_file)

    if not old.is_dir():
        pair = compare_results(reviewed(_audited(old, options)), reviewed(_audited(new, options)), titles)
        return DiffResult(documents=(order_by(order, pair),))
    old_results, new_results = _summary_results(old), _summary_results(new)
    old_by_key = dict(zip(_keys(old_results), old_results))
    new_by_key = dict(zip(_keys(new_results), new_results))
    documents, not_audited = [], []
    for key, new_result in new_by_key.items():
        old_result = old_by_key.get(key)
        if old_result is None:
            continue
        if old_result.status is not Status.OK or new_result.status is not Status.OK:
            not_audited.append(key)  # nothing to compare: the scan could not read one of them
            continue
        documents.append(order_by(order, compare_results(reviewed(old_result), reviewed(new_result), titles)))
    return DiffResult(
        documents=tuple(documents),
        only_old=tuple(k for k in old_by_key if k not in new_by_key),
        only_new=tuple(k for k in new_by_key if k not in old_by_key),
        not_audited=tuple(not_audited),
    )
