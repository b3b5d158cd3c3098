"""Grade every criterion of a rule set on one document.

For each rule: screen sentences by keyword (cheap regular expressions), tokenize the survivors with
spaCy, match the rule's phrase groups with one shared Matcher, reject false friends, find the modal
that governs the action, apply the rule's narrowing words, and keep the best-graded sentences as
evidence. The document's grade on a criterion is the best grade any sentence earns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from policy_audit.document import Document
from policy_audit.findings import Evidence, Finding, Grade, Scale, missing_grade
from policy_audit.match import modality
from policy_audit.match.modality import Force, Modal
from policy_audit.match.patterns import KeywordIndex, compiled_phrase, group_regex, screen_keys
from policy_audit.match.structure import Sentence, sentences
from policy_audit.rulebook import Rule, RuleSet

MAX_EVIDENCE = 3
_DEFINITIONS = re.compile(r"\bdefinitions?\b", re.IGNORECASE)
_SEP = "\x1f"
_LIST_MARKER = re.compile(r"^(?:\(?[a-z0-9]{1,3}\)|\d{1,2}\.|[a-zA-Z]\.|[•▪◦\-–*·])\s+")


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule


@dataclass(frozen=True)
class _Compiled:
    rules: tuple[_CompiledRule, ...]
    # One spaCy Matcher per label (a rule's phrase group, or a modal class), over the gap-free
    # segments of its phrases, and a keyword screen per label: a text only goes through the matcher
    # of a label that is asked about and whose keywords occur in it.
    matchers: dict[str, object]
    screens: dict[str, re.Pattern[str]]
    vocab: object
    # label -> its phrases, each as (segment labels, gaps between them)
    phrases: dict[str, tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]]


def _label(*parts: str) -> str:
    return _SEP.join(parts)


@lru_cache(maxsize=8)
def _compile(rules: tuple[Rule, ...]) -> _Compiled:
    from spacy.matcher import Matcher

    from policy_audit.nlp import pipeline

    nlp = pipeline()
    matchers: dict[str, Matcher] = {}
    screens: dict[str, re.Pattern[str]] = {}
    phrases: dict[str, list] = {}

    def add(label: str, texts: Iterable[str]) -> None:
        texts = tuple(texts)
        matcher = matchers.setdefault(label, Matcher(nlp.vocab))
        screens[label] = group_regex(texts)
        entries = phrases.setdefault(label, [])
        for text in texts:
            segments, gaps = compiled_phrase(text)
            seg_labels = []
            for seg in segments:
                seg_label = f"{label}\x1e{len(entries)}\x1e{len(seg_labels)}"
                matcher.add(seg_label, seg)
                seg_labels.append(seg_label)
            entries.append((tuple(seg_labels), tuple(gaps)))

    add("MOD" + _SEP + Force.MANDATORY.value, modality.MANDATORY)
    add("MOD" + _SEP + Force.PERMISSIVE.value, modality.PERMISSIVE)
    add("NEG", modality.NEGATION)
    add("PROHIBIT", modality.PROHIBITIVE)
    add("WEAKPROHIBIT", modality.WEAK_PROHIBITIVE)
    add("DISCLAIMER", modality.DISCLAIMERS)
    compiled = []
    for rule in rules:
        spec = rule.match
        for name, group in spec.require:
            add(_label(rule.id, "require", name), group)
        for name, group in spec.context:
            add(_label(rule.id, "context", name), group)
        for kind in ("exclude", "exclude_section", "narrow", "broad", "definitions"):
            group = getattr(spec, kind)
            if group:
                add(_label(rule.id, kind), group)
        compiled.append(_CompiledRule(rule))
    frozen = {label: tuple(entries) for label, entries in phrases.items()}
    return _Compiled(tuple(compiled), matchers, screens, nlp.vocab, frozen)


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


class _Hits:
    """Matcher hits of one text, by label, computed when first asked for."""

    def __init__(self, text: str, doc, compiled: _Compiled):
        self.raw = text  # Doc.text rebuilds the string token by token: keep the original
        self.lower = text.lower()  # what the screens search
        self.doc = doc
        self.compiled = compiled
        self.by_label: dict[str, list[tuple[int, int]]] = {}

    def get(self, label: str) -> list[tuple[int, int]]:
        if label not in self.by_label:
            self.by_label[label] = self._match(label)
        return self.by_label[label]

    def _match(self, label: str) -> list[tuple[int, int]]:
        screen = self.compiled.screens.get(label)
        if screen is None or not screen.search(self.lower):
            return []
        strings = self.compiled.vocab.strings
        segments: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.compiled.matchers[label](self.doc):
            segments.setdefault(strings[match_id], []).append((start, end))
        spans: list[tuple[int, int]] = []
        for seg_labels, gaps in self.compiled.phrases[label]:
            seg_hits = [segments.get(sl) for sl in seg_labels]
            if all(seg_hits):
                spans.extend(_chain(seg_hits, gaps))
        return sorted(set(spans))

    def has(self, label: str) -> bool:
        return bool(self.get(label))

    def text(self, span: tuple[int, int]) -> str:
        return self.doc[span[0] : span[1]].text

    def modals(self) -> list[Modal]:
        out: list[Modal] = []
        # "shall not fail to intervene", "must never neglect to": a negated failure is a duty.
        negs = {
            s
            for s, e in self.get("NEG")
            if not (e < len(self.doc) and self.doc[e].lower_ in modality.NEGATED_FAILURE)
        }
        for force in Force:
            for start, end in self.get("MOD" + _SEP + force.value):
                negated = any(n in negs for n in range(end, min(end + 2, len(self.doc) + 1)))
                out.append(Modal(start, end, force, negated, self.text((start, end))))
        # Keep the longest match where spans overlap ("is required to" over "required").
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Modal] = []
        for m in out:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        return kept

class _Texts:
    """Tokenizes each distinct text once and remembers its hits."""

    def __init__(self, compiled: _Compiled):
        from policy_audit.nlp import pipeline

        self.compiled = compiled
        self.nlp = pipeline()
        self.cache: dict[str, _Hits] = {}

    def prime(self, texts: Iterable[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t and t not in self.cache]
        for text, doc in zip(todo, self.nlp.tokenizer.pipe(todo, batch_size=256)):
            self.cache[text] = _Hits(text, doc, self.compiled)

    def __getitem__(self, text: str) -> _Hits:
        if text not in self.cache:
            self.prime([text])
        return self.cache[text]


def _governing(hits: _Hits, anchor: tuple[int, int], lead: _Hits | None) -> tuple[Modal | None, str]:
    """The modal that binds the action at ``anchor``, and where it came from."""
    modals = hits.modals()
    before = [m for m in modals if m.end <= anchor[0]]
    outer = _set_off_by_commas(hits, before, anchor)
    if outer is not None:
        return outer, "sentence"
    passive = [
        m
        for m in modals
        if anchor[1] <= m.start <= anchor[1] + 5
        and m.end < len(hits.doc)
        and hits.doc[m.end : m.end + 2].text.lower().split()[-1:] in (["be"], ["not"])
    ]
    if before and passive:
        b, p = before[-1], passive[0]
        return (b if anchor[0] - b.end <= p.start - anchor[1] else p), "sentence"
    if before:
        return before[-1], "sentence"
    if passive:
        return passive[0], "sentence"
    after = [m for m in modals if m.start >= anchor[1]]
    if after:
        return after[0], "sentence"
    if lead is not None:
        lead_modals = lead.modals()
        if lead_modals:
            return lead_modals[-1], "lead-in"
    return None, ""


def _set_off_by_commas(hits: _Hits, before: list[Modal], anchor: tuple[int, int]) -> Modal | None:
    """The modal of "Officers shall, when they see force that may be excessive, intervene": a clause set
    off by commas between a modal and its verb does not govern the verb, whatever modal it contains.

    Applies when the action follows a comma (or a comma and one adverb) and an earlier modal is
    directly followed by a comma; the nearest such modal governs."""
    if len(before) < 2:
        return None
    doc = hits.doc
    i = anchor[0] - 1
    if i >= 1 and doc[i].text != "," and doc[i].lower_.endswith("ly") and doc[i - 1].text == ",":
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    for m in reversed(before[:-1]):
        if m.end < i and doc[m.end].text == ",":
            return m
    return None


_CONDITION = re.compile(r"^(\w+)\b[^,;:.]{0,80},\s*")


def _instruction_body(text: str) -> str:
    """The sentence without its list marker and a leading condition ("When practical, ...")."""
    body = _LIST_MARKER.sub("", text.strip(), count=1)
    cond = _CONDITION.match(body)
    if cond and cond.group(1).lower() in modality.CONDITION_OPENERS:
        body = body[cond.end() :]
    return body


def _is_imperative(text: str) -> bool:
    """A bare instruction ("Render aid ..."), possibly after a condition ("When practical, use ...")."""
    body = _instruction_body(text)
    words = [w.lower().strip(",;:") for w in body.split()[:2]]
    if not words:
        return False
    if words[0] in modality.IMPERATIVE_VERBS:
        return True
    followers = modality.IMPERATIVE_NOUN_VERBS.get(words[0])
    return followers is not None and len(words) > 1 and words[1] not in followers


_NEGATIVE_INSTRUCTION = re.compile(r"^(?:do not|don't|don’t|never)\s+\w", re.IGNORECASE)


def _is_negative_instruction(text: str) -> bool:
    """"Do not leave a handcuffed subject face down": an instruction that addresses its topic (enough
    for an element), though not an obligation to perform the action it names."""
    return bool(_NEGATIVE_INSTRUCTION.match(_instruction_body(text)))


@dataclass(frozen=True)
class _Context:
    sentence: Sentence
    hits: _Hits
    lead: _Hits | None
    around: tuple[_Hits, ...]  # previous sentences of the same section
    headings: tuple[_Hits, ...]  # section heading, chapter (running title), top-level heading
    title: _Hits | None  # the document's opening lines: context only, never a reason to exclude


def _first_hit(label: str, sources: Iterable[_Hits]) -> tuple[_Hits, tuple[int, int]] | None:
    for h in sources:
        spans = h.get(label)
        if spans:
            return h, spans[0]
    return None


def _lead_in(ctx: _Context) -> _Hits | None:
    """The sentence that introduces this one as a list item: its list lead-in, or, where extraction
    lost the list markers, the sentence just before it when that one ends with a colon ("Examples of
    de-escalation techniques include:", "The following are prohibited:")."""
    if ctx.lead is not None:
        return ctx.lead
    before = ctx.around[-1].raw.rstrip() if ctx.around else ""
    if before.endswith(":") and len(before.split()) > 1:  # not a bare label ("NOTE:")
        return ctx.around[-1]
    return None


def _judge(rule: Rule, ctx: _Context) -> tuple[int, Evidence] | None:
    spec = rule.match
    hits = ctx.hits
    rid = rule.id
    # 1. The rule's own words, in the sentence itself.
    anchors = hits.get(_label(rid, "require", spec.require[0][0]))
    if not anchors or not all(hits.has(_label(rid, "require", n)) for n, _ in spec.require[1:]):
        return None
    # 2. False friends and disclaimers disqualify the sentence; a false-friend section, all its sentences.
    #    Definitions describe words, they do not bind anyone; a rule that looks for a structure a
    #    definitions section can lay out (the levels of a force continuum) names the phrases that count.
    lead = _lead_in(ctx)
    local = (hits,) + ((lead,) if lead else ())
    if _DEFINITIONS.search(ctx.sentence.section) and not (
        spec.definitions and any(h.has(_label(rid, "definitions")) for h in local)
    ):
        return None
    if any(h.has(_label(rid, "exclude")) for h in local) or hits.has("DISCLAIMER"):
        return None
    if spec.exclude_section and any(h.has(_label(rid, "exclude_section")) for h in ctx.headings):
        return None
    # 3. Context: who and what the duty is about, in the sentence or close around it.
    sources = local + ctx.around + ctx.headings + ((ctx.title,) if ctx.title else ())
    self_contained = 0  # context groups the sentence states itself: such a quote speaks for itself
    for name, _ in spec.context:
        found = _first_hit(_label(rid, "context", name), sources)
        if not found:
            return None
        self_contained += found[0] in local
    highlights = [hits.text(anchors[0])]
    # 4. How binding it is.
    scale = rule.scale
    if spec.modality == "prohibition":
        grade, reason = _prohibition(hits, lead, highlights)
        if grade is None:
            return None
    elif spec.modality == "mention":
        # Violations and protections are often stated without a modal ("Failure to intervene ...").
        grade, reason = Grade.STRONG, "addressed"
    elif spec.modality == "any":
        # Any modality counts, but there must be one: a sentence with no modal verb and no
        # instruction is a definition or a description ("An injury that requires transport ...").
        said = next((m for h in local for m in h.modals()), None)
        if (
            said is None
            and not _is_imperative(ctx.sentence.text)
            and not _is_negative_instruction(ctx.sentence.text)
            and not hits.has("PROHIBIT")
        ):
            return None
        grade, reason = Grade.STRONG, f"addressed ({said.text.lower()})" if said else "addressed"
    else:
        grade, reason = None, ""
        for anchor in anchors:
            g, r, word = _obligation(hits, anchor, ctx, lead)
            if g is not None and (grade is None or g.rank > grade.rank):
                grade, reason = g, r
                highlights = [hits.text(anchor)] + ([word] if word else [])
        if grade is None:
            return None
    # 5. A duty limited to one weapon or one narrow case is weak.
    # Narrowing words count in the sentence, its lead-in, its section heading and its chapter: a
    # weapon's own chapter or section narrows; a passing mention in the top heading does not.
    near = local + ctx.headings[:2]
    narrow = _first_hit(_label(rid, "narrow"), near) if spec.narrow else None
    if narrow and any(h.has(_label(rid, "broad")) for h in local):
        narrow = None
    if narrow and grade is Grade.STRONG and spec.modality not in ("any", "mention"):
        grade = Grade.WEAK
        reason = f"{reason}; narrow: only {narrow[0].text(narrow[1])}"
    final = _on_scale(scale, grade, spec.met_when)
    s = ctx.sentence
    quote = f"{lead.raw} … {s.text}" if lead else s.text
    return self_contained, Evidence(
        page=s.page,
        section=s.section,
        quote=quote,
        grade=final,
        reason=reason,
        highlights=tuple(dict.fromkeys(h for h in highlights if h)),
        ocr=s.ocr,
    )


def _obligation(
    hits: _Hits, anchor: tuple[int, int], ctx: _Context, lead: _Hits | None
) -> tuple[Grade | None, str, str]:
    modal, where = _governing(hits, anchor, lead)
    if modal is not None:
        if modal.negated:
            return None, "", ""
        suffix = " (in the list's lead-in)" if where == "lead-in" else ""
        if modal.force is Force.MANDATORY:
            return Grade.STRONG, f"mandatory: {modal.text.lower()}{suffix}", modal.text
        return Grade.WEAK, f"permissive: {modal.text.lower()}{suffix}", modal.text
    if _is_imperative(ctx.sentence.text):
        return Grade.STRONG, "mandatory: instruction (imperative)", ""
    # No modal and no instruction: a definition, a description or a title, not a rule of conduct.
    return None, "", ""


def _prohibition(hits: _Hits, lead: _Hits | None, highlights: list[str]) -> tuple[Grade | None, str]:
    # A ban anywhere (sentence, then lead-in) beats a discouragement anywhere.
    for label, grade, word in (("PROHIBIT", Grade.STRONG, "prohibited"), ("WEAKPROHIBIT", Grade.WEAK, "discouraged")):
        for h in (hits, lead):
            spans = h.get(label) if h is not None else None
            if spans:
                highlights.append(h.text(spans[0]))
                return grade, f"{word}: {h.text(spans[0]).lower()}"
    return None, ""


def _on_scale(scale: Scale, grade: Grade, met_when: Grade) -> Grade:
    if scale is Scale.ELEMENT:
        return Grade.PRESENT
    if scale is Scale.MET:
        return Grade.MET if grade.rank >= met_when.rank else Grade.NOT_MET
    return grade


@dataclass(frozen=True)
class _Screen:
    keywords: KeywordIndex
    # per rule: its id, the screen keys of each required group, and each group's loose regex
    rules: tuple[tuple[str, tuple[frozenset[str], ...], tuple[re.Pattern[str], ...]], ...]


@lru_cache(maxsize=8)
def _screen(rules: tuple[Rule, ...]) -> _Screen:
    """The keyword screens of a rule set. Needs no spaCy, so it can run while spaCy is imported."""
    per_rule = []
    for rule in rules:
        groups = tuple(phrases for _, phrases in rule.match.require)
        per_rule.append((rule.id, tuple(screen_keys(g) for g in groups), tuple(group_regex(g) for g in groups)))
    keys = frozenset(k for _, group_keys, _ in per_rule for group in group_keys for k in group)
    return _Screen(KeywordIndex(keys), tuple(per_rule))


def screen_candidates(doc_sentences: list[Sentence], ruleset: RuleSet) -> tuple[tuple[int, str], ...]:
    """(sentence index, rule id) pairs worth matching: every required group's words occur, in order."""
    screen = _screen(tuple(ruleset))
    out: list[tuple[int, str]] = []
    for s in doc_sentences:
        lower = s.text.lower()
        keys = screen.keywords.keys(lower)
        if not keys:
            continue
        for rule_id, group_keys, group_regexes in screen.rules:
            if all(not keys.isdisjoint(g) for g in group_keys) and all(r.search(lower) for r in group_regexes):
                out.append((s.index, rule_id))
    return tuple(out)


# Per rule id: the evidence found, each with its sort key (self-contained first, then page order).
EvidenceFound = dict[str, list[tuple[tuple[int, int], Evidence]]]


def grade_sentences(
    doc_sentences: list[Sentence], ruleset: RuleSet, candidates: tuple[tuple[int, str], ...] | None = None
) -> tuple[Finding, ...]:
    """Grade every rule; ``candidates`` from :func:`screen_candidates` when already computed elsewhere."""
    if candidates is None:
        candidates = screen_candidates(doc_sentences, ruleset)
    return findings_from(ruleset, collect_evidence(doc_sentences, ruleset, candidates))


def collect_evidence(
    doc_sentences: list[Sentence], ruleset: RuleSet, candidates: tuple[tuple[int, str], ...]
) -> EvidenceFound:
    """Judge each candidate (sentence index, rule id); any share of a document's candidates may be
    judged apart (in another process) and the results merged with :func:`merge_evidence`."""
    compiled = _compile(tuple(ruleset))
    texts = _Texts(compiled)
    by_id = {cr.rule.id: cr for cr in compiled.rules}
    pairs = [(doc_sentences[i], by_id[rule_id]) for i, rule_id in candidates]
    needed: list[str] = []
    for s, cr in pairs:
        needed.append(s.text)
        needed.append(s.lead_in)
        needed.extend(_around(doc_sentences, s, cr.rule.match.window))
        needed.extend((s.section, s.chapter, s.top, s.title))
    texts.prime(needed)

    evidence: EvidenceFound = {r.id: [] for r in ruleset}
    for s, cr in pairs:
        ctx = _Context(
            sentence=s,
            hits=texts[s.text],
            lead=texts[s.lead_in] if s.lead_in else None,
            around=tuple(texts[t] for t in _around(doc_sentences, s, cr.rule.match.window)),
            headings=tuple(texts[t] for t in (s.section, s.chapter, s.top) if t),
            title=texts[s.title] if s.title else None,
        )
        judged = _judge(cr.rule, ctx)
        if judged is not None:
            self_contained, found = judged
            evidence[cr.rule.id].append(((-self_contained, s.index), found))
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
    grade = best[0].grade
    return Finding(rule.id, rule.scale, grade, tuple(best))


def prepare(ruleset: RuleSet) -> None:
    """Build the spaCy pipeline and the matchers now (before a fork, or while a reader works)."""
    _compile(tuple(ruleset))


def grade_document(doc: Document, ruleset: RuleSet) -> tuple[Finding, ...]:
    return grade_sentences(sentences(doc), ruleset)
