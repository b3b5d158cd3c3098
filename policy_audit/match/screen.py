"""Which (sentence, rule) pairs are worth matching: a keyword screen that needs no spaCy.

It runs while spaCy is still being imported, and passes on only the sentences in which every
required group of a rule has its words, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policy_audit.match.patterns import KeywordIndex, group_regex, screen_keys
from policy_audit.match.sentences import Sentence
from policy_audit.rulebook import Rule, RuleSet

# (sentence index, rule id)
Candidate = tuple[int, str]


@dataclass(frozen=True)
class _Screen:
    keywords: KeywordIndex
    # per rule: its id, the screen keys of each required group, and each group's loose regex
    rules: tuple[tuple[str, tuple[frozenset[str], ...], tuple[re.Pattern[str], ...]], ...]


@lru_cache(maxsize=8)
def _screen(rules: tuple[Rule, ...]) -> _Screen:
    per_rule = []
    for rule in rules:
        groups = tuple(phrases for _, phrases in rule.match.require)
        per_rule.append((rule.id, tuple(screen_keys(g) for g in groups), tuple(group_regex(g) for g in groups)))
    keys = frozenset(k for _, group_keys, _ in per_rule for group in group_keys for k in group)
    return _Screen(KeywordIndex(keys), tuple(per_rule))


def screen_candidates(doc_sentences: list[Sentence], ruleset: RuleSet) -> tuple[Candidate, ...]:
    """(sentence index, rule id) pairs worth matching: every required group's words occur, in order."""
    screen = _screen(tuple(ruleset))
    out: list[Candidate] = []
    for s in doc_sentences:
        lower = s.text.lower()
        keys = screen.keywords.keys(lower)
        if not keys:
            continue
        for rule_id, group_keys, group_regexes in screen.rules:
            if all(not keys.isdisjoint(g) for g in group_keys) and all(r.search(lower) for r in group_regexes):
                out.append((s.index, rule_id))
    return tuple(out)
