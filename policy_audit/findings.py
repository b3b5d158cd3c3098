"""Frozen results of an audit: what each criterion was graded, and the quotes that decided it.

These types are the contract between the matcher, the batch runner, the cache and every output
format. ``to_dict``/``from_dict`` round-trip them through JSON (the cache and ``--format json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Scale(str, Enum):
    """How a criterion is graded."""

    OBLIGATION = "obligation"  # strong / weak / absent
    ELEMENT = "element"  # present / absent
    MET = "met"  # met / not_met (Campaign Zero coding)


class Grade(str, Enum):
    STRONG = "strong"
    WEAK = "weak"
    PRESENT = "present"
    MET = "met"
    ABSENT = "absent"
    NOT_MET = "not_met"

    @property
    def rank(self) -> int:
        """Higher is better; used to keep the best grade among several pieces of evidence."""
        return _RANK[self]

    @property
    def is_gap(self) -> bool:
        return self in (Grade.WEAK, Grade.ABSENT, Grade.NOT_MET)


_RANK = {
    Grade.STRONG: 2,
    Grade.PRESENT: 2,
    Grade.MET: 2,
    Grade.WEAK: 1,
    Grade.ABSENT: 0,
    Grade.NOT_MET: 0,
}


# The grades of each scale, best first; the last is what a criterion gets when nothing meets it.
SCALE_GRADES: dict[Scale, tuple[Grade, ...]] = {
    Scale.OBLIGATION: (Grade.STRONG, Grade.WEAK, Grade.ABSENT),
    Scale.ELEMENT: (Grade.PRESENT, Grade.ABSENT),
    Scale.MET: (Grade.MET, Grade.NOT_MET),
}


def missing_grade(scale: Scale) -> Grade:
    return SCALE_GRADES[scale][-1]


class Status(str, Enum):
    OK = "ok"
    NO_TEXT = "no_text"  # nothing readable (scanned without OCR, garbage text layer)
    ERROR = "error"


@dataclass(frozen=True)
class Evidence:
    page: int | None  # 1-based page of the start of the quote; None for formats without pages
    section: str  # nearest section heading above the quote ("300.2.1 DUTY TO INTERCEDE"), or ""
    quote: str
    grade: Grade  # what this sentence alone earns
    reason: str = ""  # why: "mandatory: shall", "permissive: should", "narrow: Taser only"
    highlights: tuple[str, ...] = ()  # the decisive words, as they appear in the quote
    ocr: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
            "grade": self.grade.value,
            "reason": self.reason,
            "highlights": list(self.highlights),
            "ocr": self.ocr,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(
            page=d["page"],
            section=d["section"],
            quote=d["quote"],
            grade=Grade(d["grade"]),
            reason=d.get("reason", ""),
            highlights=tuple(d.get("highlights", ())),
            ocr=bool(d.get("ocr", False)),
        )


@dataclass(frozen=True)
class Finding:
    criterion: str  # rule id, e.g. "intervene.duty"
    scale: Scale
    grade: Grade
    evidence: tuple[Evidence, ...] = ()  # best first

    @property
    def is_gap(self) -> bool:
        return self.grade.is_gap

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "scale": self.scale.value,
            "grade": self.grade.value,
            "gap": self.is_gap,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            criterion=d["criterion"],
            scale=Scale(d["scale"]),
            grade=Grade(d["grade"]),
            evidence=tuple(Evidence.from_dict(e) for e in d.get("evidence", ())),
        )


@dataclass(frozen=True)
class DocumentInfo:
    path: str
    pages: int = 0
    format: str = ""
    engine: str = ""
    sha256: str = ""
    ocr_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "pages": self.pages,
            "format": self.format,
            "engine": self.engine,
            "sha256": self.sha256,
            "ocr_pages": list(self.ocr_pages),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentInfo:
        return cls(
            path=d["path"],
            pages=d.get("pages", 0),
            format=d.get("format", ""),
            engine=d.get("engine", ""),
            sha256=d.get("sha256", ""),
            ocr_pages=tuple(d.get("ocr_pages", ())),
            warnings=tuple(d.get("warnings", ())),
        )


@dataclass(frozen=True)
class AuditResult:
    """One document's audit. A document that could not be read is a result too (status != ok)."""

    document: DocumentInfo
    standard: str  # the profile that selected the criteria ("core", "8cantwait", "all", ...)
    findings: tuple[Finding, ...] = ()
    status: Status = Status.OK
    problem: str = ""  # DocumentProblem value when status is not ok
    reason: str = ""  # one-line human reason when status is not ok
    seconds: float = 0.0
    group: str = ""  # department (batch scans); "" for a single check

    @property
    def gaps(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_gap)

    def finding(self, criterion: str) -> Finding | None:
        for f in self.findings:
            if f.criterion == criterion:
                return f
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "standard": self.standard,
            "status": self.status.value,
            "problem": self.problem,
            "reason": self.reason,
            "seconds": round(self.seconds, 3),
            "group": self.group,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AuditResult:
        return cls(
            document=DocumentInfo.from_dict(d["document"]),
            standard=d["standard"],
            findings=tuple(Finding.from_dict(f) for f in d.get("findings", ())),
            status=Status(d.get("status", "ok")),
            problem=d.get("problem", ""),
            reason=d.get("reason", ""),
            seconds=d.get("seconds", 0.0),
            group=d.get("group", ""),
        )


__all__ = [
    "AuditResult",
    "DocumentInfo",
    "Evidence",
    "Finding",
    "Grade",
    "Scale",
    "Status",
    "missing_grade",
]


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

    def counts(self) -> dict[str, int]:
        """Documents by status; the values add up to the number of results."""
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out
