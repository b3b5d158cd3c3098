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
class Review:
    """A reviewer's decision on one finding (policy_audit/review). ``stale``: the decision was made on
    another version of the document (its SHA-256 differs), so it is shown but never applied."""

    decision: str  # "accept" or "override"
    grade: Grade | None = None  # the reviewed grade of an override
    note: str = ""
    reviewer: str = ""
    date: str = ""  # ISO date of the decision
    stale: bool = False

    def __post_init__(self) -> None:
        if self.grade is not None:
            object.__setattr__(self, "grade", Grade(self.grade))

    @property
    def overrides(self) -> Grade | None:
        """The grade that replaces the tool's, when the decision applies and changes it."""
        return self.grade if self.decision == "override" and not self.stale else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "grade": self.grade.value if self.grade is not None else None,
            "note": self.note,
            "reviewer": self.reviewer,
            "date": self.date,
            "stale": self.stale,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Review | None:
        if not d:
            return None
        return cls(
            decision=d["decision"],
            grade=Grade(d["grade"]) if d.get("grade") else None,
            note=d.get("note", ""),
            reviewer=d.get("reviewer", ""),
            date=d.get("date", ""),
            stale=bool(d.get("stale", False)),
        )


@dataclass(frozen=True)
class Finding:
    criterion: str  # rule id, e.g. "intervene.duty"
    scale: Scale
    grade: Grade  # the tool's grade, whatever a reviewer decided
    evidence: tuple[Evidence, ...] = ()  # best first
    confidence: Confidence = Confidence()
    scope: str = ""  # a Scope value, or "" when not applicable (absent, element criteria)
    review: Review | None = None  # a reviewer's decision, applied after the audit (never cached)
    # What a rule with a `value:` reads from its headline evidence (a report deadline in hours, a
    # training interval in months), so that a statute profile can compare it with its limit; the words
    # it was read from stay, because "as soon as practicable" and "immediately" both read as 0.
    value: float | None = None
    value_text: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.scope, Scope):
            object.__setattr__(self, "scope", self.scope.value)

    @property
    def effective_grade(self) -> Grade:
        """The reviewed grade where a current override says so, else the tool's: what exit codes and
        department summaries judge."""
        overridden = self.review.overrides if self.review is not None else None
        return overridden if overridden is not None else self.grade

    @property
    def is_gap(self) -> bool:
        return self.effective_grade.is_gap

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "scale": self.scale.value,
            "grade": self.grade.value,
            "gap": self.is_gap,
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": self.confidence.to_dict(),
            "scope": self.scope,
            # only when reviewed, so unreviewed results (and the cache) keep their bytes
            **({"review": self.review.to_dict()} if self.review is not None else {}),
            "value": self.value,
            "value_text": self.value_text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        # confidence, scope and value are absent in results cached before they existed
        value = d.get("value")
        return cls(
            criterion=d["criterion"],
            scale=Scale(d["scale"]),
            grade=Grade(d["grade"]),
            evidence=tuple(Evidence.from_dict(e) for e in d.get("evidence", ())),
            confidence=Confidence.from_dict(d.get("confidence")),
            scope=d.get("scope", ""),
            review=Review.from_dict(d.get("review")),
            value=None if value is None else float(value),
            value_text=d.get("value_text", ""),
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
    # From a scan's --manifest: where the document comes from, carried into every output.
    state: str = ""
    agency_id: str = ""  # e.g. an FBI ORI
    effective_date: str = ""

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
            # only when a manifest gave them, so that results without one keep their exact shape
            **{k: v for k, v in self.agency_fields().items() if v},
        }

    def agency_fields(self) -> dict[str, str]:
        return {"state": self.state, "agency_id": self.agency_id, "effective_date": self.effective_date}

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
            state=d.get("state", ""),
            agency_id=d.get("agency_id", ""),
            effective_date=d.get("effective_date", ""),
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
    "Review",
    "Scale",
    "Scope",
    "SectionTopic",
    "Status",
    "missing_grade",
]
