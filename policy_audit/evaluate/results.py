"""The figures of an evaluation, as frozen data: what every output format shows.

``to_dict`` gives the JSON form (``schema_version`` :data:`SCHEMA_VERSION`); the formats themselves
live in :mod:`policy_audit.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policy_audit.evaluate import metrics
from policy_audit.findings import Scale

SCHEMA_VERSION = 1

# Found "grades" that are not grades: the tool gave no grade for a labelled document/criterion.
FOUND_NO_TEXT = "no_text"
FOUND_ERROR = "error"
FOUND_NOT_GRADED = "not_graded"


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float | None
    precision: float | None
    recall: float | None
    kappa: float | None
    confusion: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, confusion: Mapping[str, Mapping[str, int]], positive: str) -> Scores:
        return cls(
            n=metrics.total(confusion),
            accuracy=metrics.accuracy(confusion),
            precision=metrics.precision(confusion, positive),
            recall=metrics.recall(confusion, positive),
            kappa=metrics.cohen_kappa(confusion),
            confusion=confusion,
        )


@dataclass(frozen=True)
class EvidenceScore:
    """On the labels that carry a quote and whose grade the tool agreed with: how often the headline
    quote (the finding's first evidence, the one a report's table shows) contains the labelled quote,
    and how often any of the finding's quotes does."""

    n: int = 0
    headline: int = 0
    any_shown: int = 0

    @property
    def headline_rate(self) -> float | None:
        return self.headline / self.n if self.n else None

    @property
    def any_rate(self) -> float | None:
        return self.any_shown / self.n if self.n else None

    @classmethod
    def pooled(cls, scores: Iterable[EvidenceScore]) -> EvidenceScore:
        scores = list(scores)
        return cls(sum(s.n for s in scores), sum(s.headline for s in scores), sum(s.any_shown for s in scores))

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "headline": self.headline,
            "any": self.any_shown,
            "headline_rate": _round(self.headline_rate),
            "any_rate": _round(self.any_rate),
        }


@dataclass(frozen=True)
class EvidenceMiss:
    """A graded-right label whose quote is not the headline: where (if anywhere) the tool showed it."""

    doc: str
    criterion: str
    labelled_quote: str
    headline_quote: str
    headline_page: int | None
    shown_at: int | None  # 1-based place of the first quote of the finding that contains it; None: none

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "criterion": self.criterion,
            "labelled_quote": self.labelled_quote,
            "headline_quote": self.headline_quote,
            "headline_page": self.headline_page,
            "shown_at": self.shown_at,
        }


@dataclass(frozen=True)
class CriterionScore:
    id: str
    scale: Scale
    positive: str
    scores: Scores
    evidence: EvidenceScore = EvidenceScore()


@dataclass(frozen=True)
class Disagreement:
    doc: str
    criterion: str
    expected: str
    found: str
    expected_quote: str = ""
    expected_page: int | None = None
    found_quote: str = ""
    found_page: int | None = None
    implied: bool = False  # the expectation comes from batch_checked, not from a listed label

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "criterion": self.criterion,
            "expected": self.expected,
            "found": self.found,
            "expected_quote": self.expected_quote,
            "expected_page": self.expected_page,
            "found_quote": self.found_quote,
            "found_page": self.found_page,
            "implied": self.implied,
        }


@dataclass(frozen=True)
class NoTextCheck:
    expected: tuple[str, ...]  # docs labelled no_text
    agreed: tuple[str, ...]  # ... that the tool also reports unreadable
    unexpected: tuple[tuple[str, str, str], ...]  # (doc, status, reason): labelled with text, tool could not read

    def to_dict(self) -> dict[str, Any]:
        return {
            "agreed": len(self.agreed),
            "n": len(self.expected),
            "missed": [d for d in self.expected if d not in self.agreed],
            "unexpected": [{"doc": d, "status": s, "reason": r} for d, s, r in self.unexpected],
        }


@dataclass(frozen=True)
class Evaluation:
    labels_path: str
    labels_kind: str
    labeller: str
    root: str
    standard: str
    documents: Mapping[str, Any]
    criteria: tuple[CriterionScore, ...]
    overall: Scores
    macro_accuracy: float | None
    disagreements: tuple[Disagreement, ...]
    no_text: NoTextCheck
    unlabelled: tuple[str, ...] = ()  # selected criteria no document is labelled on
    warnings: tuple[str, ...] = ()
    evidence: EvidenceScore = EvidenceScore()  # every criterion pooled
    evidence_misses: tuple[EvidenceMiss, ...] = ()

    def below(self, min_accuracy: float) -> tuple[str, ...]:
        """Criteria whose accuracy is under the threshold (criteria with no documents are ignored)."""
        return tuple(
            c.id for c in self.criteria if c.scores.accuracy is not None and c.scores.accuracy < min_accuracy - 1e-12
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "labels": {
                "path": self.labels_path,
                "kind": self.labels_kind,
                "labeller": self.labeller,
                "root": self.root,
            },
            "standard": self.standard,
            "documents": dict(self.documents),
            "criteria": {
                c.id: {
                    **_scores_dict(c.scores, scale=c.scale.value, positive=c.positive),
                    "evidence": c.evidence.to_dict(),
                }
                for c in self.criteria
            },
            "overall": {
                **_scores_dict(self.overall),
                "macro_accuracy": _round(self.macro_accuracy),
                "evidence": self.evidence.to_dict(),
            },
            "unlabelled": list(self.unlabelled),
            "disagreements": [d.to_dict() for d in self.disagreements],
            "evidence_misses": [m.to_dict() for m in self.evidence_misses],
            "no_text": self.no_text.to_dict(),
            "warnings": list(self.warnings),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _scores_dict(s: Scores, **extra: Any) -> dict[str, Any]:
    return {
        **extra,
        "n": s.n,
        "accuracy": _round(s.accuracy),
        "precision": _round(s.precision),
        "recall": _round(s.recall),
        "kappa": _round(s.kappa),
        "confusion": {e: dict(row) for e, row in s.confusion.items()},
    }
