"""Collect the evidence of a document's candidate sentences, and make each criterion's finding.

Evidence can be collected in parts (half the sentences in another process) and merged: the finding
sorts the evidence itself, so the result does not depend on how the work was split.
"""

from __future__ import annotations

from policy_audit.findings import Evidence, Finding, missing_grade
from policy_audit.match.judge import Context, judge
from policy_audit.match.phrase_matcher import Texts, compile_rules
from policy_audit.match.screen import Candidate
from policy_audit.match.sentences import Sentence
from policy_audit.rulebook import Rule, RuleSet

MAX_EVIDENCE = 3

# Per rule id: the evidence found, each with its sort key (self-contained first, then page order).
EvidenceFound = dict[str, list[tuple[tuple[int, int], Evidence]]]


def collect_evidence(doc_sentences: list[Sentence], ruleset: RuleSet, candidates: tuple[Candidate, ...]) -> EvidenceFound:
    """Judge each candidate (sentence index, rule id); any share of a document's candidates may be
    judged apart (in another process) and the results merged with :func:`merge_evidence`."""
    compiled = compile_rules(tuple(ruleset))
    texts = Texts(compiled)
    by_id = {rule.id: rule for rule in compiled.rules}
    pairs = [(doc_sentences[i], by_id[rule_id]) for i, rule_id in candidates]
    needed: list[str] = []
    for s, rule in pairs:
        needed.append(s.text)
        needed.append(s.lead_in)
        needed.extend(_around(doc_sentences, s, rule.match.window))
        needed.extend((s.section, s.chapter, s.top, s.title))
    texts.prime(needed)

    evidence: EvidenceFound = {r.id: [] for r in ruleset}
    for s, rule in pairs:
        ctx = Context(
            sentence=s,
            hits=texts[s.text],
            lead=texts[s.lead_in] if s.lead_in else None,
            around=tuple(texts[t] for t in _around(doc_sentences, s, rule.match.window)),
            headings=tuple(texts[t] for t in (s.section, s.chapter, s.top) if t),
            title=texts[s.title] if s.title else None,
        )
        judged = judge(rule, ctx)
        if judged is not None:
            evidence[rule.id].append(((-judged.self_contained, s.index), judged.evidence))
    return evidence


def merge_evidence(*parts: EvidenceFound) -> EvidenceFound:
    merged: EvidenceFound = {}
    for part in parts:
        for rule_id, found in part.items():
            merged.setdefault(rule_id, []).extend(found)
    return merged


def findings_from(ruleset: RuleSet, evidence: EvidenceFound) -> tuple[Finding, ...]:
    return tuple(_finding(rule, list(evidence.get(rule.id, ()))) for rule in ruleset)


def _around(doc_sentences: list[Sentence], s: Sentence, window: int) -> list[str]:
    out = []
    for i in range(max(0, s.index - window), s.index):
        prev = doc_sentences[i]
        if prev.section == s.section:
            out.append(prev.text)
    return out


def _finding(rule: Rule, found: list[tuple[tuple[int, int], Evidence]]) -> Finding:
    """Best grade first; among equals, quotes that state their context themselves, then page order."""
    if not found:
        return Finding(rule.id, rule.scale, missing_grade(rule.scale), ())
    found.sort(key=lambda item: (-item[1].grade.rank, item[0]))
    seen: set[str] = set()
    best: list[Evidence] = []
    for _, ev in found:
        if ev.quote in seen:
            continue
        seen.add(ev.quote)
        best.append(ev)
        if len(best) == MAX_EVIDENCE:
            break
    return Finding(rule.id, rule.scale, best[0].grade, tuple(best))
