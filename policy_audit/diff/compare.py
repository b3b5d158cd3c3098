"""Comparing two audits of revisions of one policy.

Matching is by content, never by page: criteria by id, quotes by their normalised words, so a
renumbered section or a reflowed page is no change. A criterion is weaker when its effective grade
(a reviewer's current override, else the tool's) ranks lower: strong > weak > absent,
present > absent, met > not met.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policy_audit.findings import AuditResult, Evidence, Finding, Grade, Scope

WEAKER, STRONGER, SAME = "weaker", "stronger", "same"

# a dotted section number ("4.10.2") in a quote is where the clause sits, not what it says
_SECTION_NUMBER = re.compile(r"\b\d+(?:\.\d+)+\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# the binding words in an evidence reason: "mandatory: shall; narrow: only Taser", "permissive: should"
_MODAL = re.compile(r"\b(?:mandatory|permissive|prohibited|discouraged): ([^;(]+)")
_NARROW = re.compile(r"\bnarrow: (?:only )?([^;(]+)")


def normalise_quote(quote: str) -> str:
    """The words of a quote, lower case, without punctuation, line breaks or section numbers."""
    return " ".join(_NOT_WORD.sub(" ", _SECTION_NUMBER.sub(" ", quote.lower())).split())


def _best(finding: Finding | None) -> Evidence | None:
    return finding.evidence[0] if finding is not None and finding.evidence else None


def _modal(finding: Finding | None) -> str:
    best = _best(finding)
    match = _MODAL.search(best.reason) if best is not None else None
    return match.group(1).strip() if match else ""


def _narrow_topic(finding: Finding | None) -> str:
    for ev in finding.evidence if finding is not None else ():
        match = _NARROW.search(ev.reason)
        if match:
            return match.group(1).strip()
    return ""


def _value(finding: Finding | None) -> tuple[object, str]:
    """A criterion's measured value (the report deadline), from a Finding that has one: (value, text)."""
    value = getattr(finding, "value", None)
    if value is None:
        return None, ""
    return value, str(getattr(finding, "value_text", "") or value)


@dataclass(frozen=True)
class CriterionChange:
    criterion: str
    title: str
    old: Finding | None  # None: not graded in that version (another standard or rule set)
    new: Finding | None
    changes: tuple[str, ...] = ()  # what changed, in words, most important first

    @property
    def old_grade(self) -> Grade | None:
        return self.old.effective_grade if self.old is not None else None

    @property
    def new_grade(self) -> Grade | None:
        return self.new.effective_grade if self.new is not None else None

    @property
    def old_quote(self) -> Evidence | None:
        return _best(self.old)

    @property
    def new_quote(self) -> Evidence | None:
        return _best(self.new)

    @property
    def direction(self) -> str:
        old, new = self.old_grade, self.new_grade
        if old is None or new is None or old.rank == new.rank:
            return SAME
        return WEAKER if new.rank < old.rank else STRONGER

    @property
    def unchanged(self) -> bool:
        return not self.changes and self.direction == SAME


@dataclass(frozen=True)
class DocumentDiff:
    old_path: str
    new_path: str
    criteria: tuple[CriterionChange, ...]  # in rule order
    old_sha256: str = ""
    new_sha256: str = ""

    @property
    def changed(self) -> tuple[CriterionChange, ...]:
        return tuple(c for c in self.criteria if not c.unchanged)

    @property
    def unchanged(self) -> tuple[CriterionChange, ...]:
        return tuple(c for c in self.criteria if c.unchanged)

    @property
    def weaker(self) -> bool:
        return any(c.direction == WEAKER for c in self.criteria)


@dataclass(frozen=True)
class DiffResult:
    """Two documents, or two scans' documents matched by their path below each scan's folder."""

    documents: tuple[DocumentDiff, ...]
    only_old: tuple[str, ...] = ()  # in the old scan only
    only_new: tuple[str, ...] = ()
    not_audited: tuple[str, ...] = ()  # in both scans, but one of them could not read it

    @property
    def weaker(self) -> bool:
        return any(d.weaker for d in self.documents)


def _describe(criterion: str, title: str, old: Finding | None, new: Finding | None) -> tuple[str, ...]:
    if old is None or new is None:
        return (f"not graded in the {'old' if old is None else 'new'} version",)
    words: list[str] = []
    og, ng = old.effective_grade, new.effective_grade
    if og.rank > 0 and ng.rank == 0:
        words.append(f"criterion lost: was {og.value}, now {ng.value}")
    elif og.rank == 0 and ng.rank > 0:
        words.append(f"criterion gained: was {og.value}, now {ng.value}")
    old_modal, new_modal = _modal(old), _modal(new)
    if old_modal and new_modal and old_modal != new_modal:
        words.append(f'"{old_modal}" became "{new_modal}"')
    name = title[:1].lower() + title[1:]
    if new.scope == Scope.NARROW and old.scope == Scope.GENERAL:
        topic = _narrow_topic(new)
        words.append(f"{name} now limited to {topic} use" if topic else f"{name} now limited to a narrow case")
    elif old.scope == Scope.NARROW and new.scope == Scope.GENERAL:
        topic = _narrow_topic(old)
        words.append(
            f"{name} no longer limited to {topic} use" if topic else f"{name} no longer limited to a narrow case"
        )
    (old_value, old_text), (new_value, new_text) = _value(old), _value(new)
    if old_value is not None and new_value is None:
        words.append(f"{name} removed (was: {old_text})")
    elif old_value is None and new_value is not None:
        words.append(f"{name} added: {new_text}")
    elif old_value != new_value:
        words.append(f"{name} changed from {old_text} to {new_text}")
    old_best, new_best = _best(old), _best(new)
    if not words and (old_best is None) != (new_best is None):
        words.append("deciding clause removed" if new_best is None else "deciding clause added")
    elif not words and old_best and new_best and normalise_quote(old_best.quote) != normalise_quote(new_best.quote):
        words.append("deciding clause reworded")
    if not words and og != ng:
        words.append(f"{og.value} became {ng.value}")
    if not words and old.grade != new.grade:  # the tool's grades differ, a review makes them meet
        words.append(f"tool's grade {old.grade.value} became {new.grade.value}")
    return tuple(words)


def compare_results(old: AuditResult, new: AuditResult, titles: dict[str, str] | None = None) -> DocumentDiff:
    """Criterion by criterion, in the new result's order then the old's leftovers."""
    titles = titles or {}
    ids: list[str] = [f.criterion for f in new.findings]
    ids += [f.criterion for f in old.findings if f.criterion not in ids]
    changes = []
    for criterion in ids:
        o, n = old.finding(criterion), new.finding(criterion)
        title = titles.get(criterion, criterion)
        changes.append(CriterionChange(criterion, title, o, n, _describe(criterion, title, o, n)))
    return DocumentDiff(
        old_path=old.document.path,
        new_path=new.document.path,
        criteria=tuple(changes),
        old_sha256=old.document.sha256,
        new_sha256=new.document.sha256,
    )


def order_by(criteria: Sequence[str], diff: DocumentDiff) -> DocumentDiff:
    """The diff's criteria in a given (rule) order; unknown ones last."""
    rank = {c: i for i, c in enumerate(criteria)}
    ordered = sorted(diff.criteria, key=lambda c: (rank.get(c.criterion, len(rank)), c.criterion))
    return DocumentDiff(diff.old_path, diff.new_path, tuple(ordered), diff.old_sha256, diff.new_sha256)
