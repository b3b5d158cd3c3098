"""The phrase groups of a rule set, compiled once into spaCy Matchers, and the hits of each text.

Every phrase group (a rule's required words, its context, its false friends; the grading words of
`modality`) gets a :class:`Label`, one spaCy ``Matcher`` and a loose keyword regex. A text only goes
through the matcher of a label that is asked about and whose regex finds something in it, so spaCy
sees a few hundred sentences of a 10,000-sentence manual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from policy_audit.match import modality
from policy_audit.match.compiled_regexes import compile_regex, in_re_cache
from policy_audit.match.modality import DUTY_NOUNS, Force, Modal
from policy_audit.match.patterns import KeywordIndex, compiled_phrase, group_regex, keyed_groups, phrase_anchor
from policy_audit.rulebook import Rule


class Kind(str, Enum):
    """What a phrase group is for."""

    REQUIRE = "require"
    CONTEXT = "context"
    EXCLUDE = "exclude"
    EXCLUDE_UNLESS = "exclude_unless"
    EXCLUDE_SECTION = "exclude_section"
    EXCLUDE_AFTER = "exclude_after"
    EXCLUDE_TOPICS_UNLESS = "exclude_topics_unless"
    NARROW = "narrow"
    BROAD = "broad"
    SPECIFIC = "specific"
    DEFINITIONS = "definitions"
    MANDATORY = "mandatory"
    PERMISSIVE = "permissive"
    NEGATION = "negation"
    PROHIBIT = "prohibit"
    WEAK_PROHIBIT = "weak_prohibit"
    DISCLAIMER = "disclaimer"


@dataclass(frozen=True)
class Label:
    """One phrase group: its kind, the rule it belongs to ("" for the grading words) and, for
    ``require`` and ``context`` groups, the group's name in the rule file."""

    kind: Kind
    rule: str = ""
    group: str = ""


MODAL_LABELS = {Force.MANDATORY: Label(Kind.MANDATORY), Force.PERMISSIVE: Label(Kind.PERMISSIVE)}
NEGATION = Label(Kind.NEGATION)
PROHIBIT = Label(Kind.PROHIBIT)
WEAK_PROHIBIT = Label(Kind.WEAK_PROHIBIT)
DISCLAIMER = Label(Kind.DISCLAIMER)
# The optional phrase lists of a rule's match block, by the kind of their label.
RULE_LISTS = (
    Kind.EXCLUDE,
    Kind.EXCLUDE_UNLESS,
    Kind.EXCLUDE_SECTION,
    Kind.EXCLUDE_AFTER,
    Kind.EXCLUDE_TOPICS_UNLESS,
    Kind.NARROW,
    Kind.BROAD,
    Kind.SPECIFIC,
    Kind.DEFINITIONS,
)

# A phrase with gaps is matched segment by segment, then chained: (segment match keys, gaps).
Phrase = tuple[tuple[str, ...], tuple[int, ...]]


class LazyMatcher:
    """A spaCy Matcher built from its patterns when it is first called.

    A rule set has about 1,100 buckets, and adding their patterns to Matchers is a fifth of a second
    on the path of every `check` (spaCy serialises each pattern's predicates to key them); a 640-page
    manual calls about 400 of them.
    """

    def __init__(self, vocab: Any, patterns: tuple[tuple[str, Any], ...], regexes: dict[str, re.Pattern[str]]):
        self._vocab = vocab
        self._patterns = patterns
        self._regexes = regexes  # the patterns' REGEX predicates, compiled (compile_rules)
        self._matcher: Any = None

    @property
    def built(self) -> bool:
        return self._matcher is not None

    @property
    def patterns(self) -> tuple[tuple[str, Any], ...]:
        """(key, token patterns) pairs, as they are added to the Matcher."""
        return self._patterns

    def build(self) -> None:
        if self._matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(self._vocab, validate=False)  # the patterns are ours, built from checked phrases
            with in_re_cache(self._regexes):
                for key, pattern in self._patterns:
                    matcher.add(key, pattern)
            self._matcher = matcher

    def __call__(self, doc: Any) -> Any:
        self.build()
        return self._matcher(doc)


@dataclass(frozen=True)
class Bucket:
    """The phrases of a group that share an anchor word, and one Matcher for them all. spaCy's
    Matcher tries every pattern at every token, so a group's phrases are run only where their
    anchor word is in the text: that made the matching of a long manual three times faster."""

    anchor: frozenset[str]  # keys of the anchor word; empty: the phrases are always run
    matcher: LazyMatcher
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class AnyOf:
    """A required group's screen: the small regexes the sentence screen (match/screen.py) compiled for
    the same phrases, tried in turn. One alternation of all of them would be compiled a second time."""

    regexes: tuple[re.Pattern[str], ...]

    def search(self, text: str) -> bool:
        return any(regex.search(text) for regex in self.regexes)


@dataclass(frozen=True)
class Compiled:
    rules: tuple[Rule, ...]
    buckets: dict[Label, tuple[Bucket, ...]]
    screens: dict[Label, re.Pattern[str] | AnyOf]
    vocab: Any
    anchors: KeywordIndex  # every bucket's anchor keys


@lru_cache(maxsize=8)
def compile_rules(rules: tuple[Rule, ...]) -> Compiled:
    from policy_audit.nlp import pipeline

    nlp = pipeline()  # first: it imports spaCy the quick way
    buckets: dict[Label, tuple[Bucket, ...]] = {}
    screens: dict[Label, re.Pattern[str] | AnyOf] = {}
    # The prefix words' REGEX predicates, compiled here, while the regexes kept from the last run are at
    # hand (cache.prepared), and found by spaCy when the matchers are built, later.
    predicates: dict[str, re.Pattern[str]] = {}

    def add(label: Label, texts: Iterable[str]) -> None:
        texts = tuple(texts)
        if label.kind is Kind.REQUIRE:
            screens[label] = AnyOf(tuple(group_regex(members) for _, members in keyed_groups(texts)))
        else:
            screens[label] = group_regex(texts)
        by_anchor: dict[frozenset[str], list[str]] = {}
        for text in texts:
            by_anchor.setdefault(phrase_anchor(text), []).append(text)
        made: list[Bucket] = []
        for anchor, members in by_anchor.items():
            entries: list[Phrase] = []
            patterns: list[tuple[str, Any]] = []
            regexes: dict[str, re.Pattern[str]] = {}
            for text in members:
                segments, gaps = compiled_phrase(text)
                for regex in _regex_predicates(segments):
                    if regex not in predicates:
                        predicates[regex] = compile_regex(regex)
                    regexes[regex] = predicates[regex]
                # Matcher keys are strings: one opaque key per segment, unique across labels.
                keys = tuple(f"{len(buckets)}:{len(made)}:{len(entries)}:{i}" for i in range(len(segments)))
                patterns.extend(zip(keys, segments))
                entries.append((keys, tuple(gaps)))
            made.append(Bucket(anchor, LazyMatcher(nlp.vocab, tuple(patterns), regexes), tuple(entries)))
        buckets[label] = tuple(made)

    add(MODAL_LABELS[Force.MANDATORY], modality.MANDATORY)
    add(MODAL_LABELS[Force.PERMISSIVE], modality.PERMISSIVE)
    add(NEGATION, modality.NEGATION)
    add(PROHIBIT, modality.PROHIBITIVE)
    add(WEAK_PROHIBIT, modality.WEAK_PROHIBITIVE)
    add(DISCLAIMER, modality.DISCLAIMERS)
    for rule in rules:
        spec = rule.match
        if spec.mandatory_words:
            add(Label(Kind.MANDATORY, rule.id), spec.mandatory_words)
        if spec.permissive_words:
            add(Label(Kind.PERMISSIVE, rule.id), spec.permissive_words)
        for name, group in spec.require:
            add(Label(Kind.REQUIRE, rule.id, name), group)
        for name, group in spec.context:
            add(Label(Kind.CONTEXT, rule.id, name), group)
        for kind in RULE_LISTS:
            group = getattr(spec, kind.value)
            if group:
                add(Label(kind, rule.id), group)
    anchors = frozenset(k for made in buckets.values() for b in made for k in b.anchor)
    return Compiled(rules, buckets, screens, nlp.vocab, KeywordIndex(anchors, tokenizer_exceptions=True))


def _regex_predicates(segments: list[list[list[dict]]]) -> Iterator[str]:
    """The REGEX predicates of a phrase's token patterns (its prefix words: patterns._token_pattern)."""
    for segment in segments:
        for pattern in segment:
            for token in pattern:
                lower = token.get("LOWER")
                if isinstance(lower, dict) and "REGEX" in lower:
                    yield lower["REGEX"]


# The order in which idle time builds matchers ahead of use: the shared modal words first (every candidate
# asks for them), then what every candidate of a rule asks for, then what only some ask for.
_WARM_ORDER = (Kind.REQUIRE, Kind.CONTEXT, Kind.EXCLUDE, Kind.NARROW, Kind.EXCLUDE_SECTION, Kind.EXCLUDE_UNLESS)


def matchers_to_build(rules: tuple[Rule, ...]) -> Iterator[LazyMatcher]:
    """The matchers of a rule set not built yet, most used first. `check` builds them while it waits
    for the reader: one built before the grading forks is built once, not once on each core."""
    compiled = compile_rules(rules)
    rank = {kind: i for i, kind in enumerate(_WARM_ORDER)}
    order = sorted(compiled.buckets, key=lambda label: (bool(label.rule), rank.get(label.kind, len(rank))))
    for label in order:
        for bucket in compiled.buckets[label]:
            if not bucket.matcher.built:
                yield bucket.matcher


def _chain(segment_hits: list[list[tuple[int, int]]], gaps: tuple[int, ...]) -> list[tuple[int, int]]:
    """Spans where each segment follows the previous one within its gap (``a ...4 b``)."""
    spans = [(s, e) for s, e in segment_hits[0]]
    for hits, gap in zip(segment_hits[1:], gaps):
        nxt = []
        for start, end in spans:
            for s, e in hits:
                if end <= s <= end + gap:
                    nxt.append((start, e))
        if not nxt:
            return []
        spans = nxt
    return sorted(set(spans))


class Hits:
    """Matcher hits of one text, by label, computed when first asked for."""

    def __init__(self, text: str, doc: Any, compiled: Compiled):
        self.raw = text  # Doc.text rebuilds the string token by token: keep the original
        self.lower = text.lower()  # what the screens search
        self.doc = doc
        self.compiled = compiled
        self.by_label: dict[Label, list[tuple[int, int]]] = {}
        self.anchors: frozenset[str] | None = None  # the anchor keys in the text, found when first needed
        self.by_rule: dict[str, list[Modal]] = {}  # modals() per rule: asked for every action word

    def get(self, label: Label) -> list[tuple[int, int]]:
        if label not in self.by_label:
            self.by_label[label] = self._match(label)
        return self.by_label[label]

    def _match(self, label: Label) -> list[tuple[int, int]]:
        screen = self.compiled.screens.get(label)
        if screen is None or not screen.search(self.lower):
            return []
        if self.anchors is None:
            self.anchors = self.compiled.anchors.keys(self.lower)
        strings = self.compiled.vocab.strings
        spans: list[tuple[int, int]] = []
        for bucket in self.compiled.buckets[label]:
            if bucket.anchor and bucket.anchor.isdisjoint(self.anchors):
                continue
            segments: dict[str, list[tuple[int, int]]] = {}
            for match_id, start, end in bucket.matcher(self.doc):
                segments.setdefault(strings[match_id], []).append((start, end))
            for keys, gaps in bucket.phrases:
                seg_hits = [segments.get(k) for k in keys]
                if all(seg_hits):
                    spans.extend(_chain(seg_hits, gaps))  # type: ignore[arg-type]
        return sorted(set(spans))

    def has(self, label: Label) -> bool:
        return bool(self.get(label))

    def text(self, span: tuple[int, int]) -> str:
        return self.doc[span[0] : span[1]].text

    def modals(self, rule: str = "") -> list[Modal]:
        """The grading words of the text: the shared ones, and ``rule``'s own (``mandatory_words``,
        ``permissive_words``); where they overlap, the longest."""
        if rule not in self.by_rule:
            self.by_rule[rule] = self._modals(rule)
        return self.by_rule[rule]

    def _modals(self, rule: str) -> list[Modal]:
        out: list[Modal] = []
        negations = self.get(NEGATION)
        # "shall not fail to intervene", "must never neglect to": a negated failure is a duty.
        negs = {s for s, e in negations if not (e < len(self.doc) and self.doc[e].lower_ in modality.NEGATED_FAILURE)}
        # "are not required to", "is no longer required to": a negation just before the modal denies the
        # duty (one after it, "shall not", negates what the modal binds).
        denials = {e for _, e in negations}
        # A rule's own words first: where one overlaps a shared word of the same length, it decides.
        own = [(force, Label(label.kind, rule)) for force, label in MODAL_LABELS.items()] if rule else []
        labels = own + list(MODAL_LABELS.items())
        for force, label in labels:
            if label not in self.compiled.screens:
                continue
            for start, end in self.get(label):
                if self._names_a_topic(start) or self._predicts(start, end):
                    continue
                denied = start in denials
                negated = denied or any(n in negs for n in range(end, min(end + 2, len(self.doc) + 1)))
                out.append(Modal(start, end, force, negated, self.text((start, end)), denied))
        # Keep the longest match where spans overlap ("is required to" over "required").
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Modal] = []
        for m in out:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        return kept

    def _predicts(self, start: int, end: int) -> bool:
        """A "will" that says what is going to happen ("the chance that an injury ... will become serious")
        binds nobody."""
        doc = self.doc
        return doc[start].lower_ == "will" and end < len(doc) and doc[end].lower_ in modality.PREDICTED

    def _names_a_topic(self, start: int) -> bool:
        """ "training in the duty to intervene", "a policy on the obligation to report": after a
        preposition, the noun names what something is about; it binds nobody."""
        doc = self.doc
        if start == 0 or doc[start].lower_ not in DUTY_NOUNS:
            return False
        before = start - 1
        if doc[before].lower_ in _DETERMINERS and before > 0:
            before -= 1
        if doc[before].lower_ in ("and", "or"):
            # "rules on the duty to intervene and the duty to render aid": the second names a topic as
            # the first does
            for i in range(before - 1, max(-1, before - 8), -1):
                if doc[i].lower_ in DUTY_NOUNS:
                    return self._names_a_topic(i)
            return False
        # "Section 7.06 (duty to intervene)": a section's title in parentheses names it
        return doc[before].lower_ in _TOPIC_PREPOSITIONS or (doc[before].text == "(" and start == before + 1)


_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "this", "that"})
_TOPIC_PREPOSITIONS = frozenset(
    {"in", "on", "about", "regarding", "concerning", "covering", "addressing", "explaining", "of"}
    # Verbs that say what a text is about work the same way: "This revision addresses the duty to render
    # aid", "The bulletin covers the obligation to ...", "sets forth the duty".
    | {"address", "addresses", "addressed", "cover", "covers", "covered", "explain", "explains", "explained"}
    | {"discuss", "discusses", "discussed", "describe", "describes", "described", "outline", "outlines"}
    | {"outlined", "review", "reviews", "reviewed", "summarize", "summarizes", "summarized", "forth"}
)


class Texts:
    """Tokenizes each distinct text once and remembers its hits."""

    def __init__(self, compiled: Compiled):
        from policy_audit.nlp import pipeline

        self.compiled = compiled
        self.nlp = pipeline()
        self.cache: dict[str, Hits] = {}

    def prime(self, texts: Iterable[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t and t not in self.cache]
        for text, doc in zip(todo, self.nlp.tokenizer.pipe(todo, batch_size=256)):
            self.cache[text] = Hits(text, doc, self.compiled)

    def __getitem__(self, text: str) -> Hits:
        if text not in self.cache:
            self.prime([text])
        return self.cache[text]
