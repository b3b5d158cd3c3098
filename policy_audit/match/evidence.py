"""Collect the evidence of a document's candidate sentences, and make each criterion's finding.

Evidence can be collected in parts (half the sentences in another process) and merged: the finding
sorts the evidence itself, so the result does not depend on how the work was split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_audit.findings import Evidence, Finding, Scale, missing_grade
from policy_audit.match.confidence import evidence_confidence
from policy_audit.match.headings import is_run_in_title
from policy_audit.match.judge import Context, judge, lists_exceptions
from policy_audit.match.phrase_matcher import Texts, compile_rules
from policy_audit.match.screen import Candidate
from policy_audit.match.sentences import Sentence
from policy_audit.match.values import finding_value
from policy_audit.rulebook import Rule, RuleSet

MAX_EVIDENCE = 3

# Sections whose sentences are seldom the general rule a criterion asks for. (An element may come from an
# agency-wide medical-aid policy, audit standard R3, and it is an aside there all the same: the rule for
# people subjected to force, where there is one, heads the finding.)
ASIDE_TOPICS = frozenset(
    {"custody", "transport", "weapon", "medical_public", "ethics", "faq", "forms", "definitions", "crisis"}
)


_PREAMBLE_HEADING = re.compile(
    r"^[\W\d]*(?:[A-Z]{1,3}[.)]\s*)?(?:(?:purpose|scope|intent|background|authority)\b(?:\s+(?:and|&)\s+(?:scope|intent))?"
    # what a volume or a manual says of itself before its rules
    r"|(?:introduction|overview|preamble|(?:manual|volume|directive|policy) overview"
    r"|about this (?:volume|manual|directive|order|policy|chapter)|statement of principles?)\b)\W*$",
    re.IGNORECASE,
)
# "fails to act as required by subsection (1)", "does not comply with subdivision 2": a sentence that
# refers to an earlier part of its section reads its context from there, not only from its neighbours.
_CROSS_REFERENCE = re.compile(
    r"\b(?:required by|under|with|in|of)\s+(?:this\s+)?(?:sub)?(?:section|subdivision|paragraph)s?\s+\(?[\dA-Za-z]{1,4}\b",
    re.IGNORECASE,
)
CROSS_REFERENCE_WINDOW = 12
# "The duty to intervene is set out in full in § 320.5", "See G.O. 1.12 for the obligation to ...": a
# sentence that says where a rule is written, which the rule itself, when the document holds it, says better.
_WRITTEN_PART = r"(?:§|section|sec\.|policy|chapter|rule|article|appendix|g\.?\s?o\.?|general order|sop|directive)"
_POINTER = re.compile(
    r"\b(?:is|are)\s+(?:set\s+(?:out|forth)|described|detailed|found|addressed|covered|stated|contained|explained)"
    r"(?:\s+in\s+full)?\s+(?:in|under|at)\b"
    rf"|(?:^|[(;,.]\s*)see\s+(?:also\s+)?{_WRITTEN_PART}"
    # "is provided in GO 220.03", "is governed by Policy 1010": where another document holds the rule
    # or by the section's number alone ("Instruction in interceding is provided under P-10.3")
    rf"|\b(?:is|are)\s+(?:provided|given|governed|established|prescribed)\s+(?:in|under|by)\s+(?:the\s+)?"
    rf"(?:{_WRITTEN_PART}|(?:[a-z]{{1,4}}-)?\d{{1,4}}(?:\.\d{{1,3}})+\b)",
    re.IGNORECASE,
)
_AFFIRMED_QUESTION = re.compile(r"\?\s+yes\W*$", re.IGNORECASE)
_ANAPHORA = frozenset({"This", "These", "That", "Such", "It", "They"})
# "It is the responsibility of every deputy to ...", "It is required that ...": the "it" points ahead.
_EXPLETIVE_IT = re.compile(
    r"^It\s+(?:is|will\s+be|shall\s+be)\s+(?:the\s+(?:responsibility|duty|obligation|policy)|required|mandatory"
    r"|expected|necessary|incumbent|essential|imperative)\b"
)
_ANAPHORA_VERBS = frozenset("may shall will must should can include includes is are".split())


@dataclass(frozen=True)
class Found:
    """One piece of evidence with what ranks it: the sentence that decides a criterion comes first."""

    evidence: Evidence
    index: int  # the sentence's position in the document
    narrow: bool
    from_lead: bool
    self_contained: int
    context_groups: int
    binding: int = 1  # see judge.Judged.binding
    specific: bool = False  # see judge.Judged.specific

    @property
    def aside(self) -> int:
        """0 in the policy the criterion is about; 1 in a weapon's section, whose people were subjected to
        force; 2 in a section about something else (custody, public first aid, an FAQ, definitions)."""
        topic = self.evidence.topic
        return 0 if topic not in ASIDE_TOPICS else 1 if topic == "weapon" else 2

    @property
    def fragment(self) -> bool:
        """A sentence that starts in lower case was cut from its start by the extraction; one that
        opens with "This may include ..." leans on the sentence before it."""
        quote = self.evidence.quote
        words = quote.split()[:2]
        if _AFFIRMED_QUESTION.search(quote):
            return True  # an FAQ's question and its bare "Yes": the answer's own words say it better
        return (
            quote[:1].islower()
            or (
                len(words) == 2
                and words[0] in _ANAPHORA
                and words[1].lower() in _ANAPHORA_VERBS
                and not _EXPLETIVE_IT.match(quote)
            )
            # an outline's title with a full stop ("D. Resistance and Response Levels."): it names the
            # topic that the sentences under it state
            or is_run_in_title(quote)
        )

    @property
    def preamble(self) -> bool:
        """A purpose or scope section says what the policy covers ("to state the Department's training
        expectations"): the rule itself, where there is one, is the better quote."""
        return bool(_PREAMBLE_HEADING.match(self.evidence.section))

    @property
    def pointer(self) -> bool:
        return bool(_POINTER.search(self.evidence.quote))

    def sort_key(self) -> tuple:
        # Best grade; then a general duty over a narrow one, a rule over a purpose or overview section
        # (which only says what the rules cover, even beside an FAQ's answer), a rule over a sentence that
        # points to where it is written, a sentence in the policy the criterion is about over one in an
        # aside, a whole sentence over a fragment, one whose own modal binds over a list item's lead-in,
        # one that says the criterion in its own words (the rule's `specific` phrases) over a general
        # duty, one that states what it is about over one that leans on its headings, a modal that binds
        # an actor over one that names a duty or permits; then page order.
        return (
            -self.evidence.grade.rank,
            self.narrow,
            self.preamble,
            self.pointer,
            self.aside,
            self.fragment,
            self.from_lead,
            not self.specific,
            -self.self_contained,
            -self.binding,
            self.index,
        )


# Per rule id: the evidence found.
EvidenceFound = dict[str, list[Found]]


# A candidate to judge: its sentence, its rule, and the texts of the section's sentences before and after it.
_Pair = tuple[Sentence, Rule, list[str], list[str]]


def _pairs(doc_sentences: list[Sentence], rules: tuple[Rule, ...], candidates: tuple[Candidate, ...]) -> list[_Pair]:
    by_id = {rule.id: rule for rule in rules}
    pairs = []
    for i, rule_id in candidates:
        s, rule = doc_sentences[i], by_id[rule_id]
        window = rule.match.window
        if _CROSS_REFERENCE.search(s.text):
            window = max(window, CROSS_REFERENCE_WINDOW)
        before = _around(doc_sentences, s, window)
        after = _following(doc_sentences, s, rule.match.window_after)
        pairs.append((s, rule, before, after))
    return pairs


def _texts_of(pairs: list[_Pair]) -> list[str]:
    needed: list[str] = []
    for s, _, before, after in pairs:
        needed.extend((s.text, s.lead_in, *before, *after, s.section, s.chapter, s.top, s.title))
    return needed


def texts_for(ruleset: RuleSet) -> Texts:
    """An empty cache of tokenized texts for one document; see :func:`prime_texts`."""
    return Texts(compile_rules(tuple(ruleset)))


def prime_texts(
    texts: Texts, doc_sentences: list[Sentence], ruleset: RuleSet, candidates: tuple[Candidate, ...]
) -> None:
    """Tokenize now what judging these candidates will read. `check` does it as the sentences arrive
    from the reader, so that the two processes that grade inherit the tokens (and spaCy's vocabulary
    of the document) rather than each making its own. A sentence after the last one arrived is left for
    the grading."""
    texts.prime(_texts_of(_pairs(doc_sentences, tuple(ruleset), candidates)))


def collect_evidence(
    doc_sentences: list[Sentence],
    ruleset: RuleSet,
    candidates: tuple[Candidate, ...],
    texts: Texts | None = None,
) -> EvidenceFound:
    """Judge each candidate (sentence index, rule id); any share of a document's candidates may be
    judged apart (in another process) and the results merged with :func:`merge_evidence`. ``texts``:
    the document's texts tokenized so far (:func:`prime_texts`)."""
    compiled = compile_rules(tuple(ruleset))
    texts = texts if texts is not None else Texts(compiled)
    pairs = _pairs(doc_sentences, compiled.rules, candidates)
    texts.prime(_texts_of(pairs))

    evidence: EvidenceFound = {r.id: [] for r in ruleset}
    for s, rule, before, after in pairs:
        ctx = Context(
            sentence=s,
            hits=texts[s.text],
            lead=texts[s.lead_in] if s.lead_in else None,
            around=tuple(texts[t] for t in before),
            following=tuple(texts[t] for t in after),
            items=tuple(texts[t] for t in _items_of(doc_sentences, s)),
            rule=rule.id,
            headings=tuple(texts[t] for t in (s.section, s.chapter, s.top) if t),
            title=texts[s.title] if s.title else None,
        )
        judged = judge(rule, ctx)
        if judged is not None:
            evidence[rule.id].append(
                Found(
                    judged.evidence,
                    s.index,
                    judged.narrow,
                    judged.from_lead,
                    judged.self_contained,
                    len(rule.match.context),
                    binding=judged.binding,
                    specific=judged.specific,
                )
            )
    return evidence


_MOST_ITEMS = 12


def _items_of(doc_sentences: list[Sentence], s: Sentence) -> list[str]:
    """The items of the list of exceptions a sentence introduces ("... except:"), or, for an item, its
    siblings': only those lists are read with their items (judge.lists_exceptions)."""
    if not lists_exceptions(s):
        return []
    if s.text.rstrip().endswith(":"):
        lead, first = s.text, s.index + 1
    elif s.lead_in.rstrip().endswith(":"):
        lead, first = s.lead_in, s.index
        while first > 0 and s.index - first < _MOST_ITEMS and doc_sentences[first - 1].lead_in == lead:
            first -= 1
    else:
        return []
    found = []
    for item in doc_sentences[first : first + _MOST_ITEMS]:
        if item.lead_in != lead:
            break
        found.append(item.text)
    return found


def merge_evidence(*parts: EvidenceFound) -> EvidenceFound:
    merged: EvidenceFound = {}
    for part in parts:
        for rule_id, found in part.items():
            merged.setdefault(rule_id, []).extend(found)
    return merged


def findings_from(ruleset: RuleSet, evidence: EvidenceFound) -> tuple[Finding, ...]:
    return tuple(_finding(rule, list(evidence.get(rule.id, ()))) for rule in ruleset)


def _around(doc_sentences: list[Sentence], s: Sentence, window: int) -> list[str]:
    """The texts of the section's sentences among the ``window`` before ``s``. A run-in title between them
    ("Rule 7-14.5 Notice.") is read with them but does not count: it holds no context, and a manual that
    titles every rule would otherwise halve the window. At most ``window`` titles are passed over."""
    out: list[str] = []
    counted = titles = 0
    for prev in reversed(doc_sentences[: s.index]):
        if counted == window:
            break
        same = prev.passage == s.passage
        if same and titles < window and is_run_in_title(prev.text):
            titles += 1
        else:
            counted += 1
        if same:
            out.append(prev.text)
    return out[::-1]


def _following(doc_sentences: list[Sentence], s: Sentence, window: int) -> list[str]:
    return [nxt.text for nxt in doc_sentences[s.index + 1 : s.index + 1 + window] if nxt.passage == s.passage]


def _finding(rule: Rule, found: list[Found]) -> Finding:
    if not found:
        return Finding(rule.id, rule.scale, missing_grade(rule.scale), ())
    found.sort(key=Found.sort_key)
    seen: set[str] = set()
    best: list[Found] = []
    for item in found:
        if item.evidence.quote in seen:
            continue
        seen.add(item.evidence.quote)
        best.append(item)
        if len(best) == MAX_EVIDENCE:
            break
    head = best[0]
    scope = ("narrow" if head.narrow else "general") if rule.scale is Scale.OBLIGATION else ""
    evidence = tuple(item.evidence for item in best)
    value, value_text = finding_value(rule, evidence)
    return Finding(
        rule.id,
        rule.scale,
        head.evidence.grade,
        evidence,
        confidence=evidence_confidence(rule, head),
        scope=scope,
        value=value,
        value_text=value_text,
    )
