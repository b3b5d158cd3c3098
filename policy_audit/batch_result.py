"""A scan's result: every document's audit and the departments' grades (the batch side of the model,
beside findings.py's single audit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policy_audit.findings import AuditResult, Evidence, Grade, Status


@dataclass(frozen=True)
class GroupGrade:
    """A department's grade on one criterion: the best grade in any of its documents."""

    criterion: str
    grade: Grade
    document: str = ""  # path of the document that carries the best grade ("" when absent everywhere)
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "grade": self.grade.value,
            "document": self.document,
            "evidence": self.evidence.to_dict() if self.evidence else None,
        }


@dataclass(frozen=True)
class GroupSummary:
    name: str  # department name
    documents: tuple[str, ...]  # paths of its documents, in input order
    grades: tuple[GroupGrade, ...]  # one per criterion, in rule order

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "documents": list(self.documents),
            "grades": [g.to_dict() for g in self.grades],
        }


@dataclass(frozen=True)
class BatchResult:
    """A scan: every input's result (one per input, errors included) and department summaries."""

    standard: str
    results: tuple[AuditResult, ...]
    groups: tuple[GroupSummary, ...] = ()
    interrupted: bool = False  # Ctrl-C: results hold what finished
    seconds: float = 0.0
    cached: int = 0  # how many results came from the cache
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why): files a folder walk left out on purpose

    def counts(self) -> dict[str, int]:
        """Documents by status; the values add up to the number of results."""
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out
