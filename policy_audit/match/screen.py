"""Which (sentence, rule) pairs are worth matching: a keyword screen that needs no spaCy.

It runs while spaCy is still being imported, and passes on only the sentences in which every
required group of a rule has its words, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from policy_audit.match.patterns import KeywordIndex, group_regex, keyed_groups
from policy_audit.match.sentences import Sentence
from policy_audit.rulebook import Rule, RuleSet

if TYPE_CHECKING:
    from policy_audit.match.phrase_matcher import Texts  # spaCy's side: not imported by the screen

# (sentence index, rule id)
Candidate = tuple[int, str]


@dataclass(frozen=True)
class Screened:
    """The candidates of a document's first ``upto`` sentences, screened as they arrived from the
    reader. The rest are screened where they are judged, on both cores when the document is long."""

    candidates: tuple[Candidate, ...]
    upto: int
    # What judging these candidates reads, tokenized as they were screened (evidence.prime_texts); None:
    # nothing tokenized yet.
    texts: Texts | None = None


# A required group's screens by key: for each screen key, the regexes of the group's phrases that are
# screened on it. A sentence holds about two keys and a group has up to forty screens: looking the
# sentence's keys up, rather than testing every screen's keys against them, took a tenth off the screen.
_Group = dict[str, tuple[re.Pattern[str], ...]]


@dataclass(frozen=True)
class _Screen:
    keywords: KeywordIndex
    # per rule: its id and its required groups, each by key (see _Group).
    rules: tuple[tuple[str, tuple[_Group, ...]], ...]
    # per screen key, the positions in ``rules`` of the rules whose first group has a phrase on it: a
    # sentence is tried only against the rules its words can start (most sentences start none).
    starts: dict[str, tuple[int, ...]]
    # the same for the rules of more than one group: those a list item's lead-in can start
    led: dict[str, tuple[int, ...]]


def _by_key(phrases: tuple[str, ...]) -> _Group:
    found: dict[str, list[re.Pattern[str]]] = {}
    for keys, members in keyed_groups(phrases):
        regex = group_regex(members)
        for key in keys:
            found.setdefault(key, []).append(regex)
    return {key: tuple(regexes) for key, regexes in found.items()}


@lru_cache(maxsize=8)
def _screen(rules: tuple[Rule, ...]) -> _Screen:
    per_rule = tuple((rule.id, tuple(_by_key(phrases) for _, phrases in rule.match.require)) for rule in rules)
    keys = frozenset(k for _, groups in per_rule for group in groups for k in group)
    starts: dict[str, set[int]] = {}
    for position, (_, groups) in enumerate(per_rule):
        for key in groups[0]:
            starts.setdefault(key, set()).add(position)
    several = {position for position, (_, groups) in enumerate(per_rule) if len(groups) > 1}
    return _Screen(
        KeywordIndex(keys),
        per_rule,
        {k: tuple(sorted(v)) for k, v in starts.items()},
        {k: tuple(sorted(v & several)) for k, v in starts.items() if v & several},
    )


def _has_group(group: _Group, keys: frozenset[str], lower: str) -> bool:
    # A phrase screened on two keys the sentence holds is searched twice: rarer, and cheaper, than
    # remembering what was searched.
    for key in keys:
        for regex in group.get(key, ()):
            if regex.search(lower):
                return True
    return False


def prepare_screen(ruleset: RuleSet) -> None:
    """Build the screen's index and regular expressions now (while a reader works), not when the
    first sentences arrive."""
    _screen(tuple(ruleset))


def screen_candidates(doc_sentences: list[Sentence], ruleset: RuleSet) -> tuple[Candidate, ...]:
    """(sentence index, rule id) pairs worth matching: every required group's words occur, in order, in
    the sentence or, for a list item, in its lead-in, and the first group's in the sentence itself or,
    for a list item, some group's. An item and its lead-in are read as one sentence: "Members shall: ...
    2. do so regardless of rank" is the lead-in's duty at any rank, and "Every deputy, whatever the
    rank, shall: (a) step in ..." binds every rank to the item's duty."""
    screen = _screen(tuple(ruleset))
    out: list[Candidate] = []
    # A list's items share their lead-in: key it once, and search it once for each group.
    lead_text, lead = "", (frozenset[str](), "")
    lead_has: dict[int, bool] = {}

    def in_lead(group: _Group) -> bool:
        found = lead_has.get(id(group))
        if found is None:
            found = lead_has[id(group)] = _has_group(group, *lead)
        return found

    for s in doc_sentences:
        lower = s.text.lower()
        keys = screen.keywords.keys(lower)
        if not keys:
            continue
        possible = {p for k in keys for p in screen.starts.get(k, ())}
        if s.lead_in:
            if s.lead_in != lead_text:
                lead_text = s.lead_in
                lead_lower = lead_text.lower()
                lead = (screen.keywords.keys(lead_lower), lead_lower)
                lead_has.clear()
            possible.update(p for k in lead[0] for p in screen.led.get(k, ()))
        if not possible:
            continue
        for position in sorted(possible):
            rule_id, groups = screen.rules[position]
            in_item = _has_group(groups[0], keys, lower)
            if not in_item and not (s.lead_in and in_lead(groups[0])):
                continue
            # Loops with for/else, not all() over generators: this runs for every rule on most sentences.
            for group in groups[1:]:
                if _has_group(group, keys, lower):
                    in_item = True
                    continue
                if s.lead_in and in_lead(group):
                    continue
                break
            else:
                if in_item:
                    out.append((s.index, rule_id))
    return tuple(out)


def candidates_of(
    doc_sentences: list[Sentence],
    ruleset: RuleSet,
    screened: Screened | None = None,
    share: Callable[[int], bool] | None = None,
) -> tuple[Candidate, ...]:
    """The candidates of the sentences whose index is in ``share`` (all by default): those already
    ``screened``, and the rest screened now."""
    known = screened.candidates if screened is not None else ()
    rest = doc_sentences[screened.upto :] if screened is not None else doc_sentences
    if share is not None:
        known = tuple(c for c in known if share(c[0]))
        rest = [s for s in rest if share(s.index)]
    return known + screen_candidates(rest, ruleset)
