"""Compare the tool's results with the labels: confusion per criterion, disagreements, evidence.

Rules of the comparison (documented in the README's accuracy section):

* Documents labelled ``no_text`` are not scored per criterion; the tool must report them as
  unreadable too ("no_text agreement: k/n").
* A labelled document the tool cannot read, or a criterion it does not grade, still counts: the
  found grade is then ``no_text``, ``error`` or ``not_graded``, which never equals the label.
* Evidence: on the labels that carry a quote and whose grade the tool agreed with, whether the
  finding's first quote (its headline) and whether any of its quotes contain the labelled quote
  (:func:`policy_audit.evaluate.quotes.contains`).
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_audit.evaluate import metrics, quotes
from policy_audit.evaluate.model import Label, LabelSet
from policy_audit.evaluate.plan import Criterion, Item
from policy_audit.evaluate.results import (
    FOUND_ERROR,
    FOUND_NO_TEXT,
    FOUND_NOT_GRADED,
    CriterionScore,
    Disagreement,
    Evaluation,
    EvidenceMiss,
    EvidenceScore,
    NoTextCheck,
    Scores,
)
from policy_audit.findings import AuditResult, Finding, Status, missing_grade


def _found(result: AuditResult, criterion: str) -> tuple[str, Finding | None]:
    """The tool's grade for one criterion (or why there is none), and its finding."""
    if result.status is Status.NO_TEXT:
        return FOUND_NO_TEXT, None
    if result.status is not Status.OK:
        return FOUND_ERROR, None
    finding = result.finding(criterion)
    if finding is None:
        return FOUND_NOT_GRADED, None
    return finding.grade.value, finding


def _evidence_place(finding: Finding, label: Label) -> int | None:
    """1-based place of the first of the finding's quotes that contains the labelled quote."""
    for place, ev in enumerate(finding.evidence, start=1):
        if quotes.contains(ev.quote, label.document_words):
            return place
    return None


def score(
    labelset: LabelSet,
    items: Sequence[Item],
    results: Sequence[AuditResult],
    criteria: Sequence[Criterion],
    *,
    root: str,
    standard: str,
    warnings: Sequence[str] = (),
    excluded: int = 0,
) -> Evaluation:
    """Compare the tool's results with the labels (``results[i]`` is the audit of ``items[i]``)."""
    order = {c.id: i for i, c in enumerate(criteria)}
    scale_of = {c.id: c.scale for c in criteria}
    pairs: dict[str, list[tuple[str, str]]] = {c.id: [] for c in criteria}
    places: dict[str, list[int | None]] = {c.id: [] for c in criteria}
    disagreements: list[Disagreement] = []
    misses: list[EvidenceMiss] = []
    no_text_expected: list[str] = []
    no_text_agreed: list[str] = []
    unexpected: list[tuple[str, str, str]] = []
    for item, result in zip(items, results, strict=True):
        if item.no_text:
            no_text_expected.append(item.doc)
            if result.status is Status.NO_TEXT:
                no_text_agreed.append(item.doc)
            continue
        if result.status is not Status.OK:
            unexpected.append((item.doc, result.status.value, result.reason))
        for cid, label in item.expected:
            found, finding = _found(result, cid)
            pairs[cid].append((label.grade.value, found))
            headline = finding.evidence[0] if finding is not None and finding.evidence else None
            if found != label.grade.value:
                disagreements.append(
                    Disagreement(
                        doc=item.doc,
                        criterion=cid,
                        expected=label.grade.value,
                        found=found,
                        expected_quote=label.quote,
                        expected_page=label.page,
                        found_quote=headline.quote if headline else "",
                        found_page=headline.page if headline else None,
                        implied=item.implied,
                    )
                )
            elif label.document_words and label.grade is not missing_grade(scale_of[cid]) and finding is not None:
                place = _evidence_place(finding, label)
                places[cid].append(place)
                if place != 1:
                    misses.append(
                        EvidenceMiss(
                            doc=item.doc,
                            criterion=cid,
                            labelled_quote=label.document_words,
                            headline_quote=headline.quote if headline else "",
                            headline_page=headline.page if headline else None,
                            shown_at=place,
                        )
                    )

    labelled = set(labelset.criteria())
    scored: list[CriterionScore] = []
    binary: list[dict[str, dict[str, int]]] = []
    for c in criteria:
        if c.id not in labelled:
            continue
        cats = [g.value for g in c.grades]
        conf = metrics.confusion_matrix(pairs[c.id], cats)
        found_at = places[c.id]
        evidence = EvidenceScore(
            n=len(found_at), headline=sum(1 for p in found_at if p == 1), any_shown=sum(1 for p in found_at if p)
        )
        scored.append(
            CriterionScore(
                id=c.id,
                scale=c.scale,
                positive=c.positive.value,
                scores=Scores.of(conf, c.positive.value),
                evidence=evidence,
            )
        )
        top = c.positive.value
        binary.append(
            metrics.confusion_matrix(
                (("top" if e == top else "other", "top" if f == top else "other") for e, f in pairs[c.id]),
                ["top", "other"],
            )
        )
    pooled = metrics.merge(c.scores.confusion for c in scored)
    pooled_binary = metrics.merge(binary)
    overall = Scores(
        n=metrics.total(pooled),
        accuracy=metrics.accuracy(pooled),
        precision=metrics.precision(pooled_binary, "top"),
        recall=metrics.recall(pooled_binary, "top"),
        kappa=metrics.cohen_kappa(pooled),
        confusion=pooled,
    )
    accs = [c.scores.accuracy for c in scored if c.scores.accuracy is not None]
    macro = sum(accs) / len(accs) if accs else None
    disagreements.sort(key=lambda d: (d.doc, order[d.criterion]))
    misses.sort(key=lambda m: (m.doc, order[m.criterion]))
    documents = {
        "total": len(items),
        "listed": sum(1 for it in items if not it.implied),
        "batch_implied": sum(1 for it in items if it.implied),
        "scored": sum(1 for it in items if not it.no_text),
        "no_text_labelled": len(no_text_expected),
        "excluded": excluded,
        "skipped": [{"doc": d, "reason": r} for d, r in labelset.skipped],
    }
    return Evaluation(
        labels_path=labelset.path,
        labels_kind=labelset.kind,
        labeller=labelset.labeller,
        root=root,
        standard=standard,
        documents=documents,
        criteria=tuple(scored),
        overall=overall,
        macro_accuracy=macro,
        disagreements=tuple(disagreements),
        no_text=NoTextCheck(tuple(no_text_expected), tuple(no_text_agreed), tuple(unexpected)),
        unlabelled=tuple(c.id for c in criteria if c.id not in labelled),
        warnings=tuple(warnings),
        evidence=EvidenceScore.pooled(c.evidence for c in scored),
        evidence_misses=tuple(misses),
    )
