"""Which (sentence, rule) pairs are worth matching: a keyword screen that needs no spaCy.

It runs while spaCy is still being imported, and passes on only the sentences in which every
required group of a rule has its words, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policy_audit.match.patterns import KeywordIndex, group_regex, keyed_groups
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
    # per screen key, the positions in ``rules`` of the rules whose first group has a phrase on it: a
    # sentence is tried only against the rules its words can start (most sentences start none).
    starts: dict[str, tuple[int, ...]]


def _by_key(phrases: tuple[str, ...]) -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    return tuple((keys, group_regex(members)) for keys, members in keyed_groups(phrases))


@lru_cache(maxsize=8)
def _screen(rules: tuple[Rule, ...]) -> _Screen:
    per_rule = tuple((rule.id, tuple(_by_key(phrases) for _, phrases in rule.match.require)) for rule in rules)
    keys = frozenset(k for _, groups in per_rule for group in groups for screened, _ in group for k in screened)
    starts: dict[str, set[int]] = {}
    for position, (_, groups) in enumerate(per_rule):
        for screened, _ in groups[0]:
            for key in screened:
                starts.setdefault(key, set()).add(position)
    return _Screen(KeywordIndex(keys), per_rule, {k: tuple(sorted(v)) for k, v in starts.items()})


def _has_group(group, keys: frozenset[str], lower: str) -> bool:
    return any(not keys.isdisjoint(screened) and regex.search(lower) for screened, regex in group)


def prepare_screen(ruleset: RuleSet) -> None:
    """Build the screen's index and regular expressions now (while a reader works), not when the
    first sentences arrive."""
    _screen(tuple(ruleset))


def screen_candidates(doc_sentences: list[Sentence], ruleset: RuleSet) -> tuple[Candidate, ...]:
    """(sentence index, rule id) pairs worth matching: the first required group's words occur in the
    sentence, in order, and every other group's in the sentence or, for a list item, in its lead-in
    ("Members shall: ... 2. do so regardless of rank" is the duty of the lead-in, at any rank)."""
    screen = _screen(tuple(ruleset))
    out: list[Candidate] = []
    for s in doc_sentences:
        lower = s.text.lower()
        keys = screen.keywords.keys(lower)
        if not keys:
            continue
        possible = {p for k in keys for p in screen.starts.get(k, ())}
        if not possible:
            continue
        lead: tuple[frozenset[str], str] | None = None
        for position in sorted(possible):
            rule_id, groups = screen.rules[position]
            if not _has_group(groups[0], keys, lower):
                continue
            # Loops with for/else, not all() over generators: this runs for every rule on most sentences.
            for group in groups[1:]:
                if _has_group(group, keys, lower):
                    continue
                if s.lead_in:
                    if lead is None:
                        lead_lower = s.lead_in.lower()
                        lead = (screen.keywords.keys(lead_lower), lead_lower)
                    if _has_group(group, *lead):
                        continue
                break
            else:
                out.append((s.index, rule_id))
    return tuple(out)
