"""Grade a long document on two cores: half the candidates here, half in a forked child.

Judging is the larger part of grading a 600-page manual, and by the time the sentences are ready the
reader process has finished and the second core is idle. The candidates are dealt out by runs of
``RUN`` sentences (neighbours stay together, so each side tokenizes shared headings and lead-ins
once) and the two sides' evidence is merged before the findings are made, so the report is the one
a single process would give: :func:`policy_audit.match.evidence.findings_from` sorts the evidence
itself.
"""

from __future__ import annotations

from policy_audit.findings import Finding
from policy_audit.match.evidence import collect_evidence, findings_from, merge_evidence
from policy_audit.match.grader import grade_sentences
from policy_audit.match.screen import Screened, candidates_of
from policy_audit.match.sentences import Sentence
from policy_audit.processes.forked_call import ForkedCall, ForkedCallFailed, can_fork
from policy_audit.rulebook import RuleSet

RUN = 64
# Below this a fork (about 10 ms, plus pickling the evidence back) costs more than it saves.
MIN_SENTENCES = 1500


def grade_on_two_cores(
    doc_sentences: list[Sentence], ruleset: RuleSet, screened: Screened | None = None
) -> tuple[Finding, ...]:
    """``screened``: the sentences screened as they arrived from the reader; each side screens its own
    share of the rest (the screen is a third of grading)."""
    if len(doc_sentences) < MIN_SENTENCES or not can_fork():
        return grade_sentences(doc_sentences, ruleset, screened)

    def judge(side: int):
        mine = candidates_of(doc_sentences, ruleset, screened, lambda index: (index // RUN) % 2 == side)
        return collect_evidence(doc_sentences, ruleset, mine, screened.texts if screened is not None else None)

    other = ForkedCall(lambda: judge(1))
    mine = judge(0)
    try:
        theirs = other.result()
    except ForkedCallFailed:
        theirs = judge(1)
    return findings_from(ruleset, merge_evidence(mine, theirs))
