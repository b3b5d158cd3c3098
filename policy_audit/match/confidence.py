"""How sure a finding is, and why: reports mark low-confidence findings "check this".

From the sentence that decided it: a duty found in an aside (a custody, weapon or FAQ section) is
less likely to be the rule the criterion asks for than one in the use-of-force policy itself. From
the document: a gap in a document that could not be read whole may be a gap in the reading.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from policy_audit.document import Document
from policy_audit.findings import Confidence, ConfidenceLevel, Evidence, Finding, Scale

if TYPE_CHECKING:
    from policy_audit.rulebook import Rule


class Deciding(Protocol):
    """What confidence reads of the deciding evidence (``match.evidence.Found``), named here because
    evidence imports this module: importing ``Found`` back would make an import cycle."""

    @property
    def evidence(self) -> Evidence: ...
    @property
    def aside(self) -> int: ...  # 0 in the criterion's own policy; more, the further aside
    @property
    def from_lead(self) -> bool: ...
    @property
    def context_groups(self) -> int: ...
    @property
    def self_contained(self) -> int: ...


_TOPIC_WORDS = {"use_of_force": "use-of-force", "medical_public": "general medical-aid", "faq": "FAQ"}
# Below this many sentences a document is one order or a fragment: what it lacks may be elsewhere.
SHORT_DOCUMENT = 40


def topic_words(topic: str) -> str:
    return _TOPIC_WORDS.get(topic, topic.replace("_", " "))


def evidence_confidence(rule: Rule, head: Deciding) -> Confidence:
    """From the sentence that decided the grade."""
    topic = head.evidence.topic
    if head.aside or (topic == "personnel" and rule.scale is Scale.OBLIGATION):
        return Confidence(
            ConfidenceLevel.LOW,
            (f"the deciding sentence sits in a {topic_words(topic)} section, not in the general rule",),
        )
    reasons = []
    if head.from_lead:
        reasons.append("the obligation comes from the list's lead-in, not the sentence itself")
    if head.context_groups and head.self_contained == 0:
        reasons.append("what the sentence is about is stated only in its headings or the sentences before it")
    if head.evidence.ocr:
        reasons.append("the quote comes from an OCR'd page")
    return Confidence(ConfidenceLevel.MEDIUM, tuple(reasons)) if reasons else Confidence()


def document_caveats(doc: Document, sentence_count: int) -> Confidence:
    """The confidence a gap in this document deserves."""
    if doc.warnings:
        return Confidence(ConfidenceLevel.LOW, (f"the document could not be read whole ({doc.warnings[0]})",))
    reasons = []
    if doc.ocr_pages:
        reasons.append(f"{len(doc.ocr_pages)} page(s) were read by OCR, which can misread a clause")
    if sentence_count < SHORT_DOCUMENT:
        reasons.append(f"a short document ({sentence_count} sentences): the clause may be in another policy")
    return Confidence(ConfidenceLevel.MEDIUM, tuple(reasons)) if reasons else Confidence()


_RANK = {ConfidenceLevel.HIGH: 0, ConfidenceLevel.MEDIUM: 1, ConfidenceLevel.LOW: 2}


def with_document_caveats(findings: tuple[Finding, ...], doc: Document, sentence_count: int) -> tuple[Finding, ...]:
    """Gaps (weak or absent) take the document's caveats; a clause that was found stands on its quote."""
    caveats = document_caveats(doc, sentence_count)
    if caveats.level is ConfidenceLevel.HIGH:
        return findings
    out = []
    for f in findings:
        if f.is_gap:
            worst = max(caveats.level, f.confidence.level, key=_RANK.__getitem__)
            f = replace(f, confidence=Confidence(worst, f.confidence.reasons + caveats.reasons))
        out.append(f)
    return tuple(out)
