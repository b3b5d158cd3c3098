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
    # per rule: its id and, for each required group, its phrases by screen key: (the keys, a regex of
    # the phrases screened on them). A sentence is searched only with the regexes of keys it holds:
    # small alternations instead of one of 40 phrases.
    rules: tuple[tuple[str, tuple[tuple[tuple[frozenset[str], re.Pattern[str]], ...], ...]], ...]


def _by_key(phrases: tuple[str, ...]) -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    grouped: dict[frozenset[str], list[str]] = {}
    for phrase in phrases:
        grouped.setdefault(screen_keys((phrase,)), []).append(phrase)
    return tuple((keys, group_regex(tuple(members))) for keys, members in grouped.items())


@lru_cache(maxsize=8)
def _screen(rules: tuple[Rule, ...]) -> _Screen:
    per_rule = tuple((rule.id, tuple(_by_key(phrases) for _, phrases in rule.match.require)) for rule in rules)
    keys = frozenset(k for _, groups in per_rule for group in groups for screened, _ in group for k in screened)
    return _Screen(KeywordIndex(keys, parts=True), per_rule)


def screen_candidates(doc_sentences: list[Sentence], ruleset: RuleSet) -> tuple[Candidate, ...]:
    """(sentence index, rule id) pairs worth matching: every required group's words occur, in order."""
    screen = _screen(tuple(ruleset))
    out: list[Candidate] = []
    # Loops with for/else, not all() over generators: this runs for every rule on most sentences.
    for s in doc_sentences:
        lower = s.text.lower()
        keys = screen.keywords.keys(lower)
        if not keys:
            continue
        for rule_id, groups in screen.rules:
            for group in groups:
                for screened, regex in group:
                    if not keys.isdisjoint(screened) and regex.search(lower):
                        break
                else:
                    break  # no phrase of this group is in the sentence
            else:
                out.append((s.index, rule_id))
    return tuple(out)
