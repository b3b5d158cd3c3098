"""Grade every criterion of a rule set on one document.

The steps, one module each: `sentences` (pages -> sentences with their sections and lead-ins),
`screen` (which sentence may match which rule, without spaCy), `phrase_matcher` (the rules' phrase
groups compiled into spaCy Matchers), `judge` (one sentence against one rule: evidence and grade),
`evidence` (the evidence of a document, merged into one finding per criterion).
"""

from __future__ import annotations

from policy_audit.document import Document
from policy_audit.findings import Finding
from policy_audit.match.evidence import collect_evidence, findings_from
from policy_audit.match.phrase_matcher import compile_rules
from policy_audit.match.screen import Screened, candidates_of, prepare_screen
from policy_audit.match.sentences import Sentence, sentences
from policy_audit.rulebook import RuleSet


def grade_sentences(
    doc_sentences: list[Sentence], ruleset: RuleSet, screened: Screened | None = None
) -> tuple[Finding, ...]:
    """Grade every rule; ``screened``: the sentences already screened as they arrived, if any."""
    candidates = candidates_of(doc_sentences, ruleset, screened)
    texts = screened.texts if screened is not None else None
    return findings_from(ruleset, collect_evidence(doc_sentences, ruleset, candidates, texts))


def prepare(ruleset: RuleSet) -> None:
    """Build the spaCy pipeline, the matchers and the screen now (before a fork, or while a reader
    works)."""
    compile_rules(tuple(ruleset))
    prepare_screen(ruleset)


def grade_document(doc: Document, ruleset: RuleSet) -> tuple[Finding, ...]:
    return grade_sentences(sentences(doc), ruleset)
