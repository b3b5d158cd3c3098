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


class SectionTopic(str, Enum):
    """What the part of a document a sentence sits in is about (from its titles, headings and
    numbering). The medical rules need it to tell aid after force from custody care; readers need it
    to judge a quote."""

    USE_OF_FORCE = "use_of_force"
    WEAPON = "weapon"
    CUSTODY = "custody"
    TRANSPORT = "transport"
    MEDICAL_PUBLIC = "medical_public"
    PERSONNEL = "personnel"
    ETHICS = "ethics"
    DEFINITIONS = "definitions"
    FORMS = "forms"
    FAQ = "faq"
    CRISIS = "crisis"
    GENERAL = "general"

    @property
    def description(self) -> str:
        return _TOPIC_DESCRIPTIONS[self]


_TOPIC_DESCRIPTIONS = {
    SectionTopic.USE_OF_FORCE: "use of force in general: its limits, the duties around it, reporting it",
    SectionTopic.WEAPON: "one weapon or tool (conducted energy device, baton, OC spray, firearm, impact munitions)",
    SectionTopic.CUSTODY: "custody and holding facilities: prisoners, detainees, care of arrestees in a cell",
    SectionTopic.TRANSPORT: "transporting prisoners or arrestees",
    SectionTopic.MEDICAL_PUBLIC: "medical aid and response for the public: victims, the sick and injured",
    SectionTopic.PERSONNEL: "personnel and conduct: employees, injuries on duty, discipline, complaints",
    SectionTopic.ETHICS: "a code of ethics, oath or canon of conduct",
    SectionTopic.DEFINITIONS: "definitions and glossaries",
    SectionTopic.FORMS: "forms, checklists and templates",
    SectionTopic.FAQ: "questions and answers",
    SectionTopic.CRISIS: "mental-health crises and crisis intervention",
    SectionTopic.GENERAL: "none of the above, or nothing says what the section is about",
}

# The values Evidence.topic takes ("" when the matcher did not say).
SECTION_TOPICS: tuple[str, ...] = tuple(t.value for t in SectionTopic)


@dataclass(frozen=True)
class Evidence:
    page: int | None  # 1-based page of the start of the quote; None for formats without pages
    section: str  # nearest section heading above the quote ("300.2.1 DUTY TO INTERCEDE"), or ""
    quote: str
    grade: Grade  # what this sentence alone earns
    reason: str = ""  # why: "mandatory: shall", "permissive: should", "narrow: Taser only"
    highlights: tuple[str, ...] = ()  # the decisive words, as they appear in the quote
    ocr: bool = False
    topic: str = ""  # a SECTION_TOPICS value: what the quote's section is about; "" when unknown

    def __post_init__(self) -> None:
        # a SectionTopic member is stored as its plain value, so equality and JSON never depend on which was given
        if isinstance(self.topic, SectionTopic):
            object.__setattr__(self, "topic", self.topic.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
            "grade": self.grade.value,
            "reason": self.reason,
            "highlights": list(self.highlights),
            "ocr": self.ocr,
            "topic": self.topic,
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
            topic=d.get("topic", ""),  # absent in results cached before topics existed
        )


class ConfidenceLevel(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"  # reports mark the finding "check this"


@dataclass(frozen=True)
class Confidence:
    """How sure a finding is, and why not sure, in plain words a reader can act on
    ("the deciding sentence sits in a custody section")."""

    level: ConfidenceLevel = ConfidenceLevel.HIGH
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # accept "low" and a list, as the matcher and JSON naturally give them
        object.__setattr__(self, "level", ConfidenceLevel(self.level))
        object.__setattr__(self, "reasons", tuple(self.reasons))

    @property
    def is_low(self) -> bool:
        return self.level is ConfidenceLevel.LOW

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level.value, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Confidence:
        if not d:
            return cls()
        return cls(level=ConfidenceLevel(d.get("level", "high")), reasons=tuple(d.get("reasons", ())))


class Scope(str, Enum):
    """Where in the document a duty was found, as the audit standard grades it."""

    GENERAL = "general"  # stated for force in general: may be strong
    NARROW = "narrow"  # found only in narrow sections (one weapon, one event): weak at most


@dataclass(frozen=True)
class Finding:
    criterion: str  # rule id, e.g. "intervene.duty"
    scale: Scale
    grade: Grade
    evidence: tuple[Evidence, ...] = ()  # best first
    confidence: Confidence = Confidence()
    scope: str = ""  # a Scope value, or "" when not applicable (absent, element criteria)

    def __post_init__(self) -> None:
        if isinstance(self.scope, Scope):
            object.__setattr__(self, "scope", self.scope.value)

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
            "confidence": self.confidence.to_dict(),
            "scope": self.scope,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        # confidence and scope are absent in results cached before they existed
        return cls(
            criterion=d["criterion"],
            scale=Scale(d["scale"]),
            grade=Grade(d["grade"]),
            evidence=tuple(Evidence.from_dict(e) for e in d.get("evidence", ())),
            confidence=Confidence.from_dict(d.get("confidence")),
            scope=d.get("scope", ""),
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
    "SECTION_TOPICS",
    "AuditResult",
    "Confidence",
    "ConfidenceLevel",
    "DocumentInfo",
    "Evidence",
    "Finding",
    "Grade",
    "Scale",
    "Scope",
    "SectionTopic",
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
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why): files a folder walk left out on purpose

    def counts(self) -> dict[str, int]:
        """Documents by status; the values add up to the number of results."""
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out
