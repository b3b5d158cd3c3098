"""``diff --format json``: deterministic (keys sorted, ASCII), in the envelope of the other JSON outputs."""

from __future__ import annotations

import json
from typing import Any

from policy_audit.diff.compare import CriterionChange, DiffResult, DocumentDiff
from policy_audit.findings import Finding
from policy_audit.provenance import Provenance
from policy_audit.report import SCHEMA_VERSION, TOOL
from policy_audit.report.diff_render import headline


def _side(finding: Finding | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    best = headline(finding)
    return {
        "grade": finding.effective_grade.value,
        "tool_grade": finding.grade.value,
        "scope": finding.scope,
        "evidence": best.to_dict() if best is not None else None,
        "review": finding.review.to_dict() if finding.review is not None else None,
    }


def _criterion(change: CriterionChange) -> dict[str, Any]:
    return {
        "criterion": change.criterion,
        "title": change.title,
        "direction": change.direction,
        "unchanged": change.unchanged,
        "changes": list(change.changes),
        "old": _side(change.old),
        "new": _side(change.new),
    }


def _document(doc: DocumentDiff) -> dict[str, Any]:
    return {
        "old": {"path": doc.old_path, "sha256": doc.old_sha256},
        "new": {"path": doc.new_path, "sha256": doc.new_sha256},
        "weaker": doc.weaker,
        "criteria": [_criterion(c) for c in doc.criteria],
    }


def render(diff: DiffResult, *, color: bool, width: int, provenance: Provenance | None) -> str:
    obj: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "tool": dict(TOOL), "kind": "diff"}
    obj.update(
        {
            "weaker": diff.weaker,
            "documents": [_document(d) for d in diff.documents],
            "only_old": list(diff.only_old),
            "only_new": list(diff.only_new),
            "not_audited": list(diff.not_audited),
        }
    )
    if provenance is not None:
        obj["provenance"] = provenance.to_dict()
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
